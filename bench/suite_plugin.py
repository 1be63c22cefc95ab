"""A pytest plugin of bench/bench_suite.py (not a test): each test's phases
(setup, call, teardown) with their wall time and the CPU time this process
and the children it has waited for spent in them, one JSON line per phase,
in a file per xdist worker under $BENCH_SUITE_DIR. Children a test leaves
running (a kernel another process forked and never waited for) are not
counted: the system-wide figures of bench_suite.py are the total."""
from __future__ import annotations

import json
import os
import resource
from pathlib import Path

_out = None
_last = 0.0


def _cpu() -> float:
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def pytest_runtest_logstart(nodeid, location):
    global _out, _last
    if _out is None:
        folder = os.environ.get("BENCH_SUITE_DIR")
        if not folder:
            return
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        _out = open(Path(folder) / f"phases-{worker}.jsonl", "a", encoding="utf-8")
    _last = _cpu()


def pytest_runtest_makereport(item, call):
    global _last
    if _out is None:
        return
    now = _cpu()
    _out.write(json.dumps({"test": item.nodeid, "phase": call.when, "start": call.start, "stop": call.stop,
                           "cpu": round(now - _last, 3),
                           "worker": os.environ.get("PYTEST_XDIST_WORKER", "main")}) + "\n")
    _out.flush()
    _last = now
