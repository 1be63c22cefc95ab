"""01_shell's runs/ folder (workbook/data/runs.py, Questions 16b and 16c): every case the questions state holds
on the visible seed and on 40 hidden-seed-like seeds; the visible seed's sizes, which the notebook writes out,
are what du -h shows on the disk and on a tmpfs."""
from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from workbook.data import cases, runs

SEEDS = [0] + random.Random(20261202).sample(range(1, 2**31 - 1), 40)


@pytest.mark.parametrize("seed", SEEDS)
def test_runs_hold_every_stated_case(seed):
    assert runs.cases_missing(seed) == []
    assert set(cases.STATED["runs"]["cases"]) == {"sizes-distinct", "sort-traps", "subfolder-trap", "space-in-name",
                                                   "archive-run"}


def test_the_check_sees_a_missing_case(monkeypatch):
    plan = runs.plan(0)
    monkeypatch.setattr(runs, "plan", lambda seed=0: [plan[0], plan[1], (plan[2][0], plan[2][1], plan[1][2])]
                        + plan[3:])
    assert "sizes-distinct" in runs.cases_missing(0)


@pytest.mark.parametrize("base", ["/dev/shm", None])
def test_du_shows_the_planned_sizes(base):
    if base and not Path(base).is_dir():
        pytest.skip(f"no {base}")
    tmp = Path(tempfile.mkdtemp(dir=base))
    try:
        for seed in SEEDS[:6]:
            runs.write_runs(tmp, seed)
            out = subprocess.run("du -sh runs/* | sort -rh", shell=True, cwd=tmp, capture_output=True, text=True,
                                 env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"}).stdout.splitlines()
            planned = runs.plan(seed)
            assert [line.split("\t")[1] for line in out] == [f"runs/{name}" for name, _, _ in planned]
            assert [line.split("\t")[0] for line in out[:4]] == [shown for _, _, shown in planned[:4]]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
