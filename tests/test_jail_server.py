"""The jail server (``jail._JAIL_SERVER``): the grading process's one
process that starts jailed commands for ``command.spawn``, so that each does
not pay a launcher's Python start. What a jail holds and which limits it
keeps is tests/test_jail.py, for both ways of starting one."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from workbook.grading import jail, sandbox

pytestmark = [pytest.mark.sandbox]


@pytest.fixture(autouse=True)
def _bwrap():
    if sandbox.bwrap_path() is None:
        pytest.fail("bubblewrap (bwrap) is missing: apt-get install bubblewrap")


def test_the_jail_server_holds_no_secret_and_a_jail_stops_when_its_grader_goes(tmp_path):
    """The server's environment is PATH and the locale, whatever the
    grader's holds; a command the server started is stopped when the
    grader's end of its request closes (the grader died), not left to run."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    os.environ["WORKBOOK_TEST_SECRET"] = "not for the jail server"
    try:
        argv = jail.Jail().command(["sleep", "300"], [str(scratch)])
        null = os.open(os.devnull, os.O_RDWR)
        try:
            launched = argv.start(scratch, {"PATH": "/usr/bin:/bin"}, null, null, null)
        finally:
            os.close(null)
    finally:
        del os.environ["WORKBOOK_TEST_SECRET"]
    server = jail._server(argv.package_parent)
    environ = Path(f"/proc/{server.proc.pid}/environ").read_bytes().split(b"\0")
    assert sorted(e.split(b"=")[0] for e in environ if e) == [b"LANG", b"LC_ALL", b"PATH"]

    def sleeping():
        return [p for p in os.listdir("/proc") if p.isdigit() and _cmdline(p) == "sleep\x00300\x00"]
    for _ in range(100):
        if sleeping():
            break
        time.sleep(0.05)
    assert sleeping(), "the jail never started"
    launched.sock.close()   # the grader's end of the request, as when the grader dies
    for _ in range(100):
        if not sleeping():
            break
        time.sleep(0.05)
    assert not sleeping(), "a jail outlived its grader by 5 s"
    launched.close()


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""
