"""06's prose against the git it describes: each fact is run with the machine's git, and the notebook (both
editions) must say it. Section 18: a plain `git pull` on diverged branches stops (git >= 2.33) with "fatal: Need
to specify how to reconcile divergent branches"; section 9: a merge commit is reverted with `git revert -m 1`
(a plain revert of it errors out); section 21: in `:/...` and `^{/...}` a `$` never matches (the message ends with
a newline)."""
from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from workbook import i18n
from workbook.authoring import catalog
from workbook.course import nb as nbm

ASSIGNMENT = "06_git"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_COMMITTER_NAME": "a",
       "GIT_COMMITTER_EMAIL": "a@example.com", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


@functools.lru_cache(maxsize=None)
def cell(language: str, cell_id: str) -> str:
    nb = nbm.read(REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    if language != "en":
        nb = catalog.translate_notebook(nb, i18n.language_for(language, REPO / "source" / ASSIGNMENT, ASSIGNMENT))
    return next(c.source for c in nb.cells if c.get("id") == cell_id)


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True, check=check)


def commit(repo: Path, name: str, message: str) -> None:
    (repo / name).write_text(name)
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_section_18_quotes_the_error_of_a_plain_pull_on_diverged_branches_and_sets_pull_rebase(tmp_path, language):
    git(tmp_path, "init", "-q", "--bare", "-b", "main", "origin.git")
    for name in ("me", "colleague"):
        git(tmp_path, "clone", "-q", "origin.git", name)
    commit(tmp_path / "me", "a", "one")
    git(tmp_path / "me", "push", "-q", "origin", "HEAD:main")
    git(tmp_path / "colleague", "pull", "-q", "origin", "main")
    commit(tmp_path / "colleague", "b", "two")
    git(tmp_path / "colleague", "push", "-q", "origin", "HEAD:main")
    commit(tmp_path / "me", "c", "three")
    pulled = git(tmp_path / "me", "pull", "origin", "main", check=False)
    error = "fatal: Need to specify how to reconcile divergent branches"
    assert pulled.returncode == 128 and error in pulled.stderr
    text = cell(language, "cell-125")
    assert error in text and "git config --global pull.rebase true" in text and "pull.ff only" in text


@pytest.mark.parametrize("language", ["en", "ko"])
def test_section_9_reverts_a_merge_commit_with_m_1(tmp_path, language):
    git(tmp_path, "init", "-q", "-b", "main", "r")
    repo = tmp_path / "r"
    commit(repo, "a", "one")
    git(repo, "switch", "-q", "-c", "feature")
    commit(repo, "b", "feature")
    git(repo, "switch", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "feature")
    plain = git(repo, "revert", "--no-edit", "HEAD", check=False)
    assert plain.returncode != 0 and "is a merge but no -m option was given" in plain.stderr
    git(repo, "revert", "--no-edit", "-m", "1", "HEAD")
    assert not (repo / "b").exists()
    assert "git revert -m 1" in cell(language, "cell-061")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_section_21_anchors_a_message_search_with_a_caret_only(tmp_path, language):
    git(tmp_path, "init", "-q", "-b", "main", "r")
    repo = tmp_path / "r"
    commit(repo, "a", "Add churn model")
    commit(repo, "b", "Other")
    assert git(repo, "rev-parse", ":/^Add churn model$", check=False).returncode != 0
    assert git(repo, "rev-parse", "HEAD^{/^Add churn model$}", check=False).returncode != 0
    assert git(repo, "rev-parse", ":/^Add churn model").stdout.strip() == git(repo, "rev-parse", "HEAD~1").stdout.strip()
    text = cell(language, "cell-152")
    assert "`:/^Subject`" in text and "`$`" in text


def test_the_korean_edition_says_one_word_for_each_thing():
    """채점 방법 (never 채점 방식), 내 PC (never 랩톱), and Question 18's length in a measure for each language it
    may be written in."""
    po = (REPO / "source" / ASSIGNMENT / "locale" / "ko" / "LC_MESSAGES" / f"{ASSIGNMENT}.po").read_text()
    strings = "\n".join(m.string for m in catalog.read_po(
        REPO / "source" / ASSIGNMENT / "locale" / "ko" / "LC_MESSAGES" / f"{ASSIGNMENT}.po") if m.id)
    assert po and "채점 방식" not in strings and "랩톱" not in strings
    assert strings.count("채점 방법") >= 20 and "내 PC" in strings
    q18 = cell("ko", "cell-116")
    assert "단어" in q18 and "공백 포함" in q18 and "자" in q18 and "영어" in q18 and "한국어" in q18


@pytest.mark.parametrize("language", ["en", "ko"])
def test_section_24_pins_the_hooks_current_releases_and_names_autoupdate(language):
    """nbstripout 0.9.1 and pre-commit-hooks v6.0.0 were the current releases on PyPI (pip index versions) when
    this was written; `pre-commit autoupdate` moves the pins on."""
    text = cell(language, "cell-169")
    assert "rev: 0.9.1" in text and "rev: v6.0.0" in text and "pre-commit autoupdate" in text
