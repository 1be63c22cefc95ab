"""Every exercise declares the inputs its question allows (its ``domain`` in
source/<a>/exercises.py, workbook/checks/domain.py), and every case a
question states about generated data holds on every hidden seed
(workbook/data/cases.py): a generator that can omit a stated case lets a
wrong answer pass for some course secrets (issue 56: no generated error log
ended with a [core:notice] line, so `grep -v 'mpm_event:notice'` passed)."""
from __future__ import annotations

import importlib.util
import random

import pytest

from conftest import ASSIGNMENTS, REPO
from workbook.course import exercises as exs
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.data import cases

SEEDS = [0] + random.Random(20260309).sample(range(1, 2**31 - 1), 40)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_autograded_exercise_declares_its_domain(assignment):
    declared = exs.load(REPO / "source" / assignment)
    known = cases.names()
    problems = []
    for p in course.notebooks(REPO, assignment):
        for ex in nbm.exercises(nbm.read(p)):
            if not ex.autograded:
                continue
            domain = declared.get(ex.grade_id) and declared[ex.grade_id].domain
            if not domain:
                problems.append(f"{ex.grade_id}: no domain")
                continue
            for item in ([domain["data"]] if isinstance(domain.get("data"), dict) else domain.get("data") or []):
                key = item.get("stated")
                if key is not None and key not in known:
                    problems.append(f"{ex.grade_id}: data of {key!r}, which workbook/data/cases.py does not declare")
                for case in item.get("cases", []):
                    if key is None or case not in known.get(key, ()):
                        problems.append(f"{ex.grade_id}: case {case!r} is not a stated case of {key!r}")
    assert problems == []


@pytest.mark.parametrize("seed", SEEDS)
def test_the_servers_stated_cases_hold_on_every_seed(seed):
    assert cases.STATED["server"]["check"](seed) == []


def test_the_servers_check_sees_a_missing_case():
    """The check can fail: the error log as it was before issue 56 (no [core:notice] at the end), an access
    log of one day."""
    from workbook.data import server
    errors = server.error_log(11).splitlines()
    access = server.access_log(11).splitlines()
    one_day = [line for line in access if "[12/Mar/2026:" in line]
    assert cases.server_cases_missing("\n".join(errors[:-1]) + "\n", "\n".join(access)) == ["error-notice-modules"]
    assert "access-one-week" in cases.server_cases_missing("\n".join(errors), "\n".join(one_day))


@pytest.mark.parametrize("key", [k for k, g in cases.STATED.items() if "checked_by" in g])
def test_a_generator_checked_elsewhere_is_checked_on_enough_seeds(key):
    entry = cases.STATED[key]
    path, name = entry["checked_by"].split("::")
    spec = importlib.util.spec_from_file_location(f"_stated_{key}", REPO / path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    fn = getattr(mod, name, None)
    assert fn is not None, f"{path} has no test {name}"
    marks = [m for m in getattr(fn, "pytestmark", []) if m.name == "parametrize" and "seed" in m.args[0]]
    assert marks, f"{entry['checked_by']} is not parametrised over seeds"
    assert len(list(marks[0].args[1])) >= entry.get("seeds", 40)


@pytest.mark.parametrize("key", list(cases.STATED))
def test_every_generator_is_where_its_entry_says(key):
    """A generator named by where it is (``cases.InPackage`` or ``cases.InHidden``), never a string nothing reads:
    09's rule inputs moved from the package to the assignment's hidden module, and their entry with them."""
    generator = cases.STATED[key]["generator"]
    assert isinstance(generator, (cases.InPackage, cases.InHidden))
    found = generator.resolve(REPO)
    assert callable(found) or (isinstance(generator, cases.InPackage) and generator.name is None)


def test_a_generator_that_holds_part_of_an_answer_is_in_a_hidden_module():
    """09 q4b's rule inputs enumerate every rule of the itemsets (most of the answer): the entry names the hidden
    module, and the package has no such module."""
    generator = cases.STATED["basket-rules"]["generator"]
    assert generator == cases.InHidden("09_baskets", "rule_inputs")
    assert generator.path(REPO).is_file()
    assert importlib.util.find_spec("workbook.data.basketrules") is None
