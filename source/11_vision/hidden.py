"""11's hidden module (see workbook/checks/hiddenmodule.py): never released, never in the package.

For Question 11b (mAP50-95): ``detection_set``'s photographs with every IoU of a prediction and a product of
its kind and photograph kept at least ``MARGIN`` from each of COCO's ten IoU thresholds 0.50, 0.55, ..., 0.95,
but the planted IoU exactly 0.5 (a match, the thresholds being "at least"). An IoU that close to a threshold
could be matched at ``np.linspace(0.5, 0.95, 10)[k]`` and not at ``0.5 + 0.05 * k`` (they differ in the last
digit: ``0.6000000000000001``), or in float32 and not in float64; away from the grid, every way of writing the
ten thresholds gives the same matches. And Question 11's ``mean_average_precision`` as the course states it,
whose results at each threshold the hidden test sends to the student's kernel as a table
(``workbook.data.vision_thresholds.table_map_at``).
"""
from __future__ import annotations

import numpy as np

from workbook.data.vision import SIZE, detection_set


#: COCO's IoU thresholds, as ``pycocotools`` makes them
THRESHOLDS = np.linspace(0.5, 0.95, 10)
MARGIN = 0.005


def _iou(a, b) -> float:
    """The IoU of two xyxy boxes, in float64."""
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h
    return w * h / union if union > 0 else 0.0


def near_threshold(iou: float) -> bool:
    """``iou`` is less than MARGIN from a threshold, and not the planted 0.5 itself."""
    return iou != 0.5 and bool(np.min(np.abs(THRESHOLDS - iou)) < MARGIN)


def prediction_ious(data: dict):
    """(photograph, prediction, product, IoU) of every prediction and every product of its kind and
    photograph, the IoU in float64 from the float32 coordinates."""
    for i, (p, t) in enumerate(zip(data["preds"], data["targets"])):
        truth = list(zip(t["boxes"].tolist(), t["labels"].tolist()))
        for k, (box, kind) in enumerate(zip(p["boxes"].tolist(), p["labels"].tolist())):
            for j, (gt, c) in enumerate(truth):
                if c == kind:
                    yield i, k, j, _iou(box, gt)


def detection_set_50_95(seed: int, n_images: int = 10, size: int = SIZE) -> dict:
    """``detection_set(seed)`` (the same products, predictions, scores and planted cases), each prediction
    whose IoU with a product of its kind and photograph is near a threshold (``near_threshold``) widened
    by half a pixel on its right (its left at the photograph's edge) until none is."""
    import torch
    data = detection_set(seed, n_images=n_images, size=size)
    for i, (p, t) in enumerate(zip(data["preds"], data["targets"])):
        boxes = p["boxes"].tolist()
        truth = [gt for gt, c in zip(t["boxes"].tolist(), t["labels"].tolist())]
        kinds = t["labels"].tolist()
        for k, kind in enumerate(p["labels"].tolist()):
            for _ in range(100):
                box = torch.tensor(boxes[k], dtype=torch.float32).tolist()
                if not any(c == kind and near_threshold(_iou(box, gt)) for gt, c in zip(truth, kinds)):
                    break
                if box[2] + 0.5 <= size:
                    boxes[k][2] = box[2] + 0.5
                else:
                    boxes[k][0] = box[0] - 0.5
            else:
                raise AssertionError(f"seed {seed}: prediction {k} of photograph {i} stays near a threshold")
        p["boxes"] = torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)
    return data


def map_at_reference():
    """Question 11's ``mean_average_precision`` as the course states it, the IoUs in float64 from the boxes'
    values (as ``pycocotools`` computes them)."""
    def map_at(preds, targets, num_classes, iou_threshold=0.5):
        threshold, per_class = float(iou_threshold), {}
        for kind in range(num_classes):
            ranked, n_truth = [], 0
            for photo, (p, t) in enumerate(zip(preds, targets)):
                truth = [b for b, c in zip(t["boxes"].tolist(), t["labels"].tolist()) if c == kind]
                mine = [(-s, i, b) for i, (b, s, c) in enumerate(zip(p["boxes"].tolist(), p["scores"].tolist(),
                                                                      p["labels"].tolist())) if c == kind]
                n_truth += len(truth)
                free = [True] * len(truth)
                for neg_score, i, box in sorted(mine):
                    best = max(((_iou(box, g), -j) for j, g in enumerate(truth) if free[j]), default=(-1.0, 0))
                    hit = best[0] >= threshold
                    if hit:
                        free[-best[1]] = False
                    ranked.append((neg_score, photo, i, hit))
            if n_truth == 0:
                continue
            precision, recall, tp = [], [], 0
            for k, (*_, hit) in enumerate(sorted(ranked), start=1):
                tp += hit
                precision.append(tp / k)
                recall.append(tp / n_truth)
            for k in range(len(precision) - 2, -1, -1):
                precision[k] = max(precision[k], precision[k + 1])
            points = np.linspace(0, 1, 101)
            first = np.searchsorted(np.array(recall, dtype=np.float64), points, side="left")
            per_class[kind] = float(np.mean([precision[f] if f < len(precision) else 0.0 for f in first]))
        return {"map": sum(per_class.values()) / len(per_class), "per_class": per_class}
    return map_at
