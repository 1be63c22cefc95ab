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
