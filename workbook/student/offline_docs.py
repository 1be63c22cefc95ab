"""FastAPI's interactive documentation (``/docs``, ``/redoc``) without the
network.

FastAPI's own ``/docs`` page loads swagger-ui's script and stylesheet from a
CDN (cdn.jsdelivr.net), so offline it is a blank page. ``offline_docs(app)``
serves the same page from files on this machine: the swagger-ui, ReDoc and
favicon files that the ``fastapi-offline`` package ships, mounted with
``StaticFiles``, and ``get_swagger_ui_html(swagger_js_url=...,
swagger_css_url=...)`` pointing at them: FastAPI's documented way to
self-host the docs' assets (https://fastapi.tiangolo.com/how-to/custom-docs-ui-assets/).

It takes the app your ``create_app`` built, unchanged, and returns an app that
answers ``/docs``, ``/docs/oauth2-redirect``, ``/redoc`` and the static files
itself and passes every other request (``/openapi.json``, ``/health``,
``/predict``, ``/``) on to your app; starting it starts your app (its
lifespan)::

    uvicorn.run(offline_docs(app), host="127.0.0.1", port=8000)
"""
# no `from __future__ import annotations`: FastAPI reads the routes' annotations (Request, imported below)

from contextlib import asynccontextmanager
from importlib import resources

STATIC_URL = "/static-offline-docs"


def static_dir():
    """The folder of swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js
    and favicon.png (package data of fastapi-offline)."""
    return resources.files("fastapi_offline") / "static"


def offline_docs(app, static_url: str = STATIC_URL):
    """``app`` with its /docs and /redoc pages served from local files."""
    from fastapi import FastAPI, Request
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    if app.openapi_url is None:  # an app without a schema has nothing to document
        return app

    @asynccontextmanager
    async def lifespan(_site):
        # a mounted app's lifespan does not run by itself: the site runs it
        async with app.router.lifespan_context(app) as state:
            yield state

    site = FastAPI(title=app.title, docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    site.mount(static_url, StaticFiles(directory=str(static_dir())), name="offline-docs-static")
    oauth2_redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @site.get(app.docs_url or "/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - Swagger UI",
                                   oauth2_redirect_url=f"{root}{oauth2_redirect_url}",
                                   swagger_js_url=f"{root}{static_url}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}{static_url}/swagger-ui.css",
                                   swagger_favicon_url=f"{root}{static_url}/favicon.png",
                                   swagger_ui_parameters=app.swagger_ui_parameters)

    @site.get(oauth2_redirect_url, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @site.get(app.redoc_url or "/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - ReDoc",
                              redoc_js_url=f"{root}{static_url}/redoc.standalone.js",
                              redoc_favicon_url=f"{root}{static_url}/favicon.png", with_google_fonts=False)

    site.mount("/", app)  # everything else: the app itself
    return site
