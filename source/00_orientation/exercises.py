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
        "hints": [
            "Build the string with an f-string: f\"[epoch {...}] {...}={...}\". The worked example above shows "
            "format specs after a colon.",
            "The epoch needs zero-padding to width 2 and the value exactly three decimals: look at the `02d` "
            "and `.3f` rows of the table.",
            "Check your result for value=0.5: it must end in `=0.500`. `round(value, 3)` would give `0.5`, so "
            "format the number instead of rounding it.",
        ],
        "alternatives": [
            'def format_metric(name, value, epoch):\n'
            '    return "[epoch %02d] %s=%.3f" % (epoch, name, value)',
            'def format_metric(name, value, epoch):\n'
            '    return "[epoch {:0>2}] {}={}".format(epoch, name, format(value, ".3f"))',
        ],
        "wrong": [
            # three significant digits, not three decimals
            {"violates": "decimals",
             "code": 'def format_metric(name, value, epoch):\n    return f"[epoch {epoch:02d}] {name}={value:.3}"'},
            # round() drops trailing zeros: 0.5 -> "0.5"
            {"violates": "decimals",
             "code": 'def format_metric(name, value, epoch):\n    return f"[epoch {epoch:02d}] {name}={round(value, 3)}"'},
            # padded with a space, not a zero: "[epoch  3]"
            {"violates": "pad",
             "code": 'def format_metric(name, value, epoch):\n    return f"[epoch {epoch:2d}] {name}={value:.3f}"'},
            # spaces around =
            {"violates": "no-spaces",
             "code": 'def format_metric(name, value, epoch):\n    return f"[epoch {epoch:02d}] {name} = {value:.3f}"'},
            # hard-coded to the visible examples
            'def format_metric(name, value, epoch):\n'
            '    return {"loss": "[epoch 03] loss=0.123", "acc": "[epoch 12] acc=0.500"}[name]',
        ],
    },
    "q2_timer": {
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
        "hints": [
            "Follow the four steps in the question one by one and look at the intermediate result (`print` or "
            "`.head()`) after each.",
            "Step 2 is a groupby on the date; step 3 groups that result again, this time by `.day_name()` of "
            "the dates, and takes the mean. `sum()` already treats a missing value as adding nothing.",
            "`idxmax()` gives the label of the largest value. Make sure your function reads the file it is "
            "given (`csv_path`), not the seed-0 file from the worked example, and returns a plain `str`.",
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
        ],
    },
    "q4_hidden_tests": {
        "hints": [
            "What is different about the inputs of a hidden test, compared with the visible one?",
            "Think of an answer that returns exactly the visible expected value: which tests does it pass, and "
            "which does it fail?",
            "A full answer has two ideas: what the hidden tests do (other inputs or data) and what follows for "
            "how you write code.",
        ],
    },
}
