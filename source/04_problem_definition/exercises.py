"""The exercises of 04_problem_definition, each with its parts side by side, keyed by the grade id of its
answer cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook and
may use the setup cell's imports (pd, np, math, plt, dataclasses, ProjectCard)."""

_ML_FIT = '''def ml_fit(scenario):
    s = scenario
    if s["harmful_use"]:
        return ("no_ml", "unethical")
    if s["worst_error"] == "severe":
        return ("no_ml", "catastrophic_error")
    if s["random_outcome"]:
        return ("no_ml", "no_pattern")
    if s["must_explain"]:
        return ("rules", "must_explain")
    if s["rule_accuracy"] >= s["target_accuracy"]:
        return ("rules", "too_simple")
    if s["reuse_options"]:
        return ("reuse", s["reuse_options"][0])
    if s["labelled_examples"] < 1000:
        return ("no_ml", "no_data")
    if s["cases_per_month"] * s["saving_per_case"] <= s["model_cost_per_month"]:
        return ("rules", "cost_not_justified")
    return ("ml", None)'''

_STATEMENTS = '''def missing_parts(statement):
    s = statement
    missing = []
    if s["metric"] is None:
        missing.append("metric")
    if s["target"] is None:
        missing.append("target")
    if s["deadline"] is None and s["window"] is None:
        missing.append("deadline")
    if s["population"] is None:
        missing.append("population")
    return missing


def classify_statement(statement):
    s = statement
    if s["tool"] is not None:
        return "other"
    if not missing_parts(s):
        return "objective"
    if s["outcome"] is not None and s["metric"] is None and s["target"] is None:
        return "goal"
    return "other"'''

_GANTT = '''def plot_gantt(activities, sched, deadline, ax=None):
    if ax is None:
        fig, ax = plt.subplots()
    names = list(activities)
    critical = set(sched["critical_path"])
    ax.barh(names, [activities[a]["duration"] for a in names], left=[sched["start"][a] for a in names],
            color=["tab:red" if a in critical else "tab:gray" for a in names])
    ax.invert_yaxis()
    ax.axvline(deadline, color="black", linestyle="--")
    return ax'''


def _swap(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced once by ``new`` (``old`` must be there)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


_CARD = '''CARD = ProjectCard(
    problem="Customers stop ordering and nobody notices until they are gone for months.",
    goal="Keep more of Daon Market's customers buying so that revenue grows.",
    objectives=["Lower the 60-day churn rate from 51 % to 45 % by 31 December 2026.",
                "Recall of at least 0.70 at precision 0.40 on the held-out month before 1 September 2026."],
    label="1 when a customer's last order on or before the reference date is more than 60 days old, else 0.",
    metric="{metric}",
    baseline="baseline_predict",
    constraints=["Personal data only with a legal basis under PIPA."],
    risks=["Coupons may teach customers to wait for coupons.", "The label drifts when the shop changes."],
    data_sources={sources},
)'''

# the same card written in Korean (written answers may be in Korean or English)
_CARD_KO = '''CARD = ProjectCard(
    problem="고객이 주문을 멈춰도 몇 달이 지나서야 아무도 알아차리지 못합니다.",
    goal="다온마켓 고객이 계속 구매하게 해서 신규 고객 없이도 매출을 늘립니다.",
    objectives=["주문이 한 건 이상 있는 고객의 60일 이탈률을 2026년 12월 31일까지 51 %에서 45 %로 낮춘다.",
                "출시 전까지 홀드아웃 한 달 데이터에서 정밀도 0.40일 때 재현율 0.70 이상을 달성한다."],
    label="기준일 당일 포함 이전의 마지막 주문이 기준일보다 60일 넘게 지났으면 1, 아니면 0입니다.",
    metric="expected_cost",
    baseline="baseline_predict",
    constraints=["개인정보는 개인정보 보호법상 근거가 있을 때만 씁니다."],
    risks=["쿠폰 때문에 고객이 쿠폰을 기다리게 될 수 있습니다.", "쇼핑몰이 바뀌면 레이블이 달라집니다."],
    data_sources=["orders", "customers"],
)'''

# the same facts written differently, in English and in Korean: a deadline as a time limit or a quarter,
# the horizon as "60-day" or "60일" (Question 13 lists what counts)
_CARD_OTHER_WORDS = _swap(_swap(_swap(
    _CARD.replace("{metric}", "f1").replace("{sources}", '["orders", "customers"]'),
    '"Lower the 60-day churn rate from 51 % to 45 % by 31 December 2026."',
    '"Within 6 months, lower the 60-day churn rate from 51 % to 45 %."'),
    '"Recall of at least 0.70 at precision 0.40 on the held-out month before 1 September 2026."',
    '"Deliver the churn-risk list to the CRM team every Monday, on time for 95 % of the weeks."'),
    "1 when a customer's last order on or before the reference date is more than 60 days old, else 0.",
    "1 when the customer placed no order in the 60-day window that ends on the reference date, else 0.")
_CARD_KO_OTHER_WORDS = _swap(_swap(_swap(
    _CARD_KO,
    '"주문이 한 건 이상 있는 고객의 60일 이탈률을 2026년 12월 31일까지 51 %에서 45 %로 낮춘다."',
    '"앞으로 6개월 안에 60일 이탈률을 51 %에서 45 %로 낮춘다."'),
    '"출시 전까지 홀드아웃 한 달 데이터에서 정밀도 0.40일 때 재현율 0.70 이상을 달성한다."',
    '"3분기까지 홀드아웃 한 달 데이터에서 베이스라인의 기대 비용을 15 % 줄인다."'),
    "기준일 당일 포함 이전의 마지막 주문이 기준일보다 60일 넘게 지났으면 1, 아니면 0입니다.",
    "기준일로 끝나는 60일 동안 주문이 하나도 없으면 1, 아니면 0입니다.")

_Q7B_BODY = '''def coupon_targets(customers, budget_krw, coupon_krw):
    k = {k}
    ranked = customers.rename_axis("customer_id").reset_index()
    ranked = ranked.sort_values({by}, ascending={asc})
    top = ranked.head(min(k, len(customers)))
    hits = int(top["churned"].sum())
    churners = int(customers["churned"].sum())
    return {{"k": int(k), "targets": {targets},
            "precision": {precision},
            "recall": {recall}}}'''
_Q7B_RIGHT = dict(k="min(budget_krw // coupon_krw, len(customers))", by='["score", "customer_id"]',
                  asc="[False, True]", targets='[int(c) for c in top["customer_id"]]',
                  precision="hits / k if k > 0 else 0.0", recall="hits / churners if churners > 0 else 0.0")


def _q7b(**changes):
    """the solution's shape with one part changed (each wrong answer of Question 7b breaks one requirement)"""
    return _Q7B_BODY.format(**dict(_Q7B_RIGHT, **changes))


_Q8B_BODY = '''def sample_size_per_arm(p_control, lift, {defaults}):
    from statistics import NormalDist

    z = NormalDist().inv_cdf
    p_a, p_b = p_control, {p_b}
    variance = {variance}
    return {ceil}(({level} + {target}) ** 2 * variance / (p_b - p_a) ** 2)'''
_Q8B_RIGHT = dict(defaults="alpha=0.05, power=0.8", p_b="p_control + lift",
                  variance="p_a * (1 - p_a) + p_b * (1 - p_b)", ceil="math.ceil", level="z(1 - alpha / 2)",
                  target="z(power)")


def _q8b(**changes):
    """the solution's shape with one part changed (each wrong answer of Question 8b breaks one requirement)"""
    return _Q8B_BODY.format(**dict(_Q8B_RIGHT, **changes))


_Q10B_BODY = '''def campaign_list(customers, k):
    eligible = {eligible}
    ranked = eligible.rename_axis("customer_id").reset_index()
    ranked = ranked.sort_values({by}, ascending={asc})
    top = {top}
    hits = int(top["churned"].sum())
    return {{"targets": {targets},
            "precision": {precision}}}'''
_Q10B_RIGHT = dict(eligible='customers[customers["marketing_opt_in"]]', by='["score", "customer_id"]',
                   asc="[False, True]", top="ranked.head(k)", targets='[int(c) for c in top["customer_id"]]',
                   precision="hits / len(top) if len(top) > 0 else 0.0")


def _q10b(**changes):
    """the solution's shape with one part changed (each wrong answer of Question 10b breaks one requirement)"""
    return _Q10B_BODY.format(**dict(_Q10B_RIGHT, **changes))


EXERCISES = {
    "q1_ml_fit": {
        "domain": {'args': [{'dict': {'harmful_use': {'bool': None},
                            'worst_error': {'one_of': ['minor', 'costly', 'severe']},
                            'random_outcome': {'bool': None},
                            'reuse_options': {'list': {'one_of': ['pretrained_model', 'vendor_api', 'buy_data']},
                                              'min': 0, 'max': 3, 'unique': True},
                            'labelled_examples': {'one_of': [0, 999, 1000, 1001, 60000]},
                            'must_explain': {'bool': None},
                            'rule_accuracy': {'one_of': [0.6, 0.8, 0.9, 1.0]},
                            'target_accuracy': {'one_of': [0.8, 0.9, 1.0]},
                            'cases_per_month': {'int': [1, 50000]},
                            'saving_per_case': {'one_of': [100, 500, 1000]},
                            'model_cost_per_month': {'int': [0, 50000000]},
                            'idea': {'text': 'latin+hangul+space', 'max': 12}}}],
         'draws': 0,
         'inputs': 'every check alone and with every later one, each at its boundary (999/1000 examples, '
                   'equal accuracies, a saving equal to the cost); each reuse option alone, two options in '
                   'either order (any listed option is right)'},
        "hints": [
            "Write one `if` per check, in the order of the list, each returning its pair at once: the first check "
            "that applies decides, so a later check never sees a scenario an earlier one has decided.",
            "Read the boundaries twice: \"fewer than 1,000\" is `<`, \"at least\" is `>=`, \"at most\" is `<=`; "
            "the monthly saving is a product of two keys.",
            "`reuse_options` is a list: an empty list is falsy, and any of its strings is a right reason "
            "(`s[\"reuse_options\"][0]` will do). Reuse comes before the check of the labelled examples: a "
            "pre-trained model, an API or bought data needs no labels of our own.",
            "Return a tuple of two values; `\"ml\"` always goes with `None` (not the string `\"None\"`). "
            "`\"costly\"` is not `\"severe\"`.",
        ],
        "alternatives": [
            # a table of (check, answer) pairs, the first match wins; the last listed reuse option
            'def ml_fit(scenario):\n'
            '    s = scenario\n'
            '    saving = s["cases_per_month"] * s["saving_per_case"]\n'
            '    checklist = [\n'
            '        (s["harmful_use"], ("no_ml", "unethical")),\n'
            '        (s["worst_error"] == "severe", ("no_ml", "catastrophic_error")),\n'
            '        (s["random_outcome"], ("no_ml", "no_pattern")),\n'
            '        (s["must_explain"], ("rules", "must_explain")),\n'
            '        (s["target_accuracy"] <= s["rule_accuracy"], ("rules", "too_simple")),\n'
            '        (len(s["reuse_options"]) > 0, ("reuse", (s["reuse_options"] or [None])[-1])),\n'
            '        (not s["labelled_examples"] >= 1_000, ("no_ml", "no_data")),\n'
            '        (not saving > s["model_cost_per_month"], ("rules", "cost_not_justified")),\n'
            '    ]\n'
            '    return next((answer for applies, answer in checklist if applies), ("ml", None))',
            # one verdict group at a time; a preferred reuse option when it is listed
            'def ml_fit(scenario):\n'
            '    s = scenario\n'
            '    for key, reason in [("harmful_use", "unethical"), ("worst_error", "catastrophic_error"),\n'
            '                        ("random_outcome", "no_pattern")]:\n'
            '        value = s[key]\n'
            '        if (key == "worst_error" and value == "severe") or value is True:\n'
            '            return "no_ml", reason\n'
            '    if s["must_explain"]:\n'
            '        return "rules", "must_explain"\n'
            '    if s["rule_accuracy"] - s["target_accuracy"] >= 0:\n'
            '        return "rules", "too_simple"\n'
            '    for preferred in ("buy_data", "pretrained_model", "vendor_api"):\n'
            '        if preferred in s["reuse_options"]:\n'
            '            return "reuse", preferred\n'
            '    if s["labelled_examples"] < 1000:\n'
            '        return "no_ml", "no_data"\n'
            '    if s["model_cost_per_month"] - s["cases_per_month"] * s["saving_per_case"] >= 0:\n'
            '        return "rules", "cost_not_justified"\n'
            '    return "ml", None',
        ],
        "wrong": [
            # the verdict alone
            {"violates": "pair", "code": _ML_FIT + "\n\n\n_checklist = ml_fit\n\n\n"
                                                   "def ml_fit(scenario):\n    return _checklist(scenario)[0]"},
            # the pair as a list where the question asks for a tuple (issue 56: it got full marks)
            {"violates": "pair", "code": _swap(_swap(_swap(
                _ML_FIT, 'return ("ml", None)', 'return ["ml", None]'),
                'return ("rules", "too_simple")', 'return ["rules", "too_simple"]'),
                'return ("reuse", s["reuse_options"][0])', 'return ["reuse", s["reuse_options"][0]]')},
            # the harmful use forgotten: "it is legal, so it is a data question"
            {"violates": "unethical", "code": _swap(_ML_FIT, '    if s["harmful_use"]:\n'
                                                              '        return ("no_ml", "unethical")\n', '')},
            # every costly error taken for a catastrophe
            {"violates": "catastrophic",
             "code": _swap(_ML_FIT, 's["worst_error"] == "severe"', 's["worst_error"] in ("costly", "severe")')},
            # "there is a lot of past data" -> ML for the lottery
            {"violates": "no-pattern", "code": _swap(_ML_FIT, '    if s["random_outcome"]:\n'
                                                               '        return ("no_ml", "no_pattern")\n', '')},
            # the regulator's requirement forgotten
            {"violates": "must-explain", "code": _swap(_ML_FIT, '    if s["must_explain"]:\n'
                                                                 '        return ("rules", "must_explain")\n', '')},
            # a rule that reaches the target exactly sent to ML
            {"violates": "too-simple", "code": _swap(_ML_FIT, '>= s["target_accuracy"]', '> s["target_accuracy"]')},
            # never reuse: "we are ML engineers, we build it" (a pre-trained model or an API is still ML)
            {"violates": "reuse", "code": _swap(_ML_FIT, '    if s["reuse_options"]:\n'
                                                          '        return ("reuse", s["reuse_options"][0])\n', '')},
            # "no labels, no project": the labelled examples checked before reuse
            {"violates": "reuse", "code": _swap(
                _ML_FIT, '    if s["reuse_options"]:\n        return ("reuse", s["reuse_options"][0])\n'
                         '    if s["labelled_examples"] < 1000:\n        return ("no_ml", "no_data")\n',
                '    if s["labelled_examples"] < 1000:\n        return ("no_ml", "no_data")\n'
                '    if s["reuse_options"]:\n        return ("reuse", s["reuse_options"][0])\n')},
            # "an API does everything": vendor_api whenever something can be reused, listed or not
            {"violates": "reuse-listed", "code": _swap(_ML_FIT, 'return ("reuse", s["reuse_options"][0])',
                                                       'return ("reuse", "vendor_api")')},
            # "no data? buy some": buy_data for every idea without enough labels, though nothing is for sale
            {"violates": "reuse-listed", "code": _swap(_ML_FIT, 'return ("no_ml", "no_data")',
                                                       'return ("reuse", "buy_data")')},
            # 1,000 examples taken for too few
            {"violates": "no-data", "code": _swap(_ML_FIT, '< 1000', '<= 1000')},
            # a model that only pays for itself built anyway
            {"violates": "cost-not-justified", "code": _swap(_ML_FIT, '<= s["model_cost_per_month"]',
                                                            '< s["model_cost_per_month"]')},
            # the reason written as a string
            {"violates": "ml", "code": _swap(_ML_FIT, 'return ("ml", None)', 'return ("ml", "None")')},
            # "the regulator first": the explanation check moved before whether ML can learn
            {"violates": "order", "code": _swap(_swap(
                _ML_FIT, '    if s["must_explain"]:\n        return ("rules", "must_explain")\n', ''),
                '    if s["random_outcome"]:\n',
                '    if s["must_explain"]:\n        return ("rules", "must_explain")\n    if s["random_outcome"]:\n')},
            # the first version of the checklist: no reuse, the data checked before the rules
            {"violates": "order", "code":
            'def ml_fit(scenario):\n'
            '    s = scenario\n'
            '    if s["harmful_use"]:\n'
            '        return ("no_ml", "unethical")\n'
            '    if s["worst_error"] == "severe":\n'
            '        return ("no_ml", "catastrophic_error")\n'
            '    if s["random_outcome"]:\n'
            '        return ("no_ml", "no_pattern")\n'
            '    if s["labelled_examples"] < 1000:\n'
            '        return ("no_ml", "no_data")\n'
            '    if s["must_explain"]:\n'
            '        return ("rules", "must_explain")\n'
            '    if s["rule_accuracy"] >= s["target_accuracy"]:\n'
            '        return ("rules", "too_simple")\n'
            '    if s["reuse_options"]:\n'
            '        return ("reuse", s["reuse_options"][0])\n'
            '    if s["cases_per_month"] * s["saving_per_case"] <= s["model_cost_per_month"]:\n'
            '        return ("rules", "cost_not_justified")\n'
            '    return ("ml", None)'},
            # hard-coded to the visible tests
            'def ml_fit(scenario):\n'
            '    if scenario["rule_accuracy"] >= 1.0:\n'
            '        return ("rules", "too_simple")\n'
            '    if scenario["reuse_options"]:\n'
            '        return ("reuse", "vendor_api")\n'
            '    return ("ml", None)',
            # hard-coded to the twelve ideas of the notebook, by their text
            'KEY = {"A": ("ml", None), "B": ("rules", "too_simple"), "C": ("no_ml", "no_pattern"),\n'
            '       "D": ("no_ml", "no_data"), "E": ("no_ml", "catastrophic_error"), "F": ("rules", "must_explain"),\n'
            '       "G": ("rules", "cost_not_justified"), "H": ("no_ml", "unethical"), "I": ("ml", None),\n'
            '       "J": ("reuse", "vendor_api"), "K": ("reuse", "vendor_api"), "L": ("reuse", "buy_data")}\n\n\n'
            'def ml_fit(scenario):\n'
            '    for key, known in SCENARIOS.items():\n'
            '        if scenario.get("idea") == known["idea"]:\n'
            '            return KEY[key]\n'
            '    if scenario["rule_accuracy"] >= scenario["target_accuracy"]:\n'
            '        return ("rules", "too_simple")\n'
            '    if scenario["reuse_options"]:\n'
            '        return ("reuse", scenario["reuse_options"][0])\n'
            '    return ("ml", None)',
        ],
        "equivalent": [
            {"diff": "- return (\"reuse\", s[\"reuse_options\"][0])\n"
                     "+ return (\"reuse\", s[\"reuse_options\"][ -1])",
             "reason": "every option in reuse_options is a defensible answer and the question accepts any one of "
                       "them: the last is as right as the first"},
        ],
    },
    "q2_goal_objectives": {
        "domain": {'inputs': 'statements with each part missing, a zero target, a window instead of a deadline'},
        "hints": [
            "`missing_parts` is four separate tests, one per part, appended in the order of the list; test "
            "`is None`, not truthiness, so that a target of 0 counts.",
            "The deadline part is there when the statement has a deadline OR a window: it is missing only "
            "when both are `None`.",
            "In `classify_statement`, test the tool first, then call `missing_parts`: an empty list means an "
            "objective. A goal names an outcome and has neither a metric nor a target.",
        ],
        "alternatives": [
            # a dict of tests, the order from a list; the rules as one expression
            'PARTS = ["metric", "target", "deadline", "population"]\n\n\n'
            'def missing_parts(statement):\n'
            '    present = {"metric": statement["metric"] is not None, "target": statement["target"] is not None,\n'
            '               "deadline": any(statement[k] is not None for k in ("deadline", "window")),\n'
            '               "population": statement["population"] is not None}\n'
            '    return [part for part in PARTS if not present[part]]\n\n\n'
            'def classify_statement(statement):\n'
            '    if statement["tool"] is None and missing_parts(statement) == []:\n'
            '        return "objective"\n'
            '    is_goal = (statement["tool"] is None and statement["outcome"] is not None\n'
            '               and statement["metric"] is None and statement["target"] is None)\n'
            '    return "goal" if is_goal else "other"',
        ],
        "wrong": [
            # the missing parts in alphabetical order
            {"violates": "parts-order", "code": _swap(_STATEMENTS, '    return missing\n',
                                                      '    return sorted(missing)\n')},
            # truthiness: a target of 0 taken for no target
            {"violates": "zero-target", "code": _swap(_STATEMENTS, 'if s["target"] is None:', 'if not s["target"]:')},
            # a recurring window not counted as a deadline
            {"violates": "window-deadline", "code": _swap(_STATEMENTS, 'if s["deadline"] is None and s["window"] is None:',
                                                          'if s["deadline"] is None:')},
            # measurable first: a statement that prescribes a tool but has numbers becomes an objective
            {"violates": "tool-other", "code": _swap(_STATEMENTS, '''    if s["tool"] is not None:
        return "other"
    if not missing_parts(s):
        return "objective"''', '''    if not missing_parts(s):
        return "objective"
    if s["tool"] is not None:
        return "other"''')},
            # "a number and a date" only: the population forgotten for objectives
            {"violates": "objective", "code": _swap(_STATEMENTS, '    if not missing_parts(s):\n',
                                                    '    if not [p for p in missing_parts(s) if p != "population"]:\n')},
            # an outcome with a metric but no target still called the goal
            {"violates": "goal", "code": _swap(_STATEMENTS, ' and s["metric"] is None and s["target"] is None',
                                               ' and s["target"] is None')},
            # a vague objective with a metric kept among the objectives
            {"violates": "vague-other", "code": _swap(_STATEMENTS, '        return "goal"\n    return "other"',
                                                      '        return "goal"\n'
                                                      '    return "objective" if s["metric"] is not None else "other"')},
        ],
    },
    "q3_churn_label": {
        "domain": {'inputs': 'orders on, before and after the reference date, exactly the horizon before it',
         'data': {'stated': 'label-orders', 'cases': ['label-boundaries']}},
        "hints": [
            "Start by keeping only the orders with `order_date` on or before `ref_date` (convert both with "
            "`pd.to_datetime` / `pd.Timestamp`, or compare the ISO strings).",
            "Group by `customer_id` and take the `max()` of the order date: that is each customer's last known "
            "order. Every status counts.",
            "Subtract the last date from the reference date, take `.dt.days`, and compare with `> "
            "horizon_days` (strictly greater: exactly 60 days is not churned). Return ints (`.astype(int)`) "
            "indexed by customer_id.",
        ],
        "alternatives": [
            # plain Python with datetime, a dict turned into a Series
            'import datetime\n'
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    ref = datetime.date.fromisoformat(ref_date)\n'
            '    last = {}\n'
            '    for cid, day in zip(orders["customer_id"], orders["order_date"]):\n'
            '        day = datetime.date.fromisoformat(day)\n'
            '        if day <= ref:\n'
            '            last[cid] = max(day, last.get(cid, day))\n'
            '    return pd.Series({c: int((ref - d).days > horizon_days) for c, d in sorted(last.items())})',
            # ISO strings compare like dates; a cutoff date instead of a gap
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    cutoff = (pd.Timestamp(ref_date) - pd.Timedelta(days=horizon_days)).strftime("%Y-%m-%d")\n'
            '    last = orders.loc[orders["order_date"] <= ref_date].groupby("customer_id")["order_date"].max()\n'
            '    return pd.Series(np.where(last < cutoff, 1, 0), index=last.index, name="churn")',
        ],
        "wrong": [
            # off-by-one horizon: exactly 60 days counted as churned
            {"violates": "strict-horizon", "code":
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    ref = pd.Timestamp(ref_date)\n'
            '    d = pd.to_datetime(orders["order_date"])\n'
            '    last = orders.assign(order_date=d)[d <= ref].groupby("customer_id")["order_date"].max()\n'
            '    return ((ref - last).dt.days >= horizon_days).astype(int)'},
            # cancelled and refunded orders dropped (the definition counts any status)
            {"violates": "any-status", "code":
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    ref = pd.Timestamp(ref_date)\n'
            '    ok = orders[~orders["status"].isin(["cancelled", "refunded"])]\n'
            '    d = pd.to_datetime(ok["order_date"])\n'
            '    last = ok.assign(order_date=d)[d <= ref].groupby("customer_id")["order_date"].max()\n'
            '    return ((ref - last).dt.days > horizon_days).astype(int)'},
            # orders after the reference date leak into the label
            {"violates": "after-ref-ignored", "code":
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    ref = pd.Timestamp(ref_date)\n'
            '    last = pd.to_datetime(orders.groupby("customer_id")["order_date"].max())\n'
            '    return ((ref - last).dt.days > horizon_days).astype(int)'},
            # hard-coded to the visible toy table
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    return pd.Series({1: 0, 2: 0, 3: 1, 5: 0, 6: 1})',
            # the horizon argument ignored: always 60 days
            {"violates": "horizon-arg", "code":
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    ref = pd.Timestamp(ref_date)\n'
            '    d = pd.to_datetime(orders["order_date"])\n'
            '    last = orders.assign(order_date=d)[d <= ref].groupby("customer_id")["order_date"].max()\n'
            '    return ((ref - last).dt.days > 60).astype(int)'},
            # orders ON the reference date left out (strictly before)
            {"violates": "on-ref-date", "code":
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    ref = pd.Timestamp(ref_date)\n'
            '    d = pd.to_datetime(orders["order_date"])\n'
            '    last = orders.assign(order_date=d)[d < ref].groupby("customer_id")["order_date"].max()\n'
            '    return ((ref - last).dt.days > horizon_days).astype(int)'},
            # customers whose orders all come after ref_date labelled as churned
            {"violates": "only-ordered", "code":
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    ref = pd.Timestamp(ref_date)\n'
            '    d = pd.to_datetime(orders["order_date"])\n'
            '    last = orders.assign(order_date=d)[d <= ref].groupby("customer_id")["order_date"].max()\n'
            '    label = ((ref - last).dt.days > horizon_days).astype(int)\n'
            '    later = sorted(set(orders["customer_id"]) - set(label.index))\n'
            '    return pd.concat([label, pd.Series(1, index=later)]).sort_index()'},
            # a default horizon of 30 days
            {"violates": "default-60", "code":
            'def churn_label(orders, ref_date, horizon_days=30):\n'
            '    ref = pd.Timestamp(ref_date)\n'
            '    d = pd.to_datetime(orders["order_date"])\n'
            '    last = orders.assign(order_date=d)[d <= ref].groupby("customer_id")["order_date"].max()\n'
            '    return ((ref - last).dt.days > horizon_days).astype(int)'},
            # booleans instead of 0/1 ints
            {"violates": "ints", "code":
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    ref = pd.Timestamp(ref_date)\n'
            '    d = pd.to_datetime(orders["order_date"])\n'
            '    last = orders.assign(order_date=d)[d <= ref].groupby("customer_id")["order_date"].max()\n'
            '    return (ref - last).dt.days > horizon_days'},
            # a dict in the order the customers appear: the index is not sorted
            {"violates": "sorted-index", "code":
            'import datetime\n'
            'def churn_label(orders, ref_date, horizon_days=60):\n'
            '    ref = datetime.date.fromisoformat(ref_date)\n'
            '    last = {}\n'
            '    for cid, day in zip(orders["customer_id"], orders["order_date"]):\n'
            '        day = datetime.date.fromisoformat(day)\n'
            '        if day <= ref:\n'
            '            last[cid] = max(day, last.get(cid, day))\n'
            '    return pd.Series({c: int((ref - d).days > horizon_days) for c, d in last.items()})'},
        ],
    },
    "q4_baseline_predict": {
        "domain": {'inputs': 'recency and order counts at and either side of the thresholds',
         'data': {'stated': 'holdout', 'cases': ['scores']}},
        "hints": [
            "Work on whole columns at once: `features[\"recency_days\"] > recency_limit` is a boolean Series.",
            "Combine the two conditions with `|` (or), each condition in parentheses.",
            "Turn the booleans into 0/1 with `.astype(int)`; the index stays the one of `features`. Mind `>` "
            "versus `>=` and `<` versus `<=` as written in the question.",
        ],
        "alternatives": [
            'def baseline_predict(features, recency_limit=45, min_orders=2):\n'
            '    out = np.where((features.recency_days.values > recency_limit) | (features.n_orders.values < min_orders), 1, 0)\n'
            '    return pd.Series(out, index=features.index)',
            'def baseline_predict(features, recency_limit=45, min_orders=2):\n'
            '    return features.apply(lambda r: 1 if r["recency_days"] > recency_limit or r["n_orders"] < min_orders\n'
            '                          else 0, axis=1)',
        ],
        "wrong": [
            # >= instead of >
            {"violates": "strict-recency", "code":
            'def baseline_predict(features, recency_limit=45, min_orders=2):\n'
            '    return ((features["recency_days"] >= recency_limit) | (features["n_orders"] < min_orders)).astype(int)'},
            # "and" instead of "or"
            {"violates": "or", "code":
            'def baseline_predict(features, recency_limit=45, min_orders=2):\n'
            '    return ((features["recency_days"] > recency_limit) & (features["n_orders"] < min_orders)).astype(int)'},
            # <= at the order limit: exactly min_orders orders flagged
            {"violates": "strict-orders", "code":
            'def baseline_predict(features, recency_limit=45, min_orders=2):\n'
            '    return ((features["recency_days"] > recency_limit) | (features["n_orders"] <= min_orders)).astype(int)'},
            # recency_limit ignored: always 45 days
            {"violates": "recency-arg", "code":
            'def baseline_predict(features, recency_limit=45, min_orders=2):\n'
            '    return ((features["recency_days"] > 45) | (features["n_orders"] < min_orders)).astype(int)'},
            # min_orders ignored: always 2 orders
            {"violates": "orders-arg", "code":
            'def baseline_predict(features, recency_limit=45, min_orders=2):\n'
            '    return ((features["recency_days"] > recency_limit) | (features["n_orders"] < 2)).astype(int)'},
            # the 60-day horizon of the label taken as the default recency limit
            {"violates": "defaults", "code":
            'def baseline_predict(features, recency_limit=60, min_orders=2):\n'
            '    return ((features["recency_days"] > recency_limit) | (features["n_orders"] < min_orders)).astype(int)'},
            # a fresh 0..n-1 index
            {"violates": "same-index", "code":
            'def baseline_predict(features, recency_limit=45, min_orders=2):\n'
            '    flag = (features["recency_days"] > recency_limit) | (features["n_orders"] < min_orders)\n'
            '    return flag.astype(int).reset_index(drop=True)'},
            # booleans instead of 0/1 ints
            {"violates": "ints", "code":
            'def baseline_predict(features, recency_limit=45, min_orders=2):\n'
            '    return (features["recency_days"] > recency_limit) | (features["n_orders"] < min_orders)'},
        ],
    },
    "q5_binary_report": {
        "equivalent": [
            {"diff": "- pairs = list(zip(list(y_true), list(y_pred)))\n+ pairs = list(zip(list(y_true), tuple(y_pred)))",
             "reason": "pairs only feeds the counts, which zip and sum read the same from a list or a tuple"},
            {"diff": "- pairs = list(zip(list(y_true), list(y_pred)))\n+ pairs = list(zip(tuple(y_true), list(y_pred)))",
             "reason": "pairs only feeds the counts, which zip and sum read the same from a list or a tuple"},
            {"diff": "- pairs = list(zip(list(y_true), list(y_pred)))\n+ pairs = tuple(zip(list(y_true), list(y_pred)))",
             "reason": "pairs only feeds the counts, which zip and sum read the same from a list or a tuple"},
        ],
        "domain": {'inputs': 'lists, tuples and arrays; no predicted positive, no actual positive'},
        "hints": [
            "`zip(y_true, y_pred)` gives (truth, prediction) pairs; convert the inputs with `list(...)` first "
            "so arrays and Series behave the same.",
            "Count the four kinds of pairs: (1, 1) is TP, (0, 1) is FP, (1, 0) is FN, (0, 0) is TN. Then "
            "precision divides by everything you PREDICTED as 1, recall by everything that REALLY is 1.",
            "Recall is TP / (TP + FN), not FP / (FP + TN) (that is the false positive rate). Guard every "
            "division: if the denominator is 0, the value is 0.0.",
        ],
        "alternatives": [
            # NumPy boolean masks
            'def binary_report(y_true, y_pred):\n'
            '    t = np.asarray(y_true).astype(bool)\n'
            '    p = np.asarray(y_pred).astype(bool)\n'
            '    tp, fp = int((t & p).sum()), int((~t & p).sum())\n'
            '    fn, tn = int((t & ~p).sum()), int((~t & ~p).sum())\n'
            '    prec = tp / (tp + fp) if (tp + fp) > 0 else 0.0\n'
            '    rec = tp / (tp + fn) if (tp + fn) > 0 else 0.0\n'
            '    f1 = 0.0 if prec + rec == 0 else 2 * tp / (2 * tp + fp + fn)\n'
            '    return dict(tp=tp, fp=fp, fn=fn, tn=tn, precision=prec, recall=rec, f1=f1)',
            # a Counter of pairs
            'from collections import Counter\n'
            'def binary_report(y_true, y_pred):\n'
            '    c = Counter((int(a), int(b)) for a, b in zip(list(y_true), list(y_pred)))\n'
            '    tp, fp, fn, tn = c[(1, 1)], c[(0, 1)], c[(1, 0)], c[(0, 0)]\n'
            '    def div(a, b):\n'
            '        return a / b if b else 0.0\n'
            '    p, r = div(tp, tp + fp), div(tp, tp + fn)\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p, "recall": r, "f1": div(2 * p * r, p + r)}',
        ],
        "wrong": [
            # FPR where recall was asked for
            {"violates": "recall", "code":
            'def binary_report(y_true, y_pred):\n'
            '    pairs = list(zip(list(y_true), list(y_pred)))\n'
            '    tp = sum(t == 1 and p == 1 for t, p in pairs); fp = sum(t == 0 and p == 1 for t, p in pairs)\n'
            '    fn = sum(t == 1 and p == 0 for t, p in pairs); tn = sum(t == 0 and p == 0 for t, p in pairs)\n'
            '    precision = tp / (tp + fp) if tp + fp else 0.0\n'
            '    recall = fp / (fp + tn) if fp + tn else 0.0\n'
            '    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}'},
            # no guard: ZeroDivisionError when nothing is predicted as 1
            'def binary_report(y_true, y_pred):\n'
            '    pairs = list(zip(list(y_true), list(y_pred)))\n'
            '    tp = sum(t == 1 and p == 1 for t, p in pairs); fp = sum(t == 0 and p == 1 for t, p in pairs)\n'
            '    fn = sum(t == 1 and p == 0 for t, p in pairs); tn = sum(t == 0 and p == 0 for t, p in pairs)\n'
            '    precision, recall = tp / (tp + fp), tp / (tp + fn)\n'
            '    f1 = 2 * precision * recall / (precision + recall)\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}',
            # precision and recall swapped
            'def binary_report(y_true, y_pred):\n'
            '    pairs = list(zip(list(y_true), list(y_pred)))\n'
            '    tp = sum(t == 1 and p == 1 for t, p in pairs); fp = sum(t == 0 and p == 1 for t, p in pairs)\n'
            '    fn = sum(t == 1 and p == 0 for t, p in pairs); tn = sum(t == 0 and p == 0 for t, p in pairs)\n'
            '    recall = tp / (tp + fp) if tp + fp else 0.0\n'
            '    precision = tp / (tp + fn) if tp + fn else 0.0\n'
            '    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}',
            # accuracy where precision was asked for
            {"violates": "precision", "code":
            'def binary_report(y_true, y_pred):\n'
            '    pairs = list(zip(list(y_true), list(y_pred)))\n'
            '    tp = sum(t == 1 and p == 1 for t, p in pairs); fp = sum(t == 0 and p == 1 for t, p in pairs)\n'
            '    fn = sum(t == 1 and p == 0 for t, p in pairs); tn = sum(t == 0 and p == 0 for t, p in pairs)\n'
            '    precision = (tp + tn) / len(pairs)\n'
            '    recall = tp / (tp + fn) if tp + fn else 0.0\n'
            '    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}'},
            # the arithmetic mean of P and R instead of the harmonic mean
            {"violates": "f1", "code":
            'def binary_report(y_true, y_pred):\n'
            '    pairs = list(zip(list(y_true), list(y_pred)))\n'
            '    tp = sum(t == 1 and p == 1 for t, p in pairs); fp = sum(t == 0 and p == 1 for t, p in pairs)\n'
            '    fn = sum(t == 1 and p == 0 for t, p in pairs); tn = sum(t == 0 and p == 0 for t, p in pairs)\n'
            '    precision = tp / (tp + fp) if tp + fp else 0.0\n'
            '    recall = tp / (tp + fn) if tp + fn else 0.0\n'
            '    f1 = (precision + recall) / 2\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}'},
            # no guard on precision (nothing predicted as 1)
            {"violates": "zero-precision", "code":
            'def binary_report(y_true, y_pred):\n'
            '    pairs = list(zip(list(y_true), list(y_pred)))\n'
            '    tp = sum(t == 1 and p == 1 for t, p in pairs); fp = sum(t == 0 and p == 1 for t, p in pairs)\n'
            '    fn = sum(t == 1 and p == 0 for t, p in pairs); tn = sum(t == 0 and p == 0 for t, p in pairs)\n'
            '    precision = tp / (tp + fp)\n'
            '    recall = tp / (tp + fn) if tp + fn else 0.0\n'
            '    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}'},
            # no guard on recall (no real churner)
            {"violates": "zero-recall", "code":
            'def binary_report(y_true, y_pred):\n'
            '    pairs = list(zip(list(y_true), list(y_pred)))\n'
            '    tp = sum(t == 1 and p == 1 for t, p in pairs); fp = sum(t == 0 and p == 1 for t, p in pairs)\n'
            '    fn = sum(t == 1 and p == 0 for t, p in pairs); tn = sum(t == 0 and p == 0 for t, p in pairs)\n'
            '    precision = tp / (tp + fp) if tp + fp else 0.0\n'
            '    recall = tp / (tp + fn)\n'
            '    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}'},
            # no guard on F1 (P + R = 0)
            {"violates": "zero-f1", "code":
            'def binary_report(y_true, y_pred):\n'
            '    pairs = list(zip(list(y_true), list(y_pred)))\n'
            '    tp = sum(t == 1 and p == 1 for t, p in pairs); fp = sum(t == 0 and p == 1 for t, p in pairs)\n'
            '    fn = sum(t == 1 and p == 0 for t, p in pairs); tn = sum(t == 0 and p == 0 for t, p in pairs)\n'
            '    precision = tp / (tp + fp) if tp + fp else 0.0\n'
            '    recall = tp / (tp + fn) if tp + fn else 0.0\n'
            '    f1 = 2 * precision * recall / (precision + recall)\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}'},
            # the int 0 when undefined
            {"violates": "floats", "code":
            'def binary_report(y_true, y_pred):\n'
            '    pairs = list(zip(list(y_true), list(y_pred)))\n'
            '    tp = sum(t == 1 and p == 1 for t, p in pairs); fp = sum(t == 0 and p == 1 for t, p in pairs)\n'
            '    fn = sum(t == 1 and p == 0 for t, p in pairs); tn = sum(t == 0 and p == 0 for t, p in pairs)\n'
            '    precision = tp / (tp + fp) if tp + fp else 0\n'
            '    recall = tp / (tp + fn) if tp + fn else 0\n'
            '    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}'},
            # float counts from float arrays
            {"violates": "counts", "code":
            'def binary_report(y_true, y_pred):\n'
            '    t, p = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)\n'
            '    tp, fp = float((t * p).sum()), float(((1 - t) * p).sum())\n'
            '    fn, tn = float((t * (1 - p)).sum()), float(((1 - t) * (1 - p)).sum())\n'
            '    precision = tp / (tp + fp) if tp + fp else 0.0\n'
            '    recall = tp / (tp + fn) if tp + fn else 0.0\n'
            '    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}'},
            # pandas comparisons: two Series are paired by index, not by position
            {"violates": "sequences", "code":
            'def binary_report(y_true, y_pred):\n'
            '    t, p = pd.Series(y_true), pd.Series(y_pred)\n'
            '    tp, fp = int(((t == 1) & (p == 1)).sum()), int(((t == 0) & (p == 1)).sum())\n'
            '    fn, tn = int(((t == 1) & (p == 0)).sum()), int(((t == 0) & (p == 0)).sum())\n'
            '    precision = tp / (tp + fp) if tp + fp else 0.0\n'
            '    recall = tp / (tp + fn) if tp + fn else 0.0\n'
            '    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0\n'
            '    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall, "f1": f1}'},
        ],
    },
    "q6_expected_cost": {
        "domain": {'inputs': 'scores equal to the threshold', 'data': {'stated': 'holdout', 'cases': ['scores']}},
        "hints": [
            "Turn the scores into predictions first: flagged = score >= threshold (a score equal to the "
            "threshold is flagged).",
            "A false positive is flagged but y_true is 0; a false negative is not flagged but y_true is 1. "
            "NumPy arrays and `&`, `~` make this one line each.",
            "Multiply each count by its own cost (FP by cost_fp, FN by cost_fn), add, and divide by the number "
            "of customers: the mean, not the total.",
        ],
        "alternatives": [
            'def expected_cost(y_true, scores, threshold, cost_fp, cost_fn):\n'
            '    total, n = 0, 0\n'
            '    for y, s in zip(list(y_true), list(scores)):\n'
            '        n += 1\n'
            '        if s >= threshold and y == 0:\n'
            '            total += cost_fp\n'
            '        elif s < threshold and y == 1:\n'
            '            total += cost_fn\n'
            '    return total / n',
        ],
        "wrong": [
            # > instead of >= at the threshold
            {"violates": "inclusive-threshold", "code":
            'def expected_cost(y_true, scores, threshold, cost_fp, cost_fn):\n'
            '    y, s = np.asarray(y_true), np.asarray(scores)\n'
            '    fp = np.sum((s > threshold) & (y == 0)); fn = np.sum((s <= threshold) & (y == 1))\n'
            '    return float((fp * cost_fp + fn * cost_fn) / len(y))'},
            # the total, not the mean per customer
            {"violates": "mean", "code":
            'def expected_cost(y_true, scores, threshold, cost_fp, cost_fn):\n'
            '    y, s = np.asarray(y_true), np.asarray(scores)\n'
            '    fp = np.sum((s >= threshold) & (y == 0)); fn = np.sum((s < threshold) & (y == 1))\n'
            '    return float(fp * cost_fp + fn * cost_fn)'},
            # the two costs swapped
            {"violates": "costs", "code":
            'def expected_cost(y_true, scores, threshold, cost_fp, cost_fn):\n'
            '    y, s = np.asarray(y_true), np.asarray(scores)\n'
            '    fp = np.sum((s >= threshold) & (y == 0)); fn = np.sum((s < threshold) & (y == 1))\n'
            '    return float((fp * cost_fn + fn * cost_fp) / len(y))'},
            # rounded to whole won: an int, not a float
            {"violates": "float", "code":
            'def expected_cost(y_true, scores, threshold, cost_fp, cost_fn):\n'
            '    y, s = np.asarray(y_true), np.asarray(scores)\n'
            '    fp = np.sum((s >= threshold) & (y == 0)); fn = np.sum((s < threshold) & (y == 1))\n'
            '    return round(float((fp * cost_fp + fn * cost_fn) / len(y)))'},
        ],
        "equivalent": [
            {"diff": "- fn = int(np.sum(~flagged & (y == 1)))\n+ fn = round(np.sum(~flagged & (y == 1)))",
             "reason": "round() of a numpy integer without ndigits returns the same Python int as int()"},
            {"diff": "- fp = int(np.sum(flagged & (y == 0)))\n+ fp = round(np.sum(flagged & (y == 0)))",
             "reason": "round() of a numpy integer without ndigits returns the same Python int as int()"},
            {
                "diff": "- fp = int(np.sum(flagged & (y == 0)))\n"
                        "+ fp = (np.sum(flagged & (y == 0)))",
                "reason": "the count only feeds the cost, which is computed and returned as float(...): a "
                          "numpy integer there gives the same float",
            },
            {
                "diff": "- fn = int(np.sum(~flagged & (y == 1)))\n"
                        "+ fn = (np.sum(~flagged & (y == 1)))",
                "reason": "the count only feeds the cost, which is computed and returned as float(...): a "
                          "numpy integer there gives the same float",
            },
            {
                "diff": "- return float((fp * cost_fp + fn * cost_fn) / len(y))\n"
                        "+ return ((fp * cost_fp + fn * cost_fn) / len(y))",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
        ],
    },
    "q7_best_threshold": {
        "domain": {'inputs': 'the default grid and given thresholds in any order, ties at the lowest cost',
         'data': {'stated': 'holdout', 'cases': ['scores']}},
        "hints": [
            "Loop over the candidate thresholds and compute the cost of each one (your `expected_cost` does "
            "it).",
            "Keep the threshold with the lowest cost seen so far. Use the default list `[i / 100 for i in "
            "range(101)]` when `thresholds` is None.",
            "For ties, the highest threshold must win: visit thresholds in increasing order and replace the "
            "best one when the cost is lower OR EQUAL (`<=`).",
        ],
        "alternatives": [
            # reuse expected_cost; max() over (-cost, threshold) picks the highest among ties
            'def best_threshold(y_true, scores, cost_fp, cost_fn, thresholds=None):\n'
            '    grid = [i / 100 for i in range(101)] if thresholds is None else list(thresholds)\n'
            '    return max(grid, key=lambda t: (-expected_cost(y_true, scores, t, cost_fp, cost_fn), t))',
        ],
        "wrong": [
            # ties go to the lowest threshold
            {"violates": "ties-highest", "code":
            'def best_threshold(y_true, scores, cost_fp, cost_fn, thresholds=None):\n'
            '    grid = [i / 100 for i in range(101)] if thresholds is None else list(thresholds)\n'
            '    return min(grid, key=lambda t: (expected_cost(y_true, scores, t, cost_fp, cost_fn), t))'},
            # the "natural" threshold, whatever the costs
            {"violates": "lowest-cost", "code":
            'def best_threshold(y_true, scores, cost_fp, cost_fn, thresholds=None):\n'
            '    return 0.5'},
            # the thresholds argument ignored: always the default grid
            {"violates": "given-thresholds", "code":
            'def best_threshold(y_true, scores, cost_fp, cost_fn, thresholds=None):\n'
            '    grid = [i / 100 for i in range(101)]\n'
            '    return max(grid, key=lambda t: (-expected_cost(y_true, scores, t, cost_fp, cost_fn), t))'},
            # the two costs swapped
            {"violates": "costs", "code":
            'def best_threshold(y_true, scores, cost_fp, cost_fn, thresholds=None):\n'
            '    grid = [i / 100 for i in range(101)] if thresholds is None else list(thresholds)\n'
            '    return max(grid, key=lambda t: (-expected_cost(y_true, scores, t, cost_fn, cost_fp), t))'},
            # its own cost with score > threshold (not as expected_cost)
            {"violates": "inclusive-threshold", "code":
            'def best_threshold(y_true, scores, cost_fp, cost_fn, thresholds=None):\n'
            '    grid = [i / 100 for i in range(101)] if thresholds is None else list(thresholds)\n'
            '    y, s = np.asarray(y_true), np.asarray(scores)\n'
            '    def cost(t):\n'
            '        return (np.sum((s > t) & (y == 0)) * cost_fp + np.sum((s <= t) & (y == 1)) * cost_fn) / len(y)\n'
            '    return float(max(grid, key=lambda t: (-cost(t), t)))'},
            # the given thresholds walked in the given order with <=: the last of a tie in that order, not the
            # highest (issue 56: no hidden case had unsorted thresholds with a tie)
            {"violates": "given-thresholds", "code":
            'def best_threshold(y_true, scores, cost_fp, cost_fn, thresholds=None):\n'
            '    if thresholds is None:\n'
            '        thresholds = [i / 100 for i in range(101)]\n'
            '    best, best_cost = None, math.inf\n'
            '    for t in thresholds:\n'
            '        cost = expected_cost(y_true, scores, t, cost_fp, cost_fn)\n'
            '        if cost <= best_cost:\n'
            '            best, best_cost = float(t), cost\n'
            '    return best'},
            # range(100): the default grid stops at 0.99
            {"violates": "default-grid", "code":
            'def best_threshold(y_true, scores, cost_fp, cost_fn, thresholds=None):\n'
            '    grid = [i / 100 for i in range(100)] if thresholds is None else list(thresholds)\n'
            '    return max(grid, key=lambda t: (-expected_cost(y_true, scores, t, cost_fp, cost_fn), t))'},
        ],
        "equivalent": [
            {
                "diff": "- cost = (np.sum(flagged & (y == 0)) * cost_fp + np.sum(~flagged & (y == 1)) * "
                        "cost_fn) / len(y)\n"
                        "+ cost = (np.sum(flagged & (y == 0)) * cost_fp + np.sum(~flagged & (y == 1)) * "
                        "cost_fn) * len(y)",
                "reason": "multiplies every threshold's total cost by n instead of dividing it: the same "
                          "positive scaling keeps the cheapest thresholds and their ties",
            },
            {
                "diff": "- best, best_cost = float(t), cost\n"
                        "+ best, best_cost = (t), cost",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
        ],
    },
    "q7b_coupon_targets": {
        "domain": {"inputs": "ties at the cut with each tie's rows listed by decreasing customer_id, budgets that "
                             "buy no coupon or fall between two whole numbers of coupons (three quarters of the "
                             "way to the next), exactly one and more than one coupon per customer, every or no "
                             "customer churned, a held-out month in shuffled order"},
        "hints": [
            "First k: how many whole coupons the budget buys is an integer division, `budget_krw // coupon_krw`; "
            "then it can never be more than the number of customers.",
            "Rank the customers with one sort on two keys: the score, highest first, then the customer_id, "
            "smallest first. `reset_index()` turns the index into a column, and `sort_values` takes a list of "
            "columns with a list of `ascending` flags.",
            "precision@k divides the churners among the k by k, recall@k by the churners of the whole table; "
            "guard both against a denominator of 0, and turn the ids into Python ints (`.tolist()`, or `int(...)` "
            "for each).",
        ],
        "alternatives": [
            # plain Python: sorted() with a key tuple (minus the score, then the id)
            'def coupon_targets(customers, budget_krw, coupon_krw):\n'
            '    rows = sorted(zip(customers.index, customers["score"], customers["churned"]),\n'
            '                  key=lambda r: (-r[1], r[0]))\n'
            '    k = min(budget_krw // coupon_krw, len(rows))\n'
            '    top = rows[:k]\n'
            '    hits = sum(1 for _, _, y in top if y == 1)\n'
            '    churners = sum(1 for _, _, y in rows if y == 1)\n'
            '    return {"k": k, "targets": [int(c) for c, _, _ in top],\n'
            '            "precision": hits / k if k else 0.0, "recall": hits / churners if churners else 0.0}',
            # numpy: lexsort on (id, -score), the last key first
            'def coupon_targets(customers, budget_krw, coupon_krw):\n'
            '    ids = customers.index.to_numpy()\n'
            '    y = customers["churned"].to_numpy()\n'
            '    order = np.lexsort((ids, -customers["score"].to_numpy()))\n'
            '    k = int(min(budget_krw // coupon_krw, len(ids)))\n'
            '    hits, churners = int(y[order[:k]].sum()), int(y.sum())\n'
            '    return {"k": k, "targets": ids[order[:k]].tolist(),\n'
            '            "precision": float(hits / k) if k else 0.0,\n'
            '            "recall": float(hits / churners) if churners else 0.0}',
            # pandas: sort the index first, then a stable sort on the score keeps the ids in order within a tie
            'def coupon_targets(customers, budget_krw, coupon_krw):\n'
            '    k = min(budget_krw // coupon_krw, customers.shape[0])\n'
            '    top = customers.sort_index().sort_values("score", ascending=False, kind="stable").iloc[:k]\n'
            '    churners = int((customers["churned"] == 1).sum())\n'
            '    hits = int((top["churned"] == 1).sum())\n'
            '    return {"k": int(k), "targets": top.index.tolist(),\n'
            '            "precision": hits / k if k else 0.0, "recall": hits / churners if churners else 0.0}',
        ],
        "wrong": [
            {"violates": "k-floor", "code": _q7b(k="round(budget_krw / coupon_krw)")},
            {"violates": "k-clipped", "code": _q7b(k="budget_krw // coupon_krw")},
            {"violates": "highest-first", "code": _q7b(asc="[True, True]")},
            {"violates": "ties-smaller-id", "code": _q7b(asc="[False, False]")},
            # no tie rule: the rows' own order decides a tie
            {"violates": "ties-smaller-id", "code": _q7b(by='"score"', asc="False")},
            {"violates": "targets-order", "code": _q7b(targets='sorted(int(c) for c in top["customer_id"])')},
            # precision over all the customers, not over the k
            {"violates": "precision-at-k", "code": _q7b(precision="hits / len(customers)")},
            # recall divided by k: the precision again
            {"violates": "recall-at-k", "code": _q7b(recall="hits / k if k > 0 else 0.0")},
            {"violates": "zero-k", "code": _q7b(precision="hits / k")},
            {"violates": "no-churner", "code": _q7b(recall="hits / churners")},
            # a numpy array of numpy integers, not a list of ints
            {"violates": "types", "code": _q7b(targets='top["customer_id"].to_numpy()')},
            # the visible answers returned as constants
            'def coupon_targets(customers, budget_krw, coupon_krw):\n'
            '    if len(customers) == 6:\n'
            '        return {"k": 3, "targets": [104, 103, 105], "precision": 2 / 3, "recall": 2 / 3}\n'
            '    return {"k": 125, "targets": customers.sort_values("score", ascending=False).index[:125].tolist(),\n'
            '            "precision": 84 / 125, "recall": 84 / 151}',
        ],
        "equivalent": [
            {"diff": '- hits = int(top["churned"].sum())\n+ hits = (top["churned"].sum())',
             "reason": "a numpy integer divided by an int is a numpy.float64, a subclass of float with the same "
                       "value: precision and recall are the same floats"},
            {"diff": '- churners = int(customers["churned"].sum())\n+ churners = (customers["churned"].sum())',
             "reason": "a numpy integer divided by an int is a numpy.float64, a subclass of float with the same "
                       "value: recall is the same float"},
            {"diff": '- hits = int(top["churned"].sum())\n+ hits = round(top["churned"].sum())',
             "reason": "round() of a numpy integer without ndigits returns the same Python int as int()"},
            {"diff": '- churners = int(customers["churned"].sum())\n+ churners = round(customers["churned"].sum())',
             "reason": "round() of a numpy integer without ndigits returns the same Python int as int()"},
            {"diff": '- return {"k": int(k), "targets": [int(c) for c in top["customer_id"]],\n'
                     '+ return {"k": (k), "targets": [int(c) for c in top["customer_id"]],',
             "reason": "k is already a Python int: the min of an int division of two ints and len()"},
            {"diff": '- return {"k": int(k), "targets": [int(c) for c in top["customer_id"]],\n'
                     '+ return {"k": int(k), "targets": [(c) for c in top["customer_id"]],',
             "reason": "iterating over a pandas Series of int64 yields Python ints already"},
        ],
    },
    "q8_two_proportion_ztest": {
        "domain": {'inputs': 'p-values at alpha, alpha given and default, either sign of the difference'},
        "hints": [
            "Compute the two retention rates and the pooled rate (all retained divided by all customers) first.",
            "The standard error uses the pooled rate for both groups: sqrt(p (1 - p) (1/n_a + 1/n_b)). z is "
            "B's rate minus A's, divided by it.",
            "The p-value is two-sided: 2 * (1 - Phi(abs(z))), with Phi written with `math.erf` as in the "
            "worked example. `reject_null` is `p_value < alpha`, as a real `bool`.",
        ],
        "alternatives": [
            # erfc gives the two-sided tail directly
            'def two_proportion_ztest(x_a, n_a, x_b, n_b, alpha=0.05):\n'
            '    p = (x_a + x_b) / (n_a + n_b)\n'
            '    z = (x_b / n_b - x_a / n_a) / math.sqrt(p * (1 - p) * (n_a + n_b) / (n_a * n_b))\n'
            '    pv = math.erfc(abs(z) / math.sqrt(2))\n'
            '    return {"z": z, "p_value": pv, "reject_null": pv < alpha}',
        ],
        "wrong": [
            # one-sided p-value
            {"violates": "two-sided", "code":
            'def two_proportion_ztest(x_a, n_a, x_b, n_b, alpha=0.05):\n'
            '    p = (x_a + x_b) / (n_a + n_b)\n'
            '    z = (x_b / n_b - x_a / n_a) / math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))\n'
            '    pv = 1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2)))\n'
            '    return {"z": z, "p_value": pv, "reject_null": pv < alpha}'},
            # unpooled standard error
            {"violates": "pooled", "code":
            'def two_proportion_ztest(x_a, n_a, x_b, n_b, alpha=0.05):\n'
            '    pa, pb = x_a / n_a, x_b / n_b\n'
            '    z = (pb - pa) / math.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)\n'
            '    pv = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))\n'
            '    return {"z": z, "p_value": pv, "reject_null": pv < alpha}'},
            # abs() forgotten: a negative z gives a p-value above 1
            {"violates": "abs-z", "code":
            'def two_proportion_ztest(x_a, n_a, x_b, n_b, alpha=0.05):\n'
            '    p = (x_a + x_b) / (n_a + n_b)\n'
            '    z = (x_b / n_b - x_a / n_a) / math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))\n'
            '    pv = 2 * (1 - 0.5 * (1 + math.erf(z / math.sqrt(2))))\n'
            '    return {"z": z, "p_value": pv, "reject_null": pv < alpha}'},
            # A minus B
            {"violates": "sign", "code":
            'def two_proportion_ztest(x_a, n_a, x_b, n_b, alpha=0.05):\n'
            '    p = (x_a + x_b) / (n_a + n_b)\n'
            '    z = (x_a / n_a - x_b / n_b) / math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))\n'
            '    pv = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))\n'
            '    return {"z": z, "p_value": pv, "reject_null": pv < alpha}'},
            # <= alpha
            {"violates": "strict-alpha", "code":
            'def two_proportion_ztest(x_a, n_a, x_b, n_b, alpha=0.05):\n'
            '    p = (x_a + x_b) / (n_a + n_b)\n'
            '    z = (x_b / n_b - x_a / n_a) / math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))\n'
            '    pv = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))\n'
            '    return {"z": z, "p_value": pv, "reject_null": pv <= alpha}'},
            # alpha ignored: always 5 %
            {"violates": "alpha-arg", "code":
            'def two_proportion_ztest(x_a, n_a, x_b, n_b, alpha=0.05):\n'
            '    p = (x_a + x_b) / (n_a + n_b)\n'
            '    z = (x_b / n_b - x_a / n_a) / math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))\n'
            '    pv = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))\n'
            '    return {"z": z, "p_value": pv, "reject_null": pv < 0.05}'},
            # a default alpha of 10 %
            {"violates": "default-alpha", "code":
            'def two_proportion_ztest(x_a, n_a, x_b, n_b, alpha=0.1):\n'
            '    p = (x_a + x_b) / (n_a + n_b)\n'
            '    z = (x_b / n_b - x_a / n_a) / math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))\n'
            '    pv = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))\n'
            '    return {"z": z, "p_value": pv, "reject_null": pv < alpha}'},
            # 0/1 instead of a bool
            {"violates": "bool", "code":
            'def two_proportion_ztest(x_a, n_a, x_b, n_b, alpha=0.05):\n'
            '    p = (x_a + x_b) / (n_a + n_b)\n'
            '    z = (x_b / n_b - x_a / n_a) / math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))\n'
            '    pv = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))\n'
            '    return {"z": z, "p_value": pv, "reject_null": int(pv < alpha)}'},
        ],
        "equivalent": [
            {
                "diff": "- return {\"z\": z, \"p_value\": p_value, \"reject_null\": bool(p_value < alpha)}\n"
                        "+ return {\"z\": z, \"p_value\": p_value, \"reject_null\": (p_value < alpha)}",
                "reason": "p_value is a Python float, so p_value < alpha is already a bool",
            },
        ],
    },
    "q8b_sample_size_per_arm": {
        "domain": {"inputs": "control rates 0.05 to 0.95, lifts of 0.01 to 0.15 of either sign with the treated rate "
                             "strictly between 0 and 1, the default alpha and power and others (alpha 0.01, 0.05, "
                             "0.1; power 0.6 to 0.95); never an unrounded n within 1e-6 of a whole number"},
        "hints": [
            "Write the formula's pieces one by one: p_b = p_control + lift, the variance p_a (1 - p_a) + p_b (1 - p_b), "
            "and the two quantiles with `NormalDist().inv_cdf`. The lift may be negative: p_b is then below "
            "p_control, and the squared difference keeps n positive, so the lift needs no abs, sqrt or log.",
            "Two-sided means that α is split between the two tails: the level's quantile is at 1 - alpha / 2. The "
            "power's quantile is at power itself, and the two are added before squaring.",
            "A sample size is rounded up, never down: `math.ceil` of the whole expression, which also gives an int.",
        ],
        "alternatives": [
            # scipy's quantiles and the lift itself as the difference
            'def sample_size_per_arm(p_control, lift, alpha=0.05, power=0.8):\n'
            '    from scipy.stats import norm\n'
            '    p_b = p_control + lift\n'
            '    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)\n'
            '    return math.ceil(z * z * (p_control * (1 - p_control) + p_b * (1 - p_b)) / lift ** 2)',
            # the smallest n whose power reaches the target, found by counting up from the formula's floor
            'def sample_size_per_arm(p_control, lift, alpha=0.05, power=0.8):\n'
            '    from statistics import NormalDist\n'
            '    nd = NormalDist()\n'
            '    p_b = p_control + lift\n'
            '    sd = math.sqrt(p_control * (1 - p_control) + p_b * (1 - p_b))\n'
            '    level, target = nd.inv_cdf(1 - alpha / 2), nd.inv_cdf(power)\n'
            '    n = max(1, int(((level + target) * sd / lift) ** 2) - 1)\n'
            '    while abs(lift) * math.sqrt(n) / sd - level < target:\n'
            '        n += 1\n'
            '    return n',
        ],
        "wrong": [
            {"violates": "two-sided", "code": _q8b(level="z(1 - alpha)")},
            {"violates": "power-quantile", "code": _q8b(target="0")},
            {"violates": "ceil", "code": _q8b(ceil="math.floor")},
            {"violates": "ceil", "code": _q8b(ceil="round")},
            {"violates": "absolute-lift", "code": _q8b(p_b="p_control * (1 + lift)")},
            {"violates": "both-variances", "code": _q8b(variance="2 * p_a * (1 - p_a)")},
            # p_B above p_control whatever the sign of the lift
            {"violates": "negative-lift", "code": _q8b(p_b="p_control + abs(lift)")},
            # a lift assumed positive: refused with ValueError when it is negative
            {"violates": "negative-lift",
             "code": _q8b().replace("    from statistics", "    if lift <= 0:\n"
                                                           "        raise ValueError('lift must be positive')\n"
                                                           "    from statistics", 1)},
            {"violates": "alpha-arg", "code": _q8b(level="1.959963984540054")},
            {"violates": "power-arg", "code": _q8b(target="0.8416212335729143")},
            {"violates": "defaults", "code": _q8b(defaults="alpha=0.05, power=0.9")},
            # numpy's ceil: a float
            {"violates": "int", "code": _q8b(ceil="np.ceil")},
            # the visible answers returned as constants
            'def sample_size_per_arm(p_control, lift, alpha=0.05, power=0.8):\n'
            '    return 2750 if alpha == 0.05 else 730',
        ],
    },
    "q9_rank_projects": {
        "domain": {
            "args": [{"dict_of": [{"text": "latin+hangul", "min": 1, "max": 5},
                                  {"dict": {"a": {"int": [1, 5]}, "b": {"int": [1, 5]}, "c": {"int": [1, 5]},
                                            "unused": {"int": [1, 5]}}}], "min": 1, "max": 9},
                     {"dict": {"a": {"int": [1, 3]}, "b": {"int": [1, 3]}, "c": {"int": [0, 3]}}}],
            "boundaries": [
                # one project; two that round to the same 4.997 from 14990/3000 and 14991/3000; a four-way tie
                [{"solo": {"a": 3, "b": 1, "c": 1, "unused": 5}}, {"a": 2, "b": 1, "c": 0}],
                [{"b-churn": {"a": 5, "b": 5, "c": 2, "unused": 1}, "a-search": {"a": 5, "b": 4, "c": 4, "unused": 1},
                  "c-ads": {"a": 5, "b": 5, "c": 5, "unused": 1}, "d-ocr": {"a": 4, "b": 5, "c": 5, "unused": 1}},
                 {"a": 2990, "b": 7, "c": 3}],
                [{"검색": {"a": 3, "b": 4, "c": 1, "unused": 1}, "m-bot": {"a": 4, "b": 3, "c": 1, "unused": 5},
                  "k-ads": {"a": 1, "b": 5, "c": 2, "unused": 2}, "c-fc": {"a": 4, "b": 3, "c": 1, "unused": 3}},
                 {"a": 1, "b": 1, "c": 1}],
            ],
            "draws": 8,
            "inputs": "ties of rounded scores (and of unrounded ones), criteria outside the weights, one project",
        },
        "hints": [
            "First compute each project's score: the sum of weight times score over the criteria in `weights`, "
            "divided by the sum of the weights, then `round(..., 3)`.",
            "Sort by two keys at once: `key=lambda r: (-score, name)` puts the highest score first and orders "
            "ties by name.",
            "Walk through the sorted list: a row gets the rank of the row before it if its score is equal, "
            "else its own position + 1 (so 1, 2, 2, 4, not 1, 2, 2, 3).",
        ],
        "alternatives": [
            # pandas: rank(method="min") is competition ranking
            'def rank_projects(projects, weights):\n'
            '    df = pd.DataFrame(projects).T[list(weights)]\n'
            '    w = pd.Series(weights)\n'
            '    score = ((df * w).sum(axis=1) / w.sum()).round(3)\n'
            '    score = score.map(lambda x: round(float(x), 3))\n'
            '    out = pd.DataFrame({"name": score.index, "score": score.values})\n'
            '    out = out.sort_values(["score", "name"], ascending=[False, True])\n'
            '    out["rank"] = out["score"].rank(method="min", ascending=False).astype(int)\n'
            '    return [(int(r), str(n), float(s)) for r, n, s in zip(out["rank"], out["name"], out["score"])]',
        ],
        "wrong": [
            # ranks decided on the unrounded scores: 4.99667 and 4.997 both show as 4.997 but get ranks 2 and 3
            # (issue 56, written twice by independent examiners)
            {"violates": "competition-ties", "code":
            'def rank_projects(projects, weights):\n'
            '    total = sum(weights.values())\n'
            '    raw = {name: sum(w * scores[k] for k, w in weights.items()) / total for name, scores in projects.items()}\n'
            '    names = sorted(raw, key=lambda n: (-raw[n], n))\n'
            '    out = []\n'
            '    for i, n in enumerate(names):\n'
            '        rank = out[-1][0] if i and raw[names[i - 1]] == raw[n] else i + 1\n'
            '        out.append((rank, n, round(raw[n], 3)))\n'
            '    return out'},
            # dense ranking 1, 2, 2, 3
            {"violates": "competition-ties", "code":
            'def rank_projects(projects, weights):\n'
            '    total = sum(weights.values())\n'
            '    rows = sorted(((round(sum(w * s[k] for k, w in weights.items()) / total, 3), n)\n'
            '                   for n, s in projects.items()), key=lambda r: (-r[0], r[1]))\n'
            '    distinct = sorted({s for s, _ in rows}, reverse=True)\n'
            '    return [(distinct.index(s) + 1, n, s) for s, n in rows]'},
            # ties left in input order and the plain (unweighted) mean
            'def rank_projects(projects, weights):\n'
            '    rows = sorted(((round(sum(s[k] for k in weights) / len(weights), 3), n) for n, s in projects.items()),\n'
            '                  key=lambda r: -r[0])\n'
            '    out = []\n'
            '    for i, (s, n) in enumerate(rows):\n'
            '        out.append((out[-1][0] if out and out[-1][2] == s else i + 1, n, s))\n'
            '    return out',
            # the plain mean: weights ignored
            {"violates": "weighted-mean", "code":
            'def rank_projects(projects, weights):\n'
            '    scored = sorted(((round(sum(s[k] for k in weights) / len(weights), 3), n) for n, s in projects.items()),\n'
            '                    key=lambda r: (-r[0], r[1]))\n'
            '    out = []\n'
            '    for i, (s, n) in enumerate(scored):\n'
            '        out.append((out[-1][0] if out and out[-1][2] == s else i + 1, n, s))\n'
            '    return out'},
            # the score not rounded
            {"violates": "rounded", "code":
            'def rank_projects(projects, weights):\n'
            '    total = sum(weights.values())\n'
            '    scored = sorted(((sum(w * s[k] for k, w in weights.items()) / total, n) for n, s in projects.items()),\n'
            '                    key=lambda r: (-r[0], r[1]))\n'
            '    out = []\n'
            '    for i, (s, n) in enumerate(scored):\n'
            '        out.append((out[-1][0] if out and out[-1][2] == s else i + 1, n, s))\n'
            '    return out'},
            # lowest score first
            {"violates": "highest-first", "code":
            'def rank_projects(projects, weights):\n'
            '    total = sum(weights.values())\n'
            '    scored = sorted(((round(sum(w * s[k] for k, w in weights.items()) / total, 3), n)\n'
            '                     for n, s in projects.items()))\n'
            '    out = []\n'
            '    for i, (s, n) in enumerate(scored):\n'
            '        out.append((out[-1][0] if out and out[-1][2] == s else i + 1, n, s))\n'
            '    return out'},
            # ties left in the order of the input dict
            {"violates": "ties-by-name", "code":
            'def rank_projects(projects, weights):\n'
            '    total = sum(weights.values())\n'
            '    scored = sorted(((round(sum(w * s[k] for k, w in weights.items()) / total, 3), n)\n'
            '                     for n, s in projects.items()), key=lambda r: -r[0])\n'
            '    out = []\n'
            '    for i, (s, n) in enumerate(scored):\n'
            '        out.append((out[-1][0] if out and out[-1][2] == s else i + 1, n, s))\n'
            '    return out'},
            # lists instead of tuples
            {"violates": "tuples", "code":
            'def rank_projects(projects, weights):\n'
            '    total = sum(weights.values())\n'
            '    scored = sorted(((round(sum(w * s[k] for k, w in weights.items()) / total, 3), n)\n'
            '                     for n, s in projects.items()), key=lambda r: (-r[0], r[1]))\n'
            '    out = []\n'
            '    for i, (s, n) in enumerate(scored):\n'
            '        out.append([out[-1][0] if out and out[-1][2] == s else i + 1, n, s])\n'
            '    return out'},
        ],
    },
    "q10_feasibility_review": {
        "domain": {'inputs': 'each check at and either side of its bound'},
        "hints": [
            "Write one boolean condition per row of the table, each meaning \"this check FAILS\".",
            "Keep the check names in a list in the order of the table and collect those whose condition is "
            "True.",
            "Read the limits carefully: exactly as many rows as needed, a label accuracy of exactly 0.9 and "
            "exactly as many weeks as available all pass.",
        ],
        "alternatives": [
            'FAILS = {\n'
            '    "duplicate": lambda p: p["duplicates_existing"],\n'
            '    "data_quantity": lambda p: not p["rows_available"] >= p["rows_needed"],\n'
            '    "data_quality": lambda p: not p["label_accuracy"] >= 0.9,\n'
            '    "legal": lambda p: p["legal_basis"] is False,\n'
            '    "licensing": lambda p: p["licences_ok"] is False,\n'
            '    "timeline": lambda p: p["weeks_available"] < p["weeks_needed"],\n'
            '}\n'
            'def feasibility_review(project):\n'
            '    return [name for name, test in FAILS.items() if test(project)]',
        ],
        "wrong": [
            # <= at the data limit: exactly enough rows counted as a failure
            {"violates": "quantity-bound", "code":
            'def feasibility_review(project):\n'
            '    out = []\n'
            '    if project["duplicates_existing"]: out.append("duplicate")\n'
            '    if project["rows_available"] <= project["rows_needed"]: out.append("data_quantity")\n'
            '    if project["label_accuracy"] < 0.9: out.append("data_quality")\n'
            '    if not project["legal_basis"]: out.append("legal")\n'
            '    if not project["licences_ok"]: out.append("licensing")\n'
            '    if project["weeks_needed"] > project["weeks_available"]: out.append("timeline")\n'
            '    return out'},
            # sorted alphabetically instead of the table's order
            {"violates": "table-order", "code":
            'def feasibility_review(project):\n'
            '    out = set()\n'
            '    if project["duplicates_existing"]: out.add("duplicate")\n'
            '    if project["rows_available"] < project["rows_needed"]: out.add("data_quantity")\n'
            '    if project["label_accuracy"] < 0.9: out.add("data_quality")\n'
            '    if not project["legal_basis"]: out.add("legal")\n'
            '    if not project["licences_ok"]: out.add("licensing")\n'
            '    if project["weeks_needed"] > project["weeks_available"]: out.add("timeline")\n'
            '    return sorted(out)'},
            # the licensing check forgotten
            {"violates": "six-checks", "code":
            'def feasibility_review(project):\n'
            '    out = []\n'
            '    if project["duplicates_existing"]: out.append("duplicate")\n'
            '    if project["rows_available"] < project["rows_needed"]: out.append("data_quantity")\n'
            '    if project["label_accuracy"] < 0.9: out.append("data_quality")\n'
            '    if not project["legal_basis"]: out.append("legal")\n'
            '    if project["weeks_needed"] > project["weeks_available"]: out.append("timeline")\n'
            '    return out'},
            # an accuracy of exactly 0.9 counted as a failure
            {"violates": "quality-bound", "code":
            'def feasibility_review(project):\n'
            '    out = []\n'
            '    if project["duplicates_existing"]: out.append("duplicate")\n'
            '    if project["rows_available"] < project["rows_needed"]: out.append("data_quantity")\n'
            '    if project["label_accuracy"] <= 0.9: out.append("data_quality")\n'
            '    if not project["legal_basis"]: out.append("legal")\n'
            '    if not project["licences_ok"]: out.append("licensing")\n'
            '    if project["weeks_needed"] > project["weeks_available"]: out.append("timeline")\n'
            '    return out'},
            # exactly enough weeks counted as a failure
            {"violates": "timeline-bound", "code":
            'def feasibility_review(project):\n'
            '    out = []\n'
            '    if project["duplicates_existing"]: out.append("duplicate")\n'
            '    if project["rows_available"] < project["rows_needed"]: out.append("data_quantity")\n'
            '    if project["label_accuracy"] < 0.9: out.append("data_quality")\n'
            '    if not project["legal_basis"]: out.append("legal")\n'
            '    if not project["licences_ok"]: out.append("licensing")\n'
            '    if project["weeks_needed"] >= project["weeks_available"]: out.append("timeline")\n'
            '    return out'},
            # None instead of an empty list when everything passes
            {"violates": "go", "code":
            'def feasibility_review(project):\n'
            '    out = []\n'
            '    if project["duplicates_existing"]: out.append("duplicate")\n'
            '    if project["rows_available"] < project["rows_needed"]: out.append("data_quantity")\n'
            '    if project["label_accuracy"] < 0.9: out.append("data_quality")\n'
            '    if not project["legal_basis"]: out.append("legal")\n'
            '    if not project["licences_ok"]: out.append("licensing")\n'
            '    if project["weeks_needed"] > project["weeks_available"]: out.append("timeline")\n'
            '    return out or None'},
        ],
    },
    "q10b_campaign_list": {
        "domain": {"data": {"stated": "holdout", "cases": ["opted-out-at-the-top"]},
                   "inputs": "customers who did not opt in at the top of the ranking and inside ties, ties at the cut "
                             "among consenting customers with each tie's rows listed by decreasing customer_id, k = 0, "
                             "k = 1, k equal to and larger than the number of consenting customers, k equal to the "
                             "number of customers, nobody and everybody opted in, a held-out month in shuffled order"},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`campaign_list`",
            "forging": "the targets and the precision are compared with the judge's own",
        },
        "hints": [
            "Consent first: keep only the rows whose `marketing_opt_in` is True (a boolean column selects rows "
            "directly: `customers[customers[\"marketing_opt_in\"]]`), and only then rank and cut. A customer "
            "who did not opt in must not take the place of one who did.",
            "Rank with one sort on two keys, as in Question 7b: the score, highest first, then the customer_id, "
            "smallest first. `head(k)` and slicing `[:k]` never fail when k is larger than the number of rows.",
            "precision divides the churners on the list by the length of the list, not by k: fewer than k "
            "customers can be on it. Guard the empty list (0.0), and turn the ids into Python ints.",
        ],
        "alternatives": [
            # plain Python: the consenting rows as tuples, sorted() on (minus the score, the id)
            'def campaign_list(customers, k):\n'
            '    rows = [(-s, int(c), int(y)) for c, s, y, ok in zip(customers.index, customers["score"],\n'
            '                                                         customers["churned"], customers["marketing_opt_in"])\n'
            '            if ok]\n'
            '    chosen = sorted(rows)[:k]\n'
            '    sent = len(chosen)\n'
            '    return {"targets": [c for _, c, _ in chosen],\n'
            '            "precision": sum(y for _, _, y in chosen) / sent if sent else 0.0}',
            # pandas: sort the index first, then a stable sort on the score keeps the ids in order within a tie
            'def campaign_list(customers, k):\n'
            '    ok = customers.loc[customers["marketing_opt_in"] == True]\n'
            '    top = ok.sort_index().sort_values("score", ascending=False, kind="stable").iloc[:k]\n'
            '    if top.empty:\n'
            '        return {"targets": [], "precision": 0.0}\n'
            '    return {"targets": top.index.tolist(), "precision": float(top["churned"].mean())}',
            # numpy: lexsort on (id, -score) over the consenting rows
            'def campaign_list(customers, k):\n'
            '    mask = customers["marketing_opt_in"].to_numpy(dtype=bool)\n'
            '    ids = customers.index.to_numpy()[mask]\n'
            '    y = customers["churned"].to_numpy()[mask]\n'
            '    order = np.lexsort((ids, -customers["score"].to_numpy()[mask]))[:k]\n'
            '    n = len(order)\n'
            '    return {"targets": [int(i) for i in ids[order]],\n'
            '            "precision": float(y[order].sum() / n) if n > 0 else 0.0}',
        ],
        "wrong": [
            # the score alone: consent ignored
            {"violates": "consent", "code": _q10b(eligible="customers")},
            # the top k of everybody first, then the customers who did not opt in dropped: fewer coupons than k
            {"violates": "consent-before-cut", "code": _q10b(
                eligible="customers", top='ranked.head(k)[ranked.head(k)["marketing_opt_in"]]')},
            {"violates": "highest-first", "code": _q10b(asc="[True, True]")},
            {"violates": "ties-smaller-id", "code": _q10b(asc="[False, False]")},
            # no tie rule: the rows' own order decides a tie
            {"violates": "ties-smaller-id", "code": _q10b(by='"score"', asc="False")},
            {"violates": "targets-order", "code": _q10b(targets='sorted(int(c) for c in top["customer_id"])')},
            # k rows taken one by one: an IndexError when k is larger than the consenting customers
            {"violates": "k-beyond-eligible", "code": _q10b(top="ranked.iloc[[i for i in range(k)]]")},
            {"violates": "empty-list", "code": _q10b(precision="hits / len(top)")},
            # precision@k divided by k, also when fewer coupons were sent
            {"violates": "precision-sent", "code": _q10b(precision="hits / k if k > 0 else 0.0")},
            # a numpy array of numpy integers, not a list of ints
            {"violates": "types", "code": _q10b(targets='top["customer_id"].to_numpy()')},
            # the caller's table sorted in place (its rows in another order afterwards)
            {"violates": "unchanged", "code":
                'def campaign_list(customers, k):\n'
                '    customers.rename_axis("customer_id", inplace=True)\n'
                '    customers.sort_values(["score", "customer_id"], ascending=[False, True], inplace=True)\n'
                '    top = customers[customers["marketing_opt_in"]].head(k)\n'
                '    return {"targets": [int(c) for c in top.index],\n'
                '            "precision": float(top["churned"].mean()) if len(top) else 0.0}'},
            # a helper column written into the caller's table for the sort
            {"violates": "unchanged", "code":
                'def campaign_list(customers, k):\n'
                '    customers["minus_score"] = -customers["score"]\n'
                '    eligible = customers[customers["marketing_opt_in"]]\n'
                '    ranked = eligible.rename_axis("customer_id").reset_index()\n'
                '    top = ranked.sort_values(["minus_score", "customer_id"]).head(k)\n'
                '    hits = int(top["churned"].sum())\n'
                '    return {"targets": [int(c) for c in top["customer_id"]],\n'
                '            "precision": hits / len(top) if len(top) > 0 else 0.0}'},
            # the customers who did not opt in dropped from the caller's table
            {"violates": "unchanged", "code":
                'def campaign_list(customers, k):\n'
                '    customers.drop(customers.index[~customers["marketing_opt_in"]], inplace=True)\n'
                '    ranked = customers.rename_axis("customer_id").reset_index()\n'
                '    top = ranked.sort_values(["score", "customer_id"], ascending=[False, True]).head(k)\n'
                '    hits = int(top["churned"].sum())\n'
                '    return {"targets": [int(c) for c in top["customer_id"]],\n'
                '            "precision": hits / len(top) if len(top) > 0 else 0.0}'},
            # the scores of the customers who did not opt in overwritten in the caller's table, to sink them
            {"violates": "unchanged", "code":
                'def campaign_list(customers, k):\n'
                '    customers.loc[~customers["marketing_opt_in"], "score"] = -1.0\n'
                '    order = sorted(zip(-customers["score"], customers.index, customers["churned"]))\n'
                '    n = min(k, int(customers["marketing_opt_in"].sum()))\n'
                '    chosen = order[:n]\n'
                '    return {"targets": [int(c) for _, c, _ in chosen],\n'
                '            "precision": sum(int(y) for _, _, y in chosen) / n if n else 0.0}'},
            # the visible answers returned as constants
            'def campaign_list(customers, k):\n'
            '    if len(customers) == 6:\n'
            '        return {"targets": [105, 107], "precision": 0.5} if k == 2 else \\\n'
            '            {"targets": [105, 107, 101, 102], "precision": 0.25}\n'
            '    ok = customers[customers["marketing_opt_in"]]\n'
            '    return {"targets": ok.sort_values("score", ascending=False).index[:100].tolist(), "precision": 0.66}',
        ],
        "equivalent": [
            {"diff": '- hits = int(top["churned"].sum())\n+ hits = (top["churned"].sum())',
             "reason": "a numpy integer divided by an int is a numpy.float64, a subclass of float with the same "
                       "value: precision is the same float"},
            {"diff": '- hits = int(top["churned"].sum())\n+ hits = round(top["churned"].sum())',
             "reason": "round() of a numpy integer without ndigits returns the same Python int as int()"},
            {"diff": '- return {"targets": [int(c) for c in top["customer_id"]],\n'
                     '+ return {"targets": [(c) for c in top["customer_id"]],',
             "reason": "iterating over a pandas Series of int64 yields Python ints already"},
        ],
    },
    "q11_schedule": {
        "domain": {'inputs': 'plans in any order, several critical chains, unknown predecessors, cycles'},
        "hints": [
            "Check first that every name in every `after` list is a key of `activities`; raise `ValueError` "
            "naming it if not.",
            "Compute start and finish in a topological order, as in the worked example: an activity is ready "
            "when all its predecessors have a finish. If no activity is ready but some are left, there is a "
            "cycle: raise ValueError instead of looping forever.",
            "For the critical path, start from an activity that finishes last and walk backwards, each time to "
            "the predecessor whose finish equals the current activity's start (the longest branch, not simply "
            "the first one listed), then reverse.",
        ],
        "alternatives": [
            # Kahn's algorithm, then latest times and zero slack for the critical path
            'from collections import deque\n'
            'def schedule(activities):\n'
            '    succ = {a: [] for a in activities}\n'
            '    indeg = {a: 0 for a in activities}\n'
            '    for a, spec in activities.items():\n'
            '        for p in spec["after"]:\n'
            '            if p not in activities:\n'
            '                raise ValueError(f"unknown predecessor {p} of {a}")\n'
            '            succ[p].append(a)\n'
            '            indeg[a] += 1\n'
            '    queue = deque(a for a in activities if indeg[a] == 0)\n'
            '    order = []\n'
            '    while queue:\n'
            '        a = queue.popleft()\n'
            '        order.append(a)\n'
            '        for b in succ[a]:\n'
            '            indeg[b] -= 1\n'
            '            if indeg[b] == 0:\n'
            '                queue.append(b)\n'
            '    if len(order) != len(activities):\n'
            '        raise ValueError("cycle: " + ", ".join(a for a in activities if a not in order))\n'
            '    es, ef = {}, {}\n'
            '    for a in order:\n'
            '        es[a] = max([ef[p] for p in activities[a]["after"]] or [0])\n'
            '        ef[a] = es[a] + activities[a]["duration"]\n'
            '    end = max(ef.values())\n'
            '    lf = {}\n'
            '    for a in reversed(order):\n'
            '        lf[a] = min([lf[b] - activities[b]["duration"] for b in succ[a]] or [end])\n'
            '    crit = [a for a in order if lf[a] == ef[a]]\n'
            '    path = [next(a for a in crit if not activities[a]["after"])]\n'
            '    while ef[path[-1]] != end:\n'
            '        path.append(next(b for b in succ[path[-1]] if b in crit and es[b] == ef[path[-1]]))\n'
            '    return {"start": es, "finish": ef, "duration": end, "critical_path": path}',
        ],
        "wrong": [
            # the critical path follows the FIRST predecessor listed, ignoring a longer branch
            {"violates": "critical-longest", "code":
            'def schedule(activities):\n'
            '    for a, spec in activities.items():\n'
            '        for p in spec["after"]:\n'
            '            if p not in activities:\n'
            '                raise ValueError(f"unknown predecessor {p}")\n'
            '    start, finish = {}, {}\n'
            '    while len(start) < len(activities):\n'
            '        ready = [a for a in activities if a not in start and all(p in finish for p in activities[a]["after"])]\n'
            '        if not ready:\n'
            '            raise ValueError("cycle")\n'
            '        for a in ready:\n'
            '            start[a] = max([finish[p] for p in activities[a]["after"]] or [0])\n'
            '            finish[a] = start[a] + activities[a]["duration"]\n'
            '    path = [max(finish, key=finish.get)]\n'
            '    while activities[path[0]]["after"]:\n'
            '        path.insert(0, activities[path[0]]["after"][0])\n'
            '    return {"start": start, "finish": finish, "duration": max(finish.values()), "critical_path": path}'},
            # recursion without cycle detection: a cycle ends in RecursionError, not ValueError
            {"violates": "cycle-error", "code":
            'def schedule(activities):\n'
            '    def es(a):\n'
            '        return max([es(p) + activities[p]["duration"] for p in activities[a]["after"]] or [0])\n'
            '    for a, spec in activities.items():\n'
            '        for p in spec["after"]:\n'
            '            if p not in activities:\n'
            '                raise ValueError(f"unknown predecessor {p}")\n'
            '    start = {a: es(a) for a in activities}\n'
            '    finish = {a: start[a] + activities[a]["duration"] for a in activities}\n'
            '    path = [max(finish, key=finish.get)]\n'
            '    while activities[path[0]]["after"]:\n'
            '        a = path[0]\n'
            '        path.insert(0, max(activities[a]["after"], key=finish.get))\n'
            '    return {"start": start, "finish": finish, "duration": max(finish.values()), "critical_path": path}'},
            # the start is the finish of the FIRST predecessor listed
            {"violates": "earliest-times", "code":
            'def schedule(activities):\n'
            '    for a, spec in activities.items():\n'
            '        for p in spec["after"]:\n'
            '            if p not in activities:\n'
            '                raise ValueError(f"unknown predecessor {p}")\n'
            '    start, finish = {}, {}\n'
            '    while len(start) < len(activities):\n'
            '        ready = [a for a in activities if a not in start and all(p in finish for p in activities[a]["after"])]\n'
            '        if not ready:\n'
            '            raise ValueError("cycle")\n'
            '        for a in ready:\n'
            '            start[a] = finish[activities[a]["after"][0]] if activities[a]["after"] else 0\n'
            '            finish[a] = start[a] + activities[a]["duration"]\n'
            '    path = [max(finish, key=finish.get)]\n'
            '    while activities[path[0]]["after"]:\n'
            '        a = path[0]\n'
            '        path.insert(0, max(activities[a]["after"], key=finish.get))\n'
            '    return {"start": start, "finish": finish, "duration": max(finish.values()), "critical_path": path}'},
            # the duration is the sum of all durations
            {"violates": "duration", "code":
            'def schedule(activities):\n'
            '    for a, spec in activities.items():\n'
            '        for p in spec["after"]:\n'
            '            if p not in activities:\n'
            '                raise ValueError(f"unknown predecessor {p}")\n'
            '    start, finish = {}, {}\n'
            '    while len(start) < len(activities):\n'
            '        ready = [a for a in activities if a not in start and all(p in finish for p in activities[a]["after"])]\n'
            '        if not ready:\n'
            '            raise ValueError("cycle")\n'
            '        for a in ready:\n'
            '            start[a] = max([finish[p] for p in activities[a]["after"]] or [0])\n'
            '            finish[a] = start[a] + activities[a]["duration"]\n'
            '    path = [max(finish, key=finish.get)]\n'
            '    while activities[path[0]]["after"]:\n'
            '        a = path[0]\n'
            '        path.insert(0, next(p for p in activities[a]["after"] if finish[p] == start[a]))\n'
            '    return {"start": start, "finish": finish, "duration": sum(s["duration"] for s in activities.values()), "critical_path": path}'},
            # the critical path listed from the end back to the start
            {"violates": "critical-chain", "code":
            'def schedule(activities):\n'
            '    for a, spec in activities.items():\n'
            '        for p in spec["after"]:\n'
            '            if p not in activities:\n'
            '                raise ValueError(f"unknown predecessor {p}")\n'
            '    start, finish = {}, {}\n'
            '    while len(start) < len(activities):\n'
            '        ready = [a for a in activities if a not in start and all(p in finish for p in activities[a]["after"])]\n'
            '        if not ready:\n'
            '            raise ValueError("cycle")\n'
            '        for a in ready:\n'
            '            start[a] = max([finish[p] for p in activities[a]["after"]] or [0])\n'
            '            finish[a] = start[a] + activities[a]["duration"]\n'
            '    path = [max(finish, key=finish.get)]\n'
            '    while activities[path[0]]["after"]:\n'
            '        a = path[0]\n'
            '        path.insert(0, next(p for p in activities[a]["after"] if finish[p] == start[a]))\n'
            '    return {"start": start, "finish": finish, "duration": max(finish.values()), "critical_path": path[::-1]}'},
            # no check of the names: an unknown predecessor is reported as a cycle
            {"violates": "unknown-error", "code":
            'def schedule(activities):\n'
            '    start, finish = {}, {}\n'
            '    while len(start) < len(activities):\n'
            '        ready = [a for a in activities if a not in start and all(p in finish for p in activities[a]["after"])]\n'
            '        if not ready:\n'
            '            raise ValueError("cycle")\n'
            '        for a in ready:\n'
            '            start[a] = max([finish[p] for p in activities[a]["after"]] or [0])\n'
            '            finish[a] = start[a] + activities[a]["duration"]\n'
            '    path = [max(finish, key=finish.get)]\n'
            '    while activities[path[0]]["after"]:\n'
            '        a = path[0]\n'
            '        path.insert(0, next(p for p in activities[a]["after"] if finish[p] == start[a]))\n'
            '    return {"start": start, "finish": finish, "duration": max(finish.values()), "critical_path": path}'},
            # one pass in the listed order: a predecessor listed later is taken for a cycle
            {"violates": "any-order", "code":
            'def schedule(activities):\n'
            '    for a, spec in activities.items():\n'
            '        for p in spec["after"]:\n'
            '            if p not in activities:\n'
            '                raise ValueError(f"unknown predecessor {p}")\n'
            '    start, finish = {}, {}\n'
            '    for a, spec in activities.items():\n'
            '        if any(p not in finish for p in spec["after"]):\n'
            '            raise ValueError(f"cycle at {a}")\n'
            '        start[a] = max([finish[p] for p in spec["after"]] or [0])\n'
            '        finish[a] = start[a] + spec["duration"]\n'
            '    path = [max(finish, key=finish.get)]\n'
            '    while activities[path[0]]["after"]:\n'
            '        a = path[0]\n'
            '        path.insert(0, next(p for p in activities[a]["after"] if finish[p] == start[a]))\n'
            '    return {"start": start, "finish": finish, "duration": max(finish.values()), "critical_path": path}'},
        ],
        "equivalent": [
            {"diff": "- stuck = sorted(a for a in activities if a not in start)\n+ stuck = ((a for a in activities if a not in start))",
             "reason": "the names only go into the cycle's message, and the question asks for a ValueError, not its text"},
            {
                "diff": "- duration = max(finish.values(), default=0)\n"
                        "+ duration = max(finish.values(), default= 1)",
                "reason": "the default only matters for a plan without activities, which the question excludes "
                          "(a plan has one or more activities)",
            },
            {
                "diff": "- duration = max(finish.values(), default=0)\n"
                        "+ duration = max(finish.values(), default= -1)",
                "reason": "the default only matters for a plan without activities, which the question excludes "
                          "(a plan has one or more activities)",
            },
            {
                "diff": "- duration = max(finish.values(), default=0)\n"
                        "+ duration = max(finish.values())",
                "reason": "the default only matters for a plan without activities, which the question excludes "
                          "(a plan has one or more activities)",
            },
        ],
    },
    "q12_plot_gantt": {
        "domain": {'inputs': "any plan of the schedule's domain"},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`plot_gantt`",
            "forging": "the bars, their order, colours and the deadline line are the schedule the question asks to draw",
        },
        "hints": [
            "`ax.barh(y, width, left=...)` draws horizontal bars; with a list of names as `y`, matplotlib "
            "labels the bars with them, the first at the bottom (`ax.invert_yaxis()` puts it at the top).",
            "The width of each bar is the activity's duration and `left` its start from `sched[\"start\"]`; "
            "`color=` takes one colour per bar, chosen by whether the activity is on `sched[\"critical_path\"]`.",
            "`ax.axvline(x)` draws the deadline. Create `fig, ax = plt.subplots()` only when `ax` is None, draw "
            "on `ax`, and return `ax` (not the figure).",
        ],
        "alternatives": [
            # numeric y positions counting down, names set as tick labels, one barh call per bar
            'def plot_gantt(activities, sched, deadline, ax=None):\n'
            '    if ax is None:\n'
            '        fig, ax = plt.subplots()\n'
            '    names = list(activities)\n'
            '    for i, a in enumerate(names):\n'
            '        colour = "crimson" if a in sched["critical_path"] else "lightsteelblue"\n'
            '        ax.barh(len(names) - i, sched["finish"][a] - sched["start"][a], left=sched["start"][a],\n'
            '                height=0.6, color=colour)\n'
            '    ax.set_yticks([len(names) - i for i in range(len(names))], labels=names)\n'
            '    ax.plot([deadline, deadline], [0, len(names) + 1], "k:")\n'
            '    return ax',
            # the bars in reversed order (no axis flip), the deadline with ax.vlines
            'def plot_gantt(activities, sched, deadline, ax=None):\n'
            '    ax = ax if ax is not None else plt.subplots()[1]\n'
            '    palette = {True: "#d62728", False: "#7f7f7f"}\n'
            '    for name in reversed(list(activities)):\n'
            '        ax.barh(name, activities[name]["duration"], left=sched["start"][name],\n'
            '                color=palette[name in sched["critical_path"]])\n'
            '    ax.vlines(deadline, -0.5, len(activities) - 0.5, colors="black", linestyles="dashed")\n'
            '    return ax',
        ],
        "wrong": [
            # bars from day 0 to the finish (no left=)
            {"violates": "from-start", "code": _swap(_GANTT, ', left=[sched["start"][a] for a in names]', '')},
            # returns the figure, not the Axes
            {"violates": "returns-axes", "code": _swap(_GANTT, '    return ax', '    return ax.figure')},
            # the ax it is given ignored: always a new figure
            {"violates": "uses-ax", "code": _swap(_GANTT, '    if ax is None:\n        fig, ax = plt.subplots()',
                                                  '    fig, ax = plt.subplots()')},
            # only the critical path drawn
            {"violates": "one-bar-each", "code": _swap(_GANTT, 'names = list(activities)',
                                                       'names = list(sched["critical_path"])')},
            # the finish day as the width: bars too long
            {"violates": "width-duration", "code": _swap(_GANTT, '[activities[a]["duration"] for a in names]',
                                                         '[sched["finish"][a] for a in names]')},
            # numeric positions, no names on the y axis
            {"violates": "names-on-y", "code": _swap(_GANTT, '    ax.barh(names, ',
                                                     '    ax.barh(range(len(names), 0, -1), ').replace(
                                                         '    ax.invert_yaxis()\n', '')},
            # without ax, draws on whatever figure is open
            {"violates": "new-figure", "code": _swap(_GANTT, 'fig, ax = plt.subplots()', 'ax = plt.gca()')},
            # a figure height that is negative for a plan of one or two activities
            {"violates": "any-plan", "code": _swap(_GANTT, 'plt.subplots()',
                                                   'plt.subplots(figsize=(7, 0.45 * len(activities) - 1))')},
            # the first activity at the bottom (the y axis not flipped)
            {"violates": "top-down", "code": _swap(_GANTT, '    ax.invert_yaxis()\n', '')},
            # every bar in the default colour
            {"violates": "critical-colour", "code": _swap(_GANTT, ',\n            color=["tab:red" if a in critical '
                                                                  'else "tab:gray" for a in names]', '')},
            # the line at the project's end, not at the deadline
            {"violates": "deadline-line", "code": _swap(_GANTT, 'ax.axvline(deadline,',
                                                        'ax.axvline(sched["duration"],')},
        ],
        "equivalent": [
            {"diff": "- names = list(activities)\n+ names = tuple(activities)",
             "reason": "matplotlib's barh takes the names as a tuple as well as a list: the same bars and labels"},
            {
                "diff": "- _, ax = plt.subplots(figsize=(7, 0.45 * len(activities) + 1))\n"
                        "+ _, ax = plt.subplots(figsize=(7, 0.45 / len(activities) + 1))",
                "reason": "the figure size is not part of the question; the bars, their days and labels are "
                          "unchanged (the height stays positive)",
            },
            {
                "diff": "- _, ax = plt.subplots(figsize=(7, 0.45 * len(activities) + 1))\n"
                        "+ _, ax = plt.subplots(figsize=( 8, 0.45 * len(activities) + 1))",
                "reason": "the figure size is not part of the question; the bars, their days and labels are "
                          "unchanged (the height stays positive)",
            },
            {
                "diff": "- _, ax = plt.subplots(figsize=(7, 0.45 * len(activities) + 1))\n"
                        "+ _, ax = plt.subplots(figsize=( 6, 0.45 * len(activities) + 1))",
                "reason": "the figure size is not part of the question; the bars, their days and labels are "
                          "unchanged (the height stays positive)",
            },
            {
                "diff": "- _, ax = plt.subplots(figsize=(7, 0.45 * len(activities) + 1))\n"
                        "+ _, ax = plt.subplots(figsize=(7, 1.45 * len(activities) + 1))",
                "reason": "the figure size is not part of the question; the bars, their days and labels are "
                          "unchanged (the height stays positive)",
            },
            {
                "diff": "- _, ax = plt.subplots(figsize=(7, 0.45 * len(activities) + 1))\n"
                        "+ _, ax = plt.subplots(figsize=(7, 0.45 * len(activities) + 2))",
                "reason": "the figure size is not part of the question; the bars, their days and labels are "
                          "unchanged (the height stays positive)",
            },
            {
                "diff": "- _, ax = plt.subplots(figsize=(7, 0.45 * len(activities) + 1))\n"
                        "+ _, ax = plt.subplots(figsize=(7, 0.45 * len(activities) + 0))",
                "reason": "the figure size is not part of the question; the bars, their days and labels are "
                          "unchanged (the height stays positive)",
            },
            {
                "diff": "- color=[\"tab:red\" if a in critical else \"tab:gray\" for a in names])\n"
                        "+ color=[\"tab:red\" if not a in critical else \"tab:gray\" for a in names])",
                "reason": "the two colours swap: the critical path's bars still share one colour and every "
                          "other bar another one, which is all the question asks",
            },
            {
                "diff": "- _, ax = plt.subplots(figsize=(7, 0.45 * len(activities) + 1))\n"
                        "+ _, ax = plt.subplots()",
                "reason": "the figure size is not part of the question; the bars, their days and labels are "
                          "unchanged (the height stays positive)",
            },
            {
                "diff": "- ax.axvline(deadline, color=\"black\", linestyle=\"--\")\n"
                        "+ ax.axvline(deadline, linestyle=\"--\")",
                "reason": "the line's colour is not part of the question; the line stays at the deadline",
            },
            {
                "diff": "- ax.axvline(deadline, color=\"black\", linestyle=\"--\")\n"
                        "+ ax.axvline(deadline, color=\"black\")",
                "reason": "the line's style is not part of the question; the line stays at the deadline",
            },
        ],
    },
    "q13_project_card": {
        "domain": {'inputs': "the card's fields in English or Korean"},
        "hints": [
            "Fill every field of `ProjectCard`; the worked example shows the shape, but write it for the churn "
            "project.",
            "Reuse what you decided above: the goal and objectives of question 2, the label of question 3 "
            "(with its 60-day horizon), the metric and baseline function names.",
            "`metric` and `baseline` are names as strings (for example the name of your baseline function); "
            "`data_sources` are tables from `shop.TABLES`; every objective needs a number and a deadline (a "
            "date such as 31 December 2026, or e.g. \"before launch\").",
        ],
        "alternatives": [
            # a dict with the same fields
            'CARD = dataclasses.asdict(' + _CARD.replace("CARD = ", "").replace("{metric}", "recall").replace(
                "{sources}", '["orders", "customers"]') + ')',
            _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]'),
            _CARD_KO,
            _CARD_OTHER_WORDS,
            _CARD_KO_OTHER_WORDS,
        ],
        "wrong": [
            # the label's horizon taken for a deadline, in Korean ("60일" is a duration of the label, not a
            # date or a time limit) and in English: the same verdict in both editions
            {"violates": "deadline", "code": _swap(
                _CARD_KO, '"주문이 한 건 이상 있는 고객의 60일 이탈률을 2026년 12월 31일까지 51 %에서 45 %로 낮춘다."',
                '"60일 이탈률을 10 % 낮춘다."')},
            {"violates": "deadline", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace(
                    '"Lower the 60-day churn rate from 51 % to 45 % by 31 December 2026."',
                    '"Reduce the 60-day churn rate by 10 %."')},
            # "60 %" in the label is not a 60-day horizon
            {"violates": "label-horizon", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace(
                    "1 when a customer's last order on or before the reference date is more than 60 days old, else 0.",
                    "1 when the customer's orders in the quarter before the reference date dropped by 60 % or more, "
                    "else 0.")},
            {"violates": "label-horizon", "code": _swap(
                _CARD_KO, "기준일 당일 포함 이전의 마지막 주문이 기준일보다 60일 넘게 지났으면 1, 아니면 0입니다.",
                "기준일 전 석 달의 주문 수가 그 전 석 달보다 60 % 넘게 줄었으면 1, 아니면 0입니다.")},
            # a target read as a deadline: "45 %까지" is "down to 45 %", not "by a date"
            {"violates": "deadline", "code": _swap(
                _CARD_KO, '"주문이 한 건 이상 있는 고객의 60일 이탈률을 2026년 12월 31일까지 51 %에서 45 %로 낮춘다."',
                '"60일 이탈률을 51 %에서 45 %까지 낮춘다."')},
            # a period used as an adjective: the monthly churn rate has no deadline
            {"violates": "deadline", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace(
                    '"Lower the 60-day churn rate from 51 % to 45 % by 31 December 2026."',
                    '"Lower the monthly churn rate from 51 % to 45 %."')},
            # accuracy: not a metric this notebook defined (and a poor one here)
            {"violates": "metric", "code":
                _CARD.replace("{metric}", "accuracy").replace("{sources}", '["orders"]')},
            # a data source that is not a table of the shop database
            {"violates": "tables", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders", "clickstream"]')},
            # objectives without numbers or dates
            {"violates": "measurable", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace(
                    '"Lower the 60-day churn rate from 51 % to 45 % by 31 December 2026."',
                    '"Lower the churn rate as much as possible."')},
            # a label that does not state its horizon
            {"violates": "label-horizon", "code":
                _CARD.replace("{metric}", "recall").replace("{sources}", '["orders"]').replace(
                    "is more than 60 days old", "is old")},
            # a one-word problem statement
            {"violates": "sentences", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace(
                    'problem="Customers stop ordering and nobody notices until they are gone for months."',
                    'problem="Churn."')},
            # a single objective
            {"violates": "two-objectives", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace(
                    '\n                "Recall of at least 0.70 at precision 0.40 on the held-out month before 1 September 2026."', "")},
            # an objective with a number but no deadline
            {"violates": "deadline", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace(" on the held-out month before 1 September 2026.", " on the held-out month.")},
            # the goal (with a number and a date) copied among the objectives
            {"violates": "not-the-goal", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace(
                    'goal="Keep more of Daon Market\'s customers buying so that revenue grows."',
                    'goal="Lower the 60-day churn rate from 51 % to 45 % by 31 December 2026."')},
            # a single risk
            {"violates": "two-risks", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace('"Coupons may teach customers to wait for coupons.", ', "")},
            # no constraint
            {"violates": "constraints", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace('constraints=["Personal data only with a legal basis under PIPA."]', "constraints=[]")},
            # no data source
            {"violates": "data-sources", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", "[]")},
            # a description of the rule instead of the name of the baseline function
            {"violates": "baseline", "code":
                _CARD.replace("{metric}", "expected_cost").replace("{sources}", '["orders"]').replace('baseline="baseline_predict"', 'baseline="no order for 45 days or only one order"')},
        ],
    },
    "q14_card_review": {
        "hints": [
            "Three things to cover: why your metric and not accuracy, what the baseline is for, and one risk "
            "with how you would watch it.",
            "Think about the prices of the two kinds of mistakes in section 6, and about the accuracy of "
            "\"nobody churns\" in section 5.",
            "For the risk, name something concrete you can measure or a control you keep (for example a "
            "control group in the A/B test).",
        ],
    },
    "q15_automl": {
        "hints": [
            "What does an AutoML tool need as inputs before it can start? Who provides them?",
            "Go through the sections of this notebook and ask for each: could a search over models and "
            "hyperparameters have done this step?",
            "Give a consequence: what happens when AutoML perfectly optimises a wrong label, or accuracy "
            "instead of cost?",
        ],
    },
}
