"""End to end in a real browser: JupyterLab (as `workbook lab` starts it) on
127.0.0.1 with a token, headless Chromium driven by Playwright.

* A student answers one question of 00_orientation, runs all cells: the test
  cell of the answered question says ✔ in one line, the next one shows the
  short ✘ message, Hangul renders (a CJK font), a widget (the hint button)
  works, and nbgrader's Validate dialog shows the ✘ messages first.
* Every notebook of every assignment opens with its kernel, without any
  dialog (no "Select Kernel", no news prompt), and not marked as modified.
* A plot with a Korean title renders without glyph warnings.

Screenshots: test-output/. Needs the Debian packages `chromium` and
`fonts-noto-cjk`; the test fails, not skips, without them (make test installs
them). Playwright never downloads a browser here."""
from __future__ import annotations

import json
import os
import re
import shutil
import time

import pytest

from conftest import ASSIGNMENTS, CHROMIUM_ARGS, OUTPUT, REPO, chromium_path
from labserver import LabServer, make_course
from workbook.course import nb as nbm

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARGS = CHROMIUM_ARGS
A = "00_orientation"


def _chromium() -> str:
    return chromium_path()


KERNEL_STATUS = """() => { const w = window.jupyterapp.shell.currentWidget;
    const s = w && w.sessionContext && w.sessionContext.session;
    return s && s.kernel ? s.kernel.status : 'none'; }"""


def _wait_for_kernel(page, timeout: float = 120):
    """The notebook's kernel is idle; any dialog on the way is a failure."""
    end = time.monotonic() + timeout
    status = "none"
    while time.monotonic() < end:
        dialogs = page.locator(".jp-Dialog")
        if dialogs.count():
            raise AssertionError(f"a dialog interrupted the student: {dialogs.first.inner_text()[:300]!r}")
        status = page.evaluate(KERNEL_STATUS)
        if status == "idle":
            return
        time.sleep(0.5)
    raise AssertionError(f"the notebook's kernel did not become idle in {timeout} s (status {status!r})")


def _browser(p):
    return p.chromium.launch(executable_path=_chromium(), headless=True, args=ARGS)


WRONG_TIMER = ("def timer(func):\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n"
               "    wrapper.timings = []\n    return wrapper")


def _answer_q1(workspace):
    """The student answers Question 1 right and Question 2 wrong in their copy."""
    path = workspace / A / f"{A}.ipynb"
    nb = nbm.read(path)
    src = nbm.solved_sources(nbm.read(REPO / "source" / A / f"{A}.ipynb"))
    for c in nb.cells:
        if nbm.meta(c).get("grade_id") == "q1_format_metric":
            c.source = src["q1_format_metric"]
        if nbm.meta(c).get("grade_id") == "q2_timer":
            c.source = WRONG_TIMER
    nbm.write(nb, path)


def test_student_sees_pass_and_fail_lines_korean_text_a_widget_and_validate(tmp_path):
    _chromium()
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import expect, sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    root = make_course(tmp_path, REPO, [A])
    from workbook.student import lab
    lab.prepare(root, root / "work")
    _answer_q1(root / "work")
    with LabServer(root, root / "work", OUTPUT / "browser_lab_server.log",
                   ["--LabApp.expose_app_in_browser=True"]) as server, sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        try:
            page.goto(f"{server.url}/lab/tree/{A}/{A}.ipynb?token={server.token}")
            page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')")
            _wait_for_kernel(page)
            korean = page.locator(".jp-RenderedMarkdown").get_by_text("다온마켓").first
            korean.wait_for()
            page.screenshot(path=str(OUTPUT / "browser_korean.png"))
            assert _glyph_width(page, "다온마켓") > 20, "Hangul does not render with a real font"
            _run_all(page)
            ok = page.get_by_text("✔ q1 passed the visible tests (hidden tests run when graded)")
            ok.wait_for(timeout=180_000)
            bad = page.get_by_text("✘ q2:").first
            bad.wait_for(timeout=180_000)
            ok.scroll_into_view_if_needed()
            page.screenshot(path=str(OUTPUT / "browser_pass_line.png"))
            bad.scroll_into_view_if_needed()
            page.screenshot(path=str(OUTPUT / "browser_fail_message.png"))
            # the verdict sits next to the answer: the test cell's input is collapsed, so the answer cell
            # and its ✘ line are on one screen
            answer = page.locator(".jp-Cell", has_text="def timer(func):").first
            answer.scroll_into_view_if_needed()
            page.evaluate("(el) => el.scrollIntoView({block: 'start'})", answer.element_handle())
            time.sleep(0.5)
            view = page.viewport_size
            a_box, x_box = answer.bounding_box(), bad.bounding_box()
            assert a_box and x_box and 0 <= a_box["y"] and x_box["y"] + x_box["height"] <= view["height"], \
                f"the ✘ line is not on the answer's screen: answer at {a_box}, ✘ at {x_box}, viewport {view}"
            page.screenshot(path=str(OUTPUT / "browser_fail_next_to_answer.png"))
            button = page.locator("button.workbook-hint-button").first
            button.scroll_into_view_if_needed()
            expect(button).to_contain_text("Hint for q1_format_metric", timeout=30_000)
            button.click()
            page.get_by_text("Hint 1/3").wait_for()
            # nbgrader's Validate: the ✘ messages come first, the test code is not shown
            page.locator("jp-button", has_text="Validate").first.click()
            dialog = page.locator(".jp-Dialog")
            dialog.get_by_text("Validation Results").wait_for(timeout=240_000)
            shown = dialog.locator("#validation-message").inner_text()
            page.screenshot(path=str(OUTPUT / "browser_validate.png"))
            assert "✘ q2:" in shown, shown[:2000]
            assert "@exercise" not in shown and "def test_" not in shown, shown[:2000]
        except Exception as e:
            page.screenshot(path=str(OUTPUT / "browser_FAILED.png"))
            log = server.log.read_text(errors="replace")[-3000:] if server.log.exists() else ""
            raise AssertionError(f"{e}\n--- screenshot: test-output/browser_FAILED.png; "
                                 f"JupyterLab log (end):\n{log}") from None
        finally:
            browser.close()


def _run_all(page, timeout: float = 60):
    """Run > Run All Cells (until the first cell has run: a notebook that was
    just opened may ignore the first request)."""
    page.locator(".jp-Notebook").first.click()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        for _ in range(20):
            if page.locator(".jp-InputPrompt", has_text="[1]").count():
                return
            time.sleep(0.5)
    raise AssertionError("Run All Cells did not start")


def _glyph_width(page, text: str) -> float:
    """Width of ``text`` in the page's font (a box per missing glyph is
    narrow and the same for every character; real Hangul is wide)."""
    return page.evaluate("""(t) => { const c = document.createElement('canvas').getContext('2d');
        c.font = '16px sans-serif'; return c.measureText(t).width; }""", text)


def test_every_notebook_opens_with_its_kernel_and_no_dialog(tmp_path):
    """The first notebook by its URL (a fresh JupyterLab), the others in the
    same JupyterLab as a student opens them from the file browser
    (docmanager:open). A dialog is modal: one that a notebook opened late
    is still there when the next is checked, and at the end."""
    _chromium()
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    root = make_course(tmp_path, REPO, ASSIGNMENTS)
    notebooks = [(a, nb.name) for a in ASSIGNMENTS for nb in sorted((root / "release" / a).glob("*.ipynb"))]
    with LabServer(root, root / "work", OUTPUT / "browser_all_server.log",
                   ["--LabApp.expose_app_in_browser=True"]) as server, sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.set_default_timeout(120_000)
            for i, (a, name) in enumerate(notebooks):
                path = f"{a}/{name}"
                if i == 0:
                    page.goto(f"{server.url}/lab/tree/{path}?token={server.token}")
                    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')")
                else:
                    page.evaluate("(p) => { window.jupyterapp.commands.execute('docmanager:open', {path: p}); }", path)
                page.wait_for_function("(p) => { const w = window.jupyterapp.shell.currentWidget;"
                                       " return w && w.context && w.context.path === p"
                                       " && w.node.querySelector('.jp-Notebook'); }", arg=path)
                _wait_for_kernel(page)
                assert not page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty"), \
                    f"{a}: the notebook opened marked as modified (unsaved) before any edit"
                assert not page.locator(".jp-Dialog").count(), f"{a}: a dialog opened"
                assert not page.get_by_text("Jupyter news").count(), f"{a}: the news prompt appeared"
                page.screenshot(path=str(OUTPUT / f"browser_open_{a}.png"))
            time.sleep(2)  # a late dialog or notification prompt
            assert not page.locator(".jp-Dialog").count(), "a dialog opened"
            assert not page.get_by_text("Jupyter news").count(), "the news prompt appeared"
        finally:
            browser.close()


def test_a_korean_plot_title_renders_without_glyph_warnings(tmp_path):
    """In a kernel started as `workbook lab` starts them (its matplotlibrc)."""
    import nbformat
    from nbclient import NotebookClient

    from workbook.student import fonts, lab
    if not fonts.installed_cjk_fonts():
        pytest.fail("no CJK font is installed: apt-get install fonts-noto-cjk (make test installs it)",
                    pytrace=False)
    root = make_course(tmp_path, REPO, [A])
    lab.prepare(root, root / "work")
    env = lab.lab_env(root / "work")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import warnings, matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n"
        "    fig, ax = plt.subplots()\n    ax.set_title('다온마켓 이탈률 (churn)')\n"
        "    fig.savefig('korean.png')\n"
        "print(len([x for x in w if 'Glyph' in str(x.message)]))")])
    old = dict(os.environ)
    try:
        os.environ.update({k: v for k, v in env.items() if k in ("MATPLOTLIBRC", "JUPYTER_CONFIG_DIR")})
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    out = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.output_type == "stream")
    assert out.strip().splitlines()[-1] == "0", out
    shutil.copy(tmp_path / "korean.png", OUTPUT / "plot_korean_title.png")
    assert json.dumps(nb.cells[0].outputs).count("Glyph") == 0


def test_the_korean_edition_in_jupyterlab_korean_menus_question_and_message(tmp_path):
    """`workbook release --lang ko`, then `workbook lab`: JupyterLab's own
    menus in Korean (its official language pack), the notebook's question in
    Korean, and a wrong answer's ✘ message in Korean."""
    _chromium()
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    from workbook.authoring import release
    OUTPUT.mkdir(exist_ok=True)
    root = make_course(tmp_path, REPO, [A])
    shutil.rmtree(root / "release" / A)
    release.regenerate_to(root, A, root / "release" / A, "ko")
    from workbook.student import lab
    lab.prepare(root, root / "work")
    settings = root / "work" / ".jupyter" / "lab" / "user-settings" / lab.TRANSLATION_SETTINGS
    assert json.loads(settings.read_text())["locale"] == "ko_KR"
    _answer_q1(root / "work")
    with LabServer(root, root / "work", OUTPUT / "browser_ko_server.log",
                   ["--LabApp.expose_app_in_browser=True"]) as server, sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
        page.set_default_timeout(120_000)
        try:
            page.goto(f"{server.url}/lab/tree/{A}/{A}.ipynb?token={server.token}")
            page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')")
            _wait_for_kernel(page)
            menu = page.locator("#jp-menu-panel, .lm-MenuBar").first.inner_text()
            assert "파일" in menu and "편집" in menu, f"JupyterLab's menus are not in Korean: {menu!r}"
            page.screenshot(path=str(OUTPUT / "browser_ko_menu.png"))
            question = page.locator(".jp-RenderedMarkdown").get_by_text("문제 2").first
            question.wait_for()
            question.scroll_into_view_if_needed()
            page.screenshot(path=str(OUTPUT / "browser_ko_question.png"))
            _run_all(page)
            bad = page.get_by_text("✘ q2").first
            bad.wait_for(timeout=180_000)
            text = bad.locator("xpath=ancestor::*[contains(@class,'jp-OutputArea-output')][1]").inner_text()
            assert re.search(r"[\uac00-\ud7a3]", text), f"the ✘ message is not in Korean: {text!r}"
            bad.scroll_into_view_if_needed()
            page.screenshot(path=str(OUTPUT / "browser_ko_fail_message.png"))
        except Exception as e:
            page.screenshot(path=str(OUTPUT / "browser_ko_FAILED.png"))
            log = server.log.read_text(errors="replace")[-3000:] if server.log.exists() else ""
            raise AssertionError(f"{e}\n--- screenshot: test-output/browser_ko_FAILED.png; "
                                 f"JupyterLab log (end):\n{log}") from None
        finally:
            browser.close()
