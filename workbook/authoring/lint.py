"""`workbook lint`: notebook hygiene for every source notebook.

Each problem names the notebook and the cell, so an instructor can fix it
without hunting."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from ..course import nb as nbm

ANSWER_ID = re.compile(r"^q\d+[a-z]?_[a-z][a-z0-9_]*$")
TEST_ID = re.compile(r"^test_q\d+[a-z]?_[a-z][a-z0-9_]*$")
OTHER_ID = re.compile(r"^[a-z][a-z0-9_]*$")
RANDOM_ID = re.compile(r"(^cell-[0-9a-f]{8,}$)|([0-9a-f]{10,})")


def check_metadata(nb, path) -> list[str]:
    """Structural nbgrader metadata problems (what would make nbgrader crash
    with an unhelpful traceback)."""
    probs = []
    for i, cell in enumerate(nb.cells):
        md = cell.get("metadata", {})
        if "nbgrader" not in md:
            continue
        m = md["nbgrader"]
        where = f"{path}: {nbm.cell_label(cell, i)}"
        if not isinstance(m, dict):
            probs.append(f"{where}: metadata.nbgrader must be an object, found {type(m).__name__}")
            continue
        for key in ("solution", "grade", "locked"):
            if key in m and not isinstance(m[key], bool):
                probs.append(f"{where}: metadata.nbgrader.{key} must be true or false, found {m[key]!r}")
        k = nbm.kind(cell)
        if k is None:
            continue
        if not isinstance(m.get("grade_id"), str) or not m.get("grade_id"):
            probs.append(f"{where}: {k} cell has no grade_id")
        if m.get("grade") or m.get("task"):
            pts = m.get("points")
            if isinstance(pts, bool) or not isinstance(pts, (int, float)):
                probs.append(f"{where}: points must be a number, found {pts!r}")
            elif pts <= 0:
                probs.append(f"{where}: points must be > 0, found {pts}")
        if m.get("schema_version") != 3:
            probs.append(f"{where}: nbgrader schema_version must be 3, found {m.get('schema_version')!r}")
    return probs


def _region(cell, where: str, what: str, begin: str, lines, missing: str, empty: str) -> list[str]:
    """A code cell with a non-empty marked region (the solution of an answer,
    the hidden part of a test cell)."""
    probs = []
    if cell.cell_type != "code":
        probs.append(f"{where}: {what} must be a code cell")
    if begin not in cell.source:
        probs.append(f"{where}: {missing}")
    elif not any(line.strip() for line in lines(cell.source)):
        probs.append(f"{where}: {empty}")
    return probs


def lint_notebook(path: str | Path) -> list[str]:
    path = Path(path)
    try:
        nb = nbm.read(path)
    except nbm.NotebookError as e:
        return [str(e)]
    probs: list[str] = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as e:
        probs.append(f"{path}: invalid nbformat: {e.message}")
    ks = nb.metadata.get("kernelspec", {})
    if ks.get("name") != "python3":
        probs.append(f"{path}: kernelspec must be python3, found {ks.get('name')!r}")
    meta_probs = check_metadata(nb, path)
    probs += meta_probs
    if meta_probs:
        return probs

    seen: dict[str, int] = {}
    for i, cell in enumerate(nb.cells):
        where = f"{path}: {nbm.cell_label(cell, i)}"
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            probs.append(f"{where}: has outputs or an execution count (run `workbook fmt`)")
        k = nbm.kind(cell)
        if k is None:
            continue
        gid = nbm.meta(cell)["grade_id"]
        if gid in seen:
            probs.append(f"{where}: grade_id {gid!r} already used by cell {seen[gid] + 1}")
        seen[gid] = i
        if RANDOM_ID.search(gid):
            probs.append(f"{where}: grade_id {gid!r} looks random; use a readable one like q3_top_ips")
        if k in ("answer", "manual") and not ANSWER_ID.match(gid):
            probs.append(f"{where}: answer grade_id {gid!r} should look like q3_top_ips")
        if k == "tests" and not TEST_ID.match(gid):
            probs.append(f"{where}: test grade_id {gid!r} should look like test_q3_top_ips")
        if k == "readonly" and not OTHER_ID.match(gid):
            probs.append(f"{where}: grade_id {gid!r} should be lower_snake_case")
        if k == "answer":
            probs += _region(cell, where, "an autograded answer", nbm.BEGIN_SOLUTION, nbm.solution_lines,
                             "no '### BEGIN SOLUTION' region", "the solution region is empty")
        if k == "manual":
            if not nbm.manual_answer_text(cell.source).strip() or nbm.manual_answer_text(cell.source).strip() == nbm.TEXT_STUB:
                probs.append(f"{where}: the model answer of this manually graded cell is empty")
            if nbm.BEGIN_MARK not in cell.source:
                probs.append(f"{where}: a manually graded answer needs a rubric ({nbm.BEGIN_MARK} ... {nbm.END_MARK})")
        if k == "tests":
            probs += _region(cell, where, "a test cell", nbm.BEGIN_HIDDEN, nbm.hidden_lines,
                             "test cell has no hidden part (### BEGIN HIDDEN TESTS)",
                             "the hidden part of this test cell is empty")
            visible = [line for line in nbm.visible_part(cell.source).splitlines()
                       if line.strip() and not line.strip().startswith("#")]
            if not visible:
                probs.append(f"{where}: test cell has no visible part")
            if nbm.BEGIN_SOLUTION in cell.source:
                probs.append(f"{where}: a test cell must not hold a solution region")
            probs += [f"{where}: {p}" for p in exercise_format_problems(cell.source)]

    # every autograded answer is followed by at least one test cell of its own
    cells = nb.cells
    for ex in nbm.exercises(nb):
        if ex.autograded and not ex.test_indices:
            probs.append(f"{path}: {nbm.cell_label(cells[ex.answer_index], ex.answer_index)}: "
                         "autograded answer has no test cell after it")
        for ti in ex.test_indices:
            tid = nbm.meta(cells[ti])["grade_id"]
            if ex.autograded and not tid.startswith("test_" + ex.grade_id):
                probs.append(f"{path}: {nbm.cell_label(cells[ti], ti)}: test cell of {ex.grade_id} "
                             f"should be named test_{ex.grade_id}[...]")
    # test cells that come before any answer cell
    first_answer = min([ex.answer_index for ex in nbm.exercises(nb)] or [len(cells)])
    for i, cell in enumerate(cells[:first_answer]):
        if nbm.kind(cell) == "tests":
            probs.append(f"{path}: {nbm.cell_label(cell, i)}: test cell comes before any answer cell")
    if not any(ex.autograded for ex in nbm.exercises(nb)):
        probs.append(f"{path}: no autograded exercise")
    if nbm.dumps(nbm.normalise(nb)) != path.read_text(encoding="utf-8"):
        probs.append(f"{path}: not normalised (run `workbook fmt`)")
    return probs


def exercise_format_problems(source: str) -> list[str]:
    """A test cell in the exercise format: one top-level ``@exercise(...)``
    test function whose body holds the hidden part, valid with and without it
    (the release strips it)."""
    import ast

    from ..grading.judge import is_exercise_cell
    out = []
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        return [f"test cell does not parse: {e.msg} (line {e.lineno})"]
    if not is_exercise_cell(source):
        return ["test cell is not in the exercise format (one @exercise(\"qN\") test function)"]
    tests = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.decorator_list
             and any(getattr(getattr(d, "func", d), "id", getattr(getattr(d, "func", d), "attr", "")) == "exercise"
                     for d in n.decorator_list)]
    if len(tests) != 1:
        out.append(f"test cell has {len(tests)} @exercise functions; it needs exactly one")
        return out
    fn = tests[0]
    lines = source.splitlines()
    for i, line in enumerate(lines, start=1):
        indent = len(line) - len(line.lstrip())
        if line.strip().startswith((nbm.BEGIN_HIDDEN, nbm.END_HIDDEN)) and not (i > fn.lineno and indent > fn.col_offset):
            out.append(f"the hidden-test marker on line {i} is outside the @exercise function (indent it)")
    try:
        visible = ast.parse(nbm.visible_part(source))
    except SyntaxError as e:
        out.append(f"without its hidden part (as released) the test cell does not parse: {e.msg} (line {e.lineno})")
        return out
    return out + coding_test_problems(visible)


#: what a coding problem's released test cell may not carry: a real test shows its examples only
CODING_TEST_WORDS = ("requirements", "hint", "verdict_hints")


def coding_test_problems(visible) -> list[str]:
    """A coding problem's test cell (its test takes a ``Program``), as released: the examples only. What
    its question asks goes in its exercises file's ``requirements``, its nudges in ``hints`` (never shown
    during an exam); a ``requirements=`` or ``hint=`` here would name the technique to anyone who reads
    the cell, mid-exam included."""
    import ast
    fn = next(n for n in visible.body if isinstance(n, ast.FunctionDef))
    annotations = [a.annotation for a in fn.args.args if a.annotation is not None]
    if not any(getattr(a, "id", getattr(a, "attr", None)) == "Program" for a in annotations):
        return []
    return [f"a coding problem's test cell shows its examples only: `{kw.arg}=` (line {kw.value.lineno}) goes "
            f"in the hidden part or the exercises file ({'requirements' if kw.arg == 'requirements' else 'hints'})"
            for node in ast.walk(visible) if isinstance(node, ast.Call)
            for kw in node.keywords if kw.arg in CODING_TEST_WORDS]
