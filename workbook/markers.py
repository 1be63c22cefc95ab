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
# nbgrader's stubs (``ClearSolutions.code_stub``, ``.text_stub``) are words a student reads: a translated
# edition is released with them in its language (``authoring.release.edition_stubs``)
STUB_MESSAGES = ("YOUR CODE HERE", "YOUR ANSWER HERE")


def translated_stub(stub: str, gettext) -> str:
    """A configured stub with nbgrader's words in it (``STUB_MESSAGES``) put
    in the language of ``gettext`` (an instructor's own words stay as written)."""
    for text in STUB_MESSAGES:
        stub = stub.replace(text, gettext(text))
    return stub


def stubs(gettext) -> tuple[str, str]:
    """The code and text stubs of the edition that ``gettext`` speaks."""
    return translated_stub(CODE_STUB, gettext), translated_stub(TEXT_STUB, gettext)
