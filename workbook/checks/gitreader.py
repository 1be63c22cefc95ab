"""``gitstate.py``'s command line, run from its compiled module:

    python -I -S gitreader.py REPO HOME [PATH-TO-CHECK-IGNORE ...]
    python -I -S gitreader.py --bare REPO.git [AS-THE-STUDENT-NAMES-IT]

A script is compiled every time it runs (no cache for ``__main__``), and
compiling gitstate.py took about a quarter of a read's CPU; imported, it is
loaded from ``__pycache__`` (written when the grader imports
``workbook.checks.gitmodel``, or by pip at install). This folder goes last on
sys.path: no name of the standard library resolves here.
"""
import os
import sys

if __name__ == "__main__":   # run as a script, never when the package's modules are imported
    sys.path.append(os.path.dirname(os.path.abspath(__file__)))
    import gitstate

    gitstate.main()
