"""06 Question 17 (the GitHub Actions workflow), its requirement "secret":
the step that runs pytest gets MODEL_REGISTRY_TOKEN from the repository's
secret of that name through env: (of the step, the job or the workflow);
every env: that sets it, at any level of any job, sets exactly that secret;
no run: script assigns it (export, NAME=..., ${NAME:-...}, ${NAME:=...}, read
from bashlex's parse) or holds ${{ secrets.... }}; no registry token (mrt_...)
anywhere in the text, comments included. The test cell runs in-process on one
answer (tests/test_course.py walks every alternative and wrong answer of
exercises.py and grades them; here it is the forms the question allows, the
message of each mistake in both editions, and the 65 workflows an independent
student-view tester wrote and graded, tests/data/06_q17_workflows: C* correct,
W* and X* wrong, B1 (coverage run -m pytest) wrong since item 6 names the
forms that count)."""
from __future__ import annotations

from pathlib import Path

import pytest

import cell_runner
from conftest import REPO

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




def run(answer: str, code: str = "en") -> str | None:
    """q17's test cell on ``answer`` in one edition: None when it passes, else its failure's lines."""
    return cell_runner.run(ASSIGNMENT, "test_q17_workflow", {"q17_workflow": answer}, code)


@pytest.mark.parametrize("answer", [
    WORKFLOW,
    # the job's env: (every step of the job gets it)
    swap(swap(WORKFLOW, STEP_ENV, ""), "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      "
         + TOKEN + "\n"),
    # the workflow's env:, the secret read by index, in quotes
    swap(swap(WORKFLOW, STEP_ENV, ""), "jobs:\n",
         "env:\n  MODEL_REGISTRY_TOKEN: \"${{ secrets['MODEL_REGISTRY_TOKEN'] }}\"\njobs:\n"),
    # the secret's name in small letters, no spaces inside the braces: GitHub reads them the same
    swap(WORKFLOW, "${{ secrets.MODEL_REGISTRY_TOKEN }}", "${{secrets.model_registry_token}}"),
    # the script reads the variable (and tests it) without giving it a value
    swap(WORKFLOW, "run: pytest -q\n", 'run: |\n          echo "token: ${MODEL_REGISTRY_TOKEN:+set}"\n'
         '          export MODEL_REGISTRY_TOKEN\n          pytest -q\n'),
    # the script stops when the token is not set: the emulated run gives the step its env: (a stand-in secret)
    swap(WORKFLOW, "run: pytest -q\n", 'run: |\n          test -n "${MODEL_REGISTRY_TOKEN:?the registry token is not set}"'
         '\n          pytest -q\n'),
    # the same check against the job's env:, with a variable of the workflow's env: the script needs
    swap(swap(swap(WORKFLOW, STEP_ENV, ""), "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      "
              + TOKEN + "\n"), "jobs:\n", "env:\n  REPORT_DIR: reports\njobs:\n").replace(
        "run: pytest -q\n", 'run: |\n          test -n "$MODEL_REGISTRY_TOKEN"\n          test "$REPORT_DIR" = reports\n'
        '          pytest -q\n'),
], ids=["step", "job", "workflow-index", "case-and-spaces", "script-reads-it", "script-requires-it",
        "script-requires-job-and-workflow-env"])
def test_the_registry_token_reaches_the_pytest_step_from_the_secret_through_any_env_level(answer):
    assert run(answer) is None


@pytest.mark.parametrize("answer, en, ko", [
    (swap(WORKFLOW, STEP_ENV, ""), "the step that runs pytest gets no MODEL_REGISTRY_TOKEN", "받지 못합니다"),
    # on the install step only
    (swap(swap(WORKFLOW, STEP_ENV, ""), "      - run: pip install -r requirements-dev.txt\n",
          "      - run: pip install -r requirements-dev.txt\n" + STEP_ENV),
     "the step that runs pytest gets no MODEL_REGISTRY_TOKEN", "받지 못합니다"),
    # a registry token, wherever it is: an env: value, a comment, a URL in a run: script
    (swap(WORKFLOW, "${{ secrets.MODEL_REGISTRY_TOKEN }}", "mrt_live_0123abcd"),
     "a registry token is written in the file, line 20 ('mrt_live_0123abcd')", "레지스트리 토큰"),
    ("# the token: mrt_dev_42aa\n" + WORKFLOW, "a registry token is written in the file, line 1 ('mrt_dev_42aa')",
     "레지스트리 토큰"),
    (swap(WORKFLOW, "pip install -r requirements-dev.txt", "pip install --extra-index-url "
          "https://__token__:mrt_live_9f@registry.example/simple -r requirements-dev.txt"),
     "a registry token is written in the file", "레지스트리 토큰"),
    # another value, not a registry token: still not the secret
    (swap(WORKFLOW, "${{ secrets.MODEL_REGISTRY_TOKEN }}", "dmr_live_0123"),
     "MODEL_REGISTRY_TOKEN should be exactly ${{ secrets.MODEL_REGISTRY_TOKEN }}: the env: of the step 'Run the "
     "tests' sets it to 'dmr_live_0123'", "정확히"),
    (swap(WORKFLOW, "secrets.MODEL_REGISTRY_TOKEN", "secrets.GITHUB_TOKEN"),
     "MODEL_REGISTRY_TOKEN should be exactly ${{ secrets.MODEL_REGISTRY_TOKEN }}", "정확히"),
    # broken references: told as such, not as a token written in the file
    (swap(WORKFLOW, "${{ secrets.MODEL_REGISTRY_TOKEN }}", "$MODEL_REGISTRY_TOKEN"),
     "sets it to '$MODEL_REGISTRY_TOKEN'", "정확히"),
    (swap(WORKFLOW, "${{ secrets.MODEL_REGISTRY_TOKEN }}", "secrets.MODEL_REGISTRY_TOKEN"),
     "sets it to 'secrets.MODEL_REGISTRY_TOKEN'", "정확히"),
    (swap(WORKFLOW, "${{ secrets.MODEL_REGISTRY_TOKEN }}", "${ secrets.MODEL_REGISTRY_TOKEN }"),
     "sets it to '${ secrets.MODEL_REGISTRY_TOKEN }'", "정확히"),
    # the job's env: reads the secret, the step's own env: (which wins) another value
    (swap(swap(WORKFLOW, "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      " + TOKEN + "\n"),
          "          " + TOKEN, "          MODEL_REGISTRY_TOKEN: test-token"),
     "the env: of the step 'Run the tests' sets it to 'test-token'", "정확히"),
    # the workflow's env: gives another value, the step's own env: (which wins) the secret: the merge hides nothing
    (swap(WORKFLOW, "jobs:\n", "env:\n  MODEL_REGISTRY_TOKEN: dev-token\njobs:\n"),
     "the workflow's env: sets it to 'dev-token'", "정확히"),
    # another job's env:
    (WORKFLOW + "  lint:\n    runs-on: ubuntu-latest\n    env:\n      MODEL_REGISTRY_TOKEN: x\n    steps:\n"
     "      - run: echo lint\n", "the env: of job 'lint' sets it to 'x'", "정확히"),
    (swap(WORKFLOW, "        run: pytest -q\n" + STEP_ENV,
          "        run: MODEL_REGISTRY_TOKEN=${{ secrets.MODEL_REGISTRY_TOKEN }} pytest -q\n"),
     "the step 'Run the tests' reads a secret inside its run: script", "스크립트 안에서 시크릿을 읽습니다"),
    # an unnamed step: where it is and its first line, not its whole script
    (swap(WORKFLOW, "      - run: pip install -r requirements-dev.txt\n",
          "      - run: |\n          echo ${{ secrets.MODEL_REGISTRY_TOKEN }}\n          pip install -r "
          "requirements-dev.txt\n"),
     "step 3 of job 'test' ('echo ${{ secrets.MODEL_REGISTRY_TOKEN }}') reads a secret inside its run: script",
     "스크립트 안에서 시크릿을 읽습니다"),
    # the run: script gives the variable a value of its own (bashlex's parse)
    (swap(WORKFLOW, "run: pytest -q\n", "run: |\n          export MODEL_REGISTRY_TOKEN=${MODEL_REGISTRY_TOKEN:-dev}\n"
          "          pytest -q\n"),
     "the step 'Run the tests' gives MODEL_REGISTRY_TOKEN a value in its run: script "
     "('MODEL_REGISTRY_TOKEN=${MODEL_REGISTRY_TOKEN:-dev}')", "MODEL_REGISTRY_TOKEN"),
    (swap(WORKFLOW, "run: pytest -q\n", "run: MODEL_REGISTRY_TOKEN=dev pytest -q\n"),
     "gives MODEL_REGISTRY_TOKEN a value in its run: script ('MODEL_REGISTRY_TOKEN=dev')", "MODEL_REGISTRY_TOKEN"),
    (swap(WORKFLOW, "run: pytest -q\n", 'run: |\n          if true; then : "${MODEL_REGISTRY_TOKEN:=dev}"; fi\n'
          "          pytest -q\n"),
     "('${MODEL_REGISTRY_TOKEN:=dev}')", "MODEL_REGISTRY_TOKEN"),
    # pytest through a wrapper: the message names the forms that count
    (swap(WORKFLOW, "run: pytest -q", "run: coverage run -m pytest -q"),
     "a run: script should run pytest or python -m pytest as a command of its own", "pytest"),
], ids=["missing", "install-step-only", "literal-token", "token-in-comment", "token-in-url", "literal", "another-secret",
        "shell-variable",
        "no-braces", "single-braces", "step-literal-wins", "workflow-literal-overridden", "other-job-literal",
        "inline-in-run", "unnamed-step", "run-export-default", "run-prefix", "run-assign-default", "coverage-wrapper"])
def test_each_registry_token_mistake_says_which_fact_failed_in_both_editions(answer, en, ko):
    text = {code: run(answer, code) for code in ("en", "ko")}
    assert text["en"] is not None and en in text["en"]
    assert text["ko"] is not None and ko in text["ko"]
    first = {code: t.split("\n")[0] for code, t in text.items()}
    assert ("MODEL_REGISTRY_TOKEN" in first["ko"]) == ("MODEL_REGISTRY_TOKEN" in first["en"])


WORKFLOWS = REPO / "tests" / "data" / "06_q17_workflows"


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.stem)
def test_the_student_view_testers_workflows_are_graded_as_they_judged(path: Path):
    """C*: correct, full marks. W*/X*: wrong, each fails. B1 runs the tests as coverage run -m pytest, a form item
    6 says does not count (and that the message names): wrong."""
    failure = run(path.read_text())
    if path.name.startswith("C"):
        assert failure is None, failure
    else:
        assert path.name[0] in "WXB" and failure is not None


def test_the_regression_set_is_all_there():
    names = [p.stem.split("_")[0] for p in WORKFLOWS.glob("*.yml")]
    assert len(names) == 65 and sum(n.startswith("C") for n in names) == 17 and "B1" in names
    assert {"W17", "W18", "W21", "W22"} <= set(names)


def test_a_steps_environment_merges_the_workflows_the_jobs_and_its_own_env_as_github_does():
    from workbook.checks.gitci import SECRET_STAND_IN, step_env
    workflow = {"env": {"A": "workflow", "B": "workflow", "N": 3.11, "T": True, "Z": None}}
    job = {"env": {"B": "job", "C": "${{ matrix.py }}"}, "strategy": {"matrix": {"py": ["3.12", "3.11"]}}}
    step = {"env": {"C": "step ${{ secrets.MODEL_REGISTRY_TOKEN }}", "L": ["not", "a", "value"],
                    "G": "${{ github.sha }}-x", "S": "${{ secrets['OTHER'] }}"}}
    assert step_env(workflow, job, step) == {"A": "workflow", "B": "job", "C": "step " + SECRET_STAND_IN,
                                             "N": "3.11", "T": "true", "Z": "", "G": "-x", "S": SECRET_STAND_IN}
    assert step_env(None, {"env": {"B": "job"}}, {}) == {"B": "job"}


@pytest.mark.parametrize("shell", ["", "    defaults:\n      run:\n        shell: sh\n"], ids=["default-bash-e", "sh"])
def test_a_pipe_that_hides_pytests_exit_code_is_named_as_the_cause_in_both_editions(shell):
    """GitHub's default shell is bash -e {0}, without pipefail: in `pytest | tee log` the step's exit code is
    tee's. The job succeeds on a failing test, and the message says why (the pipe, pipefail, shell: bash)."""
    answer = swap(swap(WORKFLOW, "run: pytest -q", "run: pytest -q | tee pytest.log"),
                  "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n" + shell)
    text = {code: run(answer, code) for code in ("en", "ko")}
    assert text["en"] is not None and "pipefail" in text["en"] and "shell: bash" in text["en"]
    assert text["ko"] is not None and "pipefail" in text["ko"] and "shell: bash" in text["ko"] and "파이프" in text["ko"]
    # with shell: bash GitHub adds pipefail: the same pipe passes
    assert run(swap(answer, "run: pytest -q | tee pytest.log", "run: pytest -q | tee pytest.log\n        shell: bash")
               ) is None
