"""11_vision, Question 11b (mAP50-95): the two ``map_at`` functions its test passes to the student's
``map_50_95``, built where the student's code runs: a made-up one for the visible test, and the judge's
results at each threshold, as a table, for the hidden test.

Nothing here computes an IoU or an AP: the hidden test's data (every IoU kept off the ten thresholds) and the
solver that fills the table are in ``source/11_vision/hidden.py``, the instructor's, since this package is on
every student's machine (an IoU or a mAP written here would be Questions 5 and 11 answered)."""
from __future__ import annotations


# ------------------------------------------------------------------ the functions Question 11b's tests pass as map_at
def made_up_map_at():
    """A made-up ``map_at(preds, targets, num_classes, iou_threshold=0.5)`` for Question 11b's visible test:
    Question 11's result, ``{"map": m, "per_class": {kind: ap}}``, over the kinds that ``targets`` holds,
    whose APs fall as the threshold rises (the r-th kind: 0.9 - 0.1 r at 0.5, less (r + 1) / 20 per 0.05, not
    below 0); ``preds`` is not read."""
    def map_at(preds, targets, num_classes, iou_threshold=0.5):
        steps = (float(iou_threshold) - 0.5) / 0.05
        kinds = sorted({int(c) for t in targets for c in t["labels"].tolist()})
        per_class = {c: max(0.0, 0.9 - 0.1 * r - steps * (r + 1) / 20) for r, c in enumerate(kinds)}
        return {"map": sum(per_class.values()) / len(per_class), "per_class": per_class}
    return map_at


def table_map_at(table):
    """Question 11b's hidden ``map_at``, built where the student's code runs from plain data: ``table`` is
    ``[[threshold, [[kind, ap], ...]], ...]``, the judge's Question 11 result at each threshold for the one data
    set the test passes (computed by the reference in ``source/11_vision/hidden.py``, never in this package,
    which every student has: a solver here would be Question 11's answer handed out). A threshold is looked up
    rounded to 4 decimals (``np.linspace``'s 0.6000000000000001 is 0.6); one the table does not hold raises
    ValueError. ``preds``, ``targets`` and ``num_classes`` are not read."""
    by_threshold = {round(float(t), 4): {int(c): float(ap) for c, ap in per_class} for t, per_class in table}

    def map_at(preds, targets, num_classes, iou_threshold=0.5):
        per_class = by_threshold.get(round(float(iou_threshold), 4))
        if per_class is None:
            raise ValueError(f"map_at: this test has no mAP at iou_threshold={iou_threshold!r}")
        return {"map": sum(per_class.values()) / len(per_class), "per_class": dict(per_class)}
    return map_at
