"""11_vision: Daon Market's (다온마켓) warehouse camera, drawn, not downloaded.

* ``shelf_scenes``: small RGB shelf photographs (HWC uint8, as a camera library gives them) of four
  product kinds, with the exact bounding box (xyxy, in pixels) and the kind of every product: noise,
  products that hide part of each other (a box is the whole product, hidden part included) and sizes
  that vary;
* ``mock_detections``: what a detector found on those shelves (boxes, scores, kinds), with the
  mistakes real detectors make: duplicates, loose boxes, a wrong kind, misses and false alarms; each
  prediction also says what it was made from (``origin``), for the error analysis; a loose box holds
  its product with room around it, its IoU with the product at least 0.5 and less than 0.7;
* ``product_crops``: small crops of one product each, for the classifier;
* ``annotation_export``: a labelling tool's export in COCO's layout, with the mistakes annotators
  make (boxes past the edges, clicks of width 0), for the training targets of a detector;
* ``yolo_boxes`` and ``yolo_label_file``: boxes to write as a YOLO label file and label files as tools and
  people leave them (blank lines, stray spaces, broken lines), for Question 3b's hidden tests;
* ``anchor_ious``: IoU matrices of boxes and anchors for Question 5d's hidden tests (boundary IoUs, ties, a weak
  box, two boxes sharing their best anchor, a box that overlaps nothing);
* ``box_pairs``, ``nms_case``, ``match_case`` and ``detection_set``: the inputs of the hidden tests
  (any seed), each with the boundary cases the questions name planted at a random place: touching
  boxes, identical boxes, zero-area boxes, tied scores, an IoU exactly at the threshold, a kind with no
  product on the shelf and a photograph with no prediction.

Coordinates are continuous: a box (x1, y1, x2, y2) covers the pixels of columns x1 <= x < x2 and rows
y1 <= y < y2, so a product drawn on whole pixels has whole-number coordinates and its area is its pixel
count. The counts of products of a kind in ``detection_set`` are never a multiple of 2 or 5: a recall
k / n then never equals a recall threshold j / 100 except at 1, so a float32 and a float64 computation
of COCO's 101-point AP agree."""
from __future__ import annotations

import numpy as np

KINDS = ("ramen", "milk", "apple", "water")
#: the kinds' Korean names, for labels drawn on pictures
KOREAN = {"ramen": "라면", "milk": "우유", "apple": "사과", "water": "생수"}

SIZE = 96
_SHELF_COLOURS = np.array([[150, 118, 84], [128, 128, 122], [170, 150, 120]], dtype=float)


# ------------------------------------------------------------------ drawing
def _product_size(kind: int, rng, scale: float = 1.0) -> tuple[int, int]:
    """(width, height) in pixels of a product of ``kind``."""
    if kind == 0:      # ramen: a wide box
        w, h = rng.uniform(18, 30), rng.uniform(10, 16)
    elif kind == 1:    # milk: a tall carton
        w, h = rng.uniform(11, 16), rng.uniform(20, 30)
    elif kind == 2:    # apple: round
        w = h = rng.uniform(11, 19)
    else:              # water: a thin bottle
        w, h = rng.uniform(7, 11), rng.uniform(20, 32)
    return max(2, int(round(w * scale))), max(2, int(round(h * scale)))


def _jitter(colour, rng, amount: float = 18.0):
    return np.clip(np.asarray(colour, dtype=float) + rng.uniform(-amount, amount, 3), 0, 255)


# packaging colours: every kind comes in several brands, so a colour alone does not tell the kind
_PALETTE = np.array([[205, 45, 35], [236, 236, 230], [45, 85, 200], [240, 200, 40], [150, 200, 235],
                     [90, 170, 60], [40, 40, 45], [235, 140, 50], [230, 160, 190]], dtype=float)
_BODY = {0: (0, 6, 7, 3), 1: (1, 3, 8, 4), 2: (0, 5, 3, 7), 3: (4, 1, 5, 8)}


def _colour(rng, choices) -> np.ndarray:
    return _jitter(_PALETTE[int(rng.choice(choices))], rng)


def _draw(img: np.ndarray, kind: int, x0: int, y0: int, w: int, h: int, rng) -> None:
    """Paints a product of ``kind`` on the float image ``img`` (H, W, 3) over columns x0..x0+w-1 and
    rows y0..y0+h-1 (its box is tight: every edge of the box has painted pixels). What tells the kinds
    apart is their shape and layout, not their colour: a wide pack with a band across its middle
    (ramen), a carton with a band on top (milk), a round fruit (apple), a thin bottle with a dark cap
    (water)."""
    body = _colour(rng, _BODY[kind])
    other = [k for k in range(len(_PALETTE)) if k not in _BODY[kind][:1]]
    region = img[y0:y0 + h, x0:x0 + w]
    if kind == 0:
        region[:] = body
        band = max(1, h // 4)
        top = y0 + (h - band) // 2
        img[top:top + band, x0:x0 + w] = _colour(rng, other)
    elif kind == 1:
        region[:] = body
        img[y0:y0 + max(1, h // 4), x0:x0 + w] = _colour(rng, other)
    elif kind == 2:
        yy, xx = np.mgrid[0:h, 0:w]
        cy, cx = (h - 1) / 2, (w - 1) / 2
        inside = ((yy - cy) / (h / 2)) ** 2 + ((xx - cx) / (w / 2)) ** 2 <= 1.0
        inside[[0, -1], w // 2] = True            # the round product still touches its box on all sides
        inside[h // 2, [0, -1]] = True
        region[inside] = body
    else:
        region[:] = body
        img[y0:y0 + max(1, h // 6), x0:x0 + w] = _jitter((30, 40, 90), rng)


def _background(rng, size: int) -> np.ndarray:
    img = np.empty((size, size, 3))
    shelf = _SHELF_COLOURS[rng.integers(len(_SHELF_COLOURS))]
    img[:] = shelf * rng.uniform(0.8, 1.1)
    for y in range(int(rng.integers(14, 24)), size, int(rng.integers(24, 34))):    # the shelf's planks
        img[y:y + 3] = shelf * 0.55
    return img


def _finish(img: np.ndarray, rng, noise: float) -> np.ndarray:
    return np.clip(np.rint(img + rng.normal(0, noise, img.shape)), 0, 255).astype(np.uint8)


def _overlap(a, b) -> float:
    """The fraction of box ``a`` that box ``b`` covers."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0) * max(h, 0) / ((a[2] - a[0]) * (a[3] - a[1]))


def _scene(rng, size: int, count: int, kinds=None):
    img = _background(rng, size)
    boxes, labels = [], []
    for k in range(count):
        kind = int(rng.integers(4)) if kinds is None else int(kinds[k])
        for _ in range(30):
            w, h = _product_size(kind, rng, rng.uniform(0.75, 1.25))
            x0, y0 = int(rng.integers(0, size - w + 1)), int(rng.integers(0, size - h + 1))
            box = [x0, y0, x0 + w, y0 + h]
            # products may hide part of each other, never most of one
            if all(_overlap(b, box) <= 0.35 and _overlap(box, b) <= 0.35 for b in boxes):
                break
        else:
            continue
        _draw(img, kind, x0, y0, w, h, rng)
        boxes.append(box)
        labels.append(kind)
    return img, boxes, labels


def _tensors(boxes, labels):
    import torch
    return (torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4),
            torch.tensor(labels, dtype=torch.int64).reshape(-1))


def shelf_scenes(n: int = 12, seed: int = 0, size: int = SIZE) -> dict:
    """``n`` shelf photographs: {"images": uint8 array (n, size, size, 3), "boxes": [float32 tensor
    (k, 4) xyxy per image], "labels": [int64 tensor (k,) per image]}, 2 to 6 products an image."""
    rng = np.random.default_rng(seed)
    images = np.empty((n, size, size, 3), np.uint8)
    boxes, labels = [], []
    for i in range(n):
        img, b, lab = _scene(rng, size, int(rng.integers(2, 7)))
        images[i] = _finish(img, rng, rng.uniform(3, 9))
        tb, tl = _tensors(b, lab)
        boxes.append(tb)
        labels.append(tl)
    return {"images": images, "boxes": boxes, "labels": labels}


# ------------------------------------------------------------------ the mock detector
# per kind: P(missed), P(a wrong kind), P(a loose box), P(a duplicate); and the kind it is mistaken for
_MISS = (0.04, 0.06, 0.05, 0.22)
_CONFUSE = (0.04, 0.10, 0.12, 0.16)
_LOOSE = (0.08, 0.20, 0.05, 0.08)
_DUPLICATE = (0.30, 0.08, 0.10, 0.06)
_MISTAKEN_FOR = (2, 3, 0, 1)
ORIGINS = ("hit", "loose", "wrong kind", "duplicate", "false alarm")


def _loose(box, target: float, sides, size: int) -> np.ndarray:
    """A loose box around the product ``box``: each side pushed out in proportion to ``sides`` (and to the
    product's width or height), as far as makes the IoU with the product ``target`` once the box is
    clipped to the photograph (a box around the product has IoU area(product) / area(box))."""
    b = np.asarray(box, dtype=float)
    w, h = b[2] - b[0], b[3] - b[1]
    push = np.array([-w, -h, w, h]) * sides
    want = w * h / target

    def area(g):
        x1, y1, x2, y2 = np.clip(b + g * push, 0, size)
        return (x2 - x1) * (y2 - y1)

    low, high = 0.0, 1.0
    while area(high) < want and high < 1e6:
        high *= 2
    for _ in range(60):
        low, high = (low, (low + high) / 2) if area((low + high) / 2) >= want else ((low + high) / 2, high)
    return np.clip(b + high * push, 0, size)


def mock_detections(boxes: list, labels: list, seed: int = 0, size: int = SIZE) -> list[dict]:
    """A detector's output for the shelves whose truth is ``boxes`` and ``labels``: per image a dict
    {"boxes": float32 (p, 4) xyxy, "scores": float32 (p,), "labels": int64 (p,), "origin": [str],
    "truth": int64 (p,)}: ``origin`` is one of ORIGINS and ``truth`` the index of the product the
    prediction was made from (-1 for a false alarm). Predictions come in no particular order."""
    import torch
    rng, spare = np.random.default_rng(seed), np.random.default_rng([seed, 13])
    out = []
    for gt, lab in zip(boxes, labels):
        rows = []   # (box, score, label, origin, truth)
        for j, (b, c) in enumerate(zip(gt.tolist(), lab.tolist())):
            if rng.random() < _MISS[c]:
                continue
            w, h = b[2] - b[0], b[3] - b[1]
            box = np.array(b) + rng.normal(0, 0.04, 4) * [w, h, w, h]
            origin, score = "hit", rng.uniform(0.55, 0.99)
            if rng.random() < _LOOSE[c]:
                target = 0.52 + 0.8 * (rng.uniform(0.25, 0.45) - 0.25)      # IoU 0.52 to 0.68,
                grid = round(target / 0.05) * 0.05                          # kept 0.005 off 0.55, 0.6, 0.65
                target = grid + np.copysign(0.005, target - grid) if abs(target - grid) < 0.005 else target
                box = _loose(b, target, rng.uniform(0.5, 1.0, 4), size)
                origin, score = "loose", rng.uniform(0.35, 0.8)
            kind = c
            if rng.random() < _CONFUSE[c]:
                kind, origin, score = _MISTAKEN_FOR[c], "wrong kind", rng.uniform(0.3, 0.75)
            rows.append((box, score, kind, origin, j))
            if rng.random() < _DUPLICATE[c]:
                # each side moved by at most 8 % of the product's width or height: IoU with it above 0.52
                dup = np.array(b) + np.clip(rng.normal(0, 0.12, 4), -0.08, 0.08) * [w, h, w, h]
                rows.append((dup, score * rng.uniform(0.5, 0.95), kind, "duplicate", j))
        for _ in range(rng.poisson(0.5)):
            w, h = rng.uniform(8, 26, 2)
            x0, y0 = rng.uniform(0, size - w), rng.uniform(0, size - h)
            # no product covers half of a false alarm, so its IoU with each is below 0.5; a redraw comes from
            # a second generator, so that the other predictions stay what they were
            while any(_overlap([x0, y0, x0 + w, y0 + h], p) >= 0.5 for p in gt.tolist()):
                x0, y0 = spare.uniform(0, size - w), spare.uniform(0, size - h)
            rows.append((np.array([x0, y0, x0 + w, y0 + h]), rng.uniform(0.05, 0.5), int(rng.integers(4)),
                         "false alarm", -1))
        order = rng.permutation(len(rows))
        rows = [rows[i] for i in order]
        bx = np.clip(np.array([r[0] for r in rows]).reshape(-1, 4), 0, size)
        out.append({"boxes": torch.tensor(bx, dtype=torch.float32).reshape(-1, 4),
                    "scores": torch.tensor([round(float(r[1]), 3) for r in rows], dtype=torch.float32),
                    "labels": torch.tensor([r[2] for r in rows], dtype=torch.int64),
                    "origin": [r[3] for r in rows],
                    "truth": torch.tensor([r[4] for r in rows], dtype=torch.int64)})
    return out


def mistakes_table(labels: list, detections: list[dict]):
    """The detector's mistakes per kind of product, from each prediction's origin: a DataFrame with one
    row per kind (its products, found, missed, taken_for_<each other kind>, duplicates, loose_boxes) and
    the false alarms (false_alarms: predictions made from no product, by the kind predicted); a taken_for_
    column that is all zeros is left out. The columns are identifiers: the notebook names them for the
    reader (a ``rename`` in its ``display``, translated with the notebook)."""
    import pandas as pd
    rows = {k: {"products": 0, "found": 0, "missed": 0, **{f"taken_for_{o}": 0 for o in KINDS},
                "duplicates": 0, "loose_boxes": 0, "false_alarms": 0} for k in KINDS}
    for lab, det in zip(labels, detections):
        seen = set()
        for c in lab.tolist():
            rows[KINDS[c]]["products"] += 1
        for origin, kind, truth in zip(det["origin"], det["labels"].tolist(), det["truth"].tolist()):
            if origin == "false alarm":
                rows[KINDS[kind]]["false_alarms"] += 1
                continue
            true_kind = KINDS[int(lab[truth])]
            if origin == "duplicate":
                rows[true_kind]["duplicates"] += 1
                continue
            seen.add(truth)
            rows[true_kind]["found"] += 1
            if origin == "loose":
                rows[true_kind]["loose_boxes"] += 1
            if origin == "wrong kind":
                rows[true_kind][f"taken_for_{KINDS[kind]}"] += 1
        for j, c in enumerate(lab.tolist()):
            if j not in seen:
                rows[KINDS[c]]["missed"] += 1
    table = pd.DataFrame.from_dict(rows, orient="index")
    return table.drop(columns=[f"taken_for_{k}" for k in KINDS if not table[f"taken_for_{k}"].any()])


# ------------------------------------------------------------------ crops for the classifier
def product_crops(n: int = 800, seed: int = 0, size: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """``n`` crops of one product each (as a detector would cut them out, a little off centre, some
    partly hidden): (uint8 array (n, size, size, 3), int64 array (n,) of kinds), the kinds balanced
    and shuffled."""
    rng = np.random.default_rng(seed)
    kinds = rng.permutation(np.arange(n) % len(KINDS))
    images = np.empty((n, size, size, 3), np.uint8)
    big = 40
    for i, kind in enumerate(kinds):
        img = _background(rng, big)
        w, h = _product_size(int(kind), rng, rng.uniform(0.8, 1.2))
        x0 = int(np.clip((big - w) // 2 + rng.integers(-3, 4), 0, big - w))
        y0 = int(np.clip((big - h) // 2 + rng.integers(-3, 4), 0, big - h))
        _draw(img, int(kind), x0, y0, w, h, rng)
        if rng.random() < 0.25:      # a neighbour's edge hides a part of it
            cut = int(rng.integers(3, max(4, w // 3 + 1)))
            side = x0 if rng.random() < 0.5 else x0 + w - cut
            img[y0:y0 + h, side:side + cut] = _jitter((120, 120, 115), rng)
        # the crop: the product's box with a margin, squared, resized to size x size (nearest pixel)
        m = max(w, h) * rng.uniform(1.1, 1.35)
        cx, cy = x0 + w / 2 + rng.normal(0, 1), y0 + h / 2 + rng.normal(0, 1)
        coords = (np.arange(size) + 0.5) / size * m - m / 2
        ys = np.clip(np.floor(cy + coords).astype(int), 0, big - 1)
        xs = np.clip(np.floor(cx + coords).astype(int), 0, big - 1)
        light = rng.uniform(0.6, 1.3) * rng.uniform(0.85, 1.15, 3)     # the warehouse's lighting, tinted
        images[i] = _finish(img[np.ix_(ys, xs)] * light, rng, rng.uniform(6, 24))
    return images, kinds.astype(np.int64)


# ------------------------------------------------------------------ the hidden tests' inputs
def _random_box(rng, size: int = SIZE, low: float = 6, high: float = 40) -> list[float]:
    w, h = rng.uniform(low, high, 2)
    x0, y0 = rng.uniform(0, size - w), rng.uniform(0, size - h)
    return [float(np.float32(v)) for v in (x0, y0, x0 + w, y0 + h)]


def _int_box(rng, size: int = SIZE, low: int = 4, high: int = 30) -> list[float]:
    w, h = (int(v) for v in rng.integers(low, high + 1, 2))
    x0, y0 = int(rng.integers(0, size - w - high)), int(rng.integers(0, size - h - high))
    return [float(x0), float(y0), float(x0 + w), float(y0 + h)]


def box_pairs(seed: int, n1: int = 9, n2: int = 11):
    """Two float32 tensors of boxes, (n1, 4) and (n2, 4) (n1, n2 >= 7), for a pairwise IoU: random
    boxes, and, at random places, a pair of boxes that touch along an edge (IoU 0), an identical pair
    (IoU 1), a zero-area box (a line) lying inside a box of the other set (IoU 0), a pair of
    identical zero-area boxes (IoU 0: the union is empty), and three pairs of boxes a pixel wide or
    less (see ``_specks``)."""
    import torch
    rng = np.random.default_rng(seed)
    a = [_random_box(rng) for _ in range(n1)]
    b = [_random_box(rng) for _ in range(n2)]
    i = rng.permutation(n1)[:7]
    j = rng.permutation(n2)[:7]
    t = _int_box(rng)                                  # touching: b's left edge is a's right edge
    w = float(rng.integers(4, 20))
    a[i[0]], b[j[0]] = t, [t[2], t[1] + float(rng.integers(-3, 4)), t[2] + w, t[3]]
    same = _random_box(rng)                            # identical
    a[i[1]], b[j[1]] = same, list(same)
    host = _int_box(rng)                               # a vertical line inside a box of b
    x = host[0] + 2.0
    a[i[2]], b[j[2]] = [x, host[1] + 1, x, host[3] - 1], host
    line = _int_box(rng)                               # the same horizontal line in both
    line[3] = line[1]
    a[i[3]], b[j[3]] = line, list(line)
    # boxes a pixel wide or less
    y = float(rng.integers(0, 80))
    for k, (first, second) in enumerate(_specks(float(rng.integers(0, 80)))):
        a[i[4 + k]] = [first[0], first[1] + y, first[2], first[3] + y]
        b[j[4 + k]] = [second[0], second[1] + y, second[2], second[3] + y]
    return torch.tensor(a, dtype=torch.float32), torch.tensor(b, dtype=torch.float32)


def _half(rng, box: list[float]) -> list[float]:
    """The left or the right half of a whole-number box of even width: IoU exactly 0.5 with it."""
    x0, y0, x1, y1 = box
    mid = x0 + (x1 - x0) / 2
    return [x0, y0, mid, y1] if rng.random() < 0.5 else [mid, y0, x1, y1]


def _insert_at_random(rng, rows: list, planted: list) -> list:
    """``rows`` with the items of ``planted`` inserted at random places, in their order."""
    rows = list(rows)
    places = sorted(int(rng.integers(0, len(rows) + 1)) for _ in planted)
    for k, (at, item) in enumerate(zip(places, planted)):
        rows.insert(at + k, item)
    return rows


def _specks(x: float) -> list[tuple[list[float], list[float]]]:
    """Three pairs of boxes a pixel wide or less, at x: a sliver and the same sliver 0.375 px to the right
    (IoU 5 / 11: below 0.5, above 0.35), two specks 0.4375 px apart in both directions (IoU 0, though the
    two negative overlaps multiply to a positive number), and two overlapping specks whose union is less
    than 1 (IoU 0.390625 / 0.734375, about 0.53: above 0.5, below 0.7). Every coordinate is exact in
    float32."""
    return [([x, 0.0, x + 1, 10.0], [x + 0.375, 0.0, x + 1.375, 10.0]),
            ([x + 4, 0.0, x + 4.5, 0.5], [x + 4.9375, 0.9375, x + 5.4375, 1.4375]),
            ([x + 8, 0.0, x + 8.75, 0.75], [x + 8.125, 0.125, x + 8.875, 0.875])]


def nms_case(seed: int, n: int = 24):
    """(boxes float32 (n, 4), scores float32 (n,), labels int64 (n,)) for NMS per kind at IoU threshold
    0.5, on a 170 x 96 photograph: clusters of overlapping boxes of three kinds, and, planted apart from
    them (x >= 110): two boxes of a kind with IoU exactly 0.5 (both kept: suppression needs more than the
    threshold), two overlapping boxes of a kind with the same score (the lower index is kept), and two
    identical boxes of different kinds (both kept), a chain of three boxes of one kind where the first
    removes the second and keeps the third, and three pairs of one kind a pixel wide or less
    (``_specks``)."""
    import torch
    rng = np.random.default_rng(seed)
    rows = []
    while len(rows) < n - 6:
        centre = _random_box(rng, size=96, high=34)
        kind = int(rng.integers(3))
        w, h = centre[2] - centre[0], centre[3] - centre[1]
        for _ in range(int(rng.integers(1, 5))):
            rows.append((list(np.array(centre) + rng.normal(0, 0.15, 4) * [w, h, w, h]),
                         round(float(rng.uniform(0.05, 0.99)), 3),
                         kind if rng.random() < 0.85 else int(rng.integers(3))))
    rows = rows[:n - 6]
    kind = int(rng.integers(3))
    w, h = 2 * int(rng.integers(5, 10)), float(rng.integers(10, 20))
    whole = [110.0, 2.0, 110.0 + w, 2.0 + h]
    tied = round(float(rng.uniform(0.3, 0.9)), 3)
    first, second = ([112.0, 40.0, 130.0, 58.0], tied, kind), ([113.0, 41.0, 131.0, 58.0], tied, kind)
    planted = [(whole, 0.9, kind), (_half(rng, whole), 0.8, kind), first, second,
               ([114.0, 70.0, 130.0, 90.0], 0.7, kind), ([114.0, 70.0, 130.0, 90.0], 0.6, (kind + 1) % 3)]
    # a chain: B overlaps A and C (IoU 0.6), A and C overlap less (IoU 1 / 3): A removes B, and C, which only
    # the removed B overlapped more than 0.35 or 0.5, is kept
    planted += [([150.0, 2.0, 160.0, 12.0], 0.9, kind), ([152.5, 2.0, 162.5, 12.0], 0.8, kind),
                ([155.0, 2.0, 165.0, 12.0], 0.7, kind)]
    for (a, b), y in zip(_specks(140.0), (20.0, 40.0, 60.0)):     # of one kind: kept or removed by their IoU
        planted += [([a[0], a[1] + y, a[2], a[3] + y], 0.9, kind), ([b[0], b[1] + y, b[2], b[3] + y], 0.8, kind)]
    rows = _insert_at_random(rng, rows, planted)
    return (torch.tensor([r[0] for r in rows], dtype=torch.float32),
            torch.tensor([r[1] for r in rows], dtype=torch.float32),
            torch.tensor([r[2] for r in rows], dtype=torch.int64))


def match_case(seed: int):
    """(pred_boxes float32 (p, 4), scores float32 (p,), gt_boxes float32 (g, 4)): predictions and
    products of one kind on one 192 x 96 photograph, for matching at IoU threshold 0.5. Random products
    (x < 96) with zero to two predictions each, and, planted apart from them: a prediction whose best
    product a higher-scored prediction took first (it falls back on another product it overlaps at
    least 0.5), a prediction with IoU exactly 0.5 with its product (it matches), two predictions with the
    same score for one product (the lower index takes it), and a prediction with exactly the same IoU
    with two products (it takes the product of lower index); and three products a pixel wide or less
    with a prediction each (``_specks``)."""
    import torch
    rng = np.random.default_rng(seed)
    gts = []
    for _ in range(int(rng.integers(3, 6))):
        for _ in range(50):
            b = _random_box(rng, size=96, low=10, high=26)
            if all(_overlap(b, g) == 0 for g in gts):
                break
        gts.append(b)
    preds = []
    for g in gts:
        w, h = g[2] - g[0], g[3] - g[1]
        for _ in range(int(rng.integers(0, 3))):
            preds.append((list(np.array(g) + rng.normal(0, 0.1, 4) * [w, h, w, h]),
                          round(float(rng.uniform(0.1, 0.99)), 3)))
    # taken first: B is the best product of both predictions; the second falls back on A (IoU 0.74)
    a, b = [110.0, 2.0, 130.0, 22.0], [114.0, 2.0, 134.0, 22.0]
    w = 2 * int(rng.integers(5, 10))
    whole = [150.0, 2.0, 150.0 + w, 2.0 + float(rng.integers(10, 20))]
    left, right = [150.0, 60.0, 170.0, 80.0], [154.0, 60.0, 174.0, 80.0]
    tied = round(float(rng.uniform(0.2, 0.9)), 3)
    planted_gts = [a, b, whole, [110.0, 60.0, 126.0, 76.0], left, right]
    planted = [([114.0, 2.0, 134.0, 22.0], 0.95), ([113.0, 2.0, 133.0, 22.0], 0.5),
               (_half(rng, whole), round(float(rng.uniform(0.2, 0.9)), 3)),
               ([110.0, 60.0, 126.0, 76.0], tied), ([111.0, 60.0, 127.0, 76.0], tied),
               ([152.0, 60.0, 172.0, 80.0], round(float(rng.uniform(0.2, 0.9)), 3))]
    for (a, b), y in zip(_specks(180.0), (2.0, 30.0, 60.0)):     # a product a pixel wide or less, its prediction
        planted_gts.append([a[0], a[1] + y, a[2], a[3] + y])
        planted.append(([b[0], b[1] + y, b[2], b[3] + y], round(float(rng.uniform(0.2, 0.9)), 3)))
    gts = [gts[k] for k in rng.permutation(len(gts))]
    # A before B (the best product of the first prediction): taking the first free product that reaches the
    # threshold, instead of the best, takes A
    gts = _insert_at_random(rng, gts, planted_gts[:2] + [planted_gts[2:][k] for k in rng.permutation(len(planted_gts) - 2)])
    preds = [preds[k] for k in rng.permutation(len(preds))]
    order = [0, 1, 2, 3, 4, 5, 6, 7, 8] if rng.random() < 0.5 else [0, 1, 2, 4, 3, 5, 6, 7, 8]
    preds = _insert_at_random(rng, preds, [planted[k] for k in order])
    return (torch.tensor([p[0] for p in preds], dtype=torch.float32),
            torch.tensor([p[1] for p in preds], dtype=torch.float32),
            torch.tensor(gts, dtype=torch.float32))


def detection_set(seed: int, n_images: int = 10, size: int = SIZE) -> dict:
    """Ground truth and predictions for a mean average precision: {"targets": [{"boxes", "labels"}],
    "preds": [{"boxes", "scores", "labels"}]}, one dict per image, over ``n_images`` shelves holding the
    kinds 0-3 (each of them), a fifth class, 4, that the detector predicts but no shelf holds, a
    sixth, 5, that three products are of but the detector never predicts, and a seventh, 6, whose one
    product is predicted in its own photograph and copied in another (see below).
    Planted, each at the top of its own kind's ranking so that its rule changes that kind's AP: two
    tied scores in two images (an exact prediction in one, a tiny false alarm in the other), two tied
    scores in one image (the same), a prediction with IoU exactly 0.5 with its product, and three
    products a pixel wide or less with a prediction each (``_specks``); one image with products and no
    prediction. The number of products of a kind is never a multiple of 2 or 5
    (see the module's docstring)."""
    import torch
    rng = np.random.default_rng(seed)
    scenes = [_scene(rng, size, 4 if i == 0 else int(rng.integers(2, 6)), kinds=rng.permutation(4) if i == 0 else None)
              for i in range(n_images)]
    targets = [(b, lab) for _, b, lab in scenes]
    k_across, k_inside, k_half, k_specks = (int(k) for k in rng.permutation(4))
    for kind in range(4):     # no count a multiple of 2 or 5 (k_specks gets three more products below)
        while (count := sum(lab.count(kind) for _, lab in targets) + 3 * (kind == k_specks)) \
                and (count % 2 == 0 or count % 5 == 0):
            holders = [t for t in targets[1:] if kind in t[1]] or [targets[0]]
            b, lab = holders[int(rng.integers(len(holders)))]
            at = len(lab) - 1 - lab[::-1].index(kind)
            del b[at], lab[at]
    dets = mock_detections([_tensors(b, lab)[0] for b, lab in targets],
                           [_tensors(b, lab)[1] for b, lab in targets], seed=int(rng.integers(2**31)), size=size)
    preds = [list(zip(d["boxes"].tolist(), d["scores"].tolist(), d["labels"].tolist())) for d in dets]
    preds = [[(b, min(s, 0.99), lab) for b, s, lab in p] for p in preds]   # 0.99 at most: the plants are above

    def product(kind, avoid=()):
        """(image, index) of a product of ``kind`` that no other product of its kind overlaps."""
        places = [(i, j) for i, (b, lab) in enumerate(targets) if i not in avoid for j, c in enumerate(lab)
                  if c == kind and all(_overlap(b[j], b[k]) == 0 and _overlap(b[k], b[j]) == 0
                                       for k, c2 in enumerate(lab) if c2 == kind and k != j)]
        places = places or [(i, j) for i, (_, lab) in enumerate(targets) if i not in avoid
                            for j, c in enumerate(lab) if c == kind]
        return places[int(rng.integers(len(places)))]

    def tiny(kind):      # a false alarm: 3 x 3 pixels, IoU < 0.1 with any product
        x, y = rng.uniform(0, size - 3, 2)
        return [float(x), float(y), float(x) + 3, float(y) + 3]

    i1, j1 = product(k_across)
    i2 = int(rng.choice([i for i in range(n_images) if i != i1]))
    exact, alarm = (list(targets[i1][0][j1]), 0.999, k_across), (tiny(k_across), 0.999, k_across)
    preds[i1] = _insert_at_random(rng, preds[i1], [exact])
    preds[i2] = _insert_at_random(rng, preds[i2], [alarm])
    i3, j3 = product(k_inside)
    pair = [(list(targets[i3][0][j3]), 0.998, k_inside), (tiny(k_inside), 0.998, k_inside)]
    preds[i3] = _insert_at_random(rng, preds[i3], pair if rng.random() < 0.5 else pair[::-1])
    i4, j4 = product(k_half)
    b4 = targets[i4][0][j4]
    if (b4[2] - b4[0]) % 2 and b4[2] < size:
        b4[2] += 1
    elif (b4[2] - b4[0]) % 2:
        b4[0] -= 1
    preds[i4] = _insert_at_random(rng, preds[i4], [(_half(rng, b4), 0.997, k_half)])
    # three products a pixel wide or less and a prediction on each, at the top of their kind's ranking: a
    # sliver (IoU 5 / 11, a false positive), a speck beside another (IoU 0, a false positive), two
    # overlapping specks (IoU 0.53, a true positive)
    i5 = int(rng.choice([i for i in range(n_images) if i not in (i1, i2, i3, i4)]))
    y = float(rng.integers(2, size - 12))
    for (product, prediction), score in zip(_specks(float(rng.integers(2, size - 12))), (0.996, 0.995, 0.994)):
        targets[i5][0].append([product[0], product[1] + y, product[2], product[3] + y])
        targets[i5][1].append(k_specks)
        preds[i5] = _insert_at_random(rng, preds[i5], [([prediction[0], prediction[1] + y, prediction[2],
                                                         prediction[3] + y], score, k_specks)])
    for _ in range(3):       # a sixth class, 5: on the shelves, never predicted (its AP is 0)
        i = int(rng.integers(n_images))
        targets[i][0].append(_random_box(rng))
        targets[i][1].append(5)
    for _ in range(3):       # the fifth class
        i = int(rng.integers(n_images))
        preds[i] = _insert_at_random(rng, preds[i], [(_random_box(rng), round(float(rng.uniform(0.1, 0.9)), 3), 4)])
    # a seventh class, 6: one product B in photograph iB, predicted there by a loose box (IoU 0.6, the lower
    # index, score 0.3) then an exact one (score 0.4), and by an exact copy of B in a later photograph iA
    # (score 0.5): matched photograph by photograph and by score, its AP is 0.5 (a false positive first);
    # matched across photographs, by index, or ranked photograph by photograph, it is not
    others = [i for i in range(n_images) if i not in (i1, i2, i3, i4, i5)]
    ib, ia = sorted(int(i) for i in rng.choice(others, 2, replace=False))
    x, y = (float(v) for v in rng.integers(2, size - 14, 2))
    b = [x, y, x + 6, y + 10]
    targets[ib][0].append(b)
    targets[ib][1].append(6)
    preds[ib] = _insert_at_random(rng, preds[ib], [([x, y, x + 10, y + 10], 0.3, 6), (list(b), 0.4, 6)])
    preds[ia] = _insert_at_random(rng, preds[ia], [(list(b), 0.5, 6)])
    empty = [i for i in range(n_images) if i not in (i1, i2, i3, i4, i5, ia, ib) and targets[i][1]]
    if empty:
        preds[int(rng.choice(empty))] = []
    return {"targets": [{"boxes": torch.tensor(b, dtype=torch.float32).reshape(-1, 4),
                         "labels": torch.tensor(lab, dtype=torch.int64)} for b, lab in targets],
            "preds": [{"boxes": torch.tensor([r[0] for r in p], dtype=torch.float32).reshape(-1, 4),
                       "scores": torch.tensor([r[1] for r in p], dtype=torch.float32),
                       "labels": torch.tensor([r[2] for r in p], dtype=torch.int64)} for p in preds]}


# ------------------------------------------------------------------ a labelling tool's export (Question 5c)
_WIDE, _TALL = (128, 80), (80, 112)                       # (width, height) of the camera's crops
_EXPORT_SIZES = ((96, 96), _WIDE, _TALL, (64, 64))


def _quarter(rng, low: float, high: float) -> float:
    """A number of the 0.25-pixel grid in [low, high]: exact in float32, and so are its sums."""
    return float(rng.integers(int(round(low * 4)), int(round(high * 4)) + 1)) / 4


def _xywh(rng, kind: int, width: int, height: int) -> list[float]:
    """A product's bbox [x, y, w, h] wholly inside a width x height photograph."""
    w, h = (min(float(v), size - 1.0) for v, size in zip(_product_size(kind, rng, 0.8), (width, height)))
    return [_quarter(rng, 0, width - w), _quarter(rng, 0, height - h), w, h]


def annotation_export(seed: int, classes=KINDS, n_images: int = 8) -> dict:
    """What a labelling tool exports in COCO's layout for ``n_images`` shelf photographs (crops of 96 x 96,
    128 x 80, 80 x 112 and 64 x 64 pixels): {"images": [{"id", "file_name", "width", "height"}],
    "annotations": [{"id", "image_id", "category_id", "bbox": [x, y, width, height]}], "categories":
    [{"id", "name", "supercategory"}]}, the categories being the names of ``classes``.

    As tools write it: images by increasing id, ids with gaps; annotations numbered 1, 2, ... in the
    order written, the photographs' interleaved (never in the images' order of first appearance);
    categories with the tool's own ids and order, never the model's (for every name, neither its id is
    1 + its index in ``classes`` nor its place in the list its index). Every coordinate is on a
    0.25-pixel grid. Planted for every seed, each in its own photograph: a photograph with no
    annotation; one whose only boxes are a zero-width click and a box wholly past its right edge; one
    holding a valid box, a zero-height box and a valid box of another kind than the zero-height one, in
    that order; on a wide photograph, a box across its right edge and one across its bottom edge below
    its width; on a tall one, a box across its right edge left of its height; elsewhere a box across the
    left and top edges, boxes wholly above and wholly left of the photograph, and a sliver 0.5 px wide;
    and a photograph whose bboxes are whole pixels written as ints, as some tools write them. Every kind
    has a box that is kept."""
    rng = np.random.default_rng(seed)
    names = list(classes)
    while True:
        order = [names[int(i)] for i in rng.permutation(len(names))]
        ids = sorted(int(v) for v in rng.choice(np.arange(1, 3 * len(names) + 1), len(names), replace=False))
        if all(order[k] != names[k] and ids[k] != names.index(order[k]) + 1 for k in range(len(names))):
            break
    category = {name: cid for name, cid in zip(order, ids)}
    image_ids = sorted(int(v) for v in rng.choice(np.arange(1, 12 * n_images), n_images, replace=False))
    empty, only_bad, labels_case, wide, tall, *others = (int(i) for i in rng.permutation(n_images))
    sizes = [_EXPORT_SIZES[int(rng.integers(len(_EXPORT_SIZES)))] for _ in range(n_images)]
    sizes[wide], sizes[tall] = _WIDE, _TALL

    def kind() -> int:
        return int(rng.integers(len(names)))

    rows = [(i, k, _xywh(rng, k, *sizes[i])) for i in [wide, tall, *others]
            for k in [kind() for _ in range(int(rng.integers(1, 4)))]]
    whole, *others = others            # its bboxes in whole pixels, written as ints (tools write both)
    rows = [(i, k, [int(round(v)) for v in box] if i == whole else box) for i, k, box in rows]
    for k in range(len(names)):                        # every kind has a box that is kept
        if all(r[1] != k for r in rows):
            i = [wide, tall, *others][int(rng.integers(2 + len(others)))]     # never whole: ints stay ints
            rows.append((i, k, _xywh(rng, k, *sizes[i])))
    rows = [rows[int(j)] for j in rng.permutation(len(rows))]
    (ww, wh), tw = _WIDE, _TALL[0]
    a, b = (int(v) for v in rng.choice(len(names), 2, replace=False))
    c = int(rng.choice([k for k in range(len(names)) if k != b]))
    w_, h_ = _quarter(rng, 8, 20), _quarter(rng, 8, 20)
    planted = [
        (only_bad, kind(), [_quarter(rng, 0, sizes[only_bad][0] - 1), _quarter(rng, 0, 20), 0.0, h_]),
        (only_bad, kind(), [sizes[only_bad][0] + _quarter(rng, 0, 4), _quarter(rng, 0, 20), w_, h_]),
        (labels_case, a, _xywh(rng, a, *sizes[labels_case])),
        (labels_case, b, [_quarter(rng, 0, 20), _quarter(rng, 0, 20), w_, 0.0]),
        (labels_case, c, _xywh(rng, c, *sizes[labels_case])),
        (wide, kind(), [ww - _quarter(rng, 2, w_ - 2), _quarter(rng, 0, 40), w_, h_]),           # across the right
        (wide, kind(), [_quarter(rng, 0, 60), wh - _quarter(rng, 2, h_ - 2), w_, h_]),           # across the bottom
        (tall, kind(), [tw - _quarter(rng, 2, w_ - 2), _quarter(rng, 0, 40), w_, h_]),           # across the right
    ]
    i1, i2, i3, i4 = (others[int(j)] for j in rng.integers(0, len(others), 4))
    planted += [(i1, kind(), [-_quarter(rng, 2, w_ - 2), -_quarter(rng, 2, h_ - 2), w_, h_]),   # left and top
                (i2, kind(), [_quarter(rng, 0, 40), -h_ - _quarter(rng, 0, 4), w_, h_]),        # wholly above
                (i4, kind(), [-w_ - _quarter(rng, 0, 4), _quarter(rng, 0, 40), w_, h_]),        # wholly left
                (i3, kind(), [_quarter(rng, 0, 40), _quarter(rng, 0, 40), 0.5, h_])]            # a sliver, kept
    rows = _insert_at_random(rng, rows, planted)
    seen = list(dict.fromkeys(r[0] for r in rows))
    if seen == [i for i in range(n_images) if i in seen]:      # never the images' order of first appearance
        rows.append(rows.pop(next(j for j, r in enumerate(rows) if r[0] == seen[0])))
    return {"images": [{"id": image_ids[i], "file_name": f"shelf_{image_ids[i]:03d}.jpg", "width": w, "height": h}
                       for i, (w, h) in enumerate(sizes)],
            "annotations": [{"id": n + 1, "image_id": image_ids[i], "category_id": category[names[k]], "bbox": box}
                            for n, (i, k, box) in enumerate(rows)],
            "categories": [{"id": category[name], "name": name, "supercategory": "product"} for name in order]}


# ------------------------------------------------------------------ YOLO label files (Question 3b)

#: (width, height) of the photographs of Question 3b's hidden tests: never square, wide and tall
_YOLO_SIZES = ((640, 480), (480, 640), (1280, 720), (333, 517), (96, 64), (75, 112))


def yolo_boxes(seed: int) -> dict:
    """Boxes to write as a YOLO label file: {"width", "height", "boxes": [[x1, y1, x2, y2], ...] in pixels on a
    0.25-pixel grid, "labels": [class id, ...]}, the photograph never square. Planted for every seed, at random
    places among 3 to 7 boxes wholly inside: a box touching each edge (x1 = 0, y1 = 0, x2 = width, y2 = height),
    a box as large as the photograph, a box across the left and top edges and one across the right and bottom
    edges, and a box across the left and top edges with less than a pixel of width and of height inside; class 0 and a class of two digits among the labels, which are never in increasing order."""
    rng = np.random.default_rng(seed)
    width, height = _YOLO_SIZES[int(rng.integers(len(_YOLO_SIZES)))]

    def inside():
        w, h = _quarter(rng, 1, width / 2), _quarter(rng, 1, height / 2)
        x, y = _quarter(rng, 0, width - w), _quarter(rng, 0, height - h)
        return [x, y, x + w, y + h]

    def touching(side):
        x1, y1, x2, y2 = inside()
        return {"left": [0.0, y1, x2 - x1, y2], "top": [x1, 0.0, x2, y2 - y1],
                "right": [width - (x2 - x1), y1, float(width), y2],
                "bottom": [x1, height - (y2 - y1), x2, float(height)]}[side]

    past = [-_quarter(rng, 1, 20), -_quarter(rng, 1, 20)]
    planted = [touching(side) for side in ("left", "top", "right", "bottom")] + [
        [0.0, 0.0, float(width), float(height)],
        [*past, past[0] + _quarter(rng, 21, 60), past[1] + _quarter(rng, 21, 60)],
        [width - _quarter(rng, 10, 40), height - _quarter(rng, 10, 40), width + _quarter(rng, 1, 20),
         height + _quarter(rng, 1, 20)],
        [-_quarter(rng, 1, 20), -_quarter(rng, 1, 20), _quarter(rng, 0.25, 0.75), _quarter(rng, 0.25, 0.75)]]
    boxes = _insert_at_random(rng, [inside() for _ in range(int(rng.integers(3, 8)))], planted)
    kinds = int(rng.choice([20, 80]))
    labels = [int(v) for v in rng.integers(0, kinds, len(boxes))]
    zero, two_digits = (int(i) for i in rng.choice(len(boxes), 2, replace=False))
    labels[zero], labels[two_digits] = 0, int(rng.integers(10, kinds))
    if labels == sorted(labels):
        labels.reverse()
    return {"width": width, "height": height, "boxes": boxes, "labels": labels}


def yolo_label_file(seed: int) -> dict:
    """A YOLO label file as tools and people leave it: {"width", "height", "text", "bad": [(text, line), ...]}.

    ``text`` holds 6 to 12 lines ``class cx cy w h``, mostly with six decimals, the photograph never square.
    Planted for every seed: a blank first line, a blank line and a line of spaces and a tab between lines, blank
    lines at the end; spaces before and after a line's values, two spaces and a tab between the values of
    another; a line ending in "\\r\\n"; a box as large as the photograph written ``0.5 0.5 1 1``; a box of height
    0 written ``0``; boxes whose values are in [0, 1] but whose corners reach past the left and the bottom edges,
    and past the right and the top edges; class 0 and a class of two digits.

    ``bad``: the same file with one line broken, for each of: four values, six values (a confidence, as a
    prediction file has it), the class written with a decimal point (``2.0``), the class ``-1``, a value in
    pixels (above 2), a value a little above 1 (1.02 to 1.5: a box past an edge, not clipped), a value below 0,
    a value written with a decimal comma, a value nan; each with the number of the broken line, counted from 1, blank lines
    included (never the first line, and after blank lines)."""
    rng = np.random.default_rng(seed)
    width, height = _YOLO_SIZES[int(rng.integers(len(_YOLO_SIZES)))]

    def millionths(low, high):
        return int(rng.integers(int(low * 1e6), int(high * 1e6) + 1)) / 1e6

    def values():
        w, h = millionths(0.01, 0.4), millionths(0.01, 0.4)
        return [millionths(w / 2, 1 - w / 2), millionths(h / 2, 1 - h / 2), w, h]

    kinds = int(rng.choice([20, 80]))
    rows = [[int(rng.integers(0, kinds)), *(f"{v:.6f}" for v in values())] for _ in range(int(rng.integers(3, 9)))]
    cx, cy, w, h = values()
    past = [f"{millionths(0.02, 0.08):.6f}", f"{millionths(0.92, 0.98):.6f}", f"{millionths(0.2, 0.3):.6f}",
            f"{millionths(0.2, 0.3):.6f}"]                 # x1 = cx - w / 2 < 0 and y2 = cy + h / 2 > 1
    top = [f"{millionths(0.92, 0.98):.6f}", f"{millionths(0.02, 0.08):.6f}", f"{millionths(0.2, 0.3):.6f}",
           f"{millionths(0.2, 0.3):.6f}"]                  # x2 = cx + w / 2 > 1 and y1 = cy - h / 2 < 0
    rows = _insert_at_random(rng, rows, [[0, "0.5", "0.5", "1", "1"], [0, f"{cx:.6f}", f"{cy:.6f}", f"{w:.6f}", "0"],
                                         [0, *past], [0, *top]])
    rows = [[int(rng.integers(0, kinds)), *row[1:]] for row in rows]
    zero, two_digits = (int(i) for i in rng.choice(len(rows), 2, replace=False))
    rows[zero][0], rows[two_digits][0] = 0, int(rng.integers(10, kinds))
    lines = [" ".join(str(v) for v in row) for row in rows]
    padded, spread, windows = (int(i) for i in rng.choice(len(lines), 3, replace=False))
    lines[padded] = "  " + lines[padded] + " "
    first, second, *rest = lines[spread].split()
    lines[spread] = f"{first}  {second}\t" + " ".join(rest)
    lines[windows] += "\r"
    a, b = sorted(int(i) for i in rng.choice(np.arange(1, len(lines)), 2, replace=False))
    layout = ["", *lines[:a], "", *lines[a:b], "   \t", *lines[b:], "", ""]
    text = "\n".join(layout)

    def broken(row, kind):
        cls, *vals = row.split()
        if kind == "four values":
            return " ".join([cls, *vals[:3]])
        if kind == "six values":
            return " ".join([cls, *vals, f"{millionths(0.3, 0.99):.2f}"])
        if kind == "class 2.0":
            return " ".join([f"{cls}.0", *vals])
        if kind == "class -1":
            return " ".join(["-1", *vals])
        k = int(rng.integers(4))
        vals[k] = {"pixels": f"{float(vals[k]) * (width if k % 2 == 0 else height) + 2.5:.1f}",
                   "above 1": f"{millionths(1.02, 1.5):.6f}",
                   "below 0": f"-{millionths(0.001, 0.1):.6f}",
                   "decimal comma": vals[k].replace(".", ",") if "." in vals[k] else f"{vals[k]},5",
                   "nan": "nan"}[kind]
        return " ".join([cls, *vals])

    bad = []
    data_lines = [n for n, line in enumerate(layout) if line.strip()]
    for kind in ("four values", "six values", "class 2.0", "class -1", "pixels", "above 1", "below 0", "decimal comma",
                 "nan"):    # a kind added later goes last: the draws of the ones before stay as they were
        n = data_lines[int(rng.integers(1, len(data_lines)))]          # never the first line: blank lines before
        copy = list(layout)
        copy[n] = broken(layout[n], kind)
        bad.append(("\n".join(copy), n + 1))
    return {"width": width, "height": height, "text": text, "bad": bad}


# ------------------------------------------------------------------ anchors and boxes (Question 5d)

def anchor_ious(seed: int, n_gt: int = 8, n_anchors: int = 600, high: float = 0.7, low: float = 0.3) -> np.ndarray:
    """IoUs (G, A) of ground-truth boxes and anchors, float64 (cast them), for Question 5d's hidden tests: most 0
    (an anchor overlaps few boxes), the others multiples of 1/32 (ties). With 6 boxes or more and 16 anchors or
    more, planted for every seed at random places: an anchor whose best IoU is exactly ``high``, one exactly
    ``low``, one just below ``low`` (none of them a box's highest); an anchor tied between two boxes at its best,
    above ``high``; a box whose highest IoU is below ``low``, at two anchors, one of which overlaps another box
    more; two boxes whose highest IoU is at the same anchor, between the thresholds, the box of lower index
    overlapping it more; a box that overlaps no anchor. Every other box has IoU 1 with an anchor of its own."""
    rng = np.random.default_rng(seed)
    iou = np.where(rng.random((n_gt, n_anchors)) < 0.1, rng.integers(1, 32, (n_gt, n_anchors)) / 32, 0.0)
    if n_gt < 6 or n_anchors < 16:
        return iou
    zero, weak, first, second, *ordinary = (int(r) for r in rng.permutation(n_gt))
    first, second = min(first, second), max(first, second)
    cols = [int(c) for c in rng.choice(n_anchors, 7 + len(ordinary), replace=False)]
    at_high, at_low, below_low, tied, weak_a, weak_b, shared, *own = cols
    iou[:, cols] = 0.0
    iou[[zero, weak]] = 0.0
    iou[[first, second]] *= 0.9 * low                      # their highest IoU is the shared anchor's
    iou[ordinary, own] = 1.0
    x, y = (int(r) for r in rng.choice(ordinary, 2, replace=False))
    iou[[x, y], tied] = (high + 1) / 2
    b, o = (int(r) for r in rng.choice(ordinary, 2))
    iou[b, [at_high, at_low, below_low]] = high, low, low - 1 / 64
    iou[weak, [weak_a, weak_b]] = low / 2
    iou[o, weak_a] = 0.75 * low
    iou[first, shared], iou[second, shared] = (low + high) / 2 + 1 / 32, (low + high) / 2
    return iou
