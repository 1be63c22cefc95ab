"""The feedback leak guard: a hidden test line shown in feedback is a leak,
unless the student wrote that very line in their own answer."""
from workbook import authoring, feedback
from workbook import nb as nbm

SOURCE = '''# %% answer q1_script
### BEGIN SOLUTION
q1_script = "if [ $# -ne 1 ] || [ ! -d \\"$1\\" ]; then exit 2; fi"
### END SOLUTION
# %% tests test_q1_script points=1
print("visible")
### BEGIN HIDDEN TESTS
reference_script_line = "if [ $# -ne 1 ] || [ ! -d $1 ]; then exit 2; fi"
### END HIDDEN TESTS
'''
SECRET = 'reference_script_line = "if [ $# -ne 1 ] || [ ! -d $1 ]; then exit 2; fi"'


def _course(tmp_path, answer_line):
    root = tmp_path
    (root / "source" / "a1").mkdir(parents=True)
    nbm.write(authoring.txt_to_nb(SOURCE), root / "source" / "a1" / "a1.ipynb")
    sub = authoring.txt_to_nb(SOURCE)
    for c in sub.cells:
        if nbm.meta(c).get("grade_id") == "q1_script":
            c.source = answer_line
    (root / "submitted" / "s1" / "a1").mkdir(parents=True)
    nbm.write(sub, root / "submitted" / "s1" / "a1" / "a1.ipynb")
    (root / "feedback" / "s1" / "a1").mkdir(parents=True)
    (root / "feedback" / "s1" / "a1" / "a1.html").write_text(f"<pre>{SECRET}</pre>")
    return root


def test_hidden_line_in_feedback_is_a_leak(tmp_path):
    root = _course(tmp_path, "q1_script = 'echo hi'")
    assert feedback.leaks(root, "a1") and "hidden test line" in feedback.leaks(root, "a1")[0]


def test_the_students_own_line_is_not_a_leak(tmp_path):
    root = _course(tmp_path, SECRET)
    assert feedback.leaks(root, "a1") == []
