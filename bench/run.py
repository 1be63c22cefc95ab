"""`make bench`: every benchmark in bench/, one after the other.

    .venv/bin/python bench/run.py                 # all of them, default sizes
    .venv/bin/python bench/run.py grader --students 12 --jobs 2
    .venv/bin/python bench/run.py suite           # the test suite itself (as long as `make test`): by name only

Benchmarks print their ratios; they are not timed tests (the machine may be
shared and noisy: compare figures within one run).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BY_NAME_ONLY = {"suite"}   # runs the whole test suite (35-40 min on 2 cores): not part of `make bench`


def main(argv: list[str]) -> int:
    names = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    if argv and argv[0] in names:
        names, extra = [argv[0]], argv[1:]
    else:
        names, extra = [n for n in names if n not in BY_NAME_ONLY], argv
    rc = 0
    for name in names:
        print(f"=== bench/bench_{name}.py {' '.join(extra)}", flush=True)
        rc |= subprocess.call([sys.executable, str(HERE / f"bench_{name}.py"), *(extra if len(names) == 1 else [])])
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
