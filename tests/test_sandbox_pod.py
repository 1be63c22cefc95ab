"""The sandbox where instructors run it: an ordinary Kubernetes pod.

A container runtime masks parts of /proc; the kernel then refuses bubblewrap
a fresh proc mount ("Can't mount proc on /newroot/proc: Operation not
permitted"). Simulated here as a pod is: a mount namespace whose /proc is
masked as runc masks it (/proc/keys and /proc/timer_list hidden, /proc/sys
read-only), an unprivileged user, no capabilities. The grader must grade
there, with the same scores, and say once what it gave up; told to mount a
/proc anyway, it must stop before any student with the cause and the fix."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import OUTPUT, REPO, TEST_SECRET, UNIX_USERS, let_others_traverse, solution_points
from workbook.course import layout as course
from workbook.course import nb as nbm

pytestmark = [pytest.mark.sandbox, pytest.mark.slow]

A = "00_orientation"
NB = f"{A}.ipynb"
USER = "wbgrader"
MASK = ("mount --bind -o ro /proc/sys /proc/sys && mount --bind /dev/null /proc/keys && "
        "mount --bind /dev/null /proc/timer_list")


def _course(home: Path) -> Path:
    root = home / "pod-course"
    shutil.rmtree(root, ignore_errors=True)
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    rel = nbm.read(root / "release" / A / NB)
    src = nbm.read(root / "source" / A / NB)
    for s, answers in (("full", nbm.solved_sources(src)), ("blank", {})):
        d = root / "submitted" / s / A
        d.mkdir(parents=True)
        nbm.write(nbm.make_submission(rel, answers), d / NB)
    subprocess.run(["chown", "-R", f"{USER}:{USER}", str(root)], check=True)
    return root


def _as_user(argv: list[str], home: Path, in_pod: bool) -> list[str]:
    drop = ["setpriv", "--reuid", USER, "--regid", USER, "--init-groups", "--inh-caps=-all",
            "--bounding-set=-all", "--", "env", f"HOME={home}", f"USER={USER}", *argv]
    if not in_pod:
        return drop
    quoted = " ".join(f"'{a}'" for a in drop)
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", f"{MASK} && exec {quoted}"]


@UNIX_USERS
def test_in_a_pod_with_a_masked_proc_the_sandbox_grades_and_says_what_it_gave_up():
    if os.getuid() != 0:
        pytest.fail("this test creates a user and a mount namespace: run it as root (make test and CI do)",
                    pytrace=False)
    if subprocess.run(["id", USER], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", USER], check=True)
    probe = subprocess.run(_as_user(["bwrap", "--unshare-pid", "--ro-bind", "/", "/", "--proc", "/proc", "--dev",
                                     "/dev", "true"], Path(f"/home/{USER}"), in_pod=True),
                           capture_output=True, text=True)
    assert probe.returncode != 0 and "mount proc" in probe.stderr, \
        f"the simulated pod does not mask /proc as a container does: {probe.stderr}"
    restore = let_others_traverse(Path(os.path.realpath(sys.executable)), Path(sys.prefix))
    home = Path(f"/home/{USER}")
    root = _course(home)
    env = course.tool_env({"HOME": str(home), "USER": USER})
    base = [sys.executable, "-m", "workbook", "--root", str(root), "autograde", A, "--jobs", "1", "--force"]
    times = {}
    try:
        for where in ("ordinary", "pod"):
            start = time.monotonic()
            proc = subprocess.run(_as_user(base, home, where == "pod"), capture_output=True, text=True, env=env,
                                  timeout=900)
            times[where] = time.monotonic() - start
            out = proc.stdout + proc.stderr
            OUTPUT.mkdir(exist_ok=True)
            (OUTPUT / f"pod_grader_{where}.log").write_text(out)
            assert proc.returncode == 0, out[-4000:]
            auto, total = solution_points(A)
            assert "full" in out and f"{auto:g} / {total:g}" in out and f"0 / {total:g}" in out, out[-3000:]
            assert ("/proc is masked" in out) == (where == "pod"), out[-3000:]
        forced = subprocess.run(_as_user([*base, "--SandboxKernelManager.proc=mount"], home, True),
                                capture_output=True, text=True, env=env, timeout=900)
        out = forced.stdout + forced.stderr
        assert forced.returncode == 2, out[-3000:]
        assert "cannot mount /proc" in out and "procMount: Unmasked" in out, out[-3000:]
        assert "reference run" not in out, "the run graded before saying the sandbox cannot start"
        (OUTPUT / "pod_grading_times.txt").write_text(
            f"00_orientation, 2 submissions + the reference run, --jobs 1, one run each\n"
            f"ordinary: {times['ordinary']:.1f} s\npod (masked /proc): {times['pod']:.1f} s\n"
            f"ratio: {times['pod'] / times['ordinary']:.2f}\n")
    finally:
        restore()
        shutil.rmtree(root, ignore_errors=True)
