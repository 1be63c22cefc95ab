"""The round-trip class of an assignment, built from its exercises file, and
what its autograded results must be.

Students are named for what they submit: ``full`` (the solution), ``blank``
(the untouched release), ``alt<k>`` (the k-th alternative of every exercise, for the first
ROUND_TRIP_ALT of each),
``wrong<k>`` (the k-th wrong answer of every exercise, for the first
ROUND_TRIP_WRONG of each) and ``ko-<student>``, the same submission in the
Korean edition (of full, blank and wrong0). tests/test_round_trip.py grades it alone, or inside the
security suite's class of the same assignment (tests/security/graded.py), so
that one graded class serves both."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import load_answers
from workbook.authoring import catalog, demo
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import runner as grader

# wrong answers and alternatives per exercise graded by the real pipeline; all of them run in-process, hidden tests
# included (test_course.py). Issue 60: a further alt<k> was a whole run of the assignment for one or two
# exercises (10's alt3 re-ran 13 solutions' efficiency groups for one alternative: about 110 submission-seconds)
ROUND_TRIP_WRONG = 2
ROUND_TRIP_ALT = 2
KO_TWIN = "ko-"


def code(answer) -> str:
    return answer["code"] if isinstance(answer, dict) else answer


def korean(root: Path, assignment: str):
    from workbook import i18n
    return i18n.language_for("ko", root / "source" / assignment, assignment)


def write_class(root: Path, assignment: str) -> dict[str, dict]:
    """student -> {"zero": {exercise grade_ids expected to score 0}, "zero_cells":
    {test cell grade_ids expected to score 0, for a wrong answer that says which
    cells it loses}}, and writes submitted/. Answers of different exercises share a submission: the
    k-th alternative of every exercise in alt<k> for the first ROUND_TRIP_ALT
    of each, the k-th wrong answer of every exercise in wrong<k> for the
    first ROUND_TRIP_WRONG of each exercise (test_each_wrong_answer_loses_only_its_own_exercise
    checks every wrong answer and alternative alone, hidden tests included,
    in-process: here the real pipeline grades a few of each exercise, not
    the whole list again)."""
    specs = load_answers(root, assignment)
    students: dict[str, dict] = {}
    rel = {p.stem: nbm.read(p) for p in course.notebooks(root, assignment, "release")}
    srcs = {p.stem: nbm.read(p) for p in course.notebooks(root, assignment)}
    autos = {name: [ex for ex in nbm.exercises(src) if ex.autograded] for name, src in srcs.items()}

    def write(student, answers_by_nb, expect_zero, zero_cells=None):
        nbs = {f"{n}.ipynb": nbm.make_submission(rel[n], answers_by_nb.get(n, {})) for n in rel}
        demo.write_submission(root, student, assignment, nbs)
        students[student] = {"zero": expect_zero, "zero_cells": dict(zero_cells or {})}

    solved = {n: nbm.solved_sources(srcs[n]) for n in srcs}
    write("full", solved, set())
    write("blank", {}, {ex.grade_id for n in autos for ex in autos[n]})
    for key, prefix in (("alternatives", "alt"), ("wrong", "wrong")):
        most = max([len(specs.get(ex.grade_id, {}).get(key, [])) for n in autos for ex in autos[n]] or [0])
        most = min(most, ROUND_TRIP_WRONG if key == "wrong" else ROUND_TRIP_ALT)
        for k in range(most):
            answers = {n: dict(solved[n]) for n in srcs}
            zero, zero_cells = set(), {}
            for n in autos:
                for ex in autos[n]:
                    items = specs.get(ex.grade_id, {}).get(key, [])
                    if k < len(items):
                        answers[n][ex.grade_id] = code(items[k])
                        if key == "wrong":
                            zero.add(ex.grade_id)
                            if isinstance(items[k], dict) and items[k].get("loses"):
                                zero_cells[ex.grade_id] = set(items[k]["loses"])
            write(f"{prefix}{k}", answers, zero, zero_cells)
    # the same submissions in the Korean edition (한국어판): the release
    # notebook translated as `workbook release --lang ko` translates it. The edition changes the grader's
    # messages, never a score (execute.TrustedExecute._notebook_language), so the twins are those whose
    # messages differ: the solution (full marks, no error in Korean), the untouched release (the judge's
    # "not defined" in Korean) and a wrong answer of every exercise (its checks' ✘ in Korean). An
    # alternative passes every test as the solution does and shows no message of its own: no ko-alt0 (issue
    # 60: it was 52 of 09's and 34 of 10's submission-seconds, a whole run of the assignment)
    for student in ("full", "blank", "wrong0"):
        if student not in students:
            continue
        nbs = {}
        for n in rel:
            sub = nbm.read(root / "submitted" / student / assignment / f"{n}.ipynb")
            nbs[f"{n}.ipynb"] = catalog.translate_notebook(sub, korean(root, assignment))
        demo.write_submission(root, KO_TWIN + student, assignment, nbs)
        students[KO_TWIN + student] = dict(students[student], twin=student)
    return students


def problems(root: Path, assignment: str, students: dict[str, dict]) -> list[str]:
    """What the graded class got wrong: the solution and every alternative
    get full marks, the untouched release gets 0, each wrong answer loses its
    own exercise's points and only those, and the Korean twin of a submission
    scores as the English one, with every ✘ message in Korean. A correct
    answer (the solution, an alternative) also leaves no error in any cell:
    the question allows it, so the notebook's later cells must take it (07's
    Question 1 may return a str, and a later cell once did `folder / ...`).
    The solution, run top to bottom by the grader, prints no error on stderr
    either (`nbgrader validate` runs the source notebook top to bottom too:
    tests/test_course.py)."""
    owner = {}  # test grade_id -> exercise grade_id
    for path in course.notebooks(root, assignment):
        for ex in nbm.exercises(nbm.read(path)):
            if ex.autograded:
                for tid in ex.test_ids:
                    owner[tid] = ex.grade_id
    out = []
    for student, spec in students.items():
        cells = grader.cell_scores(root, assignment, student)
        if spec.get("twin"):
            twin = grader.cell_scores(root, assignment, spec["twin"])
            if cells != twin:
                out.append(f"{student}: the Korean edition scored {cells}, the English {twin}")
            for p in (root / "autograded" / student / assignment).glob("*.ipynb"):
                for c in nbm.read(p).cells:
                    for o in c.get("outputs", []):
                        if o.get("output_type") == "error" and nbm.kind(c) == "tests" \
                                and not re.search(r"[\uac00-\ud7a3]", o.get("evalue", "")):
                            out.append(f"{student}: a ✘ message not in Korean: {o.get('evalue', '')[:100]}")
        if not spec["zero"]:
            solution = (spec.get("twin") or student) == "full"
            for p in (root / "autograded" / student / assignment).glob("*.ipynb"):
                for i, c in enumerate(nbm.read(p).cells):
                    where = f"{student}: {p.name} cell {i} ({nbm.meta(c).get('grade_id', 'no id')})"
                    for o in c.get("outputs", []):
                        if o.get("output_type") == "error":
                            out.append(f"{where} raised {o.get('ename')}: {o.get('evalue', '')[:200]}")
                        # the solution's notebook is kept clean: a warning is dropped (IgnorePattern), an error
                        # printed on stderr is not (an exercise may print its own usage line, as 01's shell does)
                        if solution and o.get("output_type") == "stream" and o.get("name") == "stderr" \
                                and "Error" in o.get("text", ""):
                            out.append(f"{where} printed an error on stderr: {o.get('text', '')[:200]}")
        for tid, ex_id in owner.items():
            got, mx = cells[tid]
            exactly = spec.get("zero_cells", {}).get(ex_id)
            if exactly is not None:   # a wrong answer that loses exactly these cells of its exercise
                if tid in exactly and got != 0:
                    out.append(f"{student}: {tid} scored {got}/{mx}, expected 0")
                elif tid not in exactly and got != mx:
                    out.append(f"{student}: {tid} scored {got}/{mx}, expected full marks")
                continue
            if ex_id in spec["zero"]:
                if got != 0:
                    out.append(f"{student}: {tid} scored {got}/{mx}, expected 0")
            elif got != mx:
                out.append(f"{student}: {tid} scored {got}/{mx}, expected full marks")
    return out
