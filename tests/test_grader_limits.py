"""The grader holds every limit (issue "Trusted grading, second round").

One test per limit: wire decoding (``wire.MAX_DECODED``), SQL results
(``sqlrun.MAX_RESULT``, per row too), locating SQL errors (bisection: compilations
counted, never timed), files copied back from the sandbox (a submission's caps,
``staging``) and no live link or script in a feedback page or the formgrader
(``safehtml``). Memory is measured with tracemalloc or ``ru_maxrss`` in a
subprocess, against bounds far below what the attacks would take.
"""
from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import sys
import textwrap
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pandas  # noqa: F401  (imported before memory is measured)
import pytest

from workbook.checks import sqlrun, wire
from workbook.checks.core import CheckFailed
from workbook.grading import beneath, safehtml, staging

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- wire

def _padded_strings(n_empty: int, width: int) -> dict:
    """What the kernel sends for np.array(["x" * width] + [""] * n_empty):
    a few KB of JSON, a (n_empty + 1) x width x 4 bytes array once padded."""
    return {"$": "ndarray", "dtype": "str", "shape": [n_empty + 1], "items": ["x" * width] + [""] * n_empty}


def _peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_string_array_reply_is_refused_before_it_is_allocated():
    text = json.dumps(_padded_strings(4000, 40_000))
    assert len(text) < 60_000                       # a 52 KB reply ...
    padded = 4001 * 40_000 * 4                      # ... that numpy would pad to 640 MB
    tree = json.loads(text)

    def decode():
        with pytest.raises(wire.WireError, match="too large once decoded"):
            wire.Decoder()(tree)
    assert _peak(decode) < 2 * 2**20 < padded // 300   # numpy is imported: what is left is the decoder's

    # the same through a pandas column: a fixed-width dtype is refused, a cast of raw values too
    col = {"$": "Series", "name": None, "index": {"kind": "range", "start": 0, "stop": 2, "step": 1, "name": None},
           "values": {"dtype": "<U1000000", "items": ["a", "b"]}}
    with pytest.raises(wire.WireError, match="fixed-width"):
        wire.decode(col)
    col["values"] = {"dtype": "<U1000000", "values": {"$": "ndarray", "dtype": "|i1", "shape": [2], "b64": "AAA="}}
    with pytest.raises(wire.WireError, match="does not match"):
        wire.decode(col)
    with pytest.raises(wire.WireError, match="too large once decoded"):   # a lazy index of 2**40 rows
        wire.decode({"$": "Index", "kind": "range", "start": 0, "stop": 2**40, "step": 1, "name": None})

    # the cap is wire.MAX_DECODED for the whole message; exactly at it decodes, one byte over does not
    assert wire.Decoder().max_decoded == wire.MAX_DECODED == 128 * 2**20
    at_cap = wire.Decoder(max_decoded=3 * 10 * 4)
    assert at_cap(_padded_strings(2, 10)).dtype.str == "<U10"
    with pytest.raises(wire.WireError, match="too large once decoded"):
        wire.Decoder(max_decoded=3 * 10 * 4 - 1)(_padded_strings(2, 10))
    with pytest.raises(wire.WireError, match="too large once decoded"):   # arrays share one budget
        wire.Decoder(max_decoded=100)([{"$": "bytes", "b64": "A" * 80}] * 2)
    # ordinary values keep their exact types
    for value in (np.array(["a", "bcd"]), np.array([b"x", b"yz"]), np.arange(6).reshape(2, 3)):
        back = wire.roundtrip(value)
        assert back.dtype == value.dtype and (back == value).all()


# --------------------------------------------------------------------------- SQL results

def _rss_growth(code: str) -> tuple[int, str]:
    """(growth of the peak RSS in bytes, stdout) of ``code`` run in a fresh interpreter."""
    script = textwrap.dedent("""
        import resource, sys
        from workbook.checks import sqlrun
        from workbook.checks.core import CheckFailed
        from workbook.data import shop
        shop.connect(0).close()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    """) + textwrap.dedent(code) + textwrap.dedent("""
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    lines = out.stdout.strip().splitlines()
    return int(lines[-1]), "\n".join(lines[:-1])


def test_one_huge_row_is_refused_within_the_result_cap():
    # 20 values of 19 MB each (each under the 20 MB value limit): one row of 380 MB
    columns = ", ".join(f"replace(hex(zeroblob(9500000)), '0', 'x') AS c{i}" for i in range(20))
    growth, out = _rss_growth(f"""
        try:
            sqlrun.fetch("SELECT {columns}")
            print("fetched")
        except CheckFailed as e:
            print(e)
    """)
    assert "more than 64 MB of data" in out
    assert growth < 100 * 2**20          # the row would take 380 MB (and its hex 190 MB on the way)
    # one row that fits the cap is still fetched whole; rows up to it too
    cols, rows = sqlrun.fetch("SELECT zeroblob(15000000) AS a, zeroblob(15000000) AS b")
    assert cols == ["a", "b"] and len(rows[0][0]) == len(rows[0][1]) == 15_000_000
    cols, rows = sqlrun.fetch("SELECT zeroblob(10000000) AS b FROM orders LIMIT 4")
    assert len(rows) == 4
    with pytest.raises(CheckFailed, match="more than 64 MB of data"):
        sqlrun.fetch("SELECT zeroblob(10000000) AS b FROM orders")


# --------------------------------------------------------------------------- SQL errors

class _Counting(sqlite3.Connection):
    """A connection that counts the statements it is asked to compile."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.compiled = 0

    def execute(self, *a, **kw):
        self.compiled += 1
        return super().execute(*a, **kw)


def _compilations(query: str) -> tuple[int, str]:
    conn = sqlite3.connect(":memory:", factory=_Counting)
    conn.execute("CREATE TABLE products (price_krw INTEGER)")
    conn.compiled = 0
    try:
        with pytest.raises(CheckFailed) as e:
            sqlrun.fetch(query, conn=conn)
        return conn.compiled, str(e.value)
    finally:
        conn.close()


def test_locating_an_error_in_a_long_query_asks_sqlite_a_logarithmic_number_of_times():
    small = "SELECT 1 , 1 FROM FROM products"
    big = "SELECT " + " , ".join(["1"] * 18_000) + " FROM FROM products"    # 72 KB, 36,000 words
    assert len(big) > 72_000
    n_small, msg_small = _compilations(small)
    n_big, msg_big = _compilations(big)
    # before: one compilation per word (36,000 of a 72 KB prefix each: 99 s); now a bisection
    assert n_big <= n_small + math.ceil(math.log2(36_004)) + 1 <= 30
    assert 'near "FROM": syntax error' in msg_big
    # the message shows the line around the error, never the whole 72 KB line, and the caret under FROM
    assert len(msg_big) < 600
    line, caret = msg_big.splitlines()[1:3]
    col = caret.index("^")
    assert line[col:col + 4] == "FROM" and line[col - 5:col - 1] == "FROM"
    assert msg_small.splitlines()[1].endswith("SELECT 1 , 1 FROM FROM products")


# --------------------------------------------------------------------------- files copied back

def test_files_copied_back_from_the_sandbox_stay_within_a_submissions_caps(tmp_path):
    src, dest = tmp_path / "work", tmp_path / "autograded"
    (src / "sub").mkdir(parents=True)
    dest.mkdir()
    n = staging.MAX_ENTRIES + 500
    for i in range(n):
        (src / "sub" / f"f{i:05d}.txt").write_text("x")
    out = beneath.copy_back(src, dest, limit=staging.MAX_FILE, total=staging.MAX_TOTAL)
    copied = sum(1 for _ in (dest / "sub").iterdir())
    assert copied == len(out.files) == staging.MAX_ENTRIES - 1      # the folder "sub" is one entry
    assert out.entries == staging.MAX_ENTRIES + 1                     # the walk stopped at the cap
    assert len(out.refused) == 1
    rel, why = out.refused[0]
    assert rel == f"sub/f{staging.MAX_ENTRIES - 1:05d}.txt" and f"more than {staging.MAX_ENTRIES:,}" in why
    assert "501 here" in why

    # the total: what is over it is reported, file by file, never dropped silently
    src2, dest2 = tmp_path / "work2", tmp_path / "autograded2"
    src2.mkdir()
    dest2.mkdir()
    for i in range(5):
        (src2 / f"g{i}.bin").write_bytes(b"y" * 1000)
    out = beneath.copy_back(src2, dest2, limit=1000, total=3000)
    assert out.files == ["g0.bin", "g1.bin", "g2.bin"]
    assert [r for r, _ in out.refused] == ["g3.bin", "g4.bin"]
    assert all("3,000 bytes" in why for _, why in out.refused)


# --------------------------------------------------------------------------- no live link or script

ATTACK_MARKDOWN = ("[click](javascript:alert(1)) [tab](JaVa\tScRiPt:alert(2)) [ent](&#106;avascript:alert(3)) "
                   "<a href='javascript:alert(4)' onclick='alert(5)'>a</a> <img src=x onerror=alert(6)> "
                   "<svg><script>alert(7)</script></svg> <iframe src='javascript:alert(8)'></iframe> "
                   "[ok](https://example.org)\n\n| a | b |\n|--:|--|\n| 1 | 2 |")


def _notebook():
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell(ATTACK_MARKDOWN)
    md.metadata["nbgrader"] = {"grade": True, "solution": True, "grade_id": "q4", "points": 1,
                               "score": 0, "comment": "see [here](javascript:alert(9))"}
    out = nbformat.v4.new_output("display_data", {"text/markdown": "[m](javascript:alert(10))",
                                                  "text/html": "<a href='javascript:alert(11)'>h</a>",
                                                  "text/plain": "x"})
    nb.cells = [md, nbformat.v4.new_code_cell("1", outputs=[out])]
    return nb


class _Live(HTMLParser):
    """Everything live in a page: scripts, handlers, javascript: URLs, the CSP."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.js_urls, self.csp, self.in_head = 0, [], [], [], False
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if "javascript:" in "".join(value.split()).lower():
                self.js_urls.append((tag, name, value))
            if tag == "meta" and name == "http-equiv" and value.lower() == "content-security-policy" and self.in_head:
                self.csp.append(dict(attrs)["content"])
        if tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def _templates():
    import nbgrader
    base = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    return str(base / "templates"), str(base / "static" / "node_modules" / "bootstrap" / "dist" / "css")


def _course_config():
    from traitlets.config.loader import PyFileConfigLoader
    return PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()


def test_no_live_link_or_script_in_a_feedback_page_or_the_formgrader():
    from nbconvert.exporters import HTMLExporter
    from nbgrader.converters import GenerateFeedback
    from traitlets import import_item

    config = _course_config()
    assert import_item(config.GenerateFeedback.exporter_class) is safehtml.FeedbackExporter
    assert "exporter_class" in GenerateFeedback.class_trait_names(config=True)
    templates, css = _templates()

    # the feedback page, as GenerateFeedback configures its exporter
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [templates]
    config.HTMLExporter.extra_template_paths = [css]
    page, _ = safehtml.FeedbackExporter(config=config).from_notebook_node(
        _notebook(), resources={"nbgrader": {"notebook": "00", "score": 0, "max_score": 1, "late_penalty": 0}})
    live = _Live()
    live.feed(page)
    assert live.scripts == 0 and live.handlers == [] and live.js_urls == []
    assert live.csp == [safehtml.CSP] and "script-src 'none'" in safehtml.CSP and "default-src 'none'" in safehtml.CSP
    assert "https://example.org" in live.links and "alert(" not in "".join(str(h) for h in live.links)
    assert "text-align" in page            # markdown tables keep their alignment

    # the formgrader: nbgrader's own HTMLExporter with the course's configuration, the course's formgrade
    # template included (the grader's flags above the cells, workbook/grading/flags.py)
    # (its page keeps nbgrader's scripts; nothing of the student's is live, a flag's reason neither)
    config = _course_config()
    config.HTMLExporter.template_name = "formgrade"
    nb = _notebook()
    nb.metadata["workbook_grader"] = {"flags": [{"kind": "tamper", "cell": "<img src=x onerror=alert(12)>",
                                                 "reason": "<script>alert(12)</script>"}]}
    page, _ = HTMLExporter(config=config).from_notebook_node(nb, resources={
        "nbgrader": {}, "index": 0, "total": 1, "base_url": "", "my_url": "", "mathjax_url": "",
        "notebook_id": "00", "submission_id": "s", "last": 0, "next": None, "prev": None,
        "assignment_id": "00", "student": "s"})
    live = _Live()
    live.feed(page)
    assert live.js_urls == [] and "alert(" not in "".join(str(h) for h in live.links)
    assert not [h for h in live.handlers if h[0] in ("a", "img", "svg", "iframe")]
    for n in range(1, 12):
        assert f"alert({n})</script>" not in page and f"onerror=alert({n})" not in page
    assert "<script>alert(12)" not in page and "<img src=x" not in page   # shown as text, escaped:
    assert "workbook-flags" in page and "&lt;script&gt;alert(12)&lt;/script&gt;" in page


def test_a_feedback_page_is_what_nbconvert_renders_locked_down_in_one_parse():
    """FeedbackExporter does HTMLExporter's accessibility pass (image text,
    focusable cells) in lock_down's parse: the page is the one HTMLExporter's
    own rendering (its own parse and pass), locked down, gives."""
    import nbformat
    from nbconvert.exporters import HTMLExporter

    class TwoParses(safehtml.FeedbackExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            self.environment.globals["_"] = safehtml._words(nb)   # the page's words, as FeedbackExporter gives them
            output, resources = HTMLExporter.from_notebook_node(self, nb, resources, **kw)
            return safehtml.lock_down(output, self.content_security_policy), resources

    templates, css = _templates()
    config = _course_config()
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [templates]
    config.HTMLExporter.extra_template_paths = [css]
    nb = _notebook()
    png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    nb.cells.append(nbformat.v4.new_code_cell("plot()", outputs=[nbformat.v4.new_output(
        "display_data", data={"image/png": png, "text/plain": "<Figure>"})]))
    # cells made focusable by the pass only inside a .jp-Notebook (a descendant selector), an image that has a text
    nb.cells.append(nbformat.v4.new_markdown_cell(
        '<div class="jp-Notebook"><div class="x jp-Cell-inputWrapper">in</div><p><div class="jp-OutputArea-output">'
        f'out</div></p></div><div class="jp-Cell-inputWrapper">outside</div><img alt="given" src="data:image/png;base64,{png}">'))
    pages = []
    for exporter in (safehtml.FeedbackExporter, TwoParses):
        page, _ = exporter(config=config).from_notebook_node(
            nb, resources={"nbgrader": {"notebook": "00", "score": 0, "max_score": 1, "late_penalty": 0}})
        pages.append(page)
    assert pages[0] == pages[1]
    assert 'alt="No description has been provided for this image"' in pages[0] and 'alt="given"' in pages[0]
    assert pages[0].count('tabindex="0"') == 2, pages[0]   # (nbgrader's feedback template
    # is nbconvert's classic one: no .jp-Notebook cell to make focusable)


def test_one_feedback_exporter_renders_each_page_as_a_fresh_one_would():
    """FeedbackExporter renders a markdown text and highlights a code cell
    once for all the pages of a class: every page is still the one a fresh
    exporter gives, for the cells the pages share, the cells they do not,
    and a cell with attachments of its own."""
    import nbformat
    templates, css = _templates()
    config = _course_config()
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [templates]
    config.HTMLExporter.extra_template_paths = [css]
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

    def student(k: int):
        nb = _notebook()
        nb.cells.append(nbformat.v4.new_code_cell("def area(r):\n    return 3.14 * r ** 2\n"))     # shared
        nb.cells.append(nbformat.v4.new_code_cell(f"answer = {k} * 2  # student {k}\n"))         # their own
        pic = nbformat.v4.new_markdown_cell("![plot](attachment:plot.png)")                    # same text,
        pic.attachments = {"plot.png": {"image/png": png if k else png[:-8] + "AAAAAAA="}}     # other image
        nb.cells.append(pic)
        return nb

    resources = {"nbgrader": {"notebook": "00", "score": 0, "max_score": 1, "late_penalty": 0}}
    import copy
    notebooks = [student(k) for k in range(3)]
    one = safehtml.FeedbackExporter(config=config)
    together = [one.from_notebook_node(copy.deepcopy(nb), resources=dict(resources))[0] for nb in notebooks]
    alone = [safehtml.FeedbackExporter(config=config).from_notebook_node(copy.deepcopy(nb), resources=dict(resources))[0]
             for nb in notebooks]
    assert together == alone
    assert together[0] != together[1] and "student 1" in together[1]
    assert one.renders["highlight_code"].done and one.renders["markdown2html"].done
