"""06 Question 24 (leak_steps): rotating a key that was never pushed is the cautious habit (a synced folder, a
screen share, another remote may have seen it), so rule 1 allows "rotate" as the first step then; what is still
refused for such a key is anything pushed. The test cell runs in-process, in both editions."""
from __future__ import annotations

import pytest

import cell_runner

ASSIGNMENT = "06_git"


def cell(language: str, cell_id: str) -> str:
    return cell_runner.source(ASSIGNMENT, cell_id, language)


def run(answer: str, code: str = "en") -> str | None:
    names = cell_runner.defined(answer)()
    return cell_runner.run(ASSIGNMENT, "test_q24_leak_steps", {"leak_steps": names["leak_steps"]}, code)


ALWAYS_ROTATE = '''def leak_steps(incident):
    steps = ["rotate", "amend" if incident["last_commit"] else "filter-repo"]
    if incident["pushed"]:
        steps.append("force-push")
    if incident["cloned"]:
        steps.append("reclone")
    return steps
'''


@pytest.mark.parametrize("language", ["en", "ko"])
def test_rotating_a_key_that_was_never_pushed_is_allowed_and_the_question_says_so(language):
    assert run(ALWAYS_ROTATE, language) is None
    assert "rotate" in cell(language, "cell-160") and ("optional" in cell(language, "cell-160")
                                                       or "선택" in cell(language, "cell-160"))


@pytest.mark.parametrize("answer, en", [
    # rotated, but after the rewrite
    (ALWAYS_ROTATE.replace('steps = ["rotate", "amend" if incident["last_commit"] else "filter-repo"]',
                           'steps = ["amend" if incident["last_commit"] else "filter-repo", "rotate"]'), "first"),
    # rotated and pushed, though nothing was pushed
    (ALWAYS_ROTATE.replace('    if incident["pushed"]:\n        steps.append("force-push")\n',
                           '    steps.append("force-push")\n'), "nothing to push"),
], ids=["rotate-after-rewrite", "push-unpushed"])
def test_a_key_never_pushed_is_still_never_pushed_and_a_rotation_comes_first(answer, en):
    failure = run(answer)
    assert failure is not None and en in failure
