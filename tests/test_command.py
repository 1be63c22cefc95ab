"""The command runner 01's and 06's checks share (workbook/checks/command.py)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from workbook.checks import command

ENV = {"PATH": "/usr/bin:/bin"}


def test_spawn_gives_the_exit_code_and_both_outputs():
    out, err, code = command.spawn(["bash", "-c", "echo out; echo err >&2; exit 3"], "/", ENV, 10)
    assert (out, err, code) == (b"out\n", b"err\n", 3)


def test_spawn_gives_none_after_the_timeout_and_stops_the_whole_group(tmp_path):
    flag = tmp_path / "survivor"
    start = time.monotonic()
    out, _, code = command.spawn(["bash", "-c", f"(sleep 1.5; touch {flag}) & echo started; sleep 30"],
                                 "/", ENV, 0.5)
    assert code is None and out == b"started\n"
    assert time.monotonic() - start < 10
    time.sleep(2)
    assert not flag.exists()   # the background child died with the group


def test_a_syntax_error_is_asked_once_per_text_and_the_lines_are_a_fresh_list():
    command._syntax_error.cache_clear()
    first = command.syntax_error("echo 'unclosed")
    assert first and first[0].startswith("bash: ")
    first.append("changed by the caller")
    again = command.syntax_error("echo 'unclosed")
    assert "changed by the caller" not in again
    assert command._syntax_error.cache_info().hits == 1
    assert command.syntax_error("echo fine") is None


def test_scratch_folders_go_on_a_tmpfs_with_room_on_the_host_only(monkeypatch):
    """The judge's scratch copies go on /dev/shm when it has SCRATCH_ROOM
    free (this machine's has), private; a sandboxed kernel keeps them in its
    own /tmp (a tmpfs whose size is the kernel's disk limit); a tmpfs without
    room is not used."""
    import os
    import tempfile
    from workbook.checks import command
    if not os.path.isdir("/dev/shm"):
        pytest.fail("this test needs /dev/shm (a tmpfs)")
    made = []
    try:
        command._scratch_base.cache_clear()
        made.append(command.scratch("wb-test-"))
        assert made[-1].parent == Path("/dev/shm") and made[-1].stat().st_mode & 0o777 == 0o700
        monkeypatch.setenv("WORKBOOK_SANDBOXED", "1")
        command._scratch_base.cache_clear()
        made.append(command.scratch("wb-test-"))
        assert made[-1].parent == Path(tempfile.gettempdir())
        monkeypatch.delenv("WORKBOOK_SANDBOXED")
        monkeypatch.setattr(command, "SCRATCH_ROOM", 1 << 60)
        command._scratch_base.cache_clear()
        made.append(command.scratch("wb-test-"))
        assert made[-1].parent == Path(tempfile.gettempdir())
    finally:
        command._scratch_base.cache_clear()
        for d in made:
            d.rmdir()
