"""``TrustedExecute``: nbgrader's Execute preprocessor with the judge.

Named in ``c.Autograde.autograde_preprocessors`` instead of nbgrader's
``Execute`` (nbgrader_config.py, and ``workbook autograde`` insists on it), so
``nbgrader autograde``, the formgrader's Autograde button and ``workbook
autograde`` all grade the same way:

* every cell the student wrote (answers, free cells) runs in the student's
  kernel, in the bubblewrap sandbox (``SandboxKernelManager``), as usual;
* a test cell in the exercise format (``@exercise``) does **not** run there:
  the judge runs it in this process and talks to the kernel only through
  plain-data requests; its outputs are written from the verdict;
* a test cell that is not in the format (a course that does not use it) runs
  in the sandboxed kernel as plain nbgrader does; the log says so once.
"""
from __future__ import annotations

import os
import secrets
import tempfile
import time
from pathlib import Path

from nbformat import NotebookNode
from traitlets import Bool, Enum, Integer, Unicode

from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_locked, is_solution

from .. import i18n
from ..course import exercises
from .. import messages
from ..checks import hiddenmodule
from ..checks.source import exercise_answers
from . import judge

#: the key of ``resources`` under which TrustedExecute lists the grade_ids of the test cells it judged
#: (a judged cell keeps no execution count: ``local.grade_notebook`` tells it from a cell that never ran)
JUDGED = "workbook_judged"


def create_secret(path: Path) -> bool:
    """Make the course's secret at ``path`` if there is none, atomically: the
    random text is written to a file of its own (mode 0600) and linked to its
    name only once it is whole, so that a process reading it at the same
    moment (two shards starting together) never sees an empty or half-written
    secret, and of two processes making it at once one wins and both use its
    secret. Whether this call made it."""
    path = Path(path)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".secret-", dir=path.parent)   # mode 0600
    try:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)      # fails if it exists: never replaces a secret
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(tmp)


def read_secret(path: Path) -> str:
    """The course's secret for hidden inputs: created once (``create_secret``,
    mode 0600), kept by the instructor, never released; the same secret
    regrades the same way."""
    path = Path(path)
    create_secret(path)
    text = path.read_text().strip()
    if len(text) < 16:
        raise ValueError(f"{path}: the hidden-input secret is too short (at least 16 characters)")
    return text


def secret_digest(text: str) -> str:
    """A short name of a secret that says nothing of it (a shard's results
    record the one that drew their hidden inputs)."""
    import hashlib
    return hashlib.sha256(b"workbook secret id\0" + text.strip().encode()).hexdigest()[:20]


def secret_file(course) -> Path:
    """Where the course's hidden-input secret is (``TrustedExecute.secret_file``, its one owner)."""
    p = Path(TrustedExecute(config=course.config).secret_file)
    return p if p.is_absolute() else course.root / p


def secret_path(course) -> Path:
    """The course's hidden-input secret (created on first use)."""
    p = secret_file(course)
    read_secret(p)
    return p


def current_secret_digest(course) -> str | None:
    """``execute.secret_digest`` of the course's secret, or None when it has
    none yet (never made here: `workbook merge` reads, it does not create)."""
    try:
        return secret_digest(secret_file(course).read_text())
    except OSError:
        return None


class TrustedExecute(Execute):
    """See the module docstring."""

    sandbox = Bool(True, help="run the student's kernel in the bubblewrap sandbox").tag(config=True)
    secret_file = Unicode(".workbook/secret", help="the course's secret for hidden inputs (relative to the "
                                                    "course root); created on first use").tag(config=True)
    require_exercise_format = Bool(False, help="a test cell that is not in the exercise format fails "
                                               "instead of running in the student's kernel").tag(config=True)
    verdicts = Unicode("", help="a folder where the judge writes each test cell's verdict as data, one JSON "
                                "line per cell in <notebook>.jsonl ({cell, status, lines}; never the instructor's "
                                "detail): the grader's flags and reports read it, not the outputs nbgrader scores"
                       ).tag(config=True)
    transcript = Unicode("", help="a folder where the judge writes every request it sends to the kernel and "
                                  "the reply (one JSON-lines file per student and notebook), to see what the "
                                  "student's process was shown").tag(config=True)
    max_output = Integer(2_000_000, help="characters of output the student's cells may leave in the graded "
                                        "notebook, all cells together; beyond it outputs are dropped (errors are "
                                        "kept, shortened)").tag(config=True)
    shutdown_kernel = Enum(["graceful", "immediate"], default_value="immediate",
                           help="after the last cell the student's kernel is stopped at once: none of its code "
                                "(atexit hooks included) runs after grading, and no time is spent waiting for "
                                "it").tag(config=True)
    # a cell that outlives Execute.timeout is interrupted; the kernel may stay busy a while after it (a
    # RecursionError's traceback of thousands of frames took 8 CPU-s to format in 11_vision, a long C call ends
    # only when it ends). nbclient's 4 s for the rest of its output, then failing the whole notebook, turned one
    # slow cell into no grade at all on a busy machine: the grader waits longer, then goes on with the next cell,
    # which the kernel runs once it is free (its own time limit counts from when it was sent)
    iopub_timeout = Integer(30, help="seconds to wait for a cell's remaining output after its reply (or its "
                                     "time-out)").tag(config=True)
    raise_on_iopub_timeout = Bool(False, help="a cell whose output does not end within iopub_timeout fails the "
                                              "notebook (False: the grader goes on with the next cell)"
                                  ).tag(config=True)
    exam = Bool(False, help="the notebook is taken as an exam with time left (selfgrade sets it): the judge's "
                            "messages have no hint lines").tag(config=True)
    self_study = Bool(False, help="a learner grading their own work after (or without) an exam (selfgrade sets "
                                  "it): a coding test's failing group shows the smallest hidden case the program got "
                                  "wrong. Never for an instructor's grading: hidden inputs stay hidden in feedback"
                      ).tag(config=True)
    locale_directory = Unicode("source/{assignment}/locale",
                               help="where the judge finds an assignment's translation catalogues (relative to "
                                    "the course root): a notebook released in another language gets its "
                                    "messages in that language (workbook/i18n.py)").tag(config=True)
    hidden_module_directory = Unicode("source/{assignment}",
                                      help="where the judge finds an assignment's hidden module, the reference "
                                           "solvers its hidden tests use (relative to the course root; "
                                           "workbook/checks/hiddenmodule.py)").tag(config=True)

    @property
    def begin_hidden(self) -> str:
        """The hidden tests' markers have one owner, nbgrader's ClearHiddenTests
        (``c.ClearHiddenTests.begin_test_delimeter``), which strips them at release."""
        return self._hidden_markers()[0]

    @property
    def end_hidden(self) -> str:
        return self._hidden_markers()[1]

    def _hidden_markers(self) -> tuple[str, str]:
        from nbgrader.preprocessors import ClearHiddenTests
        owner = ClearHiddenTests(config=self.config)
        return owner.begin_test_delimeter, owner.end_test_delimeter

    _warned_plain = False
    _output_used = 0
    _output_noted: set = set()

    def __init__(self, **kw):
        super().__init__(**kw)
        self._choose_kernel_manager()

    def _choose_kernel_manager(self):
        if self.sandbox:
            from .sandbox import SandboxKernelManager
            self.kernel_manager_class = SandboxKernelManager
        else:
            from jupyter_client.manager import AsyncKernelManager
            self.kernel_manager_class = AsyncKernelManager

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if hasattr(km, "notebook_imports"):
            km.notebook_imports = list(self._assignment_imports())
        return km

    def _assignment_imports(self) -> frozenset[str]:
        """The modules the assignment's source and release notebooks import,
        submodules included (the instructor's, never the submission's; a
        grading task's folder holds only the release), for the warm kernel's
        zygote."""
        nbg = (getattr(self, "resources", None) or {}).get("nbgrader") or {}
        assignment = nbg.get("assignment")
        if not assignment:
            return frozenset()
        from .zygote import notebook_imports
        root = Path(os.getcwd())
        return notebook_imports(root / "source" / str(assignment), submodules=True) | notebook_imports(
            root / "release" / str(assignment), submodules=True)

    def _hidden_folder(self) -> Path | None:
        """The graded assignment's folder of its hidden module (``hidden_module_directory``, the instructor's:
        never a path the submission gave)."""
        nbg = (getattr(self, "resources", None) or {}).get("nbgrader") or {}
        assignment = nbg.get("assignment")
        if not assignment:
            return None
        folder = Path(self.hidden_module_directory.format(assignment=assignment))
        return folder if folder.is_absolute() else Path(os.getcwd()) / folder

    def _key(self) -> bytes:
        path = Path(self.secret_file)
        if not path.is_absolute():
            path = Path(os.getcwd()) / path
        return judge.seed_key(read_secret(path))

    def _cells_before(self, index: int) -> dict:
        """The code cells above a test cell, for the static checks: the
        student's (answers and the cells they added) and the instructor's
        read-only ones (restored from the gradebook; they run in the kernel
        too), each with the label a message names it by."""
        out = {"sources": [], "labels": [], "given": [], "given_labels": []}
        for i, cell in enumerate(self.nb.cells[:index]):
            if cell.cell_type != "code":
                continue
            if is_grade(cell) and not is_solution(cell):
                continue  # test cells: the judge runs them, never the kernel
            grade_id = (cell.metadata.get("nbgrader") or {}).get("grade_id")
            if is_locked(cell) and not is_solution(cell):
                out["given"].append(cell.source)
                out["given_labels"].append(f"cell {i + 1}")
                continue
            out["sources"].append(cell.source)
            out["labels"].append(f"cell {i + 1}" + (f" ({grade_id})" if grade_id and is_solution(cell) else ""))
        return out

    def preprocess(self, nb, resources=None, km=None):
        self._output_used, self._output_noted = 0, set()
        self._guard, self._guard_kc = None, None
        self._facts: list[str] = []   # what the judge saw change in the kernel's process (runtime.Guard)
        self._shipped: set[str] = set()   # data files sent into this notebook's kernel (KernelChannel)
        self._language = self._notebook_language(nb, resources)
        # what the test cells import (the gradebook's sources, restored by nbgrader before this runs), imported
        # before the first test cell is judged (judge.import_ahead)
        tests = [c.source for c in nb.cells if c.cell_type == "code" and is_grade(c) and not is_solution(c)
                 and judge.is_exercise_cell(c.source)]
        self._importing = judge.test_cell_imports(tests)
        # which question each answer name answers, from every test cell (the gradebook's: nbgrader restored them)
        self._answers = exercise_answers(tests)
        return super().preprocess(nb, resources, km)

    def _notebook_language(self, nb, resources) -> i18n.Language:
        """The language the notebook was released in (its metadata; a
        student's choice of edition changes messages, never a score) with the
        assignment's full catalogue, read from the course (never from the
        submission)."""
        code = i18n.notebook_language(nb)
        assignment = ((resources or {}).get("nbgrader") or {}).get("assignment")
        if code == i18n.SOURCE_LANGUAGE or not assignment:
            return i18n.Language()
        folder = Path(self.locale_directory.format(assignment=assignment))
        if not folder.is_absolute():
            folder = Path(os.getcwd()) / folder
        return i18n.language_for(code, folder.parent, assignment)

    def output(self, outs, msg, display_id, cell_index):
        """One output message of a student's cell, within the notebook's
        output budget (``max_output``, all cells together)."""
        kind = msg.get("msg_type")
        content = msg.get("content", {})
        if kind == "stream":
            n = len(content.get("text", ""))
        elif kind in ("display_data", "execute_result", "update_display_data"):
            n = sum(len(v) if isinstance(v, str) else len(str(v)) for v in content.get("data", {}).values())
        elif kind == "error":
            content["evalue"] = str(content.get("evalue", ""))[:2000]
            content["traceback"] = [str(t)[:2000] for t in content.get("traceback", [])[:60]]
            return super().output(outs, msg, display_id, cell_index)
        else:
            return super().output(outs, msg, display_id, cell_index)
        left = self.max_output - self._output_used
        if n <= left:
            self._output_used += n
            return super().output(outs, msg, display_id, cell_index)
        if kind == "stream" and left > 0:
            content["text"] = content.get("text", "")[:left]
            self._output_used = self.max_output
            super().output(outs, msg, display_id, cell_index)
        self._output_used = self.max_output
        if cell_index not in self._output_noted:
            self._output_noted.add(cell_index)
            outs.append(NotebookNode(output_type="stream", name="stdout", text="\n" + messages.render(messages.msg(
                "... output dropped by the grader: the notebook's outputs are over {limit:,} characters ...",
                limit=self.max_output), getattr(self, "_language", None) or i18n.Language()) + "\n"))
        return None

    def _ensure_guard(self) -> None:
        """The judge's guard in this kernel, installed before it runs the
        first cell (``checks.runtime``): once per kernel."""
        kc = getattr(self, "kc", None)
        if kc is None or kc is getattr(self, "_guard_kc", None):
            return
        from ..checks import runtime
        self._guard_kc, self._guard = kc, runtime.Guard()
        self._held = judge.HeldHandles()   # the handles this kernel holds for the test cells (KernelChannel)
        if not hasattr(self, "_facts"):
            self._facts = []
        self._facts += judge.install_guard(self, self._guard, own_namespace=bool(self.sandbox))

    def preprocess_cell(self, cell: NotebookNode, resources, index: int):
        self._ensure_guard()
        if not (cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)):
            return super().preprocess_cell(cell, resources, index)
        if not judge.is_exercise_cell(cell.source):
            if self.require_exercise_format:
                gid = cell.metadata.nbgrader.get("grade_id", f"cell {index}")
                v = judge.Verdict("broken", [messages.msg("{question}: this test cell is not in the exercise format, and this "
                                                 "course requires it", question=gid)],
                                  language=getattr(self, "_language", None))
                self._record(resources, gid, v)
                cell.outputs = [NotebookNode(o) for o in v.outputs()]
                return cell, self.resources
            if not TrustedExecute._warned_plain:
                TrustedExecute._warned_plain = True
                self.log.warning("test cells that are not in the exercise format run in the sandboxed kernel, "
                                 "as in plain nbgrader")
            return super().preprocess_cell(cell, resources, index)
        self._check_assign_resources(resources)
        if getattr(self, "_importing", None) is not None:
            judge.import_ahead(self._importing)   # before the first test cell, in this thread
            self._importing = None
        grade_id = cell.metadata.nbgrader.get("grade_id", f"cell {index}")
        timeout = float(self._get_timeout(cell) or 3600)
        cells = self._cells_before(index)
        channel = judge.KernelChannel(self, cells["sources"], time.monotonic() + timeout,
                                      jail=self._jail(), transcript=self._transcript(resources, grade_id),
                                      shipped=self._shipped, labels=cells["labels"], given=cells["given"],
                                      given_labels=cells["given_labels"], facts=self._facts, guard=self._guard,
                                      answers=getattr(self, "_answers", None), held=getattr(self, "_held", None))
        verdict = judge.judge_cell(cell.source, grade_id, channel, self._key(), self.begin_hidden,
                                   self.end_hidden, timeout, getattr(self, "_language", None),
                                   exam=self.exam, self_study=self.self_study,
                                   hidden_folder=self._hidden_folder())
        if verdict.status == "broken":
            self.log.error("%s: %s", grade_id, verdict.detail or "; ".join(verdict.lines))
        self._record(resources, grade_id, verdict)
        if isinstance(resources, dict):   # judged, not run: a pass leaves no output and no execution count
            resources.setdefault(JUDGED, []).append(grade_id)
        cell.outputs = [NotebookNode(o) for o in verdict.outputs()]
        cell.execution_count = None
        return cell, self.resources

    def _record(self, resources, grade_id: str, verdict: judge.Verdict) -> None:
        """The verdict as data, for the grader (``verdicts``)."""
        if not self.verdicts:
            return
        import json
        name = (resources or {}).get("nbgrader", {}).get("notebook", "notebook")
        path = Path(self.verdicts) / f"{name}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"cell": grade_id, **verdict.as_data()}
        if getattr(self, "_facts", None):   # what the judge saw change in the kernel (a flag for the instructor)
            record["process"] = list(self._facts)
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _transcript(self, resources, grade_id: str):
        if not self.transcript:
            return None
        import json
        from ..checks.core import current
        meta = (resources or {}).get("nbgrader", {})
        name = f"{meta.get('student', 'student')}-{meta.get('notebook', 'notebook')}.jsonl"
        path = Path(self.transcript) / name
        path.parent.mkdir(parents=True, exist_ok=True)

        def write(req, reply):
            run = current()
            hidden = bool(run and run.in_hidden_part())
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps({"cell": grade_id, "hidden": hidden, "request": req, "reply": reply}) + "\n")
        return write

    def _jail(self):
        """How the judge runs student strings (shell answers): inside a fresh
        bubblewrap jail that holds only a scratch folder, or plainly without
        the sandbox."""
        if not self.sandbox:
            return None
        from .jail import Jail
        return Jail(parent=self).command


SANITIZE = [
    "nbgrader.preprocessors.ClearOutput",
    "workbook.grading.sanitize.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "workbook.grading.sanitize.CheckCellMetadata",
]
AUTOGRADE = [
    "workbook.grading.execute.TrustedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbconvert.preprocessors.sanitize.SanitizeHTML",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "workbook.grading.sanitize.CheckCellMetadata",
]


#: the source files nbgrader never copies next to a student's notebook (so never into the kernel's sandbox,
#: autograded/ or feedback/), whatever the course's CourseDirectory.ignore says: the translation catalogues
#: (they hold the hidden tests' messages), the exercises' answers and hints (course/exercises.py) and the hidden
#: tests' reference solvers (checks/hiddenmodule.py)
PRIVATE_SOURCE = ("*.po", "*.pot", exercises.FILE, hiddenmodule.FILE)


def enforced_config(ignore: list[str] | tuple[str, ...] = ()):
    """What `workbook autograde` puts in place whatever the course's
    nbgrader_config.py says: the judge and the sandbox in nbgrader's own
    preprocessor lists, and ``ignore`` (the course's CourseDirectory.ignore)
    with PRIVATE_SOURCE added."""
    from traitlets.config import Config
    c = Config()
    configure(c)
    c.CourseDirectory.ignore = [*ignore, *(g for g in PRIVATE_SOURCE if g not in ignore)]
    return c


def configure(c) -> None:
    """Put the judge, the sandbox and safe feedback in a course's
    configuration: in any nbgrader course's nbgrader_config.py,
    ``from workbook.grading.execute import configure; configure(c)``."""
    from .feedback import PREPROCESSORS
    c.Autograde.sanitize_preprocessors = list(SANITIZE)
    c.Autograde.autograde_preprocessors = list(AUTOGRADE)
    c.GenerateFeedback.preprocessors = list(PREPROCESSORS)
    c.SanitizeHTML.enabled = True
