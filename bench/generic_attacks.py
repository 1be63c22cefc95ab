"""What the security suite's GENERIC attacks (tests/security/attacks.py) cost
and what each one meets: one assignment's class of those attackers alone,
graded as tests/security/graded.py grades it (`workbook autograde` with the
sandbox on, the same limits), its CPU counted by a cgroup around the run
(bench/cpu.py: the kernels, jails and judges included).

    .venv/bin/python bench/generic_attacks.py 10_coding_test [--only kitchen_sink] [--root /tmp/x]

Prints the run's CPU seconds and wall time, then per attacker: the seconds
of its submission, its points, its flags and, per test cell, the first line
of the verdict it got (what stopped it), so that the kitchen sink's defences
can be compared with the union of its parts'.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("assignment")
    ap.add_argument("--only", action="append", help="these generic attacks alone (default: all six)")
    ap.add_argument("--root", help="grade in this folder (kept), else a temporary one (removed)")
    ap.add_argument("--json", help="write the per-attacker results here")
    a = ap.parse_args()

    from cpu import CpuGroup
    from security.attacks import GENERIC
    from security.graded import CELL_TIMEOUT, SECRET, SUBMISSION_TIMEOUT
    from workbook.course import layout as course
    from workbook.course import nb as nbm
    from workbook.grading import gradebook
    from workbook.grading import runner as grader

    A = a.assignment
    names = a.only or list(GENERIC)
    base = Path(a.root) if a.root else Path(tempfile.mkdtemp(prefix="wb-generic-"))
    root = base / "course"
    if root.exists():
        shutil.rmtree(root)
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(SECRET + "\n")
    with open(root / "nbgrader_config.py", "a") as f:
        f.write("\nc.SandboxKernelManager.pids = 96\n")
    release_nb = nbm.read(root / "release" / A / f"{A}.ipynb")
    answer_ids = [nbm.meta(c)["grade_id"] for c in release_nb.cells if nbm.kind(c) == "answer"]
    for name in names:
        d = root / "submitted" / name / A
        d.mkdir(parents=True)
        nbm.write(nbm.make_submission(release_nb, {gid: GENERIC[name] for gid in answer_ids}), d / f"{A}.ipynb")
        (d / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")
    c = course.Course.load(root)
    gradebook.ensure_registered(c, A, root / grader.STATE_DIR, log=lambda *x: None)
    transcript = base / "transcript"
    cmd = [sys.executable, "-m", "workbook", "--root", str(root), "autograde", A, "--jobs", "2", "--no-reference",
           "--cell-timeout", CELL_TIMEOUT.get(A, "20"), "--memory", "1500M", "--timeout", SUBMISSION_TIMEOUT,
           f"--TrustedExecute.transcript={transcript}"]
    start = time.monotonic()
    with CpuGroup(f"generic-{A}") as g:
        proc = g.run(cmd, capture_output=True, text=True, env=course.tool_env())
    wall = time.monotonic() - start
    print(f"{A}: {len(names)} generic attackers graded in {g.seconds:.1f} CPU-s, wall {wall:.0f} s, "
          f"exit {proc.returncode}")
    out = {}
    for name in names:
        st_path = root / grader.STATE_DIR / A / f"{name}.json"
        st = json.loads(st_path.read_text()) if st_path.exists() else {}
        try:
            scores = grader.cell_scores(root, A, name)
        except Exception as e:  # noqa: BLE001
            scores = f"not graded: {e}"
        verdicts = {}
        graded_nb = root / "autograded" / name / A / f"{A}.ipynb"
        printed = ""
        if graded_nb.exists():
            for cell in nbm.read(graded_nb).cells:
                gid = nbm.meta(cell).get("grade_id")
                text = json.dumps(cell.get("outputs", []), ensure_ascii=False)
                if nbm.kind(cell) == "tests":
                    first = next((o.get("evalue") or "".join(o.get("text", "")) for o in cell.get("outputs", [])), "")
                    verdicts[gid] = first.splitlines()[0][:120] if first else "passed"
                else:
                    printed += text
        reasons = sorted({(f.get("reason", "") if isinstance(f, dict) else str(f))[:160] for f in st.get("flags", [])})
        out[name] = {"seconds": st.get("seconds"), "status": st.get("status"), "reason": st.get("reason", ""),
                     "points": None if isinstance(scores, str) else sum(v[0] or 0 for v in scores.values()),
                     "flags": reasons, "verdicts": verdicts, "printed_chars": len(printed)}
        print(f"\n{name}: {out[name]['seconds']} s, status {out[name]['status']} {out[name]['reason'][:100]}, "
              f"points {out[name]['points']}, printed {len(printed):,} chars")
        for r in reasons:
            print(f"   flag: {r}")
        kinds: dict[str, int] = {}
        for v in verdicts.values():
            kinds[v] = kinds.get(v, 0) + 1
        for v, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:8]:
            print(f"   {n:3d} test cells: {v}")
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=1, ensure_ascii=False))
    if not a.root:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
