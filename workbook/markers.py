"""nbgrader's region markers, as this course writes them.

nbgrader makes them configurable (``ClearSolutions.begin_solution_delimeter``,
``ClearHiddenTests.begin_test_delimeter``, ``ClearMarkScheme``...); the
course tooling reads the configured values through ``course.layout`` and uses
these defaults only where no configuration can be read (the student's kernel).
"""
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
BEGIN_MARK = "=== BEGIN MARK SCHEME ==="
END_MARK = "=== END MARK SCHEME ==="
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
