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
        },
    }

The notebook holds the question, the solution, the requirements (its
``@exercise``) and the tests; this file holds the rest. Adding an exercise
means touching these two files. The release leaves this file out
(``c.CourseDirectory.ignore``) and writes the hints to ``hints.json`` in the
edition's language; the tests grade the alternatives and wrong answers with
the real nbgrader; ``workbook mutants`` counts the equivalent mutants apart.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

FILE = "exercises.py"
PARTS = ("hints", "alternatives", "wrong", "equivalent")


class ExercisesError(ValueError):
    """An exercises file that cannot be read: the message names the file and the exercise."""


@dataclass(frozen=True)
class Wrong:
    """A plausible wrong answer; ``violates``: the requirement it breaks (None: not tied to one)."""
    code: str
    violates: str | None = None


@dataclass(frozen=True)
class Exercise:
    grade_id: str
    hints: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    wrong: tuple[Wrong, ...] = ()
    equivalent: dict[str, str] = field(default_factory=dict)   # a mutant's diff -> why it changes nothing


def path(folder: Path) -> Path:
    """The exercises file of the assignment whose source folder is ``folder``."""
    return Path(folder) / FILE


def load(folder: Path) -> dict[str, Exercise]:
    """The exercises of an assignment's folder, in the file's order ({} without a file)."""
    p = path(folder)
    if not p.is_file():
        return {}
    spec = importlib.util.spec_from_file_location(f"_exercises_{Path(folder).name}", p)
    mod = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(mod)
    except Exception as e:
        raise ExercisesError(f"{p}: cannot be read: {type(e).__name__}: {e}") from None
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
        elif isinstance(w, dict) and isinstance(w.get("code"), str) and set(w) <= {"code", "violates"}:
            wrong.append(Wrong(w["code"], w.get("violates")))
        else:
            raise ExercisesError(f"{where}: a wrong answer is a string or {{'violates': ..., 'code': ...}}")
    equivalent = {}
    for e in parts.get("equivalent", []):
        if not (isinstance(e, dict) and set(e) == {"diff", "reason"}):
            raise ExercisesError(f"{where}: an equivalent mutant is {{'diff': ..., 'reason': ...}}")
        equivalent[e["diff"]] = e["reason"]
    return Exercise(gid, tuple(strings["hints"]), tuple(strings["alternatives"]), tuple(wrong), equivalent)


def hints(folder: Path) -> dict[str, list[str]]:
    """grade id -> its hints, for the exercises that have some."""
    return {gid: list(ex.hints) for gid, ex in load(folder).items() if ex.hints}
