"""FastAPI's /docs without the network (07_ml_service): offline_docs(app)
serves swagger-ui's script, stylesheet and favicon from local files
(fastapi-offline's package data), and the student's app keeps answering
everything else. Screenshot of the page in headless Chromium:
test-output/07-docs.png."""
from __future__ import annotations

import re
import subprocess
import warnings
from contextlib import asynccontextmanager

import pytest
from fastapi import FastAPI, Request

from conftest import CHROMIUM_ARGS, chromium_path
from workbook.student.offline_docs import offline_docs

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


def student_app() -> FastAPI:
    """An app built as Question 8 asks: a lifespan that loads the model, /health."""
    @asynccontextmanager
    async def lifespan(app):
        app.state.model = {"version": "1.1.0"}
        yield

    app = FastAPI(title="Daon Market churn service", lifespan=lifespan)

    @app.get("/health")
    def health(request: Request):
        return {"status": "ok", "model_version": request.app.state.model["version"]}

    return app


def test_fastapis_own_docs_need_a_cdn():
    with TestClient(student_app()) as client:
        urls = ASSET.findall(client.get("/docs").text)
    assert any(u.startswith("https://") for u in urls), urls  # why offline_docs exists


def test_docs_assets_are_local_and_served():
    with TestClient(offline_docs(student_app())) as client:
        page = client.get("/docs")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        urls = ASSET.findall(page.text)
        assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
        kinds = {}
        for url in urls:
            r = client.get(url)
            assert r.status_code == 200 and len(r.content) > 1000, url
            kinds[url.rsplit(".", 1)[-1]] = r.headers["content-type"]
        assert "javascript" in kinds["js"] and "text/css" in kinds["css"], kinds
        assert "url: '/openapi.json'" in page.text
        # the student's app answers the rest, its lifespan ran
        assert client.get("/health").json() == {"status": "ok", "model_version": "1.1.0"}
        assert "/health" in client.get("/openapi.json").json()["paths"]
        redoc = client.get("/redoc")
        assert all(u.startswith("/") for u in ASSET.findall(redoc.text)) and "fonts.googleapis" not in redoc.text
        assert client.get("/docs/oauth2-redirect").status_code == 200


@pytest.mark.slow
@pytest.mark.browser
def test_docs_render_offline_in_chromium(output_dir):
    """The page in a real browser served by uvicorn on 127.0.0.1: swagger-ui
    draws the operations (its DOM has the /health path)."""
    from workbook.authoring.serving_demo import serve
    browser = chromium_path()
    with serve(offline_docs(student_app())) as url:
        shot = output_dir / "07-docs.png"
        shot.unlink(missing_ok=True)
        args = [browser, *CHROMIUM_ARGS, "--virtual-time-budget=10000", "--window-size=1200,900"]
        subprocess.run([*args, f"--screenshot={shot}", f"{url}/docs"], capture_output=True, timeout=120)
        dom = subprocess.run([*args, "--dump-dom", f"{url}/docs"], capture_output=True, text=True, timeout=120).stdout
    assert shot.exists() and shot.stat().st_size > 10_000
    assert "opblock" in dom and "/health" in dom, dom[-2000:]
