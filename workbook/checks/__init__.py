"""Checks for the test cells of every assignment (they run in the student's
kernel when a student runs a cell, and in the grader's judge when a notebook
is graded: see ``exercise``).

A test cell::

    from workbook.checks import check_cases, exercise

    @exercise("q1")
    def test_format_progress(format_progress: callable):
        check_cases(format_progress, [((7, 120, 0.5, 0.0003, 125.9),
                                       "[epoch 007/120] loss=0.5000 lr=3.0e-04 time=02:05")],
                    hint="the table above has every spec you need")

Modules: ``core`` (the verdict, comparisons), ``exercise`` (the format, the
answers, probes, hidden seeds), ``generic`` (value, cases, conditions,
exceptions), ``wire`` and ``kernel`` (what crosses into and out of the
student's kernel), and one module per subject: ``shell``, ``sql``,
``pytorch``, ``problem``, ``ethics``.
"""
from .core import AuthoringError, CheckFailed, fail, same, short
from .exercise import (AnswerRaised, Ref, answer, call, describe, exercise, generated, hidden_rng, hidden_seed,
                       is_instance, length, prefetch, probe, source_of)
from .hiddenmodule import hidden_module
from .generic import check_cases, check_equal, check_raises, check_true
from ..messages import joined, msg, nmsg

__all__ = ["AuthoringError", "CheckFailed", "fail", "same", "short", "AnswerRaised", "Ref", "answer", "call",
           "describe", "exercise", "generated", "hidden_module", "hidden_rng", "hidden_seed", "is_instance", "length", "prefetch",
           "probe", "source_of", "check_cases", "check_equal", "check_raises", "check_true", "msg", "nmsg", "joined"]
