"""Named attacks on the limits of the judge's jail and of the kernel's view of
the data cache, for the security suite (``test_attacks.py`` grades a whole
class per assignment once, with the sandbox on).

``ATTACKS[assignment][name]`` is an attack in the suite's formats: for
06_git, ``answers`` maps a grade_id to the git/shell command string the judge
runs in its jail (``attacks.git_answers`` turns them into answer cells); for
00_orientation, ``answers`` maps a grade_id to the Python code of the answer
cell. ``doc`` says which limit the attack tests. A success prints a marker
the suite looks for in the outputs ("DO" "NE", "LEAK" "ED"), split in the
source so that a traceback quoting the line is no hit. Nothing here can
damage more than the jail's own folders or a test course.
"""
from __future__ import annotations

# 06_git: writes 400 MiB into the jail's /tmp (files of 50 MiB, under the per-file cap), then 100 MiB
# more into the repository; a success is more than the jail's one disk quota (256 MiB, /tmp and the
# writable folders together) written in all.
JAIL_TMP_FILL = r"""n=0
for i in 1 2 3 4 5 6 7 8; do head -c 50M /dev/zero > /tmp/fill$i 2>/dev/null && n=$((n + 50)); done
for i in 1 2; do head -c 50M /dev/zero > .git/fill$i 2>/dev/null && n=$((n + 50)); done
echo x > /fill 2>/dev/null && n=$((n + 1000))
echo x > /dev/fill 2>/dev/null && n=$((n + 1000))
[ "$n" -gt 256 ] && echo "DO""NE wrote $n MiB"
rm -f /tmp/fill* .git/fill*
git status --short | head -n 1"""

# 06_git: forks 400 processes that sleep; a success is more than the jail's process limit (256,
# which must hold for root too: RLIMIT_NPROC does not) alive at once.
JAIL_FORK_MANY = r"""python -c '
import os, time
n = 0
for i in range(400):
    try:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        n += 1
    except OSError:
        break
time.sleep(0.5)
alive = sum(1 for p in os.listdir("/proc") if p.isdigit())
print(("DO" "NE " if alive > 256 else "") + "forked %d, %d alive" % (n, alive))
'
git log --oneline -n 1"""

# 00_orientation: the kernel looks at every folder it can see for data that is not a notebook's own:
# databases and CSV files (outside the Python installation and /usr), anything under a daon-workbook
# cache folder or the judge's, a secret. The public seed's files (seed 0) are the notebook's own.
READ_HIDDEN_DATA = r'''
import os, re, sys
public = re.compile(r"(daily_orders_0\.csv|shop_seed0_[0-9a-f]+\.sqlite|mlflow_empty_[0-9.]+\.db)$")   # 07's empty store
system = tuple(p.rstrip("/") + "/" for p in {sys.prefix, sys.base_prefix, "/usr"})
seen = 0
for top in sorted(os.listdir("/")):
    if top in ("proc", "sys") or os.path.islink("/" + top):   # /lib -> usr/lib: searched once, as /usr
        continue
    for d, dirs, files in os.walk("/" + top, onerror=lambda e: None):
        for name in dirs + files:
            seen += 1
            p = os.path.join(d, name)
            data = name.endswith((".sqlite", ".sqlite3", ".db", ".csv", ".parquet", ".secret")) \
                or re.search(r"(shop_seed|daily_orders_)\d+", name) or name == "judge" or name.endswith("-judge")
            cached = "daon-workbook" in p
            if public.search(name) or not (cached or (data and not os.path.realpath(p).startswith(system))):
                continue
            if os.path.isdir(p) and not data:
                continue
            try:
                size = os.path.getsize(p)
                print("LEAK" "ED", p, size)
            except OSError as e:
                print("unreadable", p, type(e).__name__)
print("searched", seen)
def format_progress(epoch, epochs, loss, lr, seconds):
    return f"[epoch {epoch}/{epochs}] loss={loss} lr={lr} time={seconds}"
'''

ATTACKS = {
    "06_git": {
        "jail_tmp_fill": dict(
            answers={"q12_pickaxe": JAIL_TMP_FILL, "q13_origin": JAIL_TMP_FILL, "q14_blame": JAIL_TMP_FILL},
            doc="The jail's one disk quota (c.Jail.disk, 256 MiB for /tmp and the writable folders "
                "together; / and /dev read-only): 400 MiB into /tmp, then more into the repository."),
        "jail_fork_many": dict(
            answers={"q12_pickaxe": JAIL_FORK_MANY, "q13_origin": JAIL_FORK_MANY, "q14_blame": JAIL_FORK_MANY},
            doc="The jail's process limit (sandbox.JAIL_PROCESSES, 256, a pids cgroup that holds for root): "
                "400 sleeping processes asked for."),
    },
    "00_orientation": {
        "read_hidden_data": dict(
            answers={"q1_format_metric": READ_HIDDEN_DATA},
            doc="The kernel's view of the data cache (sandbox.public_cache: only the public seed's files a "
                "notebook's run reads; the judge's folder, hidden seeds and secrets never bound): every "
                "folder the kernel sees, searched for data files."),
    },
}
