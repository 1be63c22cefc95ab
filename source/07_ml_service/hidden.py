"""07_ml_service's hidden module (workbook/checks/hiddenmodule.py): the reference the hidden test of Question
15b computes its expected probabilities with.

It is the instructor's: the release leaves it out and it is not part of the workbook package, which every
student has. ``artifact_proba`` is the reference model's prediction (standardise, weight and bias, the
logistic function), which is most of Question 2's answer: in the package (``workbook.checks.serving``, until a
student-view review found it) a student could paste it. Question 15b's visible test states its expected
probabilities as numbers; only its hidden part, on artifacts drawn from the course's secret, computes them here.
"""
from __future__ import annotations


def artifact_proba(spec: dict, frame: dict) -> list[float]:
    """The churn probabilities of an artifact in Question 1's format (``spec``:
    its weight, bias, mean, std and feature names, as the test wrote them;
    weight and bias stored as float32 by torch) for the rows of ``frame``
    (column -> values): the features taken by name, standardised, the
    logistic function. The formula of the notebook's Part 0."""
    import numpy as np
    w = np.asarray(spec["weight"], dtype=np.float32).astype(np.float64)
    b = float(np.float32(spec["bias"]))
    X = np.column_stack([np.asarray(frame[f], dtype=np.float64) for f in spec["features"]])
    z = ((X - np.asarray(spec["mean"], dtype=np.float64)) / np.asarray(spec["std"], dtype=np.float64)) @ w + b
    return [float(p) for p in 1.0 / (1.0 + np.exp(-z))]
