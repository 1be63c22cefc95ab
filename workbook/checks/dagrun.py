"""Checks for 07_ml_service's Question 6b (the nightly job as a DAG): both sides.

* **Probes** (sent to the student's kernel by name): ``run_dags`` runs the
  student's ``run_dag`` on DAGs of stand-in tasks made from plain data (each
  records its calls and the inputs it got, raises a given number of times,
  then returns a given output); ``run_nightly`` builds the student's nightly
  DAG on a private copy of a shop database around the stub model and runs it
  with the student's ``run_dag`` three times (a run, a rerun with the same
  store, a rerun with an empty store), then reads churn_scores back. A probe
  only reports what it saw, as plain data.
* **The judge**: ``check_dag_run`` compares one run's report with the
  expected states, attempts and store (computed by the test cell: literals in
  the visible part, the reference in the hidden part) and checks what really
  happened: each task called as often as expected, never before its upstream
  tasks succeeded, with its upstream tasks' outputs as inputs.

Nothing here is a solution of an exercise.
"""
from __future__ import annotations

from .core import CheckFailed, short
from .exercise import probe
from ..messages import as_message, msg

ERRORS = ("RuntimeError", "ValueError", "OSError", "KeyError", "ZeroDivisionError", "ConnectionError")


# =========================================================================== kernel side

def _plain(x, depth: int = 0):
    """x as plain data a test can compare (numpy scalars as Python ones),
    else a description of its type."""
    if x is None or type(x) in (bool, int, float, str):
        return x
    if depth < 4 and type(x) in (list, tuple):
        return [_plain(v, depth + 1) for v in x]
    if depth < 4 and isinstance(x, dict):
        return {str(k): _plain(v, depth + 1) for k, v in x.items()}
    try:
        import numpy as np
        if isinstance(x, np.generic):
            return x.item()
    except ImportError:  # pragma: no cover
        pass
    return {"not_plain": type(x).__name__}


@probe
def run_dags(run_dag, scenarios):
    """Runs with your code: for each scenario, stand-in tasks (each records
    its calls and the inputs it got, raises its first ``fails[name]`` calls
    over all runs, then returns ``outputs[name]``), then your run_dag
    ``runs`` times on the same store. Reports, per run, what run_dag
    returned or raised, the calls in order and the store afterwards."""
    import builtins
    from collections.abc import Mapping

    from workbook.checks.dagrun import _plain
    from workbook.checks.kernel import raised

    reports = []
    for sc in scenarios:
        calls = {name: 0 for name in sc["tasks"]}
        events: list = []

        def make(name):
            def task(run_date, inputs):
                calls[name] += 1
                got = ({str(k): _plain(v) for k, v in inputs.items()} if isinstance(inputs, Mapping)
                       else {"not_mapping": type(inputs).__name__})
                events.append(["start", name, got, _plain(run_date)])
                if calls[name] <= sc["fails"].get(name, 0):
                    events.append(["raise", name])
                    raise getattr(builtins, sc["errors"].get(name, "RuntimeError"))(f"{name} failed (attempt {calls[name]})")
                events.append(["end", name])
                return sc["outputs"][name]
            task.__name__ = name
            return task

        tasks = {name: make(name) for name in sc["tasks"]}
        upstream = {name: list(ups) for name, ups in sc["upstream"].items()}
        store = dict(sc["store"])
        runs = []
        for _ in range(sc["runs"]):
            del events[:]
            try:
                if sc["retries"] is None:
                    out = run_dag(tasks, upstream, sc["run_date"], store)
                else:
                    out = run_dag(tasks, upstream, sc["run_date"], store, retries=sc["retries"])
                entry = {"result": _plain(out)}
            except BaseException as e:
                entry = {"raised": raised(e)}
            entry["events"] = [list(e) for e in events]
            entry["store"] = {str(k): _plain(v) for k, v in store.items()}
            runs.append(entry)
        reports.append(runs)
    return reports


@probe
def run_nightly(run_dag, nightly_dag, db, spec, run_date, existing):
    """Runs with your code: copies the shop database ``db`` (with the rows
    ``existing`` in churn_scores), builds your nightly DAG around the stub
    model ``spec`` and runs it with your run_dag three times: with a new
    store, again with the same store, then with another new store. Reports
    the DAG's shape, each run's result, the stored report and churn_scores
    after each run."""
    import shutil
    import sqlite3
    import tempfile
    from pathlib import Path

    from workbook.checks.dagrun import _plain
    from workbook.checks.kernel import raised
    from workbook.checks.servingprobes import StubModel
    from workbook.data.serving import FEATURES, SCORES_SCHEMA

    base = Path(tempfile.mkdtemp(prefix="wb-dag-"))
    path = base / "shop.sqlite"
    shutil.copyfile(db, path)
    report: dict = {"runs": []}

    def table():
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            if not con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'churn_scores'").fetchone()[0]:
                return None
            return [list(r) for r in con.execute(
                "SELECT customer_id, cutoff, model_version, probability, churn FROM churn_scores")]
        finally:
            con.close()

    try:
        if existing:
            con = sqlite3.connect(path)
            with con:
                con.executescript(SCORES_SCHEMA)
                con.executemany("INSERT INTO churn_scores VALUES (?, ?, ?, ?, ?)", [tuple(r) for r in existing])
            con.close()
        stub = StubModel(**dict(spec, features=list(FEATURES)))
        try:
            built = nightly_dag(str(path), stub)
            tasks, upstream = built
            report["names"] = sorted(str(k) for k in tasks)
            report["upstream"] = {str(k): sorted(str(u) for u in v) for k, v in dict(upstream).items()}
        except BaseException as e:
            report["raised"] = raised(e)
            return report
        stores = [{}, None, {}]
        for i, fresh in enumerate(stores):
            store = stores[0] if fresh is None else fresh
            before = len(stub.calls)
            try:
                entry = {"result": _plain(run_dag(tasks, upstream, run_date, store))}
            except BaseException as e:
                entry = {"raised": raised(e)}
            entry["predict_calls"] = len(stub.calls) - before
            entry["keys"] = sorted(str(k) for k in store)
            entry["report"] = _plain(store.get(f"{run_date}/report"))
            entry["rows"] = table()
            report["runs"].append(entry)
        return report
    finally:
        shutil.rmtree(base, ignore_errors=True)


# =========================================================================== judge side

STATE_HINTS = {
    "success": msg("a task runs once every upstream task has succeeded or is cached; one that raises is "
                   "called again, up to retries more times"),
    "failed": msg("a task that raised on all of its 1 + retries attempts is failed"),
    "skipped": msg("a task with a failed or skipped upstream task is not called: skipped, 0 attempts"),
    "cached": msg("a task whose output for this run_date is in the store (its key is the run_date, a slash and its "
                  "name) is not called: cached, 0 attempts, even when the stored output is None"),
}


def check_dag_run(run: dict, scenario: dict, expected: dict, expected_store: dict, *, label) -> None:
    """One run of run_dag: ``run`` is the probe's report, ``expected`` maps
    each task to ``[state, attempts]``, ``expected_store`` is the store the
    run must leave. Checks, in this order: it returned a dict with one entry
    {"state", "attempts"} per task, each as expected; each task was called as
    often as it says; no call started before every upstream task it needs had
    succeeded in this run or was cached; each call got its upstream tasks'
    outputs; the store afterwards."""
    from .serving import fail_raised
    label = as_message(label)
    if "raised" in run:
        fail_raised(run["raised"], msg("run_dag on {label}", label=label), hidden="run_dag",
                    hint="run_dag itself never raises: catch a task's exception (except Exception), and read an "
                         "upstream task's output only once that task has succeeded or is cached")
    got = run.get("result")
    names = list(scenario["tasks"])
    if not isinstance(got, dict) or sorted(got) != sorted(names):
        raise CheckFailed(msg("run_dag on {label} should return a dict with one entry per task {names}; it returned "
                              "{got}", label=label, names=sorted(names), got=short(got)), show_values=False,
                          hint="one entry per task, whatever happened to it: a dict with the keys state and attempts",
                          hidden_message="run_dag did not return one entry per task")
    from graphlib import TopologicalSorter
    upstream = {name: list(scenario["upstream"].get(name, [])) for name in names}
    for name in TopologicalSorter(upstream).static_order():   # the first task that went wrong is told
        state, attempts = expected[name]
        g = got[name]
        if not (isinstance(g, dict) and set(g) == {"state", "attempts"} and g["state"] == state
                and type(g["attempts"]) is int and g["attempts"] == attempts):
            raise CheckFailed(msg("run_dag on {label}: task {name!r} should be {state!r} after {attempts} attempts; "
                                  "run_dag returned {g} for it", label=label, name=name, state=state, attempts=attempts,
                                  g=short(g)),
                              show_values=False, hint=STATE_HINTS[state],
                              hidden_message=msg("a task's state or attempts differ from the expected ones "
                                                 "(expected {state!r})", state=state))
    starts = [e for e in run["events"] if e[0] == "start"]
    for name in names:
        n = sum(1 for e in starts if e[1] == name)
        if n != expected[name][1]:
            raise CheckFailed(msg("run_dag on {label} called task {name!r} {n} times; it should call it {m} times",
                                  label=label, name=name, n=n, m=expected[name][1]), show_values=False,
                              hint="call each task of the run only as often as its attempts say: never a cached or "
                                   "skipped one, a failing one 1 + retries times at most",
                              hidden_message="a task was called another number of times than its attempts")
    ended: set = set()
    for event in run["events"]:
        if event[0] == "end":
            ended.add(event[1])
        if event[0] != "start":
            continue
        name = event[1]
        for u in upstream[name]:
            if expected[u][0] != "cached" and u not in ended:
                raise CheckFailed(msg("run_dag on {label} called task {name!r} before its upstream task {u!r} had "
                                      "succeeded", label=label, name=name, u=u), show_values=False,
                                  hint="run the tasks in the order of graphlib.TopologicalSorter(upstream)",
                                  hidden_message="a task was called before one of its upstream tasks had succeeded")
        want = {u: expected_store[f"{scenario['run_date']}/{u}"] for u in upstream[name]}
        if event[2] != want or event[3] != scenario["run_date"]:
            raise CheckFailed(msg("run_dag on {label} called task {name!r} with run_date {date!r} and inputs {got}; "
                                  "expected run_date {run_date!r} and inputs {want}", label=label, name=name,
                                  date=event[3], got=short(event[2]), run_date=scenario["run_date"], want=short(want)),
                              show_values=False,
                              hint="inputs: a dict from each upstream task's name to its output (the stored one for a "
                                   "cached task)",
                              hidden_message="a task got other inputs than its upstream tasks' outputs")
    if run["store"] != expected_store:
        raise CheckFailed(msg("after run_dag on {label} the store should hold {want}; it holds {got}", label=label,
                              want=short(expected_store), got=short(run["store"])), show_values=False,
                          hint="store the output of a task that succeeded under its key (the run_date, a slash and its name); "
                               "nothing for a failed or skipped task; leave the other keys as they are",
                          hidden_message="the store after the run holds other keys or values than expected")


NIGHTLY_UPSTREAM = {"extract": [], "score": ["extract"], "write": ["score"], "report": ["score"]}


def nightly_expected(db, spec: dict, run_date: str, existing: list) -> tuple[list, dict]:
    """The rows churn_scores must hold after the nightly job on the judge's
    copy of ``db`` (``existing`` rows of other dates or versions kept, this
    date and version's replaced) and the report it must store."""
    import sqlite3

    from ..data.serving import FEATURES, features_at
    from .servingprobes import stub_proba
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        records = features_at(con, run_date)[["customer_id", *FEATURES]].to_dict("records")
    finally:
        con.close()
    spec = dict(spec, features=list(FEATURES))
    new = [(int(r["customer_id"]), run_date, spec["version"], stub_proba(spec, r),
            int(stub_proba(spec, r) >= spec["threshold"])) for r in records]
    kept = [tuple(r) for r in existing if (r[1], r[2]) != (run_date, spec["version"])]
    return sorted(kept + new), {"customers": len(new), "flagged": sum(r[4] for r in new)}


def check_nightly(report: dict, rows: list, summary: dict, run_date: str, version: str) -> None:
    """The probe's report of the nightly DAG (``run_nightly``) against the
    expected rows of churn_scores and the expected report: the DAG's tasks and
    upstream lists, then each of the three runs (a first run, a rerun with the
    same store: every task cached and the model not called, a rerun with an
    empty store: every task run again), the rows after each run and the
    stored report."""
    from .serving import fail_raised
    doing = msg("nightly_dag(db_path, model) with model version {version!r}", version=version)
    if "raised" in report:
        fail_raised(report["raised"], doing, hidden="nightly_dag",
                    hint="return two dicts: the tasks by name, and the upstream names of each task")
    names = ["extract", "report", "score", "write"]
    upstream = {k: v for k, v in report["upstream"].items() if v or k != "extract"}
    want = {k: v for k, v in NIGHTLY_UPSTREAM.items() if v}
    if report["names"] != names or upstream != want:
        raise CheckFailed(msg("{doing} should return the tasks {names} and the upstream lists {want}; it returned "
                              "the tasks {got_names} and the upstream lists {got}", doing=doing, names=names,
                              want=want, got_names=short(report["names"]), got=short(report["upstream"])),
                          show_values=False, hint="score after extract; write and report both after score",
                          hidden_message="the nightly DAG's tasks or upstream lists differ from the stated ones")
    runs = report["runs"]
    stages = (msg("the first run"), msg("a rerun with the same store"), msg("a rerun with an empty store"))
    for i, (run, stage) in enumerate(zip(runs, stages)):
        where = msg("run_dag on {doing} ({stage})", doing=doing, stage=stage)
        if "raised" in run:
            fail_raised(run["raised"], where, hidden="run_dag on the nightly DAG")
        state = "cached" if i == 1 else "success"
        expected = {name: {"state": state, "attempts": 0 if i == 1 else 1} for name in names}
        if run["result"] != expected:
            raise CheckFailed(msg("{where} should return {expected}; it returned {got}", where=where,
                                  expected=expected, got=short(run["result"])), show_values=False,
                              hint=("every task's output for this run_date is in the store: all are cached" if i == 1
                                    else "each task should succeed at its first attempt: call your tasks yourself "
                                         "with a run_date and their inputs to see which one raises"),
                              hidden_message=msg("{stage}: a task's state or attempts differ from the expected ones",
                                                 stage=stage))
        if i == 1 and run["predict_calls"]:
            raise CheckFailed(msg("{where} called the model's predict_proba; every task is cached", where=where),
                              show_values=False, hint="a cached task is not called", hidden_message=
                              msg("{stage} called the model's predict_proba", stage=stage))
        if run["rows"] is None:
            raise CheckFailed(msg("after {where}, there is no table churn_scores in the database", where=where),
                              show_values=False, hint="write: con.executescript(SCORES_SCHEMA), in the transaction")
        got = sorted(tuple(r) for r in run["rows"])
        if len(got) != len(rows):
            raise CheckFailed(msg("after {where}, churn_scores should hold {n} rows; it holds {m}", where=where,
                                  n=len(rows), m=len(got)), show_values=False,
                              hint="write replaces the rows of this run_date and model version (delete them, insert "
                                   "the new ones, in one transaction) and leaves the others",
                              hidden_message=msg("after {stage}, churn_scores holds another number of rows than "
                                                 "expected", stage=stage))
        for g, e in zip(got, rows):
            if not (g[:3] == e[:3] and isinstance(g[3], float) and abs(g[3] - e[3]) < 1e-9 and g[4] == e[4]):
                raise CheckFailed(msg("after {where}, churn_scores should hold the row {e}; the row in its place is "
                                      "{g}", where=where, e=list(e), g=list(g)), show_values=False,
                                  hint="one row per customer of features_at(con, run_date): customer_id, cutoff = "
                                       "run_date, model_version, probability, churn = 1 when probability >= "
                                       "model.threshold",
                                  hidden_message=msg("after {stage}, a row of churn_scores is wrong (its key, "
                                                     "probability or churn flag)", stage=stage))
        got_report = run["report"]
        if not (isinstance(got_report, dict) and got_report == summary
                and all(type(v) is int for v in got_report.values())):
            raise CheckFailed(msg("after {where}, the store should hold the report {summary}; it holds {got}",
                                  where=where, summary=summary, got=short(run["report"])), show_values=False,
                              hint="report returns a dict: customers (the customers scored) and flagged (how many "
                                   "have churn = 1)",
                              hidden_message=msg("after {stage}, the stored report differs from the expected one",
                                                 stage=stage))
