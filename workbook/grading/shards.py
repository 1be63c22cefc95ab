"""Shards: one class graded in parts (``workbook autograde --shard I/N --out
FOLDER``) on machines that do not share the gradebook, merged later by the
single writer (``workbook merge``).

A shard's results carry the course, assignment, release, the digest of the
secret that drew their hidden inputs and the digest of each submission they
graded (``ShardManifest``); ``merge_shards`` refuses, naming student, shard
and why, whatever no longer applies, so a stale shard never overwrites a
newer grade, and flags a student whose grade is of an older submission
(``mark_stale``).
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..course.layout import Course, CourseError, write_atomically
from . import gradebook
from .execute import current_secret_digest
from .results import Flag, GraderError, Result, TaskResult
from .runner import STATE_DIR, WRITER, current_submission, read_state, record, state_file


def _shard_of(student: str, n: int) -> int:
    return int(hashlib.sha256(student.encode()).hexdigest(), 16) % n


# ------------------------------------------------------------------ shards
SHARD_FORMAT = 3   # 3: every result records the digest of the secret that drew its hidden inputs
MANIFEST = ".shard.json"


def _task_score(tr: TaskResult) -> tuple[float, float]:
    """A task's score as the gradebook will count it (cells still to be
    graded by a person count 0)."""
    return sum(g.auto_score or 0.0 for g in tr.grades), sum(g.max_score for g in tr.grades)


def _write_json(path: Path, data: dict) -> None:
    write_atomically(path, json.dumps(data))


@dataclass
class ShardManifest:
    """A shard's ``--out`` folder: ``<out>/<assignment>/<student>.json`` per
    graded submission, and ``.shard.json``: which course, assignment, shard
    and release it graded, its students, and whether it finished. Every
    result carries the same, and the digest of the submission it graded, so
    that `workbook merge` can tell a result that no longer applies."""

    folder: Path
    info: dict
    unchanged: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, course: Course, assignment: str, shard: tuple[int, int], students: list[str],
              out: Path) -> "ShardManifest":
        folder = out / assignment
        folder.mkdir(parents=True, exist_ok=True)
        info = {"format": SHARD_FORMAT, "course_id": course.course_id, "assignment": assignment,
                "shard": f"{shard[0]}/{shard[1]}", "release": gradebook.release_checksum(course, assignment),
                "secret": current_secret_digest(course),
                "students": list(students), "unchanged": [], "finished": False, "started": time.time()}
        m = cls(folder, info)
        _write_json(folder / MANIFEST, info)
        return m

    def save(self, tr: TaskResult, sflags: list[Flag], fp: str, digest: str) -> Result:
        """A shard does not write the gradebook: it saves the task's result
        (and files) for `workbook merge`."""
        from .task import files_as_data
        tr = files_as_data(tr)
        out = {k: self.info[k] for k in ("format", "course_id", "assignment", "shard", "release", "secret")}
        out.update({"submission": digest, "graded_at": time.time(), "fingerprint": fp, "result": tr.to_json(),
                    "staging_flags": [f.__dict__ for f in sflags]})
        _write_json(self.folder / f"{tr.student}.json", out)
        score, max_score = _task_score(tr) if tr.ok else (0.0, 0.0)
        return Result(tr.student, tr.assignment, "graded" if tr.ok else "failed", score, max_score,
                      reason=tr.reason, flags=list(sflags) + list(tr.flags), seconds=tr.seconds)

    def finish(self) -> None:
        self.info.update(finished=True, unchanged=list(self.unchanged))
        _write_json(self.folder / MANIFEST, self.info)


@dataclass
class _Candidate:
    path: Path
    data: dict
    digest: str

    @property
    def shard(self) -> str:
        return f"shard {self.data.get('shard', '?')} ({self.path})"


def _load_shard_folder(d: Path, assignment: str, log) -> tuple[dict | None, list[_Candidate], list[Result]]:
    """A shard folder's manifest, its result files, and the files that cannot
    be read (refused, named)."""
    folder = d / assignment
    manifest = None
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except OSError:
        pass
    except ValueError:
        log(f"warning: {folder / MANIFEST} is not valid JSON: ignored")
    cands, bad = [], []
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if p.name.startswith("."):
            continue
        raw = p.read_bytes()
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("result"), dict):
                raise ValueError("no result in it")
        except ValueError as e:
            bad.append(Result(p.stem, assignment, "refused", reason=f"{p}: not a shard result ({e})"))
            continue
        cands.append(_Candidate(p, data, hashlib.sha256(raw).hexdigest()))
    return manifest, cands, bad


STALE = "changed after"   # in the reason of a result refused because the submission changed since


def _why_refused(c: _Candidate, course: Course, assignment: str, student: str, release: str,
                 current, secret: str | None) -> str | None:
    d = c.data
    if d.get("format") != SHARD_FORMAT or "submission" not in d:
        return (f"{c.shard} was written by another version of workbook, without the fingerprints of the "
                "submission and the secret it graded with: grade that shard again")
    if d.get("course_id") != course.course_id:
        return f"{c.shard} belongs to course {d.get('course_id')!r}, not {course.course_id!r}"
    if d.get("assignment") != assignment or d["result"].get("assignment") != assignment:
        return f"{c.shard} is a result of {d.get('assignment')!r}, not {assignment!r}"
    if d["result"].get("student") != student:
        return f"{c.shard} is a result of student {d['result'].get('student')!r}, not {student!r}"
    if d.get("release") != release:
        return (f"{c.shard} was graded against another release of {assignment} (it was released or "
                "registered again since): grade that shard again")
    if d.get("secret") != secret:
        return (f"{c.shard} drew its hidden inputs from another copy of the course's secret than "
                f"{course.root}/.workbook/secret (a pod with a secret of its own?): its hidden tests were not "
                "this course's; give every shard the course's secret and grade that shard again")
    if d.get("submission") != current():
        return (f"{student}'s submission {STALE} {c.shard} graded it (a resubmission?): grade it again "
                f"(`workbook autograde {assignment} --student {student}`)")
    return None


def merge_shards(root, assignment: str, shard_dirs: list[Path], log=print,
                 course: Course | None = None) -> list[Result]:
    """`workbook merge`: the results that shards saved, into the gradebook
    (the single writer), in the students' order. A result is merged only if
    it belongs to this course, assignment and release and the submission it
    graded is still the one in submitted/; otherwise that student is listed
    as "refused", with why. Raises GraderError when there is nothing to merge
    (no folder, a missing or empty one, another assignment's)."""
    try:
        course = course or Course.load(root)
    except CourseError as e:
        raise GraderError(str(e)) from None
    if not shard_dirs:
        raise GraderError("nothing to merge: name the --out folders of the shards")
    folders: list[Path] = []
    for d in map(Path, shard_dirs):
        if not d.is_dir():
            raise GraderError(f"{d}: {'not a folder' if d.exists() else 'no such folder'} (nothing was merged)")
        if d.resolve() in {f.resolve() for f in folders}:
            log(f"notice: {d} was given more than once: merged once")
            continue
        folders.append(d)
    try:
        gradebook.ensure_registered(course, assignment, course.root / STATE_DIR, log=log)
    except gradebook.GradebookError as e:
        raise GraderError(str(e)) from None
    by_student: dict[str, list[_Candidate]] = {}
    refused: dict[str, Result] = {}
    manifests: list[tuple[Path, dict]] = []
    for d in folders:
        manifest, cands, bad = _load_shard_folder(d, assignment, log)
        if manifest is None and not cands and not bad:
            others = sorted(p.name for p in d.iterdir() if p.is_dir() and any(p.glob("*.json")))
            hint = (f"it holds results of {', '.join(others)}: the folder of another assignment?" if others else
                    "it is empty: is it the --out folder of a shard that ran?")
            raise GraderError(f"{d} holds no results of {assignment} ({hint}); nothing was merged")
        if manifest is not None:
            manifests.append((d, manifest))
        for r in bad:
            refused.setdefault(r.student, r)
        for c in cands:
            same = [o for o in by_student.get(c.path.stem, []) if o.digest == c.digest]
            if same:
                log(f"notice: {c.path} is the same result as {same[0].path}: merged once")
                continue
            by_student.setdefault(c.path.stem, []).append(c)

    release = gradebook.release_checksum(course, assignment)
    secret = current_secret_digest(course)
    out: dict[str, Result] = {}
    already = 0
    for student in sorted(by_student):
        memo: list[str] = []

        def current(student=student, memo=memo) -> str:
            if not memo:
                memo.append(current_submission(course, assignment, student))
            return memo[0]

        judged = [(c, _why_refused(c, course, assignment, student, release, current, secret))
                  for c in by_student[student]]
        good = sorted((c for c, why in judged if why is None), key=lambda c: c.data.get("graded_at", 0))
        if not good:
            out[student] = Result(student, assignment, "refused", reason="; ".join(why for _, why in judged))
            if any(STALE in why for _, why in judged):
                with WRITER:
                    mark_stale(course, assignment, student, out[student].reason)
            continue
        pick = good[-1]
        for c, why in judged:
            if c is not pick:
                log(f"notice: {student}: {why or c.shard + ' is older'}; the result of {pick.shard} is merged")
        state = read_state(course, assignment, student) or {}
        if state.get("merged_from") == pick.digest and _merged_still(course, assignment, student, state):
            already += 1
            # the same status as when it was merged: a submission that failed fails again (exit 1 on every rerun)
            failed = state.get("status") == "failed"
            out[student] = Result(student, assignment, "failed" if failed else "unchanged", state.get("score", 0.0),
                                  state.get("max_score", 0.0),
                                  reason=state.get("reason", "") if failed else f"already merged from {pick.shard}",
                                  flags=[Flag.of(f) for f in state.get("flags", []) if isinstance(f, dict)])
            continue
        tr = TaskResult.from_json(pick.data["result"])
        sflags = [Flag.of(f) for f in pick.data.get("staging_flags", [])]
        out[student] = record(course, tr, sflags, pick.data.get("fingerprint"),
                              extra={"merged_from": pick.digest, "shard": pick.data.get("shard"),
                                     "submission": pick.data.get("submission")})
    for student, r in refused.items():
        out.setdefault(student, r)
    for d, m in manifests:
        missing = [s for s in m.get("students", []) if s not in out]
        for s in missing:
            if s in m.get("unchanged", []):
                st = read_state(course, assignment, s) or {}
                out[s] = Result(s, assignment, "unchanged", st.get("score", 0.0), st.get("max_score", 0.0),
                                reason=f"unchanged since it was graded (shard {m.get('shard')})")
            elif not m.get("finished"):
                out[s] = Result(s, assignment, "refused",
                                reason=f"shard {m.get('shard')} ({d}) did not finish: no result for this student, "
                                       "grade that shard again")
    if already:
        log(f"notice: {already} result(s) were already merged: nothing changed for them")
    return [out[s] for s in sorted(out)]


def mark_stale(course: Course, assignment: str, student: str, why: str) -> None:
    """A student whose gradebook grade is for an older submission than the
    one in submitted/ (a shard's result refused as stale): their notebooks
    are flagged in the gradebook (the formgrader shows it) and their state
    says so, which the report shows, until they are graded again."""
    if not gradebook.flag_submission(course, assignment, student):
        return   # no grade in the gradebook: nothing stands for the new submission
    state = read_state(course, assignment, student) or {"student": student, "assignment": assignment,
                                                       "status": "graded", "fingerprint": ""}
    flag = Flag("stale", "needs a regrade: the grade is of an earlier submission (" + why + ")")
    state["flags"] = [f for f in state.get("flags", []) if not (isinstance(f, dict) and f.get("kind") == "stale")]
    state["flags"].append(flag.__dict__)
    state["needs_regrade"] = flag.reason
    sf = state_file(course, assignment, student)
    sf.parent.mkdir(parents=True, exist_ok=True)
    _write_json(sf, state)


def _merged_still(course: Course, assignment: str, student: str, state: dict) -> bool:
    if state.get("status") != "graded":
        return state.get("status") == "failed"
    try:
        gradebook.scores(course, assignment, student)
    except gradebook.GradebookError:
        raise
    except Exception:
        return False
    return course.path("autograded", student, assignment).is_dir()
