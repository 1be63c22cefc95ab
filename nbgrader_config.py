"""nbgrader configuration of the Daon Market ML engineer course workbook.

Paths are relative to the folder nbgrader runs in (the course root), so the
same file serves the repository, a test's temporary course and the demo."""
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "daon-ml-workbook"
# the sqlite gradebook in the course root; a server works too, e.g.
# "postgresql+psycopg2://grader@dbhost/gradebook" (psycopg2 is installed)
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
# the language of release/: "en" (the English source) or "ko" (한국어판); `workbook release --lang ko` for once
c.Edition.language = "en"
# translation catalogues (source/<a>/locale/*.po, .pot) hold hidden tests' messages: nbgrader never copies
# them (release, autograde, exchange); a release in another language adds a compiled catalogue of only the
# messages the release shows (workbook/authoring/catalog.py)
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".DS_Store", "*.po", "*.pot",
                            # answers, wrong answers and hints (workbook/course/exercises.py); the hidden tests'
                            "exercises.py", "hidden.py"]  # reference solvers (workbook/checks/hiddenmodule.py)

# one cell may run 120 s (torch warm-up on a slow machine); no retries
c.Execute.timeout = 120
c.Execute.startup_timeout = 120
c.Execute.execute_retries = 0

# Grading (workbook/grading/execute.py): the student's cells run in a
# bubblewrap sandbox (no network, nothing of the course folder, limits on
# memory, processes and time); test cells never run there: the judge runs
# them in the grader and asks the sandboxed kernel only for plain data.
# `workbook autograde` puts these two lists in place whatever this file says.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "workbook.grading.sanitize.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "workbook.grading.sanitize.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "workbook.grading.execute.TrustedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbconvert.preprocessors.sanitize.SanitizeHTML",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "workbook.grading.sanitize.CheckCellMetadata",
]
c.SanitizeHTML.enabled = True  # nbconvert's preprocessors are off until enabled
c.TrustedExecute.require_exercise_format = True   # every test cell of this course is an @exercise
c.TrustedExecute.secret_file = ".workbook/secret"  # hidden inputs are drawn from it; keep it, never release it
c.SandboxKernelManager.memory = "3G"        # per notebook (cgroup v1 memory)
c.SandboxKernelManager.pids = 512           # processes and threads (cgroup v1 pids)
c.SandboxKernelManager.cpu_seconds = 900    # CPU seconds per notebook
c.SandboxKernelManager.wall_seconds = 900   # wall-clock seconds per notebook
c.Jail.memory = "1G"      # each shell or git answer the judge runs, in a jail of its own (jail.Jail)
c.Jail.disk = "256M"      # all such a jail writes, its /tmp included
# Feedback never shows hidden tests (jupyter/nbgrader#917), what the student's
# cells printed while graded (they saw the hidden inputs), nor runs what a
# student wrote in the reader's browser: workbook/grading/feedback.py.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.ClearHiddenTests",
    "workbook.grading.feedback.ClearStudentOutputs",
    "nbconvert.preprocessors.sanitize.SanitizeHTML",
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
# Markdown is sanitised once rendered to HTML (a markdown javascript: link is
# not HTML to SanitizeHTML), in every HTMLExporter nbgrader makes: the feedback
# pages and the formgrader's view of a submission. Feedback pages also lose
# every script and get a Content-Security-Policy (workbook/grading/safehtml.py).
c.GenerateFeedback.exporter_class = "workbook.grading.safehtml.FeedbackExporter"
c.HTMLExporter.filters = {"markdown2html": "workbook.grading.safehtml.SafeMarkdown"}
c.HTMLExporter.sanitize_html = True
# The formgrader's view of a submission shows the grader's flags with their reasons above the cells: the
# course's formgrade template (workbook/grading/templates/formgrade/) comes before nbgrader's own, which it
# extends; the feedback pages keep nbgrader's feedback template (workbook/grading/flags.py)
from workbook.grading.flags import formgrade_templates  # noqa: E402
c.HTMLExporter.extra_template_basedirs, c.HTMLExporter.extra_template_paths = formgrade_templates()

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
