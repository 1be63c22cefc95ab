"""A JupyterLab server for tests: `workbook lab` setup in a temporary course,
on 127.0.0.1 with a token, stopped (its whole process group) afterwards."""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from workbook.course import layout as course

from workbook.student import lab


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    def __init__(self, root: Path, workspace: Path, log: Path, extra: list[str] | None = None):
        self.root, self.workspace, self.log = root, workspace, log
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.extra = extra or []
        self.proc = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120):
        lab.prepare(self.root, self.workspace)
        cmd = lab.lab_command(self.workspace, ["--no-browser", "--ServerApp.ip=127.0.0.1",
                                               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                                               f"--IdentityProvider.token={self.token}",
                                               "--ServerApp.open_browser=False", *self.extra])
        env = lab.lab_env(self.workspace)
        env["HOME"] = str(self.workspace.parent / "home")  # no user settings leak in
        Path(env["HOME"]).mkdir(exist_ok=True)
        self.fh = open(self.log, "w")
        self.proc = subprocess.Popen(cmd, cwd=self.workspace, env=env, stdout=self.fh, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited ({self.proc.returncode}):\n{self.log.read_text()[-3000:]}")
            try:
                self.get("/api/status")
                return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"jupyter lab did not start in {timeout} s:\n{self.log.read_text()[-3000:]}")

    def request(self, path: str, data: dict | None = None, timeout: float = 60) -> str:
        req = urllib.request.Request(self.url + path, headers={"Authorization": f"token {self.token}"})
        if data is not None:
            req.data = json.dumps(data).encode()
            req.method = "POST"
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.read().decode()

    def get(self, path: str, timeout: float = 60) -> str:
        return self.request(path, timeout=timeout)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        if getattr(self, "fh", None):
            self.fh.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def make_course(tmp_path: Path, repo: Path, assignments: list[str]) -> Path:
    root = tmp_path / "course"
    course.copy_course(repo, root, assignments)
    return root
