"""06_git playgrounds never touch the student's own git configuration: each has
its own HOME whose ~/.gitconfig is the story's laptop (user seoyeon), and
`git config --global` there writes the playground's file, not the student's."""
from __future__ import annotations

import os
import shutil
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO
from workbook.course import nb as nbm
from workbook.data import gitplan, gitrepo

MACHINE = "[user]\n\tname = Machine Owner Zq7\n\temail = owner@machine.example\n"


@pytest.fixture
def fake_home(tmp_path, monkeypatch):
    """The student's machine: a HOME with a distinctive global identity, and
    the environment the kernel starts with (no GIT_CONFIG_* set)."""
    if shutil.which("git") is None:
        pytest.fail("git not found: install it (Debian/Ubuntu: `sudo apt-get install git`)", pytrace=False)
    home = tmp_path / "student-home"
    home.mkdir()
    (home / ".gitconfig").write_bytes(MACHINE.encode())
    monkeypatch.setenv("HOME", str(home))
    for name in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "XDG_CONFIG_HOME", "REPO"):
        monkeypatch.setenv(name, "")  # recorded: use_playground's values are undone after the test
        monkeypatch.delenv(name)
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    return home


def bash(script: str) -> str:
    """A %%bash cell: bash with the notebook process's environment."""
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=dict(os.environ), timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_playground_reads_its_own_identity_not_the_machines(fake_home):
    gitrepo.use_playground("identity")
    assert bash('cd "$REPO" && git config user.name').strip() == gitrepo.PERSONAL[0]
    assert bash('cd "$REPO" && git config --global user.email').strip() == gitrepo.PERSONAL[1]
    assert f"name = {gitrepo.PERSONAL[0]}\n" in bash("cat ~/.gitconfig")  # ~ is the playground's HOME
    gitrepo.use_playground("history")  # a repository with its own (work) identity
    assert bash('cd "$REPO" && git config user.name').strip() == gitplan.LEARNER[0]


def test_global_config_in_a_playground_leaves_the_students_file_alone(fake_home):
    repo = gitrepo.use_playground("identity")
    bash('cd "$REPO" && git config --global user.name x && git config --global core.editor nano')
    assert (fake_home / ".gitconfig").read_bytes() == MACHINE.encode()
    assert sorted(p.name for p in fake_home.iterdir()) == [".gitconfig"]
    assert bash('cd "$REPO" && git config --global user.name').strip() == "x"
    assert "name = x" in (repo.parent / "home" / ".gitconfig").read_text()


@pytest.mark.slow
def test_release_notebook_playground_in_a_kernel(fake_home, tmp_path):
    """The 06 release notebook's own setup and identity cells in a kernel
    started with the student's HOME, then the experiment of the question."""
    book = nbm.read(REPO / "release" / "06_git" / "06_git.ipynb")
    setup = next(c for c in book.cells if nbm.meta(c).get("grade_id") == "setup")
    identity = next(c for c in book.cells if c.cell_type == "code" and "use_playground(\"identity\")" in c.source)
    probe = nbformat.v4.new_code_cell('%%bash\ncd "$REPO"\ngit config user.name\ngit config --global user.name x\n'
                                      'git config --global user.name')
    run = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup.source),
                                          nbformat.v4.new_code_cell(identity.source), probe])
    NotebookClient(run, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    out = "".join(o.get("text", "") for o in run.cells[2].outputs)
    assert out.split() == [gitrepo.PERSONAL[0], "x"], out
    assert (fake_home / ".gitconfig").read_bytes() == MACHINE.encode()
