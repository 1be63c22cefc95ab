"""The exercises of 05_licensing_ethics, each with its parts side by side, keyed by the grade id of its
answer cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook and
may use the setup cell's imports (re, math, np, pd, plt, AGE_BANDS, ...)."""

# the alternative model card of question 14 (some wrong answers change one field of it)
_MODEL_CARD = (
    'model_card = {s: {} for s in MODEL_CARD_SECTIONS}\n'
    'model_card["model_details"].update(developers="Daon Market ML team", date="2026-06-30", version="2",\n'
    '    model_type="logistic regression churn classifier", license="internal use only, no redistribution",\n'
    '    contact="write to ml@daon.example please")\n'
    'model_card["intended_use"].update(primary_uses=["choose customers for retention offers"],\n'
    '    primary_users="the CRM team at Daon Market", out_of_scope_uses=["pricing or credit decisions",\n'
    '    "any use outside Daon Market"])\n'
    'model_card["factors"].update(relevant_factors="customer age band and region",\n'
    '    evaluation_factors="age bands 10s to 60+ from the shop database")\n'
    'model_card["metrics"].update(performance_measures="accuracy and per-band selection, TPR and FPR",\n'
    '    decision_threshold="flag when the score is 0.5 or more", variation_approaches="single test split for now")\n'
    'model_card["evaluation_data"].update(datasets="held-out 1,200 customers",\n'
    '    motivation="unseen customers from every age band", preprocessing="same pipeline as training data")\n'
    'model_card["training_data"]["description"] = "eighteen months of Daon Market orders"\n'
    'model_card["quantitative_analyses"].update(\n'
    '    unitary_results=["selection rate 10s 0.44", "20s 0.36", "30s 0.25", "40s 0.27", "50s 0.35", "60+ 0.70"],\n'
    '    intersectional_results="age by region not yet analysed, too few customers per cell")\n'
    'model_card["ethical_considerations"].update(\n'
    '    risks_and_harms="older customers are flagged far more often than they churn",\n'
    '    mitigations="flags only lead to coupons, reviewed quarterly")\n'
    'model_card["caveats_and_recommendations"].update(caveats="few older customers in the training data",\n'
    '    recommendations="collect more data and check per-band metrics every quarter")'
)


def _edit(code: str, old: str, new: str) -> str:
    """`code` with `old` replaced once by `new` (a wrong answer made from a correct one, one change)."""
    assert code.count(old) == 1, old
    return code.replace(old, new)


# a correct answer to question 4 written another way; most of its wrong answers change one line of it
_CLEARANCE = (
    'def training_clearance(sources):\n'
    '    out = {"blocked": {}, "credit": [], "weights_private": False, "ship": True}\n'
    '    for name, mark in sources.items():\n'
    '        text = mark.strip().lower()\n'
    '        m = re.fullmatch(r"(?:kogl type |공공누리 제)([0-4])(?:유형)?( \\+ ai(?: type|유형))?", text)\n'
    '        if m:\n'
    '            t, ai = int(m.group(1)), m.group(2) is not None\n'
    '            if t == 0:\n'
    '                continue\n'
    '            reason = None if ai else {2: "no_commercial", 3: "no_changes", 4: "no_commercial"}.get(t)\n'
    '            nd = False\n'
    '        elif re.fullmatch(r"cc[ -]by(-nc|-sa|-nd)*([ -]\\d\\.\\d)?", text):\n'
    '            reason = "no_commercial" if "-nc" in text else None\n'
    '            nd = "-nd" in text\n'
    '        else:\n'
    '            raise ValueError(mark)\n'
    '        if reason:\n'
    '            out["blocked"][name] = reason\n'
    '            out["ship"] = False\n'
    '        else:\n'
    '            out["credit"].append(name)\n'
    '            out["weights_private"] |= nd\n'
    '    return out\n'
)


EXERCISES = {
    "q1_parse_cc": {
        "domain": {'inputs': 'CC licence names in any spelling and case, versions, other licences'},
        "hints": [
            "Adapt the worked example's regular expression, but let the elements group accept only by, nc, sa "
            "and nd, and use re.fullmatch with re.IGNORECASE.",
            "After matching, upper-case the elements and split them on '-'. Then check the rules: BY must be "
            "there, no element twice, and not SA together with ND.",
            "Build the dict with one boolean per element (True when the element is in your list) and add the "
            "version group, which is None when the optional group did not match.",
        ],
        "alternatives": [
            # token-based instead of one regex
            'def parse_cc(license):\n'
            '    if not isinstance(license, str):\n'
            '        raise ValueError(license)\n'
            '    tokens = [t for t in re.split(r"[\\s-]+", license.strip().upper()) if t]\n'
            '    if not tokens or tokens[0] != "CC":\n'
            '        raise ValueError(license)\n'
            '    version = None\n'
            '    if re.fullmatch(r"\\d\\.\\d", tokens[-1]):\n'
            '        version = tokens.pop()\n'
            '    elements = tokens[1:]\n'
            '    if (not elements or any(e not in ("BY", "NC", "SA", "ND") for e in elements)\n'
            '            or "BY" not in elements or len(set(elements)) < len(elements)\n'
            '            or ("SA" in elements and "ND" in elements)):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in elements, "SA": "SA" in elements,\n'
            '            "ND": "ND" in elements, "version": version}',
        ],
        "wrong": [
            # forgets the SPDX spelling (only spaces as separators)
            {"violates": "spellings", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc ((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?: (\\d\\.\\d))?\\s*", license, re.I)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if "BY" not in el or ("SA" in el and "ND" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2)}'},
            # never raises: substring tests accept anything
            'def parse_cc(license):\n'
            '    u = license.upper()\n'
            '    v = re.search(r"\\d\\.\\d", u)\n'
            '    return {"BY": "BY" in u, "NC": "NC" in u, "SA": "SA" in u, "ND": "ND" in u,\n'
            '            "version": v.group() if v else None}',
            # case-sensitive: only upper-case spellings are accepted
            {"violates": "any-case", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*CC[\\s-]+((?:BY|NC|SA|ND)(?:-(?:BY|NC|SA|ND))*)(?:[\\s-]+(\\d\\.\\d))?\\s*",\n'
            '                     license)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).split("-")\n'
            '    if "BY" not in el or ("SA" in el and "ND" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2)}'},
            # surrounding spaces not accepted
            {"violates": "spaces-around", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"cc[\\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?:[\\s-]+(\\d\\.\\d))?",\n'
            '                     str(license), flags=re.IGNORECASE)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if \"BY\" not in el or len(set(el)) < len(el) or (\"SA\" in el and \"ND\" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2)}'},
            # only the elements present, no False entries
            {"violates": "elements", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc[\\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?:[\\s-]+(\\d\\.\\d))?\\s*",\n'
            '                     str(license), flags=re.IGNORECASE)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if "BY" not in el or len(set(el)) < len(el) or ("SA" in el and "ND" in el):\n'
            '        raise ValueError(license)\n'
            '    return {**{e: True for e in el}, "version": m.group(2)}'},
            # the version as a number
            {"violates": "version", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc[\\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?:[\\s-]+(\\d\\.\\d))?\\s*",\n'
            '                     str(license), flags=re.IGNORECASE)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if \"BY\" not in el or len(set(el)) < len(el) or (\"SA\" in el and \"ND\" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": float(m.group(2)) if m.group(2) else None}'},
            # an empty string when there is no version
            {"violates": "no-version", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc[\\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?:[\\s-]+(\\d\\.\\d))?\\s*",\n'
            '                     str(license), flags=re.IGNORECASE)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if \"BY\" not in el or len(set(el)) < len(el) or (\"SA\" in el and \"ND\" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2) or \"\"}'},
            # anything that does not parse is taken for CC BY
            {"violates": "other-licence", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc[\\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?:[\\s-]+(\\d\\.\\d))?\\s*",\n'
            '                     str(license), flags=re.IGNORECASE)\n'
            '    if not m:\n'
            '        return {"BY": True, "NC": False, "SA": False, "ND": False, "version": None}\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if "BY" not in el or len(set(el)) < len(el) or ("SA" in el and "ND" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2)}'},
            # any letters accepted as elements
            {"violates": "unknown-element", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc[\\s-]+([a-z]+(?:-[a-z]+)*?)(?:[\\s-]+(\\d\\.\\d))?\\s*", str(license), flags=re.I)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if "BY" not in el or len(set(el)) < len(el) or ("SA" in el and "ND" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2)}'},
            # BY not required
            {"violates": "no-by", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc[\\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?:[\\s-]+(\\d\\.\\d))?\\s*",\n'
            '                     str(license), flags=re.IGNORECASE)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if len(set(el)) < len(el) or (\"SA\" in el and \"ND\" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2)}'},
            # SA with ND accepted
            {"violates": "sa-nd", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc[\\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?:[\\s-]+(\\d\\.\\d))?\\s*",\n'
            '                     str(license), flags=re.IGNORECASE)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if \"BY\" not in el or len(set(el)) < len(el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2)}'},
            # a repeated element accepted
            {"violates": "six-only", "code":
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc[\\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?:[\\s-]+(\\d\\.\\d))?\\s*",\n'
            '                     str(license), flags=re.IGNORECASE)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if \"BY\" not in el or (\"SA\" in el and \"ND\" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2)}'},
        ],
        "equivalent": [
            {
                "diff": "- if \"BY\" not in elements or len(set(elements)) != len(elements) or {\"SA\", "
                        "\"ND\"} <= set(elements):\n"
                        "+ if \"BY\" not in elements or len(set(elements)) != len(elements) or {\"SA\", "
                        "\"ND\"} < set(elements):",
                "reason": "SA and ND as the only elements means no BY, which the first condition already "
                          "rejects; with BY present both tests agree",
            },
        ],
    },
    "q2_cc_permits": {
        "domain": {'inputs': 'every CC element combination and use'},
        "hints": [
            "You only need to know which elements the licence contains; the version does not matter.",
            "commercial depends on NC only, share_adapted on ND only; share_verbatim is True for every CC "
            "licence.",
            "Collect the elements (your parse_cc, or re.findall on the lower-cased string), answer each of the "
            "three uses with one condition, and raise ValueError for anything else.",
        ],
        "alternatives": [
            # a permission table keyed by the ND/NC elements
            'def cc_permits(license, use):\n'
            '    up = license.upper().replace(" ", "-")\n'
            '    nc, nd = "-NC" in up, "-ND" in up\n'
            '    table = {"commercial": not nc, "share_verbatim": True, "share_adapted": not nd}\n'
            '    if use not in table:\n'
            '        raise ValueError(use)\n'
            '    return table[use]',
        ],
        "wrong": [
            # BY-ND treated as allowing shared adaptations (only SA/NC considered)
            {"violates": "adapted-nd", "code":
            'def cc_permits(license, use):\n'
            '    up = license.upper()\n'
            '    if use == "commercial":\n'
            '        return "NC" not in up\n'
            '    if use in ("share_verbatim", "share_adapted"):\n'
            '        return True\n'
            '    raise ValueError(use)'},
            # SA read as "no adaptations" and ND ignored
            'def cc_permits(license, use):\n'
            '    up = license.upper()\n'
            '    if use == "commercial":\n'
            '        return "NC" not in up\n'
            '    if use == "share_verbatim":\n'
            '        return True\n'
            '    if use == "share_adapted":\n'
            '        return "SA" not in up\n'
            '    raise ValueError(use)',
            # case-sensitive element test: "cc by-nc 4.0" looks commercial
            {"violates": "any-spelling", "code":
            'def cc_permits(license, use):\n'
            '    if use == "commercial":\n'
            '        return "NC" not in license\n'
            '    if use == "share_verbatim":\n'
            '        return True\n'
            '    if use == "share_adapted":\n'
            '        return "ND" not in license\n'
            '    raise ValueError(use)'},
            # ShareAlike read as "non-commercial too"
            {"violates": "commercial-nc", "code":
            'def cc_permits(license, use):\n'
            '    up = license.upper()\n'
            '    if use == "commercial":\n'
            '        return "NC" not in up and "SA" not in up\n'
            '    if use == "share_verbatim":\n'
            '        return True\n'
            '    if use == "share_adapted":\n'
            '        return "ND" not in up\n'
            '    raise ValueError(use)'},
            # NoDerivatives read as "no sharing at all"
            {"violates": "verbatim-always", "code":
            'def cc_permits(license, use):\n'
            '    up = license.upper()\n'
            '    if use == "commercial":\n'
            '        return "NC" not in up\n'
            '    if use in ("share_verbatim", "share_adapted"):\n'
            '        return "ND" not in up\n'
            '    raise ValueError(use)'},
            # any other use is simply not permitted
            {"violates": "unknown-use", "code":
            'def cc_permits(license, use):\n'
            '    up = license.upper()\n'
            '    if use == "commercial":\n'
            '        return "NC" not in up\n'
            '    if use == "share_verbatim":\n'
            '        return True\n'
            '    if use == "share_adapted":\n'
            '        return "ND" not in up\n'
            '    return False'},
        ],
    },
    "q3_adapter_licences": {
        "domain": {'inputs': 'sets of source licences, with SA, NC, ND mixed'},
        "hints": [
            "Write the FAQ chart as a dict from each original licence to the set of licences its adaptation "
            "may carry.",
            "A mix must satisfy every source at once: which set operation keeps only what all the rows allow?",
            "Start from the set of all six licences and intersect it with the row of each source (set &=). An "
            "ND row is the empty set, so anything mixed with it stays empty.",
        ],
        "alternatives": [
            # rule-based: an adapter licence is allowed if it keeps NC where needed and respects SA and ND
            'def adapter_licences(sources):\n'
            '    every = {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"}\n'
            '    ok = set()\n'
            '    for cand in every:\n'
            '        good = True\n'
            '        for s in sources:\n'
            '            if "ND" in s.split("-"):\n'
            '                good = False\n'
            '            elif "SA" in s.split("-") and cand != s:\n'
            '                good = False\n'
            '            elif "NC" in s.split("-") and "NC" not in cand.split("-"):\n'
            '                good = False\n'
            '        if good:\n'
            '            ok.add(cand)\n'
            '    return ok',
        ],
        "wrong": [
            # BY-ND treated like BY (adaptations allowed)
            {"violates": "nd-none", "code":
            'CHART = {"BY": {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"}, "BY-SA": {"BY-SA"},\n'
            '         "BY-NC": {"BY-NC", "BY-NC-SA", "BY-NC-ND"}, "BY-NC-SA": {"BY-NC-SA"},\n'
            '         "BY-ND": {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"},\n'
            '         "BY-NC-ND": {"BY-NC", "BY-NC-SA", "BY-NC-ND"}}\n'
            'def adapter_licences(sources):\n'
            '    out = set(CHART["BY"])\n'
            '    for s in sources:\n'
            '        out &= CHART[s]\n'
            '    return out'},
            # union instead of intersection: a BY-SA + NC mix looks shareable
            {"violates": "mix", "code":
            'CHART = {"BY": {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"}, "BY-SA": {"BY-SA"},\n'
            '         "BY-NC": {"BY-NC", "BY-NC-SA", "BY-NC-ND"}, "BY-NC-SA": {"BY-NC-SA"},\n'
            '         "BY-ND": set(), "BY-NC-ND": set()}\n'
            'def adapter_licences(sources):\n'
            '    out = set()\n'
            '    for s in sources:\n'
            '        out |= CHART[s]\n'
            '    return out'},
            # BY-SA adaptations may also add NC
            {"violates": "chart-sa", "code":
            'CHART = {"BY": {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"}, "BY-SA": {\"BY-SA\", \"BY-NC-SA\"},\n'
            '         "BY-NC": {\"BY-NC\", \"BY-NC-SA\", \"BY-NC-ND\"}, "BY-NC-SA": {"BY-NC-SA"}, "BY-ND": set(), "BY-NC-ND": set()}\n'
            'def adapter_licences(sources):\n'
            '    out = set(CHART["BY"])\n'
            '    for s in sources:\n'
            '        out &= CHART[s]\n'
            '    return out'},
            # BY-NC adaptations may drop NC
            {"violates": "chart-nc", "code":
            'CHART = {"BY": {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"}, "BY-SA": {\"BY-SA\"},\n'
            '         "BY-NC": {\"BY\", \"BY-SA\", \"BY-NC\", \"BY-NC-SA\", \"BY-NC-ND\"}, "BY-NC-SA": {"BY-NC-SA"}, "BY-ND": set(), "BY-NC-ND": set()}\n'
            'def adapter_licences(sources):\n'
            '    out = set(CHART["BY"])\n'
            '    for s in sources:\n'
            '        out &= CHART[s]\n'
            '    return out'},
            # a sorted list instead of a set
            {"violates": "set", "code":
            'CHART = {"BY": {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"}, "BY-SA": {\"BY-SA\"},\n'
            '         "BY-NC": {\"BY-NC\", \"BY-NC-SA\", \"BY-NC-ND\"}, "BY-NC-SA": {"BY-NC-SA"}, "BY-ND": set(), "BY-NC-ND": set()}\n'
            'def adapter_licences(sources):\n'
            '    out = set(CHART["BY"])\n'
            '    for s in sources:\n'
            '        out &= CHART[s]\n'
            '    return sorted(out)'},
            # a mix starting from nothing when the first source is BY: BY's row forgotten
            {"violates": "chart-by", "code":
            'CHART = {"BY": {"BY", "BY-SA", "BY-NC"}, "BY-SA": {"BY-SA"},\n'
            '         "BY-NC": {"BY-NC", "BY-NC-SA", "BY-NC-ND"}, "BY-NC-SA": {"BY-NC-SA"}, "BY-ND": set(), "BY-NC-ND": set()}\n'
            'def adapter_licences(sources):\n'
            '    out = {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"}\n'
            '    for s in sources:\n'
            '        out &= CHART[s]\n'
            '    return out'},
        ],
    },
    "q4_training_clearance": {
        "domain": {'inputs': 'KOGL types in English and Korean, CC spellings, other marks'},
        "hints": [
            "Work source by source: first read what kind of mark it is (a KOGL type, with or without the AI type, "
            "or a CC licence), then find the first of legal's five rules that applies to it. The worked example's "
            "regular expression reads KOGL marks; your parse_cc reads CC licences.",
            "For each source, two facts decide: does its licence forbid commercial use, and does it forbid making "
            "changes? The AI type clears both for a KOGL mark; a CC ND licence forbids only sharing, so it does "
            "not block; KOGL type 0 has no conditions and no credit at all.",
            "A blocked source gets its reason (no_commercial before no_changes) and no credit. Every other source "
            "except type 0 goes into credit, in the order of sources; a usable CC ND source sets weights_private. "
            "ship says whether blocked is empty.",
        ],
        "alternatives": [
            _CLEARANCE,
            # KOGL conditions as a table, CC through question 1's rules written out again
            'RULE = {1: None, 2: "no_commercial", 3: "no_changes", 4: "no_commercial"}\n'
            'def read_mark(mark):\n'
            '    kogl = re.fullmatch(r"\\s*(?:KOGL\\s+Type\\s+(\\d)|공공누리\\s+제(\\d)유형)(\\s*\\+\\s*AI\\s*(?:type|유형))?\\s*",\n'
            '                        mark, flags=re.IGNORECASE)\n'
            '    if kogl and int(kogl.group(1) or kogl.group(2)) <= 4:\n'
            '        t = int(kogl.group(1) or kogl.group(2))\n'
            '        if t == 0:\n'
            '            return None\n'
            '        return (None if kogl.group(3) else RULE[t]), False\n'
            '    cc = re.fullmatch(r"\\s*cc[\\s-]+((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?:[\\s-]+\\d\\.\\d)?\\s*", mark,\n'
            '                      flags=re.IGNORECASE)\n'
            '    if not cc:\n'
            '        raise ValueError(f"unknown mark {mark!r}")\n'
            '    elements = set(cc.group(1).upper().split("-"))\n'
            '    return ("no_commercial" if "NC" in elements else None), "ND" in elements\n'
            '\n'
            'def training_clearance(sources):\n'
            '    read = {name: read_mark(mark) for name, mark in sources.items()}\n'
            '    blocked = {name: r[0] for name, r in read.items() if r is not None and r[0] is not None}\n'
            '    usable = [name for name, r in read.items() if r is not None and r[0] is None]\n'
            '    return dict(ship=len(blocked) == 0, credit=usable, blocked=blocked,\n'
            '                weights_private=any(read[name][1] for name in usable))',
        ],
        "wrong": [
            # the English mark read case-sensitively: "kogl type 1" is not recognised
            {"violates": "kogl-en", "code": _edit(
                _CLEARANCE, 'r"(?:kogl type |공공누리 제)([0-4])(?:유형)?( \\+ ai(?: type|유형))?", text)',
                'r"(?:KOGL Type |공공누리 제)([0-4])(?:유형)?( \\+ (?:AI type|AI유형))?", mark.strip())')},
            # only the English spelling of a KOGL mark
            {"violates": "kogl-ko", "code": _edit(
                _CLEARANCE, 'r"(?:kogl type |공공누리 제)([0-4])(?:유형)?( \\+ ai(?: type|유형))?"',
                'r"kogl type ([0-4])( \\+ ai type)?"')},
            # CC licences only with spaces: "cc-by-sa-4.0" is not recognised
            {"violates": "cc-spellings", "code": _edit(
                _CLEARANCE, 'r"cc[ -]by(-nc|-sa|-nd)*([ -]\\d\\.\\d)?"', 'r"cc by(-nc|-sa|-nd)*( \\d\\.\\d)?"')},
            # an unknown mark is treated as usable instead of raising
            {"violates": "other-mark", "code": _edit(
                _CLEARANCE, '            raise ValueError(mark)\n', '            reason, nd = None, False\n')},
            # type 0 credited like type 1
            {"violates": "type-0", "code": _edit(
                _CLEARANCE, '            if t == 0:\n                continue\n', '')},
            # the AI type ignored: KOGL 2, 3 and 4 always block
            {"violates": "ai-type", "code": _edit(
                _CLEARANCE, 'reason = None if ai else {', 'reason = {')},
            # type 4 reported as no_changes: the rules' order not followed
            {"violates": "no-commercial", "code": _edit(
                _CLEARANCE, '4: "no_commercial"}', '4: "no_changes"}')},
            # KOGL type 3 read like CC ND: allowed when the weights stay private
            {"violates": "no-changes", "code": _edit(
                _CLEARANCE, '3: "no_changes", ', '')},
            # CC ND blocks like KOGL's 변경금지
            {"violates": "cc-nd-usable", "code": _edit(
                _CLEARANCE, '"no_commercial" if "-nc" in text else None',
                '"no_commercial" if "-nc" in text else "no_changes" if "-nd" in text else None')},
            # CC SA taken as blocking, as if the model were shared
            {"violates": "cc-sa-usable", "code": _edit(
                _CLEARANCE, '"no_commercial" if "-nc" in text else None',
                '"no_commercial" if "-nc" in text else "no_changes" if "-sa" in text else None')},
            # credit sorted by name instead of the order of sources
            {"violates": "credit-order", "code": _edit(
                _CLEARANCE, '    return out', '    out["credit"].sort()\n    return out')},
            # a blocked CC ND source also makes the weights private
            {"violates": "weights-private", "code": _edit(
                _CLEARANCE, '        if reason:\n', '        out["weights_private"] |= nd\n        if reason:\n')},
            # ship left True whatever is blocked
            {"violates": "ship", "code": _edit(_CLEARANCE, '            out["ship"] = False\n', '')},
        ],
        "equivalent": [
            {
                "diff": "- no_changes = kogl_type in (3, 4) and not lifted\n"
                        "+ no_changes = kogl_type in (3, 5) and not lifted",
                "reason": "type 4 also forbids commercial use and rule 3 (no_commercial) is checked first, so "
                          "whether no_changes counts type 4 never changes the result",
            },
            {
                "diff": "- no_changes = kogl_type in (3, 4) and not lifted\n"
                        "+ no_changes = kogl_type in (3, 3) and not lifted",
                "reason": "type 4 also forbids commercial use and rule 3 (no_commercial) is checked first, so "
                          "whether no_changes counts type 4 never changes the result",
            },
        ],
    },
    "q5_audit_sources": {
        "domain": {'inputs': 'manifests with missing keys and every rule',
         'data': {'stated': 'ethics', 'cases': ['rules']}},
        "hints": [
            "Loop over the rows (manifest.itertuples(index=False) gives row.source_id, row.kind, row.content, "
            "row.license) and apply the six rules in order; the first one that applies decides.",
            "Normalise the licence first: pd.isna() for None and NaN, then str(...).strip().lower(). "
            "Facts-only news is checked before the licence, because facts are not protected at all.",
            "For each recognised licence work out two booleans, 'forbids commercial use' and 'forbids "
            "adaptations' (CC: NC and ND; KOGL: types 2/4 and 3/4; contract: neither), then compare them with "
            "use.get('commercial', False) and use.get('share_adapted', False).",
        ],
        "alternatives": [
            # vectorised with pandas, one reason column
            'def audit_sources(manifest, use):\n'
            '    lic = manifest["license"].fillna("").astype(str).str.strip().str.lower()\n'
            '    facts = (manifest["kind"] == "news") & (manifest["content"] == "facts")\n'
            '    cc = lic.str.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?")\n'
            '    kogl = lic.str.fullmatch(r"kogl type [1-4]")\n'
            '    known = cc | kogl | (lic == "contract") | (lic == "all rights reserved")\n'
            '    nc = (cc & lic.str.contains("-nc")) | lic.isin(["kogl type 2", "kogl type 4"])\n'
            '    nd = (cc & lic.str.contains("-nd")) | lic.isin(["kogl type 3", "kogl type 4"])\n'
            '    reason = pd.Series(None, index=manifest.index, dtype=object)\n'
            '    rules = [(~known, "unknown_licence"), (lic == "all rights reserved", "all_rights_reserved"),\n'
            '             (nc & bool(use.get("commercial")), "no_commercial"),\n'
            '             (nd & bool(use.get("share_adapted")), "no_derivatives")]\n'
            '    for mask, code in rules:\n'
            '        reason[mask & reason.isna() & ~facts] = code\n'
            '    ids = manifest["source_id"]\n'
            '    allowed = ids[reason.isna()].tolist()\n'
            '    excluded = dict(zip(ids[reason.notna()], reason[reason.notna()]))\n'
            '    return allowed, excluded',
        ],
        "wrong": [
            # an unknown licence is let through
            {"violates": "missing-unknown", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for _, r in manifest.iterrows():\n'
            '        lic = "" if pd.isna(r["license"]) else str(r["license"]).lower()\n'
            '        if lic == "all rights reserved" and not (r["kind"] == "news" and r["content"] == "facts"):\n'
            '            excluded[r["source_id"]] = "all_rights_reserved"\n'
            '        elif use.get("commercial") and ("nc" in lic or lic in ("kogl type 2", "kogl type 4")):\n'
            '            excluded[r["source_id"]] = "no_commercial"\n'
            '        elif use.get("share_adapted") and ("nd" in lic or lic in ("kogl type 3", "kogl type 4")):\n'
            '            excluded[r["source_id"]] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(r["source_id"])\n'
            '    return allowed, excluded'},
            # news facts treated like any other source (the licence column decides)
            {"violates": "facts-first", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for _, r in manifest.iterrows():\n'
            '        lic = "" if pd.isna(r["license"]) else str(r["license"]).strip().lower()\n'
            '        sid = r["source_id"]\n'
            '        if lic in ("", "unknown"):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '        elif lic == "all rights reserved":\n'
            '            excluded[sid] = "all_rights_reserved"\n'
            '        elif not (lic == "contract" or lic.startswith("cc") or lic.startswith("kogl")):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '        elif use.get("commercial") and ("-nc" in lic or lic[-1:] in "24" and lic.startswith("kogl")):\n'
            '            excluded[sid] = "no_commercial"\n'
            '        elif use.get("share_adapted") and ("-nd" in lic or lic[-1:] in "34" and lic.startswith("kogl")):\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return allowed, excluded'},
            # hard-coded to the visible manifest
            'def audit_sources(manifest, use):\n'
            '    return ["S02", "S04", "S08", "S10"], {"S01": "no_commercial", "S03": "unknown_licence",\n'
            '        "S05": "no_commercial", "S06": "no_commercial", "S07": "unknown_licence", "S09": "unknown_licence"}',
            # exact spellings of the visible manifest only (no lower-casing)
            {"violates": "any-case", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        lic = row.license if isinstance(row.license, str) else ""\n'
            '        nc = "-NC" in lic or lic in ("KOGL Type 2", "KOGL Type 4")\n'
            '        nd = "-ND" in lic or lic in ("KOGL Type 3", "KOGL Type 4")\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(row.source_id)\n'
            '        elif lic == "all rights reserved":\n'
            '            excluded[row.source_id] = "all_rights_reserved"\n'
            '        elif not (lic == "contract" or lic.startswith("KOGL Type") or lic.startswith("CC")):\n'
            '            excluded[row.source_id] = "unknown_licence"\n'
            '        elif use.get("commercial") and nc:\n'
            '            excluded[row.source_id] = "no_commercial"\n'
            '        elif use.get("share_adapted") and nd:\n'
            '            excluded[row.source_id] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(row.source_id)\n'
            '    return allowed, excluded'},
            # 'all rights reserved' not recognised: reported as an unknown licence
            {"violates": "all-rights-reserved", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        sid = row.source_id\n'
            '        lic = "" if pd.isna(row.license) else str(row.license).strip().lower()\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(sid)\n'
            '            continue\n'
            '        if lic in ("", "unknown"):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if lic == "contract":\n'
            '            nc = nd = False\n'
            '        elif re.fullmatch(r"kogl type [1-4]", lic):\n'
            '            nc, nd = lic[-1] in "24", lic[-1] in "34"\n'
            '        elif re.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?", lic):\n'
            '            nc, nd = "-nc" in lic, "-nd" in lic\n'
            '        else:\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if use.get("commercial", False) and nc:\n'
            '            excluded[sid] = "no_commercial"\n'
            '        elif use.get("share_adapted", False) and nd:\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return allowed, excluded'},
            # only KOGL type 4 read as non-commercial (type 2 missed)
            {"violates": "no-commercial", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        sid = row.source_id\n'
            '        lic = "" if pd.isna(row.license) else str(row.license).strip().lower()\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(sid)\n'
            '            continue\n'
            '        if lic in ("", "unknown"):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if lic == "all rights reserved":\n'
            '            excluded[sid] = "all_rights_reserved"\n'
            '            continue\n'
            '        if lic == "contract":\n'
            '            nc = nd = False\n'
            '        elif re.fullmatch(r"kogl type [1-4]", lic):\n'
            '            nc, nd = lic[-1] == "4", lic[-1] in "34"\n'
            '        elif re.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?", lic):\n'
            '            nc, nd = "-nc" in lic, "-nd" in lic\n'
            '        else:\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if use.get("commercial", False) and nc:\n'
            '            excluded[sid] = "no_commercial"\n'
            '        elif use.get("share_adapted", False) and nd:\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return allowed, excluded'},
            # only KOGL type 3 read as no-derivatives (type 4 missed)
            {"violates": "no-derivatives", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        sid = row.source_id\n'
            '        lic = "" if pd.isna(row.license) else str(row.license).strip().lower()\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(sid)\n'
            '            continue\n'
            '        if lic in ("", "unknown"):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if lic == "all rights reserved":\n'
            '            excluded[sid] = "all_rights_reserved"\n'
            '            continue\n'
            '        if lic == "contract":\n'
            '            nc = nd = False\n'
            '        elif re.fullmatch(r"kogl type [1-4]", lic):\n'
            '            nc, nd = lic[-1] in "24", lic[-1] == "3"\n'
            '        elif re.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?", lic):\n'
            '            nc, nd = "-nc" in lic, "-nd" in lic\n'
            '        else:\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if use.get("commercial", False) and nc:\n'
            '            excluded[sid] = "no_commercial"\n'
            '        elif use.get("share_adapted", False) and nd:\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return allowed, excluded'},
            # no_derivatives checked before no_commercial
            {"violates": "first-rule", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        sid = row.source_id\n'
            '        lic = "" if pd.isna(row.license) else str(row.license).strip().lower()\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(sid)\n'
            '            continue\n'
            '        if lic in ("", "unknown"):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if lic == "all rights reserved":\n'
            '            excluded[sid] = "all_rights_reserved"\n'
            '            continue\n'
            '        if lic == "contract":\n'
            '            nc = nd = False\n'
            '        elif re.fullmatch(r"kogl type [1-4]", lic):\n'
            '            nc, nd = lic[-1] in "24", lic[-1] in "34"\n'
            '        elif re.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?", lic):\n'
            '            nc, nd = "-nc" in lic, "-nd" in lic\n'
            '        else:\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if use.get("share_adapted", False) and nd:\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        elif use.get("commercial", False) and nc:\n'
            '            excluded[sid] = "no_commercial"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return allowed, excluded'},
            # 'contract' not recognised: reported as an unknown licence
            {"violates": "contract", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        sid = row.source_id\n'
            '        lic = "" if pd.isna(row.license) else str(row.license).strip().lower()\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(sid)\n'
            '            continue\n'
            '        if lic in ("", "unknown"):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if lic == "all rights reserved":\n'
            '            excluded[sid] = "all_rights_reserved"\n'
            '            continue\n'
            '        if re.fullmatch(r"kogl type [1-4]", lic):\n'
            '            nc, nd = lic[-1] in "24", lic[-1] in "34"\n'
            '        elif re.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?", lic):\n'
            '            nc, nd = "-nc" in lic, "-nd" in lic\n'
            '        else:\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if use.get("commercial", False) and nc:\n'
            '            excluded[sid] = "no_commercial"\n'
            '        elif use.get("share_adapted", False) and nd:\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return allowed, excluded'},
            # a string that is no known licence is let through
            {"violates": "other-unknown", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        sid = row.source_id\n'
            '        lic = "" if pd.isna(row.license) else str(row.license).strip().lower()\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(sid)\n'
            '            continue\n'
            '        if lic in ("", "unknown"):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if lic == "all rights reserved":\n'
            '            excluded[sid] = "all_rights_reserved"\n'
            '            continue\n'
            '        if lic == "contract":\n'
            '            nc = nd = False\n'
            '        elif re.fullmatch(r"kogl type [1-4]", lic):\n'
            '            nc, nd = lic[-1] in "24", lic[-1] in "34"\n'
            '        elif re.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?", lic):\n'
            '            nc, nd = "-nc" in lic, "-nd" in lic\n'
            '        else:\n'
            '            nc = nd = False\n'
            '        if use.get("commercial", False) and nc:\n'
            '            excluded[sid] = "no_commercial"\n'
            '        elif use.get("share_adapted", False) and nd:\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return allowed, excluded'},
            # use['commercial']: a KeyError when the key is missing
            {"violates": "missing-key", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        sid = row.source_id\n'
            '        lic = "" if pd.isna(row.license) else str(row.license).strip().lower()\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(sid)\n'
            '            continue\n'
            '        if lic in ("", "unknown"):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if lic == "all rights reserved":\n'
            '            excluded[sid] = "all_rights_reserved"\n'
            '            continue\n'
            '        if lic == "contract":\n'
            '            nc = nd = False\n'
            '        elif re.fullmatch(r"kogl type [1-4]", lic):\n'
            '            nc, nd = lic[-1] in "24", lic[-1] in "34"\n'
            '        elif re.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?", lic):\n'
            '            nc, nd = "-nc" in lic, "-nd" in lic\n'
            '        else:\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if use["commercial"] and nc:\n'
            '            excluded[sid] = "no_commercial"\n'
            '        elif use["share_adapted"] and nd:\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return allowed, excluded'},
            # allowed sorted by source_id
            {"violates": "manifest-order", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        sid = row.source_id\n'
            '        lic = "" if pd.isna(row.license) else str(row.license).strip().lower()\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(sid)\n'
            '            continue\n'
            '        if lic in ("", "unknown"):\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if lic == "all rights reserved":\n'
            '            excluded[sid] = "all_rights_reserved"\n'
            '            continue\n'
            '        if lic == "contract":\n'
            '            nc = nd = False\n'
            '        elif re.fullmatch(r"kogl type [1-4]", lic):\n'
            '            nc, nd = lic[-1] in "24", lic[-1] in "34"\n'
            '        elif re.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?", lic):\n'
            '            nc, nd = "-nc" in lic, "-nd" in lic\n'
            '        else:\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if use.get("commercial", False) and nc:\n'
            '            excluded[sid] = "no_commercial"\n'
            '        elif use.get("share_adapted", False) and nd:\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return sorted(allowed), excluded'},
            # sources without any licence skipped: neither allowed nor excluded
            {"violates": "every-excluded", "code":
            'def audit_sources(manifest, use):\n'
            '    allowed, excluded = [], {}\n'
            '    for row in manifest.itertuples(index=False):\n'
            '        sid = row.source_id\n'
            '        lic = "" if pd.isna(row.license) else str(row.license).strip().lower()\n'
            '        if row.kind == "news" and row.content == "facts":\n'
            '            allowed.append(sid)\n'
            '            continue\n'
            '        if lic == "":\n'
            '            continue\n'
            '        if lic == "unknown":\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if lic == "all rights reserved":\n'
            '            excluded[sid] = "all_rights_reserved"\n'
            '            continue\n'
            '        if lic == "contract":\n'
            '            nc = nd = False\n'
            '        elif re.fullmatch(r"kogl type [1-4]", lic):\n'
            '            nc, nd = lic[-1] in "24", lic[-1] in "34"\n'
            '        elif re.fullmatch(r"cc[ -]by(-(nc|sa|nd))*([ -]\\d\\.\\d)?", lic):\n'
            '            nc, nd = "-nc" in lic, "-nd" in lic\n'
            '        else:\n'
            '            excluded[sid] = "unknown_licence"\n'
            '            continue\n'
            '        if use.get("commercial", False) and nc:\n'
            '            excluded[sid] = "no_commercial"\n'
            '        elif use.get("share_adapted", False) and nd:\n'
            '            excluded[sid] = "no_derivatives"\n'
            '        else:\n'
            '            allowed.append(sid)\n'
            '    return allowed, excluded'},
        ],
        "equivalent": [
            {
                "diff": "- for row in manifest.itertuples(index=False):\n"
                        "+ for row in manifest.itertuples(index=True):",
                "reason": "the rows are read by column name (row.source_id, row.license...); an extra Index "
                          "field changes nothing for a manifest with these columns",
            },
            {
                "diff": "- for row in manifest.itertuples(index=False):\n"
                        "+ for row in manifest.itertuples():",
                "reason": "the rows are read by column name (row.source_id, row.license...); an extra Index "
                          "field changes nothing for a manifest with these columns",
            },
        ],
    },
    "q6_fair_use": {
        "hints": [
            "Go through the four factors of Article 35-5 one by one: purpose and character, nature of the "
            "work, amount used, market effect.",
            "For each factor say which way it points in this case: is the use commercial, how much of each "
            "review is copied, and does a market for this data already exist?",
            "Finish with advice (is fair use something to plan on?) and one issue outside copyright: think "
            "about databases, website terms, personal information and competition law.",
        ],
    },
    "q7_mask_pii": {
        "domain": {'inputs': 'Korean and Latin text, addresses with Korean glued before and after, numbers inside '
                   'longer numbers, month and day bounds of RRNs'},
        "hints": [
            "Write one regular expression per kind of data and replace with re.sub; test each on the visible "
            "examples before combining them.",
            "Use (?<!\\d) before and (?!\\d) after the phone and RRN patterns, so that digits inside longer "
            "numbers do not match. Month: (0[1-9]|1[0-2]); day: (0[1-9]|[12]\\d|3[01]).",
            "Order matters: mask e-mails first (digits can be part of an address), then RRNs, then phone "
            "numbers. For the e-mail's last label use [A-Za-z]{2,}, not \\w, because \\w also matches Korean "
            "letters.",
        ],
        "alternatives": [
            # an independent examiner's answer, straight from the text ([0-9] for digits, one label pattern
            # repeated): it got 0 when the hidden texts glued a Latin word after an address ("...orgContact")
            'EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}")\n'
            'RRN = re.compile(r"(?<![0-9])[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])-?[0-9]{7}(?![0-9])")\n'
            'PHONE = re.compile(r"(?<![0-9])010[- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL.sub("[EMAIL]", text)\n'
            '    text = RRN.sub("[RRN]", text)\n'
            '    return PHONE.sub("[PHONE]", text)',
            # one combined pattern with named groups and a replacement function
            'PII = re.compile(r"(?P<EMAIL>[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[a-zA-Z]{2,}(?![a-zA-Z]))"\n'
            '                 r"|(?<![0-9])(?P<RRN>[0-9]{2}(?:0[1-9]|1[012])(?:0[1-9]|[12][0-9]|3[01])-?[0-9]{7})(?![0-9])"\n'
            '                 r"|(?<![0-9])(?P<PHONE>010(?:-[0-9]{4}-|[ ][0-9]{4}[ ]|[0-9]{4})[0-9]{4})(?![0-9])", re.ASCII)\n'
            'def mask_pii(text):\n'
            '    return PII.sub(lambda m: "[" + m.lastgroup + "]", text)',
        ],
        "wrong": [
            # phone first, without whole-number boundaries: masks part of an RRN
            {"violates": "whole-numbers", "code":
            'def mask_pii(text):\n'
            '    text = re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", "[EMAIL]", text)\n'
            '    text = re.sub(r"010[- ]?\\d{4}[- ]?\\d{4}", "[PHONE]", text)\n'
            '    return re.sub(r"\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])-?\\d{7}", "[RRN]", text)'},
            # no month/day validation and \\w in the e-mail (eats Korean particles)
            'def mask_pii(text):\n'
            '    text = re.sub(r"\\w[\\w.+-]*@\\w+(\\.\\w+)+", "[EMAIL]", text)\n'
            '    text = re.sub(r"(?<!\\d)\\d{6}-?\\d{7}(?!\\d)", "[RRN]", text)\n'
            '    return re.sub(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)", "[PHONE]", text)',
            # right patterns, but no lookarounds: digits inside longer numbers get masked
            {"violates": "whole-numbers", "code":
            'def mask_pii(text):\n'
            '    text = re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", "[EMAIL]", text)\n'
            '    text = re.sub(r"\\d\\d(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])-?\\d{7}", "[RRN]", text)\n'
            '    return re.sub(r"010[- ]?\\d{4}[- ]?\\d{4}", "[PHONE]", text)'},
            # phone numbers only with hyphens or nothing (010 1234 5678 stays)
            {"violates": "phone-separators", "code":
            'def mask_pii(text):\n'
            '    text = re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", "[EMAIL]", text)\n'
            '    text = re.sub(r"(?<!\\d)\\d\\d(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)", "[RRN]", text)\n'
            '    return re.sub(r"(?<!\\d)010-?\\d{4}-?\\d{4}(?!\\d)", "[PHONE]", text)'},
            # the local part without _ % + -
            {"violates": "email-local", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9.]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # \\w in the local part: the Korean glued before an address is taken into it ("연락처minji@daon.kr"
            # -> "[EMAIL]"; issue 56: it got full marks while the hidden texts never glued Korean before an address)
            {"violates": "email-local", "code":
            'EMAIL_RE = re.compile(r"[\\w.%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # \\w in the domain's labels: a Korean label taken into an address ("help@다온마켓.kr")
            {"violates": "email-domain", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # a one-letter last label accepted
            {"violates": "email-tld", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]+")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # \w in the domain: Korean text glued after the address is eaten
            {"violates": "email-korean", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.\\w{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # numbers masked before e-mail addresses
            {"violates": "email-first", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    text = PHONE_RE.sub("[PHONE]", text)\n'
            '    return EMAIL_RE.sub("[EMAIL]", text)'},
            # any 01x prefix and old 3-digit middle groups
            {"violates": "phone-format", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)01\\d[- ]?\\d{3,4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # the hyphen of an RRN required
            {"violates": "rrn-hyphen", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # any two digits as the month
            {"violates": "rrn-month", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d\\d\\d(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # any two digits as the day
            {"violates": "rrn-day", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])\\d\\d-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # the old check-digit formula applied: new numbers are left unmasked
            {"violates": "no-checksum", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    def rrn(m):\n'
            '        d = [int(c) for c in m.group().replace("-", "")]\n'
            '        check = (11 - sum(a * b for a, b in zip(d, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5])) % 11) % 10\n'
            '        return "[RRN]" if check == d[12] else m.group()\n'
            '    text = RRN_RE.sub(rrn, text)\n'
            '    return PHONE_RE.sub("[PHONE]", text)'},
            # the result stripped of surrounding spaces
            {"violates": "unchanged", "code":
            'EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")\n'
            'RRN_RE = re.compile(r"(?<!\\d)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-?\\d{7}(?!\\d)")\n'
            'PHONE_RE = re.compile(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)")\n'
            'def mask_pii(text):\n'
            '    text = EMAIL_RE.sub("[EMAIL]", text)\n'
            '    text = RRN_RE.sub("[RRN]", text)\n'
            '    return PHONE_RE.sub("[PHONE]", text).strip()'},
        ],
    },
    "q8_k_anonymity": {
        "equivalent": [
            {"diff": "- return int(df.groupby(list(quasi_identifiers)).size().min())\n+ return round(df.groupby(list(quasi_identifiers)).size().min())",
             "reason": "round() of a numpy integer without ndigits returns the same Python int as int()"},
        ],
        "domain": {'inputs': 'quasi-identifiers as a list or a tuple, groups of size 1'},
        "hints": [
            "Rows that share all the quasi-identifier values form a group (an equivalence class); k is the "
            "size of the smallest group.",
            "df.groupby(list_of_columns).size() gives the size of every group.",
            "Group by list(quasi_identifiers) (a tuple must become a list), take .size().min() and convert it "
            "to int.",
        ],
        "alternatives": [
            'def k_anonymity(df, quasi_identifiers):\n'
            '    counts = {}\n'
            '    for key in df[list(quasi_identifiers)].itertuples(index=False, name=None):\n'
            '        counts[key] = counts.get(key, 0) + 1\n'
            '    return min(counts.values())',
            'def k_anonymity(df, quasi_identifiers):\n'
            '    return int(df.value_counts(subset=list(quasi_identifiers)).min())',
        ],
        "wrong": [
            # the largest group instead of the smallest
            {"violates": "smallest", "code":
            'def k_anonymity(df, quasi_identifiers):\n'
            '    return int(df.groupby(list(quasi_identifiers)).size().max())'},
            # only the first quasi-identifier
            {"violates": "all-columns", "code":
            'def k_anonymity(df, quasi_identifiers):\n'
            '    return int(df[quasi_identifiers[0]].value_counts().min())'},
            # the tuple passed to groupby as it is: taken for one column name
            {"violates": "list-or-tuple", "code":
            'def k_anonymity(df, quasi_identifiers):\n'
            '    return int(df.groupby(quasi_identifiers).size().min())'},
            # the numpy integer pandas returns, not converted: it prints like an int
            {"violates": "int", "code":
            'def k_anonymity(df, quasi_identifiers):\n'
            '    return df.groupby(list(quasi_identifiers)).size().min()'},
            # the minimum from describe(): a float
            {"violates": "int", "code":
            'def k_anonymity(df, quasi_identifiers):\n'
            '    return df.groupby(list(quasi_identifiers)).size().describe()["min"]'},
        ],
    },
    "q9_generalise": {
        "domain": {'inputs': 'ages at the band bounds, every level', 'data': {'stated': 'ethics', 'cases': ['rules']}},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`generalise`",
            "forging": "the returned frame is compared with the judge's own",
        },
        "hints": [
            "Write two small helpers first: one that generalises one age for a given level, one that "
            "generalises one district for a given level. Test them on a few values.",
            "For each (age_level, district_level) of GENERALISATION_LADDER, build a new table from df.copy() "
            "with the two columns replaced, and measure its k over QUASI_IDENTIFIERS.",
            "Return the first table whose smallest group has at least k rows; if the loop ends without "
            "returning, raise ValueError. Never assign into df itself.",
        ],
        "alternatives": [
            # pd.cut-style mapping with apply and a dict of functions per level
            'AGE_LEVELS = [lambda a: a,\n'
            '              lambda a: "60+" if a >= 60 else str(a - a % 10) + "s",\n'
            '              lambda a: "under 30" if a < 30 else "30-49" if a < 50 else "50+",\n'
            '              lambda a: "*"]\n'
            'REGION_LEVELS = [lambda d: d, lambda d: PROVINCE_OF[d], lambda d: "*"]\n'
            'def generalise(df, k):\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        g = df.assign(age=df["age"].apply(AGE_LEVELS[a]).astype(object),\n'
            '                      district=df["district"].map(REGION_LEVELS[r]))\n'
            '        if g.value_counts(subset=QUASI_IDENTIFIERS).min() >= k:\n'
            '            return g\n'
            '    raise ValueError("k is not reachable")',
        ],
        "wrong": [
            # modifies the input table in place
            {"violates": "no-modify", "code":
            'def generalise(df, k):\n'
            '    original = df.copy()\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        df["age"] = [x if a == 0 else ("60+" if x >= 60 else f"{x // 10 * 10}s") if a == 1 else\n'
            '                     ("under 30" if x < 30 else "30-49" if x < 50 else "50+") if a == 2 else "*"\n'
            '                     for x in original["age"]]\n'
            '        df["district"] = [[d, PROVINCE_OF[d], "*"][r] for d in original["district"]]\n'
            '        if df.groupby(QUASI_IDENTIFIERS).size().min() >= k:\n'
            '            return df\n'
            '    raise ValueError(k)'},
            # jumps straight to the most general step that suppresses everything
            {"violates": "first-step", "code":
            'def generalise(df, k):\n'
            '    out = df.copy()\n'
            '    out["age"] = "*"\n'
            '    out["district"] = "*"\n'
            '    if out.groupby(QUASI_IDENTIFIERS).size().min() < k:\n'
            '        raise ValueError(k)\n'
            '    return out'},
            # decades for every age: 60+ becomes "60s", "70s"
            {"violates": "band-60", "code":
            'def generalise(df, k):\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        out = df.copy()\n'
            '        out["age"] = [x if a == 0 else f"{x // 10 * 10}s" if a == 1 else\n'
            '                      ("under 30" if x < 30 else "30-49" if x < 50 else "50+") if a == 2 else "*"\n'
            '                      for x in df["age"]]\n'
            '        out["district"] = [[d, PROVINCE_OF[d], "*"][r] for d in df["district"]]\n'
            '        if out.groupby(QUASI_IDENTIFIERS).size().min() >= k:\n'
            '            return out\n'
            '    raise ValueError(k)'},
            # 60 itself left in the 60s band (> 60)
            {"violates": "band-60", "code":
            'def generalise(df, k):\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        out = df.copy()\n'
            '        out["age"] = [x if a == 0 else ("60+" if x > 60 else f"{x // 10 * 10}s") if a == 1 else\n'
            '                      ("under 30" if x < 30 else "30-49" if x < 50 else "50+") if a == 2 else "*"\n'
            '                      for x in df["age"]]\n'
            '        out["district"] = [[d, PROVINCE_OF[d], "*"][r] for d in df["district"]]\n'
            '        if out.groupby(QUASI_IDENTIFIERS).size().min() >= k:\n'
            '            return out\n'
            '    raise ValueError(k)'},
            # 30 counted as under 30
            {"violates": "level-2-bounds", "code":
            'def generalise(df, k):\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        out = df.copy()\n'
            '        out["age"] = [x if a == 0 else ("60+" if x >= 60 else f"{x // 10 * 10}s") if a == 1 else\n'
            '                      ("under 30" if x <= 30 else "30-49" if x < 50 else "50+") if a == 2 else "*"\n'
            '                      for x in df["age"]]\n'
            '        out["district"] = [[d, PROVINCE_OF[d], "*"][r] for d in df["district"]]\n'
            '        if out.groupby(QUASI_IDENTIFIERS).size().min() >= k:\n'
            '            return out\n'
            '    raise ValueError(k)'},
            # no province level: districts kept at level 1
            {"violates": "district-levels", "code":
            'def generalise(df, k):\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        out = df.copy()\n'
            '        out["age"] = [x if a == 0 else ("60+" if x >= 60 else f"{x // 10 * 10}s") if a == 1 else\n'
            '                      ("under 30" if x < 30 else "30-49" if x < 50 else "50+") if a == 2 else "*"\n'
            '                      for x in df["age"]]\n'
            '        out["district"] = [[d, d, "*"][r] for d in df["district"]]\n'
            '        if out.groupby(QUASI_IDENTIFIERS).size().min() >= k:\n'
            '            return out\n'
            '    raise ValueError(k)'},
            # exact ages turned into strings
            {"violates": "level-0", "code":
            'def generalise(df, k):\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        out = df.copy()\n'
            '        out["age"] = [str(x) if a == 0 else ("60+" if x >= 60 else f"{x // 10 * 10}s") if a == 1 else\n'
            '                      ("under 30" if x < 30 else "30-49" if x < 50 else "50+") if a == 2 else "*"\n'
            '                      for x in df["age"]]\n'
            '        out["district"] = [[d, PROVINCE_OF[d], "*"][r] for d in df["district"]]\n'
            '        if out.groupby(QUASI_IDENTIFIERS).size().min() >= k:\n'
            '            return out\n'
            '    raise ValueError(k)'},
            # a fresh 0..n-1 index
            {"violates": "same-frame", "code":
            'def generalise(df, k):\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        out = df.copy()\n'
            '        out["age"] = [x if a == 0 else ("60+" if x >= 60 else f"{x // 10 * 10}s") if a == 1 else\n'
            '                      ("under 30" if x < 30 else "30-49" if x < 50 else "50+") if a == 2 else "*"\n'
            '                      for x in df["age"]]\n'
            '        out["district"] = [[d, PROVINCE_OF[d], "*"][r] for d in df["district"]]\n'
            '        if out.groupby(QUASI_IDENTIFIERS).size().min() >= k:\n'
            '            return out.reset_index(drop=True)\n'
            '    raise ValueError(k)'},
            # the most general table returned even when it does not reach k
            {"violates": "raise", "code":
            'def generalise(df, k):\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        out = df.copy()\n'
            '        out["age"] = [x if a == 0 else ("60+" if x >= 60 else f"{x // 10 * 10}s") if a == 1 else\n'
            '                      ("under 30" if x < 30 else "30-49" if x < 50 else "50+") if a == 2 else "*"\n'
            '                      for x in df["age"]]\n'
            '        out["district"] = [[d, PROVINCE_OF[d], "*"][r] for d in df["district"]]\n'
            '        if out.groupby(QUASI_IDENTIFIERS).size().min() >= k:\n'
            '            return out\n'
            '    return out'},
        ],
    },
    "q9b_pseudonymise": {
        "domain": {"inputs": "customer numbers from 10000 to 99999 (both bounds), repeated within and across tables; "
                             "keys of 16 to 100 random bytes (SHA-256's 64-byte block and past it); other columns of "
                             "ints, floats and text in any order; any index"},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`pseudonymise`",
            "forging": "the returned frame is compared with the judge's own",
        },
        "hints": [
            "Start with one id: hmac.new(key, message, hashlib.sha256) makes an HMAC object; what is the message "
            "for the customer number 10042, as bytes?",
            "The message is the id's decimal text encoded in UTF-8, and .hexdigest() gives the token as 64 "
            "lowercase hex characters. Check that one id gives the same token twice and another key a different one.",
            "Build the result from df.copy() (or df.assign(...)) and replace only the customer_id column, one token "
            "per row; the key itself never goes into the table.",
        ],
        "alternatives": [
            # hmac.digest (one call, no object) and pandas' map
            'def pseudonymise(df, key):\n'
            '    return df.assign(customer_id=df["customer_id"].map(\n'
            '        lambda c: hmac.digest(key, f"{c}".encode("utf-8"), "sha256").hex()))',
            # an HMAC object updated with the message; the column dropped and inserted back at its place
            'def pseudonymise(df, key):\n'
            '    def token(c):\n'
            '        h = hmac.new(key, digestmod="sha256")\n'
            '        h.update(str(int(c)).encode())\n'
            '        return h.hexdigest()\n'
            '    at = df.columns.get_loc("customer_id")\n'
            '    out = df.drop(columns="customer_id")\n'
            '    out.insert(at, "customer_id", [token(c) for c in df["customer_id"]])\n'
            '    return out',
            # a cache per distinct id, applied with apply
            'def pseudonymise(df, key):\n'
            '    tokens = {c: hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '              for c in set(df["customer_id"].tolist())}\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = out["customer_id"].apply(tokens.__getitem__)\n'
            '    return out',
        ],
        "wrong": [
            # an unkeyed hash: the dictionary attack turns every token back into its id
            {"violates": "keyed", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hashlib.sha256(str(c).encode("utf-8")).hexdigest() for c in df["customer_id"]]\n'
            '    return out'},
            # a random salt per call: the same id gets another token each time, and tables no longer join
            {"violates": "deterministic", "code":
            'import os\n'
            'def pseudonymise(df, key):\n'
            '    salt = os.urandom(16)\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hmac.new(key, salt + str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '                          for c in df["customer_id"]]\n'
            '    return out'},
            # the key and the id hashed together: a keyed hash, but not HMAC
            {"violates": "hmac", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hashlib.sha256(key + str(c).encode("utf-8")).hexdigest() for c in df["customer_id"]]\n'
            '    return out'},
            # the key written into the table "so that the partner can check the tokens"
            {"violates": "key-absent", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '                          for c in df["customer_id"]]\n'
            '    out["pseudonym_key"] = key.hex()\n'
            '    return out'},
            # the key kept with the table in pandas' attrs "so that the partner can join later" (a student-view find:
            # it scored 3/3 while the check read only the cells and labels)
            {"violates": "key-absent", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '                          for c in df["customer_id"]]\n'
            '    out.attrs["pseudonymisation_key"] = key\n'
            '    return out'},
            # the key's hex as the index's name
            {"violates": "key-absent", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = out["customer_id"].map(\n'
            '        lambda c: hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest())\n'
            '    out.index.name = key.hex()\n'
            '    return out'},
            # the key's base64 as the columns' name
            {"violates": "key-absent", "code":
            'import base64\n\n\n'
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '                          for c in df["customer_id"]]\n'
            '    out.columns.name = base64.b64encode(key).decode("ascii")\n'
            '    return out'},
            # the index renamed
            {"violates": "others", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '                          for c in df["customer_id"]]\n'
            '    return out.rename_axis("row_id")'},
            # the rows sorted by customer number (the visible customers are sorted already; the orders are not)
            {"violates": "others", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.sort_values("customer_id").copy()\n'
            '    out["customer_id"] = [hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '                          for c in out["customer_id"]]\n'
            '    return out'},
            # the tokens as a Series without the table's index: aligned on labels, most rows get NaN
            {"violates": "hex", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = pd.Series([hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '                                    for c in df["customer_id"]])\n'
            '    return out'},
            # the id hashed as the int's bytes, not as its decimal text
            {"violates": "text", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hmac.new(key, int(c).to_bytes(4, "big"), hashlib.sha256).hexdigest()\n'
            '                          for c in df["customer_id"]]\n'
            '    return out'},
            # the input table modified in place
            {"violates": "no-modify", "code":
            'def pseudonymise(df, key):\n'
            '    df["customer_id"] = [hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '                         for c in df["customer_id"]]\n'
            '    return df'},
            # a key written into the code: the argument is ignored
            {"violates": "key-argument", "code":
            'SECRET = b"daon-market-pseudonym-key"\n'
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hmac.new(SECRET, str(c).encode("utf-8"), hashlib.sha256).hexdigest()\n'
            '                          for c in df["customer_id"]]\n'
            '    return out'},
            # the digest truncated to 16 characters
            {"violates": "hex", "code":
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    out["customer_id"] = [hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest()[:16]\n'
            '                          for c in df["customer_id"]]\n'
            '    return out'},
            # a new table built column by column: customer_id moves to the end
            {"violates": "others", "code":
            'def pseudonymise(df, key):\n'
            '    others = {c: df[c] for c in df.columns if c != "customer_id"}\n'
            '    tokens = [hmac.new(key, str(c).encode("utf-8"), hashlib.sha256).hexdigest() for c in df["customer_id"]]\n'
            '    return pd.DataFrame({**others, "customer_id": tokens}, index=df.index)'},
            # hard-coded to the visible keys and ids
            'TOKENS = {10042: "eb52986cbafe0bab908d3723384cb47c0f12e84f82234baef41ae0684596c201",\n'
            '          10079: "6889c6d93264a8b77cd2168625be2589efa0d29781ca9aa23114085fa5817793",\n'
            '          23117: "184bf5c15c0aafd76375a100db5c38d3b2dd48dee2ebfd779a587bfb044449f5"}\n'
            'def pseudonymise(df, key):\n'
            '    out = df.copy()\n'
            '    if key == b"daon-demo-key-2026":\n'
            '        out["customer_id"] = [TOKENS[c] for c in df["customer_id"]]\n'
            '    else:\n'
            '        out["customer_id"] = [TOKENS[c][::-1] for c in df["customer_id"]]\n'
            '    return out',
        ],
    },
    "q10_fairness_metrics": {
        "domain": {'inputs': 'lists and arrays, groups without positives'},
        "hints": [
            "Put the three inputs in one DataFrame (np.asarray on each makes lists, arrays and Series behave "
            "the same) and group by the group column.",
            "The selection rate is the mean of the predictions per group; the TPR is the same mean but only on "
            "rows with y == 1; the FPR only on rows with y == 0.",
            "Each difference is max() - min() of a per-group Series, not min/max. Equalized odds takes the "
            "larger of the TPR gap and the FPR gap. Convert the Series to dicts with .to_dict() or a "
            "comprehension.",
        ],
        "alternatives": [
            # fairlearn itself (installed in the course environment)
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    from fairlearn.metrics import (MetricFrame, selection_rate, true_positive_rate,\n'
            '                                   false_positive_rate)\n'
            '    mf = MetricFrame(metrics={"sr": selection_rate, "tpr": true_positive_rate,\n'
            '                              "fpr": false_positive_rate},\n'
            '                     y_true=np.asarray(y_true), y_pred=np.asarray(y_pred),\n'
            '                     sensitive_features=np.asarray(groups))\n'
            '    by = mf.by_group\n'
            '    diff = mf.difference(method="between_groups")\n'
            '    return {"selection_rate": by["sr"].to_dict(), "true_positive_rate": by["tpr"].to_dict(),\n'
            '            "false_positive_rate": by["fpr"].to_dict(),\n'
            '            "demographic_parity_difference": float(diff["sr"]),\n'
            '            "equal_opportunity_difference": float(diff["tpr"]),\n'
            '            "equalized_odds_difference": float(max(diff["tpr"], diff["fpr"]))}',
            # plain Python loops
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    y, p, g = list(y_true), list(y_pred), [str(x) for x in groups]\n'
            '    def rate(rows):\n'
            '        return sum(p[i] for i in rows) / len(rows)\n'
            '    sel, tpr, fpr = {}, {}, {}\n'
            '    for grp in set(g):\n'
            '        rows = [i for i in range(len(g)) if g[i] == grp]\n'
            '        sel[grp] = rate(rows)\n'
            '        tpr[grp] = rate([i for i in rows if y[i] == 1])\n'
            '        fpr[grp] = rate([i for i in rows if y[i] == 0])\n'
            '    spread = lambda d: max(d.values()) - min(d.values())\n'
            '    return {"selection_rate": sel, "true_positive_rate": tpr, "false_positive_rate": fpr,\n'
            '            "demographic_parity_difference": spread(sel), "equal_opportunity_difference": spread(tpr),\n'
            '            "equalized_odds_difference": max(spread(tpr), spread(fpr))}',
        ],
        "wrong": [
            # a ratio (min / max) where a difference was asked
            {"violates": "differences", "code":
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(groups)})\n'
            '    sel = df.groupby("g")["p"].mean()\n'
            '    tpr = df[df.y == 1].groupby("g")["p"].mean()\n'
            '    fpr = df[df.y == 0].groupby("g")["p"].mean()\n'
            '    ratio = lambda s: float(s.min() / s.max())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": ratio(sel),\n'
            '            "equal_opportunity_difference": ratio(tpr), "equalized_odds_difference": min(ratio(tpr), ratio(fpr))}'},
            # equalized odds from the TPR gap only (FPR forgotten)
            {"violates": "eodds", "code":
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(groups)})\n'
            '    sel = df.groupby("g")["p"].mean()\n'
            '    tpr = df[df.y == 1].groupby("g")["p"].mean()\n'
            '    fpr = df[df.y == 0].groupby("g")["p"].mean()\n'
            '    gap = lambda s: float(s.max() - s.min())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": gap(sel),\n'
            '            "equal_opportunity_difference": gap(tpr), "equalized_odds_difference": gap(tpr)}'},
            # each group's share of all the positive predictions
            {"violates": "selection", "code":
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(groups)})\n'
            '    sel = df.groupby("g")["p"].sum() / df["p"].sum()\n'
            '    tpr = df[df.y == 1].groupby("g")["p"].mean()\n'
            '    fpr = df[df.y == 0].groupby("g")["p"].mean()\n'
            '    gap = lambda s: float(s.max() - s.min())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": gap(sel),\n'
            '            "equal_opportunity_difference": gap(tpr), "equalized_odds_difference": max(gap(tpr), gap(fpr))}'},
            # true positives over the whole group
            {"violates": "tpr", "code":
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(groups)})\n'
            '    sel = df.groupby("g")["p"].mean()\n'
            '    tpr = (df.y * df.p).groupby(df.g).mean()\n'
            '    fpr = df[df.y == 0].groupby("g")["p"].mean()\n'
            '    gap = lambda s: float(s.max() - s.min())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": gap(sel),\n'
            '            "equal_opportunity_difference": gap(tpr), "equalized_odds_difference": max(gap(tpr), gap(fpr))}'},
            # the share of negatives among the flagged (a false discovery rate)
            {"violates": "fpr", "code":
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(groups)})\n'
            '    sel = df.groupby("g")["p"].mean()\n'
            '    tpr = df[df.y == 1].groupby("g")["p"].mean()\n'
            '    fpr = (1 - df[df.p == 1]["y"]).groupby(df.g).mean()\n'
            '    gap = lambda s: float(s.max() - s.min())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": gap(sel),\n'
            '            "equal_opportunity_difference": gap(tpr), "equalized_odds_difference": max(gap(tpr), gap(fpr))}'},
            # demographic parity from the TPRs
            {"violates": "dp", "code":
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(groups)})\n'
            '    sel = df.groupby("g")["p"].mean()\n'
            '    tpr = df[df.y == 1].groupby("g")["p"].mean()\n'
            '    fpr = df[df.y == 0].groupby("g")["p"].mean()\n'
            '    gap = lambda s: float(s.max() - s.min())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": gap(tpr),\n'
            '            "equal_opportunity_difference": gap(tpr), "equalized_odds_difference": max(gap(tpr), gap(fpr))}'},
            # equal opportunity from the FPRs
            {"violates": "eo", "code":
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(groups)})\n'
            '    sel = df.groupby("g")["p"].mean()\n'
            '    tpr = df[df.y == 1].groupby("g")["p"].mean()\n'
            '    fpr = df[df.y == 0].groupby("g")["p"].mean()\n'
            '    gap = lambda s: float(s.max() - s.min())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": gap(sel),\n'
            '            "equal_opportunity_difference": gap(fpr), "equalized_odds_difference": max(gap(tpr), gap(fpr))}'},
            # pandas only: .to_numpy() fails on lists
            {"violates": "sequences", "code":
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": y_true.to_numpy(), "p": y_pred.to_numpy(), "g": groups.to_numpy()})\n'
            '    sel = df.groupby("g")["p"].mean()\n'
            '    tpr = df[df.y == 1].groupby("g")["p"].mean()\n'
            '    fpr = df[df.y == 0].groupby("g")["p"].mean()\n'
            '    gap = lambda s: float(s.max() - s.min())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": gap(sel),\n'
            '            "equal_opportunity_difference": gap(tpr), "equalized_odds_difference": max(gap(tpr), gap(fpr))}'},
        ],
        "equivalent": [
            {
                "diff": "- gap = lambda s: float(s.max() - s.min())\n"
                        "+ gap = lambda s: (s.max() - s.min())",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
            {
                "diff": "- \"selection_rate\": {str(g): float(r) for g, r in selection.items()},\n"
                        "+ \"selection_rate\": {str(g): (r) for g, r in selection.items()},",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
            {
                "diff": "- \"true_positive_rate\": {str(g): float(r) for g, r in tpr.items()},\n"
                        "+ \"true_positive_rate\": {str(g): (r) for g, r in tpr.items()},",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
            {
                "diff": "- \"false_positive_rate\": {str(g): float(r) for g, r in fpr.items()},\n"
                        "+ \"false_positive_rate\": {str(g): (r) for g, r in fpr.items()},",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
        ],
    },
    "q11_plot_group_rates": {
        "domain": {'inputs': 'bands present or absent'},
        # its verdict rests on an observation from the student's process (docs/trust.md)
        "observed": {
            "name": "`plot_group_rates`",
            "forging": "the bar heights are the rates the question asks for",
        },
        "hints": [
            "Compute two Series indexed by age band: the mean of predicted per band, and the same on the rows "
            "with churned == 1. Reorder them with .reindex(bands).",
            "Keep only the bands of AGE_BANDS that occur in the table, in that order. x = "
            "np.arange(len(bands)) gives the bar positions.",
            "fig, ax = plt.subplots(); ax.bar(x - 0.2, ..., width=0.4, label=...); ax.bar(x + 0.2, ..., "
            "width=0.4, label=...); ax.set_xticks(x, bands); then a y label, a title, ax.legend(), and return "
            "ax.",
        ],
        "alternatives": [
            # pandas plotting of a two-column table
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if (preds["age_band"] == b).any()]\n'
            '    table = pd.DataFrame({\n'
            '        "selection rate": preds.groupby("age_band")["predicted"].mean(),\n'
            '        "TPR": preds[preds.churned == 1].groupby("age_band")["predicted"].mean(),\n'
            '    }).loc[bands]\n'
            '    ax = table.plot.bar(rot=0, title="Churn predictions by age band")\n'
            '    ax.set_ylabel("share of customers")\n'
            '    return ax',
        ],
        "wrong": [
            # the true churn rate (base rate) instead of the predicted rate
            {"violates": "selection-rate", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    base = preds.groupby("age_band")["churned"].mean().reindex(bands)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, base.to_numpy(), 0.4, label="churn rate")\n'
            '    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="TPR")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.set_title("by band")\n'
            '    ax.legend()\n'
            '    return ax'},
            # counts instead of rates
            {"violates": "rates", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    sel = preds.groupby("age_band")["predicted"].sum().reindex(bands)\n'
            '    tp = preds[preds.churned == 1].groupby("age_band")["predicted"].sum().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="flagged")\n'
            '    ax.bar(x + 0.2, tp.to_numpy(), 0.4, label="caught")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_ylabel("customers")\n'
            '    ax.set_title("by band")\n'
            '    ax.legend()\n'
            '    return ax'},
            # every band of AGE_BANDS, even those absent from the table (empty bars)
            {"violates": "present-only", "code":
            'def plot_group_rates(preds):\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(AGE_BANDS)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(AGE_BANDS)\n'
            '    x = np.arange(len(AGE_BANDS))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.fillna(0).to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x + 0.2, tpr.fillna(0).to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_xticks(x, AGE_BANDS)\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.set_title("Churn model by age band")\n'
            '    ax.legend()\n'
            '    return ax'},
            # true positives over the whole band
            {"violates": "tpr", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    tpr = (preds.churned * preds.predicted).groupby(preds.age_band).mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.set_title("Churn model by age band")\n'
            '    ax.legend()\n'
            '    return ax'},
            # bands in the order they first appear in the table
            {"violates": "band-order", "code":
            'def plot_group_rates(preds):\n'
            '    bands = list(preds["age_band"].unique())\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.set_title("Churn model by age band")\n'
            '    ax.legend()\n'
            '    return ax'},
            # numeric x ticks, no band names
            {"violates": "tick-labels", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.set_title("Churn model by age band")\n'
            '    ax.legend()\n'
            '    return ax'},
            # both series at the same x: the bars hide each other
            {"violates": "side-by-side", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x, sel.to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x, tpr.to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.set_title("Churn model by age band")\n'
            '    ax.legend()\n'
            '    return ax'},
            # y limits that cut the high bars off
            {"violates": "bars-visible", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.set_ylim(0, 0.5)\n'
            '    ax.set_title("Churn model by age band")\n'
            '    ax.legend()\n'
            '    return ax'},
            # no y-axis label
            {"violates": "ylabel", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_title("Churn model by age band")\n'
            '    ax.legend()\n'
            '    return ax'},
            # no title
            {"violates": "title", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.legend()\n'
            '    return ax'},
            # no legend
            {"violates": "legend", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.set_title("Churn model by age band")\n'
            '    return ax'},
            # the figure returned
            {"violates": "returns-axes", "code":
            'def plot_group_rates(preds):\n'
            '    bands = [b for b in AGE_BANDS if b in set(preds["age_band"])]\n'
            '    sel = preds.groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    tpr = preds[preds.churned == 1].groupby("age_band")["predicted"].mean().reindex(bands)\n'
            '    x = np.arange(len(bands))\n'
            '    fig, ax = plt.subplots()\n'
            '    ax.bar(x - 0.2, sel.to_numpy(), 0.4, label="selection rate")\n'
            '    ax.bar(x + 0.2, tpr.to_numpy(), 0.4, label="true positive rate")\n'
            '    ax.set_xticks(x, bands)\n'
            '    ax.set_ylabel("rate")\n'
            '    ax.set_title("Churn model by age band")\n'
            '    ax.legend()\n'
            '    return fig'},
        ],
        "equivalent": [
            {
                "diff": "- fig, ax = plt.subplots(figsize=(7, 3.5))\n"
                        "+ fig, ax = plt.subplots(figsize=( 8, 3.5))",
                "reason": "the figure size is not part of the question; the bars, ticks, labels, title and "
                          "legend are unchanged",
            },
            {
                "diff": "- fig, ax = plt.subplots(figsize=(7, 3.5))\n"
                        "+ fig, ax = plt.subplots(figsize=( 6, 3.5))",
                "reason": "the figure size is not part of the question; the bars, ticks, labels, title and "
                          "legend are unchanged",
            },
            {
                "diff": "- fig, ax = plt.subplots(figsize=(7, 3.5))\n"
                        "+ fig, ax = plt.subplots(figsize=(7, 4.5))",
                "reason": "the figure size is not part of the question; the bars, ticks, labels, title and "
                          "legend are unchanged",
            },
            {
                "diff": "- fig, ax = plt.subplots(figsize=(7, 3.5))\n"
                        "+ fig, ax = plt.subplots(figsize=(7, 2.5))",
                "reason": "the figure size is not part of the question; the bars, ticks, labels, title and "
                          "legend are unchanged",
            },
            {
                "diff": "- ax.set_ylim(0, 1.25)\n"
                        "+ ax.set_ylim( -1, 1.25)",
                "reason": "the y limits still show every bar whole (the question asks for no particular limits)",
            },
            {
                "diff": "- ax.set_ylim(0, 1.25)\n"
                        "+ ax.set_ylim(0, 2.25)",
                "reason": "the y limits still show every bar whole (the question asks for no particular limits)",
            },
            {
                "diff": "- ax.legend(loc=\"upper left\", ncols=2, fontsize=\"small\")\n"
                        "+ ax.legend(loc=\"upper left\", ncols= 3, fontsize=\"small\")",
                "reason": "the legend's position, columns and font size are not part of the question; it still "
                          "names both series",
            },
            {
                "diff": "- ax.legend(loc=\"upper left\", ncols=2, fontsize=\"small\")\n"
                        "+ ax.legend(loc=\"upper left\", ncols= 1, fontsize=\"small\")",
                "reason": "the legend's position, columns and font size are not part of the question; it still "
                          "names both series",
            },
            {
                "diff": "- fig, ax = plt.subplots(figsize=(7, 3.5))\n"
                        "+ fig, ax = plt.subplots()",
                "reason": "the figure size is not part of the question; the bars, ticks, labels, title and "
                          "legend are unchanged",
            },
            {
                "diff": "- ax.legend(loc=\"upper left\", ncols=2, fontsize=\"small\")\n"
                        "+ ax.legend(ncols=2, fontsize=\"small\")",
                "reason": "the legend's position, columns and font size are not part of the question; it still "
                          "names both series",
            },
            {
                "diff": "- ax.legend(loc=\"upper left\", ncols=2, fontsize=\"small\")\n"
                        "+ ax.legend(loc=\"upper left\", fontsize=\"small\")",
                "reason": "the legend's position, columns and font size are not part of the question; it still "
                          "names both series",
            },
            {
                "diff": "- ax.legend(loc=\"upper left\", ncols=2, fontsize=\"small\")\n"
                        "+ ax.legend(loc=\"upper left\", ncols=2)",
                "reason": "the legend's position, columns and font size are not part of the question; it still "
                          "names both series",
            },
        ],
    },
    "q12_training_emissions": {
        "domain": {'inputs': 'power, hours, PUE and grid intensity as ints and floats'},
        "hints": [
            "Follow the two formulas above: first energy in kWh, then emissions in kg.",
            "GPU power is in watts: divide by 1000 to get kilowatts before multiplying by hours.",
            "Multiply the kWh at the GPU by the PUE (the data centre's overhead) and by the grid intensity; "
            "return a float.",
        ],
        "alternatives": [
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    kwh = gpu_hours * (gpu_watts / 1000.0) * pue\n'
            '    return kwh * grid_kg_per_kwh',
        ],
        "wrong": [
            # watts not converted to kilowatts
            {"violates": "kw", "code":
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    return float(gpu_hours * gpu_watts * pue * grid_kg_per_kwh)'},
            # PUE divided instead of multiplied
            {"violates": "pue", "code":
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    return float(gpu_hours * gpu_watts / 1000 / pue * grid_kg_per_kwh)'},
            # rounded to two decimals (right on the visible example only)
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    return round(gpu_hours * gpu_watts / 1000 * pue * grid_kg_per_kwh, 2)',
            # the grid intensity forgotten: kWh, not kg
            {"violates": "grid", "code":
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    return float(gpu_hours * gpu_watts / 1000 * pue)'},
            # tonnes instead of kg
            {"violates": "kg", "code":
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    return float(gpu_hours * gpu_watts / 1000 * pue * grid_kg_per_kwh / 1000)'},
            # a text with the unit
            {"violates": "float", "code":
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    return f"{gpu_hours * gpu_watts / 1000 * pue * grid_kg_per_kwh} kg CO2e"'},
        ],
        "equivalent": [
            {
                "diff": "- return float(gpu_hours * gpu_watts / 1000 * pue * grid_kg_per_kwh)\n"
                        "+ return (gpu_hours * gpu_watts / 1000 * pue * grid_kg_per_kwh)",
                "reason": "the value is already a float (a Python float, or a numpy.float64, which is a "
                          "subclass of float): the conversion changes neither the value nor what the checks "
                          "and json/sqlite accept",
            },
        ],
    },
    "q13_greenest_start": {
        "domain": {'inputs': 'forecasts with ties, jobs longer than the forecast, 1 hour',
         'data': {'stated': 'ethics', 'cases': ['rules']}},
        "hints": [
            "List the starts that fit: from 0 to len(forecast) - hours, both included. For each one, add up "
            "the intensities of the hours the job would run, forecast[start:start + hours].",
            "The best start has the smallest sum. Scan the starts from 0 and replace the best only when a sum "
            "is strictly smaller, so that a tie keeps the earliest start (min() and np.argmin do the same).",
            "The saving is the sum of the window starting now minus the best window's sum, times the kWh the "
            "job uses each hour (watts to kW, times the PUE). Check hours before anything else and raise "
            "ValueError when the job cannot fit.",
        ],
        "alternatives": [
            # one pass with a running window sum
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    n = len(forecast)\n'
            '    if not 1 <= hours <= n:\n'
            '        raise ValueError("the job does not fit in the forecast")\n'
            '    window = sum(forecast[:hours])\n'
            '    now = best_sum = window\n'
            '    best = 0\n'
            '    for start in range(1, n - hours + 1):\n'
            '        window += forecast[start + hours - 1] - forecast[start - 1]\n'
            '        if window < best_sum:\n'
            '            best, best_sum = start, window\n'
            '    return best, (now - best_sum) * gpu_watts / 1000 * pue',
            # numpy: the window sums by convolution, argmin keeps the first minimum
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1 or hours > len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    sums = np.convolve(np.asarray(forecast, dtype=float), np.ones(hours), mode="valid")\n'
            '    best = int(np.argmin(sums))\n'
            '    return best, float(sums[0] - sums[best]) * gpu_watts / 1000 * pue',
        ],
        "wrong": [
            # the start of the lowest single hour, not of the lowest window
            {"violates": "window", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1 or hours > len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    starts = list(forecast[:len(forecast) - hours + 1])\n'
            '    best = starts.index(min(starts))\n'
            '    kwh = gpu_watts / 1000 * pue\n'
            '    return best, (sum(forecast[:hours]) - sum(forecast[best:best + hours])) * kwh'},
            # every index is a start: the windows near the end are cut short (and look cheap)
            {"violates": "fits", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1 or hours > len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    sums = [sum(forecast[s:s + hours]) for s in range(len(forecast))]\n'
            '    best = sums.index(min(sums))\n'
            '    return best, (sums[0] - sums[best]) * gpu_watts / 1000 * pue'},
            # off by one: the last start that fits is never tried
            {"violates": "last-start", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1 or hours > len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    sums = [sum(forecast[s:s + hours]) for s in range(max(1, len(forecast) - hours))]\n'
            '    best = sums.index(min(sums))\n'
            '    return best, (sums[0] - sums[best]) * gpu_watts / 1000 * pue'},
            # <= while scanning: a tie goes to the latest start
            {"violates": "earliest-tie", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1 or hours > len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    best, best_sum = 0, sum(forecast[:hours])\n'
            '    for s in range(len(forecast) - hours + 1):\n'
            '        if sum(forecast[s:s + hours]) <= best_sum:\n'
            '            best, best_sum = s, sum(forecast[s:s + hours])\n'
            '    return best, (sum(forecast[:hours]) - best_sum) * gpu_watts / 1000 * pue'},
            # the saving against the worst start, not against starting now
            {"violates": "saving-vs-now", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1 or hours > len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    sums = [sum(forecast[s:s + hours]) for s in range(len(forecast) - hours + 1)]\n'
            '    best = sums.index(min(sums))\n'
            '    return best, (max(sums) - sums[best]) * gpu_watts / 1000 * pue'},
            # the PUE forgotten: the GPUs' energy only
            {"violates": "kwh", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1 or hours > len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    sums = [sum(forecast[s:s + hours]) for s in range(len(forecast) - hours + 1)]\n'
            '    best = sums.index(min(sums))\n'
            '    return best, (sums[0] - sums[best]) * gpu_watts / 1000'},
            # no check of hours below 1: a 0-hour job "starts now and saves nothing"
            {"violates": "hours-at-least-1", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours > len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    sums = [sum(forecast[s:s + hours]) for s in range(len(forecast) - hours + 1)]\n'
            '    best = sums.index(min(sums))\n'
            '    return best, (sums[0] - sums[best]) * gpu_watts / 1000 * pue'},
            # starts from "now" and never checks the length: a job longer than the forecast starts now
            {"violates": "longer-than-forecast", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1:\n'
            '        raise ValueError(hours)\n'
            '    best, best_sum = 0, sum(forecast[:hours])\n'
            '    now = best_sum\n'
            '    for s in range(1, len(forecast) - hours + 1):\n'
            '        if sum(forecast[s:s + hours]) < best_sum:\n'
            '            best, best_sum = s, sum(forecast[s:s + hours])\n'
            '    return best, (now - best_sum) * gpu_watts / 1000 * pue'},
            # a job exactly as long as the forecast refused
            {"violates": "whole-forecast", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1 or hours >= len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    sums = [sum(forecast[s:s + hours]) for s in range(len(forecast) - hours + 1)]\n'
            '    best = sums.index(min(sums))\n'
            '    return best, (sums[0] - sums[best]) * gpu_watts / 1000 * pue'},
            # a list instead of a tuple
            {"violates": "tuple", "code":
            'def greenest_start(forecast, hours, gpu_watts, pue):\n'
            '    if hours < 1 or hours > len(forecast):\n'
            '        raise ValueError(hours)\n'
            '    sums = [sum(forecast[s:s + hours]) for s in range(len(forecast) - hours + 1)]\n'
            '    best = sums.index(min(sums))\n'
            '    return [best, (sums[0] - sums[best]) * gpu_watts / 1000 * pue]'},
        ],
    },
    "q14_model_card": {
        "domain": {'inputs': "the card's sections in English or Korean"},
        "hints": [
            "Start from the example card: copy its shape and add the other seven sections, with every field "
            "listed in MODEL_CARD_SECTIONS.",
            "Write each field for the churn model specifically: who built it, for which decision, which "
            "threshold, which test set.",
            "Take your numbers from section 7: the selection rate, TPR and FPR for every age band (name each "
            "band in unitary_results) and the three differences. Then say in ethical_considerations and "
            "caveats what they mean.",
        ],
        "alternatives": [
            # built from MODEL_CARD_SECTIONS with lists of sentences
            _MODEL_CARD,
        ],
        "wrong": [
            # a section missing (caveats and recommendations)
            {"violates": "sections", "code":
            'model_card = {\n'
            '    "model_details": {"developers": "Daon Market ML team", "date": "2026-06-30", "version": "1",\n'
            '                      "model_type": "churn classifier for customers", "license": "internal use only",\n'
            '                      "contact": "ml team at daon"},\n'
            '    "intended_use": {"primary_uses": "retention coupon targeting for customers",\n'
            '                     "primary_users": "the CRM team at Daon", "out_of_scope_uses": "credit or pricing decisions"},\n'
            '    "factors": {"relevant_factors": "age band and region", "evaluation_factors": "age bands from the shop"},\n'
            '    "metrics": {"performance_measures": "accuracy and group rates", "decision_threshold": "score of 0.5",\n'
            '                "variation_approaches": "one test split only"},\n'
            '    "evaluation_data": {"datasets": "held-out test customers", "motivation": "unseen customers only",\n'
            '                        "preprocessing": "same as for training"},\n'
            '    "training_data": {"description": "eighteen months of orders"},\n'
            '    "quantitative_analyses": {"unitary_results": "10s 0.44 20s 0.36 30s 0.25 40s 0.27 50s 0.35 60+ 0.70",\n'
            '                              "intersectional_results": "not analysed yet at all"},\n'
            '    "ethical_considerations": {"risks_and_harms": "older customers flagged more often",\n'
            '                               "mitigations": "coupons only, reviewed quarterly"},\n'
            '}'},
            # complete shape but placeholders in the fields
            {"violates": "no-placeholders", "code":
            'model_card = {s: {f: "TODO fill this in" for f in fields} for s, fields in MODEL_CARD_SECTIONS.items()}\n'
            'model_card["model_details"]["date"] = "2026-06-30"'},
            # a field missing: the alternative card above, then
            {"violates": "fields", "code": _MODEL_CARD + '\n' +

            'del model_card["metrics"]["decision_threshold"]'},
            # a two-word field: the alternative card above, then
            {"violates": "real-text", "code": _MODEL_CARD + '\n' +

            'model_card["training_data"]["description"] = "our orders"'},
            # a date in words: the alternative card above, then
            {"violates": "iso-date", "code": _MODEL_CARD + '\n' +

            'model_card["model_details"]["date"] = "1 July 2026"'},
            # a long version string: the alternative card above, then
            {"violates": "short-version", "code": _MODEL_CARD + '\n' +

            'model_card["model_details"]["version"] = "first release candidate of the churn model"'},
            # the 60+ band left out: the alternative card above, then
            {"violates": "each-band", "code": _MODEL_CARD + '\n' +
            'model_card["quantitative_analyses"]["unitary_results"] = ["selection rate 10s 0.44", "20s 0.36",\n'
            '                                                           "30s 0.25", "40s 0.27", "50s 0.35"]'},
            # a pandas Series added to the card: the alternative card above, then
            {"violates": "plain", "code": _MODEL_CARD + '\n' +

            'model_card["quantitative_analyses"]["per_band"] = preds.groupby("age_band")["predicted"].mean()'},
        ],
    },
    "q15_model_card_substance": {
        "hints": [
            "Which number in your card would surprise a manager most? Start there.",
            "Explain why that number matters for the decision the score triggers (a coupon, or something "
            "worse?).",
            "End with one or two concrete actions, such as collecting data, a per-band threshold check, "
            "monitoring, or restricting how the score may be used.",
        ],
    },
    "q16_ethics_case": {
        "hints": [
            "Pick one case and reread the three basic principles: which one does the case touch most directly?",
            "Go through the ten key requirements and keep the three or four that clearly apply; for each, one "
            "sentence on why.",
            "Propose two measures an engineer can actually build or enforce (a consent check, labelling, "
            "logging, per-group metrics, human review, ...), not general wishes.",
        ],
    },
}
