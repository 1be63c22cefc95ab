"""The feedback leak guard: a hidden test line shown in feedback is a leak,
unless the released notebook shows that line somewhere (any cell) or the
student wrote that very line in their own answer."""
import shutil

from conftest import REPO
from workbook.authoring import textform
from workbook.course import nb as nbm
from workbook.course.layout import Course
from workbook.grading import feedback

SOURCE = '''# %% answer q1_script
### BEGIN SOLUTION
q1_script = "if [ $# -ne 1 ] || [ ! -d \\"$1\\" ]; then exit 2; fi"
### END SOLUTION
# %% code
shown_elsewhere = "this line is shown in the released notebook"
# %% tests test_q1_script points=1
print("visible")
check_valid(Request, "Request", [({"customers": [good]}, None)])
### BEGIN HIDDEN TESTS
reference_script_line = "if [ $# -ne 1 ] || [ ! -d $1 ]; then exit 2; fi"
shown_elsewhere = "this line is shown in the released notebook"
check_valid(Request, "Request", [
    ({"customers": many}, "customers")])
### END HIDDEN TESTS
'''
SECRET = 'reference_script_line = "if [ $# -ne 1 ] || [ ! -d $1 ]; then exit 2; fi"'
INSIDE_PUBLIC = 'check_valid(Request, "Request", [({"customers": [good]}, None)])'
PUBLIC = 'shown_elsewhere = "this line is shown in the released notebook"'


def _course(tmp_path, answer_line, shown):
    root = tmp_path
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    (root / "source" / "a1").mkdir(parents=True)
    nbm.write(textform.txt_to_nb(SOURCE), root / "source" / "a1" / "a1.ipynb")
    rel = textform.txt_to_nb(SOURCE)
    for c in rel.cells:
        c.source = nbm.visible_part(c.source)
    (root / "release" / "a1").mkdir(parents=True)
    nbm.write(rel, root / "release" / "a1" / "a1.ipynb")
    sub = textform.txt_to_nb(SOURCE)
    for c in sub.cells:
        if nbm.meta(c).get("grade_id") == "q1_script":
            c.source = answer_line
    for step in ("submitted", "autograded"):
        (root / step / "s1" / "a1").mkdir(parents=True)
        nbm.write(sub, root / step / "s1" / "a1" / "a1.ipynb")
    (root / "feedback" / "s1" / "a1").mkdir(parents=True)
    (root / "feedback" / "s1" / "a1" / "a1.html").write_text(f"<pre>{shown}</pre>")
    return Course.load(root)


def test_hidden_line_in_feedback_is_a_leak(tmp_path):
    course = _course(tmp_path, "q1_script = 'echo hi'", SECRET)
    found = feedback.leaks(course, "a1")
    assert len(found) == 1 and found[0][1] == SECRET


def test_the_students_own_line_is_not_a_leak(tmp_path):
    assert feedback.leaks(_course(tmp_path, SECRET, SECRET), "a1") == []


def test_a_line_the_release_shows_in_another_cell_is_not_a_leak(tmp_path):
    assert feedback.leaks(_course(tmp_path, "q1_script = 'echo hi'", PUBLIC), "a1") == []


def test_a_hidden_line_that_a_visible_line_contains_is_not_a_leak(tmp_path):
    # the scan searches for hidden lines as substrings: the visible line holds the hidden one's text
    assert feedback.leaks(_course(tmp_path, "q1_script = 'echo hi'", INSIDE_PUBLIC), "a1") == []
    assert 'check_valid(Request, "Request", [' not in feedback.secret_lines(Course.load(tmp_path), "a1")["a1"]



def test_a_hidden_line_that_a_package_message_quotes_is_not_a_secret():
    """08 Q16's hint shows permutation_importance's call, whose last line a
    hidden test's reference also writes: the feedback of a student who fails
    the visible test shows it by design (the security class's feedback
    refused two pages for it). Lines no message shows stay secret."""
    lines = feedback.secret_lines(Course.load(REPO), "08_explain")["08_explain"]
    assert "random_state=seed).importances_mean" not in lines
    assert 'rank = np.argsort(np.argsort(-gap["mdi"].to_numpy()))' in lines


# ---------------------------------------------------------------------------- every file, any type

def _state(course, student="s1"):
    """A graded submission's state, as the runner writes it (flags are added to it)."""
    import json

    from workbook.grading import runner
    sf = runner.state_file(course, "a1", student)
    sf.parent.mkdir(parents=True, exist_ok=True)
    sf.write_text(json.dumps({"student": student, "assignment": "a1", "status": "graded", "flags": []}))
    return sf


def test_any_file_in_feedback_with_a_hidden_line_or_the_secret_is_removed_and_flagged(tmp_path):
    """Not only pages: a CSV, a database, a file without a suffix in a student's feedback folder
    that holds a hidden test's line or the course's secret is a leak: removed, the run fails
    naming it, and the submission is flagged. Then every file but the pages goes (feedback is pages)."""
    import json

    import pytest

    from workbook.grading import leakscan
    course = _course(tmp_path, "q1_script = 'echo hi'", PUBLIC)
    folder = course.path("feedback", "s1", "a1")
    secret = leakscan.Secrets.of(course, "a1").secret
    (folder / "results.csv").write_text("a,b\n" + SECRET + "\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "key").write_bytes(b"\x00\x01" + secret.encode() + b"\x00")
    (folder / "mine.txt").write_text("my own notes\n")
    sf = _state(course)
    found = {f.name for f, _ in feedback.leaks(course, "a1")}
    assert found == {"results.csv", "key"}
    with pytest.raises(feedback.LeakError):
        feedback._checked(course, "a1", ["s1"])
    assert sorted(p.name for p in folder.rglob("*")) == ["a1.html"]
    flags = json.loads(sf.read_text())["flags"]
    assert {f["kind"] for f in flags} == {"files"} and len(flags) == 2, flags
    assert any("results.csv" in f["reason"] for f in flags) and any("key" in f["reason"] for f in flags)


def test_feedback_is_the_pages_and_no_output_of_the_students_cells(tmp_path):
    """What the student's kernel wrote or printed while it was graded had the hidden inputs in reach: a file
    nbgrader copied next to the page (one named like a page too, one in a folder, a link) goes, and the
    export clears the outputs of every cell but the test cells."""
    import nbformat

    course = _course(tmp_path, "q1_script = 'echo hi'", PUBLIC)
    folder = course.path("feedback", "s1", "a1")
    (folder / "seen.txt").write_text("(3, 10, 0.25)\n")
    (folder / "other.html").write_text("<p>(3, 10, 0.25)</p>")
    (folder / "d").mkdir()
    (folder / "d" / "seen.txt").write_text("(3, 10, 0.25)\n")
    (folder / "link").symlink_to(tmp_path)
    (folder / "timestamp.txt").write_text("2026-11-27 03:51:10.121312 UTC")   # nbgrader's, release_feedback reads them
    (folder / "submission_secret.txt").write_text("3f2a9c0d41b7e6a8")
    feedback._checked(course, "a1", ["s1"])
    assert sorted(p.name for p in folder.iterdir()) == ["a1.html", "submission_secret.txt", "timestamp.txt"]
    assert tmp_path.is_dir()
    (folder / "timestamp.txt").write_text("(3, 10, 0.25) recorded by the kernel\n")
    (folder / "submission_secret.txt").write_text("(3, 10, 0.25)")
    feedback._checked(course, "a1", ["s1"])
    assert sorted(p.name for p in folder.iterdir()) == ["a1.html"]

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("print(seen)", metadata={"nbgrader": {"solution": True, "grade": False}}),
        nbformat.v4.new_code_cell("check()", metadata={"nbgrader": {"solution": False, "grade": True}}),
        nbformat.v4.new_code_cell("print(seen)")])
    for c in nb.cells:
        c.outputs = [nbformat.v4.new_output("stream", text="(3, 10, 0.25)\n")]
    out, _ = feedback.ClearStudentOutputs()(nb, {})   # as an exporter calls it
    assert [len(c.outputs) for c in out.cells] == [0, 1, 0]


def test_a_tasks_files_that_hold_a_secret_never_reach_autograded(tmp_path):
    """When a task's result comes back, every file of its autograded folder but the graded
    notebooks (they hold the hidden tests by design) is searched: the secret or a hidden line
    removes the file and flags the submission; the student's own line is theirs."""
    from workbook.grading import leakscan
    from workbook.grading.results import TaskResult
    course = _course(tmp_path, SECRET, PUBLIC)      # this student wrote the hidden line themselves
    secrets = leakscan.Secrets.of(course, "a1")
    files = tmp_path / "task" / "autograded"
    files.mkdir(parents=True)
    shutil.copy(course.path("autograded", "s1", "a1") / "a1.ipynb", files / "a1.ipynb")
    (files / "gradebook.db").write_bytes(b"SQLite format 3\x00" + secrets.secret.encode())
    (files / "own.txt").write_text(SECRET + "\n")
    (files / "data").mkdir()
    (files / "data" / "tests.py").write_text(f"x = 1\n{secrets.secret}\n")
    r = TaskResult("s1", "a1", True, notebooks={"a1": {}}, files_dir=str(files))
    flags = leakscan.scrub_result(r, secrets)
    assert sorted(p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file()) == \
        ["a1.ipynb", "own.txt"]
    assert sorted(f.reason.split(" ")[0] for f in flags) == ["data/tests.py", "gradebook.db"]
    assert all(f.kind == "files" and "secret" in f.reason for f in flags)
    # the same files sent back as data (a remote engine)
    import base64
    other = {"a1.ipynb": (files / "a1.ipynb").read_bytes(), "x.csv": secrets.secret.encode(),
             "y.csv": b"1,2\n", "z.txt": f"  {SECRET}\n".encode()}
    r = TaskResult("s1", "a1", True, notebooks={"a1": {}},
                   files={k: base64.b64encode(v).decode() for k, v in other.items()})
    flags = leakscan.scrub_result(r, secrets)
    assert sorted(r.files) == ["a1.ipynb", "y.csv", "z.txt"] and [f.reason.split(" ")[0] for f in flags] == ["x.csv"]


def test_a_hidden_failure_never_shows_an_exception_name_the_students_code_made():
    """An exception class named at run time from a hidden input would carry the input out in the hidden
    test's message ("your code raised H_m0p84_0p34..."): a hidden message shows Python's and known libraries'
    exception names only."""
    from workbook.checks.core import hidden_type
    from workbook.checks.exercise import AnswerRaised
    from workbook.messages import render

    leaky = AnswerRaised("attention(q, k, v)", {"type": "H_m0p8450_0p3401", "message": "x"}).check_failed()
    assert "H_m0p8450" not in render(leaky.hidden_message) and "H_m0p8450" in render(leaky.message)
    plain = AnswerRaised("attention(q, k, v)", {"type": "ZeroDivisionError", "message": "x"}).check_failed()
    assert "ZeroDivisionError" in render(plain.hidden_message)
    assert render(hidden_type("ValueError")) == "ValueError" and render(hidden_type("MyError")) != "MyError"
