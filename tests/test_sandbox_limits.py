"""Where a sandboxed kernel may write, and how much (workbook/grading/sandbox.py): its /tmp holds
``disk``, its /dev/shm ``shm``, /dev is read-only, and its connection folder, the one host folder
bound writable into the sandbox, takes its sockets and nothing else."""
from __future__ import annotations

import asyncio
import json
import os
import socket
from pathlib import Path

import pytest

import sandboxed
from workbook.grading import sandbox

pytestmark = pytest.mark.sandbox

WRITES = r'''
import json, multiprocessing, os
def fill(path, mb):
    done = 0
    try:
        with open(path, "wb") as f:
            for _ in range(mb):
                f.write(b"x" * 2**20)
                f.flush()
                done += 1
    except OSError as e:
        return [done, e.strerror]
    finally:
        if os.path.exists(path):
            os.remove(path)
    return [done, None]
out = {"shm": fill("/dev/shm/big", 40), "tmp": fill("/tmp/big", 40)}
try:
    open("/dev/made-up", "w")
    out["dev"] = "written"
except OSError as e:
    out["dev"] = e.strerror
lock = multiprocessing.Lock()          # a POSIX semaphore in /dev/shm
with lock:
    out["lock"] = True
print(json.dumps(out))
'''


_need_bwrap, _start, _run = sandboxed.need_bwrap, sandboxed.start, sandboxed.run


def test_shared_memory_and_tmp_each_hold_their_size_and_dev_is_read_only(tmp_path):
    """With shm=16M and disk=24M, 40 MB stop at 16 and 24 MB (ENOSPC), /dev takes no new file, and a
    multiprocessing lock (a semaphore in /dev/shm) still works."""
    _need_bwrap()

    async def main():
        km, kc = await _start(tmp_path, shm="16M", disk="24M")
        try:
            return await _run(kc, WRITES)
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
    text = asyncio.run(main())
    got = json.loads(text.strip().splitlines()[-1])
    assert got["shm"][1] == "No space left on device" and 12 <= got["shm"][0] <= 16, got
    # the working folder, HOME and the data cache share /tmp: a little less than 24 MB is left for the file
    assert got["tmp"][1] == "No space left on device" and 12 <= got["tmp"][0] <= 24, got
    assert got["dev"] == "Read-only file system", got
    assert got["lock"] is True


def test_a_kernel_that_writes_into_its_connection_folder_is_killed(tmp_path):
    """The connection folder lives on the host's /dev/shm, outside the kernel's disk: a file written
    there (not a socket) gets the kernel killed by the sandbox's watchdog within a second or two."""
    _need_bwrap()

    async def main():
        km, kc = await _start(tmp_path)
        ipc = Path(km.connection_file).parent
        before = sandbox.ipc_misuse(ipc)
        kc.execute(f"open({str(ipc / 'stash.bin')!r}, 'wb').write(b'x' * 2**20)")
        for _ in range(100):
            if not await km.is_alive():
                break
            await asyncio.sleep(0.1)
        alive = await km.is_alive()
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
        return before, alive
    before, alive = asyncio.run(main())
    assert before is None, f"an honest kernel's connection folder was judged misused: {before}"
    assert not alive, "a kernel that wrote a file into its connection folder was still alive after 10 s"


def test_what_may_and_may_not_be_in_a_connection_folder(tmp_path):
    """Sockets and the two small files are allowed; any other file, a folder, a link or a grown
    connection file is named."""
    assert sandbox.ipc_misuse(tmp_path / "gone") is None
    (tmp_path / "kernel.json").write_text("{}")
    (tmp_path / "ready").write_text("{}")
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(tmp_path / "kernel-1"))
    try:
        assert sandbox.ipc_misuse(tmp_path) is None
        (tmp_path / "kernel.json").write_bytes(b"x" * (sandbox.IPC_FILES["kernel.json"] + 1))
        assert "kernel.json" in sandbox.ipc_misuse(tmp_path)
        (tmp_path / "kernel.json").write_text("{}")
        for name, make in (("loot", lambda p: p.write_text("x")), ("dir", lambda p: p.mkdir()),
                           ("link", lambda p: os.symlink("/etc/passwd", p))):
            make(tmp_path / name)
            assert repr(name) in sandbox.ipc_misuse(tmp_path)
            (tmp_path / name).rmdir() if name == "dir" else (tmp_path / name).unlink()
        assert sandbox.ipc_misuse(tmp_path) is None
    finally:
        s.close()
