"""06 Question 24 (leak_steps): rotating a key that was never pushed is the cautious habit (a synced folder, a
screen share, another remote may have seen it), so rule 1 allows "rotate" as the first step then; what is still
refused for such a key is anything pushed. The test cell runs in-process, in both editions."""
from __future__ import annotations

import functools
import linecache

import pytest

from conftest import REPO
from workbook import i18n
from workbook.authoring import catalog
from workbook.checks.core import CheckFailed
from workbook.course import nb as nbm

ASSIGNMENT = "06_git"


@functools.lru_cache(maxsize=None)
def cell(language: str, cell_id: str) -> str:
    nb = nbm.read(REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    if language != "en":
        nb = catalog.translate_notebook(nb, i18n.language_for(language, REPO / "source" / ASSIGNMENT, ASSIGNMENT))
    return next(c.source for c in nb.cells if c.get("id") == cell_id)


def run(answer: str, code: str = "en") -> str | None:
    source = cell(code, "test_q24_leak_steps")
    filename = f"/tmp/ipykernel_0/test_q24_leak_steps_{code}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    names: dict = {}
    exec(answer, names)
    with i18n.using(i18n.language_for(code, REPO / "source" / ASSIGNMENT, ASSIGNMENT)):
        try:
            exec(compile(source, filename, "exec"), {"leak_steps": names["leak_steps"]})
        except CheckFailed as e:
            return "\n".join(e.lines())
    return None


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
