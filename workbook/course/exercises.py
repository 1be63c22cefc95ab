"""An exercise's parts, in one file next to its notebook.

``source/<assignment>/exercises.py`` defines ``EXERCISES``, keyed by the grade
id of each exercise's answer cell, and holds everything about an exercise that
is not in the notebook, side by side::

    EXERCISES = {
        "q4_top_ips": {
            "hints": ["first nudge", "more specific", "almost there"],
            "alternatives": ["q4_top_ips = r'...'"],          # correct, written differently
            "wrong": [{"violates": "top-3", "code": "..."}],  # each breaks one requirement
            "equivalent": [{"diff": "- ...\\n+ ...", "reason": "why it changes nothing asked"}],
            "observed": {"name": "`top_ips`", "forging": "why forging it costs at least as much as solving"},
            "domain": {"data": {"stated": "server", "cases": ["top-clients-distinct"]}},
        },
    }

A wrong answer may also say which test cells it loses, exactly (``"loses":
[test grade ids]``): an exercise whose points are split over several test
cells (10_coding_test's groups) then proves that a mistake costs the cells
that test it and no other. Without ``loses`` a wrong answer must lose at
least one cell of its exercise and none of another's. An ``editorial``
(markdown, 10_coding_test) explains the solution's idea; ``solution()``
shows it after the solution, in the notebook's language. A ``review``
(10_coding_test) says what the problem was once the test is over: ``{"title":
..., "what": the technique, "tags": [백준's tags], "practice": {platform:
problems of the same kind}}``; the file's ``REVIEW_NOTES`` (markdown) says
what the test as a whole left out. The release writes both to
``.review.json`` in the edition's language, and ``review()`` shows them,
never during an exam (workbook/student/review.py).

The notebook holds the question, the solution, the requirements (its
``@exercise``) and the tests; this file holds the rest. A coding test
(10_coding_test) is the exception: a real test shows its examples only, so
its test cells name no requirement and no hint, and each exercise's
``requirements`` part here says what its question asks (``{key: text}``,
never released). Adding an exercise
means touching these two files. The release leaves this file out
(``c.CourseDirectory.ignore``) and writes the hints to ``.hints.json`` in the
edition's language; the tests grade the alternatives and wrong answers with
the real nbgrader; ``workbook mutants`` counts the equivalent mutants apart.

An exercise whose verdict rests on an observation from the student's
process says so once, in its test cell: ``@exercise(..., observes="what
the kernel reports")`` (the judge then scores it 0 when it sees the process
change what it observes with). Its ``observed`` part here adds what only the
docs need: the name the table shows and why forging the report costs at
least as much as solving. ``observed(root)`` reads both, with the test
cells' points, and refuses an exercise that has one without the other;
``observed_table`` is docs/trust.md's table, and the figure README.md and
docs/trust.md give is their sum (tests/test_exercises.py checks both docs).

``domain`` declares the inputs the question allows (workbook/checks/domain.py:
argument specs the judge draws hidden inputs from, the boundary inputs, and
the generator cases of generated data); every autograded exercise has one
(tests/test_stated_cases.py).
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

FILE = "exercises.py"
PARTS = ("requirements", "hints", "alternatives", "wrong", "equivalent", "observed", "editorial", "domain",
         "review")
REVIEW_KEYS = ("title", "what", "tags", "practice")
OBSERVED_KEYS = ("name", "forging")


class ExercisesError(ValueError):
    """An exercises file that cannot be read: the message names the file and the exercise."""


@dataclass(frozen=True)
class Wrong:
    """A plausible wrong answer; ``violates``: the requirement it breaks (None: not tied to one);
    ``loses``: the test cells it fails, exactly (None: at least one of its exercise's); ``shows``: a part of
    the English message or hint its failure must show (None: not checked)."""
    code: str
    violates: str | None = None
    loses: tuple[str, ...] | None = None
    shows: str | None = None


@dataclass(frozen=True)
class Review:
    """What a problem was, for after the test: its ``title``, the technique it needed (``what``), 백준's
    ``tags`` for it (solved.ac's, the same in every edition) and ``practice``: (platform, problems of the same
    kind) pairs. Everything but the tags is translated."""
    title: str
    what: str
    tags: tuple[str, ...]
    practice: tuple[tuple[str, str], ...]

    def texts(self) -> list[str]:
        """The texts a translator translates, in order."""
        return [self.title, self.what, *(problems for _, problems in self.practice)]

    def translated(self, gettext) -> "Review":
        """This review with its texts through ``gettext`` (the tags and the platforms' names stay)."""
        return Review(gettext(self.title), gettext(self.what), self.tags,
                      tuple((platform, gettext(problems)) for platform, problems in self.practice))

    def as_data(self) -> dict:
        """As the release writes it (review.json)."""
        return {"title": self.title, "what": self.what, "tags": list(self.tags),
                "practice": [list(p) for p in self.practice]}

    @classmethod
    def from_data(cls, data: dict) -> "Review":
        """A review as ``as_data`` wrote it (ValueError when it is not)."""
        try:
            review = cls(data["title"], data["what"], tuple(data["tags"]),
                         tuple((platform, problems) for platform, problems in data["practice"]))
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"not a review: {e}") from None
        if not all(isinstance(t, str) for t in (review.title, review.what, *review.tags,
                                                 *(x for p in review.practice for x in p))):
            raise ValueError("not a review: its texts are strings")
        return review


@dataclass(frozen=True)
class Exercise:
    grade_id: str
    hints: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    wrong: tuple[Wrong, ...] = ()
    equivalent: dict[str, str] = field(default_factory=dict)   # a mutant's diff -> why it changes nothing
    observed: dict[str, str] | None = None   # OBSERVED_KEYS: its verdict rests on an observation of the process
    editorial: str = ""
    domain: dict | None = None   # the inputs the question allows (workbook/checks/domain.py)
    review: Review | None = None   # what the problem was, shown after the test (10_coding_test)
    requirements: dict[str, str] = field(default_factory=dict)   # key -> what the question asks (10_coding_test)


def path(folder: Path) -> Path:
    """The exercises file of the assignment whose source folder is ``folder``."""
    return Path(folder) / FILE


def _module(folder: Path):
    """The exercises file of ``folder``, run (None without a file)."""
    p = path(folder)
    if not p.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"_exercises_{Path(folder).name}", p)
    mod = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(mod)
    except Exception as e:
        raise ExercisesError(f"{p}: cannot be read: {type(e).__name__}: {e}") from None
    return mod


def load(folder: Path) -> dict[str, Exercise]:
    """The exercises of an assignment's folder, in the file's order ({} without a file)."""
    p, mod = path(folder), _module(folder)
    if mod is None:
        return {}
    data = getattr(mod, "EXERCISES", None)
    if not isinstance(data, dict):
        raise ExercisesError(f"{p}: defines no EXERCISES dict")
    return {gid: _exercise(p, gid, parts) for gid, parts in data.items()}


def _exercise(p: Path, gid: str, parts) -> Exercise:
    where = f"{p}: exercise {gid!r}"
    if not isinstance(parts, dict):
        raise ExercisesError(f"{where}: its parts should be a dict")
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise ExercisesError(f"{where}: unknown part {', '.join(unknown)} (the parts: {', '.join(PARTS)})")
    strings = {k: list(parts.get(k, [])) for k in ("hints", "alternatives")}
    for k, items in strings.items():
        if not all(isinstance(s, str) for s in items):
            raise ExercisesError(f"{where}: every item of {k!r} should be a string")
    wrong = []
    for w in parts.get("wrong", []):
        if isinstance(w, str):
            wrong.append(Wrong(w))
        elif isinstance(w, dict) and isinstance(w.get("code"), str) and set(w) <= {"code", "violates", "loses", "shows"}:
            loses = w.get("loses")
            if loses is not None and not (isinstance(loses, (list, tuple)) and loses
                                          and all(isinstance(t, str) for t in loses)):
                raise ExercisesError(f"{where}: a wrong answer's 'loses' is a non-empty list of test cell grade ids")
            if not isinstance(w.get("shows", ""), str):
                raise ExercisesError(f"{where}: a wrong answer's 'shows' is a part of the message it reads (a str)")
            wrong.append(Wrong(w["code"], w.get("violates"), tuple(loses) if loses is not None else None,
                               w.get("shows")))
        else:
            raise ExercisesError(f"{where}: a wrong answer is a string or {{'violates': ..., 'code': ...}} "
                                 "(and optionally 'loses': [test cell grade ids], 'shows': a part of its message)")
    equivalent = {}
    for e in parts.get("equivalent", []):
        if not (isinstance(e, dict) and set(e) == {"diff", "reason"}):
            raise ExercisesError(f"{where}: an equivalent mutant is {{'diff': ..., 'reason': ...}}")
        equivalent[e["diff"]] = e["reason"]
    observed = parts.get("observed")
    if observed is not None and not (isinstance(observed, dict) and set(observed) == set(OBSERVED_KEYS)
                                     and all(isinstance(v, str) and v for v in observed.values())):
        raise ExercisesError(f"{where}: 'observed' is {{'name': ..., 'forging': ...}} (text; what the kernel "
                             "reports is the test cell's @exercise(observes=...))")
    editorial = parts.get("editorial", "")
    if not isinstance(editorial, str):
        raise ExercisesError(f"{where}: its editorial should be a string (markdown)")
    domain = parts.get("domain")
    if domain is not None:
        from ..checks.domain import DomainError, validate
        try:
            validate(domain, where)
        except DomainError as e:
            raise ExercisesError(str(e)) from None
    requirements = parts.get("requirements", {})
    if not (isinstance(requirements, dict) and all(isinstance(k, str) and k and isinstance(v, str) and v.strip()
                                                   for k, v in requirements.items())):
        raise ExercisesError(f"{where}: 'requirements' is {{key: what the question asks}} (text)")
    return Exercise(gid, tuple(strings["hints"]), tuple(strings["alternatives"]), tuple(wrong), equivalent,
                    dict(observed) if observed else None, editorial.strip(), domain,
                    _review(where, parts["review"]) if "review" in parts else None, dict(requirements))


def _review(where: str, r) -> Review:
    def text(v) -> bool:
        return isinstance(v, str) and bool(v.strip())
    if not (isinstance(r, dict) and set(r) == set(REVIEW_KEYS) and text(r["title"]) and text(r["what"])
            and isinstance(r["tags"], (list, tuple)) and all(text(t) for t in r["tags"])
            and isinstance(r["practice"], dict) and r["practice"]
            and all(text(k) and text(v) for k, v in r["practice"].items())):
        raise ExercisesError(f"{where}: 'review' is {{'title': text, 'what': text, 'tags': [text], 'practice': "
                             "{platform: text}}")
    return Review(r["title"].strip(), r["what"].strip(), tuple(r["tags"]),
                  tuple((k, v.strip()) for k, v in r["practice"].items()))


def reviews(folder: Path) -> dict[str, Review]:
    """grade id -> its review, for the exercises that have one."""
    return {gid: ex.review for gid, ex in load(folder).items() if ex.review is not None}


def review_notes(folder: Path) -> str:
    """The exercises file's ``REVIEW_NOTES``: what the test as a whole left out (markdown; "" without)."""
    notes = getattr(_module(folder), "REVIEW_NOTES", "")
    if not isinstance(notes, str):
        raise ExercisesError(f"{path(folder)}: REVIEW_NOTES should be a string (markdown)")
    return notes.strip()


def hints(folder: Path) -> dict[str, list[str]]:
    """grade id -> its hints, for the exercises that have some."""
    return {gid: list(ex.hints) for gid, ex in load(folder).items() if ex.hints}


@dataclass(frozen=True)
class Observed:
    """An exercise whose verdict rests on an observation from the student's
    process, with the points of its test cell."""
    assignment: str
    grade_id: str
    points: float
    name: str
    reports: str
    forging: str

    @property
    def label(self) -> str:
        return f"{self.assignment[:2]} {self.grade_id.split('_', 1)[0]} {self.name}"


def observes(cells) -> dict[str, str]:
    """test grade id -> the ``observes=`` text of its ``@exercise``, for the
    test cells among ``cells`` that declare one (read from the cell's syntax,
    never run: the instructor's own source)."""
    import ast

    from . import nb as nbm
    out = {}
    for c in cells:
        if nbm.kind(c) != "tests":
            continue
        try:
            tree = ast.parse(c.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "exercise":
                for k in node.keywords:
                    if k.arg == "observes" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str):
                        out[nbm.meta(c)["grade_id"]] = k.value.value
    return out


def observed(root: Path) -> list[Observed]:
    """Every exercise of the course with a test cell that declares
    ``@exercise(observes=...)``, in the course's order, with the points of
    those cells (an exercise whose points are split over several test cells
    counts only the ones that observe) and its ``observed`` part (name,
    forging): the one place docs/trust.md's table and the figure of
    README.md and docs/trust.md come from. An exercise with one and not the
    other is an authoring error."""
    from . import layout
    from . import nb as nbm
    out = []
    for a in layout.assignments(root):
        declared = {gid: ex for gid, ex in load(Path(root) / "source" / a).items() if ex.observed}
        notebooks = [nbm.read(p) for p in layout.notebooks(root, a)]
        cells = [c for nb in notebooks for c in nb.cells]
        reports = observes(cells)
        points = {nbm.meta(c)["grade_id"]: float(nbm.meta(c).get("points", 0)) for c in cells if nbm.kind(c) == "tests"}
        tests = {e.grade_id: [t for t in e.test_ids if t in reports] for nb in notebooks for e in nbm.exercises(nb)}
        owner = {t: gid for gid, ts in tests.items() for t in ts}
        for gid in sorted(g for g in declared if not tests.get(g)):
            raise ExercisesError(f"{path(Path(root) / 'source' / a)}: exercise {gid!r} declares 'observed' but none "
                                 f"of its test cells has @exercise(..., observes=...)")
        for test in sorted(t for t in reports if owner.get(t) not in declared):
            raise ExercisesError(f"{a}: {test} says @exercise(observes=...) but {path(Path(root) / 'source' / a)} "
                                 f"has no 'observed' part for its exercise {owner.get(test, test[len('test_'):])!r} "
                                 "(its name and why forging costs at least as much as solving)")
        for gid, ex in declared.items():
            said = list(dict.fromkeys(reports[t] for t in tests[gid]))
            out.append(Observed(a, gid, sum(points[t] for t in tests[gid]), ex.observed["name"], "; ".join(said),
                                ex.observed["forging"]))
    return out


def observed_table(rows: list[Observed]) -> str:
    """docs/trust.md's table of ``rows`` (markdown)."""
    lines = ["| Exercise | Points | What the kernel reports that the judge cannot recompute | "
             "Why forging costs at least as much as solving |", "|---|---|---|---|"]
    lines += [f"| {r.label} | {r.points:g} | {r.reports} | {r.forging} |" for r in rows]
    return "\n".join(lines)


def editorials(folder: Path) -> dict[str, str]:
    """grade id -> its editorial (markdown), for the exercises that have one."""
    return {gid: ex.editorial for gid, ex in load(folder).items() if ex.editorial}
