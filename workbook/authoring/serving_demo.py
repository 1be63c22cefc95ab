"""The instructor's churn service of 07_ml_service, served on 127.0.0.1.

The app is built from the source notebook itself, not from a copy of its
solution: the setup cell, the worked-example cells and the solution cells up
to Question 9 run in one namespace (as the instructor runs the notebook, in a
few seconds), then ``create_app`` gets the production artifact and
``DEMO_PAGE``. bench/bench_serving.py and tests/test_serving_page.py use it;
an instructor can open the demo page (and /docs, served offline) with

    .venv/bin/python -m workbook.authoring.serving_demo [--port 8000]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..student.offline_docs import offline_docs
from ..course import layout
from ..course import nb as nbm

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENT = "07_ml_service"
LAST_CELL = "q9_demo_page"
HOST = "127.0.0.1"


@contextlib.contextmanager
def solution_app(root: Path = REPO) -> Iterator:
    """Yield the solution's FastAPI app (the production artifact, the demo
    page); the notebook's output is swallowed, its WORK folder and its
    environment variables (MLflow's) are removed afterwards."""
    nb = nbm.read(layout.directory(root, "source") / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    ns: dict = {"__name__": f"{ASSIGNMENT}_solution"}
    env = dict(os.environ)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code" or nbm.kind(cell) not in (None, "readonly", "answer"):
                    continue  # test cells score answers; they build nothing the service needs
                code = compile(nbm.solution_code(cell.source), nbm.cell_label(cell, i), "exec", dont_inherit=True)
                exec(code, ns)
                if nbm.meta(cell).get("grade_id") == LAST_CELL:
                    break
        yield ns["create_app"](lambda: ns["load_artifact"](ns["MODELS"] / f"churn-{ns['best_version']}"),
                               ns["DEMO_PAGE"])
    finally:
        if "WORK" in ns:
            shutil.rmtree(ns["WORK"], ignore_errors=True)
        for name in set(os.environ) - set(env):
            del os.environ[name]
        os.environ.update(env)


def _listen(port: int) -> socket.socket:
    """A listening loopback socket. Made with proto=IPPROTO_TCP, unlike
    socket.create_server's: only then does asyncio set TCP_NODELAY on the
    connections it accepts, without which every response waits ~40 ms for a
    delayed ACK (Nagle: uvicorn writes the headers and the body separately)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen()
    return sock


def _server(app):
    import uvicorn
    return uvicorn.Server(uvicorn.Config(app, log_level="warning"))


@contextlib.contextmanager
def serve(app, timeout: float = 30) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port in a background
    thread; yield its base URL; stop the server on exit."""
    with _listen(0) as sock:
        server = _server(app)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        end = time.monotonic() + timeout
        try:
            while not server.started:
                if not thread.is_alive() or time.monotonic() > end:
                    raise RuntimeError("uvicorn did not start")
                time.sleep(0.05)
            yield f"http://{HOST}:{sock.getsockname()[1]}"
        finally:
            server.should_exit = True
            thread.join(timeout)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Serve the instructor's churn service and demo page on 127.0.0.1.")
    ap.add_argument("--port", type=int, default=8000, help="0: a free port")
    args = ap.parse_args(argv)
    # uvicorn re-raises the signal that stopped it: SIGTERM as Ctrl-C, so the notebook's WORK folder is removed
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with contextlib.suppress(KeyboardInterrupt), solution_app() as app, _listen(args.port) as sock:
        print(f"http://{HOST}:{sock.getsockname()[1]}", flush=True)  # the first line: bench_serving.py reads it
        _server(offline_docs(app)).run(sockets=[sock])  # /docs without a CDN
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
