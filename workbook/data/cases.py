"""The cases each generator of hidden data promises, declared once (issue 56).

A question that reads generated data (a server's logs, the shop's database, a
team's repository, a month of churn scores) states cases: a notice of another
module at the end of the error log, an order on the reference date, a tie at
the 10th product. A generator that can omit one on some hidden seed lets a
wrong answer pass for that secret. ``STATED`` names, for each generator, the
cases the questions state; an exercise's ``domain`` (source/<a>/exercises.py)
names the generator and the cases its question relies on, and
tests/test_stated_cases.py checks that every named case exists here and holds
on 40 hidden-seed-like seeds and the visible one:

* ``check``: a function of the seed that returns the cases that do not hold
  (the server's, checked by tests/test_stated_cases.py itself);
* ``checked_by``: the test that checks every case of a generator on as many
  seeds (``file::function``), for generators whose checks were written
  before this registry (tests/test_stated_cases.py checks that it exists and
  runs over at least 40 seeds, or the ``seeds`` its entry gives with
  the reason).

Each entry's ``generator`` says where its generator is: ``InPackage`` (a function of the workbook package, which
every student has) or ``InHidden`` (a function of an assignment's hidden module, source/<a>/hidden.py, for a
generator that holds part of an answer: 09's rule inputs enumerate every rule of Question 4b). ``resolve`` finds
it; tests/test_stated_cases.py checks that every one resolves.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class InPackage:
    """A generator of the workbook package: the function ``name`` of the module ``module`` (dotted), or the
    module's functions together when ``name`` is None."""
    module: str
    name: str | None = None

    def resolve(self, root: Path) -> object:
        module = importlib.import_module(self.module)
        return module if self.name is None else getattr(module, self.name)

    def __str__(self) -> str:
        return self.module if self.name is None else f"{self.module}:{self.name}"


@dataclass(frozen=True)
class InHidden:
    """A generator of an assignment's hidden module (workbook/checks/hiddenmodule.py): the function ``name`` of
    source/<assignment>/hidden.py, which only the assignment's hidden tests (``hidden_module()``) and the
    instructor's tests (``hiddenmodule.load``) reach."""
    assignment: str
    name: str

    def path(self, root: Path) -> Path:
        """Its hidden module in the course at ``root``."""
        from ..checks import hiddenmodule
        from ..course import layout
        return layout.directory(Path(root), "source") / self.assignment / hiddenmodule.FILE

    def resolve(self, root: Path) -> Callable:
        from ..checks import hiddenmodule
        return getattr(hiddenmodule.load(self.path(root)), self.name)

    def __str__(self) -> str:
        return f"source/{self.assignment}/hidden.py:{self.name}"


Generator = InPackage | InHidden


def _server_missing(seed: int) -> list[str]:
    """The server cases (``STATED["server"]``) that seed ``seed`` does not hold."""
    from .server import server_files
    sf = server_files(seed)
    return server_cases_missing(sf.text("logs/error.log"), sf.text("logs/access.log"))


def server_cases_missing(error_log: str, access_log: str) -> list[str]:
    """The server cases that these logs do not hold."""
    missing = []
    errors = error_log.splitlines()
    not_notice = [line for line in errors if ":notice]" not in line]
    last5 = not_notice[-5:]
    if not any("notice" in line for line in last5):
        missing.append("error-notice-in-message")
    if not any(":warn]" in line for line in last5):
        missing.append("error-warning-in-last-five")
    if not (":notice]" in errors[-1] and ":notice]" in errors[-2]):
        missing.append("error-ends-with-notices")
    for module in ("mpm_event", "core"):
        if [line for line in errors if f"[{module}:notice]" not in line][-5:] == last5:
            missing.append("error-notice-modules")
    access = access_log.splitlines()
    statuses = [line.split('"')[2].split()[0] for line in access]
    sizes = [line.split('"')[2].split()[1] for line in access]
    if not any(s.startswith("5") for s in statuses):
        missing.append("access-5xx")
    if not any(s.startswith("5") and st == "200" for s, st in zip(sizes, statuses)):
        missing.append("access-bytes-start-with-5")
    days = {re.search(r"\[(\d\d)/Mar/2026:", line).group(1) for line in access}
    if days != {f"{d:02d}" for d in range(9, 16)}:
        missing.append("access-one-week")
    counts: dict[str, int] = {}
    for line in access:
        ip = line.split(" ", 1)[0]
        counts[ip] = counts.get(ip, 0) + 1
    top = sorted(counts.values(), reverse=True)[:4]
    if not top[0] > top[1] > top[2] > top[3]:
        missing.append("top-clients-distinct")
    return sorted(set(missing))


STATED: dict[str, dict] = {   # key -> generator (a Generator), cases, and check or checked_by
    "server": {
        "generator": InPackage("workbook.data.server", "server_files"),
        "check": _server_missing,
        "cases": {
            "error-notice-in-message": "an error whose message holds the word notice, among the last five "
                                       "lines that are not notices (01 q2)",
            "error-warning-in-last-five": "a warning among the last five lines that are not notices (01 q2)",
            "error-ends-with-notices": "the error log ends with notice lines (01 q2)",
            "error-notice-modules": "a notice of each module the question names (mpm_event, core) among the "
                                    "lines after the last five: leaving out one module's notices changes them (01 q2)",
            "access-5xx": "statuses from 500 to 599 (01 q3)",
            "access-bytes-start-with-5": "a 200 whose byte count starts with 5 (01 q3)",
            "access-one-week": "requests on each day from 9 to 15 March 2026 (01 q11: the others are planted by "
                               "the hidden test)",
            "top-clients-distinct": "the four busiest clients have different counts (01 q4)",
        },
    },
    "server-files": {
        "generator": InPackage("workbook.data.server", "server_files"),
        "checked_by": "tests/test_server_data.py::test_checkpoint_sizes_have_big_medium_and_tiny",
        "cases": {
            "checkpoint-sizes": "checkpoints above, below and near 100 KiB, a tiny debug batch (01 q7)",
            "csv-traps": "a quoted field with a comma, an empty amount, a duplicate download with a space in its "
                         "name, a non-CSV file under data/ (01 q8, q9, q13)",
        },
    },
    "runs": {
        "generator": InPackage("workbook.data.runs", "runs_files"),
        "checked_by": "tests/test_runs_data.py::test_runs_hold_every_stated_case",
        "cases": {
            "sizes-distinct": "no two runs show the same du -h size (01 q16b)",
            "sort-traps": "a two-digit size in M, a size with a decimal and a size in K of three digits: a text "
                          "sort and a numeric sort without -h both order them wrongly (01 q16b)",
            "subfolder-trap": "the biggest run's checkpoints/ is bigger than the third run: du without -s lists it "
                              "among the three biggest (01 q16b)",
            "space-in-name": "one of the three biggest run folders has a space in its name (01 q16b)",
            "archive-run": "the archived run holds checkpoints at its top and in checkpoints/, a hidden .hydra/, a "
                           "file in checkpoints/ that is not a checkpoint, a name holding pt without ending in .pt, "
                           "and fits in an archive under 8 MB (01 q16c)",
        },
    },
    "orientation": {
        "generator": InPackage("workbook.data.orientation", "write_daily_orders"),
        "checked_by": "tests/test_orientation_data.py::test_planted_cases",
        "cases": {
            "weekdays-unequal": "weekdays appear unequally often (00 q3)",
            "missing-revenues": "three missing revenues on the runner-up weekday (00 q3)",
            "close-winner": "the winner close to the runner-up, never tied (00 q3)",
            "all-missing-date": "on a hidden seed, a date whose revenues are all missing, which leaving out "
                                "instead of counting as 0 lifts above the winner (00 q3)",
        },
    },
    "shop-edges": {
        "generator": InPackage("workbook.data.shop", "connect"),
        "checked_by": "tests/test_shop.py::test_edge_cases_are_planted_for_every_seed",
        "cases": {
            "boundaries": "every boundary the 02_sql questions name (a price of exactly 100,000 at the 10th place "
                          "through a tie, exactly 30 delivered orders, 1 and 30 June, an order on R, ...)",
        },
    },
    "label-orders": {
        "generator": InPackage("workbook.data.churnproject", "label_orders"),
        "checked_by": "tests/test_04_problem_definition_data.py::test_label_orders_plant_every_case",
        "cases": {"label-boundaries": "an order on the reference date, exactly 60 days before, after it (04 q3)"},
    },
    "holdout": {
        "generator": InPackage("workbook.data.churnproject", "holdout"),
        "checked_by": "tests/test_04_problem_definition_data.py::test_holdout_for_every_seed",
        "cases": {"scores": "scores on the threshold grid and both classes (04 q4-q7)",
                  "opted-out-at-the-top": "customers who did not opt in to marketing among the ten highest "
                                          "scores (04 q10b)"},
    },
    "ethics": {
        "generator": InPackage("workbook.data.ethics"),
        "checked_by": "tests/test_05_licensing_ethics_data.py::test_generators_for_every_seed",
        "cases": {"rules": "every rule and bound the 05 questions name, on every seed"},
    },
    "baskets": {
        "generator": InPackage("workbook.data.baskets", "order_lines"),
        "checked_by": "tests/test_baskets.py::test_every_seed_has_what_question_1_names",
        "seeds": 4,   # each seed builds a shop database (0.85 s): 4 seeds, the visible one among them
        "cases": {"statuses": "cancelled and refunded orders, repeated items in an order (09 q1)"},
    },
    "basket-rules": {
        "generator": InHidden("09_baskets", "rule_inputs"),
        "checked_by": "tests/test_baskets.py::test_rule_inputs_hold_every_case_question_4b_states",
        "cases": {
            "four-itemset": "a frequent itemset of four items (09 q4b)",
            "two-item-sides": "kept rules with an antecedent of two or more items and with a consequent of two or "
                              "more items (09 q4b)",
            "at-minimum": "a rule whose confidence equals min_confidence exactly (09 q4b)",
            "below-minimum": "a rule whose confidence is below min_confidence (09 q4b)",
            "support-tie": "kept rules of equal confidence whose order by support is not their order by items "
                           "(09 q4b)",
            "name-tie": "kept rules of equal confidence and equal support (09 q4b)",
        },
    },
    "git-hook": {
        "generator": InPackage("workbook.data.hookcases", "hook_cases"),
        "checked_by": "tests/test_06_git_hook.py::test_every_seed_plants_every_stated_commit",
        "cases": {
            "kinds": "every commit of hookcases.KINDS once or twice (worktree-both-clean three to six times; how "
                     "many changes with the seed): clean, outputs, counts only, outputs only, changed after git add "
                     "(each verdict, counts only and outputs only among them, the working tree bigger or smaller, "
                     "cleaner or not, drawn apart from what is staged: no rule of up to three working-tree features "
                     "sorts them), a deletion; notebook sizes that interleave across verdicts (06 q26)",
            "boundary": "data files of exactly 1,000,000 and 1,000,001 bytes (06 q26)",
            "names": "notebooks and data files whose names hold spaces and Korean, refused and allowed; every path "
                     "drawn the same way whatever its verdict; branches of random names (06 q26)",
            "order": "neither the visible seed's order of refusals nor its refused paths (06 q26)",
        },
    },
}


def names() -> dict[str, set[str]]:
    """generator key -> its case names."""
    return {key: set(g["cases"]) for key, g in STATED.items()}
