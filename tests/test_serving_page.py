"""The demo page of 07_ml_service in a real browser: the instructor's app
(workbook.authoring.serving_demo) served by uvicorn on 127.0.0.1, headless
Chromium driven by Playwright fills in the form with a customer of the
validation month and submits it; the page shows the churn probability that
POST /predict answers for that customer, without console errors and without
any request leaving 127.0.0.1. Screenshot: test-output/serving_demo_page.png."""
from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from conftest import CHROMIUM_ARGS, chromium_path
from workbook.authoring.serving_demo import serve, solution_app
from workbook.data.serving import FEATURES, VALID_CUTOFF, snapshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_demo_page_shows_the_prediction_of_the_service(output_dir):
    from playwright.sync_api import expect, sync_playwright
    customer = snapshot(seed=0, cutoff=VALID_CUTOFF)[["customer_id", *FEATURES]].to_dict("records")[7]
    with solution_app() as app, serve(app) as url, sync_playwright() as p:
        answer = httpx.post(f"{url}/predict", json={"customers": [customer]}, trust_env=False).json()
        expected = answer["predictions"][0]
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors, hosts = [], set()

        # the browser's own request for /favicon.ico (the app has none) is answered here: it is not the page's
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))

        def on_console(m):
            if m.type == "error":
                errors.append(f"{m.text} ({m.location.get('url')})")

        page.on("console", on_console)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
        page.goto(url)
        for name, value in customer.items():
            page.fill(f'form input[name="{name}"]', str(value))
        with page.expect_response(lambda r: r.url == f"{url}/predict" and r.request.method == "POST") as posted:
            page.click('form [type="submit"]')
        assert posted.value.status == 200
        assert posted.value.request.post_data_json == {"customers": [customer]}
        result = page.locator("#probability")
        expect(result).to_contain_text(f"{expected['probability']:.3f}")
        expect(result).to_contain_text(answer["model_version"])
        assert ("churn risk" in result.inner_text()) == expected["churn"]
        page.screenshot(path=str(output_dir / "serving_demo_page.png"), full_page=True)
        browser.close()
    assert errors == [], f"console errors: {errors}"
    assert hosts == {"127.0.0.1"}, f"requests left 127.0.0.1: {sorted(map(str, hosts))}"
