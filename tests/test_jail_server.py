"""The jail server (``jail._JAIL_SERVER``): the grading process's one
process that starts jailed commands for ``command.spawn``, so that each does
not pay a launcher's Python start. What a jail holds and which limits it
keeps is tests/test_jail.py, for both ways of starting one."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import sandboxed

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
        argv = jail.Jail().command(["sleep", sandboxed.SLEEP], [str(scratch)])
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
        return [p for p in os.listdir("/proc") if p.isdigit() and sandboxed.cmdline(p) == f"sleep\x00{sandboxed.SLEEP}\x00"]
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


def test_a_command_stopped_at_its_time_limit_leaves_nothing(tmp_path):
    """A jailed command that outlives its time limit: ``spawn`` gives no
    exit code and no word of the launcher's in its output, and the jail's
    processes and cgroups are gone when it returns."""
    from test_jail import Peak
    from workbook.checks import command
    from workbook.grading import limits
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    marker = f"jail-server-test-{tmp_path.name}"
    argv = jail.Jail().command(["bash", "-c", "echo started; sleep 300", marker], [str(scratch)])
    with Peak("pids", "pids.current", "pids.current", marker) as pids:
        out, err, code = command.spawn(argv, scratch, {"PATH": "/usr/bin:/bin"}, 2)
    assert (out, err, code) == (b"started\n", b"", None)
    assert pids.seen, "the jail had no pids cgroup"
    assert not [p for p in os.listdir("/proc") if p.isdigit() and marker in sandboxed.cmdline(p)]
    groups = [d.name for c in ("memory", "pids") for b in (limits.v1_base(c), limits.v2_base()) if b
              for d in Path(b).glob(limits.JAIL_PREFIX + "*")]
    assert not [g for g in groups if g in pids.seen], "the jail's cgroups were not removed"
