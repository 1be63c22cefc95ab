"""A pytest plugin for the run of nbgrader's own tests in tests/test_dropin.py
(loaded there with ``-p dropin_plugin``; never by the course's own suite).

nbgrader's ``Gradebook`` asks ``alembic heads`` (a subprocess that imports
nbgrader again: seconds each) every time it creates a database, to stamp the
new gradebook with the migration head of the installed nbgrader. nbgrader's
tests make a fresh gradebook in nearly every test, so that one constant was
computed 40 times for autograde's tests alone, and was most of the run's time.
Here the real ``alembic heads`` runs once, on the first gradebook of the
session, and its answer stamps every later one: each gradebook is the same as
before, byte for byte, and no test, fixture or setting of nbgrader changes.
"""
from __future__ import annotations

import functools

import nbgrader.api

nbgrader.api.get_alembic_version = functools.cache(nbgrader.api.get_alembic_version)
