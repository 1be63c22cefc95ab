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
