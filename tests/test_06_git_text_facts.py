"""06's prose against the git it describes: each fact is run with the machine's git, and the notebook (both
editions) must say it. Section 18: a plain `git pull` on diverged branches stops (git >= 2.33) with "fatal: Need
to specify how to reconcile divergent branches"; section 9: a merge commit is reverted with `git revert -m 1`
(a plain revert of it errors out); section 21: in `:/...` and `^{/...}` a `$` never matches (the message ends with
a newline)."""
from __future__ import annotations

import os
import unicodedata
import subprocess
from pathlib import Path

import pytest

import cell_runner
from conftest import REPO
from workbook.authoring import catalog

ASSIGNMENT = "06_git"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_COMMITTER_NAME": "a",
       "GIT_COMMITTER_EMAIL": "a@example.com", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def cell(language: str, cell_id: str) -> str:
    return cell_runner.source(ASSIGNMENT, cell_id, language)


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


HANGUL = "한글.txt"


@pytest.mark.parametrize("language", ["en", "ko"])
def test_section_1_quotepath_prints_a_korean_name_in_octal_until_it_is_false(tmp_path, language):
    git(tmp_path, "init", "-q", "-b", "main", "r")
    repo = tmp_path / "r"
    (repo / unicodedata.normalize("NFC", HANGUL)).write_text("x\n")
    octal = '"\\355\\225\\234\\352\\270\\200.txt"'
    assert git(repo, "status", "--short").stdout == f"?? {octal}\n"
    assert git(repo, "-c", "core.quotepath=false", "status", "--short").stdout == f"?? {HANGUL}\n"
    text = cell(language, "cell-005")
    assert octal in text and "git config --global core.quotepath false" in text


@pytest.mark.parametrize("language", ["en", "ko"])
def test_section_1_a_decomposed_korean_name_is_another_file_to_git(tmp_path, language):
    """On Linux (no precomposition), the NFD spelling of a committed NFC name is a second, untracked file."""
    git(tmp_path, "init", "-q", "-b", "main", "r")
    repo = tmp_path / "r"
    nfc, nfd = (unicodedata.normalize(form, HANGUL) for form in ("NFC", "NFD"))
    assert nfc != nfd and unicodedata.normalize("NFD", "\ud55c") == "\u1112\u1161\u11ab"   # 한: ᄒ ᅡ ᆫ
    commit(repo, nfc, "one")
    (repo / nfd).write_text("x\n")
    assert sorted(p.name for p in repo.iterdir() if p.name != ".git") == sorted([nfc, nfd])
    status = git(repo, "-c", "core.quotepath=false", "status", "--short").stdout
    assert status == f"?? {nfd}\n"
    text = cell(language, "cell-005")
    assert "git config --global core.precomposeunicode true" in text and "NFD" in text and "NFC" in text
    assert "`\u1112`, `\u1161`, `\u11ab`" in text and "compat/precompose_utf8.c" in text


@pytest.mark.parametrize("language", ["en", "ko"])
def test_section_1_line_endings_change_every_line_and_gitattributes_renormalize(tmp_path, language):
    git(tmp_path, "init", "-q", "-b", "main", "r")
    repo = tmp_path / "r"
    (repo / "lf.py").write_bytes(b"a\nb\nc\n")
    (repo / "crlf.py").write_bytes(b"a\r\nb\r\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "one")
    (repo / "lf.py").write_bytes(b"a\r\nb\r\nc\r\n")              # an editor saved it with CR LF
    assert git(repo, "diff", "--numstat").stdout == "3\t3\tlf.py\n"  # every line changed
    (repo / ".gitattributes").write_text("* text=auto eol=lf\n")
    assert git(repo, "diff", "--numstat").stdout == ""               # stored with LF: nothing changed
    assert git(repo, "ls-files", "--eol", "crlf.py").stdout.startswith("i/crlf")
    git(repo, "add", "--renormalize", ".")
    assert git(repo, "ls-files", "--eol", "crlf.py").stdout.startswith("i/lf")
    (repo / "new.py").write_bytes(b"x\r\n")
    git(repo, "-c", "core.autocrlf=input", "add", "new.py")
    assert git(repo, "ls-files", "--eol", "new.py").stdout.startswith("i/lf")
    text = cell(language, "cell-005")
    assert "`* text=auto eol=lf`" in text and "`git add --renormalize .`" in text
    assert "`core.autocrlf`" in text and "`input`" in text and "`true`" in text


@pytest.mark.parametrize("language", ["en", "ko"])
def test_section_4_git_pads_a_hangul_syllable_as_two_columns(tmp_path, language):
    git(tmp_path, "init", "-q", "-b", "main", "r")
    repo = tmp_path / "r"
    commit(repo, "a", "로그인 오류 수정")
    assert git(repo, "log", "-1", "--format=%<(20)%s|").stdout == "로그인 오류 수정" + " " * 4 + "|\n"
    assert all(unicodedata.east_asian_width(ch) == "W" for ch in "로그인오류수정")
    text = cell(language, "cell-026")
    assert "`git log --format='%<(20)%s'`" in text and "`로그인 오류 수정`" in text and "25" in text
    assert "`fix: 로그인 오류 수정`" in text and "`Fix login error`" in text


@pytest.mark.parametrize("language", ["en", "ko"])
def test_section_7_merge_keeps_the_commits_and_rebase_makes_new_ones(tmp_path, language):
    git(tmp_path, "init", "-q", "-b", "main", "r")
    repo = tmp_path / "r"
    commit(repo, "a", "one")
    git(repo, "switch", "-q", "-c", "feature")
    commit(repo, "b", "feature")
    mine = git(repo, "rev-parse", "HEAD").stdout.strip()
    git(repo, "switch", "-q", "main")
    commit(repo, "c", "main moved")
    git(repo, "switch", "-q", "-c", "merged", "main")
    git(repo, "merge", "-q", "--no-edit", "feature")
    assert git(repo, "merge-base", "--is-ancestor", mine, "merged", check=False).returncode == 0
    assert len(git(repo, "log", "-1", "--format=%P").stdout.split()) == 2
    git(repo, "switch", "-q", "feature")
    git(repo, "rebase", "-q", "main")
    assert git(repo, "merge-base", "--is-ancestor", mine, "feature", check=False).returncode != 0
    assert git(repo, "log", "-1", "--format=%s").stdout == "feature\n"
    text = cell(language, "cell-047")
    assert all(s in text for s in ("`git merge`", "`git rebase`", "`--no-ff`", '"Squash and merge"',
                                   '"Rebase and merge"', '"Create a merge commit"', "section 20" if language == "en"
                                   else "20절"))
