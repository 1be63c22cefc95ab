"""Attacks on how files leave a sandbox (issue "Trusted grading, third
round", Build items 1 and 6), for the security suite (``test_attacks.py``
grades a whole class per assignment once, with the sandbox on).

``ATTACKS[assignment][name]`` in the suite's format (``answers``: grade_id ->
the answer cell's code); ``doc`` says what each attack tries and what holds.
A success prints a marker the suite looks for ("DO" "NE", "LEAK" "ED", split
in the source so that a traceback quoting the line is no hit), and every file
that comes back into autograded/ or feedback/ is searched for the course's
secret, its hidden tests and its other files (``test_attacks``).

When the notebook ends, the grader copies the regular files its kernel wrote
in its working folder (/tmp/work in the sandbox) back next to the notebook.
It used to read them through ``/proc/<sandbox init>/root/tmp/work`` with its
own root: a work folder replaced by an absolute symbolic link (to the task
folder the grading worker runs in, named by /proc/self/mountinfo, or to
/proc/self/cwd, which is the worker's own folder when the grader resolves
it) brought the course's secret and the task's gradebook, every hidden test
in it, into the student's autograded/ and feedback/ folders. Now the grader
walks the folder by file descriptors beneath the sandbox's root
(``workbook.grading.beneath``): a link is never followed, only regular files
come back, each within the count and size limits.

Every attack ends with a wrong q1 (``Q1_WRONG``): it earns nothing.
"""
from __future__ import annotations

from .attacks import Q1_WRONG

# the task folder as the sandbox names it: its bind mount's source (/proc/self/mountinfo's root field,
# the folder's path on its file system: /dev/shm's when that is a tmpfs, where a grading worker puts its
# tasks when it has room); or, when that cannot be read, /proc/self/cwd, which the grader (a worker chdirs
# into the task folder) would resolve to the same folder
TASK_FOLDER = r'''
import os
def task_folder():
    try:
        for line in open("/proc/self/mountinfo"):
            f = line.split()
            if f[4] == "/run/wb-seed/work":
                path = f[3].replace("\\040", " ").rsplit("/autograded/", 1)[0]
                fstype = f[f.index("-") + 1]
                return ("/dev/shm" if fstype == "tmpfs" else "") + path
    except (OSError, ValueError, IndexError):
        pass
    return "/proc/self/cwd"
'''

# The attack: the work folder becomes an absolute link to the task folder, whose gradebook holds
# every hidden test; then to its .workbook folder, which holds the course's secret (a second kernel run
# cannot happen: one link per run, so the folder named first is the task's, the secret's next to it is
# reached by the variant below).
WORK_LINK_ABSOLUTE = TASK_FOLDER + r'''
os.chdir("/tmp")
os.rename("/tmp/work", "/tmp/work.mine")
os.symlink(task_folder(), "/tmp/work")
print("work ->", os.readlink("/tmp/work"))
''' + Q1_WRONG

WORK_LINK_SECRET = r'''
import os
os.chdir("/tmp")
os.rename("/tmp/work", "/tmp/work.mine")
os.symlink("/proc/self/cwd/.workbook", "/tmp/work")
''' + Q1_WRONG

# the task folder's files by their names, from inside the sandbox: the folder the sandbox's bind mount
# names, its parents, the grader's /proc/<pid>/cwd (the ip of the kernel's connection file used to name the
# grader's PID), /proc/1/root
BY_NAME = TASK_FOLDER + r'''
import glob, json
task = task_folder()
names = [task + "/gradebook.db", task + "/.workbook/secret", task + "/nbgrader_config.py",
         task + "/source", task + "/verdicts", os.path.dirname(task), "/proc/1/root" + task,
         "/proc/self/root" + task + "/gradebook.db", "/run/wb-seed/work/../../../gradebook.db"]
try:
    from ipykernel.kernelapp import IPKernelApp
    conn = json.load(open(IPKernelApp.instance().abs_connection_file))
    names += [conn.get("ip", ""), os.path.dirname(IPKernelApp.instance().abs_connection_file) + "/.."]
except Exception as e:
    print("no connection file:", type(e).__name__)
for p in names + glob.glob("/proc/*/cwd"):
    try:
        found = sorted(os.listdir(p)) if os.path.isdir(p) else open(p, "rb").read(64)
        course = any(n in str(found) for n in ("gradebook", ".workbook", "SQLite", "verdicts", "source"))
        print(("LEAK" "ED " if course else "seen ") + p, str(found)[:200])
    except OSError as e:
        print("refused", p, e.strerror)
''' + Q1_WRONG

# a relative link climbs out of /tmp with more ".." than the sandbox has folders
WORK_LINK_RELATIVE = r'''
import os
os.chdir("/tmp")
os.rename("/tmp/work", "/tmp/work.mine")
os.symlink("../" * 12 + "proc/self/cwd", "/tmp/work")
''' + Q1_WRONG

# a folder inside the work folder that is a folder when the grader looks at it and a link to the task
# folder's .workbook when it lists it: a thread of the kernel swaps them as fast as it can until the
# kernel dies (the grader copies files back while the kernel still runs)
SUBFOLDER_SWAP = TASK_FOLDER + r'''
import threading
os.makedirs("/tmp/work/notes", exist_ok=True)
open("/tmp/work/notes/mine.txt", "w").write("my own notes\n")
os.makedirs("/tmp/swap", exist_ok=True)
os.symlink(task_folder() + "/.workbook", "/tmp/swap/link")
os.symlink("/proc/self/cwd", "/tmp/swap/link2")
os.makedirs("/tmp/swap/real")
open("/tmp/swap/real/plain.txt", "w").write("plain\n")
def swap():
    links = ["/tmp/swap/link", "/tmp/swap/link2"]
    i = 0
    while True:
        try:
            os.rename("/tmp/work/notes", "/tmp/swap/held")
            os.symlink(os.readlink(links[i % 2]), "/tmp/work/notes")
            os.rename("/tmp/work/notes", "/tmp/swap/gone")   # the link goes, the folder comes back
            os.unlink("/tmp/swap/gone")
            os.rename("/tmp/swap/held", "/tmp/work/notes")
            i += 1
        except OSError:
            pass
threading.Thread(target=swap, daemon=True).start()
''' + Q1_WRONG

# the whole work folder swapped with a link and back, while the walk goes on
WORK_SWAP = r'''
import os, threading
os.chdir("/tmp")
for i in range(50):
    os.makedirs(f"/tmp/work/d{i}", exist_ok=True)
    open(f"/tmp/work/d{i}/f.txt", "w").write("x" * 100)
def swap():
    while True:
        try:
            os.rename("/tmp/work", "/tmp/work.real")
            os.symlink("/proc/self/cwd", "/tmp/work")
            os.unlink("/tmp/work")
            os.rename("/tmp/work.real", "/tmp/work")
        except OSError:
            pass
threading.Thread(target=swap, daemon=True).start()
''' + Q1_WRONG

LINK_LOOP = r'''
import os
os.symlink("b", "/tmp/work/a")
os.symlink("a", "/tmp/work/b")
os.symlink("self", "/tmp/work/self")
os.makedirs("/tmp/work/deep", exist_ok=True)
os.symlink("..", "/tmp/work/deep/up")
os.symlink("/", "/tmp/work/deep/root")
os.chdir("/tmp")
os.rename("/tmp/work", "/tmp/work.mine")
os.symlink("/tmp/work", "/tmp/work")   # the work folder, a link to itself
''' + Q1_WRONG

# a hard link in the work folder to a file elsewhere in the sandbox (what the kernel may read anyway),
# and attempts at files the kernel may not write (the read-only bound copy of its folder, /etc)
HARD_LINK = r'''
import os, glob
open("/tmp/elsewhere.txt", "w").write("a file outside the work folder\n")
os.link("/tmp/elsewhere.txt", "/tmp/work/linked.txt")
for target in ["/etc/passwd", *glob.glob("/run/wb-seed/work/*"), "/usr/bin/env"]:
    try:
        os.link(target, "/tmp/work/" + os.path.basename(target) + ".lnk")
        print("DO" "NE", target)
    except OSError as e:
        print("refused", target, e.strerror)
''' + Q1_WRONG

# a FIFO (a reader would wait forever), a unix socket, a device node (refused to the kernel: no
# capability) and a file that is a FIFO's name for a moment
SPECIAL_FILES = r'''
import os, socket
os.mkfifo("/tmp/work/fifo.csv")
s = socket.socket(socket.AF_UNIX)
s.bind("/tmp/work/socket.txt")
s.listen(1)
for name, dev in (("null.txt", os.makedev(1, 3)), ("disk.txt", os.makedev(8, 0))):
    try:
        os.mknod("/tmp/work/" + name, 0o666 | 0o020000, dev)
        print("DO" "NE mknod", name)
    except OSError as e:
        print("mknod refused:", e.strerror)
''' + Q1_WRONG

# a file that changes between the grader's look and its read: it grows past the 20 MB limit and shrinks
# again, and is replaced by a link to the task's gradebook, in a loop
CHANGING_FILE = TASK_FOLDER + r'''
import threading
book = task_folder() + "/gradebook.db"
def churn():
    big = b"y" * (30 << 20)
    while True:
        try:
            with open("/tmp/work/growing.bin", "wb") as f:
                f.write(b"small")
            with open("/tmp/work/growing.bin", "ab") as f:
                f.write(big)
            os.symlink(book, "/tmp/work/.swap")
            os.rename("/tmp/work/.swap", "/tmp/work/results.csv")
            with open("/tmp/work/.swap2", "w") as f:
                f.write("a,b\n1,2\n")
            os.rename("/tmp/work/.swap2", "/tmp/work/results.csv")
        except OSError:
            pass
threading.Thread(target=churn, daemon=True).start()
''' + Q1_WRONG

# names the grader must neither follow, nor write outside autograded/, nor print as lines of its log
ODD_NAMES = r'''
import os
names = ["...", ". .", "..\n..", "a\nsandbox: forged log line\n", "\x1b[31mred", "..\u2215..\u2215secret",
         "-rf", " ", "tab\tname", "\u202egnp.exe", "x" * 255]
for n in names:
    try:
        with open(os.path.join("/tmp/work", n), "w") as f:
            f.write("odd name\n")
    except OSError as e:
        print("refused", repr(n), e.strerror)
raw = os.fsencode("/tmp/work/") + b"not-utf8-\xff\xfe"
open(raw, "w").write("odd bytes\n")
os.makedirs("/tmp/work/..\n/..", exist_ok=True)
open("/tmp/work/..\n/../inner.txt", "w").write("inner\n")
''' + Q1_WRONG

# 20,000 sockets, then files, in the kernel's connection folder (where its own sockets are: the folder of
# its connection file's "ip"), then in the work folder
MANY_SOCKETS = r'''
import os, socket, json
from ipykernel.kernelapp import IPKernelApp
app = IPKernelApp.instance()
folder = os.path.dirname(app.ip if app.transport == "ipc" else app.abs_connection_file)
print("connection folder:", folder)
made = 0
for i in range(20_000):
    with socket.socket(socket.AF_UNIX) as s:   # a bound socket's file stays when the socket is closed
        try:
            s.bind(os.path.join(folder, f"extra-{i}"))
        except OSError as e:
            print("socket", i, "refused:", e.strerror)
            break
    made += 1
print("made", made, "sockets in the connection folder", flush=True)
if made > 100:
    print("DO" "NE", made)
files = 0
for i in range(20_000):
    try:
        open(os.path.join(folder, f"file-{i}"), "w").close()
        files += 1
    except OSError as e:
        print("file", i, "refused:", e.strerror)
        break
print("made", files, "files in the connection folder")
if files > 100:
    print("DO" "NE", files)
''' + Q1_WRONG

# 03's q1, wrong: the forward pass without the bias
Q1_LINEAR_WRONG = """
def linear_forward(x, weight, bias):
    return x @ weight.T, (x, weight, bias)

def linear_backward(grad_out, cache):
    x, weight, bias = cache
    return grad_out @ weight, None, None
"""

# The student's process runs the hidden tests' inputs: an answer that records them (printed, in a file of
# the work folder, in an .html file named like a page, in builtins for a cell after the last test to print)
# would give a table of answers for the next grading, the same hidden inputs for every regrade.
RECORD_INPUTS = r'''
import builtins as _b
import os
_b._seen = []
def format_progress(epoch, epochs, loss, lr, seconds):
    args = (epoch, epochs, loss, lr, seconds)
    _b._seen.append(args)
    print("RECORD" "ED", args)
    for name in ("seen.txt", "00_orientation.html", "seen.html", "d/seen.txt"):
        os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
        with open(name, "a") as f:
            f.write("RECORD" "ED %r\n" % (args,))
    return "epoch"
'''
PRINT_RECORDED = "import builtins as _b\nprint('RECORD' 'ED', getattr(_b, '_seen', None))\n"


ATTACKS = {
    "00_orientation": {
        "work_link_absolute": dict(
            answers={"q1_format_metric": WORK_LINK_ABSOLUTE},
            doc="The issue's attack: the work folder replaced by an absolute link to the task folder "
                "(named by /proc/self/mountinfo). Holds: the grader opens every name beneath the sandbox's "
                "root with O_NOFOLLOW; a work folder that is a link is not copied back at all."),
        "work_link_secret": dict(
            answers={"q1_format_metric": WORK_LINK_SECRET},
            doc="The work folder, a link to /proc/self/cwd/.workbook (the secret's folder as the grading "
                "worker would resolve it, no mountinfo needed)."),
        "task_folder_by_name": dict(
            answers={"q1_format_metric": BY_NAME},
            doc="Nothing of the task folder is reachable from the sandbox even by name: its files by the "
                "path the bind mount's source names, its parents, /proc/<pid>/cwd, /proc/1/root, the "
                "connection file's folder. Holds: only the notebook's folder is bound (copied in), read-only."),
        "work_link_relative": dict(
            answers={"q1_format_metric": WORK_LINK_RELATIVE},
            doc="A relative link that climbs out of /tmp with more '..' than the sandbox has folders."),
        "subfolder_swap": dict(
            answers={"q1_format_metric": SUBFOLDER_SWAP},
            doc="A folder inside the work folder swapped with a link to the secret's folder while the "
                "grader walks it. Holds: each folder is opened once, by descriptor, O_NOFOLLOW."),
        "work_swap": dict(
            answers={"q1_format_metric": WORK_SWAP},
            doc="The whole work folder swapped with a link and back in a loop during the walk."),
        "link_loop": dict(
            answers={"q1_format_metric": LINK_LOOP},
            doc="Links to each other, to themselves, to '..' and '/', and a work folder linked to itself."),
        "hard_link": dict(
            answers={"q1_format_metric": HARD_LINK},
            doc="A hard link in the work folder (refused: a file with another name elsewhere), and hard "
                "links to files the kernel only reads (refused by the system)."),
        "special_files": dict(
            answers={"q1_format_metric": SPECIAL_FILES},
            doc="A FIFO, a socket and device nodes in the work folder: never opened for reading as a "
                "file (a FIFO would block the grader), refused as not regular files."),
        "changing_file": dict(
            answers={"q1_format_metric": CHANGING_FILE},
            doc="A file that grows past the size limit between the look and the read, and a name that is "
                "a file one moment and a link to the task's gradebook the next. Holds: the size is the "
                "bytes read (at most the limit + 1), the type is the opened descriptor's."),
        "odd_names": dict(
            answers={"q1_format_metric": ODD_NAMES},
            doc="Names with newlines, terminal escapes, '..'-looking parts, bytes that are not UTF-8. "
                "Holds: nothing is written outside autograded/; a name with a control character or that "
                "is not UTF-8 is refused (it would forge lines of the grading log)."),
        "record_hidden_inputs": dict(
            answers={"q1_format_metric": RECORD_INPUTS}, appended=[PRINT_RECORDED],
            doc="An answer that records the inputs it is called with (printed, in files, one named like the "
                "feedback page, in a folder) and a cell after the last test that prints them all. Holds: "
                "feedback shows no output of the student's cells (ClearStudentOutputs) and no file but the "
                "pages (workbook feedback removes what nbgrader copied)."),
        "many_sockets": dict(
            answers={"q1_format_metric": MANY_SOCKETS},
            doc="20,000 sockets, then 20,000 files, in the kernel's connection folder. Holds: the folder "
                "is a tmpfs of the sandbox's own with an inode cap (sandbox.IPC_INODES), nothing of the "
                "host's /dev/shm."),
    },
    "03_pytorch_test": {
        "work_link_absolute_03": dict(
            answers={"q1_linear": WORK_LINK_ABSOLUTE.replace(Q1_WRONG, Q1_LINEAR_WRONG)},
            doc="The issue's attack on 03, where it was measured too."),
    },
}
