"""environment.yml (conda, Binder) and requirements.txt (pip) agree."""
import re


from conftest import REPO


def pins(lines):
    out = {}
    for line in lines:
        line = line.strip().strip('"').lstrip("- ").strip()
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def test_environment_yml_matches_requirements():
    req = pins((REPO / "requirements.txt").read_text().splitlines())
    env = pins((REPO / "environment.yml").read_text().splitlines())
    assert req, "requirements.txt pins nothing"
    assert env == req


def test_every_runtime_dependency_is_pinned():
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert "==" in line, f"requirements.txt: {line!r} is not pinned"


def test_pins_parser_can_fail():
    assert pins(["- torch==2.13.0"]) != pins(["torch==2.12.0"])


def test_importing_nbformat_does_not_load_the_iri_grammars():
    """Every command, grading worker and nbgrader run imports nbformat, which
    imports jsonschema's format checkers; with rfc3987-syntax installed they
    build 38 Earley parsers on import (0.8 s a process). requirements.txt pins
    jsonschema 4.23, which does not install it; `make` removes it from older
    venvs."""
    import subprocess
    import sys
    code = "import sys, nbformat; print('rfc3987_syntax' in sys.modules, 'lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"], ("importing nbformat loaded rfc3987_syntax/lark: run `make` (or "
                                       "`.venv/bin/pip uninstall rfc3987-syntax`) and keep jsonschema pinned")
