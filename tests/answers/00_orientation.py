"""Alternative correct and plausible wrong answers for 00_orientation.

Each alternative must get full marks; each wrong answer must lose the points
of its exercise and only those (tests/test_course.py grades them with the
real nbgrader). The code replaces the answer cell of the release notebook."""

ANSWERS = {
    "q1_format_metric": {
        "alternatives": [
            'def format_metric(name, value, epoch):\n'
            '    return "[epoch %02d] %s=%.3f" % (epoch, name, value)',
            'def format_metric(name, value, epoch):\n'
            '    return "[epoch {:0>2}] {}={}".format(epoch, name, format(value, ".3f"))',
        ],
        "wrong": [
            # three significant digits, not three decimals
            'def format_metric(name, value, epoch):\n    return f"[epoch {epoch:02d}] {name}={value:.3}"',
            # round() drops trailing zeros: 0.5 -> "0.5"
            'def format_metric(name, value, epoch):\n    return f"[epoch {epoch:02d}] {name}={round(value, 3)}"',
            # hard-coded to the visible examples
            'def format_metric(name, value, epoch):\n'
            '    return {"loss": "[epoch 03] loss=0.123", "acc": "[epoch 12] acc=0.500"}[name]',
        ],
    },
    "q2_timer": {
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
            'TIMINGS = []\n'
            'def timer(func):\n'
            '    @functools.wraps(func)\n'
            '    def wrapper(*args, **kwargs):\n'
            '        t0 = time.perf_counter()\n'
            '        result = func(*args, **kwargs)\n'
            '        TIMINGS.append(time.perf_counter() - t0)\n'
            '        return result\n'
            '    wrapper.timings = TIMINGS\n'
            '    return wrapper',
            # drops keyword arguments
            'def timer(func):\n'
            '    @functools.wraps(func)\n'
            '    def wrapper(*args):\n'
            '        t0 = time.perf_counter()\n'
            '        result = func(*args)\n'
            '        wrapper.timings.append(time.perf_counter() - t0)\n'
            '        return result\n'
            '    wrapper.timings = []\n'
            '    return wrapper',
        ],
    },
    "q3_busiest_weekday": {
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
            'def busiest_weekday(csv_path):\n    return "Sunday"',
            # the weekday number instead of its name
            'def busiest_weekday(csv_path):\n'
            '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
            '    daily = df.groupby("date")["revenue_krw"].sum()\n'
            '    return int(daily.groupby(daily.index.dayofweek).mean().idxmax())',
            # the quietest day (idxmin)
            'def busiest_weekday(csv_path):\n'
            '    df = pd.read_csv(csv_path, parse_dates=["date"])\n'
            '    daily = df.groupby("date")["revenue_krw"].sum()\n'
            '    return str(daily.groupby(daily.index.day_name()).mean().idxmin())',
        ],
    },
}
