"""workbook lab: release/ copied into work/ without overwriting, JupyterLab with
nbgrader's Assignment List and Validate enabled (and the instructor's tools off)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbgrader
import pytest

from conftest import OUTPUT, REPO
from labserver import LabServer, make_course
from workbook import cli
from workbook.student import hints, lab
from workbook.student.hints import HINTS_FILE

A = "00_orientation"


@pytest.fixture
def root(tmp_path):
    return make_course(tmp_path, REPO, [A])


def test_copies_release_without_overwriting_work(root):
    ws = root / "work"
    first = lab.prepare(root, ws)
    assert f"{A}/{A}.ipynb" in first.copied and f"{A}/{HINTS_FILE}" in first.copied
    mine = ws / A / f"{A}.ipynb"
    mine.write_text(mine.read_text().replace("# YOUR CODE HERE", "# my work", 1))
    (ws / A / "notes.txt").write_text("mine")
    (root / "release" / A / HINTS_FILE).write_text('{"q1_format_metric": ["new", "hints"]}')
    second = lab.prepare(root, ws)
    assert second.copied == [] and f"{A}/{A}.ipynb" in second.kept
    assert "# my work" in mine.read_text() and (ws / A / "notes.txt").read_text() == "mine"
    assert second.refreshed == [f"{A}/{HINTS_FILE}"]  # course material, not work
    shutil.rmtree(ws / A)
    assert f"{A}/{A}.ipynb" in lab.prepare(root, ws).copied  # a deleted assignment comes back


def test_config_enables_assignment_list_and_validate_only(root):
    ws = root / "work"
    lab.prepare(root, ws)
    cfg = lab.config_dir(ws)
    ext = json.loads((cfg / "jupyter_server_config.json").read_text())["ServerApp"]["jpserver_extensions"]
    assert ext["nbgrader.server_extensions.assignment_list"] is True
    assert ext["nbgrader.server_extensions.validate_assignment"] is True
    assert ext["nbgrader.server_extensions.formgrader"] is False
    disabled = json.loads((cfg / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    assert disabled["@jupyter/nbgrader:formgrader"] is True and disabled["@jupyter/nbgrader:assignment-list"] is False
    assert (ws / ".exchange" / "daon-ml-workbook" / "outbound" / A / f"{A}.ipynb").exists()
    env = lab.lab_env(ws)
    assert env["JUPYTER_CONFIG_DIR"] == str(cfg) and env["MATPLOTLIBRC"] == str(cfg / "matplotlibrc")
    assert "display: none" in (cfg / "custom" / "custom.css").read_text()
    news = json.loads((cfg / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension" /
                       "notification.jupyterlab-settings").read_text())
    assert news["fetchNews"] == "false"
    assert "--no-browser" in lab.lab_command(ws, ["--", "--no-browser"])


def _plugin_schema(settings_file) -> dict:
    """JupyterLab's own schema of the plugin a user settings file belongs to:
    <app dir>/schemas/@scope/package/plugin.json."""
    from jupyterlab.commands import get_app_dir
    schemas = Path(get_app_dir()) / "schemas"
    rel = settings_file.relative_to(settings_file.parents[2])  # @scope/package/plugin.jupyterlab-settings
    schema = schemas / rel.with_name(rel.name.removesuffix(".jupyterlab-settings") + ".json")
    assert schema.is_file(), f"{rel}: no JupyterLab plugin has this settings file (no {schema})"
    return json.loads(schema.read_text())


def _validate_user_settings(ws) -> dict:
    import jsonschema
    settings = lab.config_dir(ws) / "lab" / "user-settings"
    found = {}
    for path in sorted(settings.rglob("*.jupyterlab-settings")):
        values = json.loads(path.read_text())
        jsonschema.Draft7Validator(_plugin_schema(path)).validate(values)  # what JupyterLab's ajv checks
        found[str(path.relative_to(settings))] = values
    return found


def test_lab_settings_valid_for_jupyterlab(root):
    """Each written setting sits under the plugin that owns it (a setting a
    plugin does not know fails its additionalProperties: false)."""
    ws = root / "work"
    lab.prepare(root, ws)
    found = _validate_user_settings(ws)
    tracker = found["@jupyterlab/notebook-extension/tracker.jupyterlab-settings"]
    assert tracker["autoStartDefaultKernel"] is True  # File > New > Notebook starts the kernel


def test_lab_settings_keep_student_values_and_drop_stale(root):
    ws = root / "work"
    settings = lab.config_dir(ws) / "lab" / "user-settings" / "@jupyterlab"
    (settings / "docmanager-extension").mkdir(parents=True)
    (settings / "notebook-extension").mkdir(parents=True)
    # what an earlier `workbook lab` wrote, and a student's own choice (JSON5, as JupyterLab saves it)
    (settings / "docmanager-extension" / "plugin.jupyterlab-settings").write_text(
        '{"autoStartDefaultKernel": true, "autosave": false}\n')
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        '// mine\n{"windowingMode": "full",}\n')
    lab.prepare(root, ws)
    found = _validate_user_settings(ws)
    assert found["@jupyterlab/docmanager-extension/plugin.jupyterlab-settings"] == {"autosave": False}
    assert found["@jupyterlab/notebook-extension/tracker.jupyterlab-settings"] == {
        "autoStartDefaultKernel": True, "windowingMode": "full"}


def test_cli_setup_only(root, capsys):
    assert cli.main(["--root", str(root), "lab", "--setup-only"]) == 0
    assert "never overwritten" in " ".join(capsys.readouterr().out.split())
    assert (root / "work" / A / f"{A}.ipynb").exists()


def test_everything_after_the_separator_reaches_jupyter_lab_untouched(root):
    argv = ["--root", str(root), "--Execute.timeout=5", "lab", "--setup-only", "--",
            "--ServerApp.ip=127.0.0.2", "--ServerApp.port_retries=0", "--no-browser", "--", "x.ipynb"]
    args = cli.parse(argv)
    assert args.traitlets == ["--Execute.timeout=5"]      # before the separator: the course's configuration
    command = lab.lab_command(root / "work", args.lab_args)
    after = command[command.index(f"--ServerApp.root_dir={root / 'work'}") + 1:]
    assert [a for a in after if a != "--allow-root"] == [
        "--ServerApp.ip=127.0.0.2", "--ServerApp.port_retries=0", "--no-browser", "--", "x.ipynb"]


def test_a_copied_notebook_has_the_language_info_its_kernel_reports(root):
    """JupyterLab writes the kernel's language_info into a notebook when the kernel starts: a notebook with
    less opened marked as modified (tests/test_browser.py checks every notebook in JupyterLab)."""
    from ipykernel.ipkernel import IPythonKernel
    lab.prepare(root, root / "work")
    for path in (root / "work" / A / f"{A}.ipynb",
                 root / "work" / ".exchange" / lab.course_id(root) / "outbound" / A / f"{A}.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["language_info"] == IPythonKernel.language_info, path
        assert [c["source"] for c in nb["cells"]] == [
            c["source"] for c in json.loads((root / "release" / A / f"{A}.ipynb").read_text())["cells"]]


def test_work_is_ignored_by_git():
    assert "/work/" in (REPO / ".gitignore").read_text().splitlines()


@pytest.mark.slow
def test_the_lab_neither_lists_nor_opens_the_hints_and_the_review(root):
    """During an exam hint() and review() refuse; the files they read are dotfiles, which JupyterLab's file
    browser does not list and its contents API does not open, even by name (the reviewer's finding: a click on
    hints.json beside the notebook showed every technique mid-exam). hint() still reads them."""
    import urllib.error

    from workbook.student.review import REVIEW_FILE
    OUTPUT.mkdir(exist_ok=True)
    ws = root / "work"
    with LabServer(root, ws, OUTPUT / "test_lab_hidden.log") as server:
        shutil.copy(REPO / "release" / "10_coding_test" / REVIEW_FILE, ws / A / REVIEW_FILE)
        assert (ws / A / HINTS_FILE).is_file() and (ws / A / REVIEW_FILE).is_file()
        listed = {x["name"] for x in json.loads(server.get(f"/api/contents/{A}"))["content"]}
        assert f"{A}.ipynb" in listed and not listed & {HINTS_FILE, REVIEW_FILE, "hints.json", "review.json"}
        for name in (HINTS_FILE, REVIEW_FILE):
            with pytest.raises(urllib.error.HTTPError) as refused:
                server.get(f"/api/contents/{A}/{name}?type=file&content=1")
            assert refused.value.code in (403, 404), name
    assert hints.find("q1", start=ws / A).hints


@pytest.mark.slow
def test_lab_serves_assignment_list_and_validate(root):
    OUTPUT.mkdir(exist_ok=True)
    ws = root / "work"
    with LabServer(root, ws, OUTPUT / "test_lab_server.log") as server:
        page = server.get("/lab")
        cfg = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                   page, re.S).group(1))
        disabled = cfg.get("disabledExtensions", [])
        assert "@jupyter/nbgrader:formgrader" in disabled
        assert "@jupyter/nbgrader:assignment-list" not in disabled
        assert "@jupyter/nbgrader:validate-assignment" not in disabled
        # the server halves of both extensions answer
        assert json.loads(server.get(f"/nbgrader_version?version={nbgrader.__version__}"))["success"] is True
        listed = json.loads(server.get("/assignments?course_id=daon-ml-workbook"))
        assert listed["success"] is True, listed
        mine = [x for x in listed["value"] if x["assignment_id"] == A]
        assert mine and mine[0]["status"] == "fetched", listed
        result = json.loads(server.request("/assignments/validate", {"path": f"{A}/{A}.ipynb"}, timeout=300))
        assert result["success"] is True, result
        assert "failed" in json.dumps(result["value"]).lower() or "error" in json.dumps(result["value"]).lower()
