"""Authoring tools: what an instructor or a course author runs on source/.

Lint, the release (in every edition), the translation catalogues, mutation
testing, the plain-text form of a notebook and the demo class. They read the
course model (``workbook.course``: layout, notebooks, exercises files) and
may call the grader; nothing in grading, checks or the student tools imports
them.
"""
