"""The workbook package reaches every student (their kernel, the grader's sandbox and a coding test's jail all see
it, and a student installs it), so it holds no solution of any assignment and no hidden test's reference: a hidden
test's solvers live in the assignment's hidden module (source/<a>/hidden.py, workbook/checks/hiddenmodule.py),
which the release and nbgrader leave out.

A copy is found by its shape, whatever its names: a block (a loop, a branch, a function...) of four statements or
more of a solution or a hidden test, or a statement of thirty syntax nodes or more of a solution, that a module of
the package holds with only its names changed. 10's solvers were found this way: the solution's binary search
loop, word for word under other names, sat in workbook/data/coding.py."""
from __future__ import annotations

import ast
import fnmatch
import textwrap

import pytest

from conftest import ASSIGNMENTS, REPO
from workbook.checks import hiddenmodule
from workbook.course import exercises as exs
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading.execute import PRIVATE_SOURCE

PACKAGE = REPO / "workbook"
BLOCK_STATEMENTS = 4     # a block of fewer is an idiom every program shares
STATEMENT_NODES = 30     # a statement of fewer syntax nodes, too

#: (assignment, the block's or statement's first line in the package) -> why the package holds it
BY_DESIGN = {
    ("07_ml_service", "class Customer(BaseModel):"):
        "Question 8b's visible test runs the student's API tests against a reference app in the student's own "
        "kernel (workbook/checks/apicontract.py), so the contract's request models reach the student by design; "
        "Question 7 states each of their fields and rules",
    ("07_ml_service", "@model_validator(mode='after')"): "the same reference app's rule that Question 7 states",
}

_COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try, ast.FunctionDef,
             ast.AsyncFunctionDef, ast.ClassDef)


class _Renamed(ast.NodeTransformer):
    """Every name, argument and definition renamed by first use (docstrings, annotations and decorators
    dropped): two blocks that differ only in their names dump the same."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def _name(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=self._name(node.id), ctx=ast.Load()), node)

    def visit_arg(self, node):
        node.arg, node.annotation = self._name(node.arg), None
        return node

    def _definition(self, node):
        node.name, node.decorator_list = self._name(node.name), []
        if hasattr(node, "returns"):
            node.returns = None
        if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            node.body = node.body[1:] or [ast.Pass()]
        self.generic_visit(node)
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _definition


def _shapes(tree: ast.AST, statements_too: bool) -> dict[str, str]:
    """The shape (a renamed dump) of each large enough block, and with ``statements_too`` statement, of
    ``tree`` -> its first line."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, _COMPOUND):
            large = sum(isinstance(n, ast.stmt) for n in ast.walk(node)) >= BLOCK_STATEMENTS
        elif isinstance(node, ast.stmt) and statements_too:
            large = sum(1 for _ in ast.walk(node)) >= STATEMENT_NODES
        else:
            continue
        if large:
            text = ast.unparse(node)
            out.setdefault(ast.dump(_Renamed().visit(ast.parse(text).body[0])), text.splitlines()[0])
    return out


def _parsed(source: str):
    for text in (source, textwrap.dedent(source)):
        try:
            return ast.parse(text)
        except SyntaxError:
            continue
    return None


@pytest.fixture(scope="module")
def package_shapes() -> dict[str, tuple[str, str]]:
    """Shape -> (module, first line) of every block and statement of the package."""
    out: dict[str, tuple[str, str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = _parsed(path.read_text(encoding="utf-8"))
        for shape, first in (_shapes(tree, True) if tree is not None else {}).items():
            out.setdefault(shape, (str(path.relative_to(REPO)), first))
    return out


def _regions(assignment: str):
    """(where, is it a solution, its code) of each solution and hidden-test region of an assignment's source
    notebooks (a %%program cell's program included), of each alternative solution of its exercises file, and
    of its hidden module, the hidden tests' own code."""
    for path in course.notebooks(REPO, assignment):
        for i, cell in enumerate(nbm.read(path).cells):
            if cell.cell_type == "code":
                for solution, lines in ((True, nbm.solution_lines(cell.source)),
                                        (False, nbm.hidden_lines(cell.source))):
                    if lines:
                        yield f"{path.name} cell {i + 1}", solution, "\n".join(lines)
    folder = course.directory(REPO, "source") / assignment
    for gid, exercise in exs.load(folder).items():
        for k, code in enumerate(exercise.alternatives):
            yield f"{exs.FILE} {gid} alternative {k + 1}", True, code
    if (folder / hiddenmodule.FILE).is_file():
        yield hiddenmodule.FILE, False, (folder / hiddenmodule.FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_module_of_the_package_holds_a_solutions_or_a_hidden_tests_code_under_other_names(assignment,
                                                                                           package_shapes):
    found = []
    for where, solution, code in _regions(assignment):
        tree = _parsed(code)
        for shape, first in (_shapes(tree, solution) if tree is not None else {}).items():
            if shape in package_shapes and (assignment, package_shapes[shape][1]) not in BY_DESIGN:
                module, theirs = package_shapes[shape]
                found.append(f"{where} ({'solution' if solution else 'hidden test'}): {first!r} is "
                             f"{module}'s {theirs!r} under other names")
    assert found == []


def test_a_solver_copied_into_the_package_under_other_names_is_found(package_shapes):
    """The scan finds what it is for: 10 Question 4's solution loop, renamed, as workbook/data/coding.py held it."""
    copied = textwrap.dedent("""
        def _stations_answer(n, stations):
            lo, hi = 1, n * min(t + b for t, c, b in stations)
            while lo < hi:
                mid = (lo + hi) // 2
                if packed(mid) >= n:
                    hi = mid
                else:
                    lo = mid + 1
            return lo
    """)
    shapes = _shapes(ast.parse(copied), True)
    solution = [code for where, is_solution, code in _regions("10_coding_test") if is_solution and "def packed" in code]
    assert solution and set(_shapes(_parsed(solution[0]), True)) & set(shapes)


@pytest.mark.parametrize("assignment, name", [("07_ml_service", "artifact_proba"), ("09_baskets", "_rules")])
def test_a_hidden_modules_code_copied_into_the_package_is_found(assignment, name):
    """The scan compares the hidden modules too: 07 q2's prediction maths (``artifact_proba``, which q15b's hidden
    test uses) and 09 q4b's rule enumeration (``_rules``, the hidden inputs' generator's) sat in the package
    (workbook/checks/serving.py, workbook/data/basketrules.py) until a student-view review; a copy with every name
    changed is found."""

    class Other(ast.NodeTransformer):
        def visit_Name(self, node):
            node.id += "_copy"
            return node

        def visit_arg(self, node):
            node.arg += "_copy"
            return node

    hidden = [code for where, _, code in _regions(assignment) if where == hiddenmodule.FILE]
    assert len(hidden) == 1
    function = next(n for n in ast.parse(hidden[0]).body if isinstance(n, ast.FunctionDef) and n.name == name)
    function.name += "_copy"
    copied = ast.parse(ast.unparse(Other().visit(function)))
    assert set(_shapes(copied, True)) & set(_shapes(ast.parse(hidden[0]), False))


def test_the_hidden_module_is_left_out_of_every_copy_nbgrader_makes():
    """nbgrader copies the files of an assignment's source folder next to each submission (autograde) and into
    the release, except CourseDirectory.ignore: the hidden module is in the list the grader enforces and in the
    course's nbgrader_config.py, and no release holds one."""
    assert any(fnmatch.fnmatch(hiddenmodule.FILE, g) for g in PRIVATE_SOURCE)
    assert any(fnmatch.fnmatch(hiddenmodule.FILE, g) for g in course.Course.load(REPO).config.CourseDirectory.ignore)
    assert [p for p in course.directory(REPO, "release").rglob(hiddenmodule.FILE)] == []
    assert [p for p in PACKAGE.rglob(hiddenmodule.FILE)] == []


def test_the_packages_builders_make_only_what_a_student_is_given():
    """Two leaks a student found by reading the package, which the shape scan does not see (a file made by a
    builder's flags; a query in a string): 06's churn/train.py builder makes one side of q6's merge, never the
    merge resolved, and 02's shop builder plants q9b's ties with no query of q9b's (units per product of the
    orders not cancelled or refunded)."""
    from workbook.data import churnfiles
    for l2, patience in ((False, False), (True, False), (False, True)):
        assert "def train(" in churnfiles.train_py(l2=l2, patience=patience)
    with pytest.raises(ValueError):
        churnfiles.train_py(l2=True, patience=True)
    strings = [n.value for n in ast.walk(ast.parse((PACKAGE / "data" / "shopedges.py").read_text("utf-8")))
               if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [s for s in strings if "SUM(" in s.upper() and "GROUP BY" in s.upper()]
