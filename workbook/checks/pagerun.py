"""07's demo page run in a real browser, judge side (issue 56): what the
page's script does when a user fills in its form and submits it.

``run_page(html, customer, answer)`` opens the student's page in headless
Chromium (driven by Playwright) at a made-up origin, fills each
``form input[name=...]`` with the customer's values, clicks the form's
submit button and waits (``timeout`` seconds at most) until ``#probability``
shows something else than before. No socket is opened for it: Playwright
answers every request of the page itself (``page.route``): ``GET /`` with
the page, ``POST /predict`` with ``answer`` (the stand-in for the student's
API, so that the page is judged on its own, whatever their app does), and
aborts every other request (another host, another path). Chromium also
resolves no host name and sends no WebRTC traffic. It returns plain data:
the requests /predict received (method, content type, body), the text of
``#probability`` before and after, the page's script errors and whether the
page navigated away (a submit without ``preventDefault()`` reloads it).

The browser is the suite's (``WORKBOOK_CHROMIUM``, Debian's ``chromium``,
or Playwright's own build). It never runs in a student's kernel: only the
hidden part of 07's Question 9 calls it, in the judge (and in the kernel of
``nbgrader validate`` run on the source notebook)."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor

ORIGIN = "http://demo-page.invalid"   # never resolved: every request of the page is answered by route()
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
        "--proxy-server=http://0.0.0.0:9", "--proxy-bypass-list=<-loopback>"]


class NoBrowser(RuntimeError):
    """No Chromium to run the page in: the grader's machine lacks a package (not the student's fault)."""


def chromium() -> str:
    """The browser's executable: WORKBOOK_CHROMIUM, Debian's chromium, or Playwright's own build."""
    given = os.environ.get("WORKBOOK_CHROMIUM")
    for candidate in ([given] if given else ["/usr/bin/chromium", shutil.which("chromium") or ""]):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    try:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            own = p.chromium.executable_path
    except Exception:  # noqa: BLE001 - no Playwright build either
        own = ""
    if own and os.access(own, os.X_OK):
        return own
    raise NoBrowser("07's demo page is run in Chromium: install the chromium package (scripts/system-packages) "
                    "or set WORKBOOK_CHROMIUM")


LAUNCH_TIMEOUT = 120.0   # seconds for Chromium to start, however loaded the grading machine is


def run_page(html: str, customer: dict, answer: dict, *, timeout: float = 8.0) -> dict:
    """What the page does with ``customer`` typed into its form (see the module's text).

    Playwright's sync API refuses to run in a thread with a running asyncio
    loop (an ipykernel's, when ``nbgrader validate`` runs the hidden tests):
    there it runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_page(html, customer, answer, timeout)
    with ThreadPoolExecutor(1, thread_name_prefix="pagerun") as pool:
        return pool.submit(_run_page, html, customer, answer, timeout).result()


def _run_page(html: str, customer: dict, answer: dict, timeout: float) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    posts: list[dict] = []
    others: list[str] = []
    errors: list[str] = []
    report = {"posts": posts, "other_requests": others, "errors": errors, "before": None, "after": None,
              "navigated": False, "filled": [], "submitted": False}

    def answer_request(route):
        req = route.request
        url = req.url.split("#", 1)[0]
        if url in (ORIGIN, ORIGIN + "/") and req.method == "GET":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=str(html))
        elif url == ORIGIN + "/predict":
            body = req.post_data
            posts.append({"method": req.method, "content_type": req.headers.get("content-type", ""),
                          "body": body if body is None or len(body) < 20_000 else body[:20_000]})
            route.fulfill(status=200, content_type="application/json", body=json.dumps(answer))
        elif url.startswith(ORIGIN + "/?") or url.startswith(ORIGIN + "/predict?"):
            report["navigated"] = True      # a form submitted by the browser itself: the page reloads
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body="<html></html>")
        else:
            others.append(url[:200])
            route.abort()

    with sync_playwright() as p:
        # the browser's start is the grader's, not the page's: a loaded grading machine took more than the page's
        # 8 s to start Chromium, and an honest page lost its points (a CI run of the suite)
        browser = p.chromium.launch(executable_path=chromium(), headless=True, args=ARGS,
                                    timeout=max(LAUNCH_TIMEOUT, timeout) * 1000)
        try:
            page = browser.new_page(java_script_enabled=True)
            page.set_default_timeout(timeout * 1000)
            page.route("**/*", answer_request)
            page.on("pageerror", lambda e: errors.append(str(e)[:300]))
            page.on("framenavigated", lambda f: report.__setitem__(
                "navigated", report["navigated"] or (f == page.main_frame and f.url.rstrip("/") != ORIGIN)))
            try:
                page.goto(ORIGIN + "/", wait_until="load")
                target = page.locator("#probability")
                # each step waits up to the page's timeout, and the answer has ``timeout`` seconds from the
                # click: a loaded grading machine's Chromium once took more than the 1-2 s a step had, and an
                # honest page "sent no POST" (07's round trip in a full suite)
                report["before"] = target.first.inner_text() if target.count() else None
                for name, value in customer.items():
                    field = page.locator(f'form input[name="{name}"]')
                    if field.count():
                        field.first.fill(str(value))
                        report["filled"].append(name)
                button = page.locator('form [type="submit"], form button:not([type])')
                if button.count():
                    button.first.click(no_wait_after=True)
                    report["submitted"] = True
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:       # until the answer is shown (or the time is up)
                    page.wait_for_timeout(50)
                    if report["navigated"] or (posts and target.count()
                                               and target.first.inner_text(timeout=500) != report["before"]):
                        break
                if not report["navigated"] and target.count():
                    page.wait_for_timeout(100)          # a script that writes twice: its last text
                    report["after"] = target.first.inner_text(timeout=1000)
            except PlaywrightError as e:
                errors.append(f"the browser: {str(e).splitlines()[0][:300]}")
        finally:
            browser.close()
    return report
