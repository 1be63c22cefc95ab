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
### BEGIN HIDDEN TESTS
reference_script_line = "if [ $# -ne 1 ] || [ ! -d $1 ]; then exit 2; fi"
shown_elsewhere = "this line is shown in the released notebook"
### END HIDDEN TESTS
'''
SECRET = 'reference_script_line = "if [ $# -ne 1 ] || [ ! -d $1 ]; then exit 2; fi"'
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
