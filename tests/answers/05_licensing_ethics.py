"""Alternative correct and plausible wrong answers for 05_licensing_ethics.

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook and
may use the setup cell's imports (re, math, np, pd, plt, AGE_BANDS, ...)."""

ANSWERS = {
    "q1_parse_cc": {
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
            'def parse_cc(license):\n'
            '    m = re.fullmatch(r"\\s*cc ((?:by|nc|sa|nd)(?:-(?:by|nc|sa|nd))*)(?: (\\d\\.\\d))?\\s*", license, re.I)\n'
            '    if not m:\n'
            '        raise ValueError(license)\n'
            '    el = m.group(1).upper().split("-")\n'
            '    if "BY" not in el or ("SA" in el and "ND" in el):\n'
            '        raise ValueError(license)\n'
            '    return {"BY": True, "NC": "NC" in el, "SA": "SA" in el, "ND": "ND" in el, "version": m.group(2)}',
            # never raises: substring tests accept anything
            'def parse_cc(license):\n'
            '    u = license.upper()\n'
            '    v = re.search(r"\\d\\.\\d", u)\n'
            '    return {"BY": "BY" in u, "NC": "NC" in u, "SA": "SA" in u, "ND": "ND" in u,\n'
            '            "version": v.group() if v else None}',
        ],
    },
    "q2_cc_permits": {
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
            'def cc_permits(license, use):\n'
            '    up = license.upper()\n'
            '    if use == "commercial":\n'
            '        return "NC" not in up\n'
            '    if use in ("share_verbatim", "share_adapted"):\n'
            '        return True\n'
            '    raise ValueError(use)',
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
        ],
    },
    "q3_adapter_licences": {
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
            'CHART = {"BY": {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"}, "BY-SA": {"BY-SA"},\n'
            '         "BY-NC": {"BY-NC", "BY-NC-SA", "BY-NC-ND"}, "BY-NC-SA": {"BY-NC-SA"},\n'
            '         "BY-ND": {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"},\n'
            '         "BY-NC-ND": {"BY-NC", "BY-NC-SA", "BY-NC-ND"}}\n'
            'def adapter_licences(sources):\n'
            '    out = set(CHART["BY"])\n'
            '    for s in sources:\n'
            '        out &= CHART[s]\n'
            '    return out',
            # union instead of intersection: a BY-SA + NC mix looks shareable
            'CHART = {"BY": {"BY", "BY-SA", "BY-NC", "BY-NC-SA", "BY-ND", "BY-NC-ND"}, "BY-SA": {"BY-SA"},\n'
            '         "BY-NC": {"BY-NC", "BY-NC-SA", "BY-NC-ND"}, "BY-NC-SA": {"BY-NC-SA"},\n'
            '         "BY-ND": set(), "BY-NC-ND": set()}\n'
            'def adapter_licences(sources):\n'
            '    out = set()\n'
            '    for s in sources:\n'
            '        out |= CHART[s]\n'
            '    return out',
        ],
    },
    "q4_kogl_conditions": {
        "alternatives": [
            'KOGL = {1: (True, True), 2: (False, True), 3: (True, False), 4: (False, False)}\n'
            'def kogl_conditions(kogl_type):\n'
            '    if isinstance(kogl_type, int):\n'
            '        t = kogl_type\n'
            '    else:\n'
            '        found = re.findall(r"\\d+", kogl_type)\n'
            '        t = int(found[0]) if len(found) == 1 else None\n'
            '    if t not in KOGL:\n'
            '        raise ValueError(f"unknown KOGL type {kogl_type!r}")\n'
            '    commercial, derivatives = KOGL[t]\n'
            '    return dict(attribution=True, commercial_use=commercial, derivatives=derivatives)',
        ],
        "wrong": [
            # types 2 and 3 swapped (the classic mix-up)
            'def kogl_conditions(kogl_type):\n'
            '    t = int(re.search(r"\\d", str(kogl_type)).group())\n'
            '    if t not in (1, 2, 3, 4):\n'
            '        raise ValueError(kogl_type)\n'
            '    return {"attribution": True, "commercial_use": t in (1, 2), "derivatives": t in (1, 3)}',
            # only accepts ints
            'def kogl_conditions(kogl_type):\n'
            '    if kogl_type not in (1, 2, 3, 4):\n'
            '        raise ValueError(kogl_type)\n'
            '    return {"attribution": True, "commercial_use": kogl_type in (1, 3), "derivatives": kogl_type in (1, 2)}',
        ],
    },
    "q5_audit_sources": {
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
            '    return allowed, excluded',
            # news facts treated like any other source (the licence column decides)
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
            '    return allowed, excluded',
            # hard-coded to the visible manifest
            'def audit_sources(manifest, use):\n'
            '    return ["S02", "S04", "S08", "S10"], {"S01": "no_commercial", "S03": "unknown_licence",\n'
            '        "S05": "no_commercial", "S06": "no_commercial", "S07": "unknown_licence", "S09": "unknown_licence"}',
        ],
    },
    "q7_mask_pii": {
        "alternatives": [
            # one combined pattern with named groups and a replacement function
            'PII = re.compile(r"(?P<EMAIL>[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[a-zA-Z]{2,}(?![a-zA-Z]))"\n'
            '                 r"|(?<![0-9])(?P<RRN>[0-9]{2}(?:0[1-9]|1[012])(?:0[1-9]|[12][0-9]|3[01])-?[0-9]{7})(?![0-9])"\n'
            '                 r"|(?<![0-9])(?P<PHONE>010(?:-[0-9]{4}-|[ ][0-9]{4}[ ]|[0-9]{4})[0-9]{4})(?![0-9])", re.ASCII)\n'
            'def mask_pii(text):\n'
            '    return PII.sub(lambda m: "[" + m.lastgroup + "]", text)',
        ],
        "wrong": [
            # phone first, without whole-number boundaries: masks part of an RRN
            'def mask_pii(text):\n'
            '    text = re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", "[EMAIL]", text)\n'
            '    text = re.sub(r"010[- ]?\\d{4}[- ]?\\d{4}", "[PHONE]", text)\n'
            '    return re.sub(r"\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])-?\\d{7}", "[RRN]", text)',
            # no month/day validation and \\w in the e-mail (eats Korean particles)
            'def mask_pii(text):\n'
            '    text = re.sub(r"\\w[\\w.+-]*@\\w+(\\.\\w+)+", "[EMAIL]", text)\n'
            '    text = re.sub(r"(?<!\\d)\\d{6}-?\\d{7}(?!\\d)", "[RRN]", text)\n'
            '    return re.sub(r"(?<!\\d)010[- ]?\\d{4}[- ]?\\d{4}(?!\\d)", "[PHONE]", text)',
            # right patterns, but no lookarounds: digits inside longer numbers get masked
            'def mask_pii(text):\n'
            '    text = re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", "[EMAIL]", text)\n'
            '    text = re.sub(r"\\d\\d(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])-?\\d{7}", "[RRN]", text)\n'
            '    return re.sub(r"010[- ]?\\d{4}[- ]?\\d{4}", "[PHONE]", text)',
        ],
    },
    "q8_k_anonymity": {
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
            'def k_anonymity(df, quasi_identifiers):\n'
            '    return int(df.groupby(list(quasi_identifiers)).size().max())',
            # only the first quasi-identifier
            'def k_anonymity(df, quasi_identifiers):\n'
            '    return int(df[quasi_identifiers[0]].value_counts().min())',
        ],
    },
    "q9_generalise": {
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
            'def generalise(df, k):\n'
            '    original = df.copy()\n'
            '    for a, r in GENERALISATION_LADDER:\n'
            '        df["age"] = [x if a == 0 else ("60+" if x >= 60 else f"{x // 10 * 10}s") if a == 1 else\n'
            '                     ("under 30" if x < 30 else "30-49" if x < 50 else "50+") if a == 2 else "*"\n'
            '                     for x in original["age"]]\n'
            '        df["district"] = [[d, PROVINCE_OF[d], "*"][r] for d in original["district"]]\n'
            '        if df.groupby(QUASI_IDENTIFIERS).size().min() >= k:\n'
            '            return df\n'
            '    raise ValueError(k)',
            # jumps straight to the most general step that suppresses everything
            'def generalise(df, k):\n'
            '    out = df.copy()\n'
            '    out["age"] = "*"\n'
            '    out["district"] = "*"\n'
            '    if out.groupby(QUASI_IDENTIFIERS).size().min() < k:\n'
            '        raise ValueError(k)\n'
            '    return out',
        ],
    },
    "q10_fairness_metrics": {
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
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(groups)})\n'
            '    sel = df.groupby("g")["p"].mean()\n'
            '    tpr = df[df.y == 1].groupby("g")["p"].mean()\n'
            '    fpr = df[df.y == 0].groupby("g")["p"].mean()\n'
            '    ratio = lambda s: float(s.min() / s.max())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": ratio(sel),\n'
            '            "equal_opportunity_difference": ratio(tpr), "equalized_odds_difference": min(ratio(tpr), ratio(fpr))}',
            # equalized odds from the TPR gap only (FPR forgotten)
            'def fairness_metrics(y_true, y_pred, groups):\n'
            '    df = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(groups)})\n'
            '    sel = df.groupby("g")["p"].mean()\n'
            '    tpr = df[df.y == 1].groupby("g")["p"].mean()\n'
            '    fpr = df[df.y == 0].groupby("g")["p"].mean()\n'
            '    gap = lambda s: float(s.max() - s.min())\n'
            '    return {"selection_rate": sel.to_dict(), "true_positive_rate": tpr.to_dict(),\n'
            '            "false_positive_rate": fpr.to_dict(), "demographic_parity_difference": gap(sel),\n'
            '            "equal_opportunity_difference": gap(tpr), "equalized_odds_difference": gap(tpr)}',
        ],
    },
    "q11_plot_group_rates": {
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
            '    return ax',
            # counts instead of rates
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
            '    return ax',
        ],
    },
    "q12_training_emissions": {
        "alternatives": [
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    kwh = gpu_hours * (gpu_watts / 1000.0) * pue\n'
            '    return kwh * grid_kg_per_kwh',
        ],
        "wrong": [
            # watts not converted to kilowatts
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    return float(gpu_hours * gpu_watts * pue * grid_kg_per_kwh)',
            # PUE divided instead of multiplied
            'def training_emissions_kg(gpu_hours, gpu_watts, pue, grid_kg_per_kwh):\n'
            '    return float(gpu_hours * gpu_watts / 1000 / pue * grid_kg_per_kwh)',
        ],
    },
    "q13_greener_plan": {
        "alternatives": [
            'def greener_plan(plan_a, plan_b):\n'
            '    kg = {p["name"]: p["gpu_hours"] * p["gpu_watts"] * p["pue"] * p["grid_kg_per_kwh"] / 1000\n'
            '          for p in (plan_a, plan_b)}\n'
            '    best, worst = sorted(kg, key=kg.get)\n'
            '    return best, kg[worst] - kg[best]',
        ],
        "wrong": [
            # the saving as a ratio of the two footprints
            'def greener_plan(plan_a, plan_b):\n'
            '    kg = [p["gpu_hours"] * p["gpu_watts"] / 1000 * p["pue"] * p["grid_kg_per_kwh"] for p in (plan_a, plan_b)]\n'
            '    i = 0 if kg[0] < kg[1] else 1\n'
            '    return (plan_a, plan_b)[i]["name"], max(kg) / min(kg)',
            # ignores the grid intensity (energy only)
            'def greener_plan(plan_a, plan_b):\n'
            '    kwh = [p["gpu_hours"] * p["gpu_watts"] / 1000 * p["pue"] for p in (plan_a, plan_b)]\n'
            '    i = 0 if kwh[0] < kwh[1] else 1\n'
            '    return (plan_a, plan_b)[i]["name"], float(abs(kwh[0] - kwh[1]))',
        ],
    },
    "q14_model_card": {
        "alternatives": [
            # built from MODEL_CARD_SECTIONS with lists of sentences
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
            '    recommendations="collect more data and check per-band metrics every quarter")',
        ],
        "wrong": [
            # a section missing (caveats and recommendations)
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
            '}',
            # complete shape but placeholders in the fields
            'model_card = {s: {f: "TODO fill this in" for f in fields} for s, fields in MODEL_CARD_SECTIONS.items()}\n'
            'model_card["model_details"]["date"] = "2026-06-30"',
        ],
    },
}
