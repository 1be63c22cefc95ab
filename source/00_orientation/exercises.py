"""The exercises of 00_orientation, each with its parts side by side, keyed by the grade id of its
answer cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook."""

EXERCISES = {
    "q1_format_metric": {
        # the inputs the question allows: epoch of epochs (1 <= epoch <= epochs), a loss, a learning rate, seconds;
        # the boundaries: one-digit and five-digit epochs, a loss and a rate at a rounding, seconds either side of
        # a minute and of an hour, minutes past 60 (the judge draws 10 more: workbook/checks/domain.py)
        "domain": {
            "args": [{"int": [1, 20000]}, {"int": [1, 20000]}, {"float": [0, 5]}, {"float": [1e-7, 0.1]},
                     {"float": [0, 400_000]}],
            "assume": "args[0] <= args[1] and abs(args[2] * 10000 % 1 - 0.5) > 1e-6",
            "boundaries": [[1, 9, 0.5, 0.001, 0.0], [10, 10, 1.23456789, 2.5e-05, 3600.0],
                           [42, 12000, 0.00004, 0.009996, 3599.99], [99, 100, 3.999951, 9.96e-05, 359999.5],
                           [250, 250, 0.0312, 0.1, 61.999], [9, 10, 0.099996, 0.000996, 59.7],
                           [1, 1, 0.0, 1e-07, 60.0], [7, 120, 4.99996, 0.00995, 7384.2]],
            "draws": 10,
        },
        "hints": [
            "Build the line with one f-string, one field per part, and print it under the expected line: "
            "comparing them character by character shows which rule is still missing.",
            "The epoch's width is the number of digits of `epochs` (`len(str(...))`), and a format spec can hold "
            "a field itself, as in the line under the table. The loss and the learning rate are the `.4f` and "
            "`.1e` rows: they round for you and keep trailing zeros, which `round()` does not.",
            "For the time, turn the seconds into a whole number rounded down first, then `divmod(..., 60)` gives "
            "minutes and seconds; pad each with `02d`. `time.strftime` would start the minutes again at 0 after "
            "an hour: `7384.2` seconds must give `123:04`.",
        ],
        "alternatives": [
            # %-formatting: the * takes the width from the arguments
            'def format_progress(epoch, epochs, loss, lr, seconds):\n'
            '    whole = int(seconds)\n'
            '    return "[epoch %0*d/%d] loss=%.4f lr=%.1e time=%02d:%02d" % (\n'
            '        len(str(epochs)), epoch, epochs, loss, lr, whole // 60, whole % 60)',
            # str.format(), zfill and math.floor
            'import math\n'
            'def format_progress(epoch, epochs, loss, lr, seconds):\n'
            '    total = math.floor(seconds)\n'
            '    return "[epoch {}/{}] loss={} lr={} time={:02d}:{:02d}".format(\n'
            '        str(epoch).zfill(len(str(epochs))), epochs, format(loss, ".4f"), format(lr, ".1e"),\n'
            '        total // 60, total % 60)',
            # the parts built one by one and joined
            'def format_progress(epoch, epochs, loss, lr, seconds):\n'
            '    minutes = int(seconds // 60)\n'
            '    secs = int(seconds - 60 * minutes)\n'
            '    parts = [\n'
            '        "[epoch " + str(epoch).rjust(len(str(epochs)), "0") + "/" + str(epochs) + "]",\n'
            '        "loss=" + f"{loss:.4f}",\n'
            '        "lr=" + f"{lr:.1e}",\n'
            '        "time=" + str(minutes).zfill(2) + ":" + str(secs).zfill(2),\n'
            '    ]\n'
            '    return " ".join(parts)',
        ],
        "wrong": [
            # a fixed width of 3: "012/50"
            {"violates": "epoch-width", "code":
             'def format_progress(epoch, epochs, loss, lr, seconds):\n'
             '    m, s = divmod(int(seconds), 60)\n'
             '    return f"[epoch {epoch:03d}/{epochs}] loss={loss:.4f} lr={lr:.1e} time={m:02d}:{s:02d}"'},
            # round() drops trailing zeros: 0.099996 -> "0.1"
            {"violates": "loss-decimals", "code":
             'def format_progress(epoch, epochs, loss, lr, seconds):\n'
             '    w = len(str(epochs))\n'
             '    m, s = divmod(int(seconds), 60)\n'
             '    return f"[epoch {epoch:0{w}d}/{epochs}] loss={round(loss, 4)} lr={lr:.1e} time={m:02d}:{s:02d}"'},
            # two decimals in the mantissa: "3.00e-04"
            {"violates": "lr-scientific", "code":
             'def format_progress(epoch, epochs, loss, lr, seconds):\n'
             '    w = len(str(epochs))\n'
             '    m, s = divmod(int(seconds), 60)\n'
             '    return f"[epoch {epoch:0{w}d}/{epochs}] loss={loss:.4f} lr={lr:.2e} time={m:02d}:{s:02d}"'},
            # no zero-padding: "2:5"
            {"violates": "mmss-padded", "code":
             'def format_progress(epoch, epochs, loss, lr, seconds):\n'
             '    w = len(str(epochs))\n'
             '    m, s = divmod(int(seconds), 60)\n'
             '    return f"[epoch {epoch:0{w}d}/{epochs}] loss={loss:.4f} lr={lr:.1e} time={m}:{s}"'},
            # rounded to the nearest second: 59.7 -> "01:00"
            {"violates": "seconds-down", "code":
             'def format_progress(epoch, epochs, loss, lr, seconds):\n'
             '    w = len(str(epochs))\n'
             '    m, s = divmod(round(seconds), 60)\n'
             '    return f"[epoch {epoch:0{w}d}/{epochs}] loss={loss:.4f} lr={lr:.1e} time={m:02d}:{s:02d}"'},
            # a clock time: the minutes start again at 0 after an hour (7384.2 -> "03:04")
            {"violates": "minutes-past-60", "code":
             'import time\n'
             'def format_progress(epoch, epochs, loss, lr, seconds):\n'
             '    w = len(str(epochs))\n'
             '    clock = time.strftime("%M:%S", time.gmtime(seconds))\n'
             '    return f"[epoch {epoch:0{w}d}/{epochs}] loss={loss:.4f} lr={lr:.1e} time={clock}"'},
            # spaces around =
            {"violates": "layout", "code":
             'def format_progress(epoch, epochs, loss, lr, seconds):\n'
             '    w = len(str(epochs))\n'
             '    m, s = divmod(int(seconds), 60)\n'
             '    return f"[epoch {epoch:0{w}d}/{epochs}] loss = {loss:.4f} lr = {lr:.1e} time = {m:02d}:{s:02d}"'},
            # hard-coded to the visible examples
            'def format_progress(epoch, epochs, loss, lr, seconds):\n'
            '    return {7: "[epoch 007/120] loss=0.4213 lr=3.0e-04 time=02:05",\n'
            '            12: "[epoch 12/50] loss=0.1000 lr=1.0e-03 time=00:59",\n'
            '            3: "[epoch 0003/1000] loss=2.5000 lr=1.0e-02 time=123:04"}[epoch]',
        ],
    },
    "q2_timer": {
        "domain": {'inputs': 'any function, called with positional and keyword arguments, 0 or more times; calls of 0 '
                   's and of 0.05 s; two functions decorated apart'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`timer`",
            "forging": "an 8-line decorator against an emulated probe reply in the wire format",
        },
        "hints": [
            "Start from the `shout` decorator above: a function that takes `func`, defines `wrapper(*args, "
            "**kwargs)` and returns it.",
            "Inside the wrapper read `time.perf_counter()` before and after calling `func(*args, **kwargs)`, "
            "and append the difference to a list.",
            "The list must belong to the decorated function: create it once per decoration, as an attribute of "
            "the wrapper set before you return it, not once for the whole module. Keep "
            "`@functools.wraps(func)` on the wrapper.",
        ],
        "alternatives": [
            # a class-based decorator with its own timings list
            'class timer:\n'
            '    def __init__(self, func):\n'
            '        functools.update_wrapper(self, func)\n'
            '        self.func = func\n'
            '        self.timings = []\n'
            '    def __call__(self, *args, **kwargs):\n'
            '        t0 = time.perf_counter()\n'
            '        out = self.func(*args, **kwargs)\n'
            '        self.timings.append(time.perf_counter() - t0)\n'
            '        return out',
        ],
        "wrong": [
            # no clock: records the argument a sleep was given (a hostile student's answer: the old hidden test
            # slept exactly its first argument)
            {"violates": "float-seconds", "code":
             'import functools\n'
             'def timer(func):\n'
             '    @functools.wraps(func)\n'
             '    def timed(*args, **kw):\n'
             '        try:\n'
             '            return func(*args, **kw)\n'
             '        finally:\n'
             '            timed.timings.append(float(args[0]) if args and isinstance(args[0], (int, float)) else 0.0)\n'
             '    timed.timings = []\n'
             '    return timed'},
            # a constant for every call
            {"violates": "float-seconds", "code":
             'import functools\n'
             'def timer(func):\n'
             '    @functools.wraps(func)\n'
             '    def timed(*args, **kw):\n'
             '        timed.timings.append(0.5)\n'
             '        return func(*args, **kw)\n'
             '    timed.timings = []\n'
             '    return timed'},
            # forgets to return the result
            {"violates": "result", "code":
             'def timer(func):\n'
             '    @functools.wraps(func)\n'
             '    def wrapper(*args, **kwargs):\n'
             '        t0 = time.perf_counter()\n'
             '        func(*args, **kwargs)\n'
             '        wrapper.timings.append(time.perf_counter() - t0)\n'
             '    wrapper.timings = []\n'
             '    return wrapper'},
            # a new list on every call: only the last timing is kept
            {"violates": "one-per-call", "code":
             'def timer(func):\n'
             '    @functools.wraps(func)\n'
             '    def wrapper(*args, **kwargs):\n'
             '        t0 = time.perf_counter()\n'
             '        result = func(*args, **kwargs)\n'
             '        wrapper.timings = [time.perf_counter() - t0]\n'
             '        return result\n'
             '    wrapper.timings = []\n'
             '    return wrapper'},
            # milliseconds instead of seconds
            {"violates": "float-seconds", "code":
             'def timer(func):\n'
             '    @functools.wraps(func)\n'
             '    def wrapper(*args, **kwargs):\n'
             '        t0 = time.perf_counter()\n'
             '        result = func(*args, **kwargs)\n'
             '        wrapper.timings.append((time.perf_counter() - t0) * 1000)\n'
             '        return result\n'
             '    wrapper.timings = []\n'
             '    return wrapper'},
            # the clock reading after the call, not the elapsed time
            {"violates": "float-seconds", "code":
             'def timer(func):\n'
             '    @functools.wraps(func)\n'
             '    def wrapper(*args, **kwargs):\n'
             '        result = func(*args, **kwargs)\n'
             '        wrapper.timings.append(time.perf_counter())\n'
             '        return result\n'
             '    wrapper.timings = []\n'
             '    return wrapper'},
            # the name copied by hand, the docstring forgotten
            {"violates": "keeps-doc", "code":
             'def timer(func):\n'
             '    def wrapper(*args, **kwargs):\n'
             '        t0 = time.perf_counter()\n'
             '        result = func(*args, **kwargs)\n'
             '        wrapper.timings.append(time.perf_counter() - t0)\n'
             '        return result\n'
             '    wrapper.__name__ = func.__name__\n'
             '    wrapper.timings = []\n'
             '    return wrapper'},
            # the docstring copied by hand, the name forgotten
            {"violates": "keeps-name", "code":
             'def timer(func):\n'
             '    def wrapper(*args, **kwargs):\n'
             '        t0 = time.perf_counter()\n'
             '        result = func(*args, **kwargs)\n'
             '        wrapper.timings.append(time.perf_counter() - t0)\n'
             '        return result\n'
             '    wrapper.__doc__ = func.__doc__\n'
             '    wrapper.timings = []\n'
             '    return wrapper'},
            # forgets functools.wraps: the name is lost
            'def timer(func):\n'
            '    def wrapper(*args, **kwargs):\n'
            '        t0 = time.perf_counter()\n'
            '        result = func(*args, **kwargs)\n'
            '        wrapper.timings.append(time.perf_counter() - t0)\n'
            '        return result\n'
            '    wrapper.timings = []\n'
            '    return wrapper',
            # one list shared by every decorated function
            {"violates": "own-list", "code":
             'TIMINGS = []\n'
             'def timer(func):\n'
             '    @functools.wraps(func)\n'
             '    def wrapper(*args, **kwargs):\n'
             '        t0 = time.perf_counter()\n'
             '        result = func(*args, **kwargs)\n'
             '        TIMINGS.append(time.perf_counter() - t0)\n'
             '        return result\n'
             '    wrapper.timings = TIMINGS\n'
             '    return wrapper'},
            # drops keyword arguments
            {"violates": "positional-keyword", "code":
             'def timer(func):\n'
             '    @functools.wraps(func)\n'
             '    def wrapper(*args):\n'
             '        t0 = time.perf_counter()\n'
             '        result = func(*args)\n'
             '        wrapper.timings.append(time.perf_counter() - t0)\n'
             '        return result\n'
             '    wrapper.timings = []\n'
             '    return wrapper'},
        ],
    },
    "q3_busiest_weekday": {
        "domain": {'inputs': 'a CSV path of daily orders per region: weeks that do not cover every weekday equally, '
                   'missing revenues, a date whose revenues are all missing (hidden seeds), a winner close to the '
                   'runner-up',
         'data': {'stated': 'orientation', 'cases': ['weekdays-unequal', 'missing-revenues', 'close-winner',
                                                   'all-missing-date']}},
        "hints": [
            "Follow the four steps in the question one by one and look at the intermediate result (`print` or "
            "`.head()`) after each.",
            "Step 2 is a groupby on the date; step 3 groups that result again, this time by `.day_name()` of "
            "the dates, and takes the mean. `sum()` already treats a missing value as adding nothing.",
            "`idxmax()` gives the label of the largest value. Make sure your function reads the file it is "
            "given (`csv_path`), not the seed-0 file from the worked example, and returns a plain Python `str`, "
            "not a NumPy string.",
        ],
        "alternatives": [
            'def busiest_weekday(csv_path):\n'
            '    df = pd.read_csv(csv_path)\n'
            '    df["date"] = pd.to_datetime(df["date"])\n'
            '    totals = df.pivot_table(index="date", values="revenue_krw", aggfunc="sum").reset_index()\n'
            '    totals["weekday"] = totals["date"].dt.day_name()\n'
            '    means = totals.groupby("weekday")["revenue_krw"].mean()\n'
            '    return means.sort_values(ascending=False).index[0]',
            # plain Python, no pandas
            'import csv, datetime, collections\n'
            'def busiest_weekday(csv_path):\n'
            '    day_total = collections.defaultdict(float)\n'
            '    with open(csv_path) as f:\n'
            '        for row in csv.DictReader(f):\n'
            '            day_total[row["date"]] += float(row["revenue_krw"] or 0)\n'
            '    sums, counts = collections.Counter(), collections.Counter()\n'
            '    for day, total in day_total.items():\n'
            '        name = datetime.date.fromisoformat(day).strftime("%A")\n'
            '        sums[name] += total\n'
            '        counts[name] += 1\n'
            '    return max(sums, key=lambda n: sums[n] / counts[n])',
        ],
        "wrong": [
            # hard-coded to the visible data
            {"violates": "reads-csv-path", "code": 'def busiest_weekday(csv_path):\n    return "Sunday"'},
            # the weekday number instead of its name
            {"violates": "english-name", "code":
             'def busiest_weekday(csv_path):\n'
             '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
             '    daily = df.groupby("date")["revenue_krw"].sum()\n'
             '    return int(daily.groupby(daily.index.dayofweek).mean().idxmax())'},
            # the quietest day (idxmin)
            {"violates": "highest", "code":
             'def busiest_weekday(csv_path):\n'
             '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
             '    daily = df.groupby("date")["revenue_krw"].sum()\n'
             '    return str(daily.groupby(daily.index.day_name()).mean().idxmin())'},
            # the total per weekday, not the average (a weekday with one date more wins)
            {"violates": "mean-per-weekday", "code":
             'def busiest_weekday(csv_path):\n'
             '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
             '    df["weekday"] = df["date"].dt.day_name()\n'
             '    return str(df.groupby("weekday")["revenue_krw"].sum().idxmax())'},
            # the median of the daily totals, not their average
            {"violates": "mean-per-weekday", "code":
             'def busiest_weekday(csv_path):\n'
             '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
             '    daily = df.groupby("date")["revenue_krw"].sum()\n'
             '    return str(daily.groupby(daily.index.day_name()).median().idxmax())'},
            # the rows of each weekday averaged: the regions of a date are never added up
            {"violates": "sum-regions", "code":
             'def busiest_weekday(csv_path):\n'
             '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
             '    weekday = df["date"].dt.day_name()\n'
             '    return str(df.groupby(weekday)["revenue_krw"].mean().idxmax())'},
            # the regions of a date averaged instead of added up
            {"violates": "sum-regions", "code":
             'def busiest_weekday(csv_path):\n'
             '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
             '    daily = df.groupby("date")["revenue_krw"].mean()\n'
             '    return str(daily.groupby(daily.index.day_name()).mean().idxmax())'},
            # a missing revenue filled with the average revenue
            {"violates": "missing-adds-nothing", "code":
             'def busiest_weekday(csv_path):\n'
             '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
             '    df["revenue_krw"] = df["revenue_krw"].fillna(df["revenue_krw"].mean())\n'
             '    daily = df.groupby("date")["revenue_krw"].sum()\n'
             '    return str(daily.groupby(daily.index.day_name()).mean().idxmax())'},
            # a date with a missing revenue has no total: it is left out
            {"violates": "missing-adds-nothing", "code":
             'def busiest_weekday(csv_path):\n'
             '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
             '    daily = df.groupby("date")["revenue_krw"].sum(min_count=df["region"].nunique())\n'
             '    return str(daily.groupby(daily.index.day_name()).mean().idxmax())'},
            # a date whose revenues are all missing has no total (NaN), and the mean skips it instead of counting 0
            {"violates": "missing-adds-nothing", "code":
             'def busiest_weekday(csv_path):\n'
             '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
             '    daily = df.groupby("date")["revenue_krw"].sum(min_count=1)\n'
             '    return str(daily.groupby(daily.index.day_name()).mean().idxmax())'},
        ],
    },
    "q4_hidden_tests": {
        "hints": [
            "Read the function line by line: which number in it does not come from its arguments?",
            "Call `churn_rate` in the cell above with inputs of your own and work out by hand what it should "
            "return. A hidden test does just that, with inputs the author did not pick: think of a model scored "
            "on its own training data.",
            "Part 2 needs an input that takes the bug's path and an expected value you computed yourself, as a "
            "string with one decimal and a `%`.",
        ],
    },
    "q5_paid_amounts": {
        "domain": {"inputs": "the inputs the question states: only orders whose status is exactly \"paid\" (not \"unpaid\"); a list of the amounts, not of the orders; in the order of the input"},
        "hints": [
            "A list comprehension has the shape `[EXPRESSION for ITEM in LIST if CONDITION]`: here the expression "
            "is the order's amount and the condition is on its status.",
            "Compare the status with `==`: `\"paid\" in order[\"status\"]` is also true for `\"unpaid\"`.",
        ],
        "alternatives": [
            'def paid_amounts(orders):\n'
            '    result = []\n'
            '    for o in orders:\n'
            '        if o["status"] == "paid":\n'
            '            result.append(o["amount_krw"])\n'
            '    return result',
            'def paid_amounts(orders):\n'
            '    return list(map(lambda o: o["amount_krw"], filter(lambda o: o.get("status") == "paid", orders)))',
        ],
        "wrong": [
            # "paid" in "unpaid" is True
            {"violates": "exactly-paid", "code":
             'def paid_amounts(orders):\n'
             '    return [o["amount_krw"] for o in orders if "paid" in o["status"]]'},
            # the orders themselves
            {"violates": "amounts", "code":
             'def paid_amounts(orders):\n'
             '    return [o for o in orders if o["status"] == "paid"]'},
            # sorted amounts
            {"violates": "input-order", "code":
             'def paid_amounts(orders):\n'
             '    return sorted(o["amount_krw"] for o in orders if o["status"] == "paid")'},
            # the visible answer
            'def paid_amounts(orders):\n'
            '    return [32000, 8900] if orders else []',
        ],
    },
    "q6_rank_products": {
        "domain": {"inputs": "the inputs the question states: sorted by units sold, most first; the same units sold: alphabetical order of the names; a list of the names only"},
        "hints": [
            "`sorted(sales, key=...)` sorts the pairs by whatever the key function returns for each pair.",
            "A key can return a tuple: pairs are compared by its first item, then its second. Minus the units "
            "puts the most first, and the name then breaks ties from A to Z. Take the names at the end.",
        ],
        "alternatives": [
            'def rank_products(sales):\n'
            '    by_name = sorted(sales, key=lambda p: p[0])\n'
            '    return [p[0] for p in sorted(by_name, key=lambda p: p[1], reverse=True)]',
            'from operator import itemgetter\n'
            'def rank_products(sales):\n'
            '    ordered = sorted(sales, key=itemgetter(0))\n'
            '    ordered.sort(key=itemgetter(1), reverse=True)\n'
            '    return [name for name, _ in ordered]',
        ],
        "wrong": [
            # the fewest first
            {"violates": "most-first", "code":
             'def rank_products(sales):\n'
             '    return [n for n, u in sorted(sales, key=lambda p: (p[1], p[0]))]'},
            # reverse=True reverses the names of a tie too
            {"violates": "ties-alphabetical", "code":
             'def rank_products(sales):\n'
             '    return [n for n, u in sorted(sales, key=lambda p: (p[1], p[0]), reverse=True)]'},
            # the pairs, not the names
            {"violates": "names-only", "code":
             'def rank_products(sales):\n'
             '    return sorted(sales, key=lambda p: (-p[1], p[0]))'},
            # the visible answers
            'def rank_products(sales):\n'
            '    return ["Air fryer", "Bucket hat", "Yoga mat"] if len(sales) == 3 else ["Lip tint", "Tumbler"]',
        ],
    },
    "q7_top_words": {
        "domain": {"inputs": "the inputs the question states: the words of all the reviews are counted together; the most frequent first; exactly n pairs; the same count: in the order the words first appear; each item is a (word, count) pair"},
        "hints": [
            "Split every review into words (`review.split()`) and put all the words of all the reviews into one "
            "`Counter`.",
            "`Counter.most_common(n)` returns the n most common `(word, count)` pairs, and keeps ties in the order "
            "the words were first counted: that is the rule asked.",
        ],
        "alternatives": [
            'from collections import Counter\n'
            'def top_words(reviews, n):\n'
            '    c = Counter()\n'
            '    for r in reviews:\n'
            '        c.update(r.split())\n'
            '    return c.most_common(n)',
            'def top_words(reviews, n):\n'
            '    counts = {}\n'
            '    for r in reviews:\n'
            '        for w in r.split(" "):\n'
            '            counts[w] = counts.get(w, 0) + 1\n'
            '    ranked = sorted(counts.items(), key=lambda kv: -kv[1])\n'
            '    return ranked[:n]',
        ],
        "wrong": [
            # whole reviews counted, not words
            {"violates": "all-reviews", "code":
             'from collections import Counter\n'
             'def top_words(reviews, n):\n'
             '    return Counter(reviews).most_common(n)'},
            # the least frequent first
            {"violates": "most-first", "code":
             'from collections import Counter\n'
             'def top_words(reviews, n):\n'
             '    c = Counter(w for r in reviews for w in r.split())\n'
             '    return sorted(c.items(), key=lambda kv: kv[1])[:n]'},
            # every word, not n
            {"violates": "n-pairs", "code":
             'from collections import Counter\n'
             'def top_words(reviews, n):\n'
             '    return Counter(w for r in reviews for w in r.split()).most_common()'},
            # ties in alphabetical order
            {"violates": "ties-first-seen", "code":
             'from collections import Counter\n'
             'def top_words(reviews, n):\n'
             '    c = Counter(w for r in reviews for w in r.split())\n'
             '    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n]'},
            # the words only
            {"violates": "word-count-pairs", "code":
             'from collections import Counter\n'
             'def top_words(reviews, n):\n'
             '    return [w for w, _ in Counter(w for r in reviews for w in r.split()).most_common(n)]'},
            # the visible answers
            'def top_words(reviews, n):\n'
            '    return [("good", 3), ("price", 2), ("fast", 2)][:n]',
        ],
    },
    "q8_city_summary": {
        "domain": {"inputs": "the inputs the question states: each order counts in the city of its customer; n_orders is the number of orders (not of customers); revenue_krw is the sum of the amounts; a city without any order is not listed; indexed by city, sorted; exactly the columns n_orders, revenue_krw, in that order"},
        "hints": [
            "`orders.merge(customers, on=\"customer_id\")` gives each order its customer's city. Look at it "
            "before you group.",
            "Named aggregation names the columns as it computes them: `.groupby(\"city\").agg(n_orders=(\"order_id\", "
            "\"count\"), revenue_krw=(\"amount_krw\", \"sum\"))`. Keep the city as the index (no `reset_index`).",
        ],
        "alternatives": [
            'def city_summary(orders, customers):\n'
            '    df = pd.merge(customers, orders, on="customer_id", how="inner")\n'
            '    g = df.groupby("city")\n'
            '    return pd.DataFrame({"n_orders": g.size(), "revenue_krw": g["amount_krw"].sum()})',
            'def city_summary(orders, customers):\n'
            '    df = orders.merge(customers, on="customer_id", how="left")\n'
            '    out = df.groupby("city")["amount_krw"].agg(["count", "sum"])\n'
            '    return out.rename(columns={"count": "n_orders", "sum": "revenue_krw"})',
        ],
        "wrong": [
            # the orders' own customer_id compared with the wrong column: each order lands in another city
            {"violates": "join-on-customer", "code":
             'def city_summary(orders, customers):\n'
             '    df = orders.join(customers["city"])\n'
             '    return df.groupby("city").agg(n_orders=("order_id", "count"), revenue_krw=("amount_krw", "sum"))'},
            # the customers per city, not the orders
            {"violates": "count-orders", "code":
             'def city_summary(orders, customers):\n'
             '    df = orders.merge(customers, on="customer_id")\n'
             '    return df.groupby("city").agg(n_orders=("customer_id", "nunique"), revenue_krw=("amount_krw", "sum"))'},
            # the mean amount
            {"violates": "sum-revenue", "code":
             'def city_summary(orders, customers):\n'
             '    df = orders.merge(customers, on="customer_id")\n'
             '    return df.groupby("city").agg(n_orders=("order_id", "count"), revenue_krw=("amount_krw", "mean"))'},
            # a left join from the customers: a city without orders gets a row of zeros
            {"violates": "only-with-orders", "code":
             'def city_summary(orders, customers):\n'
             '    df = customers.merge(orders, on="customer_id", how="left")\n'
             '    return df.groupby("city").agg(n_orders=("order_id", "count"), revenue_krw=("amount_krw", "sum"))'
             '.astype("int64")'},
            # the city as a column
            {"violates": "city-index", "code":
             'def city_summary(orders, customers):\n'
             '    df = orders.merge(customers, on="customer_id")\n'
             '    return df.groupby("city", as_index=False).agg(n_orders=("order_id", "count"), '
             'revenue_krw=("amount_krw", "sum"))'},
            # groupby(sort=False): the cities in the order of their first order, not alphabetical
            {"violates": "city-index", "code":
             'def city_summary(orders, customers):\n'
             '    df = orders.merge(customers, on="customer_id")\n'
             '    return df.groupby("city", sort=False).agg(n_orders=("order_id", "count"), '
             'revenue_krw=("amount_krw", "sum"))'},
            # the columns in the other order
            {"violates": "two-columns", "code":
             'def city_summary(orders, customers):\n'
             '    df = orders.merge(customers, on="customer_id")\n'
             '    return df.groupby("city").agg(revenue_krw=("amount_krw", "sum"), n_orders=("order_id", "count"))'},
            # the visible answer
            'def city_summary(orders, customers):\n'
            '    return pd.DataFrame({"n_orders": [2, 3], "revenue_krw": [19000, 88000]}, index=["Busan", "Seoul"])',
        ],
        "equivalent": [
            {
                "diff": '- joined = orders.merge(customers, on="customer_id")\n'
                        '+ joined = orders.merge(customers)',
                "reason": "customer_id is the only column the two tables share, and merge joins on the shared "
                          "columns by default",
            },
        ],
    },
    "q9_clean_email": {
        "domain": {"inputs": "the inputs the question states: with < and >, the address between them; without the spaces, tabs and newlines around it; in lower case"},
        "hints": [
            "Three string methods: `split` (or `find` and slicing) for the part between `<` and `>`, `strip()` "
            "for the whitespace around, `lower()`.",
            "Without `<` in the text, the whole text is the address. Strip after you cut out the part between the "
            "brackets: there may be spaces inside them too.",
        ],
        "alternatives": [
            'def clean_email(raw):\n'
            '    start, end = raw.find("<"), raw.find(">")\n'
            '    if start != -1 and end > start:\n'
            '        raw = raw[start + 1:end]\n'
            '    return raw.lower().strip()',
            'import re\n'
            'def clean_email(raw):\n'
            '    m = re.search(r"<([^>]*)>", raw)\n'
            '    return (m.group(1) if m else raw).strip().lower()',
        ],
        "wrong": [
            # the brackets and the name left in
            {"violates": "angle-brackets", "code":
             'def clean_email(raw):\n'
             '    return raw.strip().lower()'},
            # the whitespace left around
            {"violates": "strip", "code":
             'def clean_email(raw):\n'
             '    if "<" in raw:\n'
             '        raw = raw.split("<")[1].split(">")[0]\n'
             '    return raw.lower()'},
            # the whitespace stripped around the text only, before the cut: the spaces inside the brackets stay
            {"violates": "strip", "code":
             'def clean_email(raw):\n'
             '    raw = raw.strip()\n'
             '    if "<" in raw and ">" in raw:\n'
             '        raw = raw.split("<", 1)[1].split(">", 1)[0]\n'
             '    return raw.lower()'},
            # the case kept
            {"violates": "lower", "code":
             'def clean_email(raw):\n'
             '    if "<" in raw:\n'
             '        raw = raw.split("<")[1].split(">")[0]\n'
             '    return raw.strip()'},
            # the visible answers
            'def clean_email(raw):\n'
            '    return "jisoo@daonmarket.kr" if "JISOO" in raw else "minji.kim@daonmarket.kr"',
        ],
        "equivalent": [
            {
                "diff": '- raw = raw.split("<", 1)[1].split(">", 1)[0]\n'
                        '+ raw = raw.split("<", 2)[1].split(">", 1)[0]',
                "reason": "an address text holds one < at most: splitting at the first one or two gives the "
                          "same second part",
            },
            {
                "diff": '- raw = raw.split("<", 1)[1].split(">", 1)[0]\n'
                        '+ raw = raw.split("<", 1)[1].split(">", 2)[0]',
                "reason": "only the part before the first > is kept, however many splits are made",
            },
            {
                "diff": '- if "<" in raw and ">" in raw:\n'
                        '+ if "<" in raw or ">" in raw:',
                "reason": "the question's forms hold both brackets or neither; a text with only one of them "
                          "is not a shape the question names",
            },
        ],
    },
    "q10_fix_from_message": {
        "domain": {"inputs": "the inputs the question states: every full window, the last one too; only full windows: none runs past the end (a window longer than the list: []); each value is the mean of its window (a float)"},
        "hints": [
            "The message shows three of the four windows: the first three are right, the last is missing. Which "
            "line of the function decides how many windows there are?",
            "With 6 values and a window of 3, the windows start at 0, 1, 2 and 3: four starts. What does "
            "`range(len(values) - window)` give?",
        ],
        "alternatives": [
            'def moving_average(values, window):\n'
            '    return [sum(values[i:i + window]) / window for i in range(len(values) - window + 1)]',
            'def moving_average(values, window):\n'
            '    out = []\n'
            '    for end in range(window, len(values) + 1):\n'
            '        out.append(sum(values[end - window:end]) / window)\n'
            '    return out',
        ],
        "wrong": [
            # the teammate's function, unchanged
            {"violates": "last-window", "code":
             'def moving_average(values, window):\n'
             '    out = []\n'
             '    for i in range(len(values) - window):\n'
             '        out.append(sum(values[i:i + window]) / window)\n'
             '    return out'},
            # a window for every value: the last ones run past the end
            {"violates": "full-windows-only", "code":
             'def moving_average(values, window):\n'
             '    out = []\n'
             '    for i in range(len(values)):\n'
             '        part = values[i:i + window]\n'
             '        out.append(sum(part) / len(part))\n'
             '    return out'},
            # integer division
            {"violates": "window-mean", "code":
             'def moving_average(values, window):\n'
             '    out = []\n'
             '    for i in range(len(values) - window + 1):\n'
             '        out.append(sum(values[i:i + window]) // window)\n'
             '    return out'},
            # the visible answer
            'def moving_average(values, window):\n'
            '    return [8 / 3, 2.0, 10 / 3, 5.0]',
        ],
    },
    "q11_standardize": {
        # whether X is left unchanged rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`standardize`",
            "forging": "a hook that rewrites the probe's reply, against one `astype` call that leaves the input alone",
        },
        "domain": {"inputs": "the inputs the question states: a 2-D array of shape (n, d), n and d 1 or more, of float64 "
                   "or ints; hidden: tall, wide (two rows), one row (every column all equal), one column, a column "
                   "whose values are all equal, large and negative values, an int array"},
        "hints": [
            "`X.mean(axis=0)` and `X.std(axis=0)` give one value per column, each of shape `(d,)`. Print their "
            "shapes on the example: `axis=1` would give one value per row, shape `(n,)`, which cannot line up "
            "with `(n, d)` unless the array is square.",
            "`(X - mean) / std` broadcasts the `(d,)` statistics over every row, and builds a new array: no loop, "
            "and no `-=` into `X`. `np.std` is already the population standard deviation (`ddof=0`).",
            "A column whose values are all equal has std 0, and 0 / 0 is `nan`. Divide by "
            "`np.where(std == 0, 1, std)` instead: such a column is then 0 / 1 = 0. Convert first with "
            "`X.astype(np.float64)`, which makes a copy: an int array then gives float64 too.",
        ],
        "alternatives": [
            # the statistics kept as (1, d) with keepdims, the zero std handled by np.divide's where
            'import numpy as np\n'
            'def standardize(X):\n'
            '    X = X.astype(float)\n'
            '    centred = X - X.mean(axis=0, keepdims=True)\n'
            '    std = np.sqrt((centred ** 2).mean(axis=0, keepdims=True))\n'
            '    return np.divide(centred, std, out=np.zeros_like(centred), where=std > 0)',
            # scikit-learn's StandardScaler: population std, a zero-variance column scaled by 1 (so 0), float64
            'from sklearn.preprocessing import StandardScaler\n'
            'def standardize(X):\n'
            '    return StandardScaler().fit_transform(X)',
            # a loop over the columns, as advice allows
            'import numpy as np\n'
            'def standardize(X):\n'
            '    out = np.zeros(X.shape)\n'
            '    for j in range(X.shape[1]):\n'
            '        col = X[:, j].astype(np.float64)\n'
            '        s = col.std()\n'
            '        if s > 0:\n'
            '            out[:, j] = (col - col.mean()) / s\n'
            '    return out',
        ],
        "wrong": [
            # each row standardised (axis=1), keepdims so it runs on any shape
            {"violates": "columns", "code":
             'import numpy as np\n'
             'def standardize(X):\n'
             '    X = np.asarray(X, dtype=np.float64)\n'
             '    std = X.std(axis=1, keepdims=True)\n'
             '    return (X - X.mean(axis=1, keepdims=True)) / np.where(std == 0, 1.0, std)'},
            # axis=1 without keepdims: (n, d) minus shape (n,) only runs on a square array
            {"violates": "any-shape", "code":
             'import numpy as np\n'
             'def standardize(X):\n'
             '    X = np.asarray(X, dtype=np.float64)\n'
             '    std = X.std(axis=1)\n'
             '    return (X - X.mean(axis=1)) / np.where(std == 0, 1.0, std)'},
            # one mean and one std for the whole array
            {"violates": "columns", "code":
             'import numpy as np\n'
             'def standardize(X):\n'
             '    X = np.asarray(X, dtype=np.float64)\n'
             '    std = X.std()\n'
             '    return (X - X.mean()) / (std if std else 1.0)'},
            # the sample standard deviation (ddof=1), as pandas' .std() gives
            {"violates": "population-std", "code":
             'import numpy as np\n'
             'def standardize(X):\n'
             '    X = np.asarray(X, dtype=np.float64)\n'
             '    std = X.std(axis=0, ddof=1) if len(X) > 1 else np.zeros(X.shape[1])\n'
             '    return (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std)'},
            # 0 / 0: a column whose values are all equal becomes nan
            {"violates": "zero-std", "code":
             'import numpy as np\n'
             'def standardize(X):\n'
             '    X = np.asarray(X, dtype=np.float64)\n'
             '    return (X - X.mean(axis=0)) / X.std(axis=0)'},
            # in place: X itself is overwritten (and an int X cannot hold the floats)
            {"violates": "unchanged", "code":
             'import numpy as np\n'
             'def standardize(X):\n'
             '    std = X.std(axis=0)\n'
             '    X -= X.mean(axis=0)\n'
             '    X /= np.where(std == 0, 1.0, std)\n'
             '    return X'},
            # np.asarray returns a float X itself, not a copy: -= and /= then overwrite the caller's array
            {"violates": "unchanged", "code":
             'import numpy as np\n'
             'def standardize(X):\n'
             '    X = np.asarray(X, dtype=np.float64)\n'
             '    std = X.std(axis=0)\n'
             '    X -= X.mean(axis=0)\n'
             '    X /= np.where(std == 0, 1.0, std)\n'
             '    return X'},
            # float32 to save memory
            {"violates": "float64", "code":
             'import numpy as np\n'
             'def standardize(X):\n'
             '    X = np.asarray(X, dtype=np.float32)\n'
             '    std = X.std(axis=0)\n'
             '    return (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std)'},
            # the visible answer
            'import numpy as np\n'
            'def standardize(X):\n'
            '    return np.array([[-1.0, -1.0, 0.0], [-1.0, 1.0, 0.0], [1.0, -1.0, 0.0], [1.0, 1.0, 0.0]])',
        ],
        "equivalent": [
            {
                "diff": '- return (X - mean) / np.where(std == 0, 1.0, std)\n'
                        '+ return (X - mean) / np.where(std == 0, 2.0, std)',
                "reason": "where std is 0 the column's values all equal its mean, so X - mean is 0 there and any "
                          "non-zero divisor gives 0",
            },
            {
                "diff": '- X = np.asarray(X, dtype=np.float64)\n'
                        '+ X = np.asarray(X)',
                "reason": "X holds float64 or ints (the question says so); X - mean, mean a float64, is float64 "
                          "either way, and nothing is written into X",
            },
        ],
    },
}
