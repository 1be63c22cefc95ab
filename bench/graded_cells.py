"""Where a graded submission's CPU goes: one student's submission graded by
``workbook autograde --jobs N --no-reference`` (1 by default) in a cgroup of its own
(``cpu.CpuGroup``), with the group's CPU read before and after each cell the
grader runs or judges (the kernel's cells, the judge's test cells and the
jails they start), and the rest of the run (nbgrader's passes, the start of
the grading process and its kernel). A tool, not a timed test.

    .venv/bin/python bench/graded_cells.py 06_git [--top 12] [--kind full]

The cells are timed by a ``sitecustomize`` put on the grading command's
PYTHONPATH that wraps ``TrustedExecute.preprocess_cell`` (kernels and jails
get a clean environment: it never reaches them). It also counts the judge's requests
to the kernels by kind (each costs both sides a message round of IPython's).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

HOOK = r'''
import json, os, time
_group, _log = os.environ.get("WB_CELLS_GROUP"), os.environ.get("WB_CELLS_LOG")
if _group and _log:
    def _usage():
        with open(_group) as f:
            return int(f.read()) / 1e9
    try:
        from workbook.grading import execute as _execute
    except Exception:
        _execute = None
    if _execute is not None:
        _inner = _execute.TrustedExecute.preprocess_cell
        def preprocess_cell(self, cell, resources, index):
            cpu, wall = _usage(), time.monotonic()
            try:
                return _inner(self, cell, resources, index)
            finally:
                with open(_log, "a") as f:
                    f.write(json.dumps([index, _usage() - cpu, time.monotonic() - wall,
                                        cell.get("cell_type"), cell.get("source", "")[:300]]) + "\n")
        _execute.TrustedExecute.preprocess_cell = preprocess_cell
        from workbook.grading import judge as _judge
        _request = _judge.KernelChannel.request
        def request(self, req):
            with open(_log + ".requests", "a") as f:
                op = req.get("op") if isinstance(req, dict) else "?"
                inner = req.get("requests", []) if op == "batch" else [req]
                f.write(json.dumps([op, len(inner), sorted({str(r.get("name") or (r.get("target") or {}).get("name"))
                                                             for r in inner if isinstance(r, dict)}),
                                    bool(req.get("watch")), bool(req.get("watch_calls"))]) + "\n")
            return _request(self, req)
        _judge.KernelChannel.request = request
'''


def _kind(cmd: str) -> str:
    """A short name for a process of the run, from its command line."""
    for key, name in (("workbook.grading.worker", "grading worker"), ("zygote", "zygote"), ("ipykernel", "kernel"), ("bwrap", "bwrap (sandbox/jail)"),
                      ("coderun", "judge's program driver"), ("gitreader", "git reader"), ("java", "JVM"),
                      ("/usr/bin/git", "git"), ("git ", "git"), ("workbook.grading.worker", "grading worker"),
                      ("autograde", "workbook autograde"), ("jail", "jail launcher")):
        if key in cmd:
            return name
    return cmd.split(" ")[0].rsplit("/", 1)[-1][:30] or "?"


def sample(g, proc, every: float = 0.05) -> dict:
    """The CPU seconds of every process of the group, sampled from /proc while
    ``proc`` runs (a process that lives less than ``every`` may be missed):
    pid -> (kind, seconds)."""
    import time
    tick = os.sysconf("SC_CLK_TCK")
    seen: dict[int, list] = {}
    while proc.poll() is None:
        for pid in g.pids():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            cpu = (int(stat[11]) + int(stat[12])) / tick
            if pid not in seen:
                kind = _kind(cmd) if cmd else "?"
                parent = int(stat[1])
                if kind == "zygote" and parent in seen and seen[parent][0].startswith("zygote"):
                    kind = "zygote's fork (a kernel)"
                seen[pid] = [kind, cpu]
            seen[pid][1] = cpu
        time.sleep(every)
    return seen


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("assignment")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--kind", default="full", help="full, partial, blank, broken or alt<k> (the k-th alternative "
                    "of every exercise)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--processes", action="store_true", help="the processes that spent most")
    ap.add_argument("--students", type=int, default=1, help="graded in one run (the cells: the sum over them)")
    args = ap.parse_args(argv)
    import bench_grader as bg
    if args.kind not in bg.KINDS and not (args.kind.startswith("alt") and args.kind[3:].isdigit()):
        ap.error(f"--kind {args.kind}: not one of {', '.join(bg.KINDS)} or alt<k>")
    from cpu import CpuGroup
    from workbook.course import layout as course
    with tempfile.TemporaryDirectory(prefix="wb-graded-") as tmp:
        base = Path(tmp)
        from workbook.grading.execute import read_secret
        secret = base / "secret"
        read_secret(secret)
        # the one-off costs (reference run, hidden data) paid first, outside the count
        root = bg.fresh_course(base, "warm", [args.assignment], 1, [args.kind], secret=secret)
        bg.workbook_autograde(root, [args.assignment], 1, first=True)
        root = bg.fresh_course(base, "graded", [args.assignment], args.students, [args.kind], secret=secret)
        hook = base / "hook"
        hook.mkdir()
        (hook / "sitecustomize.py").write_text(HOOK)
        log = base / "cells.jsonl"
        g = CpuGroup("graded-cells", "v1")
        env = course.tool_env({"PYTHONPATH": str(hook), "WB_CELLS_GROUP": f"{g.dir}/cpuacct.usage",
                               "WB_CELLS_LOG": str(log)})
        import time
        t = time.monotonic()
        import subprocess
        proc = subprocess.Popen([sys.executable, "-m", "workbook", "--root", str(root), "autograde", args.assignment,
                                 "--jobs", str(args.jobs), "--force", "--no-reference"], cwd=root, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=g._join)
        seen = sample(g, proc)
        out, err = proc.communicate()
        proc.stdout, proc.stderr = out, err
        wall = time.monotonic() - t
        g.close()
        if proc.returncode not in (0, 1):
            print(proc.stdout[-3000:], proc.stderr[-3000:])
            return 1
        rows = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
        requests_log = Path(str(log) + ".requests")
        requests = [json.loads(line) for line in requests_log.read_text().splitlines()] if requests_log.exists() else []
    cells = sum(r[1] for r in rows)
    judged = [r for r in rows if "@exercise" in r[4] or "from workbook.checks" in r[4]]
    print(f"{args.assignment} ({args.students} x {args.kind}): {g.seconds:.2f} CPU-s in all, wall {wall:.1f} s; cells {cells:.2f} "
          f"CPU-s ({len(rows)} cells; test cells {sum(r[1] for r in judged):.2f}), the rest (grading process, "
          f"nbgrader, kernel start) {g.seconds - cells:.2f}")
    kinds: dict[str, list] = {}
    for kind, cpu in seen.values():
        kinds.setdefault(kind, [0.0, 0])
        kinds[kind][0] += cpu
        kinds[kind][1] += 1
    print("  by process (sampled from /proc: short-lived processes are missed): " + ", ".join(
        f"{k} {v[0]:.2f} ({v[1]})" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1][0])))
    if args.processes:
        for pid, (kind, cpu) in sorted(seen.items(), key=lambda kv: -kv[1][1])[:12]:
            print(f"    pid {pid}: {kind} {cpu:.2f} CPU-s")
    if requests:   # the judge's requests to the kernels (each costs both sides a message round of IPython's)
        import collections
        by = collections.Counter((op, ",".join(names), watch, calls) for op, _, names, watch, calls in requests)
        print(f"  the judge's requests: {len(requests)} ({sum(r[1] for r in requests)} calls); the most frequent:")
        for (op, names, watch, calls), n in by.most_common(args.top):
            print(f"    {n:4d} x {op} {names[:50]}{' watched' if watch else ''}{' (its calls)' if calls else ''}")
    for i, cpu, w, kind, src in sorted(rows, key=lambda r: -r[1])[: args.top]:
        first = next((ln for ln in src.splitlines() if ln.strip() and not ln.startswith("#")), "")[:70]
        print(f"  cell {i:3d} {cpu:6.2f} CPU-s {w:6.2f} s  {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
