"""Where a sandboxed kernel may write, and how much (workbook/grading/sandbox.py): its /tmp holds
``disk``, its /dev/shm ``shm``, /dev is read-only, and its connection folder is a tmpfs of the
sandbox's own with a few inodes (workbook/grading/connection.py), reached by the grader by
descriptor; nothing of the host is writable."""
from __future__ import annotations

import asyncio
import json
import os
import socket
from pathlib import Path

import pytest

import sandboxed

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


CONNECTION_FOLDER = r'''
import json, os, socket
from ipykernel.kernelapp import IPKernelApp
app = IPKernelApp.instance()
folder = os.path.dirname(app.ip)
out = {"folder": folder, "sockets": 0, "file": 0}
for i in range(20_000):
    with socket.socket(socket.AF_UNIX) as s:   # a bound socket's file stays when the socket is closed
        try:
            s.bind(os.path.join(folder, f"extra-{i}"))
        except OSError as e:
            out["socket_error"] = e.strerror
            break
    out["sockets"] += 1
for i in range(out["sockets"]):
    os.remove(os.path.join(folder, f"extra-{i}"))
try:
    with open(os.path.join(folder, "stash.bin"), "wb") as f:
        for _ in range(64):
            f.write(b"x" * 2**14)
            f.flush()
            out["file"] += 2**14
except OSError as e:
    out["file_error"] = e.strerror
try:
    open(app.abs_connection_file, "a").write("x")
    out["connection_file"] = "written"
except OSError as e:
    out["connection_file"] = e.strerror
print(json.dumps(out))
'''


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_the_connection_folder_is_a_small_tmpfs_of_the_sandboxs_own(tmp_path, warm):
    """A kernel's sockets are in a tmpfs of its sandbox's own (connection.IPC_INODES inodes,
    IPC_SIZE bytes), warm or cold: 20,000 sockets stop at the cap, a file at its size, the
    connection file on the host is read-only, and the kernel still answers afterwards. On the
    host, its folder holds the connection file only (a kernel once made 20,000 sockets in 0.8 s
    in its connection folder on the host's /dev/shm)."""
    _need_bwrap()
    from workbook.grading import connection

    async def main():
        km, kc = await _start(tmp_path, warm=warm)
        try:
            got = json.loads((await _run(kc, CONNECTION_FOLDER)).strip().splitlines()[-1])
            after = await _run(kc, "print(6 * 7)")
            on_host = sorted(os.listdir(Path(km.connection_file).parent))
            return got, after, on_host
        finally:
            await sandboxed.stop(km, kc)
    got, after, on_host = asyncio.run(main())
    assert got["folder"] == connection.SOCKETS, got
    # the root folder and the kernel's five sockets take six of the inodes
    assert got["sockets"] == connection.IPC_INODES - 6 and got["socket_error"] == "No space left on device", got
    assert got["file"] <= connection.IPC_SIZE and got["file_error"] == "No space left on device", got
    assert got["connection_file"] == "Read-only file system", got
    assert after.strip() == "42"
    assert on_host == ["kernel.json"]
    assert not os.path.exists(connection.SOCKETS), "the kernel's connection folder is on the host"




@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_a_kernel_reaches_no_state_a_later_kernel_could_read(tmp_path, warm):
    """What belongs to no namespace, a later kernel (another student's) could read: the keyrings, the page cache
    of shared files (mincore, cachestat), the kernel's settings (/proc/sys). All refused, warm (the zygote's
    child installs the seccomp filter) or cold (bubblewrap's --seccomp), and the kernel answers afterwards."""
    _need_bwrap()
    if os.uname().machine != "x86_64":
        pytest.fail("this probe uses x86-64's system call numbers", pytrace=False)

    async def main():
        km, kc = await _start(tmp_path, warm=warm)
        try:
            got = json.loads((await _run(kc, sandboxed.SHARED_STATE)).strip().splitlines()[-1])
            return got, await _run(kc, "print(6 * 7)")
        finally:
            await sandboxed.stop(km, kc)
    got, after = asyncio.run(main())
    assert got == sandboxed.SHARED_REFUSED, got
    assert after.strip() == "42"


MANY_FILES = r'''
import json, os
out = {}
for place in ("/tmp", "/dev/shm"):
    os.makedirs(place + "/many", exist_ok=True)
    made, error = 0, None
    for i in range(5_000):
        try:
            open(f"{place}/many/{i}", "w").close()
            made += 1
        except OSError as e:
            error = e.strerror
            break
    st = os.statvfs(place)
    out[place] = [made, error, st.f_files]
print(json.dumps(out))
'''


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_tmp_and_shared_memory_each_hold_an_inode_cap(tmp_path, warm):
    """Empty files take no byte of a tmpfs's size: with inodes=3000, 5,000 of them stop at the cap in
    /tmp and in /dev/shm (each a tmpfs of its own size and this cap), warm or cold."""
    _need_bwrap()

    async def main():
        km, kc = await _start(tmp_path, warm=warm, inodes=3000)
        try:
            return json.loads((await _run(kc, MANY_FILES)).strip().splitlines()[-1])
        finally:
            await sandboxed.stop(km, kc)
    got = asyncio.run(main())
    for place in ("/tmp", "/dev/shm"):
        made, error, files = got[place]
        assert files == 3000 and error == "No space left on device", got
        assert 2000 < made < 3000, got   # /tmp holds the notebook's folder, HOME and the data cache too


REPLACE_SOCKET = r'''
import os
from ipykernel.kernelapp import IPKernelApp
app = IPKernelApp.instance()
name = f"{app.ip}-{app.control_port}"
os.rename(name, name + ".moved")
os.symlink(TARGET, name)
print("replaced", name)
'''


def test_the_grader_reaches_the_kernels_sockets_by_descriptor_never_by_name(tmp_path):
    """The kernel replaces its control socket's name by a link to a socket of the host; the
    grader's next connection to the control channel still reaches the kernel (the descriptor it
    opened when the kernel started), never the host's socket (a path resolved with the grader's
    root would)."""
    _need_bwrap()
    host = tmp_path / "host.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(host))
    listener.listen(5)
    listener.settimeout(0.5)

    async def main():
        km, kc = await _start(tmp_path)
        try:
            printed = await _run(kc, REPLACE_SOCKET.replace("TARGET", repr(str(host))))
            km._close_control_socket()
            km._connect_control_socket()
            km.session.send(km._control_socket, km.session.msg("kernel_info_request"))
            reply = await asyncio.wait_for(km._control_socket.recv_multipart(), 20)
            return printed, reply
        finally:
            await sandboxed.stop(km, kc)
    printed, reply = asyncio.run(main())
    assert "replaced" in printed, printed
    assert any(b"kernel_info_reply" in part for part in reply), reply
    try:
        conn, _ = listener.accept()
        conn.close()
        reached = True
    except OSError:
        reached = False
    listener.close()
    assert not reached, "the grader connected to the host's socket the kernel's link named"
