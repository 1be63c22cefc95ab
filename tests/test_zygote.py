"""Warm sandboxed kernels (workbook/grading/zygote.py): each kernel forked
from the grading process's zygote is a fresh process in its own sandbox, and
two of them at the same time share nothing a student can use."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


import sandboxed
from workbook.grading import sandbox, zygote

# what a kernel reports about the machine it sees; the marker stands for a
# student's answer held in memory and in files
PROBE = r'''
import os, json, signal
marker = "MARKER-" + %(name)r * 4
open("/tmp/mine.txt", "w").write(marker)
open("mine.txt", "w").write(marker)
found = []
for top in ("/", "/tmp", "/run", "/dev/shm", "/proc"):
    for d, dirs, files in os.walk(top):
        if d.startswith("/proc/") and d.count("/") > 2 or d.startswith(("/sys", "/usr", "/dev/pts")):
            dirs[:] = []
            continue
        for f in files:
            p = os.path.join(d, f)
            if d.startswith("/proc") or not os.path.isfile(p):
                continue
            try:
                if %(other)r.encode() * 4 in open(p, "rb").read(1 << 20):
                    found.append(p)
            except OSError:
                pass
pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
readable, signalled = [], []
for p in pids:
    if p == os.getpid():
        continue
    for what in ("environ", "mem", "cmdline"):
        try:
            with open(f"/proc/{p}/{what}", "rb") as f:
                if %(other)r.encode() in f.read(1 << 16):
                    readable.append((p, what))
        except OSError:
            pass
status = {k: v.strip() for k, v in (l.split(":", 1) for l in open("/proc/self/status")) if k in (
    "CapEff", "CapPrm", "CapBnd", "CapAmb", "NoNewPrivs")}
fds = {}
for fd in os.listdir("/proc/self/fd"):
    try:
        fds[fd] = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        pass   # the listing's own descriptor
print(json.dumps(dict(pid=os.getpid(), pids=pids, found=found, readable=readable, status=status,
                      fds=sorted(set(v.split(":")[0] if ":" in v else v for v in fds.values())),
                      cwd=os.getcwd(), env=dict(os.environ))))
'''


async def _kernel(tmp: Path, name: str, warm: bool, imports=("numpy",)):
    folder = tmp / name
    folder.mkdir()
    (folder / "answer.txt").write_text(name * 4)
    return await sandboxed.start(folder, warm=warm, notebook_imports=list(imports))


_need_bwrap, _run, _stop = sandboxed.need_bwrap, sandboxed.run, sandboxed.stop


def test_two_warm_kernels_at_once_see_nothing_of_each_other(tmp_path):
    """Two kernels of the same zygote run at the same time: neither finds
    the other's files or answer, sees the other's processes, or can read
    their memory; each is in its own namespaces and cgroup, with no
    capability, and the host sees them as two processes."""
    _need_bwrap()

    async def main():
        a = await _kernel(tmp_path, "alice", True)
        b = await _kernel(tmp_path, "bobby", True)
        try:
            ra = json.loads(await _run(a[1], PROBE % dict(name="alice", other="bobby")))
            rb = json.loads(await _run(b[1], PROBE % dict(name="bobby", other="alice")))
            hosts = [km.provisioner.kernel_pid for km, _ in (a, b)]
            ns = {n: {os.readlink(f"/proc/{p}/ns/{n}") for p in hosts} for n in ("mnt", "pid", "net", "ipc")}
            groups = [Path(f"/proc/{p}/cgroup").read_text() for p in hosts]
            return ra, rb, hosts, ns, groups
        finally:
            for km, kc in (a, b):
                await _stop(km, kc)
    ra, rb, hosts, ns, groups = asyncio.run(main())
    for r in (ra, rb):
        assert r["found"] == [], f"a kernel found the other's answer in {r['found']}"
        assert r["readable"] == [], f"a kernel read another process: {r['readable']}"
        assert len(r["pids"]) <= 3, f"a kernel sees processes beyond its sandbox's: {r['pids']}"
        assert r["status"]["CapEff"] == r["status"]["CapPrm"] == r["status"]["CapBnd"] == "0" * 16
        assert r["status"]["NoNewPrivs"] == "1"
        assert r["cwd"] == sandbox.WORK
        assert not [f for f in r["fds"] if f.startswith("/") and not f.startswith(("/dev/null", "/tmp/"))], \
            f"a kernel holds a descriptor of the host's files: {r['fds']}"
    assert hosts[0] != hosts[1]
    for name, seen in ns.items():
        assert len(seen) == 2, f"the two kernels share their {name} namespace"
    assert groups[0] != groups[1], "the two kernels share their cgroups"


def test_a_warm_kernel_gets_what_a_cold_one_gets(tmp_path):
    """The same environment, working folder and files, imports that work,
    a module the zygote imported set up as if the kernel had (ipywidgets'
    comm targets) and a fresh process per kernel (never one that ran before)."""
    _need_bwrap()
    code = ("import os, sys, json, numpy, random, ipywidgets, comm\n"
            "print(json.dumps(dict(env=dict(os.environ), cwd=os.getcwd(), files=sorted(os.listdir('.')),"
            " path=sys.path, pid=os.getpid(), r=random.random(), argv=sys.argv[1:2],"
            " targets=sorted(comm.get_comm_manager().targets))))")

    async def one(name, warm):
        km, kc = await _kernel(tmp_path, name, warm, imports=("numpy", "workbook.student.hints"))
        try:
            return json.loads(await _run(kc, code)), km.provisioner.__class__.__name__
        finally:
            await _stop(km, kc)

    async def main():
        return [await one(n, w) for n, w in (("cold", False), ("warm1", True), ("warm2", True))]
    (cold, ccls), (w1, wcls), (w2, _) = asyncio.run(main())
    assert (ccls, wcls) == ("LocalProvisioner", "ZygoteProvisioner")
    volatile = ("JPY_SESSION_NAME",)
    for w in (w1, w2):
        assert {k: v for k, v in w["env"].items() if k not in volatile} == \
            {k: v for k, v in cold["env"].items() if k not in volatile}
        assert w["cwd"] == cold["cwd"] and w["files"] == cold["files"] == ["answer.txt"]
        assert w["path"] == cold["path"]
        assert w["targets"] == cold["targets"] and "jupyter.widget" in cold["targets"]
    assert w1["r"] != w2["r"], "two kernels of one zygote drew the same random numbers"


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_a_file_in_the_working_folder_named_like_a_library_is_not_imported_in_its_place(tmp_path, warm):
    """The kernel's working folder is not on sys.path: a module a cell wrote there (or the student
    submitted), named like a library the kernel has not imported yet, is never imported under that
    library's name, which the static checks read as the library's (a known way to run a forbidden
    function as ``mailbox.Maildir``); the real library is imported, and so is a module file only
    the student has."""
    _need_bwrap()
    code = ("import json, sys\n"
            "before = 'mailbox' in sys.modules\n"
            "open('mailbox.py', 'w').write('SHADOW = True\\n')\n"
            "open('helper_of_mine.py', 'w').write('X = 1\\n')\n"
            "import mailbox\n"
            "try:\n    import helper_of_mine\n    mine = True\nexcept ImportError:\n    mine = False\n"
            "print(json.dumps(dict(before=before, shadow=hasattr(mailbox, 'SHADOW'), real=hasattr(mailbox, 'Maildir'),"
            " mine=mine, cwd_on_path=[p for p in sys.path if p in ('', '.') or p == __import__('os').getcwd()])))")

    async def main():
        km, kc = await _kernel(tmp_path, "k", warm)
        try:
            return json.loads((await _run(kc, code)).strip().splitlines()[-1])
        finally:
            await _stop(km, kc)
    got = asyncio.run(main())
    assert got == {"before": False, "shadow": False, "real": True, "mine": False, "cwd_on_path": []}, got


def test_a_kernel_that_ends_takes_its_sandbox_with_it(tmp_path):
    """A kernel that exits (as a hostile one may, at any time) is seen as
    dead by jupyter_client, and its sandbox and everything it started go."""
    _need_bwrap()

    async def main():
        km, kc = await _kernel(tmp_path, "quitter", True)
        outer = km.provisioner.process.pid
        await _run(kc, "import subprocess, os\nsubprocess.Popen(['sleep', %r], start_new_session=True)\n" % sandboxed.SLEEP)
        kpid = km.provisioner.kernel_pid
        kc.execute("import os; os._exit(3)")
        for _ in range(200):
            if not await km.is_alive():
                break
            await asyncio.sleep(0.05)
        alive = await km.is_alive()
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
        return alive, outer, kpid
    alive, outer, kpid = asyncio.run(main())
    assert not alive
    assert not Path(f"/proc/{kpid}").exists()
    assert not Path(f"/proc/{outer}").exists()
    # Linux kills the rest of the sandbox's PID namespace when its PID 1 ends; under a loaded full suite
    # that took longer than the provisioner's wait once (a `sleep` seen just after): bounded at 10 s
    for _ in range(100):
        leftover = [p for p in os.listdir("/proc") if p.isdigit() and f"sleep\x00{sandboxed.SLEEP}\x00" in sandboxed.cmdline(p)]
        if not leftover:
            break
        time.sleep(0.1)
    assert leftover == [], ("a process the kernel started outlived its sandbox by more than 10 s: "
                            + "; ".join(_whereabouts(p) for p in leftover))


def test_a_killed_kernel_is_gone_when_the_kill_returns(tmp_path):
    """The provisioner's kill returns once the sandbox's outer process has
    ended, so the kernel manager's first poll sees the kernel gone (it would
    poll again 0.1 s later)."""
    _need_bwrap()

    async def main():
        km, kc = await _kernel(tmp_path, "killed", True)
        kc.stop_channels()
        await km.provisioner.kill()
        polled = await km.provisioner.poll()
        await km.shutdown_kernel(now=True)
        return polled
    assert asyncio.run(main()) is not None


def _whereabouts(pid: str) -> str:
    """Where a process is: its PID namespace (against this test's), its parent and its cgroups."""
    def read(path, link=False):
        try:
            return os.readlink(path) if link else Path(path).read_text().strip().replace("\n", ", ")
        except OSError as e:
            return f"({e.strerror})"
    status = dict(line.split(":", 1) for line in read(f"/proc/{pid}/status").split(", ") if ":" in line)
    return (f"pid {pid}: pid namespace {read(f'/proc/{pid}/ns/pid', True)} (this test's "
            f"{read('/proc/self/ns/pid', True)}), NSpid {status.get('NSpid', '?').split()}, parent "
            f"{status.get('PPid', '?').strip()}, cgroups {read(f'/proc/{pid}/cgroup')}")


def test_a_releases_imports_are_found_once_per_content_not_once_per_task_folder(tmp_path):
    """Every grading task holds its own copy of the release: the same
    notebooks are parsed once, and a changed notebook is parsed again."""
    nb = {"cells": [{"cell_type": "code", "source": "import numpy as np"}], "metadata": {}, "nbformat": 4,
          "nbformat_minor": 5}
    first, second = tmp_path / "task1" / "release", tmp_path / "task2" / "release"
    for folder in (first, second):
        folder.mkdir(parents=True)
        (folder / "a.ipynb").write_text(json.dumps(nb))
    found = zygote.notebook_imports(first, submodules=True)
    assert found == {"numpy"} and zygote.notebook_imports(second, submodules=True) is found
    nb["cells"][0]["source"] = "import pandas"
    (second / "a.ipynb").write_text(json.dumps(nb))
    assert zygote.notebook_imports(second, submodules=True) == {"pandas"}


def test_the_zygote_imports_only_what_the_course_allows(tmp_path):
    """What a zygote imports before any student code is the instructor's
    notebooks' imports that ``preload`` allows, never a submission's."""
    folder = tmp_path / "source" / "a"
    folder.mkdir(parents=True)
    nb = {"cells": [{"cell_type": "code", "source": "import numpy as np\nfrom torch import nn\n%time x = 1\n"
                     "import antigravity, os.path\nfrom sklearn.ensemble import RandomForestClassifier\n!ls"},
                    {"cell_type": "markdown", "source": "import pandas"}], "metadata": {}, "nbformat": 4,
          "nbformat_minor": 5}
    (folder / "a.ipynb").write_text(json.dumps(nb))
    found = zygote.notebook_imports(folder)
    assert found == {"numpy", "torch", "antigravity", "os", "sklearn"}
    dotted = zygote.notebook_imports(folder, submodules=True)
    assert dotted == found | {"os.path", "sklearn.ensemble"}
    km = sandbox.SandboxKernelManager(kernel_name="python3", notebook_imports=sorted(dotted))
    assert set(km.notebook_imports) & set(km.preload) == {"numpy", "torch", "sklearn"}
    # a package's submodules the notebooks name come with it (importing sklearn does not import sklearn.ensemble),
    # and what a package's first use imports (preload_with: torch's optimizers import torch._dynamo)
    assert km.zygote_preload() == ("numpy", "sklearn", "sklearn.ensemble", "torch", "torch._dynamo",
                                   "torch.fx.experimental.symbolic_shapes")
    km.preload = ["numpy", "torch"]
    assert km.zygote_preload() == ("numpy", "torch", "torch._dynamo", "torch.fx.experimental.symbolic_shapes")
    km.preload_with = {"torch": ["torch._dynamo", "antigravity"]}   # only what preload allows
    assert km.zygote_preload() == ("numpy", "torch", "torch._dynamo")
    km.preload = ["numpy"]
    assert km.zygote_preload() == ("numpy",)


def test_the_assignments_that_import_pandas_share_one_zygote():
    """00, 02, 04 and 05 import pandas, with or without numpy or sqlite3 (pandas imports numpy; read_sql
    imports sqlite3): their zygotes import the same modules, so a worker grading them starts one zygote;
    01 and 06 import neither, 03 torch."""
    from conftest import REPO

    def preload(a):
        imports = zygote.notebook_imports(REPO / "source" / a, submodules=True)
        return sandbox.SandboxKernelManager(kernel_name="python3", notebook_imports=sorted(imports)).zygote_preload()

    shared = preload("00_orientation")
    assert {"pandas", "numpy", "sqlite3"} <= set(shared)
    assert [a for a in ("02_sql", "04_problem_definition", "05_licensing_ethics") if preload(a) != shared] == []
    assert preload("01_shell") != shared and preload("03_pytorch_test") != shared


def test_a_grading_process_keeps_the_zygotes_it_used_last(tmp_path, monkeypatch):
    """Beyond KEEP zygotes, the one used least recently stops: grading A, B, A again, then C keeps A's."""
    monkeypatch.setattr(zygote, "KEEP", 2)
    monkeypatch.setattr(zygote, "_ZYGOTES", {})
    base = sandbox.sandbox_env({"PATH": os.environ["PATH"]}, sandbox.bwrap_args(None, str(tmp_path), 0))
    a, b, c = ({**base, "WHICH": name} for name in "abc")
    try:
        za, zb = zygote.zygote_for(a, ()), zygote.zygote_for(b, ())
        assert zygote.zygote_for(a, ()) is za
        zc = zygote.zygote_for(c, ())
        assert za.alive and zc.alive and not zb.alive
        assert zygote.zygote_for(a, ()) is za
    finally:
        zygote.close_all()


def test_what_a_zygote_imports_for_the_course_writes_nothing_and_imports_no_matplotlib(tmp_path):
    """The zygote imports on the host, before any sandbox: what it imports
    for any assignment of the course (their notebooks' imports that preload
    allows, with preload_with) makes nothing in HOME (matplotlib would make
    its config and cache folders there: sandbox.PRELOAD) and makes nothing in
    TMPDIR but torch's compile cache folder (TORCHINDUCTOR_CACHE_DIR)."""
    import subprocess
    import sys
    from conftest import ASSIGNMENTS, REPO
    modules = set()
    for a in ASSIGNMENTS:
        imports = zygote.notebook_imports(REPO / "source" / a, submodules=True) | \
            zygote.notebook_imports(REPO / "release" / a, submodules=True)
        modules.update(sandbox.SandboxKernelManager(kernel_name="python3", notebook_imports=sorted(imports))
                       .zygote_preload())
    assert {"torch._dynamo", "ipywidgets", "pyspark"} <= modules
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    # the sandbox's environment (as the zygote's), with this test's HOME and TMPDIR
    env = {**sandbox.sandbox_env({"PATH": os.environ["PATH"]}, sandbox.bwrap_args(None, str(tmp_path), 0)),
           "HOME": str(home), "TMPDIR": str(tmp), "MPLCONFIGDIR": str(home / ".config" / "matplotlib")}
    code = ("import importlib, json, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
            "    if 'matplotlib' in sys.modules:\n        print(json.dumps(m))\n        break")
    out = subprocess.run([sys.executable, "-s", "-c", code, *zygote.BASE, *sorted(modules)], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "", f"importing {out.stdout.strip()} imports matplotlib"
    assert sorted(p.name for p in home.iterdir()) == []
    assert [p.name for p in tmp.iterdir() if not p.name.startswith("torchinductor_")] == []


def test_the_zygote_holds_no_secret_and_stops_with_its_grader(tmp_path):
    """The zygote starts from the kernel's environment (no WORKBOOK_DATA,
    no secret), and ends when the process that started it closes it."""
    env = sandbox.sandbox_env({**os.environ, "WORKBOOK_DATA": str(tmp_path)},
                              sandbox.bwrap_args(None, str(tmp_path), 0))
    assert "WORKBOOK_DATA" not in env
    z = zygote.Zygote(env, ())
    try:
        environ = Path(f"/proc/{z.proc.pid}/environ").read_bytes().split(b"\0")
        assert not [e for e in environ if e.startswith(b"WORKBOOK_DATA=")]
        assert z.alive
    finally:
        z.close()
    assert not z.alive


def test_a_grading_task_preloads_what_its_release_imports(tmp_path, monkeypatch):
    """A grading task's folder holds the release, not the source notebooks:
    the zygote's imports come from either."""
    from nbgrader.preprocessors import Execute  # noqa: F401 - TrustedExecute's base
    from workbook.grading.execute import TrustedExecute
    folder = tmp_path / "release" / "a"
    folder.mkdir(parents=True)
    nb = {"cells": [{"cell_type": "code", "source": "import torch\nimport pandas as pd\n"
                                                   "from sklearn.metrics import roc_auc_score"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (folder / "a.ipynb").write_text(json.dumps(nb))
    monkeypatch.chdir(tmp_path)
    ex = TrustedExecute()
    ex.resources = {"nbgrader": {"assignment": "a"}}
    assert ex._assignment_imports() == {"torch", "pandas", "sklearn", "sklearn.metrics"}
    ex.resources = {}
    assert ex._assignment_imports() == frozenset()


def test_a_kernel_that_never_stops_publishing_is_still_ready():
    """The grader's client is ready once the kernel has answered kernel_info
    and published its idle status for it, not after IOPub has been silent
    for a while (jupyter_client's own wait, which such a kernel would hold
    forever): a kernel whose startup code prints every 10 ms is ready and
    runs a cell."""
    from jupyter_client.manager import AsyncKernelManager
    chatty = ("import threading, time\n"
              "def _chat():\n"
              "    while True:\n"
              "        print('.', end='', flush=True)\n"
              "        time.sleep(0.01)\n"
              "threading.Thread(target=_chat, daemon=True).start()")

    async def main():
        km = AsyncKernelManager(kernel_name="python3", client_class="workbook.grading.sandbox.BoundedKernelClient")
        await km.start_kernel(extra_arguments=[f"--IPKernelApp.exec_lines={chatty}"])
        kc = km.client()
        assert isinstance(kc, sandbox.BoundedKernelClient)
        kc.start_channels()
        try:
            await asyncio.wait_for(kc.wait_for_ready(timeout=20), 20)
            reply = await kc.execute_interactive("x = 6 * 7", user_expressions={"x": "x"}, timeout=60)
            return reply["content"]["user_expressions"]["x"]["data"]["text/plain"]
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
    assert asyncio.run(main()) == "42"


def test_a_worker_stopped_while_its_kernel_starts_removes_the_sandbox_folder(monkeypatch):
    """The sandbox's folder is made first, then the kernel manager waits (for
    the zygote, for its provisioner): a worker whose runner dies in that wait
    (SIGTERM: sandbox.cleanup_all) must still remove it (a killed run once
    left one in /dev/shm)."""
    _need_bwrap()
    from jupyter_client.manager import AsyncKernelManager
    seen = {}

    async def stopped_here(self, **kw):
        seen["folder"] = self._sbx_dir
        sandbox.cleanup_all()
        raise RuntimeError("stopped while the kernel starts")
    monkeypatch.setattr(AsyncKernelManager, "_async_pre_start_kernel", stopped_here)
    km = sandbox.SandboxKernelManager(kernel_name="python3")
    try:
        asyncio.run(km._async_pre_start_kernel())
    except RuntimeError as e:
        assert "stopped while" in str(e)
    assert seen["folder"] is not None and not seen["folder"].exists(), f"left behind: {seen['folder']}"


def test_a_kernel_runs_one_thread_per_math_library_unless_told_otherwise(tmp_path, monkeypatch):
    """A grading kernel's torch, OpenMP and OpenBLAS pools have one thread
    (SandboxKernelManager.threads), whatever the grader's environment says,
    warm (the zygote imported torch before the kernel forked) or cold;
    threads=0 leaves the environment's choice."""
    _need_bwrap()
    for name in sandbox.THREAD_VARIABLES:
        monkeypatch.setenv(name, "2")
    code = ("import json, torch, numpy, threadpoolctl\n"
            "print(json.dumps(dict(torch=torch.get_num_threads(), pools=sorted({p['internal_api']: p['num_threads']"
            " for p in threadpoolctl.threadpool_info()}.items()))))")

    async def one(name, **traits):
        folder = tmp_path / name
        folder.mkdir()
        km, kc = await sandboxed.start(folder, notebook_imports=["torch", "numpy"], **traits)
        try:
            return json.loads(await _run(kc, code))
        finally:
            await _stop(km, kc)

    async def main():
        return [await one("warm", warm=True), await one("cold", warm=False), await one("env", warm=True, threads=0)]
    warm, cold, env = asyncio.run(main())
    for r in (warm, cold):
        assert r["torch"] == 1 and r["pools"] and all(n == 1 for _, n in r["pools"]), r
    assert env["torch"] == 2 and all(n == 2 for _, n in env["pools"]), env


def test_a_kernel_asks_again_when_its_zygote_was_closed_beyond_keep(tmp_path, monkeypatch):
    """A zygote closed between ``zygote_for`` and its spawn (another set of imports took its place beyond
    KEEP) refuses the kernel with ZygoteClosed, and ``spawn_kernel`` asks ``zygote_for`` once more."""
    import pytest
    monkeypatch.setattr(zygote, "_ZYGOTES", {})
    env = sandbox.sandbox_env({"PATH": os.environ["PATH"]}, sandbox.bwrap_args(None, str(tmp_path), 0))
    try:
        closed = zygote.zygote_for(env, ())
        closed.close()
        with pytest.raises(zygote.ZygoteClosed):
            closed.spawn(0, [], {}, "/", [], {})

        class Fresh:
            def spawn(self, *args):
                return 4242

        given = iter([closed, Fresh()])
        monkeypatch.setattr(zygote, "zygote_for", lambda *_: next(given))
        assert zygote.spawn_kernel(env, (), 0, [], {}, "/", [], {}) == 4242
    finally:
        zygote.close_all()


def test_what_the_graders_own_imports_put_in_its_environment_does_not_change_a_kernels_zygote(tmp_path):
    """The course's libraries set variables in the environment of the process that imports them (torch._dynamo
    its cache folder, sklearn OpenMP's, mlflow a session id); the grading process imports them too (the judge),
    after its first kernel started. A kernel started after that must come from the same zygote as one started
    before (a second zygote cost a run 5 CPU-s) and gets none of the grader's values."""
    probe = ("import json, os, sys\nbefore = dict(os.environ)\n"
             "for m in sys.argv[1:]:\n    __import__(m)\n"
             "print(json.dumps({k: v for k, v in os.environ.items() if before.get(k) != v}))")
    modules = [*sandbox.PRELOAD, *(m for ms in sandbox.PRELOAD_WITH.values() for m in ms)]
    # a clean environment: the test's own process may have imported them already (the variables then come set)
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", probe, *modules], capture_output=True, text=True,
                         cwd=tmp_path, timeout=300, env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    set_by_imports = json.loads(out.stdout.strip().splitlines()[-1])
    assert "TORCHINDUCTOR_CACHE_DIR" in set_by_imports   # the probe sees what it looks for
    view = sandbox.bwrap_args(None, str(tmp_path), 0)
    before = sandbox.sandbox_env({"PATH": os.environ["PATH"]}, view)
    after = sandbox.sandbox_env({"PATH": os.environ["PATH"], **set_by_imports}, view)
    assert not set(set_by_imports) & set(after)
    assert sandbox.zygote_env(after) == sandbox.zygote_env(before)
