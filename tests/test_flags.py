"""Flags where instructors look (workbook/grading/flags.py), on a class of
00_orientation graded once per module with the sandbox, in a real sqlite
gradebook: an honest student and one who edited a locked test cell (a
"tamper" flag).

* the flag shows in the gradebook (the notebook is flagged), in grades.csv
  (a column with its reasons), in flagged.json and the printed report, and in
  the autograded notebook's metadata the formgrader's view reads;
* the formgrader (nbgrader's own server extension, in headless Chromium)
  shows it above the cells with its reason, and its own unflag is recorded:
  the report lists the flag as cleared;
* `workbook flags clear` clears it after review, and a rerun that grades the
  same submission again does not raise it again; a changed submission is
  flagged again.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import CHROMIUM_ARGS, OUTPUT, REPO, TEST_SECRET, chromium_path
from workbook.course import layout as course
from workbook.course import nb as nbm
from workbook.grading import flags, gradebook, report
from workbook.grading import runner as grader

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

A = "00_orientation"
LOCKED = "test_q1_format_metric"
REASON = "edited although locked"


def _submit(root, student, nb):
    d = root / "submitted" / student / A
    d.mkdir(parents=True, exist_ok=True)
    nbm.write(nb, d / f"{A}.ipynb")
    (d / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n")


def _tampered(release, solved, marker="pass"):
    nb = nbm.make_submission(release, solved)
    for c in nb.cells:
        if nbm.meta(c).get("grade_id") == LOCKED:
            c.source = marker + "  # the student's own test"
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("flags") / "course"
    course.copy_course(REPO, root, [A])
    (root / ".workbook").mkdir()
    (root / ".workbook" / "secret").write_text(TEST_SECRET + "\n")
    release = nbm.read(root / "release" / A / f"{A}.ipynb")
    solved = nbm.solved_sources(nbm.read(root / "source" / A / f"{A}.ipynb"))
    _submit(root, "honest", nbm.make_submission(release, solved))
    _submit(root, "tamper", _tampered(release, solved))
    results = {r.student: r for r in grader.autograde(root, A, jobs=2, progress=False, log=lambda *a: None,
                                                      reference=False)}
    assert {s: r.status for s, r in results.items()} == {"honest": "graded", "tamper": "graded"}, results
    return dict(root=root, course=course.Course.load(root), release=release, solved=solved)


def _csv_rows(root):
    with open(root / "reports" / A / "grades.csv", newline="", encoding="utf-8") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def _metadata_flags(root, student):
    nb = nbm.read(root / "autograded" / student / A / f"{A}.ipynb")
    return nb.metadata.get(flags.METADATA, {}).get("flags", [])


def test_a_flag_shows_in_the_gradebook_grades_csv_the_report_and_the_formgraders_notebook(graded):
    root, c = graded["root"], graded["course"]
    assert gradebook.notebook_flags(c, A, "tamper") == {A: True}
    assert gradebook.notebook_flags(c, A, "honest") == {A: False}
    rep = report.build(root, A)
    rows = _csv_rows(root)
    assert REASON in rows["tamper"]["flags"] and LOCKED in rows["tamper"]["flags"]
    assert rows["honest"]["flags"] == "" and rows["tamper"]["flags_cleared"] == ""
    assert list(rows["tamper"])[:8] == ["student", "status", "reason", "total", "max_score", "manual_to_grade",
                                        "flags", "flags_cleared"]
    flagged = json.loads(rep.flagged_json.read_text())
    assert "honest" not in flagged and any(REASON in r for r in flagged["tamper"])
    from workbook.ui import console
    with console.capture() as shown:
        report.print_report(rep, root)
    assert "FLAGGED tamper" in shown.get() and REASON in shown.get() and "FLAGGED honest" not in shown.get()
    got = _metadata_flags(root, "tamper")
    assert [(f["kind"], f["cell"]) for f in got] == [("tamper", LOCKED)] and REASON in got[0]["reason"]
    assert _metadata_flags(root, "honest") == []


def test_a_student_cannot_put_flags_of_their_own_in_the_formgraders_view(graded, tmp_path):
    """The view's key in the student's notebook is replaced by the grader's
    (flags.annotate after every grading): a forged flag, or a forged
    absence of one, never shows."""
    c = graded["course"]
    path = c.path("autograded", "honest", A) / f"{A}.ipynb"
    nb = nbm.read(path)
    nb.metadata[flags.METADATA] = {"flags": [{"kind": "tamper", "cell": None, "reason": "forged <b>by me</b>"}]}
    nbm.write(nb, path)
    flags.annotate(c, A, "honest", [])
    assert flags.METADATA not in nbm.read(path).metadata


def test_the_formgrader_shows_the_flag_with_its_reason_and_records_its_own_unflag(graded, output_dir):
    """nbgrader's formgrader with the course's configuration: the flagged
    submission's page lists the grader's reason above the cells (the honest
    one's page none); the page's own flag toggle (the formgrader's unflag,
    POST /formgrader/api/submitted_notebook/<id>/flag) clears it in the
    gradebook, and the report then lists it as cleared, not flagged."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    from labserver import free_port
    root, c = graded["root"], graded["course"]
    ids = {}
    with gradebook.connect(c) as gb:
        for s in ("honest", "tamper"):
            ids[s] = gb.find_submission_notebook(A, A, s).id
    port, token = free_port(), os.urandom(16).hex()
    log = open(OUTPUT / "flags_formgrader.log", "w")
    env = course.tool_env({"HOME": str(root.parent / "home")})
    (root.parent / "home").mkdir(exist_ok=True)
    server = subprocess.Popen([sys.executable, "-m", "jupyter", "server", "--no-browser", "--allow-root",
                               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                               f"--IdentityProvider.token={token}",
                               "--ServerApp.jpserver_extensions={'nbgrader.server_extensions.formgrader': True}"],
                              cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.set_default_timeout(120_000)
            base = f"http://127.0.0.1:{port}"
            end = time.monotonic() + 180
            while True:   # log in on a Jupyter URL first (tests/test_exchange.py says why)
                assert server.poll() is None, (OUTPUT / "flags_formgrader.log").read_text()[-3000:]
                try:
                    if page.goto(f"{base}/api/status?token={token}").ok:
                        break
                except Exception:
                    pass
                assert time.monotonic() < end, "the formgrader's server did not answer in 180 s"
                time.sleep(1)
            page.goto(f"{base}/formgrader/submissions/{ids['tamper']}/")
            banner = page.locator(".workbook-flags")
            banner.wait_for()
            text = banner.inner_text()
            assert REASON in text and LOCKED in text and f"workbook flags clear {A} tamper" in text
            page.screenshot(path=str(OUTPUT / "flags_formgrader.png"), full_page=True)
            # the page's own unflag: nbgrader's flag handler, with the page's xsrf cookie
            page.wait_for_function("window.formgrader && formgrader.grades && formgrader.grades.loaded")
            with page.expect_response(lambda r: r.url.endswith(f"/submitted_notebook/{ids['tamper']}/flag")) as resp:
                page.evaluate("formgrader.flag()")
            assert resp.value.ok and resp.value.json()["flagged"] is False
            page.goto(f"{base}/formgrader/submissions/{ids['honest']}/")
            page.locator("#notebook-container").first.wait_for()
            assert page.locator(".workbook-flags").count() == 0
            browser.close()
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)
    assert gradebook.notebook_flags(c, A, "tamper") == {A: False}
    report.build(root, A)
    row = _csv_rows(root)["tamper"]
    assert row["flags"] == "" and REASON in row["flags_cleared"] and "unflagged in the formgrader" in row["flags_cleared"]
    # back to flagged for the next test, as the grader left it
    gradebook.set_flagged(c, A, "tamper", True)


def test_a_cleared_flag_is_not_raised_again_for_the_same_submission_but_is_for_a_changed_one(graded):
    root, c = graded["root"], graded["course"]
    cleared = subprocess.run([sys.executable, "-m", "workbook", "--root", str(root), "flags", "clear", A, "tamper"],
                             capture_output=True, text=True, env=course.tool_env(), timeout=300)
    assert cleared.returncode == 0 and "1 flag(s) cleared" in cleared.stdout and REASON in cleared.stdout, \
        cleared.stdout + cleared.stderr
    assert gradebook.notebook_flags(c, A, "tamper") == {A: False} and _metadata_flags(root, "tamper") == []
    report.build(root, A)
    row = _csv_rows(root)["tamper"]
    assert row["flags"] == "" and REASON in row["flags_cleared"]
    state = grader.read_state(c, A, "tamper")
    assert state["cleared"]["how"] == "workbook flags clear" and state["cleared"]["submission"] == state["submission"]

    # graded again (forced), the same submission: the flag is still raised by the grader, and stays cleared
    again = grader.autograde(root, A, students=["tamper"], force=True, progress=False, log=lambda *a: None,
                             reference=False)
    assert [r.status for r in again] == ["graded"] and any(REASON in str(f) for f in again[0].flags)
    assert gradebook.notebook_flags(c, A, "tamper") == {A: False} and _metadata_flags(root, "tamper") == []
    report.build(root, A)
    assert _csv_rows(root)["tamper"]["flags"] == ""

    # a changed submission (the same edit of the locked cell, other text): flagged again, everywhere
    _submit(root, "tamper", _tampered(graded["release"], graded["solved"], marker="assert True"))
    grader.autograde(root, A, students=["tamper"], progress=False, log=lambda *a: None, reference=False)
    assert gradebook.notebook_flags(c, A, "tamper") == {A: True}
    assert REASON in _metadata_flags(root, "tamper")[0]["reason"]
    report.build(root, A)
    row = _csv_rows(root)["tamper"]
    assert REASON in row["flags"] and row["flags_cleared"] == ""


def test_clearing_a_submission_that_was_not_graded_says_why(graded):
    out = subprocess.run([sys.executable, "-m", "workbook", "--root", str(graded["root"]), "flags", "clear", A,
                          "nobody"], capture_output=True, text=True, env=course.tool_env(), timeout=300)
    assert out.returncode == 1 and "nobody's submission of 00_orientation has no flags to clear" in out.stderr


def test_a_changed_reason_is_raised_although_another_was_cleared():
    """The rule itself, on state data: only the reasons cleared for this
    very submission stay cleared."""
    from workbook.grading.results import Flag
    old = Flag("tamper", "test_q1: edited although locked (restored from the gradebook)", A, "test_q1")
    new = Flag("tamper", "test_q2: deleted (restored from the gradebook)", A, "test_q2")
    state = {"status": "graded", "submission": "d1", "flags": [old.__dict__],
             "cleared": {"submission": "d1", "reasons": [str(old)], "how": "workbook flags clear"}}
    assert flags.raised([old, new], flags.cleared_reasons(state)) == [new]
    assert flags.cleared_reasons(state, "d2") == set()
    assert flags.carried_clear(state, "d2", {A: False}) is None
    assert flags.carried_clear(state, "d1", {A: True}) == state["cleared"]
    # the formgrader's unflag of a still raised flag is recorded as cleared
    state2 = {"status": "graded", "submission": "d1", "flags": [new.__dict__]}
    carried = flags.carried_clear(state2, "d1", {A: False})
    assert carried["how"] == "formgrader" and carried["reasons"] == [str(new)]
    assert flags.carried_clear(state2, "d1", {A: True}) is None


