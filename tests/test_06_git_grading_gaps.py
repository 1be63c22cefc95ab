"""06: answers the questions' rules make wrong but the checks used to pass. Each test cell runs in-process, its
hidden part included (tests/test_course.py grades every wrong answer of exercises.py the same way, slowly).
Question 3: `.env*` with `!.envrc` (and `!.env.example`) ignores `.env_sample` and a `.envs/` folder, which rule 4
says are not secrets files. Question 6: the signature's order (main's l2 before the branch's patience) was stated but
never checked. Question 26: a hook that leaves renames out (`--diff-filter=ACM`) let the old notebook, outputs and
all, in under a new name, though the commit adds that path; no commit renamed a file. (The brief's Question 12, "a
side branch", is the pickaxe question: its history is linear and its text asks for no branch; nothing to check.)"""
from __future__ import annotations


import cell_runner
from conftest import REPO

ASSIGNMENT = "06_git"


def cell(cell_id: str) -> str:
    return cell_runner.source(ASSIGNMENT, cell_id)


def run(test_cell: str, names: dict) -> str | None:
    return cell_runner.run(ASSIGNMENT, test_cell, names)
    return None


def exercises():
    import importlib.util
    spec = importlib.util.spec_from_file_location("ex06", REPO / "source" / ASSIGNMENT / "exercises.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_q3_an_env_star_pattern_with_exceptions_for_envrc_and_the_example_fails():
    ex = exercises()
    wrong = ex.GITIGNORE.replace(".env\n.env.*\n", ".env*\n!.envrc\n", 1)
    assert wrong != ex.GITIGNORE
    failure = run("test_q3_gitignore", {"q3_gitignore": wrong})
    assert failure is not None and ".env_sample" in failure
    # every name the visible check shows taken back: the hidden paths (a .envs/ folder) still fail it
    more = wrong.replace("!.envrc\n", "!.envrc\n!.env_sample\n!.env.example\n")
    failure = run("test_q3_gitignore", {"q3_gitignore": more})
    assert failure is not None and "hidden" in failure
    assert ".env_sample" in cell("cell-022") and ".envs/" in cell("cell-022")
    assert run("test_q3_gitignore", {"q3_gitignore": ex.GITIGNORE}) is None


def test_q6_the_parameters_in_another_order_fail():
    ex = exercises()
    wrong = ex.RESOLVED.replace("l2=0.0, patience=None):", "patience=None, l2=0.0):")
    assert wrong != ex.RESOLVED
    failure = run("test_q6_resolved", {"q6_resolved": wrong, "q6_finish": ex.FINISH})
    assert failure is not None and "order" in failure
    assert "in this order" in cell("cell-043")


def test_q26_a_hook_that_leaves_renames_out_fails_and_the_reference_passes():
    ex = exercises()
    wrong = ex.HOOK.replace("--diff-filter=ACMR", "--diff-filter=ACM")
    assert wrong != ex.HOOK
    failure = run("test_q26_pre_commit", {"q26_pre_commit": wrong})
    assert failure is not None and "under a new name" in failure
    assert run("test_q26_pre_commit", {"q26_pre_commit": ex.HOOK}) is None
    assert run("test_q26_pre_commit", {"q26_pre_commit": ex.HOOK_GREP}) is None   # it read --diff-filter=AM
    assert "git mv" in cell("cell-172")
