"""The `workbook` command line."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .course import layout as course


def _root(args) -> Path:
    return course.course_root(getattr(args, "root", None))


def _course(args):
    """The course, with any ``--Class.trait=value`` options layered on top of
    its nbgrader_config.py."""
    return course.Course.load(getattr(args, "root", None), getattr(args, "traitlets", []))


def cmd_release(args) -> int:
    from .authoring import release
    try:
        release.release(_root(args), args.assignment or None, language=args.lang)
    except (release.ReleaseError, course.NbgraderFailed) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_secret(args) -> int:
    from .grading.execute import create_secret
    from .grading.execute import secret_file
    path = secret_file(_course(args))
    made = create_secret(path)
    print(f"{'made' if made else 'kept'} {path}" + (" (mode 0600: keep it, back it up, never release it)" if made
                                                     else " (it exists; a course keeps one secret)"))
    return 0


def cmd_catalog(args) -> int:
    import json as _json
    from . import i18n
    from .authoring import catalog
    root = _root(args)
    if args.action == "glossary":   # docs/glossary.md from the glossary's data (workbook/locale/ko/glossary.toml)
        from .authoring import korean
        (root / korean.DOC).write_text(korean.glossary_markdown(), encoding="utf-8")
        print(f"wrote {korean.DOC} from {korean.GLOSSARY.relative_to(Path(i18n.__file__).parent.parent)}")
        return 0
    langs = [args.lang] if args.lang else [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]
    names = [n for n in (args.domain or [])]
    known = {d.name: d for d in catalog.domains(root)}
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"error: no such catalogue: {', '.join(unknown)} (assignments of source/, or {i18n.DOMAIN})",
              file=sys.stderr)
        return 2
    chosen = [known[n] for n in names] or list(known.values())
    if args.action == "update":
        for d in chosen:
            for lang, st in catalog.update(d, langs).items():
                print(f"{d.name} [{lang}]: {st['entries']} entries, {st['translated']} translated, "
                      f"{len(st['fuzzy'])} fuzzy, {len(st['untranslated'])} untranslated")
        return 0
    if args.action == "status":
        for d in chosen:
            for lang in langs:
                st = catalog.status(d, lang)
                print(f"{d.name} [{lang}]: {st['entries']} entries, {st['translated']} translated "
                      f"({st['words']} English words), {len(st['fuzzy'])} fuzzy, {len(st['untranslated'])} untranslated")
        return 0
    if args.action == "todo":
        items = [dict(item, domain=d.name) for d in chosen for lang in langs for item in catalog.todo(d, lang)]
        print(_json.dumps(items, ensure_ascii=False, indent=1))
        return 0
    if args.action == "fill":
        if len(chosen) != 1 or not names or not args.file:
            print("error: fill takes one catalogue and --file FILE.json ({msgid: translation})", file=sys.stderr)
            return 2
        try:
            data = _json.loads(Path(args.file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"error: {args.file}: {e}", file=sys.stderr)
            return 2
        if isinstance(data, list):
            data = {d["msgid"]: d["msgstr"] for d in data}
        done, refused = catalog.fill(chosen[0], langs[0], data, args.context)
        for r in refused:
            print(f"refused: {r}")
        print(f"{chosen[0].name} [{langs[0]}]: {done} translations written, {len(refused)} refused")
        return 1 if refused else 0
    problems = [p for d in chosen for lang in langs for p in catalog.check(d, lang)]
    for p in problems:
        print(p)
    print(f"{len(chosen)} catalogues checked, {len(problems)} problems")
    return 1 if problems else 0


def _notebook_paths(args, root: Path) -> list[Path]:
    """The notebooks named on the command line, or every source notebook."""
    return [Path(p) for p in args.notebooks] or [p for a in course.assignments(root)
                                                 for p in course.notebooks(root, a)]


def cmd_lint(args) -> int:
    from .authoring import lint
    root = _root(args)
    paths = _notebook_paths(args, root)
    problems = []
    for p in paths:
        problems += lint.lint_notebook(p)
    for msg in problems:
        print(msg)
    print(f"{len(paths)} notebooks checked, {len(problems)} problems")
    return 1 if problems else 0


def cmd_fmt(args) -> int:
    from .course import nb as nbm
    root = _root(args)
    paths = _notebook_paths(args, root)
    changed = 0
    for p in paths:
        try:
            nb = nbm.read(p)
        except nbm.NotebookError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        new = nbm.dumps(nbm.normalise(nb))
        if new != p.read_text(encoding="utf-8"):
            if args.check:
                print(f"would reformat {p}")
            else:
                p.write_text(new, encoding="utf-8")
                print(f"reformatted {p}")
            changed += 1
    print(f"{len(paths)} notebooks, {changed} {'to reformat' if args.check else 'reformatted'}")
    return 1 if (args.check and changed) else 0


def _shard(text: str) -> tuple[int, int]:
    """``--shard I/N``: argparse's type, so that a bad value is a usage error (exit 2) like any other."""
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes I/N (for example 0/4), not {text!r}") from None
    if not (n >= 1 and 0 <= i < n):
        raise argparse.ArgumentTypeError(f"{text}: N must be 1 or more and I between 0 and N-1 (shards are "
                                         "numbered from 0, as JOB_COMPLETION_INDEX and SLURM_ARRAY_TASK_ID are)")
    return i, n


def _positive(kind):
    """argparse's type for a count or a number of seconds that must be above 0."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
        return value
    parse.__name__ = kind.__name__
    return parse


def _size(text: str) -> str:
    from .grading.sandbox import parse_size
    try:
        if parse_size(text) <= 0:
            raise ValueError(f"not a memory size above 0: {text!r}")
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return text


# Exit codes of `workbook autograde` and `workbook merge` (their --help and docs/jupyterhub.md say the same).
EXIT_OK = 0           # every submission graded (or merged, or unchanged)
EXIT_SUBMISSIONS = 1  # the run went through, but some submissions failed or were refused: each is named
EXIT_RUN = 2          # the run itself failed: bad usage, a crash, the gradebook or the Dask scheduler unreachable
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT); SIGTERM 143, SIGHUP 129: 128 + the signal, as a shell reports it

EXIT_CODES = """exit codes:
  0    every submission was graded{merged}
  1    the run went through, but some submissions {failed}: each is named in the table
  2    the run itself failed (bad options, {nothing}the gradebook or the Dask scheduler
       could not be reached, a crash): nothing more was {done}
  130  interrupted (Ctrl-C): what was {done} so far is kept; run the same command again
  143  terminated (SIGTERM; 129: SIGHUP), the same"""


def cmd_autograde(args) -> int:
    from .grading import engines
    from .grading import runner as grader
    from .grading import sandbox
    from .ui import console, results_table
    shard = args.shard
    if shard and not args.out:
        print("error: --shard needs --out FOLDER (where this shard saves its results for `workbook merge`)",
              file=sys.stderr)
        return EXIT_RUN
    if args.out and not shard:
        print("error: --out FOLDER needs --shard I/N (it is where a shard saves its results for `workbook merge`); "
              "without --shard, autograde writes the gradebook itself: leave --out out", file=sys.stderr)
        return EXIT_RUN
    if len(args.assignment) > 1 and shard:
        print("error: --shard grades one assignment: run one array job per assignment", file=sys.stderr)
        return EXIT_RUN
    every = []
    try:
        security = engines.scheduler_security(args.tls_ca, args.tls_cert, args.tls_key)
    except grader.GraderError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_RUN
    kwargs = dict(course=_course(args), jobs=args.jobs, students=args.student or None,
                  force=args.force, timeout=args.timeout, sandbox=False if args.no_sandbox else None,
                  memory=args.memory, cell_timeout=args.cell_timeout, scheduler=args.scheduler, shard=shard,
                  shard_dir=Path(args.out) if args.out else None, reference=not args.no_reference,
                  extra_args=args.traitlets,
                  scheduler_security=security,
                  insecure_scheduler=args.insecure_scheduler, worker_timeout=args.worker_timeout,
                  log=lambda m: print(m, file=sys.stderr if m.startswith(("WARNING", "warning")) else sys.stdout,
                                      flush=True))

    def runs():
        if args.scheduler is None and len(args.assignment) > 1:
            # several assignments share local workers (their start-up is paid once) and overlap: a worker
            # that would idle at the end of one starts on the next
            with grader.WorkerPool(max(1, args.jobs or os.cpu_count() or 1)) as pool:
                yield from grader.autograde_in_turn(None, args.assignment, pool, **kwargs)
            return
        for assignment in args.assignment:
            try:
                yield assignment, grader.autograde(None, assignment, **kwargs)
            except grader.GraderError as e:
                yield assignment, e
                return

    import contextlib
    with contextlib.closing(runs()) as each:   # an early return stops the runs still going and the pool
        for assignment, results in each:
            if isinstance(results, grader.GraderError):
                print(f"error: {assignment}: {results}" if len(args.assignment) > 1 else f"error: {results}",
                      file=sys.stderr)
                return EXIT_RUN
            console.print(results_table(results, f"autograde {assignment}"))
            every += results
    print(sandbox.describe() if not args.no_sandbox else "sandbox: off (--no-sandbox)")
    return _submissions_code(every)


def _submissions_code(results) -> int:
    bad = [r for r in results if r.status in ("failed", "refused")]
    for r in bad:
        print(f"{r.status}: {r.student}: {r.reason}", file=sys.stderr)
    return EXIT_SUBMISSIONS if bad else EXIT_OK


def cmd_merge(args) -> int:
    from .grading import runner as grader
    from .ui import console, results_table
    try:
        from .grading import shards
        results = shards.merge_shards(None, args.assignment, [Path(d) for d in args.shards], course=_course(args),
                                      log=lambda m: print(m, flush=True))
    except grader.GraderError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_RUN
    console.print(results_table(results, f"merge {args.assignment}"))
    return _submissions_code(results)


def _run_failed(args, e: BaseException) -> int:
    """What `autograde` and `merge` print when the run itself fails: one
    line for what is known (an unreachable gradebook, Ctrl-C), the traceback
    only for a crash nobody expected."""
    import errno
    import signal

    from .grading.engines import SIGNALLED
    from .grading.gradebook import GradebookError
    if isinstance(e, KeyboardInterrupt):
        done = {"merge": "merged", "autograde": "graded"}.get(args.command)
        signum = SIGNALLED.get("signal", signal.SIGINT)
        what = "interrupted (Ctrl-C)" if signum == signal.SIGINT else f"terminated ({signal.Signals(signum).name})"
        print(f"\n{what}" + (f": what was already {done} is kept; run the same command again to finish" if done
                             else ""), file=sys.stderr)
        return 128 + signum
    if isinstance(e, GradebookError):
        print(f"error: {e}", file=sys.stderr)
        return EXIT_RUN
    if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
        written = e.filename2 or e.filename   # a copy (sendfile) names its source first, the file written second
        where = f" writing {written}" if written else ""
        print(f"error: no space left on the device{where} ({e.strerror}): nothing half-written was kept; free "
              "some space and run the same command again", file=sys.stderr)
        return EXIT_RUN
    import traceback
    traceback.print_exception(e)
    print(f"error: workbook {args.command} crashed ({type(e).__name__}: {e}); the traceback is above",
          file=sys.stderr)
    return EXIT_RUN


def cmd_feedback(args) -> int:
    from .grading import feedback
    try:
        n = feedback.generate(_root(args), args.assignment, students=args.student or None)
    except (feedback.LeakError, course.NbgraderFailed) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{n} feedback files in feedback/*/{args.assignment}/ (hidden tests removed)")
    return 0


def cmd_report(args) -> int:
    from .grading import report
    root = _root(args)
    try:
        rep = report.build(root, args.assignment)
    except course.NbgraderFailed as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    report.print_report(rep, root)
    return 0


def cmd_flags(args) -> int:
    """`workbook flags clear ASSIGNMENT STUDENT...`: clear a submission's
    flags after review (recorded: a rerun of the same submission does not
    raise them again)."""
    from .grading import flags
    c = course.Course.load(_root(args))
    code = 0
    for student in args.student:
        try:
            reasons = flags.clear(c, args.assignment, student)
        except LookupError as e:
            print(f"error: {e}", file=sys.stderr)
            code = 1
            continue
        print(f"{student}: {len(reasons)} flag(s) cleared" + "".join(f"\n    - {r}" for r in reasons))
    return code


def cmd_demo(args) -> int:
    from .authoring import demo
    from .grading.runner import GraderError
    try:
        summary = demo.run(_root(args), jobs=args.jobs)
    except GraderError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    bad = []
    for (s, a), v in summary.items():
        if s == "demo_full" and (v is None or v[0] != v[1]):
            bad.append(f"{a}: the solution student did not get full marks ({v})")
        if s == "demo_blank" and (v is None or v[0] != 0):
            bad.append(f"{a}: the untouched release scored {v}")
    for b in bad:
        print(f"error: {b}", file=sys.stderr)
    return 1 if bad else 0


def cmd_mutants(args) -> int:
    import json

    from .authoring import mutants
    root = _root(args)
    names = args.assignment or course.assignments(root)
    reports, bad = [], 0
    for a in names:
        rep = mutants.run(root, a, exercises=args.exercise or None, timeout=args.timeout,
                          jobs=args.jobs or os.cpu_count() or 1, log=lambda m: None if args.quiet else print(m))
        reports.append(mutants.to_json(rep))
        for ex, d in rep.by_exercise().items():
            print(f"{a} {ex}: {d['mutants']} mutants, {d['killed']} killed, {d.get('survived', 0)} survived, "
                  f"{d.get('equivalent', 0)} equivalent")
        for m in rep.survivors:
            breaks = f" breaks {m.breaks!r}" if m.breaks else ""
            print(f"SURVIVED {a} {m.exercise} [{m.operator}]{breaks}\n"
                  + "\n".join("    " + line for line in m.diff.splitlines()))
        for p in rep.problems:
            print(f"PROBLEM {a}: {p}")
        print(f"{a}: mutation score {100 * rep.score:.1f}% of {len(rep.mutants)} mutants in {rep.seconds:.0f} s")
        bad += len(rep.survivors) + len(rep.problems)
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=1, ensure_ascii=False))
    return 1 if bad else 0


def cmd_nb2txt(args) -> int:
    from .authoring import textform
    from .course import nb as nbm
    sys.stdout.write(textform.nb_to_txt(nbm.read(args.notebook)))
    return 0


def cmd_txt2nb(args) -> int:
    from .authoring import textform
    textform.convert_txt(Path(args.text), Path(args.notebook))
    print(f"wrote {args.notebook}")
    return 0


def _exam_refusal(question: str | None = None, assignment: str | None = None) -> str | None:
    """During an exam of the workspace (``workbook exam``), why a hint or a
    solution of ``question`` is not given, else None."""
    from .student import exam
    found = exam.blocking(question=question, assignment=assignment)
    return exam.refusal(found) if found is not None else None


def cmd_hint(args) -> int:
    """The hints of a question, in the language of the notebooks beside them."""
    from . import i18n
    from .messages import msg, render
    from .student import hints
    with i18n.using(i18n.command_language()):
        try:
            h = hints.find(args.question, args.assignment)
        except hints.HintError as e:
            print(_exam_refusal() or e)
            return 1
        refused = _exam_refusal(h.question, h.assignment)
        if refused:
            print(refused)
            return 1
    with i18n.using(i18n.folder_language(h.path.parent)):
        n = len(h.hints) if args.all else max(1, min(args.level, len(h.hints)))
        print(render(msg("Hints for {question} ({assignment})", question=h.question, assignment=h.assignment))
              + "\n" + hints.render(h, n, markdown=False, more=msg("run again with --level {level}", level=n + 1)))
    return 0


def cmd_solution(args) -> int:
    """A question's solution, in the language of the student's notebooks."""
    from . import i18n
    from .student import solutions
    with i18n.using(i18n.command_language()):
        try:
            s = solutions.find(args.question, args.assignment)
        except solutions.SolutionNotAvailable as e:
            print(_exam_refusal() or e)
            return 1
        refused = _exam_refusal(s.question, s.assignment)
        if refused:
            print(refused)
            return 1
        print(s.plain())
    return 0


def cmd_review(args) -> int:
    """What each problem of a coding test was, with more practice, in the language of the notebooks beside it;
    refused while an exam of the workspace has time left, as a hint is."""
    from . import i18n
    from .student import review
    with i18n.using(i18n.command_language()):
        try:
            found = review.find(args.assignment)
            refused = _exam_refusal(args.question, found.assignment)
            if refused:
                print(refused)
                return 1
            found = found.only(args.question)
        except review.ReviewError as e:
            print(_exam_refusal() or e)
            return 1
    with i18n.using(i18n.folder_language(found.path.parent)):
        print(review.plain(found))
    return 0


def cmd_progress(args) -> int:
    from .student import progress
    return progress.main(args)


def cmd_selfgrade(args) -> int:
    from .student import selfgrade
    return selfgrade.main(args)


def cmd_exam(args) -> int:
    from .student import exam
    return exam.main(args)


def cmd_lab(args) -> int:
    from .student import lab
    return lab.main(args)


def add_student_commands(sub) -> None:
    """Commands for students and self-study learners."""
    s = sub.add_parser("hint", help="show hints for a question, e.g. `workbook hint q3 --level 2`")
    s.add_argument("question")
    s.add_argument("--assignment", "-a", default=None)
    s.add_argument("--level", type=int, default=1, help="show hints 1..LEVEL (default 1)")
    s.add_argument("--all", action="store_true", help="show every hint")
    s.set_defaults(func=cmd_hint)

    s = sub.add_parser("solution", help="show the instructor solution (self-study clones, where source/ exists)")
    s.add_argument("question")
    s.add_argument("--assignment", "-a", default=None)
    s.set_defaults(func=cmd_solution)

    s = sub.add_parser("review", help="after the coding test: what each problem was, and problems of the same kind "
                       "to practise (not during an exam), e.g. `workbook review -a 10_coding_test`")
    s.add_argument("question", nargs="?", default=None, help="one problem only (e.g. q3)")
    s.add_argument("--assignment", "-a", default=None)
    s.set_defaults(func=cmd_review)

    s = sub.add_parser("progress", help="per assignment, how many visible tests pass in your workspace")
    s.add_argument("assignment", nargs="*", help="only these assignments")
    s.add_argument("--workspace", "-w", default=None, help="your workspace (default: work/ of the course)")
    s.add_argument("--saved", action="store_true",
                   help="read the outputs saved in the notebooks instead of running them")
    s.set_defaults(func=cmd_progress)

    s = sub.add_parser("selfgrade", help="grade your workspace against the solution key, hidden tests included")
    s.add_argument("target", nargs="?", default=None, help="an assignment (e.g. 02_sql) or a notebook path")
    s.add_argument("--workspace", "-w", default=None, help="your workspace (default: work/ of the course)")
    s.add_argument("--timeout", type=float, default=900, help="seconds per assignment")
    s.set_defaults(func=cmd_selfgrade)

    s = sub.add_parser("exam", help="take an assignment as a timed exam: no hints, a countdown, the time recorded",
                       description="Start before you open the notebook. Until the time is up: hint(), the hint "
                       "buttons, solution(), review() and `workbook hint`/`workbook solution`/`workbook review` give "
                       "nothing, for any assignment "
                       "(the buttons count down), failing tests show no hint; "
                       "`workbook selfgrade` shows the time you took.")
    s.add_argument("assignment", help="an assignment of your workspace (e.g. 03_pytorch_test) or a notebook path")
    s.add_argument("--minutes", type=int, default=None,
                   help="the time allowed (default: the exam's own: 70 for 03's mock test, 240 for 10, a frame's; "
                        "else 90)")
    s.add_argument("--frame", default=None,
                   help="a shorter exam an assignment offers: for 10_coding_test, kakao (the five 프로그래머스-style "
                        "problems, 180 minutes) or samsung (two problems, 180 minutes)")
    s.add_argument("--workspace", "-w", default=None, help="your workspace (default: work/ of the course)")
    s.add_argument("--reset", action="store_true", help="remove the exam from the notebook")
    s.set_defaults(func=cmd_exam)

    s = sub.add_parser("lab", help="copy release/ into work/ (keeping your work) and start JupyterLab")
    s.add_argument("--workspace", "-w", default=None, help="where to work (default: work/ of the course)")
    s.add_argument("--setup-only", action="store_true", help="prepare the workspace, do not start JupyterLab")
    s.add_argument("--lang", default=None, help="JupyterLab's own language (default: the language of release/; "
                   "ko: 한국어, with JupyterLab's official Korean language pack)")
    s.add_argument("lab_args", nargs=argparse.REMAINDER,
                   help="arguments passed to `jupyter lab` (after --), e.g. -- --no-browser --port 8890")
    s.set_defaults(func=cmd_lab)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbook", description="Daon Market ML engineer course workbook")
    p.add_argument("--root", help="course folder (default: found from the working directory)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("release", help="generate release/ from source/ with nbgrader")
    s.add_argument("assignment", nargs="*")
    s.add_argument("--lang", default=None, help="the edition's language: en or ko (default: c.Edition.language "
                   "in nbgrader_config.py)")
    s.set_defaults(func=cmd_release)

    s = sub.add_parser("secret", help="make the course's secret (.workbook/secret) if it has none",
                       description="The secret draws every hidden test's inputs: the same secret regrades the "
                       "same way. Made once, atomically (two commands at once share one); `workbook release` and "
                       "a first `workbook autograde` make it too. Make it before shards start on a shared course "
                       "folder, and give every grading machine the same copy.")
    s.set_defaults(func=cmd_secret)

    s = sub.add_parser("catalog", help="translation catalogues: update, status, todo, fill, check",
                       description="gettext catalogues of the editions: `update` extracts the English texts "
                       "(source/<a>/locale/<a>.pot, workbook/locale/workbook.pot) and merges them into each "
                       "language's .po (a changed text becomes fuzzy); `status` counts; `todo` lists what is "
                       "left to translate as JSON; `fill --file F.json` writes translations ({msgid: text}); "
                       "`check` fails on a stale template or a missing, fuzzy or broken translation, and on a "
                       "Korean text that breaks the glossary or its typography (workbook/authoring/korean.py); "
                       "`glossary` writes docs/glossary.md from the glossary's data.")
    s.add_argument("action", choices=["update", "status", "todo", "fill", "check", "glossary"])
    s.add_argument("domain", nargs="*", help="assignments (or workbook, the package's messages); default: all")
    s.add_argument("--lang", default=None, help="a language code (default: every translated language)")
    s.add_argument("--file", default=None, help="for fill: a JSON file {msgid: translation}")
    from .authoring.comments import CONTEXTS
    s.add_argument("--context", default=None, choices=list(CONTEXTS),
                   help="for fill: the entries of this msgctxt (a code cell's comments, docstrings or printed labels; "
                   "`todo` names each entry's context)")
    s.set_defaults(func=cmd_catalog)

    s = sub.add_parser("lint", help="check source notebooks")
    s.add_argument("notebooks", nargs="*")
    s.set_defaults(func=cmd_lint)

    s = sub.add_parser("fmt", help="normalise source notebooks (outputs, metadata, ids)")
    s.add_argument("notebooks", nargs="*")
    s.add_argument("--check", action="store_true", help="only report what would change")
    s.set_defaults(func=cmd_fmt)

    s = sub.add_parser("autograde", help="autograde submissions in parallel",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=EXIT_CODES.format(merged=" (with --shard: saved in --out)", failed="failed",
                                         nothing="", done="graded"))
    s.add_argument("assignment", nargs="+", help="one or more assignments, graded one after the other by the "
                                                 "same workers")
    s.add_argument("--jobs", "-j", type=_positive(int), default=None, help="worker processes (default: cores)")
    s.add_argument("--student", action="append", help="only this student (repeatable)")
    s.add_argument("--force", action="store_true", help="regrade even if unchanged")
    s.add_argument("--no-sandbox", action="store_true", help="run student code unsandboxed (warns)")
    s.add_argument("--timeout", type=_positive(float), default=600,
                   help="wall-clock seconds per submission (and per notebook)")
    s.add_argument("--cell-timeout", type=_positive(float), default=None,
                   help="seconds per cell (default: Execute.timeout in nbgrader_config.py)")
    s.add_argument("--memory", type=_size, default=None,
                   help="memory per notebook, e.g. 2G (default: nbgrader_config.py)")
    s.add_argument("--scheduler", default=None, help="grade on an existing Dask cluster (its scheduler address: "
                   "tls://HOST:PORT off this machine)")
    s.add_argument("--tls-ca", default=None, help="with --scheduler: the course's CA certificate (PEM)")
    s.add_argument("--tls-cert", default=None, help="with --scheduler: the grader's client certificate (PEM)")
    s.add_argument("--tls-key", default=None, help="with --scheduler: the key of that certificate (PEM)")
    s.add_argument("--insecure-scheduler", action="store_true",
                   help="allow a scheduler off this machine without TLS (tasks carry the hidden tests and the "
                        "secret: only on a network no student reaches)")
    s.add_argument("--worker-timeout", type=_positive(float), default=120.0,
                   help="with --scheduler: seconds without any worker before the run stops (default 120)")
    s.add_argument("--shard", type=_shard, default=None,
                   help="grade only shard I of N of the class (I/N, I from 0 to N-1), for array jobs")
    s.add_argument("--out", default=None, help="with --shard (required by it, refused without it): folder where "
                   "this shard saves its results for `workbook merge`")
    s.add_argument("--no-reference", action="store_true",
                   help="skip grading the instructor solution first (it is on by default)")
    s.set_defaults(func=cmd_autograde, run_codes=True)

    s = sub.add_parser("merge", help="merge the results of sharded runs into the gradebook",
                       description="Merge the results that `workbook autograde --shard I/N --out FOLDER` saved "
                       "into the gradebook. A result is merged only if it belongs to this course, assignment and "
                       "release and the submission it graded is still the one in submitted/; otherwise that "
                       "student is refused, with why. A result merged before is not merged again.",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog=EXIT_CODES.format(merged=" and merged (or had been already)",
                                         failed="failed or were refused\n       (changed since, another course, assignment or release)",
                                         nothing="no shard results to merge, ", done="merged"))
    s.add_argument("assignment")
    s.add_argument("shards", nargs="+", help="the --out folders of the shards")
    s.set_defaults(func=cmd_merge, run_codes=True)

    s = sub.add_parser("feedback", help="generate feedback for an assignment (never shows hidden tests)")
    s.add_argument("assignment")
    s.add_argument("--student", action="append", help="only this student (repeatable)")
    s.set_defaults(func=cmd_feedback)

    s = sub.add_parser("report", help="grades.csv, a score/pass-rate picture and the flagged submissions")
    s.add_argument("assignment")
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("flags", help="clear a submission's flags after review",
                       description="`clear ASSIGNMENT STUDENT...`: the submission's flags are cleared after review: "
                       "the gradebook and the formgrader no longer show it flagged, the report no longer lists "
                       "them, and a rerun that grades the same submission does not raise them again (a changed "
                       "submission, or a new reason, is flagged again). The formgrader's own unflag is recorded "
                       "the same way at the next report.")
    s.add_argument("action", choices=["clear"])
    s.add_argument("assignment")
    s.add_argument("student", nargs="+")
    s.set_defaults(func=cmd_flags)

    s = sub.add_parser("demo", help="the instructor's whole job on a synthetic class")
    s.add_argument("--jobs", "-j", type=int, default=None)
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("mutants", help="mutation testing: grade mechanical mutants of every solution")
    s.add_argument("assignment", nargs="*")
    s.add_argument("--exercise", action="append", help="only this exercise (q3 or q3_top_ips; repeatable)")
    s.add_argument("--jobs", "-j", type=int, default=None, help="mutants run at once (default: cores)")
    s.add_argument("--timeout", type=float, default=30.0,
                   help="seconds per mutant at most (a mutant gets 20 times the solution's run, at least 5 s)")
    s.add_argument("--json", default=None, help="write the reports to this file")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=cmd_mutants)

    s = sub.add_parser("nb2txt", help="print a notebook in the plain-text authoring form")
    s.add_argument("notebook")
    s.set_defaults(func=cmd_nb2txt)

    s = sub.add_parser("txt2nb", help="write a notebook from the plain-text authoring form")
    s.add_argument("text")
    s.add_argument("notebook")
    s.set_defaults(func=cmd_txt2nb)

    add_student_commands(sub)
    return p


TRAITLET = re.compile(r"^--[A-Za-z_][\w]*\.[A-Za-z_]\w*=")


def catch_interrupts(terminate: bool = True) -> None:
    """Ctrl-C raises KeyboardInterrupt as always, and is also remembered
    (``engines.INTERRUPTED``): Python ignores an exception raised in a
    weakref callback or a finalizer (it only prints it), so a Ctrl-C that
    lands there was lost, and a busy run graded the whole class. The grading
    waits raise it again from the flag; the lost one is not printed
    (``sys.unraisablehook``)."""
    import signal
    import threading

    from .grading.engines import INTERRUPTED, SIGNALLED
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return

    def interrupted(signum, frame):
        SIGNALLED.setdefault("signal", signum)
        INTERRUPTED.set()
        raise KeyboardInterrupt

    def unraisable(info, default=sys.unraisablehook):
        if not (isinstance(info.exc_value, KeyboardInterrupt) and INTERRUPTED.is_set()):
            default(info)
    signal.signal(signal.SIGINT, interrupted)
    # SIGTERM (kill, a Kubernetes pod stopped, Slurm's scancel) and SIGHUP (the terminal closed) end a command
    # the way Ctrl-C does: every folder it made removed, every worker and sandbox stopped, one line
    for signum in (signal.SIGTERM, signal.SIGHUP) if terminate else ():
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, interrupted)
    sys.unraisablehook = unraisable


def parse(argv: list[str]) -> argparse.Namespace:
    """The command's arguments; nbgrader-style options (``--Class.trait=value``) before a ``--`` are
    ``args.traitlets``, layered on top of the course's nbgrader_config.py as nbgrader does. Everything
    after the first ``--`` belongs to the program the command starts (``workbook lab -- --ServerApp.ip=...``)
    and is passed on untouched."""
    cut = argv.index("--") if "--" in argv else len(argv)
    head, tail = argv[:cut], argv[cut:]
    args = build_parser().parse_args([a for a in head if not TRAITLET.match(a)] + tail)
    args.traitlets = [a for a in head if TRAITLET.match(a)]
    return args


def main(argv=None) -> int:
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    from_command = argv is None   # the `workbook` command (or python -m workbook), not a caller in its own process
    args = parse(list(sys.argv[1:] if argv is None else argv))
    catch_interrupts(terminate=from_command)   # SIGTERM and SIGHUP too, when this is the command's own process
    try:
        return args.func(args) or 0
    except course.CourseError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as e:
        return _run_failed(args, e)
    except Exception as e:
        if not getattr(args, "run_codes", False):
            raise
        return _run_failed(args, e)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
