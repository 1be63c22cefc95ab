"""`workbook lab` (`make lab`): the student's JupyterLab.

1. Copies release/ into a personal workspace (default ``work/`` in the
   course folder, ignored by git), file by file, never overwriting a file that
   is already there: your work is kept. Only ``.hints.json``, ``.review.json``
   and the compiled message catalogue (course material, not work) are
   refreshed when the course updates them.
2. Writes the workspace's Jupyter configuration in ``work/.jupyter/`` (the
   lab's ``JUPYTER_CONFIG_DIR``, for this lab only, so nothing global
   changes; it also holds the lab's settings: no news prompt, notebooks open
   with their kernel, Validate shows the ✘ messages first, and a matplotlibrc
   with a Korean font):

   * nbgrader 0.9.6 installs four server extensions and five labextension
     plugins, all enabled (``jupyter server extension list``,
     ``jupyter labextension list``). For a student we keep the
     **Assignment List** (``nbgrader.server_extensions.assignment_list`` +
     ``@jupyter/nbgrader:assignment-list``) and **Validate**
     (``nbgrader.server_extensions.validate_assignment`` +
     ``@jupyter/nbgrader:validate-assignment``) enabled, and turn the
     instructor's formgrader, course list and create-assignment off
     (``ServerApp.jpserver_extensions`` in jupyter_server_config.json and
     ``disabledExtensions`` in labconfig/page_config.json: the same settings
     `jupyter server extension disable` and `jupyter labextension disable`
     write).
   * an ``nbgrader_config.py`` for Validate and the Assignment List: the
     course id, the course's execution timeouts, and a local exchange
     (``work/.exchange``) holding the released assignments, so the Assignment
     List shows them (already downloaded in work/) with their Validate and
     Submit buttons.
3. Starts ``jupyter lab`` in the workspace (arguments after ``--`` are passed
   on, e.g. ``workbook lab -- --no-browser --port 8890``).
"""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..course import layout as course
from .hints import HINTS_FILE
from .review import REVIEW_FILE

KEEP_ENABLED = {
    "server": ["nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.validate_assignment"],
    "lab": ["@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment"],
}
INSTRUCTOR_ONLY = {
    "server": ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"],
    "lab": ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment"],
}
REFRESHED = {HINTS_FILE, REVIEW_FILE}   # course material, not work: refreshed
IGNORE = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", ".DS_Store")


@dataclass
class Prepared:
    workspace: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    assignments: list[str] = field(default_factory=list)


def default_workspace(root: Path) -> Path:
    return root / "work"


def copy_release(root: Path, workspace: Path) -> Prepared:
    """Copy release/<a>/ into workspace/<a>/ without overwriting anything that
    is there (the hints and the review excepted: they are refreshed)."""
    rel = course.directory(root, "release")
    out = Prepared(workspace)
    if not rel.is_dir():
        raise SystemExit(f"no release/ folder in {root}: nothing to copy (instructors: `workbook release`)")
    workspace.mkdir(parents=True, exist_ok=True)
    for a in course.assignments(root, "release"):
        out.assignments.append(a)
        for src in sorted((rel / a).rglob("*")):
            if not src.is_file() or any(part in (".ipynb_checkpoints", "__pycache__") for part in src.parts):
                continue
            relpath = src.relative_to(rel)
            dst = workspace / relpath
            if dst.exists():
                if (src.name in REFRESHED or src.suffix == ".mo") and not filecmp.cmp(src, dst, shallow=False):
                    shutil.copyfile(src, dst)
                    out.refreshed.append(str(relpath))
                else:
                    out.kept.append(str(relpath))
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            copy_file(src, dst)
            out.copied.append(str(relpath))
    return out


def copy_file(src, dst):
    """``shutil.copy2``; a notebook also gets the ``language_info`` its kernel reports (ipykernel's own, for this
    Python). JupyterLab writes the kernel's ``language_info`` into a notebook's metadata when the kernel starts,
    and a notebook whose metadata then changes opens marked as modified before the student has typed a thing."""
    shutil.copy2(src, dst)
    if str(src).endswith(".ipynb"):
        from ipykernel.ipkernel import IPythonKernel
        nb = json.loads(Path(dst).read_text(encoding="utf-8"))
        nb.setdefault("metadata", {})["language_info"] = dict(IPythonKernel.language_info)
        Path(dst).write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return dst


def course_id(root: Path) -> str:
    from ..grading.gradebook import course_id_of as cid
    return cid(root)


def _timeouts(root: Path) -> tuple[int, int]:
    c = course.Course.load(root)
    return int(c.setting("Execute", "timeout", 120)), int(c.setting("Execute", "startup_timeout", 120))


# The Validate dialog lists, for each failed test cell, its source and then
# the error; the source of a test cell is long, so the ✘ message would be
# below the fold. The source is in the notebook anyway: hide it here.
CUSTOM_CSS = """/* written by `workbook lab` */
#validation-message.validation-failed > .jp-RenderedText:nth-child(3n+2) { display: none; }
#validation-message.validation-failed pre { white-space: pre-wrap; }
"""

# JupyterLab settings of the workspace, per plugin (each key only written where
# the student has not set it): no news prompt, and a notebook starts the
# preferred kernel without asking (JupyterLab 4: ``autoStartDefaultKernel`` of
# the notebook tracker plugin, schemas/@jupyterlab/notebook-extension/tracker.json).
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "autoStartDefaultKernel": True,
        # every cell rendered (the notebooks are short): search and screenshots see all of them
        "windowingMode": "none",
    },
}
# settings an earlier `workbook lab` wrote under a plugin that does not know
# them (JupyterLab then logs the plugin's whole schema): removed
STALE_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": ("autoStartDefaultKernel",),
}


def _read_settings(path: Path) -> dict | None:
    """A user settings file (JSON5, as JupyterLab reads it); None when unreadable."""
    import json5  # jupyterlab_server's own settings parser
    try:
        values = json5.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return values if isinstance(values, dict) else None


# JupyterLab's own menus in the edition's language: the official language
# pack (jupyterlab-language-pack-ko-kr on PyPI, in requirements.txt) and the
# locale setting of the translation plugin
UI_LOCALES = {"ko": "ko_KR"}
TRANSLATION_SETTINGS = "@jupyterlab/translation-extension/plugin.jupyterlab-settings"


def release_language(root: Path) -> str:
    """The language release/ was generated in (its notebooks' metadata)."""
    from .. import i18n
    from ..course import nb as nbm
    for a in course.assignments(root, "release"):
        for p in course.notebooks(root, a, "release"):
            try:
                return i18n.notebook_language(nbm.read(p))
            except nbm.NotebookError:
                continue
    return i18n.SOURCE_LANGUAGE


def write_user_settings(settings: Path, language: str = "en") -> None:
    """USER_SETTINGS into the lab's user settings folder, keeping every value
    the student set; STALE_SETTINGS removed; the interface's language."""
    wanted = dict(USER_SETTINGS)
    if language in UI_LOCALES:
        wanted[TRANSLATION_SETTINGS] = {"locale": UI_LOCALES[language]}
    for rel, values in wanted.items():
        path = settings / rel
        current = _read_settings(path) if path.exists() else {}
        if current is None:  # a file the student broke or wrote by hand: theirs
            continue
        merged = {**values, **current}
        if merged != current or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(merged, indent=2) + "\n")
    for rel, keys in STALE_SETTINGS.items():
        path = settings / rel
        current = _read_settings(path) if path.exists() else None
        if current and any(k in current for k in keys):
            kept = {k: v for k, v in current.items() if k not in keys}
            if kept:
                path.write_text(json.dumps(kept, indent=2) + "\n")
            else:
                path.unlink()


def config_dir(workspace: Path) -> Path:
    return workspace / ".jupyter"


def write_config(root: Path, workspace: Path, language: str | None = None) -> Path:
    """The workspace's Jupyter configuration (see the module docstring)."""
    cfg = config_dir(workspace)
    (cfg / "labconfig").mkdir(parents=True, exist_ok=True)
    (cfg / "custom").mkdir(exist_ok=True)
    (cfg / "custom" / "custom.css").write_text(CUSTOM_CSS)
    settings = cfg / "lab" / "user-settings"
    write_user_settings(settings, language or release_language(root))
    from .fonts import matplotlibrc
    (cfg / "matplotlibrc").write_text(matplotlibrc())
    server = {"ServerApp": {"jpserver_extensions": {
        **{name: True for name in KEEP_ENABLED["server"]},
        **{name: False for name in INSTRUCTOR_ONLY["server"]},
    }},
        "LabApp": {"custom_css": True, "user_settings_dir": str(settings)}}
    (cfg / "jupyter_server_config.json").write_text(json.dumps(server, indent=2) + "\n")
    page = {"disabledExtensions": {**{name: False for name in KEEP_ENABLED["lab"]},
                                   **{name: True for name in INSTRUCTOR_ONLY["lab"]}}}
    (cfg / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2) + "\n")
    cid = course_id(root)
    timeout, startup = _timeouts(root)
    exchange = workspace / ".exchange"
    (cfg / "nbgrader_config.py").write_text(f'''"""nbgrader settings of this student workspace (written by `workbook lab`).

Validate runs your notebook top to bottom in a fresh kernel, as the grader
will; the Assignment List reads the local exchange below."""
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {cid!r}
c.Exchange.root = {str(exchange)!r}
c.Exchange.assignment_dir = {str(workspace)!r}
c.Execute.timeout = {timeout}
c.Execute.startup_timeout = {startup}
c.Execute.execute_retries = 0
''')
    return cfg


def fill_exchange(root: Path, workspace: Path) -> Path:
    """The released assignments in a local nbgrader exchange
    (<exchange>/<course id>/outbound/<assignment>/), refreshed each time."""
    outbound = workspace / ".exchange" / course_id(root) / "outbound"
    outbound.mkdir(parents=True, exist_ok=True)
    (workspace / ".exchange" / course_id(root) / "inbound").mkdir(exist_ok=True)
    for a in course.assignments(root, "release"):
        dst = outbound / a
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(course.directory(root, "release") / a, dst, ignore=IGNORE, copy_function=copy_file)
    return outbound


def prepare(root: Path, workspace: Path | None = None, language: str | None = None) -> Prepared:
    root = Path(root).resolve()
    ws = Path(workspace).resolve() if workspace else default_workspace(root)
    out = copy_release(root, ws)
    write_config(root, ws, language)
    fill_exchange(root, ws)
    return out


def lab_env(workspace: Path) -> dict:
    env = course.tool_env()
    # the workspace's own Jupyter configuration folder: its settings, and the
    # custom.css that JupyterLab reads from <config dir>/custom/
    env["JUPYTER_CONFIG_DIR"] = str(config_dir(workspace))
    env["MATPLOTLIBRC"] = str(config_dir(workspace) / "matplotlibrc")
    env.pop("WORKBOOK_HEADLESS", None)
    return env


def lab_command(workspace: Path, lab_args: list[str] | None = None) -> list[str]:
    args = list(lab_args or [])
    if args[:1] == ["--"]:                       # the separator itself; anything after it is jupyter lab's
        args = args[1:]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in args:
        args.append("--allow-root")  # containers (CI, Docker) run as root
    return [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace}", *args]


def main(args) -> int:
    from ..ui import console
    root = course.course_root(getattr(args, "root", None))
    ws = Path(args.workspace).resolve() if args.workspace else default_workspace(root)
    p = prepare(root, ws, getattr(args, "lang", None))
    from .. import i18n
    from ..messages import msg, render
    lang = i18n.language_for(getattr(args, "lang", None) or release_language(root))
    console.print(render(msg("Workspace [bold]{workspace}[/bold]: {copied} files copied from release/, {kept} already "
                             "there and kept (your work is never overwritten){refreshed}", workspace=ws,
                             copied=len(p.copied), kept=len(p.kept),
                             refreshed=msg(", hints refreshed: {names}", names=", ".join(p.refreshed))
                             if p.refreshed else ""), lang))
    console.print(render(msg("In a notebook: hint(\"q1\") for a hint; Validate (toolbar) before you submit. In a "
                             "terminal: `workbook progress`{selfgrade}",
                             selfgrade=msg("; self-study: `workbook selfgrade`")
                             if course.directory(root, "source").is_dir() else ""), lang))
    if args.setup_only:
        return 0
    cmd = lab_command(ws, args.lab_args)
    console.print("[dim]" + " ".join(cmd) + "[/dim]")
    try:
        return subprocess.call(cmd, cwd=ws, env=lab_env(ws))
    except KeyboardInterrupt:  # Ctrl+C: JupyterLab shuts down itself
        return 0
