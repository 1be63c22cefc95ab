"""nbgrader configuration of the Daon Market ML engineer course workbook.

Paths are relative to the folder nbgrader runs in (the course root), so the
same file serves the repository, a test's temporary course and the demo."""
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "daon-ml-workbook"
# the sqlite gradebook in the course root (a PostgreSQL URL works too)
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".DS_Store"]

# one cell may run 120 s (torch warm-up on a slow machine); no retries
c.Execute.timeout = 120
c.Execute.startup_timeout = 120
c.Execute.execute_retries = 0

# Student code runs in a bubblewrap sandbox (workbook/sandbox.py): no network,
# nothing of the course folder, limits on memory, processes and time. The
# kernel manager applies to every command that executes notebooks (autograde,
# validate, the formgrader). WORKBOOK_SANDBOX=0 turns it off, with a warning.
c.Execute.kernel_manager_class = "workbook.sandbox.SandboxKernelManager"
c.SandboxKernelManager.memory = "3G"        # per notebook (cgroup v1 memory)
c.SandboxKernelManager.pids = 512           # processes and threads (cgroup v1 pids)
c.SandboxKernelManager.cpu_seconds = 900    # CPU seconds per notebook
c.SandboxKernelManager.wall_seconds = 900   # wall-clock seconds per notebook
# Feedback never shows hidden tests or the tracebacks that quote them
# (jupyter/nbgrader#917): workbook/feedback.py, also for the formgrader.
c.GenerateFeedback.preprocessors = [
    "workbook.feedback.SanitizeFeedback",
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
try:  # nbgrader's Execute ignores a configured kernel_manager_class without this
    from workbook.sandbox import install as _install_sandbox
    _install_sandbox()
except ImportError:  # the workbook package is not installed: nbgrader's default kernels
    pass

# A harmless warning printed on stderr by torch, pandas or matplotlib must not
# zero a test cell (nbgrader gives 0 to a test cell with any stderr output).
# Only stderr chunks that are Python warnings are dropped; errors are kept.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"^(\S.*:\d+: )?\w*Warning: "

# students' output is capped so a runaway print cannot bloat the gradebook
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 40

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
