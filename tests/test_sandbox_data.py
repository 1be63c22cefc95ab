"""The kernel sees only the data a notebook's own run needs.

The host's data cache is filled as grading fills it: the public seed's files
a notebook reads, the judge's hidden-seed data (written by ``judge_cell`` from
a test cell, as in grading), hidden-seed files at the cache's top level (what
an unsandboxed run of the judge's recipes or a selfgrade leaves there) and a
secret. A real sandboxed kernel then searches every folder it can see: no
file named after a hidden seed, no judge folder, no secret; the public files
are in its own cache."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat

import nbformat
import pytest

from workbook.checks.exercise import Transport
from workbook.grading import judge, sandbox

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

N_HIDDEN = 3
JUDGE_CELL = f'''
from workbook.checks import exercise, generated, hidden_seed
from workbook.checks.sqlrun import open_readonly
from workbook.data import shop
from workbook.data.orientation import write_daily_orders


@exercise("q3")
def test_hidden():
    for _ in range({N_HIDDEN}):
        seed = hidden_seed()
        generated(write_daily_orders, seed=seed)    # 00_orientation's hidden test
        open_readonly(seed).close()                 # 02_sql's check_query_matches(seed=hidden_seed())
        generated(shop.connect, seed=seed).close()  # 02_sql's q15
'''

# Runs in the sandboxed kernel: every folder it can see (not /proc, /sys), every
# name that looks like data, a cache, the judge's or a secret.
SCAN = r'''
import json, os, re
seeds = %(seeds)r
pat = re.compile(r"(?<!\d)(" + "|".join(seeds) + r")(?!\d)")
found, n = [], 0
for top in sorted(os.listdir("/")):
    if top in ("proc", "sys"):
        continue
    for d, dirs, files in os.walk("/" + top, onerror=lambda e: None):
        for name in dirs + files:
            n += 1
            p = os.path.join(d, name)
            if pat.search(name) or name in ("judge", "selfgrade.secret") or name.endswith("-judge") \
                    or name.endswith((".sqlite", ".csv")) or name.startswith("mlflow_empty_") or "daon-workbook" in p:
                found.append(p)
                try:
                    with open(p, "rb") as f:
                        f.read(1)
                except OSError:
                    pass
print(json.dumps({"found": found, "n": n, "cache": os.listdir("/tmp/daon-workbook-%(uid)d")}))
'''


class _NoKernel(Transport):
    """The judge's transport with no student kernel: the cell asks nothing."""

    local = False

    def request(self, req):
        return {"value": None}

    def source(self, name, whole_cell):
        return None


@pytest.fixture
def graded_cache(tmp_path, monkeypatch):
    """The host's cache after grading: public files, the judge's hidden-seed
    data, hidden-seed files and a secret at the top level."""
    if sandbox.bwrap_path() is None:
        pytest.fail("bubblewrap (bwrap) is missing: apt-get install bubblewrap")
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    from workbook.data import cache_dir, judge_cache_dir, mlflowstore, orientation, shop
    public = [orientation.write_daily_orders(seed=0), shop.build_db(seed=0), mlflowstore.empty_db()]
    verdict = judge.judge_cell(JUDGE_CELL, "test_hidden", _NoKernel(), judge.seed_key("s3cret course"),
                               "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS", 60)
    assert verdict.passed, verdict
    hidden = sorted({m.group(1) for p in judge.judge_data_dir().iterdir()
                     for m in [re.match(r"daily_orders_(\d+)\.csv$", p.name)] if m})
    assert len(hidden) == N_HIDDEN and "0" not in hidden, hidden
    assert all(any(p.name.startswith(f"shop_seed{s}_") for p in judge.judge_data_dir().iterdir()) for s in hidden)
    # what an unsandboxed run of the judge's recipes or a selfgrade leaves in the cache itself
    for s in hidden[:2]:
        orientation.write_daily_orders(seed=int(s))
        shutil.copy(shop.build_db(seed=int(s)), judge_cache_dir() / f"extra_{s}.sqlite")
    (cache_dir() / "selfgrade.secret").write_text("s3cret course\n")
    (cache_dir() / "judge").mkdir(exist_ok=True)
    shutil.copy(public[0], cache_dir() / "judge" / f"daily_orders_{hidden[0]}.csv")
    os.symlink(judge_cache_dir() / f"extra_{hidden[0]}.sqlite", cache_dir() / f"link_{hidden[0]}.sqlite")
    return {"public": public, "hidden": hidden, "tmp": tmp_path}


def test_judge_cache_is_outside_the_cache_and_private(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    from workbook.data import cache_dir, judge_cache_dir
    j = judge_cache_dir()
    assert cache_dir() not in j.parents and j != cache_dir()
    assert stat.S_IMODE(j.stat().st_mode) == 0o700
    monkeypatch.setenv("WORKBOOK_DATA", str(j))   # while the judge runs: the same folder
    assert judge_cache_dir() == j


def test_the_judge_writes_in_its_own_folder(tmp_path, monkeypatch):
    """judge.judge_data_dir() is workbook.data.judge_cache_dir(): not inside the cache."""
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    from workbook.data import cache_dir, judge_cache_dir
    assert judge.judge_data_dir() == judge_cache_dir() and cache_dir() not in judge.judge_data_dir().parents


def test_sandbox_binds_only_public_files(graded_cache):
    from workbook.data import cache_dir, public_cache_files
    got = dict(sandbox.public_cache(str(cache_dir())))
    assert sorted(got) == sorted(p.name for p in graded_cache["public"]) == sorted(public_cache_files())
    args = sandbox.bwrap_args(None, "/dev/shm/x/ipc", 2**30, str(cache_dir()))
    sources = [args[i + 1] for i, a in enumerate(args) if a in ("--bind", "--ro-bind")]
    assert str(cache_dir()) not in sources
    # of the cache folder, only the public files are bound (its sibling <cache>-etc, the /etc view that
    # sandbox.etc_view makes when this process has none yet, is not the cache)
    assert [s for s in sources if s.startswith(str(cache_dir()) + os.sep)] == [str(p) for p in graded_cache["public"]]


def test_kernel_sees_no_hidden_seed_data(graded_cache):
    from nbclient import NotebookClient
    hidden = graded_cache["hidden"]
    work = graded_cache["tmp"] / "work"
    work.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SCAN % {"seeds": hidden, "uid": os.getuid()})])
    NotebookClient(nb, timeout=600, kernel_name="python3", kernel_manager_class=sandbox.SandboxKernelManager,
                   resources={"metadata": {"path": str(work)}}).execute()
    out = json.loads(nb.cells[0].outputs[-1]["text"].strip().splitlines()[-1])
    assert out["n"] > 1000, out["n"]   # it did search (the Python installation is there)
    leaks = [p for p in out["found"] if any(re.search(rf"(?<!\d){s}(?!\d)", p) for s in hidden)
             or "judge" in p or "secret" in p]
    assert not leaks, leaks
    public = sorted(p.name for p in graded_cache["public"])
    assert sorted(out["cache"]) == public      # what a notebook's run needs is in its cache
    system = tuple(r.rstrip("/") + "/" for r in [*sandbox.read_only_roots(), "/usr"])
    data = sorted(p for p in out["found"] if (p.endswith((".sqlite", ".csv")) or "/mlflow_empty_" in p) and not p.startswith(system))
    assert sorted(os.path.basename(p) for p in data) == sorted(public * 2), data  # the bound and the copied ones
    assert all(p.startswith((f"{sandbox.SEED}/cache/", "/tmp/daon-workbook-")) for p in data), data


def test_a_kernel_finds_the_public_data_ready_in_a_fresh_cache(tmp_path, monkeypatch):
    """An empty host cache (a new machine, a new WORKBOOK_DATA): the sandbox
    builds the public seeds' files there once, and the kernel finds them in its
    own cache, the same bytes, instead of building the shop database in its /tmp
    (half a second of CPU in every kernel of 02 and 03)."""
    if sandbox.bwrap_path() is None:
        pytest.fail("bubblewrap (bwrap) is missing: apt-get install bubblewrap")
    from nbclient import NotebookClient
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path / "cache"))
    from workbook.data import public_cache_files, shop
    work = tmp_path / "work"
    work.mkdir()
    probe = ("import hashlib, json, os\n"
             f"d = '/tmp/daon-workbook-{os.getuid()}'\n"
             "print(json.dumps({n: hashlib.sha256(open(os.path.join(d, n), 'rb').read()).hexdigest()"
             " for n in sorted(os.listdir(d))}))")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(probe)])
    NotebookClient(nb, timeout=600, kernel_name="python3", kernel_manager_class=sandbox.SandboxKernelManager,
                   resources={"metadata": {"path": str(work)}}).execute()
    seen = json.loads(nb.cells[0].outputs[-1]["text"].strip().splitlines()[-1])
    host = tmp_path / "cache"
    assert sorted(seen) == sorted(public_cache_files()) == sorted(p.name for p in host.iterdir() if p.is_file())
    assert shop.db_path(0).name in seen
    import hashlib
    assert seen == {n: hashlib.sha256((host / n).read_bytes()).hexdigest() for n in seen}


def test_a_cache_file_is_built_once_by_builders_that_wait_and_without_a_lock_where_there_is_none(tmp_path,
                                                                                               monkeypatch):
    """Builders of the same cache file (grading workers, or machines sharing the cache's volume) wait for
    the first one and find its file; on a file system without locks (flock: ENOLCK, some network volumes)
    the file is built all the same, without a lock."""
    import errno
    import fcntl
    import threading
    import time

    from workbook import data

    target, built = tmp_path / "shop.sqlite", []

    def build():
        with data.building(target):
            if not target.exists():
                built.append(threading.get_ident())
                time.sleep(0.2)
                target.write_text("built")

    threads = [threading.Thread(target=build) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1 and target.read_text() == "built"

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    other = tmp_path / "lines.csv"
    with data.building(other):
        other.write_text("built")
    assert other.read_text() == "built" and not (tmp_path / ".lines.csv.lock").exists()
