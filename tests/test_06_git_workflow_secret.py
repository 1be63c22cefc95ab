"""06 Question 17 (the GitHub Actions workflow), its requirement "secret":
the step that runs pytest gets MODEL_REGISTRY_TOKEN from the repository's
secret of that name through env: (of the step, the job or the workflow),
never written in the file nor inside a run: script. The test cell runs
in-process on one answer (tests/test_course.py walks every alternative and
wrong answer of exercises.py and grades them; here it is the forms the
question allows and the message of each mistake, in both editions)."""
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
TOKEN = "MODEL_REGISTRY_TOKEN: ${{ secrets.MODEL_REGISTRY_TOKEN }}"
WORKFLOW = """
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - run: pip install -r requirements-dev.txt
      - name: Run the tests
        run: pytest -q
        env:
          MODEL_REGISTRY_TOKEN: ${{ secrets.MODEL_REGISTRY_TOKEN }}
"""
STEP_ENV = "        env:\n          " + TOKEN + "\n"


def swap(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@functools.lru_cache(maxsize=None)
def cell(language: str) -> str:
    """q17's test cell as the edition in ``language`` has it, visible and hidden parts."""
    nb = nbm.read(REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    if language != "en":
        nb = catalog.translate_notebook(nb, i18n.language_for(language, REPO / "source" / ASSIGNMENT, ASSIGNMENT))
    return next(c.source for c in nb.cells if c.get("id") == "test_q17_workflow")


def run(answer: str, code: str = "en") -> str | None:
    """q17's test cell on ``answer`` in one edition: None when it passes, else its failure's lines."""
    source = cell(code)
    filename = f"/tmp/ipykernel_0/test_q17_workflow_{code}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    with i18n.using(i18n.language_for(code, REPO / "source" / ASSIGNMENT, ASSIGNMENT)):
        try:
            exec(compile(source, filename, "exec"), {"q17_workflow": answer})
        except CheckFailed as e:
            return "\n".join(e.lines())
    return None


@pytest.mark.parametrize("answer", [
    WORKFLOW,
    # the job's env: (every step of the job gets it)
    swap(swap(WORKFLOW, STEP_ENV, ""), "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      "
         + TOKEN + "\n"),
    # the workflow's env:, the secret read by index, in quotes
    swap(swap(WORKFLOW, STEP_ENV, ""), "jobs:\n",
         "env:\n  MODEL_REGISTRY_TOKEN: \"${{ secrets['MODEL_REGISTRY_TOKEN'] }}\"\njobs:\n"),
    # the workflow's env: with another value, the step's own env: (which wins) reading the secret
    swap(WORKFLOW, "jobs:\n", "env:\n  MODEL_REGISTRY_TOKEN: unused\njobs:\n"),
], ids=["step", "job", "workflow-index", "step-wins"])
def test_the_registry_token_reaches_the_pytest_step_from_the_secret_through_any_env_level(answer):
    assert run(answer) is None


@pytest.mark.parametrize("answer, en, ko", [
    (swap(WORKFLOW, STEP_ENV, ""), "the step that runs pytest gets no MODEL_REGISTRY_TOKEN", "받지 못합니다"),
    # on the install step only
    (swap(swap(WORKFLOW, STEP_ENV, ""), "      - run: pip install -r requirements-dev.txt\n",
          "      - run: pip install -r requirements-dev.txt\n" + STEP_ENV),
     "the step that runs pytest gets no MODEL_REGISTRY_TOKEN", "받지 못합니다"),
    (swap(WORKFLOW, "${{ secrets.MODEL_REGISTRY_TOKEN }}", "dmr_live_0123"),
     "MODEL_REGISTRY_TOKEN is written in the file (your workflow sets it to 'dmr_live_0123')", "파일에 직접 적혀"),
    (swap(WORKFLOW, "secrets.MODEL_REGISTRY_TOKEN", "secrets.GITHUB_TOKEN"),
     "MODEL_REGISTRY_TOKEN should read the repository's secret of that name", "같은 이름의 저장소 시크릿을 읽어야"),
    # the job's env: reads the secret, the step's own env: (which wins) a literal
    (swap(swap(WORKFLOW, "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      " + TOKEN + "\n"),
          "          " + TOKEN, "          MODEL_REGISTRY_TOKEN: test-token"),
     "MODEL_REGISTRY_TOKEN is written in the file (your workflow sets it to 'test-token')", "파일에 직접 적혀"),
    (swap(WORKFLOW, "        run: pytest -q\n" + STEP_ENV,
          "        run: MODEL_REGISTRY_TOKEN=${{ secrets.MODEL_REGISTRY_TOKEN }} pytest -q\n"),
     "the step 'Run the tests' reads a secret inside its run: script", "스크립트 안에서 시크릿을 읽습니다"),
], ids=["missing", "install-step-only", "literal", "another-secret", "step-literal-wins", "inline-in-run"])
def test_each_registry_token_mistake_says_which_fact_failed_in_both_editions(answer, en, ko):
    text = {code: run(answer, code) for code in ("en", "ko")}
    assert text["en"] is not None and en in text["en"]
    assert text["ko"] is not None and ko in text["ko"] and "MODEL_REGISTRY_TOKEN" in text["ko"]
