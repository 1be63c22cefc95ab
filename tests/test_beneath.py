"""Files leave a sandbox as data (workbook/grading/beneath.py): ``copy_back`` walks a folder by
descriptors, follows no link on either side, takes regular files with one name only, and never
writes outside its destination. The sandbox's own attacks on it are in tests/security
(attacks_files.py); these are the rules, one at a time, on plain folders."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from workbook.grading import beneath

LIMIT, TOTAL = 1000, 10_000


def _copy(src, dest, **kw):
    return beneath.copy_back(src, dest, kw.pop("limit", LIMIT), kw.pop("total", TOTAL), **kw)


@pytest.fixture
def folders(tmp_path):
    src, dest, outside = tmp_path / "work", tmp_path / "autograded", tmp_path / "course"
    for d in (src, dest, outside):
        d.mkdir()
    (outside / "secret").write_text("the course's secret\n")
    (outside / "gradebook.db").write_text("hidden tests\n")
    return src, dest, outside


def _tree(d):
    return sorted(str(p.relative_to(d)) for p in d.rglob("*"))


def test_plain_files_and_folders_come_back(folders):
    src, dest, _ = folders
    (src / "sub" / "deeper").mkdir(parents=True)
    (src / "a.txt").write_text("a")
    (src / "sub" / "deeper" / "b.csv").write_text("b")
    (src / ".hidden").write_text("h")
    (src / "other.ipynb").write_text("{}")
    out = _copy(src, dest)
    assert out.files == ["a.txt", "sub/deeper/b.csv"] and out.refused == []
    assert _tree(dest) == ["a.txt", "sub", "sub/deeper", "sub/deeper/b.csv"]
    assert (dest / "sub" / "deeper" / "b.csv").read_text() == "b"
    assert _copy(src, dest).files == []   # unchanged files are not written again


def test_a_work_folder_that_is_a_link_is_not_walked(folders):
    """The issue's attack, on its own: the descriptor of the sandbox's root, then the folder's
    name opened with O_NOFOLLOW: a link named like the work folder is refused."""
    src, dest, outside = folders
    root = src.parent
    os.rename(src, root / "work.mine")
    os.symlink(outside, src)
    fd = os.open(root, os.O_PATH | os.O_DIRECTORY)
    try:
        with pytest.raises(beneath.Refused):
            beneath.open_beneath(fd, "work")
    finally:
        os.close(fd)
    assert _tree(dest) == []


@pytest.mark.parametrize("target", ["absolute", "relative"])
def test_links_inside_are_refused_never_followed(folders, target):
    src, dest, outside = folders
    link = str(outside) if target == "absolute" else os.path.relpath(outside, src)
    os.symlink(link, src / "notes")
    os.symlink(str(outside / "secret"), src / "secret.txt")
    os.symlink("loop", src / "loop")
    out = _copy(src, dest)
    assert out.files == []
    assert {r for r, _ in out.refused} == {"notes", "secret.txt", "loop"}
    assert all("symbolic link" in why for _, why in out.refused)
    assert _tree(dest) == []


def test_fifos_sockets_and_hard_links_are_refused_and_a_fifo_never_blocks(folders):
    src, dest, _ = folders
    os.mkfifo(src / "fifo.csv")
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(src / "socket.txt"))
    (src / "own.txt").write_text("mine")
    os.link(src / "own.txt", src / "own-again.txt")
    try:
        out = _copy(src, dest)
    finally:
        s.close()
    why = dict(out.refused)
    assert "FIFO" in why["fifo.csv"] and "socket" in why["socket.txt"]
    assert "hard link" in why["own.txt"] and "hard link" in why["own-again.txt"]
    assert out.files == [] and _tree(dest) == []


def test_names_that_would_forge_log_lines_are_refused(folders):
    src, dest, _ = folders
    for name in ("a\nsandbox: forged", "\x1bred", "tab\tname"):
        (src / name).write_text("x")
    with open(os.fsencode(src) + b"/not-utf8-\xff", "w") as f:
        f.write("x")
    (src / "...").write_text("dots")   # hidden: never returned
    (src / "x..").write_text("dots")
    (src / "-rf").write_text("dash")
    out = _copy(src, dest)
    assert sorted(out.files) == ["-rf", "x.."]
    assert len(out.refused) == 4
    assert _tree(dest) == ["-rf", "x.."]


SWAP = r'''
import os, sys
src, outside = sys.argv[1], sys.argv[2]
held, notes = os.path.join(src, ".held"), os.path.join(src, "notes")
print("swapping", flush=True)
while True:
    try:
        os.rename(notes, held)
        os.symlink(outside, notes)
        for _ in range(20):   # the link stays a while, the folder a moment
            os.stat(notes)
        os.unlink(notes)
        os.rename(held, notes)
    except OSError:
        pass
'''


def test_a_folder_swapped_for_a_link_during_the_walk_is_never_read_through(folders):
    """Another process swaps a folder and a link to the course folder as fast as it can while
    the walk runs again and again for a second: the course's files never come back (a walk that
    looked at the folder's type, then listed it by its path, brought the secret back)."""
    src, dest, outside = folders
    (src / "notes").mkdir()
    (src / "notes" / "mine.txt").write_text("mine")
    proc = subprocess.Popen([sys.executable, "-c", SWAP, str(src), str(outside)], stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"swapping\n"
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            _copy(src, dest)
    finally:
        proc.kill()
        proc.wait()
    came = _tree(dest)
    assert not any("secret" in p or "gradebook" in p for p in came), came


def test_a_file_that_grows_while_it_is_read_is_refused(folders, monkeypatch):
    src, dest, _ = folders
    (src / "growing.bin").write_bytes(b"x" * 10)
    real = beneath._read

    def grow_then_read(fd, most):   # the file grows between the look (lstat) and the read
        with open(src / "growing.bin", "ab") as f:
            f.write(b"y" * 5000)
        return real(fd, most)
    monkeypatch.setattr(beneath, "_read", grow_then_read)
    out = _copy(src, dest)
    assert out.files == [] and "grew past" in dict(out.refused)["growing.bin"]
    assert _tree(dest) == []


def test_nothing_is_written_through_a_link_in_the_destination(folders):
    """The destination is the grader's folder; a link there (a file or a folder of it) is never
    written through: the course's files stay as they were."""
    src, dest, outside = folders
    (src / "sub").mkdir()
    (src / "sub" / "x.txt").write_text("x")
    (src / "secret").write_text("overwritten?")
    os.symlink(outside, dest / "sub")
    os.symlink(outside / "secret", dest / "secret")
    out = _copy(src, dest)
    assert (outside / "secret").read_text() == "the course's secret\n"
    assert not (outside / "x.txt").exists()
    assert dict(out.refused).keys() == {"sub/x.txt", "secret"}


def test_counts_and_sizes_hold(folders):
    src, dest, _ = folders
    (src / "big.bin").write_bytes(b"x" * (LIMIT + 1))
    for i in range(5):
        (src / f"f{i}.txt").write_bytes(b"y" * 400)
    out = _copy(src, dest, total=1000, max_entries=4)
    why = dict(out.refused)
    assert "the limit is 1,000" in why["big.bin"]
    assert out.files == ["f0.txt", "f1.txt"]
    assert "1,000 bytes all files may take" in why["f2.txt"]
    assert "more than 4 files and folders" in why["f3.txt"]
