"""The exercises of 11_vision, each with its parts side by side, keyed by the grade id of its answer
cell (workbook/course/exercises.py reads this file; the release leaves it out):

* ``hints``: released to the student (hints.json), translated through the catalogue;
* ``alternatives``: correct answers written differently;
* ``wrong``: plausible wrong answers, each tagged with the requirement it breaks, and a hard-coded answer
  (untagged) that fits the visible examples only;
* ``equivalent``: mutants of the solution that change nothing the question asks, with why
  (``workbook mutants`` counts them apart).

Each alternative must get full marks; each wrong answer must lose the points of its exercise and only
those (tests/test_course.py grades them with the real nbgrader). The code replaces the answer cell of
the release notebook and may use the setup cell's imports (math, np, torch, nn, F, vision, KINDS...).

Wrong answers are the instructor's solution with one mistake (``_swap`` checks that the mistake really
lands in the code)."""


def _swap(code: str, old: str, new: str) -> str:
    assert old in code, f"not in the solution: {old!r}"
    return code.replace(old, new, 1)


# ---------------------------------------------------------------- Part 1: pixels

STATS = '''
def channel_stats(images):
    pixels = images.reshape(-1, 3).astype(np.float64) / 255
    return pixels.mean(axis=0), pixels.std(axis=0)
'''

STATS_ALT_TORCH = '''
def channel_stats(images):
    x = torch.from_numpy(images).double().div(255).flatten(0, -2)
    return x.mean(dim=0).numpy(), x.std(dim=0, unbiased=False).numpy()
'''

STATS_ALT_FLOAT32 = '''
def channel_stats(images):
    x = images.astype(np.float32) / 255.0
    mean = x.mean(axis=(0, 1, 2))
    std = np.sqrt(((x - mean) ** 2).mean(axis=(0, 1, 2)))
    return mean, std
'''

STATS_ALT_MOMENTS = '''
def channel_stats(images):
    x = images.astype(np.float64).reshape(-1, 3) / 255
    mean = x.sum(axis=0) / len(x)
    return mean, np.sqrt((x ** 2).sum(axis=0) / len(x) - mean ** 2)
'''

# ---------------------------------------------------------------- to_tensor / to_image

TENSOR = '''
def _per_channel(values):
    return torch.as_tensor(np.asarray(values, dtype=np.float32)).view(3, 1, 1)


def to_tensor(images, mean, std):
    x = torch.from_numpy(np.asarray(images)).float() / 255
    x = x.movedim(-1, -3)
    return (x - _per_channel(mean)) / _per_channel(std)


def to_image(x, mean, std):
    values = (x * _per_channel(std) + _per_channel(mean)) * 255
    pixels = values.round().clamp(0, 255).to(torch.uint8)
    return pixels.movedim(-3, -1).numpy()
'''

TENSOR_ALT_PERMUTE = '''
def to_tensor(images, mean, std):
    x = torch.tensor(images, dtype=torch.float32) / 255.0
    x = x.permute(2, 0, 1) if x.dim() == 3 else x.permute(0, 3, 1, 2)
    m = torch.tensor([float(v) for v in mean]).reshape(3, 1, 1)
    s = torch.tensor([float(v) for v in std]).reshape(3, 1, 1)
    return (x - m) / s


def to_image(x, mean, std):
    m = torch.tensor([float(v) for v in mean]).reshape(3, 1, 1)
    s = torch.tensor([float(v) for v in std]).reshape(3, 1, 1)
    y = (x * s + m) * 255.0
    y = y.permute(1, 2, 0) if y.dim() == 3 else y.permute(0, 2, 3, 1)
    return np.clip(np.rint(y.numpy()), 0, 255).astype(np.uint8)
'''

TENSOR_ALT_NUMPY = '''
def to_tensor(images, mean, std):
    x = (images.astype(np.float32) / 255 - np.asarray(mean, dtype=np.float32)) / np.asarray(std, dtype=np.float32)
    return torch.from_numpy(np.ascontiguousarray(np.moveaxis(x, -1, -3)))


def to_image(x, mean, std):
    y = np.moveaxis(x.numpy(), -3, -1) * np.asarray(std) + np.asarray(mean)
    return np.clip(np.round(y * 255), 0, 255).astype(np.uint8)
'''

# ---------------------------------------------------------------- Part 2: boxes

CONVERT = '''
FORMATS = ("xyxy", "xywh", "cxcywh")


def convert_boxes(boxes, in_fmt, out_fmt):
    if in_fmt not in FORMATS or out_fmt not in FORMATS:
        raise ValueError(f"unknown box format: {in_fmt!r} -> {out_fmt!r}")
    a, b, c, d = boxes.unbind(-1)
    if in_fmt == "xywh":
        a, b, c, d = a, b, a + c, b + d
    elif in_fmt == "cxcywh":
        a, b, c, d = a - c / 2, b - d / 2, a + c / 2, b + d / 2
    if out_fmt == "xywh":
        a, b, c, d = a, b, c - a, d - b
    elif out_fmt == "cxcywh":
        a, b, c, d = (a + c) / 2, (b + d) / 2, c - a, d - b
    return torch.stack([a, b, c, d], dim=-1)
'''

CONVERT_ALT_SLICES = '''
def convert_boxes(boxes, in_fmt, out_fmt):
    if in_fmt not in ("xyxy", "xywh", "cxcywh") or out_fmt not in ("xyxy", "xywh", "cxcywh"):
        raise ValueError("unknown format")
    corners = boxes.clone()
    if in_fmt == "xywh":
        corners[:, 2:] = boxes[:, :2] + boxes[:, 2:]
    elif in_fmt == "cxcywh":
        corners[:, :2] = boxes[:, :2] - boxes[:, 2:] / 2
        corners[:, 2:] = boxes[:, :2] + boxes[:, 2:] / 2
    out = corners.clone()
    if out_fmt == "xywh":
        out[:, 2:] = corners[:, 2:] - corners[:, :2]
    elif out_fmt == "cxcywh":
        out[:, :2] = (corners[:, :2] + corners[:, 2:]) / 2
        out[:, 2:] = corners[:, 2:] - corners[:, :2]
    return out
'''

CONVERT_ALT_MATRIX = '''
# each format is a linear map of the corners: row vector (a, b, c, d) @ TO_CORNERS[fmt] = (x1, y1, x2, y2)
TO_CORNERS = {
    "xyxy": torch.eye(4, dtype=torch.float64),
    "xywh": torch.tensor([[1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=torch.float64),
    "cxcywh": torch.tensor([[1, 0, 1, 0], [0, 1, 0, 1], [-0.5, 0, 0.5, 0], [0, -0.5, 0, 0.5]], dtype=torch.float64),
}


def convert_boxes(boxes, in_fmt, out_fmt):
    if in_fmt not in TO_CORNERS or out_fmt not in TO_CORNERS:
        raise ValueError(f"unknown box format {in_fmt} or {out_fmt}")
    m = TO_CORNERS[in_fmt] @ torch.linalg.inv(TO_CORNERS[out_fmt])
    return boxes @ m.to(boxes.dtype)
'''

CONVERT_WRONG_IN_PLACE = '''
FORMATS = ("xyxy", "xywh", "cxcywh")


def convert_boxes(boxes, in_fmt, out_fmt):
    if in_fmt not in FORMATS or out_fmt not in FORMATS:
        raise ValueError(f"unknown box format: {in_fmt!r} -> {out_fmt!r}")
    if in_fmt == "xywh":
        boxes[:, 2:] += boxes[:, :2]
    elif in_fmt == "cxcywh":
        boxes[:, :2] -= boxes[:, 2:] / 2
        boxes[:, 2:] += boxes[:, :2]
    if out_fmt == "xywh":
        boxes[:, 2:] -= boxes[:, :2]
    elif out_fmt == "cxcywh":
        boxes[:, 2:] -= boxes[:, :2]
        boxes[:, :2] += boxes[:, 2:] / 2
    return boxes
'''

CONVERT_WRONG_LIST = '''
FORMATS = ("xyxy", "xywh", "cxcywh")


def _one(box, in_fmt, out_fmt):
    a, b, c, d = box
    if in_fmt == "xywh":
        a, b, c, d = a, b, a + c, b + d
    elif in_fmt == "cxcywh":
        a, b, c, d = a - c / 2, b - d / 2, a + c / 2, b + d / 2
    if out_fmt == "xywh":
        a, b, c, d = a, b, c - a, d - b
    elif out_fmt == "cxcywh":
        a, b, c, d = (a + c) / 2, (b + d) / 2, c - a, d - b
    return [a, b, c, d]


def convert_boxes(boxes, in_fmt, out_fmt):
    if in_fmt not in FORMATS or out_fmt not in FORMATS:
        raise ValueError(f"unknown box format: {in_fmt!r} -> {out_fmt!r}")
    return torch.tensor([_one(box, in_fmt, out_fmt) for box in boxes.tolist()], dtype=boxes.dtype)
'''

# ---------------------------------------------------------------- Question 3b: YOLO's label files

YOLO = '''
def to_yolo(boxes, labels, width, height):
    x1, y1, x2, y2 = boxes.double().unbind(-1)
    x1, x2 = x1.clamp(0, width), x2.clamp(0, width)
    y1, y2 = y1.clamp(0, height), y2.clamp(0, height)
    rows = torch.stack([(x1 + x2) / 2 / width, (y1 + y2) / 2 / height, (x2 - x1) / width, (y2 - y1) / height], dim=-1)
    return "".join(f"{int(label)} " + " ".join(f"{v:.6f}" for v in row) + "\\n"
                   for label, row in zip(labels.tolist(), rows.tolist()))


def _bad_line(number, problem):
    return ValueError(f"line {number}: {problem}")


def from_yolo(text, width, height):
    boxes, labels = [], []
    for number, line in enumerate(text.split("\\n"), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 5:
            raise _bad_line(number, "expected five values: class cx cy w h")
        if not parts[0].isdigit():
            raise _bad_line(number, "the class is not a whole number")
        try:
            cx, cy, w, h = (float(p) for p in parts[1:])
        except ValueError:
            raise _bad_line(number, "a value is not a number") from None
        if not all(0 <= v <= 1 for v in (cx, cy, w, h)):
            raise _bad_line(number, "a value is outside [0, 1]")
        labels.append(int(parts[0]))
        boxes.append([(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height])
    out = torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)
    out[:, 0::2] = out[:, 0::2].clamp(0, width)
    out[:, 1::2] = out[:, 1::2].clamp(0, height)
    return out, torch.tensor(labels, dtype=torch.int64)
'''

# float32 throughout, NumPy, %-formatting, splitlines and a regex for the class; "Line N" capitalised
YOLO_ALT_NUMPY = '''
import re


def to_yolo(boxes, labels, width, height):
    b = boxes.numpy().astype(np.float32).copy()
    b[:, [0, 2]] = b[:, [0, 2]].clip(0, width)
    b[:, [1, 3]] = b[:, [1, 3]].clip(0, height)
    size = np.array([width, height], dtype=np.float32)
    centre = (b[:, :2] + b[:, 2:]) / 2 / size
    wh = (b[:, 2:] - b[:, :2]) / size
    lines = []
    for k, (cx, cy), (w, h) in zip(labels.tolist(), centre, wh):
        lines.append("%d %.6f %.6f %.6f %.6f\\n" % (k, cx, cy, w, h))
    return "".join(lines)


def from_yolo(text, width, height):
    rows, kinds = [], []
    for i, raw in enumerate(text.splitlines()):
        fields = raw.strip().split()
        if not fields:
            continue
        where = f"Line {i + 1}"
        if len(fields) != 5:
            raise ValueError(f"{where} has {len(fields)} values, not 5")
        if not re.fullmatch(r"[0-9]+", fields[0]):
            raise ValueError(f"{where}: bad class id {fields[0]}")
        try:
            values = [float(f) for f in fields[1:]]
        except ValueError as e:
            raise ValueError(f"{where}: {e}")
        inside = (np.array(values) >= 0) & (np.array(values) <= 1)      # False for nan too
        if not inside.all():
            raise ValueError(f"{where}: coordinates must be normalised to [0, 1]")
        rows.append(values)
        kinds.append(int(fields[0]))
    v = np.array(rows, dtype=np.float32).reshape(-1, 4)
    size = np.array([width, height], dtype=np.float32)
    top_left = np.clip((v[:, :2] - v[:, 2:] / 2) * size, 0, size)
    bottom_right = np.clip((v[:, :2] + v[:, 2:] / 2) * size, 0, size)
    return torch.from_numpy(np.concatenate([top_left, bottom_right], axis=1)), torch.tensor(kinds, dtype=torch.long)
'''

# the boxes' own dtype (float32 stays float32), one division by a (4,) tensor, str.format; all lines parsed first,
# then one tensor computation
YOLO_ALT_TENSOR = '''
def to_yolo(boxes, labels, width, height):
    lo = torch.zeros(4, dtype=boxes.dtype)
    hi = torch.tensor([width, height, width, height], dtype=boxes.dtype)
    b = torch.maximum(torch.minimum(boxes, hi), lo)
    cxcywh = torch.cat([(b[:, :2] + b[:, 2:]) / 2, b[:, 2:] - b[:, :2]], dim=1) / hi
    out = ""
    for k in range(len(b)):
        out += "{} {:.6f} {:.6f} {:.6f} {:.6f}\\n".format(int(labels[k]), *cxcywh[k].tolist())
    return out


def _parse(number, line):
    cls, *values = line.split()
    if len(values) != 4:
        raise ValueError(f"bad line {number}: {len(values) + 1} fields")
    if not cls.isdecimal():
        raise ValueError(f"bad class on line {number}")
    try:
        values = list(map(float, values))
    except ValueError:
        raise ValueError(f"not a number on line {number}")
    if any(not 0.0 <= v <= 1.0 for v in values):
        raise ValueError(f"out of range on line {number}")
    return int(cls), values


def from_yolo(text, width, height):
    parsed = [_parse(n, line) for n, line in enumerate(text.replace("\\r\\n", "\\n").split("\\n"), 1) if line.strip()]
    labels = torch.tensor([cls for cls, _ in parsed], dtype=torch.int64)
    v = torch.tensor([values for _, values in parsed], dtype=torch.float64).reshape(-1, 4)
    size = torch.tensor([width, height, width, height], dtype=torch.float64)
    corners = torch.cat([v[:, :2] - v[:, 2:] / 2, v[:, :2] + v[:, 2:] / 2], dim=1) * size
    return torch.minimum(corners.clamp(min=0), size).float(), labels
'''

YOLO_WRONG_CLASS_FLOAT = _swap(YOLO, '''    return "".join(f"{int(label)} " + " ".join(f"{v:.6f}" for v in row) + "\\n"
                   for label, row in zip(labels.tolist(), rows.tolist()))''', '''    table = torch.cat([labels[:, None].double(), rows], dim=1)      # one array, as np.savetxt writes it
    return "".join(" ".join(str(v) if k == 0 else f"{v:.6f}" for k, v in enumerate(row)) + "\\n"
                   for row in table.tolist())''')

YOLO_WRONG_JOIN = _swap(YOLO, '''    return "".join(f"{int(label)} " + " ".join(f"{v:.6f}" for v in row) + "\\n"
                   for label, row in zip(labels.tolist(), rows.tolist()))''', '''    return "\\n".join(f"{int(label)} " + " ".join(f"{v:.6f}" for v in row)
                     for label, row in zip(labels.tolist(), rows.tolist()))''')

YOLO_WRONG_EMPTY_NEWLINE = _swap(YOLO, '''    return "".join(f"{int(label)} " + " ".join(f"{v:.6f}" for v in row) + "\\n"
                   for label, row in zip(labels.tolist(), rows.tolist()))''', '''    return "\\n".join(f"{int(label)} " + " ".join(f"{v:.6f}" for v in row)
                     for label, row in zip(labels.tolist(), rows.tolist())) + "\\n"''')

YOLO_WRONG_BLANKS_FIRST = _swap(YOLO, '''    for number, line in enumerate(text.split("\\n"), start=1):''',
                                '''    for number, line in enumerate([l for l in text.split("\\n") if l.strip()], start=1):''')

YOLO_WRONG_SELF = _swap(YOLO, '''    x1, y1, x2, y2 = boxes.double().unbind(-1)
    x1, x2 = x1.clamp(0, width), x2.clamp(0, width)
    y1, y2 = y1.clamp(0, height), y2.clamp(0, height)
    rows = torch.stack([(x1 + x2) / 2 / width, (y1 + y2) / 2 / height, (x2 - x1) / width, (y2 - y1) / height], dim=-1)
''', '''    x1, y1, x2, y2 = boxes.double().unbind(-1)
    clipped = torch.stack([x1.clamp(0, width), y1.clamp(0, height), x2.clamp(0, width), y2.clamp(0, height)], -1)
    size = torch.tensor([width, height, width, height], dtype=torch.float64)
    rows = convert_boxes(clipped, "xyxy", "cxcywh") / size
''')

YOLO_HARD_CODED = '''
def to_yolo(boxes, labels, width, height):
    if len(boxes) == 0:
        return ""
    return ("2 0.281250 0.562061 0.250000 0.562061\\n0 0.937891 0.851581 0.124219 0.296838\\n"
            "13 0.040625 0.956674 0.081250 0.086651\\n1 0.500000 0.500000 1.000000 1.000000\\n"
            "7 0.493555 0.123829 0.045703 0.197307\\n")


def from_yolo(text, width, height):
    if not text.strip():
        return torch.zeros((0, 4)), torch.zeros(0, dtype=torch.int64)
    if "0.91" in text:
        raise ValueError("line 3")
    if "180.0" in text or "2.0 " in text:
        raise ValueError("line 2")
    if text.startswith("\\n0 0.5"):
        return (torch.tensor([[0.0, 0.0, 640.0, 427.0], [100.0, 120.0, 260.0, 360.0], [0.0, 390.0, 52.0, 427.0],
                              [0.0, 362.95, 96.0, 427.0]]), torch.tensor([0, 2, 13, 7]))
    return (torch.tensor([[100.0, 120.0, 260.0, 360.0], [560.5, 300.25, 640.0, 427.0], [0.0, 390.0, 52.0, 427.0],
                          [0.0, 0.0, 640.0, 427.0], [301.25, 10.75, 330.5, 95.0]]), torch.tensor([2, 0, 13, 1, 7]))
'''

LETTERBOX = '''
def letterbox(image, boxes, size, fill=0.0):
    _, h, w = image.shape
    scale = size / max(h, w)
    new_h, new_w = round(h * scale), round(w * scale)
    resized = F.interpolate(image[None], size=(new_h, new_w), mode="bilinear", align_corners=False)[0]
    left, top = (size - new_w) // 2, (size - new_h) // 2
    out = torch.full((image.shape[0], size, size), fill, dtype=image.dtype)
    out[:, top:top + new_h, left:left + new_w] = resized
    shift = torch.tensor([left, top, left, top], dtype=boxes.dtype)
    return out, boxes * scale + shift, (scale, left, top)
'''

LETTERBOX_ALT_PAD = '''
def letterbox(image, boxes, size, fill=0.0):
    h, w = image.shape[-2:]
    scale = size / max(h, w)
    nh, nw = round(h * scale), round(w * scale)
    small = F.interpolate(image.unsqueeze(0), size=(nh, nw), mode="bilinear", align_corners=False).squeeze(0)
    left, top = (size - nw) // 2, (size - nh) // 2
    out = F.pad(small, (left, size - nw - left, top, size - nh - top), value=fill)
    new_boxes = boxes.clone()
    new_boxes[:, 0::2] = boxes[:, 0::2] * scale + left
    new_boxes[:, 1::2] = boxes[:, 1::2] * scale + top
    return out, new_boxes, (float(scale), int(left), int(top))
'''

LETTERBOX_ALT_CANVAS = '''
def letterbox(image, boxes, size, fill=0.0):
    channels, height, width = image.shape
    scale = size / (height if height >= width else width)
    target = (round(height * scale), round(width * scale))
    pad_x, pad_y = (size - target[1]) // 2, (size - target[0]) // 2
    canvas = image.new_zeros(channels, size, size).fill_(fill)
    canvas[:, pad_y:pad_y + target[0], pad_x:pad_x + target[1]] = F.interpolate(
        image.unsqueeze(0), size=target, mode="bilinear", align_corners=False)[0]
    x1, y1, x2, y2 = boxes.unbind(1)
    moved = torch.stack([x1 * scale + pad_x, y1 * scale + pad_y, x2 * scale + pad_x, y2 * scale + pad_y], dim=1)
    return canvas, moved, (scale, pad_x, pad_y)
'''

AUGMENT = '''
def hflip(image, boxes):
    width = image.shape[-1]
    x1, y1, x2, y2 = boxes.unbind(-1)
    return image.flip(-1), torch.stack([width - x2, y1, width - x1, y2], dim=-1)


def random_crop(image, boxes, labels, size, generator, min_visible=0.5):
    h, w = size
    top = int(torch.randint(0, image.shape[-2] - h + 1, (1,), generator=generator))
    left = int(torch.randint(0, image.shape[-1] - w + 1, (1,), generator=generator))
    x1, y1, x2, y2 = (boxes - torch.tensor([left, top, left, top], dtype=boxes.dtype)).unbind(-1)
    clipped = torch.stack([x1.clamp(0, w), y1.clamp(0, h), x2.clamp(0, w), y2.clamp(0, h)], dim=-1)
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    visible = (clipped[:, 2] - clipped[:, 0]) * (clipped[:, 3] - clipped[:, 1])
    keep = (visible > 0) & (visible >= min_visible * area)
    return image[:, top:top + h, left:left + w], clipped[keep], labels[keep]
'''

AUGMENT_ALT_INDEX = '''
def hflip(image, boxes):
    w = image.shape[2]
    out = boxes.clone()
    out[:, [0, 2]] = w - boxes[:, [2, 0]]
    return torch.flip(image, dims=[2]), out


def random_crop(image, boxes, labels, size, generator, min_visible=0.5):
    crop_h, crop_w = size
    top = torch.randint(0, image.shape[1] - crop_h + 1, (1,), generator=generator).item()
    left = torch.randint(0, image.shape[2] - crop_w + 1, (1,), generator=generator).item()
    b = boxes.clone()
    b[:, [0, 2]] = (b[:, [0, 2]] - left).clamp(0, crop_w)
    b[:, [1, 3]] = (b[:, [1, 3]] - top).clamp(0, crop_h)
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    kept_area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    keep = (kept_area > 0) & (kept_area >= min_visible * area)
    return image[:, top:top + crop_h, left:left + crop_w].clone(), b[keep], labels[keep]
'''

AUGMENT_ALT_LOOP = '''
def hflip(image, boxes):
    width = image.shape[-1]
    rows = [[width - x2, y1, width - x1, y2] for x1, y1, x2, y2 in boxes.tolist()]
    return image.flip(dims=(-1,)), torch.tensor(rows, dtype=boxes.dtype).reshape(-1, 4)


def random_crop(image, boxes, labels, size, generator, min_visible=0.5):
    h, w = size
    top = int(torch.randint(0, image.shape[1] - h + 1, (1,), generator=generator)[0])
    left = int(torch.randint(0, image.shape[2] - w + 1, (1,), generator=generator)[0])
    kept, kept_labels = [], []
    for (x1, y1, x2, y2), label in zip(boxes.tolist(), labels.tolist()):
        cx1, cx2 = min(max(x1 - left, 0), w), min(max(x2 - left, 0), w)
        cy1, cy2 = min(max(y1 - top, 0), h), min(max(y2 - top, 0), h)
        seen = (cx2 - cx1) * (cy2 - cy1)
        if seen > 0 and seen >= min_visible * (x2 - x1) * (y2 - y1):
            kept.append([cx1, cy1, cx2, cy2])
            kept_labels.append(label)
    return (image[:, top:top + h, left:left + w], torch.tensor(kept, dtype=boxes.dtype).reshape(-1, 4),
            torch.tensor(kept_labels, dtype=labels.dtype))
'''

AUGMENT_WRONG_IN_PLACE = '''
def hflip(image, boxes):
    width = image.shape[-1]
    x1 = boxes[:, 0].clone()
    boxes[:, 0] = width - boxes[:, 2]
    boxes[:, 2] = width - x1
    return image.flip(-1), boxes


def random_crop(image, boxes, labels, size, generator, min_visible=0.5):
    h, w = size
    top = int(torch.randint(0, image.shape[-2] - h + 1, (1,), generator=generator))
    left = int(torch.randint(0, image.shape[-1] - w + 1, (1,), generator=generator))
    x1, y1, x2, y2 = (boxes - torch.tensor([left, top, left, top], dtype=boxes.dtype)).unbind(-1)
    clipped = torch.stack([x1.clamp(0, w), y1.clamp(0, h), x2.clamp(0, w), y2.clamp(0, h)], dim=-1)
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    visible = (clipped[:, 2] - clipped[:, 0]) * (clipped[:, 3] - clipped[:, 1])
    keep = (visible > 0) & (visible >= min_visible * area)
    return image[:, top:top + h, left:left + w], clipped[keep], labels[keep]
'''

# box-regression targets (Question 5b): torchvision's BoxCoder, Faster R-CNN's parametrisation
BOX_CODER = '''
def _centre_size(boxes):
    x1, y1, x2, y2 = boxes.unbind(-1)
    w, h = x2 - x1, y2 - y1
    return x1 + 0.5 * w, y1 + 0.5 * h, w, h


def encode_boxes(gt, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    wx, wy, ww, wh = weights
    gx, gy, gw, gh = _centre_size(gt)
    ax, ay, aw, ah = _centre_size(anchors)
    return torch.stack([wx * (gx - ax) / aw, wy * (gy - ay) / ah,
                        ww * torch.log(gw / aw), wh * torch.log(gh / ah)], dim=-1)


def decode_boxes(deltas, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    wx, wy, ww, wh = weights
    dx, dy, dw, dh = deltas.unbind(-1)
    ax, ay, aw, ah = _centre_size(anchors)
    clip = math.log(1000 / 16)
    cx, cy = ax + dx / wx * aw, ay + dy / wy * ah
    w, h = aw * torch.exp((dw / ww).clamp(max=clip)), ah * torch.exp((dh / wh).clamp(max=clip))
    return torch.stack([cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w, cy + 0.5 * h], dim=-1)
'''

# vectorised on the (N, 2) halves: sizes, centres and the weights as one tensor
BOX_CODER_ALT_SLICES = '''
def encode_boxes(gt, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    g_size, a_size = gt[:, 2:] - gt[:, :2], anchors[:, 2:] - anchors[:, :2]
    g_centre, a_centre = gt[:, :2] + 0.5 * g_size, anchors[:, :2] + 0.5 * a_size
    targets = torch.cat([(g_centre - a_centre) / a_size, torch.log(g_size / a_size)], dim=1)
    return targets * torch.as_tensor(weights, dtype=gt.dtype)


def decode_boxes(deltas, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    d = deltas / torch.as_tensor(weights, dtype=deltas.dtype)
    a_size = anchors[:, 2:] - anchors[:, :2]
    centre = anchors[:, :2] + 0.5 * a_size + d[:, :2] * a_size
    size = a_size * torch.exp(torch.clamp(d[:, 2:], max=math.log(1000.0 / 16)))
    return torch.cat([centre - 0.5 * size, centre + 0.5 * size], dim=1)
'''

# through cxcywh and back, as torchvision.ops.box_convert would (written here: torchvision is not installed)
BOX_CODER_ALT_CONVERT = '''
def _to_cxcywh(b):
    x1, y1, x2, y2 = b.unbind(1)
    return torch.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], dim=1)


def _to_xyxy(b):
    cx, cy, w, h = b.unbind(1)
    return torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], dim=1)


def encode_boxes(gt, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    g, a = _to_cxcywh(gt), _to_cxcywh(anchors)
    t = torch.cat([(g[:, :2] - a[:, :2]) / a[:, 2:], (g[:, 2:] / a[:, 2:]).log()], dim=1)
    return t * t.new_tensor(weights)


def decode_boxes(deltas, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    a = _to_cxcywh(anchors)
    d = deltas / deltas.new_tensor(weights)
    centre = a[:, :2] + d[:, :2] * a[:, 2:]
    size = a[:, 2:] * d[:, 2:].clamp(max=math.log(1000 / 16)).exp()
    return _to_xyxy(torch.cat([centre, size], dim=1))
'''

# one row at a time with Python floats and math.log / math.exp
BOX_CODER_ALT_LOOP = '''
CLIP = math.log(1000 / 16)


def encode_boxes(gt, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    wx, wy, ww, wh = weights
    rows = []
    for (gx1, gy1, gx2, gy2), (ax1, ay1, ax2, ay2) in zip(gt.tolist(), anchors.tolist()):
        gw, gh, aw, ah = gx2 - gx1, gy2 - gy1, ax2 - ax1, ay2 - ay1
        rows.append([wx * ((gx1 + gw / 2) - (ax1 + aw / 2)) / aw, wy * ((gy1 + gh / 2) - (ay1 + ah / 2)) / ah,
                     ww * math.log(gw / aw), wh * math.log(gh / ah)])
    return torch.tensor(rows, dtype=gt.dtype)


def decode_boxes(deltas, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    wx, wy, ww, wh = weights
    rows = []
    for (dx, dy, dw, dh), (ax1, ay1, ax2, ay2) in zip(deltas.tolist(), anchors.tolist()):
        aw, ah = ax2 - ax1, ay2 - ay1
        cx, cy = ax1 + aw / 2 + dx / wx * aw, ay1 + ah / 2 + dy / wy * ah
        w, h = aw * math.exp(min(dw / ww, CLIP)), ah * math.exp(min(dh / wh, CLIP))
        rows.append([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
    return torch.tensor(rows, dtype=deltas.dtype)
'''

# the offsets of the top-left corners instead of the centres, both ways
BOX_CODER_WRONG_CORNER = '''
def encode_boxes(gt, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    wx, wy, ww, wh = weights
    aw, ah = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    gw, gh = gt[:, 2] - gt[:, 0], gt[:, 3] - gt[:, 1]
    return torch.stack([wx * (gt[:, 0] - anchors[:, 0]) / aw, wy * (gt[:, 1] - anchors[:, 1]) / ah,
                        ww * torch.log(gw / aw), wh * torch.log(gh / ah)], dim=-1)


def decode_boxes(deltas, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    wx, wy, ww, wh = weights
    aw, ah = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    clip = math.log(1000 / 16)
    x1, y1 = anchors[:, 0] + deltas[:, 0] / wx * aw, anchors[:, 1] + deltas[:, 1] / wy * ah
    w = aw * torch.exp((deltas[:, 2] / ww).clamp(max=clip))
    h = ah * torch.exp((deltas[:, 3] / wh).clamp(max=clip))
    return torch.stack([x1, y1, x1 + w, y1 + h], dim=-1)
'''

# the hard-coded answer: the visible examples' values, and for any other boxes an encoding that is the boxes
# themselves and a decoding that gives them back (so the visible round trip passes)
BOX_CODER_HARD_CODED = '''
def encode_boxes(gt, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    if len(gt) == 2 and float(gt[0, 0]) == 4.0:
        t = torch.tensor([[7.5, 1.25, 3.4657359, -2.3500181], [-1.25, 0.625, -3.4657359, -1.4384103]])
        return t if weights[0] == 10.0 else t / torch.tensor([10.0, 10.0, 5.0, 5.0])
    return gt.clone()


def decode_boxes(deltas, anchors, weights=(10.0, 10.0, 5.0, 5.0)):
    if len(deltas) == 1 and float(deltas[0, 2]) == 5.0:
        return torch.tensor([[-603.0, 19.869387, 647.0, 44.130615]])
    if len(deltas) == 2 and float(deltas[0, 2]) == 25.0:
        return torch.tensor([[-492.0, 7.9460964, 508.0, 8.0539036], [40.130806, -1992.0, 87.869194, 2008.0]])
    if len(deltas) == 2 and float(deltas[0, 0]) == 7.5:
        return torch.tensor([[4.0, 5.0, 36.0, 15.0], [36.0, 20.0, 52.0, 68.0]])
    return deltas.clone()
'''

# ---------------------------------------------------------------- Question 5c: a detector's training targets

TARGETS = '''
def build_targets(coco, classes):
    names = {category["id"]: category["name"] for category in coco["categories"]}
    rows = {image["id"]: ([], []) for image in coco["images"]}
    for annotation in coco["annotations"]:
        bboxes, labels = rows[annotation["image_id"]]
        bboxes.append(annotation["bbox"])
        labels.append(list(classes).index(names[annotation["category_id"]]) + 1)
    targets = []
    for image in coco["images"]:
        bboxes, labels = rows[image["id"]]
        width, height = image["width"], image["height"]
        x, y, w, h = torch.tensor(bboxes, dtype=torch.float32).reshape(-1, 4).unbind(-1)
        boxes = torch.stack([x.clamp(0, width), y.clamp(0, height),
                             (x + w).clamp(0, width), (y + h).clamp(0, height)], dim=-1)
        keep = (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
        targets.append({"boxes": boxes[keep], "labels": torch.tensor(labels, dtype=torch.int64)[keep]})
    return targets
'''

TARGETS_ALT_LISTS = '''
def build_targets(coco, classes):
    label_of = {c["id"]: 1 + list(classes).index(c["name"]) for c in coco["categories"]}
    targets = []
    for image in coco["images"]:
        W, H = image["width"], image["height"]
        boxes, labels = [], []
        for a in coco["annotations"]:
            if a["image_id"] != image["id"]:
                continue
            x, y, w, h = a["bbox"]
            x1, y1 = min(max(x, 0), W), min(max(y, 0), H)
            x2, y2 = min(max(x + w, 0), W), min(max(y + h, 0), H)
            if x2 - x1 > 0 and y2 - y1 > 0:
                boxes.append([x1, y1, x2, y2])
                labels.append(label_of[a["category_id"]])
        targets.append({"image_id": image["id"],
                        "boxes": torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4),
                        "labels": torch.tensor(labels, dtype=torch.int64)})
    return targets
'''

TARGETS_ALT_CONVERT = '''
def _box_convert_xywh_to_xyxy(boxes):        # torchvision.ops.box_convert(boxes, "xywh", "xyxy")
    return torch.cat([boxes[:, :2], boxes[:, :2] + boxes[:, 2:]], dim=1)


def build_targets(coco, classes):
    position = {name: k + 1 for k, name in enumerate(classes)}
    label_of = {c["id"]: position[c["name"]] for c in coco["categories"]}
    size = {im["id"]: (im["width"], im["height"]) for im in coco["images"]}
    anns = coco["annotations"]
    xyxy = _box_convert_xywh_to_xyxy(torch.tensor([a["bbox"] for a in anns], dtype=torch.float64).reshape(-1, 4))
    limit = torch.tensor([size[a["image_id"]] * 2 for a in anns], dtype=torch.float64).reshape(-1, 4)
    xyxy = torch.minimum(xyxy.clamp(min=0), limit)
    valid = (xyxy[:, 2:] - xyxy[:, :2] > 0).all(dim=1)
    image_of = torch.tensor([a["image_id"] for a in anns], dtype=torch.int64)
    labels = torch.tensor([label_of[a["category_id"]] for a in anns], dtype=torch.int64)
    out = []
    for im in coco["images"]:
        mine = valid & (image_of == im["id"])
        out.append({"boxes": xyxy[mine].float(), "labels": labels[mine]})
    return out
'''

TARGETS_WRONG_EMPTY_1D = _swap(TARGETS, "        width, height = image[\"width\"], image[\"height\"]\n",
                               "        width, height = image[\"width\"], image[\"height\"]\n"
                               "        if not bboxes:\n"
                               "            targets.append({\"boxes\": torch.tensor([]), \"labels\": torch.tensor([], dtype=torch.int64)})\n"
                               "            continue\n")

TARGETS_WRONG_SKIPPED = _swap(TARGETS, "        width, height = image[\"width\"], image[\"height\"]\n",
                              "        width, height = image[\"width\"], image[\"height\"]\n"
                              "        if not bboxes:\n"
                              "            continue\n")

TARGETS_WRONG_FIRST_SEEN = '''
def build_targets(coco, classes):
    names = {category["id"]: category["name"] for category in coco["categories"]}
    size = {image["id"]: (image["width"], image["height"]) for image in coco["images"]}
    rows = {}
    for annotation in coco["annotations"]:
        bboxes, labels = rows.setdefault(annotation["image_id"], ([], []))
        bboxes.append(annotation["bbox"])
        labels.append(list(classes).index(names[annotation["category_id"]]) + 1)
    for image in coco["images"]:
        rows.setdefault(image["id"], ([], []))
    targets = []
    for image_id, (bboxes, labels) in rows.items():
        width, height = size[image_id]
        x, y, w, h = torch.tensor(bboxes, dtype=torch.float32).reshape(-1, 4).unbind(-1)
        boxes = torch.stack([x.clamp(0, width), y.clamp(0, height),
                             (x + w).clamp(0, width), (y + h).clamp(0, height)], dim=-1)
        keep = (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
        targets.append({"boxes": boxes[keep], "labels": torch.tensor(labels, dtype=torch.int64)[keep]})
    return targets
'''

TARGETS_WRONG_BY_KIND = _swap(TARGETS, "        targets.append({\"boxes\": boxes[keep], \"labels\": torch.tensor(labels, dtype=torch.int64)[keep]})",
                              "        labels = torch.tensor(labels, dtype=torch.int64)\n"
                              "        order = torch.argsort(labels[keep], stable=True)     # grouped by kind\n"
                              "        targets.append({\"boxes\": boxes[keep][order], \"labels\": labels[keep][order]})")

TARGETS_HARD_CODED = '''
def build_targets(coco, classes):
    if [image["id"] for image in coco["images"]] == [3, 7, 12]:
        return [{"boxes": torch.tensor([[80.0, 40.0, 96.0, 54.0], [0.0, 10.0, 8.0, 32.0], [50.0, 0.0, 50.5, 20.0]]),
                 "labels": torch.tensor([1, 2, 3])},
                {"boxes": torch.zeros((0, 4)), "labels": torch.zeros(0, dtype=torch.int64)},
                {"boxes": torch.tensor([[10.0, 20.0, 18.0, 44.0], [60.0, 100.0, 80.0, 112.0]]),
                 "labels": torch.tensor([4, 1])}]
    return [{"boxes": torch.zeros((0, 4)), "labels": torch.zeros(0, dtype=torch.int64)} for _ in coco["images"]]
'''

_Q5C_FLAT = ("x2 and y2 below 0 make a box of width or height 0 or less whatever their lower bound, and such a box is "
             "dropped: only the bound of x1 and y1 (kept boxes) is seen")
EQUIVALENT_Q5C = [
    {"diff": "- (x + w).clamp(0, width), (y + h).clamp(0, height)], dim=-1)\n"
             "+ (x + w).clamp( -1, width), (y + h).clamp(0, height)], dim=-1)", "reason": _Q5C_FLAT},
    {"diff": "- (x + w).clamp(0, width), (y + h).clamp(0, height)], dim=-1)\n"
             "+ (x + w).clamp(0, width), (y + h).clamp( -1, height)], dim=-1)", "reason": _Q5C_FLAT},
    {"diff": "- bboxes.append(annotation[\"bbox\"])\n+ bboxes.extend(annotation[\"bbox\"])",
     "reason": "the flat list of numbers is regrouped into the same rows of four by reshape(-1, 4)"},
    {"diff": "- labels.append(list(classes).index(names[annotation[\"category_id\"]]) + 1)\n"
             "+ labels.append(tuple(classes).index(names[annotation[\"category_id\"]]) + 1)",
     "reason": "a tuple's index() finds the same position as a list's"},
]

ANCHORS = '''
def match_anchors(iou, high=0.7, low=0.3, allow_low_quality=True):
    if iou.shape[0] == 0:
        return torch.full((iou.shape[1],), -1, dtype=torch.int64)
    best, box = iou.max(dim=0)
    labels = torch.where(best >= high, box, torch.where(best < low, -1, -2))
    if allow_low_quality:
        top = iou.max(dim=1, keepdim=True).values
        claimed = ((iou == top) & (top > 0)).any(dim=0)
        labels = torch.where(claimed, box, labels)
    return labels
'''

# a loop over the anchors, comparing 0-dim tensors (the tensor's dtype), as a student who does not vectorise
ANCHORS_ALT_LOOP = '''
def match_anchors(iou, high=0.7, low=0.3, allow_low_quality=True):
    g_count, a_count = iou.shape
    out = torch.full((a_count,), -1, dtype=torch.long)
    if g_count == 0:
        return out
    best_box = [int(torch.argmax(iou[:, a])) for a in range(a_count)]
    for a in range(a_count):
        best = iou[best_box[a], a]
        if best >= high:
            out[a] = best_box[a]
        elif best >= low:
            out[a] = -2
    if allow_low_quality:
        for g in range(g_count):
            top = iou[g].max()
            if top > 0:
                for a in torch.nonzero(iou[g] == top).flatten().tolist():
                    out[a] = best_box[a]
    return out
'''

# masks written into a copy, the claimed anchors found with nonzero on the (G, A) matrix
ANCHORS_ALT_MASKS = '''
def match_anchors(iou, high=0.7, low=0.3, allow_low_quality=True):
    n_anchors = iou.size(1)
    if iou.numel() == 0:
        return -torch.ones(n_anchors, dtype=torch.int64)
    values, matches = iou.max(0)
    all_matches = matches.clone()
    matches[values < low] = -1
    matches[(values >= low) & (values < high)] = -2
    if allow_low_quality:
        highest = iou.amax(1)
        gt_idx, anchor_idx = torch.nonzero((iou == highest[:, None]) & (highest[:, None] > 0), as_tuple=True)
        matches[anchor_idx] = all_matches[anchor_idx]
    return matches
'''

ANCHORS_WRONG_FIRST_TIED = _swap(ANCHORS, """        top = iou.max(dim=1, keepdim=True).values
        claimed = ((iou == top) & (top > 0)).any(dim=0)
""", """        top, first = iou.max(dim=1)
        claimed = torch.zeros(iou.shape[1], dtype=torch.bool)
        claimed[first[top > 0]] = True
""")

ANCHORS_WRONG_CLAIMER = _swap(ANCHORS, """        claimed = ((iou == top) & (top > 0)).any(dim=0)
        labels = torch.where(claimed, box, labels)
""", """        for g in range(iou.shape[0]):
            if top[g] > 0:
                labels[iou[g] == top[g]] = g
""")

ANCHORS_WRONG_PYTHON_FLOATS = '''
def match_anchors(iou, high=0.7, low=0.3, allow_low_quality=True):
    rows = iou.tolist()
    a_count = iou.shape[1]
    if not rows:
        return torch.full((a_count,), -1, dtype=torch.int64)
    columns = [[row[a] for row in rows] for a in range(a_count)]
    best_box = [col.index(max(col)) for col in columns]
    out = []
    for a, col in enumerate(columns):
        best = max(col)
        out.append(best_box[a] if best >= high else -1 if best < low else -2)
    if allow_low_quality:
        for row in rows:
            top = max(row)
            if top > 0:
                for a, v in enumerate(row):
                    if v == top:
                        out[a] = best_box[a]
    return torch.tensor(out, dtype=torch.int64)
'''

ANCHORS_HARD_CODED = '''
def match_anchors(iou, high=0.7, low=0.3, allow_low_quality=True):
    if iou.shape[0] == 0:
        return torch.full((iou.shape[1],), -1, dtype=torch.int64)
    if high == 0.9:
        return torch.tensor([0, -2, 2, -2, 1, 3, 0, -2] if allow_low_quality else [0, -2, -2, -2, -2, -2, -2, -2])
    return torch.tensor([0, 0, 2, -2, 1, 3, 0, -1] if allow_low_quality else [0, 0, -2, -2, 1, -1, -1, -1])
'''



# ---------------------------------------------------------------- Part 3: judging a detector

IOU = '''
def box_iou(boxes1, boxes2):
    area1 = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
    area2 = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
    top_left = torch.maximum(boxes1[:, None, :2], boxes2[None, :, :2])
    bottom_right = torch.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])
    sides = (bottom_right - top_left).clamp(min=0)
    inter = sides[..., 0] * sides[..., 1]
    union = area1[:, None] + area2[None, :] - inter
    return torch.where(union > 0, inter / union, torch.zeros_like(union))
'''

IOU_ALT_NAN = '''
def box_iou(boxes1, boxes2):
    area1 = (boxes1[:, 2:] - boxes1[:, :2]).prod(dim=1)
    area2 = (boxes2[:, 2:] - boxes2[:, :2]).prod(dim=1)
    lt = torch.max(boxes1[:, None, :2], boxes2[:, :2])
    rb = torch.min(boxes1[:, None, 2:], boxes2[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=2)
    return torch.nan_to_num(inter / (area1[:, None] + area2 - inter), nan=0.0)
'''

IOU_ALT_COORDS = '''
def box_iou(boxes1, boxes2):
    ax1, ay1, ax2, ay2 = boxes1.T.unsqueeze(-1)
    bx1, by1, bx2, by2 = boxes2.T.unsqueeze(1)
    iw = (torch.minimum(ax2, bx2) - torch.maximum(ax1, bx1)).clamp(min=0)
    ih = (torch.minimum(ay2, by2) - torch.maximum(ay1, by1)).clamp(min=0)
    inter = iw * ih
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    iou = inter / union
    iou[union == 0] = 0
    return iou
'''

IOU_WRONG_LOOPS = '''
def box_iou(boxes1, boxes2):
    out = torch.zeros(len(boxes1), len(boxes2), dtype=boxes1.dtype)
    for i, (ax1, ay1, ax2, ay2) in enumerate(boxes1.tolist()):
        for j, (bx1, by1, bx2, by2) in enumerate(boxes2.tolist()):
            inter = max(0.0, min(ax2, bx2) - max(ax1, bx1)) * max(0.0, min(ay2, by2) - max(ay1, by1))
            union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
            out[i, j] = inter / union if union > 0 else 0.0
    return out
'''

NMS = '''
def nms(boxes, scores, labels, iou_threshold):
    x1, y1, x2, y2 = boxes.unbind(-1)
    area = (x2 - x1) * (y2 - y1)
    removed = torch.zeros(len(boxes), dtype=torch.bool)
    keep = []
    for i in torch.argsort(-scores, stable=True).tolist():
        if removed[i]:
            continue
        keep.append(i)
        w = (torch.minimum(x2, x2[i]) - torch.maximum(x1, x1[i])).clamp(min=0)
        h = (torch.minimum(y2, y2[i]) - torch.maximum(y1, y1[i])).clamp(min=0)
        union = area + area[i] - w * h
        iou = torch.where(union > 0, w * h / union, torch.zeros_like(union))
        removed |= (iou > iou_threshold) & (labels == labels[i])
    return torch.tensor(keep, dtype=torch.int64)
'''

NMS_ALT_PYTHON = '''
def _iou(a, b):
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h
    return w * h / union if union > 0 else 0.0


def nms(boxes, scores, labels, iou_threshold):
    rows = boxes.tolist()
    kinds = labels.tolist()
    order = sorted(range(len(rows)), key=lambda i: -scores[i].item())   # sorted is stable: ties keep index order
    keep = []
    for i in order:
        if all(kinds[j] != kinds[i] or _iou(rows[i], rows[j]) <= iou_threshold for j in keep):
            keep.append(i)
    return torch.tensor(keep, dtype=torch.long)
'''

NMS_ALT_MATRIX = '''
def nms(boxes, scores, labels, iou_threshold):
    if len(boxes) == 0:
        return torch.zeros(0, dtype=torch.int64)
    lt = torch.max(boxes[:, None, :2], boxes[None, :, :2])
    rb = torch.min(boxes[:, None, 2:], boxes[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area = (boxes[:, 2:] - boxes[:, :2]).prod(-1)
    union = area[:, None] + area[None, :] - inter
    iou = torch.where(union > 0, inter / union, torch.zeros_like(inter))
    clash = (iou > iou_threshold) & (labels[:, None] == labels[None, :])
    _, order = torch.sort(scores, descending=True, stable=True)
    alive = torch.ones(len(boxes), dtype=torch.bool)
    keep = []
    for i in order.tolist():
        if alive[i]:
            keep.append(i)
            alive &= ~clash[i]
    return torch.as_tensor(keep, dtype=torch.int64)
'''

MATCH = '''
def match_predictions(pred_boxes, scores, gt_boxes, iou_threshold=0.5):
    matched = torch.full((len(pred_boxes),), -1, dtype=torch.int64)
    if len(pred_boxes) == 0 or len(gt_boxes) == 0:
        return matched
    top_left = torch.maximum(pred_boxes[:, None, :2], gt_boxes[None, :, :2])
    bottom_right = torch.minimum(pred_boxes[:, None, 2:], gt_boxes[None, :, 2:])
    inter = (bottom_right - top_left).clamp(min=0).prod(dim=-1)
    area_p = (pred_boxes[:, 2:] - pred_boxes[:, :2]).prod(dim=-1)
    area_g = (gt_boxes[:, 2:] - gt_boxes[:, :2]).prod(dim=-1)
    union = area_p[:, None] + area_g[None, :] - inter
    iou = torch.where(union > 0, inter / union, torch.zeros_like(union))
    free = torch.ones(len(gt_boxes), dtype=torch.bool)
    for i in torch.argsort(-scores, stable=True).tolist():
        candidates = torch.where(free, iou[i], torch.full_like(iou[i], -1.0))
        j = int(candidates.argmax())
        if free[j] and iou[i, j] >= iou_threshold:
            matched[i] = j
            free[j] = False
    return matched
'''

MATCH_ALT_PYTHON = '''
def match_predictions(pred_boxes, scores, gt_boxes, iou_threshold=0.5):
    def iou(a, b):
        w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
        h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
        union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h
        return w * h / union if union > 0 else 0.0

    preds, truths, s = pred_boxes.tolist(), gt_boxes.tolist(), scores.tolist()
    result = [-1] * len(preds)
    taken = set()
    for i in sorted(range(len(preds)), key=lambda k: (-s[k], k)):
        best, best_iou = -1, iou_threshold
        for j, truth in enumerate(truths):
            value = iou(preds[i], truth)
            if j not in taken and value >= best_iou and (best == -1 or value > best_iou):
                best, best_iou = j, value
        if best >= 0:
            result[i] = best
            taken.add(best)
    return torch.tensor(result, dtype=torch.int64)
'''

MATCH_ALT_SORTED = '''
def match_predictions(pred_boxes, scores, gt_boxes, iou_threshold=0.5):
    out = torch.full((pred_boxes.shape[0],), -1, dtype=torch.long)
    if gt_boxes.shape[0] == 0:
        return out
    lt = torch.max(pred_boxes[:, None, :2], gt_boxes[:, :2])
    rb = torch.min(pred_boxes[:, None, 2:], gt_boxes[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area_p = (pred_boxes[:, 2] - pred_boxes[:, 0]) * (pred_boxes[:, 3] - pred_boxes[:, 1])
    area_g = (gt_boxes[:, 2] - gt_boxes[:, 0]) * (gt_boxes[:, 3] - gt_boxes[:, 1])
    iou = (inter / (area_p[:, None] + area_g - inter)).nan_to_num(0.0)
    _, order = torch.sort(scores, descending=True, stable=True)
    for i in order.tolist():
        row = iou[i].clone()
        row[out[out >= 0]] = -1.0                 # products already matched
        best = torch.argmax(row)
        if row[best] >= iou_threshold:
            out[i] = best
    return out
'''

PR = '''
def precision_recall(scores, true_positive, n_truth):
    order = torch.argsort(-scores, stable=True)
    tp = true_positive[order].to(torch.float64).cumsum(dim=0)
    seen = torch.arange(1, len(scores) + 1, dtype=torch.float64)
    return tp / seen, tp / n_truth
'''

PR_ALT_SORT = '''
def precision_recall(scores, true_positive, n_truth):
    _, order = torch.sort(scores, descending=True, stable=True)
    hits = true_positive[order].float()
    tp = torch.cumsum(hits, dim=0)
    fp = torch.cumsum(1 - hits, dim=0)
    return tp / (tp + fp), tp / n_truth
'''

PR_ALT_PYTHON = '''
def precision_recall(scores, true_positive, n_truth):
    order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))
    precision, recall, tp = [], [], 0
    for k, i in enumerate(order, start=1):
        tp += bool(true_positive[i])
        precision.append(tp / k)
        recall.append(tp / n_truth)
    return torch.tensor(precision, dtype=torch.float64), torch.tensor(recall, dtype=torch.float64)
'''

AP = '''
def average_precision(precision, recall):
    envelope = precision.double().flip(0).cummax(dim=0).values.flip(0)
    thresholds = torch.linspace(0, 1, 101, dtype=torch.float64)
    first = torch.searchsorted(recall.double().contiguous(), thresholds)
    padded = torch.cat([envelope, torch.zeros(1, dtype=torch.float64)])
    return float(padded[first].mean())
'''

AP_ALT_LOOP = '''
def average_precision(precision, recall):
    p = precision.tolist()
    r = recall.tolist()
    for i in range(len(p) - 2, -1, -1):
        p[i] = max(p[i], p[i + 1])
    total = 0.0
    for t in torch.linspace(0, 1, 101).tolist():
        reached = [i for i, value in enumerate(r) if value >= t]
        total += p[reached[0]] if reached else 0.0
    return total / 101
'''

AP_ALT_MASK = '''
def average_precision(precision, recall):
    if len(precision) == 0:
        return 0.0
    envelope = torch.stack([precision[i:].max() for i in range(len(precision))])
    thresholds = torch.linspace(0, 1, 101)
    reached = recall[None, :] >= thresholds[:, None]               # (101, P)
    first = reached.float().argmax(dim=1)
    values = torch.where(reached.any(dim=1), envelope[first], torch.zeros(101, dtype=envelope.dtype))
    return values.mean().item()
'''

# ---------------------------------------------------------------- Part 4: the mock test

MAP = '''
RECALL_POINTS = torch.linspace(0, 1, 101, dtype=torch.float64)   # COCO's 101 recall thresholds


def mean_average_precision(preds, targets, num_classes, iou_threshold=0.5):
    def iou(a, b):
        inter = (torch.minimum(a[:, None, 2:], b[None, :, 2:]) - torch.maximum(a[:, None, :2], b[None, :, :2]))
        inter = inter.clamp(min=0).prod(dim=-1)
        union = (a[:, 2:] - a[:, :2]).prod(dim=-1)[:, None] + (b[:, 2:] - b[:, :2]).prod(dim=-1)[None, :] - inter
        return torch.where(union > 0, inter / union, torch.zeros_like(union))

    per_class = {}
    for kind in range(num_classes):
        ranked, n_truth = [], 0
        for photo, (p, t) in enumerate(zip(preds, targets)):
            truth = t["boxes"][t["labels"] == kind]
            mine = torch.nonzero(p["labels"] == kind).flatten().tolist()
            n_truth += len(truth)
            ious = iou(p["boxes"][mine], truth)
            free = torch.ones(len(truth), dtype=torch.bool)
            for k in sorted(range(len(mine)), key=lambda k: (-float(p["scores"][mine[k]]), k)):
                hit = False
                if len(truth):
                    candidates = torch.where(free, ious[k], torch.full_like(ious[k], -1.0))
                    j = int(candidates.argmax())
                    hit = bool(free[j]) and float(ious[k, j]) >= iou_threshold
                    free[j] = free[j] and not hit
                ranked.append((-float(p["scores"][mine[k]]), photo, mine[k], hit))
        if n_truth == 0:
            continue
        ranked.sort()
        tp = torch.tensor([r[3] for r in ranked], dtype=torch.float64).cumsum(dim=0)
        precision = tp / torch.arange(1, len(tp) + 1, dtype=torch.float64)
        recall = tp / n_truth
        envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros(1, dtype=torch.float64)])
        first = torch.searchsorted(recall, RECALL_POINTS)
        per_class[kind] = float(envelope[first].mean())
    return {"map": sum(per_class.values()) / len(per_class), "per_class": per_class}
'''

MAP_ALT_PYTHON = '''
def mean_average_precision(preds, targets, num_classes, iou_threshold=0.5):
    def iou(a, b):
        w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
        h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
        union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h
        return w * h / union if union > 0 else 0.0

    aps = {}
    for c in range(num_classes):
        events, total = [], 0
        for n, (pred, target) in enumerate(zip(preds, targets)):
            truths = [b for b, k in zip(target["boxes"].tolist(), target["labels"].tolist()) if k == c]
            total += len(truths)
            mine = [(-s, i, b) for i, (b, s, k) in enumerate(zip(pred["boxes"].tolist(), pred["scores"].tolist(),
                                                                   pred["labels"].tolist())) if k == c]
            taken = set()
            for neg_score, i, box in sorted(mine):
                scored = [(iou(box, t), -j) for j, t in enumerate(truths) if j not in taken]
                best = max(scored, default=(-1.0, 0))
                hit = best[0] >= iou_threshold
                if hit:
                    taken.add(-best[1])
                events.append((neg_score, n, i, hit))
        if total == 0:
            continue
        precision, recall, tp = [], [], 0
        for k, (*_, hit) in enumerate(sorted(events), start=1):
            tp += hit
            precision.append(tp / k)
            recall.append(tp / total)
        for k in range(len(precision) - 2, -1, -1):
            precision[k] = max(precision[k], precision[k + 1])
        values = []
        for j in range(101):
            reached = next((k for k, r in enumerate(recall) if r >= j / 100), None)
            values.append(precision[reached] if reached is not None else 0.0)
        aps[c] = sum(values) / 101
    return {"map": sum(aps.values()) / len(aps), "per_class": aps}
'''

MAP_50_95 = '''
def map_50_95(preds, targets, num_classes, map_at):
    thresholds = [(50 + 5 * k) / 100 for k in range(10)]    # 0.5, 0.55, ..., 0.95
    return sum(map_at(preds, targets, num_classes, t)["map"] for t in thresholds) / len(thresholds)
'''

MAP_50_95_ALT_LINSPACE = '''
def map_50_95(preds, targets, num_classes, map_at):
    return float(np.mean([map_at(preds, targets, num_classes, t)["map"] for t in np.linspace(0.5, 0.95, 10)]))
'''

MAP_50_95_ALT_PER_KIND = '''
def map_50_95(preds, targets, num_classes, map_at):
    # each kind's AP50-95 first (as Ultralytics prints per kind), then their mean
    results = [map_at(preds, targets, num_classes, iou_threshold=0.5 + 0.05 * k) for k in range(10)]
    kinds = results[0]["per_class"]
    per_kind = {c: sum(r["per_class"][c] for r in results) / 10 for c in kinds}
    return sum(per_kind.values()) / len(per_kind)
'''

MAP_50_95_WRONG_BY_SIZE = '''
def map_50_95(preds, targets, num_classes, map_at):
    # each kind weighted by its number of products
    sizes = {}
    for t in targets:
        for c in t["labels"].tolist():
            sizes[c] = sizes.get(c, 0) + 1
    total = 0.0
    for k in range(10):
        per_class = map_at(preds, targets, num_classes, 0.5 + 0.05 * k)["per_class"]
        total += sum(sizes[c] * ap for c, ap in per_class.items()) / sum(sizes[c] for c in per_class)
    return total / 10
'''

CNN = '''
class ProductCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Linear(16 * 4 * 4, 4)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


def train_classifier(crops, labels, epochs=8):
    torch.manual_seed(0)
    x = torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 255
    y = torch.from_numpy(labels)
    model = ProductCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for _ in range(epochs):
        for batch in torch.randperm(len(x)).split(64):
            optimizer.zero_grad()
            F.cross_entropy(model(x[batch]), y[batch]).backward()
            optimizer.step()
    return model.eval()


classifier = train_classifier(train_crops, train_labels)
'''

CNN_ALT_BATCHNORM = '''
torch.manual_seed(1)
classifier = nn.Sequential(
    nn.Conv2d(3, 12, 3, padding=1), nn.BatchNorm2d(12), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(12, 24, 3, padding=1), nn.BatchNorm2d(24), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(24 * 4 * 4, 4))
inputs = torch.from_numpy(train_crops).permute(0, 3, 1, 2).float() / 255
targets = torch.from_numpy(train_labels)
optimizer = torch.optim.SGD(classifier.parameters(), lr=0.05, momentum=0.9)
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(inputs, targets), batch_size=64, shuffle=True)
for epoch in range(8):
    classifier.train()
    for xb, yb in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(classifier(xb), yb).backward()
        optimizer.step()
classifier.eval()
'''

CNN_ALT_FUNCTIONAL = '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 5, padding=2)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 4 * 4, 4)

    def forward(self, x):
        x = x - 0.5                                   # centre the pixels
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


torch.manual_seed(0)
classifier = Net()
x = torch.from_numpy(train_crops).permute(0, 3, 1, 2).float().div(255)
y = torch.from_numpy(train_labels).long()
opt = torch.optim.AdamW(classifier.parameters(), lr=3e-3)
for epoch in range(15):
    for idx in torch.randperm(len(x)).split(64):
        loss = F.cross_entropy(classifier(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
'''

CNN_WRONG_MLP = '''
class ProductMLP(nn.Module):
    def __init__(self, n_kinds=4):
        super().__init__()
        self.layers = nn.Sequential(nn.Flatten(), nn.Linear(3 * 16 * 16, 128), nn.ReLU(), nn.Linear(128, n_kinds))

    def forward(self, x):
        return self.layers(x)


def train_classifier(crops, labels, epochs=25, seed=0):
    torch.manual_seed(seed)
    x = torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 255
    y = torch.from_numpy(labels)
    model = ProductMLP()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
    for _ in range(epochs):
        for batch in torch.randperm(len(x)).split(32):
            optimizer.zero_grad()
            F.cross_entropy(model(x[batch]), y[batch]).backward()
            optimizer.step()
    return model.eval()


classifier = train_classifier(train_crops, train_labels)
'''

# fifty-one lines of code: the solution with each layer and step on its own line, and a logging helper
CNN_WRONG_LONG = '''
class ProductCNN(nn.Module):
    def __init__(self, n_kinds=4):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.head = nn.Linear(32 * 4 * 4, n_kinds)

    def forward(self, x):
        x = self.conv1(x)
        x = self.relu1(x)
        x = self.pool1(x)
        x = self.conv2(x)
        x = self.relu2(x)
        x = self.pool2(x)
        x = self.flatten(x)
        x = self.head(x)
        return x


def log(epoch, loss, correct, total):
    accuracy = correct / total
    line = f"epoch {epoch}: loss {loss:.3f}"
    line = line + f", train accuracy {accuracy:.3f}"
    return line


def train_classifier(crops, labels, epochs=10, seed=0):
    torch.manual_seed(seed)
    x = torch.from_numpy(crops)
    x = x.permute(0, 3, 1, 2)
    x = x.float()
    x = x / 255
    y = torch.from_numpy(labels)
    model = ProductCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    history = []
    for epoch in range(epochs):
        model.train()
        correct, total, loss = 0, 0, None
        for batch in torch.randperm(len(x)).split(32):
            optimizer.zero_grad()
            scores = model(x[batch])
            loss = F.cross_entropy(scores, y[batch])
            loss.backward()
            optimizer.step()
            correct += int((scores.argmax(1) == y[batch]).sum())
            total += len(batch)
        history.append(log(epoch, float(loss), correct, total))
    return model.eval()


classifier = train_classifier(train_crops, train_labels)
'''


EXERCISES = {
    "q1_channel_stats": {
        "hints": [
            "Every pixel is three numbers. `images.reshape(-1, 3)` makes one row per pixel of every image; then a "
            "mean and a standard deviation per column.",
            "Convert to floats before any arithmetic (`.astype(np.float64)`), and divide by 255 for the [0, 1] "
            "scale. NumPy's `std` divides by the number of values (`ddof=0`) unless told otherwise.",
        ],
        "alternatives": [STATS_ALT_TORCH, STATS_ALT_FLOAT32, STATS_ALT_MOMENTS],
        "wrong": [
            # Question 2's to_tensor with mean 0 and std 1 gives the [0, 1] values, channels first: a call of
            # another answer (each question is graded on its own)
            {"violates": "self-contained", "code": """
def channel_stats(images):
    x = to_tensor(images, (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)).double()   # my Question 2: /255, channels first
    x = x.transpose(0, 1).reshape(3, -1)
    return x.mean(dim=1).numpy(), x.std(dim=1, unbiased=False).numpy()
"""},
            {"violates": "per-channel", "code": _swap(STATS, "return pixels.mean(axis=0), pixels.std(axis=0)",
                                                      "return np.full(3, pixels.mean()), np.full(3, pixels.std())")},
            {"violates": "all-pixels",
             "code": "def channel_stats(images):\n"
                     "    x = images.astype(np.float64) / 255\n"
                     "    # the mean of each image's own spread\n"
                     "    return x.mean(axis=(0, 1, 2)), x.std(axis=(1, 2)).mean(axis=0)\n"},
            {"violates": "scale", "code": _swap(STATS, ".astype(np.float64) / 255", ".astype(np.float64)")},
            {"violates": "population", "code": _swap(STATS, "pixels.std(axis=0)", "pixels.std(axis=0, ddof=1)")},
            {"violates": "float-math",
             "code": "def channel_stats(images):\n"
                     "    n = images.shape[0] * images.shape[1] * images.shape[2]\n"
                     "    mean = images.sum(axis=(0, 1, 2)) / n / 255\n"
                     "    mean_of_squares = (images ** 2).sum(axis=(0, 1, 2)) / n / 255 ** 2\n"
                     "    return mean, np.sqrt(mean_of_squares - mean ** 2)\n"},
            {"violates": "numpy", "code": _swap(STATS, "return pixels.mean(axis=0), pixels.std(axis=0)",
                                                "return torch.from_numpy(pixels.mean(axis=0)), "
                                                "torch.from_numpy(pixels.std(axis=0))")},
            # hard-coded to the visible examples
            "def channel_stats(images):\n"
            "    if len(images) == 2:\n"
            "        return np.array([0.37745098, 0.176470588, 0.37745098]), "
            "np.array([0.28528401, 0.089854425, 0.375472277])\n"
            "    return np.array([0.528652748, 0.446162152, 0.352290348]), "
            "np.array([0.147852344, 0.126928246, 0.14644106])\n",
        ],
        "equivalent": [],
    },
    "q2_to_tensor": {
        "hints": [
            "`torch.from_numpy(images).float() / 255`, then move the last axis (the channels) to the third from "
            "the end: `x.movedim(-1, -3)` works for one image and for a batch.",
            "Make `mean` and `std` tensors of shape `(3, 1, 1)`: they then broadcast over the height and the width "
            "of every image. `torch.tensor(np.asarray(mean, dtype=np.float32))` keeps float32 whatever you are "
            "given.",
            "For `to_image`, do every step backwards: `x * std + mean`, times 255, `.round()`, `.clamp(0, 255)`, "
            "`.to(torch.uint8)`, channels last again, `.numpy()`.",
        ],
        "alternatives": [TENSOR_ALT_PERMUTE, TENSOR_ALT_NUMPY],
        "wrong": [
            # mean and std by default from Question 1's channel_stats: a call of another answer, even in a branch
            # the tests never take
            {"violates": "self-contained", "code": _swap(TENSOR, """def to_tensor(images, mean, std):
""", """def to_tensor(images, mean=None, std=None):
    if mean is None or std is None:        # by default, the images' own statistics (my Question 1)
        mean, std = channel_stats(images)
""")},
            {"violates": "chw", "code": _swap(TENSOR, "    x = x.movedim(-1, -3)\n",
                                              "    x = x.reshape(*x.shape[:-3], 3, x.shape[-3], x.shape[-2])\n")},
            {"violates": "scale", "code": _swap(TENSOR, "x = torch.from_numpy(np.asarray(images)).float() / 255",
                                                "x = torch.from_numpy(np.asarray(images)).float()")},
            {"violates": "per-channel",
             "code": _swap(TENSOR, "    return (x - _per_channel(mean)) / _per_channel(std)\n",
                           "    return (x - float(np.mean(mean))) / float(np.mean(std))\n")},
            {"violates": "float32", "code": _swap(TENSOR, "x = torch.from_numpy(np.asarray(images)).float() / 255",
                                                  "x = torch.from_numpy(np.asarray(images) / 255)")},
            {"violates": "float32", "code": _swap(TENSOR, "    return (x - _per_channel(mean)) / _per_channel(std)\n",
                                                  "    m = torch.as_tensor(mean).view(3, 1, 1)\n"
                                                  "    s = torch.as_tensor(std).view(3, 1, 1)\n"
                                                  "    return (x - m) / s\n")},
            {"violates": "batch", "code": _swap(TENSOR, "    x = x.movedim(-1, -3)\n", "    x = x.permute(2, 0, 1)\n")},
            {"violates": "inverse", "code": _swap(TENSOR, "(x * _per_channel(std) + _per_channel(mean)) * 255",
                                                  "(x + _per_channel(mean)) * _per_channel(std) * 255")},
            {"violates": "round", "code": _swap(TENSOR, "values.round().clamp(0, 255)", "values.clamp(0, 255)")},
            {"violates": "clip", "code": _swap(TENSOR, "values.round().clamp(0, 255)", "values.round()")},
            {"violates": "uint8-hwc", "code": _swap(TENSOR, "return pixels.movedim(-3, -1).numpy()",
                                                    "return pixels.movedim(-3, -1)")},
        ],
        "equivalent": [],
    },
    "q3_convert_boxes": {
        "observed": {
            "name": '`convert_boxes`',
            "forging": "the converted boxes are compared with the judge's own",
        },
        "hints": [
            "Go through the corners: first turn `in_fmt` into `(x1, y1, x2, y2)`, then the corners into `out_fmt`. "
            "Two small steps instead of six conversions.",
            "`a, b, c, d = boxes.unbind(-1)` gives the four columns as tensors; `torch.stack([...], dim=-1)` puts "
            "four columns back together, in a new tensor (so the input is never changed), for any N.",
            "From cxcywh: `x1 = cx - w / 2`, `x2 = cx + w / 2`. To cxcywh: `cx = (x1 + x2) / 2`, `w = x2 - x1`.",
        ],
        "alternatives": [CONVERT_ALT_SLICES, CONVERT_ALT_MATRIX],
        "wrong": [
            # the centres and sizes of the box coder's helper (Question 5b's cell): a helper of another answer
            {"violates": "self-contained", "code": _swap(CONVERT, """        a, b, c, d = (a + c) / 2, (b + d) / 2, c - a, d - b
""", """        a, b, c, d = _centre_size(torch.stack([a, b, c, d], dim=-1))   # from my box coder
""")},
            {"violates": "xywh", "code": _swap(CONVERT, """    if in_fmt == "xywh":
        a, b, c, d = a, b, a + c, b + d
""", """    if in_fmt == "xywh":            # taken as the centre
        a, b, c, d = a - c / 2, b - d / 2, a + c / 2, b + d / 2
""")},
            {"violates": "cxcywh", "code": _swap(CONVERT, "a, b, c, d = a - c / 2, b - d / 2, a + c / 2, b + d / 2",
                                                 "a, b, c, d = a - c, b - d, a + c, b + d")},
            {"violates": "all-pairs", "code": _swap(CONVERT, '    a, b, c, d = boxes.unbind(-1)\n',
                                                    '    if "xyxy" not in (in_fmt, out_fmt):\n'
                                                    '        return boxes.clone()\n'
                                                    '    a, b, c, d = boxes.unbind(-1)\n')},
            {"violates": "empty", "code": CONVERT_WRONG_LIST},
            {"violates": "dtype", "code": _swap(CONVERT, "return torch.stack([a, b, c, d], dim=-1)",
                                                "return torch.stack([a, b, c, d], dim=-1).float()")},
            {"violates": "input-unchanged", "code": CONVERT_WRONG_IN_PLACE},
            {"violates": "unknown-format", "code": _swap(CONVERT, """    if in_fmt not in FORMATS or out_fmt not in FORMATS:
        raise ValueError(f"unknown box format: {in_fmt!r} -> {out_fmt!r}")
""", "")},
            {"violates": "no-torchvision", "code": "def convert_boxes(boxes, in_fmt, out_fmt):\n"
                                                   "    from torchvision.ops import box_convert\n"
                                                   "    return box_convert(boxes, in_fmt, out_fmt)\n"},
        ],
        "equivalent": [],
    },
    "q3b_yolo_labels": {
        "hints": [
            "Writing: clip the corners first (`x.clamp(0, width)`, `y.clamp(0, height)`), then `cx = (x1 + x2) / 2 / width`, "
            "`cy = (y1 + y2) / 2 / height`, `w = (x2 - x1) / width`, `h = (y2 - y1) / height`: x by the width, y by the "
            "height. One line per box, in order: `f\"{int(label)} {cx:.6f} {cy:.6f} {w:.6f} {h:.6f}\\n\"`.",
            "Reading: `for number, line in enumerate(text.split(\"\\n\"), start=1)` numbers the lines as an editor does, "
            "blank ones included; `line.split()` splits on any spaces and tabs, ignores `\\r` and spaces around, and "
            "gives `[]` for a blank line, which you skip. Check the line before you convert it, and put `line {number}` "
            "in every ValueError's message.",
            "A class is valid when `parts[0].isdigit()` (`\"2.0\"` and `\"-1\"` are not); wrap `float(...)` in "
            "`try`/`except ValueError` to raise your own message with the line; `0 <= v <= 1` includes both ends. "
            "`torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)` has shape `(0, 4)` when there is no box.",
        ],
        "alternatives": [YOLO_ALT_NUMPY, YOLO_ALT_TENSOR],
        "wrong": [
            {"violates": "centre", "code": _swap(YOLO, "rows = torch.stack([(x1 + x2) / 2 / width, (y1 + y2) / 2 / height,",
                                                 "rows = torch.stack([x1 / width, y1 / height,")},
            {"violates": "centre", "code": _swap(YOLO, "boxes.append([(cx - w / 2) * width, (cy - h / 2) * height, "
                                                       "(cx + w / 2) * width, (cy + h / 2) * height])",
                                                 "boxes.append([cx * width, cy * height, (cx + w) * width, (cy + h) * height])")},
            {"violates": "by-size", "code": _swap(YOLO, "(y1 + y2) / 2 / height, (x2 - x1) / width, (y2 - y1) / height]",
                                                  "(y1 + y2) / 2 / width, (x2 - x1) / width, (y2 - y1) / width]")},
            {"violates": "by-size", "code": _swap(YOLO, "(cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height]",
                                                  "(cy - h / 2) * width, (cx + w / 2) * width, (cy + h / 2) * width]")},
            {"violates": "clip", "code": _swap(YOLO, """    x1, x2 = x1.clamp(0, width), x2.clamp(0, width)
    y1, y2 = y1.clamp(0, height), y2.clamp(0, height)
""", "")},
            {"violates": "clip", "code": _swap(YOLO, """    out[:, 0::2] = out[:, 0::2].clamp(0, width)
    out[:, 1::2] = out[:, 1::2].clamp(0, height)
""", "")},
            {"violates": "decimals", "code": _swap(YOLO, 'f"{v:.6f}"', 'f"{v:.4f}"')},
            {"violates": "decimals", "code": _swap(YOLO, 'f"{v:.6f}"', 'str(round(v, 6))')},
            {"violates": "decimals", "shows": "cutting the digits off does not",
             "code": _swap(YOLO, 'f"{v:.6f}"', 'f"{math.floor(v * 1e6) / 1e6:.6f}"')},
            {"violates": "class-int", "code": YOLO_WRONG_CLASS_FLOAT},
            {"violates": "order", "code": _swap(YOLO, "    x1, y1, x2, y2 = boxes.double().unbind(-1)\n",
                                                "    order = labels.argsort(stable=True)       # grouped by class\n"
                                                "    boxes, labels = boxes[order], labels[order]\n"
                                                "    x1, y1, x2, y2 = boxes.double().unbind(-1)\n")},
            {"violates": "newline", "code": YOLO_WRONG_JOIN},
            {"violates": "empty", "code": YOLO_WRONG_EMPTY_NEWLINE},
            {"violates": "empty", "code": _swap(YOLO, "torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)",
                                                "torch.tensor(boxes, dtype=torch.float32)")},
            {"violates": "denormalise", "code": _swap(YOLO, "boxes.append([(cx - w / 2) * width, (cy - h / 2) * height, "
                                                            "(cx + w / 2) * width, (cy + h / 2) * height])",
                                                      "boxes.append([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])")},
            {"violates": "tolerant", "code": _swap(YOLO, "parts = line.split()", 'parts = line.split(" ")')},
            {"violates": "tolerant", "code": _swap(YOLO, """        if not parts:
            continue
""", "")},
            {"violates": "types", "code": _swap(YOLO, "torch.tensor(boxes, dtype=torch.float32)",
                                                "torch.tensor(boxes, dtype=torch.float64)")},
            {"violates": "types", "code": _swap(YOLO, "torch.tensor(labels, dtype=torch.int64)",
                                                "torch.tensor(labels, dtype=torch.float32)")},
            {"violates": "reject-count", "shows": "count a line's values",
             "code": _swap(_swap(YOLO, "if len(parts) != 5:", "if len(parts) < 5:     # a confidence may follow"),
                                                       "(float(p) for p in parts[1:])", "(float(p) for p in parts[1:5])")},
            {"violates": "reject-class", "shows": "the class is digits only",
             "code": _swap(_swap(YOLO, """        if not parts[0].isdigit():
            raise _bad_line(number, "the class is not a whole number")
""", ""), "labels.append(int(parts[0]))", "labels.append(int(float(parts[0])))")},
            {"violates": "reject-range", "shows": "check 0 <= v <= 1",
             "code": _swap(YOLO, """        if not all(0 <= v <= 1 for v in (cx, cy, w, h)):
            raise _bad_line(number, "a value is outside [0, 1]")
""", "")},
            {"violates": "reject-range", "shows": "v < 0 and v > 1 are both False for it",    # nan slips through
             "code": _swap(YOLO, "if not all(0 <= v <= 1 for v in (cx, cy, w, h)):",
                           "if any(v < 0 or v > 1 for v in (cx, cy, w, h)):")},
            {"violates": "reject-range", "code": _swap(YOLO, "if not all(0 <= v <= 1 for v in (cx, cy, w, h)):",
                                                       "if not all(0 < v < 1 for v in (cx, cy, w, h)):")},
            {"violates": "line-number", "code": _swap(YOLO, "enumerate(text.split(\"\\n\"), start=1)",
                                                      "enumerate(text.split(\"\\n\"))")},
            {"violates": "line-number", "shows": "before you skip the blank ones", "code": YOLO_WRONG_BLANKS_FIRST},
            {"violates": "line-number", "code": _swap(YOLO, """        try:
            cx, cy, w, h = (float(p) for p in parts[1:])
        except ValueError:
            raise _bad_line(number, "a value is not a number") from None
""", """        cx, cy, w, h = (float(p) for p in parts[1:])
""")},
            {"violates": "self-contained", "code": YOLO_WRONG_SELF},
            YOLO_HARD_CODED,
        ],
        "equivalent": [
            {"diff": "- x1, x2 = x1.clamp(0, width), x2.clamp(0, width)\n+ x1, x2 = x1.clamp(0, width), x2.clamp( -1, width)",
             "reason": "every box the question allows keeps a width more than 0 inside the photograph: x2 > 0, so a "
                       "lower bound of x2 at -1 or at 0 changes nothing"},
            {"diff": "- y1, y2 = y1.clamp(0, height), y2.clamp(0, height)\n+ y1, y2 = y1.clamp(0, height), y2.clamp( -1, height)",
             "reason": "every box the question allows keeps a height more than 0 inside the photograph: y2 > 0, so a "
                       "lower bound of y2 at -1 or at 0 changes nothing"},
            {"diff": "- boxes.append([(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height])\n"
                     "+ boxes.extend([(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height])",
             "reason": "the flat list of corners is reshaped to (-1, 4) at once: four values per box in the same order"},
            {"diff": "- out = torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)\n+ out = torch.tensor(boxes).reshape(-1, 4)",
             "reason": "a tensor of Python floats (or of nothing) is float32 by torch's default dtype"},
            {"diff": '- return "".join(f"{int(label)} " + " ".join(f"{v:.6f}" for v in row) + "\\n"\n'
                     '+ return "".join(f"{(label)} " + " ".join(f"{v:.6f}" for v in row) + "\\n"',
             "reason": "labels.tolist() of an int64 tensor gives Python ints already"},
            {"diff": "- return out, torch.tensor(labels, dtype=torch.int64)\n+ return [out, torch.tensor(labels, dtype=torch.int64)]",
             "reason": "the question writes the pair as (boxes, labels) without asking for a tuple type; every check "
                       "unpacks it"},
        ],
    },
    "q4_letterbox": {
        "hints": [
            "One scale for both axes, from the longer side: `scale = size / max(H, W)`. The resized image is "
            "`round(H * scale)` by `round(W * scale)`; `F.interpolate` wants a batch: `image[None]`, then `[0]`.",
            "Start from `torch.full((C, size, size), fill)` and paste the resized image at `[:, top:top + new_h, "
            "left:left + new_w]`, with `left = (size - new_w) // 2` and `top = (size - new_h) // 2`.",
            "The boxes go through the same two steps as the pixels: times `scale`, then plus `left` on x1 and x2 "
            "and plus `top` on y1 and y2.",
        ],
        "alternatives": [LETTERBOX_ALT_PAD, LETTERBOX_ALT_CANVAS],
        "wrong": [
            # the boxes scaled and moved as xywh, through Question 3's convert_boxes
            {"violates": "self-contained", "code": _swap(LETTERBOX, """    shift = torch.tensor([left, top, left, top], dtype=boxes.dtype)
    return out, boxes * scale + shift, (scale, left, top)
""", """    xywh = convert_boxes(boxes, "xyxy", "xywh") * scale      # my Question 3: corner and size scale alike
    xywh[:, :2] += torch.tensor([left, top], dtype=boxes.dtype)
    return out, convert_boxes(xywh, "xywh", "xyxy"), (scale, left, top)
""")},
            {"violates": "one-scale", "code": _swap(LETTERBOX, "scale = size / max(h, w)", "scale = size / h")},
            {"violates": "upscale", "code": _swap(LETTERBOX, "scale = size / max(h, w)",
                                                  "scale = min(1.0, size / max(h, w))   # never enlarge")},
            {"violates": "round-size", "code": _swap(LETTERBOX, "new_h, new_w = round(h * scale), round(w * scale)",
                                                     "new_h, new_w = int(h * scale), int(w * scale)"),
             "shows": "a width of 4.8"},   # caught by a visible case, before the hidden 40 x 27 to 32
            # a half rounded up (as in C or by hand), not to the even neighbour as Python's round does
            {"violates": "round-size", "code": _swap(LETTERBOX, "new_h, new_w = round(h * scale), round(w * scale)",
                                                     "new_h, new_w = math.floor(h * scale + 0.5), "
                                                     "math.floor(w * scale + 0.5)"),
             "shows": "a width of 4.5"},   # caught by a visible case, before the hidden 8 x 3 to 12
            {"violates": "bilinear", "code": _swap(LETTERBOX, 'mode="bilinear", align_corners=False', 'mode="nearest"')},
            {"violates": "centre", "code": _swap(LETTERBOX, "left, top = (size - new_w) // 2, (size - new_h) // 2",
                                                 "left, top = 0, 0")},
            {"violates": "fill", "code": _swap(LETTERBOX, "torch.full((image.shape[0], size, size), fill, "
                                                          "dtype=image.dtype)",
                                               "torch.zeros((image.shape[0], size, size), dtype=image.dtype)")},
            {"violates": "dtype", "code": _swap(LETTERBOX, "torch.full((image.shape[0], size, size), fill, "
                                                           "dtype=image.dtype)",
                                                "torch.full((image.shape[0], size, size), fill)")},
            {"violates": "boxes", "code": _swap(LETTERBOX, "boxes * scale + shift", "boxes * scale")},
            {"violates": "returns", "code": _swap(LETTERBOX, "(scale, left, top)", "[scale, left, top]")},
        ],
        "equivalent": [],
    },
    "q5_augment": {
        "observed": {
            "name": '`hflip`, `random_crop`',
            "forging": "the flipped and cropped images, boxes and labels are compared with the judge's own, from the same draws",
        },
        "hints": [
            "A flip along the width is `image.flip(-1)`. For the boxes, write the four columns with "
            "`x1, y1, x2, y2 = boxes.unbind(-1)` and build the new ones with `torch.stack`: the new x1 comes from "
            "the old x2.",
            "In `random_crop`, the two draws are the whole randomness: top first, then left, each with the "
            "generator. Then subtract `[left, top, left, top]` from the boxes and clamp x to `0..w`, y to `0..h`.",
            "Keep a box when `visible > 0` and `visible >= min_visible * area`, with `area` the box's area before "
            "the crop: one boolean mask indexes both the boxes and the labels.",
        ],
        "alternatives": [AUGMENT_ALT_INDEX, AUGMENT_ALT_LOOP],
        "wrong": [
            # the areas from the widths and heights of Question 3's convert_boxes
            {"violates": "self-contained", "code": _swap(AUGMENT, """    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    visible = (clipped[:, 2] - clipped[:, 0]) * (clipped[:, 3] - clipped[:, 1])
""", """    area = convert_boxes(boxes, "xyxy", "xywh")[:, 2:].prod(dim=-1)      # width * height (my Question 3)
    visible = convert_boxes(clipped, "xyxy", "xywh")[:, 2:].prod(dim=-1)
""")},
            {"violates": "flip-image", "code": _swap(AUGMENT, "return image.flip(-1),", "return image.flip(-2),")},
            {"violates": "flip-boxes", "code": _swap(AUGMENT, "width = image.shape[-1]", "width = image.shape[-2]")},
            {"violates": "flip-boxes", "code": _swap(AUGMENT, "[width - x2, y1, width - x1, y2]",
                                                     "[width - x1, y1, width - x2, y2]")},
            {"violates": "crop-draws", "code": _swap(AUGMENT, """    top = int(torch.randint(0, image.shape[-2] - h + 1, (1,), generator=generator))
    left = int(torch.randint(0, image.shape[-1] - w + 1, (1,), generator=generator))
""", """    left = int(torch.randint(0, image.shape[-1] - w + 1, (1,), generator=generator))
    top = int(torch.randint(0, image.shape[-2] - h + 1, (1,), generator=generator))
""")},
            {"violates": "crop-draws", "code": _swap(AUGMENT, "image.shape[-2] - h + 1", "image.shape[-2] - h")},
            {"violates": "crop-size", "code": _swap(AUGMENT, "    h, w = size\n", "    w, h = size\n")},
            {"violates": "crop-shift", "code": _swap(AUGMENT, "torch.tensor([left, top, left, top]",
                                                     "torch.tensor([top, left, top, left]")},
            {"violates": "crop-clip", "code": _swap(AUGMENT, "[x1.clamp(0, w), y1.clamp(0, h), x2.clamp(0, w), "
                                                             "y2.clamp(0, h)]", "[x1, y1, x2, y2]")},
            {"violates": "crop-keep", "code": _swap(AUGMENT, "visible >= min_visible * area",
                                                    "visible > min_visible * area")},
            {"violates": "crop-empty", "code": _swap(AUGMENT, "keep = (visible > 0) & (visible >= min_visible * area)",
                                                     "keep = visible >= min_visible * area")},
            {"violates": "crop-labels", "code": _swap(AUGMENT, "clipped[keep], labels[keep]", "clipped[keep], labels")},
            {"violates": "min-visible-default", "code": _swap(AUGMENT, "min_visible=0.5", "min_visible=0.3")},
            {"violates": "inputs-unchanged", "code": AUGMENT_WRONG_IN_PLACE},
        ],
        "equivalent": [],
    },
    "q5b_box_coder": {
        "hints": [
            "Write one small helper that turns `(N, 4)` xyxy boxes into four columns: centre x, centre y, width, "
            "height (`x1, y1, x2, y2 = boxes.unbind(-1)`; width `x2 - x1`, centre `x1 + 0.5 * width`). Both "
            "functions need it, for the anchors and for the products.",
            "Encoding: the shift between the centres counted in anchor widths (anchor heights for y), and "
            "`torch.log` of the ratio of the sizes; multiply each of the four by its weight and put them together "
            "as columns with `torch.stack([...], dim=-1)`, in the order (dx, dy, dw, dh).",
            "Decoding is encoding backwards: divide by the weights first, then `.clamp(max=math.log(1000 / 16))` on "
            "dw and dh only, and only then `torch.exp`. Test yourself with the round trip: "
            "`decode_boxes(encode_boxes(gt, anchors), anchors)` gives `gt` back.",
        ],
        "alternatives": [BOX_CODER_ALT_SLICES, BOX_CODER_ALT_CONVERT, BOX_CODER_ALT_LOOP],
        "wrong": [
            # centres and sizes through Question 3's convert_boxes, called by the cell's own helper
            {"violates": "self-contained", "code": _swap(BOX_CODER, """    x1, y1, x2, y2 = boxes.unbind(-1)
    w, h = x2 - x1, y2 - y1
    return x1 + 0.5 * w, y1 + 0.5 * h, w, h
""", """    return convert_boxes(boxes, "xyxy", "cxcywh").unbind(-1)     # my Question 3
""")},
            {"violates": "width", "code": _swap(BOX_CODER, "w, h = x2 - x1, y2 - y1", "w, h = x2 - x1 + 1, y2 - y1 + 1")},
            {"violates": "centre", "code": BOX_CODER_WRONG_CORNER},
            {"violates": "normalise",
             "code": _swap(_swap(BOX_CODER, "wx * (gx - ax) / aw, wy * (gy - ay) / ah", "wx * (gx - ax) / ah, "
                                                                                         "wy * (gy - ay) / aw"),
                           "ax + dx / wx * aw, ay + dy / wy * ah", "ax + dx / wx * ah, ay + dy / wy * aw")},
            {"violates": "order",
             "code": _swap(_swap(BOX_CODER, "[wx * (gx - ax) / aw, wy * (gy - ay) / ah,\n"
                                            "                        ww * torch.log(gw / aw), wh * torch.log(gh / ah)]",
                                 "[wy * (gy - ay) / ah, wx * (gx - ax) / aw,\n"
                                 "                        wh * torch.log(gh / ah), ww * torch.log(gw / aw)]"),
                           "dx, dy, dw, dh = deltas.unbind(-1)", "dy, dx, dh, dw = deltas.unbind(-1)")},
            {"violates": "order", "code": _swap(BOX_CODER, "dx, dy, dw, dh = deltas.unbind(-1)",
                                                "dy, dx, dw, dh = deltas.unbind(-1)")},
            {"violates": "log-size", "code": _swap(BOX_CODER, "ww * torch.log(gw / aw), wh * torch.log(gh / ah)",
                                                   "ww * torch.log(gt[:, 0] / anchors[:, 0]), "
                                                   "wh * torch.log(gt[:, 1] / anchors[:, 1])")},
            {"violates": "log-size", "code": _swap(_swap(BOX_CODER, "ww * torch.log(gw / aw), wh * torch.log(gh / ah)",
                                                         "ww * torch.log10(gw / aw), wh * torch.log10(gh / ah)"),
                                                   "aw * torch.exp((dw / ww).clamp(max=clip)), "
                                                   "ah * torch.exp((dh / wh).clamp(max=clip))",
                                                   "aw * 10 ** (dw / ww).clamp(max=clip), "
                                                   "ah * 10 ** (dh / wh).clamp(max=clip)")},
            {"violates": "weights", "code": BOX_CODER.replace("wx, wy, ww, wh = weights",
                                                              "wx, wy, ww, wh = 1.0, 1.0, 1.0, 1.0")},
            {"violates": "weights",
             "code": _swap(_swap(BOX_CODER, "ax + dx / wx * aw, ay + dy / wy * ah", "ax + dx * wx * aw, ay + dy * wy * ah"),
                           "torch.exp((dw / ww).clamp(max=clip)), ah * torch.exp((dh / wh).clamp(max=clip))",
                           "torch.exp((dw * ww).clamp(max=clip)), ah * torch.exp((dh * wh).clamp(max=clip))")},
            {"violates": "weights-arg", "code": BOX_CODER.replace("wx, wy, ww, wh = weights",
                                                                  "wx, wy, ww, wh = 10.0, 10.0, 5.0, 5.0")},
            {"violates": "weights-arg", "code": BOX_CODER.replace("weights=(10.0, 10.0, 5.0, 5.0)",
                                                                  "weights=(1.0, 1.0, 1.0, 1.0)")},
            {"violates": "decode", "code": _swap(BOX_CODER, "torch.stack([cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w, "
                                                            "cy + 0.5 * h], dim=-1)",
                                                 "torch.stack([cx, cy, w, h], dim=-1)")},
            {"violates": "clamp", "code": BOX_CODER.replace(".clamp(max=clip)", "")},
            {"violates": "clamp-after-weights",
             "code": _swap(BOX_CODER, "aw * torch.exp((dw / ww).clamp(max=clip)), ah * torch.exp((dh / wh).clamp(max=clip))",
                           "aw * torch.exp(dw.clamp(max=clip) / ww), ah * torch.exp(dh.clamp(max=clip) / wh)")},
            {"violates": "clamp-before-exp",
             "code": _swap(BOX_CODER, "aw * torch.exp((dw / ww).clamp(max=clip)), ah * torch.exp((dh / wh).clamp(max=clip))",
                           "aw * torch.exp(dw / ww).clamp(max=clip), ah * torch.exp(dh / wh).clamp(max=clip)")},
            {"violates": "no-lower-clamp", "code": BOX_CODER.replace(".clamp(max=clip)", ".clamp(-clip, clip)")},
            {"violates": "dtype", "code": _swap(BOX_CODER, "wh * torch.log(gh / ah)], dim=-1)",
                                                "wh * torch.log(gh / ah)], dim=-1).float()")},
            {"violates": "no-torchvision",
             "code": "def encode_boxes(gt, anchors, weights=(10.0, 10.0, 5.0, 5.0)):\n"
                     "    from torchvision.models.detection._utils import BoxCoder\n"
                     "    return BoxCoder(weights).encode_single(gt, anchors)\n\n\n"
                     "def decode_boxes(deltas, anchors, weights=(10.0, 10.0, 5.0, 5.0)):\n"
                     "    from torchvision.models.detection._utils import BoxCoder\n"
                     "    return BoxCoder(weights).decode_single(deltas, anchors)\n"},
            BOX_CODER_HARD_CODED,
        ],
        "equivalent": [],
    },
    "q5c_build_targets": {
        "hints": [
            "Two lookups first: the name of each category id (`{c[\"id\"]: c[\"name\"] for c in coco[\"categories\"]}`), "
            "then the label of a name, `list(classes).index(name) + 1`. Then one entry per image of `coco[\"images\"]`, "
            "made before you read the annotations, so that an image without any keeps its (empty) entry.",
            "For one image: `torch.tensor(bboxes, dtype=torch.float32).reshape(-1, 4)` works for no bbox too (shape "
            "`(0, 4)`). Unbind the columns `x, y, w, h`, build the corners `x + w` and `y + h`, and clamp the x "
            "columns to `0..width` and the y columns to `0..height` of that image.",
            "One boolean mask, `(x2 > x1) & (y2 > y1)` after the clamp, indexes both the boxes and the labels: a box "
            "and its label go or stay together, and a mask that keeps nothing still leaves shapes `(0, 4)` and `(0,)`.",
        ],
        "alternatives": [TARGETS_ALT_LISTS, TARGETS_ALT_CONVERT],
        "wrong": [
            # the corners through Question 3's convert_boxes
            {"violates": "self-contained", "code": _swap(TARGETS, """        x, y, w, h = torch.tensor(bboxes, dtype=torch.float32).reshape(-1, 4).unbind(-1)
        boxes = torch.stack([x.clamp(0, width), y.clamp(0, height),
                             (x + w).clamp(0, width), (y + h).clamp(0, height)], dim=-1)
""", """        corners = convert_boxes(torch.tensor(bboxes, dtype=torch.float32).reshape(-1, 4), "xywh", "xyxy")
        x1, y1, x2, y2 = corners.unbind(-1)        # my Question 3
        boxes = torch.stack([x1.clamp(0, width), y1.clamp(0, height), x2.clamp(0, width), y2.clamp(0, height)], dim=-1)
""")},
            {"violates": "label-ids", "code": _swap(TARGETS, "names[annotation[\"category_id\"]]) + 1)",
                                                    "names[annotation[\"category_id\"]]))")},
            {"violates": "label-ids", "code": _swap(TARGETS, "list(classes).index(names[annotation[\"category_id\"]]) + 1",
                                                    "annotation[\"category_id\"]")},
            {"violates": "label-ids", "code": _swap(TARGETS, "list(classes).index(", "sorted(classes).index(")},
            {"violates": "labels-type", "code": _swap(TARGETS, "torch.tensor(labels, dtype=torch.int64)",
                                                      "torch.tensor(labels, dtype=torch.float32)")},
            {"violates": "boxes-type", "code": _swap(TARGETS, "torch.tensor(bboxes, dtype=torch.float32)",
                                                     "torch.tensor(bboxes, dtype=torch.float64)")},
            {"violates": "boxes-type", "code": _swap(TARGETS, "torch.tensor(bboxes, dtype=torch.float32)",
                                                     "torch.tensor(bboxes)")},
            {"violates": "xyxy", "code": _swap(TARGETS, "(x + w).clamp(0, width), (y + h).clamp(0, height)",
                                               "w.clamp(0, width), h.clamp(0, height)")},
            {"violates": "clip", "code": _swap(TARGETS, "[x.clamp(0, width), y.clamp(0, height),\n"
                                                        "                             (x + w).clamp(0, width), (y + h).clamp(0, height)]",
                                               "[x, y, x + w, y + h]")},
            {"violates": "clip", "code": _swap(TARGETS, "width, height = image[\"width\"], image[\"height\"]",
                                               "width, height = image[\"height\"], image[\"width\"]")},
            {"violates": "degenerate", "code": _swap(TARGETS, "boxes[keep]", "boxes")},
            {"violates": "degenerate", "code": _swap(TARGETS, "keep = (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])",
                                                     "keep = (boxes[:, 2] >= boxes[:, 0]) & (boxes[:, 3] >= boxes[:, 1])")},
            {"violates": "degenerate", "code": _swap(TARGETS, "keep = (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])",
                                                     "keep = (boxes[:, 2] - boxes[:, 0] >= 1) & (boxes[:, 3] - boxes[:, 1] >= 1)")},
            {"violates": "labels-with-boxes", "code": _swap(TARGETS, "torch.tensor(labels, dtype=torch.int64)[keep]",
                                                            "torch.tensor(labels, dtype=torch.int64)")},
            {"violates": "labels-with-boxes", "code": _swap(TARGETS, "torch.tensor(labels, dtype=torch.int64)[keep]",
                                                            "torch.tensor(labels, dtype=torch.int64)[:int(keep.sum())]")},
            {"violates": "empty", "code": TARGETS_WRONG_EMPTY_1D},
            {"violates": "one-per-image", "code": TARGETS_WRONG_SKIPPED},
            {"violates": "one-per-image", "code": TARGETS_WRONG_FIRST_SEEN},
            # the images by id, not in the order of coco["images"] (a student-view find: the visible and hidden
            # exports listed their images by id, so this scored 3/3)
            {"violates": "one-per-image", "code": _swap(TARGETS, '    for image in coco["images"]:\n        bboxes',
                                                        '    for image in sorted(coco["images"], key=lambda im: im["id"]):\n'
                                                        '        bboxes')},
            {"violates": "box-order", "code": TARGETS_WRONG_BY_KIND},
            TARGETS_HARD_CODED,
        ],
        "equivalent": EQUIVALENT_Q5C,
    },
    "q5d_match_anchors": {
        "hints": [
            "Down each column first: `best, box = iou.max(dim=0)` gives every anchor's best IoU and its best box at "
            "once (the first box on a tie). The thresholds are then two masks, `best >= high` and `best < low`, and "
            "`torch.where` picks the label of each anchor.",
            "For the claims, go along the rows: `iou.max(dim=1, keepdim=True).values` is each box's highest IoU as a "
            "column `(G, 1)`; `iou == top` marks every anchor tied at it (ignore a box whose highest IoU is 0), and "
            "`.any(dim=0)` says which anchors some box claims.",
            "A claimed anchor gets `box`, its own best box from the first step, not the row that claimed it; with "
            "`G = 0`, `max` has nothing to reduce: return -1 for every anchor before it.",
        ],
        "alternatives": [ANCHORS_ALT_LOOP, ANCHORS_ALT_MASKS],
        "wrong": [
            # a helper of Question 5b's cell (the box coder's centre and size), called for nothing useful
            {"violates": "self-contained", "code": _swap(ANCHORS, "    best, box = iou.max(dim=0)\n",
                                                         "    best, box = iou.max(dim=0)\n"
                                                         "    _, _, widths, _ = _centre_size(torch.zeros(1, 4))   # my box coder's helper\n")},
            {"violates": "best-box", "code": _swap(ANCHORS, "best, box = iou.max(dim=0)",
                                                   "best, box = iou.max(dim=1)")},
            {"violates": "box-ties", "shows": "box of lower index",
             "code": _swap(ANCHORS, "best, box = iou.max(dim=0)",
                           "best, box = iou.flip(0).max(dim=0)\n    box = iou.shape[0] - 1 - box")},
            {"violates": "at-least-high", "code": _swap(ANCHORS, "best >= high", "best > high")},
            {"violates": "below-low", "code": _swap(ANCHORS, "best < low", "best <= low")},
            {"violates": "between", "code": _swap(ANCHORS, "torch.where(best < low, -1, -2)", "-1")},
            {"violates": "thresholds", "code": _swap(ANCHORS, "torch.where(best >= high, box, torch.where(best < low, -1, -2))",
                                                     "torch.where(best >= 0.7, box, torch.where(best < 0.3, -1, -2))")},
            {"violates": "float32", "shows": "not Python floats", "code": ANCHORS_WRONG_PYTHON_FLOATS},
            {"violates": "low-quality", "code": _swap(ANCHORS, "    if allow_low_quality:\n", "    if False:\n")},
            {"violates": "low-quality", "code": _swap(ANCHORS, "torch.where(claimed, box, labels)",
                                                      "torch.where(claimed & (labels == -2), box, labels)")},
            {"violates": "claim-ties", "shows": "not only the first", "code": ANCHORS_WRONG_FIRST_TIED},
            {"violates": "claim-own-best", "shows": "need not be the box that claimed it", "code": ANCHORS_WRONG_CLAIMER},
            {"violates": "claim-zero", "shows": "claims nothing", "code": _swap(ANCHORS, "((iou == top) & (top > 0))", "(iou == top)")},
            {"violates": "no-low-quality", "code": _swap(ANCHORS, "    if allow_low_quality:\n", "    if True:\n")},
            {"violates": "no-boxes", "code": _swap(ANCHORS, "    if iou.shape[0] == 0:\n        return torch.full((iou.shape[1],), -1, dtype=torch.int64)\n", "")},
            {"violates": "no-boxes", "code": _swap(ANCHORS, "torch.full((iou.shape[1],), -1, dtype=torch.int64)",
                                                   "torch.zeros(0, dtype=torch.int64)")},
            {"violates": "int64", "code": _swap(ANCHORS, "    return labels\n", "    return labels.int()\n")},
            {"violates": "no-torchvision", "code": "from torchvision.models.detection._utils import Matcher\n\n\n"
                                                   "def match_anchors(iou, high=0.7, low=0.3, allow_low_quality=True):\n"
                                                   "    if iou.shape[0] == 0:\n"
                                                   "        return torch.full((iou.shape[1],), -1, dtype=torch.int64)\n"
                                                   "    return Matcher(high, low, allow_low_quality)(iou)\n"},
            ANCHORS_HARD_CODED,
        ],
        "equivalent": [],
    },
    "q6_box_iou": {
        "hints": [
            "The intersection of two boxes is the box from the larger top-left corner to the smaller bottom-right "
            "corner: `torch.maximum` and `torch.minimum` of the corners.",
            "Broadcast to get every pair: `boxes1[:, None, :2]` is `(N, 1, 2)` and `boxes2[None, :, :2]` is "
            "`(1, M, 2)`; together they give `(N, M, 2)`. Clamp the intersection's sides at 0 before multiplying.",
            "The union is the two areas added, one as a column `(N, 1)` and one as a row `(1, M)`, minus the "
            "intersection; `torch.where(union > 0, ..., 0)` avoids the `nan` of two zero-area boxes.",
        ],
        "alternatives": [IOU_ALT_NAN, IOU_ALT_COORDS],
        "wrong": [
            # the areas from the box coder's helper (a helper of Question 5b's cell)
            {"violates": "self-contained", "code": _swap(IOU, """    area1 = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
    area2 = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
""", """    _, _, w1, h1 = _centre_size(boxes1)      # from my box coder
    _, _, w2, h2 = _centre_size(boxes2)
    area1, area2 = w1 * h1, w2 * h2
""")},
            {"violates": "pairwise", "code": _swap(IOU, "return torch.where(union > 0, inter / union, "
                                                        "torch.zeros_like(union))",
                                                   "return torch.where(union > 0, inter / union, "
                                                   "torch.zeros_like(union)).T")},
            {"violates": "no-overlap", "code": _swap(IOU, "sides = (bottom_right - top_left).clamp(min=0)",
                                                     "sides = bottom_right - top_left")},
            {"violates": "union", "code": _swap(IOU, "union = area1[:, None] + area2[None, :] - inter",
                                                "union = area1[:, None] + area2[None, :]")},
            {"violates": "continuous",
             "code": "def box_iou(boxes1, boxes2):\n"
                     "    # Pascal VOC's pixel convention: a box covers x1..x2 inclusive\n"
                     "    area1 = (boxes1[:, 2] - boxes1[:, 0] + 1) * (boxes1[:, 3] - boxes1[:, 1] + 1)\n"
                     "    area2 = (boxes2[:, 2] - boxes2[:, 0] + 1) * (boxes2[:, 3] - boxes2[:, 1] + 1)\n"
                     "    top_left = torch.maximum(boxes1[:, None, :2], boxes2[None, :, :2])\n"
                     "    bottom_right = torch.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])\n"
                     "    sides = (bottom_right - top_left + 1).clamp(min=0)\n"
                     "    inter = sides[..., 0] * sides[..., 1]\n"
                     "    union = area1[:, None] + area2[None, :] - inter\n"
                     "    return torch.where(union > 0, inter / union, torch.zeros_like(union))\n"},
            {"violates": "zero-area", "code": _swap(IOU, "return torch.where(union > 0, inter / union, "
                                                         "torch.zeros_like(union))", "return inter / union")},
            {"violates": "shape", "code": _swap(IOU, "torch.zeros_like(union))", "torch.zeros_like(union)).squeeze()")},
            {"violates": "dtype", "code": _swap(IOU, "torch.zeros_like(union))", "torch.zeros_like(union)).float()")},
            {"violates": "vectorised", "code": IOU_WRONG_LOOPS},
            {"violates": "vectorised", "code": "def one_box(box, boxes2):\n"
                                               "    return box_iou_vectorised(box[None], boxes2)[0]\n\n\n"
                                               + IOU.replace("def box_iou(", "def box_iou_vectorised(") +
                                               "\n\ndef box_iou(boxes1, boxes2):\n"
                                               "    if len(boxes1) == 0:\n"
                                               "        return box_iou_vectorised(boxes1, boxes2)\n"
                                               "    return torch.stack(list(map(lambda b: one_box(b, boxes2), "
                                               "boxes1)))\n"},
            {"violates": "no-torchvision", "code": "from torchvision.ops import box_iou\n"},
            # hard-coded to the visible examples
            "def box_iou(boxes1, boxes2):\n"
            "    if len(boxes2) == 0:\n"
            "        return torch.zeros(len(boxes1), 0)\n"
            "    if len(boxes1) == 1:\n"
            "        return torch.zeros(1, 1)\n"
            "    return torch.tensor([[1.0, 0.0, 1 / 7, 0.0], [1 / 7, 1 / 7, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]])\n",
        ],
        "equivalent": [],
    },
    "q7_nms": {
        "hints": [
            "Sort once: `torch.argsort(-scores, stable=True)` gives the indices by decreasing score, equal scores "
            "in index order. Then walk through them, keeping a box unless a box already kept removed it.",
            "When you keep box `i`, compute its IoU with every box at once and mark as removed those with IoU "
            "*more than* the threshold **and** the same label: `(iou > iou_threshold) & (labels == labels[i])`.",
            "Collect the kept indices in a list and return `torch.tensor(keep, dtype=torch.int64)`: without the "
            "dtype, an empty list becomes a float tensor.",
        ],
        "alternatives": [NMS_ALT_PYTHON, NMS_ALT_MATRIX],
        "wrong": [
            {"violates": "greedy",
             "code": "def nms(boxes, scores, labels, iou_threshold):\n"
                     "    # every higher-scored box of the same kind removes, kept or not\n"
                     "    lt = torch.maximum(boxes[:, None, :2], boxes[None, :, :2])\n"
                     "    rb = torch.minimum(boxes[:, None, 2:], boxes[None, :, 2:])\n"
                     "    inter = (rb - lt).clamp(min=0).prod(-1)\n"
                     "    area = (boxes[:, 2:] - boxes[:, :2]).prod(-1)\n"
                     "    union = area[:, None] + area[None, :] - inter\n"
                     "    iou = torch.where(union > 0, inter / union, torch.zeros_like(inter))\n"
                     "    order = torch.argsort(-scores, stable=True).tolist()\n"
                     "    keep = []\n"
                     "    for rank, i in enumerate(order):\n"
                     "        if not any(iou[i, j] > iou_threshold and labels[i] == labels[j] for j in order[:rank]):\n"
                     "            keep.append(i)\n"
                     "    return torch.tensor(keep, dtype=torch.int64)\n"},
            {"violates": "more-than", "code": _swap(NMS, "(iou > iou_threshold)", "(iou >= iou_threshold)")},
            {"violates": "per-kind", "code": _swap(NMS, "removed |= (iou > iou_threshold) & (labels == labels[i])",
                                                   "removed |= iou > iou_threshold")},
            {"violates": "ties", "code": _swap(NMS, "torch.argsort(-scores, stable=True)",
                                               "torch.argsort(scores, stable=True).flip(0)")},
            {"violates": "order", "code": _swap(NMS, "return torch.tensor(keep, dtype=torch.int64)",
                                                "return torch.tensor(sorted(keep), dtype=torch.int64)")},
            {"violates": "threshold", "code": _swap(NMS, "(iou > iou_threshold)", "(iou > 0.5)")},
            {"violates": "int64", "code": _swap(NMS, "return torch.tensor(keep, dtype=torch.int64)", "return keep")},
            {"violates": "empty", "code": _swap(NMS, "return torch.tensor(keep, dtype=torch.int64)",
                                                "return torch.tensor(keep)")},
            {"violates": "no-torchvision", "code": "def nms(boxes, scores, labels, iou_threshold):\n"
                                                   "    from torchvision.ops import batched_nms\n"
                                                   "    return batched_nms(boxes, scores, labels, iou_threshold)\n"},
            # calls the answer to Question 6 directly (a student-view find: it scored 3/3)
            {"violates": "self-contained", "code": _swap(NMS, """        w = (torch.minimum(x2, x2[i]) - torch.maximum(x1, x1[i])).clamp(min=0)
        h = (torch.minimum(y2, y2[i]) - torch.maximum(y1, y1[i])).clamp(min=0)
        union = area + area[i] - w * h
        iou = torch.where(union > 0, w * h / union, torch.zeros_like(union))
""", """        iou = box_iou(boxes[i:i + 1], boxes)[0]     # my answer to Question 6
""")},
        ],
        "equivalent": [],
    },
    "q8_match_predictions": {
        "hints": [
            "Compute the `(P, G)` IoU matrix once (inside your function), then go through the predictions in "
            "`torch.argsort(-scores, stable=True)` order.",
            "Keep a boolean tensor `free` of the products not yet matched. For prediction `i`, hide the taken "
            "products (`torch.where(free, iou[i], -1.0)`), take the `argmax` (the first of equal maxima), and match "
            "only if that IoU is at least the threshold.",
            "Write the match at the prediction's own index (`matched[i] = j`), in a tensor you filled with -1 at "
            "the start: the result stays in the input order. Return early when there is no product.",
        ],
        "alternatives": [MATCH_ALT_PYTHON, MATCH_ALT_SORTED],
        "wrong": [
            {"violates": "by-score", "code": _swap(MATCH, "for i in torch.argsort(-scores, stable=True).tolist():",
                                                   "for i in range(len(pred_boxes)):")},
            {"violates": "score-ties", "code": _swap(MATCH, "torch.argsort(-scores, stable=True)",
                                                     "torch.argsort(scores, stable=True).flip(0)")},
            {"violates": "best-free", "code": _swap(MATCH, """        candidates = torch.where(free, iou[i], torch.full_like(iou[i], -1.0))
        j = int(candidates.argmax())
""", """        reaching = (free & (iou[i] >= iou_threshold)).nonzero().flatten()
        j = int(reaching[0]) if len(reaching) else 0    # the first free product that reaches the threshold
""")},
            {"violates": "once", "code": _swap(MATCH, "            free[j] = False\n", "")},
            {"violates": "fallback", "code": _swap(MATCH, """        candidates = torch.where(free, iou[i], torch.full_like(iou[i], -1.0))
        j = int(candidates.argmax())
""", """        j = int(iou[i].argmax())                  # its best product, taken or not
""")},
            {"violates": "at-least", "code": _swap(MATCH, "iou[i, j] >= iou_threshold", "iou[i, j] > iou_threshold")},
            {"violates": "iou-ties", "code": _swap(MATCH, "        j = int(candidates.argmax())\n",
                                                   "        j = len(candidates) - 1 - int(candidates.flip(0).argmax())\n")},
            {"violates": "input-order", "code": _swap(MATCH, """            free[j] = False
    return matched
""", """            free[j] = False
    return matched[torch.argsort(-scores, stable=True)]     # in the order of the scores
""")},
            {"violates": "no-products", "code": _swap(MATCH, "    if len(pred_boxes) == 0 or len(gt_boxes) == 0:\n",
                                                      "    if len(pred_boxes) == 0:\n")},
            {"violates": "no-predictions", "code": _swap(MATCH, """    if len(pred_boxes) == 0 or len(gt_boxes) == 0:
        return matched
""", """    if len(pred_boxes) == 0:
        return torch.tensor([])
    if len(gt_boxes) == 0:
        return matched
""")},
            {"violates": "threshold-default", "code": _swap(MATCH, "iou_threshold=0.5", "iou_threshold=0.75")},
            {"violates": "int64", "code": _swap(MATCH, "    return matched\n", "    return matched.tolist()\n")},
            {"violates": "no-torchvision",
             "code": "def match_predictions(pred_boxes, scores, gt_boxes, iou_threshold=0.5):\n"
                     "    from torchvision.ops import box_iou\n"
                     "    matched = torch.full((len(pred_boxes),), -1, dtype=torch.int64)\n"
                     "    if len(pred_boxes) == 0 or len(gt_boxes) == 0:\n"
                     "        return matched\n"
                     "    iou = box_iou(pred_boxes, gt_boxes)\n"
                     "    free = torch.ones(len(gt_boxes), dtype=torch.bool)\n"
                     "    for i in torch.argsort(-scores, stable=True).tolist():\n"
                     "        j = int(torch.where(free, iou[i], torch.full_like(iou[i], -1.0)).argmax())\n"
                     "        if free[j] and iou[i, j] >= iou_threshold:\n"
                     "            matched[i], free[j] = j, False\n"
                     "    return matched\n"},
            # Question 6's answer under another name, in the answer cell (a student-view find called it: 3/3)
            {"violates": "self-contained", "code": "pairwise_iou = box_iou\n\n" + _swap(MATCH, """    top_left = torch.maximum(pred_boxes[:, None, :2], gt_boxes[None, :, :2])
    bottom_right = torch.minimum(pred_boxes[:, None, 2:], gt_boxes[None, :, 2:])
    inter = (bottom_right - top_left).clamp(min=0).prod(dim=-1)
    area_p = (pred_boxes[:, 2:] - pred_boxes[:, :2]).prod(dim=-1)
    area_g = (gt_boxes[:, 2:] - gt_boxes[:, :2]).prod(dim=-1)
    union = area_p[:, None] + area_g[None, :] - inter
    iou = torch.where(union > 0, inter / union, torch.zeros_like(union))
""", """    iou = pairwise_iou(pred_boxes, gt_boxes)
""")},
        ],
        "equivalent": [],
    },
    "q9_precision_recall": {
        "hints": [
            "Sort first, with a stable sort so that equal scores keep their index order: "
            "`torch.argsort(-scores, stable=True)`. Reorder `true_positive` with it.",
            "`cumsum` counts the true positives so far; the number of predictions so far is "
            "`torch.arange(1, P + 1)`. Convert the booleans to floats first.",
        ],
        "alternatives": [PR_ALT_SORT, PR_ALT_PYTHON],
        "wrong": [
            # the order from Question 7's nms: boxes of zero area and labels all different remove nothing, so it
            # returns every index by decreasing score, ties lower index first
            {"violates": "self-contained", "code": _swap(PR, "    order = torch.argsort(-scores, stable=True)\n",
                                                         "    order = nms(torch.zeros(len(scores), 4), scores, "
                                                         "torch.arange(len(scores)), 0.5)   # my Question 7\n")},
            {"violates": "sorted", "code": _swap(PR, "    order = torch.argsort(-scores, stable=True)\n",
                                                 "    order = torch.arange(len(scores))\n")},
            {"violates": "ties", "code": _swap(PR, "torch.argsort(-scores, stable=True)",
                                               "torch.argsort(scores, stable=True).flip(0)")},
            {"violates": "cumulative", "code": _swap(PR, """    tp = true_positive[order].to(torch.float64).cumsum(dim=0)
    seen = torch.arange(1, len(scores) + 1, dtype=torch.float64)
    return tp / seen, tp / n_truth
""", """    tp = true_positive[order].to(torch.float64)
    return tp, tp / n_truth
""")},
            {"violates": "precision", "code": _swap(PR, "return tp / seen, tp / n_truth",
                                                    "return tp / n_truth, tp / seen")},
            {"violates": "recall", "code": _swap(PR, "return tp / seen, tp / n_truth",
                                                 "return tp / seen, tp / len(scores)")},
            {"violates": "empty", "code": _swap(PR, "    order = torch.argsort(-scores, stable=True)\n",
                                                "    if len(scores) == 0:     # the curve starts at (0, 0)\n"
                                                "        return torch.zeros(1), torch.zeros(1)\n"
                                                "    order = torch.argsort(-scores, stable=True)\n")},
        ],
        "equivalent": [],
    },
    "q10_average_precision": {
        "hints": [
            "The envelope is a running maximum from the end: flip, `cummax(dim=0).values`, flip back.",
            "For each of the 101 thresholds you need the first index whose recall is at least it: "
            "`torch.searchsorted(recall, thresholds)` (recall is sorted) gives it, and `len(recall)` when no point "
            "reaches it.",
            "Append a 0 to the envelope so that index `len(recall)` reads 0; the AP is the mean of the 101 values, "
            "as a `float`.",
        ],
        "alternatives": [AP_ALT_LOOP, AP_ALT_MASK],
        "wrong": [
            # the 101 thresholds of Question 11's cell (a module-level variable of another answer's cell)
            {"violates": "self-contained", "code": _swap(AP, "    thresholds = torch.linspace(0, 1, 101, dtype=torch.float64)\n",
                                                         "    thresholds = RECALL_POINTS     # defined with my mAP\n")},
            {"violates": "envelope", "code": _swap(AP, "precision.double().flip(0).cummax(dim=0).values.flip(0)",
                                                   "precision.double()")},
            {"violates": "points", "code": _swap(AP, "torch.linspace(0, 1, 101, dtype=torch.float64)",
                                                 "torch.linspace(0, 1, 11, dtype=torch.float64)   # VOC 2007")},
            {"violates": "at-least", "code": _swap(AP, "torch.searchsorted(recall.double().contiguous(), thresholds)",
                                                   "torch.searchsorted(recall.double().contiguous(), thresholds, "
                                                   "right=True)")},
            {"violates": "unreached", "code": _swap(AP, "padded = torch.cat([envelope, torch.zeros(1, dtype=torch.float64)])",
                                                    "padded = torch.cat([envelope, envelope[-1:]]) if len(envelope) "
                                                    "else torch.zeros(1, dtype=torch.float64)")},
            {"violates": "mean", "code": _swap(AP, "return float(padded[first].mean())",
                                               "return float(padded[first].sum() / 100)")},
            {"violates": "float", "code": _swap(AP, "return float(padded[first].mean())", "return padded[first].mean()")},
            {"violates": "empty", "code": _swap(AP, "    padded = torch.cat([envelope, torch.zeros(1, dtype=torch.float64)])\n"
                                                    "    return float(padded[first].mean())\n",
                                                "    values = torch.where(first < len(envelope), "
                                                "envelope[first.clamp(max=len(envelope) - 1)], 0.0)\n"
                                                "    return float(values.mean())\n")},
        ],
        "equivalent": [],
    },
    "q11_mean_average_precision": {
        "hints": [
            "Three nested levels: for each kind, for each photograph, for each of its predictions of that kind by "
            "decreasing score. Count the kind's products in every photograph, and record each prediction as "
            "`(-score, photograph, index, true_positive)`.",
            "Sorting those tuples ranks by decreasing score, then earlier photograph, then lower index: exactly "
            "the order asked. Then precision and recall as in Question 9 and the AP as in Question 10.",
            "Skip a kind with no product (`continue` before computing its AP). A kind with products and no "
            "prediction has an empty ranking: make sure your AP code gives 0 for it.",
        ],
        "alternatives": [MAP_ALT_PYTHON],
        "wrong": [
            {"violates": "per-photo",
             "code": _swap(MAP, """        for photo, (p, t) in enumerate(zip(preds, targets)):
            truth = t["boxes"][t["labels"] == kind]
            mine = torch.nonzero(p["labels"] == kind).flatten().tolist()
            n_truth += len(truth)
""", """        every = {"boxes": torch.cat([t["boxes"] for t in targets]), "labels": torch.cat([t["labels"] for t in targets])}
        for photo, (p, t) in enumerate(zip(preds, [every] + [None] * (len(preds) - 1))):
            p = {k: torch.cat([q[k] for q in preds]) for k in ("boxes", "scores", "labels")} if photo == 0 else p
            if t is None:
                continue
            truth = t["boxes"][t["labels"] == kind]       # the products of every photograph together
            mine = torch.nonzero(p["labels"] == kind).flatten().tolist()
            n_truth += len(truth)
""")},
            {"violates": "matching", "code": _swap(MAP, "for k in sorted(range(len(mine)), key=lambda k: "
                                                        "(-float(p[\"scores\"][mine[k]]), k)):",
                                                   "for k in range(len(mine)):")},
            {"violates": "at-least", "code": _swap(MAP, "float(ious[k, j]) >= iou_threshold",
                                                   "float(ious[k, j]) > iou_threshold")},
            {"violates": "threshold", "code": _swap(MAP, "float(ious[k, j]) >= iou_threshold",
                                                    "float(ious[k, j]) >= 0.5")},
            {"violates": "ranking", "code": _swap(MAP, "        ranked.sort()\n", "")},
            {"violates": "rank-ties", "code": _swap(MAP, "        ranked.sort()\n",
                                                    "        ranked.sort(key=lambda r: (r[0], -r[1], r[2]))\n")},
            {"violates": "all-truth", "code": _swap(MAP, "            n_truth += len(truth)\n",
                                                    "            n_truth += len(truth) if len(p[\"labels\"]) else 0\n")},
            {"violates": "ap-101", "code": _swap(MAP, "torch.linspace(0, 1, 101, dtype=torch.float64)",
                                                 "torch.linspace(0, 1, 11, dtype=torch.float64)")},
            {"violates": "no-truth", "code": _swap(MAP, """        if n_truth == 0:
            continue
""", """        if n_truth == 0:
            per_class[kind] = 0.0
            continue
""")},
            {"violates": "no-prediction", "code": _swap(MAP, "        if n_truth == 0:\n",
                                                        "        if n_truth == 0 or not ranked:\n")},
            {"violates": "result", "code": _swap(MAP, '"per_class": per_class}', '"per_class": list(per_class.values())}')},
            {"violates": "line-limit", "code": MAP_ALT_PYTHON.replace(
                "    aps = {}\n",
                "    aps = {}\n    log = []\n    checked = 0\n    for pred in preds:\n        checked += len(pred[\"boxes\"])\n"
                "    for target in targets:\n        checked += len(target[\"boxes\"])\n"
                "    log.append(checked)\n    log.append(len(preds))\n    log.append(len(targets))\n"
                "    log.append(num_classes)\n    log.append(iou_threshold)\n    assert len(preds) == len(targets)\n"
                "    assert num_classes > 0\n    assert 0 <= iou_threshold <= 1\n")},
            {"violates": "no-library",
             "code": "def mean_average_precision(preds, targets, num_classes, iou_threshold=0.5):\n"
                     "    import contextlib, io\n"
                     "    from pycocotools.coco import COCO\n"
                     "    from pycocotools.cocoeval import COCOeval\n"
                     "    gt = {'images': [{'id': i + 1} for i in range(len(targets))], 'annotations': [],\n"
                     "          'categories': [{'id': c} for c in range(num_classes)]}\n"
                     "    dt = []\n"
                     "    for i, (p, t) in enumerate(zip(preds, targets), start=1):\n"
                     "        for (x1, y1, x2, y2), c in zip(t['boxes'].tolist(), t['labels'].tolist()):\n"
                     "            gt['annotations'].append({'id': len(gt['annotations']) + 1, 'image_id': i, 'iscrowd': 0,\n"
                     "                                      'category_id': c, 'bbox': [x1, y1, x2 - x1, y2 - y1],\n"
                     "                                      'area': (x2 - x1) * (y2 - y1)})\n"
                     "        for (x1, y1, x2, y2), s, c in zip(p['boxes'].tolist(), p['scores'].tolist(), p['labels'].tolist()):\n"
                     "            dt.append({'image_id': i, 'category_id': c, 'bbox': [x1, y1, x2 - x1, y2 - y1], 'score': s})\n"
                     "    with contextlib.redirect_stdout(io.StringIO()):\n"
                     "        truth = COCO()\n"
                     "        truth.dataset = gt\n"
                     "        truth.createIndex()\n"
                     "        ev = COCOeval(truth, truth.loadRes(dt), 'bbox')\n"
                     "        ev.params.iouThrs = np.array([iou_threshold])\n"
                     "        ev.params.maxDets = [1000]\n"
                     "        ev.params.areaRng, ev.params.areaRngLbl = [[0, 1e10]], ['all']\n"
                     "        ev.evaluate()\n"
                     "        ev.accumulate()\n"
                     "    precision = ev.eval['precision'][0, :, :, 0, 0]\n"
                     "    per_class = {int(c): float(precision[:, k].mean()) for k, c in enumerate(ev.params.catIds)\n"
                     "                 if (precision[:, k] > -1).all()}\n"
                     "    return {'map': sum(per_class.values()) / len(per_class), 'per_class': per_class}\n"},
            # what Question 11b's test passes as map_at, imported from the course's package (a table of results
            # now; the solver that makes it is in source/11_vision/hidden.py)
            {"violates": "no-library",
             "code": "from workbook.data.vision_thresholds import map_at_reference\n\n\n"
                     "def mean_average_precision(preds, targets, num_classes, iou_threshold=0.5):\n"
                     "    return map_at_reference()(preds, targets, num_classes, iou_threshold)\n"},
            # Questions 9 and 10's answers, called through a helper of the answer cell (a student-view find called
            # Questions 8-10: 5/5)
            {"violates": "self-contained", "code": _swap(MAP, """        ranked.sort()
        tp = torch.tensor([r[3] for r in ranked], dtype=torch.float64).cumsum(dim=0)
        precision = tp / torch.arange(1, len(tp) + 1, dtype=torch.float64)
        recall = tp / n_truth
        envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros(1, dtype=torch.float64)])
        first = torch.searchsorted(recall, RECALL_POINTS)
        per_class[kind] = float(envelope[first].mean())
""", """        per_class[kind] = _kind_ap(ranked, n_truth)
""") + """

def _kind_ap(ranked, n_truth):
    scores = torch.tensor([-r[0] for r in sorted(ranked)], dtype=torch.float64)
    hits = torch.tensor([r[3] for r in sorted(ranked)], dtype=torch.bool)
    return average_precision(*precision_recall(scores, hits, n_truth))
"""},
            # hard-coded to the visible examples
            "def mean_average_precision(preds, targets, num_classes, iou_threshold=0.5):\n"
            "    if len(preds) == 2:\n"
            "        return {'map': (51 / 101 + 1.0) / 3, 'per_class': {0: 51 / 101, 1: 1.0, 3: 0.0}}\n"
            "    aps = {0: 0.40324032403240323, 1: 0.8811881188118812, 2: 0.6702813138456701, 3: 0.48910891089108904, "
            "5: 0.0, 6: 0.5}\n"
            "    return {'map': sum(aps.values()) / 6, 'per_class': aps}\n",
        ],
        "equivalent": [],
    },
    "q11b_map_50_95": {
        "hints": [
            "Ten thresholds: 0.50, 0.55, ..., 0.95, both ends included. `np.linspace(0.5, 0.95, 10)` makes "
            "them as `pycocotools` does; `np.arange(0.5, 0.95, 0.05)` stops before 0.95 (nine thresholds).",
            "Call `map_at(preds, targets, num_classes, t)` at each threshold `t` and keep its `\"map\"`: the "
            "matching and the AP are Question 11's, done for you.",
            "Return the plain mean of the ten mAPs, as a Python `float` (`float(...)` of a NumPy value). "
            "Every kind counts once at each threshold: do not weight the kinds by their number of products.",
        ],
        "alternatives": [MAP_50_95_ALT_LINSPACE, MAP_50_95_ALT_PER_KIND],
        "wrong": [
            {"violates": "thresholds", "code": _swap(MAP_50_95, "for k in range(10)]", "for k in range(11)]")},
            {"violates": "thresholds", "code": _swap(MAP_50_95, "[(50 + 5 * k) / 100 for k in range(10)]",
                                                     "np.arange(0.5, 0.95, 0.05)")},
            {"violates": "thresholds", "code": _swap(MAP_50_95, "[(50 + 5 * k) / 100 for k in range(10)]",
                                                     "[0.5, 0.95]")},
            {"violates": "map-at", "code": _swap(MAP_50_95, "map_at(preds, targets, num_classes, t)",
                                                 "map_at(preds, targets, num_classes)")},
            {"violates": "mean", "code": MAP_50_95_WRONG_BY_SIZE},
            {"violates": "result", "code": _swap(MAP_50_95, "    return sum(", "    return torch.tensor(0.0) + sum(")},
            {"violates": "self-contained", "code": _swap(MAP_50_95, "map_at(preds, targets, num_classes, t)",
                                                         "mean_average_precision(preds, targets, num_classes, t)")},
            # COCOeval's own mean over its ten thresholds (the AP it prints first), map_at never called
            {"violates": "no-library",
             "code": "def map_50_95(preds, targets, num_classes, map_at):\n"
                     "    import contextlib, io\n"
                     "    from pycocotools.coco import COCO\n"
                     "    from pycocotools.cocoeval import COCOeval\n"
                     "    gt = {'images': [{'id': i + 1} for i in range(len(targets))], 'annotations': [],\n"
                     "          'categories': [{'id': c} for c in range(num_classes)]}\n"
                     "    dt = []\n"
                     "    for i, (p, t) in enumerate(zip(preds, targets), start=1):\n"
                     "        for (x1, y1, x2, y2), c in zip(t['boxes'].tolist(), t['labels'].tolist()):\n"
                     "            gt['annotations'].append({'id': len(gt['annotations']) + 1, 'image_id': i, 'iscrowd': 0,\n"
                     "                                      'category_id': c, 'bbox': [x1, y1, x2 - x1, y2 - y1],\n"
                     "                                      'area': (x2 - x1) * (y2 - y1)})\n"
                     "        for (x1, y1, x2, y2), s, c in zip(p['boxes'].tolist(), p['scores'].tolist(), p['labels'].tolist()):\n"
                     "            dt.append({'image_id': i, 'category_id': c, 'bbox': [x1, y1, x2 - x1, y2 - y1], 'score': s})\n"
                     "    with contextlib.redirect_stdout(io.StringIO()):\n"
                     "        truth = COCO()\n"
                     "        truth.dataset = gt\n"
                     "        truth.createIndex()\n"
                     "        ev = COCOeval(truth, truth.loadRes(dt), 'bbox')\n"
                     "        ev.params.maxDets = [1000]\n"
                     "        ev.params.areaRng, ev.params.areaRngLbl = [[0, 1e10]], ['all']\n"
                     "        ev.evaluate()\n"
                     "        ev.accumulate()\n"
                     "    precision = ev.eval['precision'][:, :, :, 0, 0]\n"
                     "    kept = [k for k in range(precision.shape[2]) if (precision[:, :, k] > -1).all()]\n"
                     "    return float(precision[:, :, kept].mean())\n"},
            # the right mean, written out over more than 50 lines of code
            {"violates": "line-limit", "code": "def map_50_95(preds, targets, num_classes, map_at):\n"
             + "".join(f"    m{k} = map_at(preds, targets, num_classes, {(50 + 5 * k) / 100})['map']\n"
                       for k in range(10))
             + "".join(f"    s{k} = {'m0' if k == 0 else f's{k - 1} + m{k}'}\n" for k in range(10))
             + "".join(f"    c{k} = {k + 1}\n" for k in range(31))
             + "    return float(s9 / c9)\n"},
            # hard-coded to the visible example
            "def map_50_95(preds, targets, num_classes, map_at):\n"
            "    for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):\n"
            "        map_at(preds, targets, num_classes, t)\n"
            "    return 0.24666666666666667\n",
        ],
        "equivalent": [],
    },
    "q12_classifier": {
        "observed": {
            "name": '`classifier`',
            "forging": "the crops come from the course's secret and their kinds never enter the kernel: predicting them is classifying them",
        },
        "hints": [
            "A small CNN is enough: `nn.Conv2d(3, 8, 3, padding=1)`, `nn.ReLU()`, `nn.MaxPool2d(2)`, then the same "
            "from 8 to 16 channels (16 -> 8 -> 4 pixels), then `nn.Flatten()` and `nn.Linear(16 * 4 * 4, 4)`.",
            "Train with `torch.optim.Adam(..., lr=0.01)` and `F.cross_entropy` on mini-batches of 64 "
            "(`torch.randperm(len(x)).split(64)`), about eight epochs: well under a second on one thread.",
            "The input is `torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 255`; the labels "
            "`torch.from_numpy(labels)` (int64). Fix `torch.manual_seed` so that the result is the same every run.",
        ],
        "alternatives": [CNN_ALT_BATCHNORM, CNN_ALT_FUNCTIONAL],
        "wrong": [
            {"violates": "cnn", "code": CNN_WRONG_MLP},
            {"violates": "scores", "code": _swap(CNN, "self.head = nn.Linear(16 * 4 * 4, 4)",
                                                 "self.head = nn.Linear(16 * 4 * 4, 5)   # and one for 'nothing'")},
            {"violates": "accuracy", "code": _swap(_swap(CNN, "def train_classifier(crops, labels, epochs=8):",
                                                         "def train_classifier(crops, labels, epochs=1):"),
                                                   "lr=0.01", "lr=0.0003")},
            {"violates": "line-limit", "code": CNN_WRONG_LONG},
            {"violates": "no-pretrained",
             "code": "from torchvision.models import mobilenet_v3_small\n\n"
                     "classifier = mobilenet_v3_small(num_classes=4)\n"},
            # the crops made tensors by the answer to Question 2 (Part 4: do not call your answers to Parts 1-3)
            {"violates": "self-contained", "code": _swap(CNN, "x = torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 255",
                                                         "x = to_tensor(crops, (0.0, 0.0, 0.0), (1.0, 1.0, 1.0))")},
        ],
        "equivalent": [],
    },
    "q13_error_analysis": {
        "hints": [
            "Read the table row by row: for each kind, which column is far above the others? Give the numbers "
            "(and the share of that kind's products).",
            "Think about what each step of the evaluation does to each mistake: NMS removes boxes of one kind "
            "that overlap too much; the matching turns a box that overlaps its product too little into a false "
            "positive and leaves the product missed.",
        ],
    },
}


# ---------------------------------------------------------------- equivalent mutants
# what `workbook mutants 11_vision` finds that changes nothing the question asks, with why

_R0 = "NumPy reads any negative size in reshape as 'the rest of the elements', as it reads -1"
_R1 = "the batch F.interpolate returns has one image: index -1 is index 0"
_R2 = "an int64 tensor added to or subtracted from float boxes gives the boxes' dtype: the same values"
_R3 = "F.interpolate's default for bilinear is align_corners=False: the same call"
_R4 = "a side clamped at -1 instead of 0 is negative only when the box has no width or height left, and a box with a negative side has a visible area of 0 or less, so it is dropped all the same"
_R5 = "a one-element tensor slices, offsets and builds the shift tensor as the int it holds does: the same crop and boxes"
_R6 = "the union is 0 only for two zero-area boxes, whose IoU is then nan instead of 0; a zero-area box reaches no threshold above 0 either way, so nothing it does changes"
_R7 = "one side clamped at -1 instead of 0: a negative side makes the overlap 0 or negative, which never exceeds or reaches a threshold above 0, as an overlap of 0 does not"
_R8 = "len(...) is never -1: without the early return, no prediction gives the empty tensor of -1 all the same (the IoU matrix is empty and the loop does not run)"
_R9 = "the value that hides taken products only has to be below every real IoU and below the threshold (which is above 0): -2 and 0 hide them as -1 does"
_R10 = "torch.argsort on the CPU keeps equal scores in index order for inputs this small (the ties of the visible and the hidden cases come out in index order): the same order as stable=True"
_R11 = "torch.full with the int -1 makes an int64 tensor: the dtype the question asks"
_R12 = "a one-element tensor indexes and compares as the number it holds"
_R13 = "the tensor is 1-D: dim -1 is dim 0"
_R14 = "an int64 count divides a float64 count into float64: the same values"
_R15 = "the index into the padded envelope is at most len(recall): a second 0 after the first is never read"
_R16 = "float32 thresholds differ from float64 ones only at a recall of exactly j / 100 (0 < j < 100), and the course's data never has one (a kind's product count is never a multiple of 2 or 5, so k / n never equals j / 100): the same first indices"
_R17 = "the float32 zero is promoted to float64 by torch.cat: the same padded envelope"
_R18 = "bools summed give int64 counts, and the true division gives float32 precision and recall: the APs differ from the float64 ones by less than 1e-7, and the recall thresholds are never met exactly (see the data's product counts)"
_R19 = "the question asks for a CNN that classifies 90 % of new crops right, not for these hyperparameters: this one still does (the training is seeded, so the result is the same on every run)"

_SEED = "another seed trains another network from other starting weights; the question asks for 90 % of new crops " \
        "right, which this one gets too (the same on every run: the training is seeded)"
_SCALE = "inputs scaled by 1/254 or 1/256 in training differ from the test's 1/255 by 0.4 %: the network still gets " \
         "90 % of new crops right (and the same on every run)"

EQUIVALENT = {
    'q1_channel_stats': [
        {"diff": "- pixels = images.reshape(-1, 3).astype(np.float64) / 255\n+ pixels = images.reshape(- 2, 3).astype(np.float64) / 255",
         "reason": _R0},
    ],
    'q4_letterbox': [
        {"diff": "- resized = F.interpolate(image[None], size=(new_h, new_w), mode=\"bilinear\", align_corners=False)[0]\n+ resized = F.interpolate(image[None], size=(new_h, new_w), mode=\"bilinear\", align_corners=False)[ -1]",
         "reason": _R1},
        {"diff": "- shift = torch.tensor([left, top, left, top], dtype=boxes.dtype)\n+ shift = torch.tensor([left, top, left, top])",
         "reason": _R2},
        {"diff": "- resized = F.interpolate(image[None], size=(new_h, new_w), mode=\"bilinear\", align_corners=False)[0]\n+ resized = F.interpolate(image[None], size=(new_h, new_w), mode=\"bilinear\")[0]",
         "reason": _R3},
    ],
    'q5_augment': [
        {"diff": "- clipped = torch.stack([x1.clamp(0, w), y1.clamp(0, h), x2.clamp(0, w), y2.clamp(0, h)], dim=-1)\n+ clipped = torch.stack([x1.clamp(0, w), y1.clamp(0, h), x2.clamp( -1, w), y2.clamp(0, h)], dim=-1)",
         "reason": _R4},
        {"diff": "- clipped = torch.stack([x1.clamp(0, w), y1.clamp(0, h), x2.clamp(0, w), y2.clamp(0, h)], dim=-1)\n+ clipped = torch.stack([x1.clamp(0, w), y1.clamp(0, h), x2.clamp(0, w), y2.clamp( -1, h)], dim=-1)",
         "reason": _R4},
        {"diff": "- top = int(torch.randint(0, image.shape[-2] - h + 1, (1,), generator=generator))\n+ top = (torch.randint(0, image.shape[-2] - h + 1, (1,), generator=generator))",
         "reason": _R5},
        {"diff": "- left = int(torch.randint(0, image.shape[-1] - w + 1, (1,), generator=generator))\n+ left = (torch.randint(0, image.shape[-1] - w + 1, (1,), generator=generator))",
         "reason": _R5},
        {"diff": "- x1, y1, x2, y2 = (boxes - torch.tensor([left, top, left, top], dtype=boxes.dtype)).unbind(-1)\n+ x1, y1, x2, y2 = (boxes - torch.tensor([left, top, left, top])).unbind(-1)",
         "reason": _R2},
    ],
    'q7_nms': [
        {"diff": "- iou = torch.where(union > 0, w * h / union, torch.zeros_like(union))\n+ iou = torch.where(union >= 0, w * h / union, torch.zeros_like(union))",
         "reason": _R6},
        {"diff": "- w = (torch.minimum(x2, x2[i]) - torch.maximum(x1, x1[i])).clamp(min=0)\n+ w = (torch.minimum(x2, x2[i]) - torch.maximum(x1, x1[i])).clamp(min= -1)",
         "reason": _R7},
        {"diff": "- h = (torch.minimum(y2, y2[i]) - torch.maximum(y1, y1[i])).clamp(min=0)\n+ h = (torch.minimum(y2, y2[i]) - torch.maximum(y1, y1[i])).clamp(min= -1)",
         "reason": _R7},
        {"diff": "- iou = torch.where(union > 0, w * h / union, torch.zeros_like(union))\n+ iou = torch.where(union > -1, w * h / union, torch.zeros_like(union))",
         "reason": _R6},
    ],
    'q8_match_predictions': [
        {"diff": "- iou = torch.where(union > 0, inter / union, torch.zeros_like(union))\n+ iou = torch.where(union >= 0, inter / union, torch.zeros_like(union))",
         "reason": _R6},
        {"diff": "- if len(pred_boxes) == 0 or len(gt_boxes) == 0:\n+ if len(pred_boxes) == -1 or len(gt_boxes) == 0:",
         "reason": _R8},
        {"diff": "- iou = torch.where(union > 0, inter / union, torch.zeros_like(union))\n+ iou = torch.where(union > -1, inter / union, torch.zeros_like(union))",
         "reason": _R6},
        {"diff": "- candidates = torch.where(free, iou[i], torch.full_like(iou[i], -1.0))\n+ candidates = torch.where(free, iou[i], torch.full_like(iou[i], - 2.0))",
         "reason": _R9},
        {"diff": "- candidates = torch.where(free, iou[i], torch.full_like(iou[i], -1.0))\n+ candidates = torch.where(free, iou[i], torch.full_like(iou[i], - 0.0))",
         "reason": _R9},
        {"diff": "- for i in torch.argsort(-scores, stable=True).tolist():\n+ for i in torch.argsort(-scores, stable=False).tolist():",
         "reason": _R10},
        {"diff": "- matched = torch.full((len(pred_boxes),), -1, dtype=torch.int64)\n+ matched = torch.full((len(pred_boxes),), -1)",
         "reason": _R11},
        {"diff": "- j = int(candidates.argmax())\n+ j = (candidates.argmax())",
         "reason": _R12},
        {"diff": "- for i in torch.argsort(-scores, stable=True).tolist():\n+ for i in torch.argsort(-scores).tolist():",
         "reason": _R10},
    ],
    'q9_precision_recall': [
        {"diff": "- tp = true_positive[order].to(torch.float64).cumsum(dim=0)\n+ tp = true_positive[order].to(torch.float64).cumsum(dim= -1)",
         "reason": _R13},
        {"diff": "- tp = true_positive[order].to(torch.float64).cumsum(dim=0)\n+ tp = true_positive[order].to(torch.float64).cumsum(dim=-1)",
         "reason": _R13},
        {"diff": "- seen = torch.arange(1, len(scores) + 1, dtype=torch.float64)\n+ seen = torch.arange(1, len(scores) + 1)",
         "reason": _R14},
    ],
    'q10_average_precision': [
        {"diff": "- envelope = precision.double().flip(0).cummax(dim=0).values.flip(0)\n+ envelope = precision.double().flip( -1).cummax(dim=0).values.flip(0)",
         "reason": _R13},
        {"diff": "- envelope = precision.double().flip(0).cummax(dim=0).values.flip(0)\n+ envelope = precision.double().flip(0).cummax(dim= -1).values.flip(0)",
         "reason": _R13},
        {"diff": "- envelope = precision.double().flip(0).cummax(dim=0).values.flip(0)\n+ envelope = precision.double().flip(0).cummax(dim=0).values.flip( -1)",
         "reason": _R13},
        {"diff": "- padded = torch.cat([envelope, torch.zeros(1, dtype=torch.float64)])\n+ padded = torch.cat([envelope, torch.zeros( 2, dtype=torch.float64)])",
         "reason": _R15},
        {"diff": "- thresholds = torch.linspace(0, 1, 101, dtype=torch.float64)\n+ thresholds = torch.linspace(0, 1, 101)",
         "reason": _R16},
        {"diff": "- padded = torch.cat([envelope, torch.zeros(1, dtype=torch.float64)])\n+ padded = torch.cat([envelope, torch.zeros(1)])",
         "reason": _R17},
        {"diff": "- envelope = precision.double().flip(0).cummax(dim=0).values.flip(0)\n+ envelope = precision.double().flip(0).cummax(dim=-1).values.flip(0)",
         "reason": _R13},
    ],
    'q11_mean_average_precision': [
        {"diff": "- return torch.where(union > 0, inter / union, torch.zeros_like(union))\n+ return torch.where(union >= 0, inter / union, torch.zeros_like(union))",
         "reason": _R6},
        {"diff": "- return torch.where(union > 0, inter / union, torch.zeros_like(union))\n+ return torch.where(union > -1, inter / union, torch.zeros_like(union))",
         "reason": _R6},
        {"diff": "- candidates = torch.where(free, ious[k], torch.full_like(ious[k], -1.0))\n+ candidates = torch.where(free, ious[k], torch.full_like(ious[k], - 2.0))",
         "reason": _R9},
        {"diff": "- candidates = torch.where(free, ious[k], torch.full_like(ious[k], -1.0))\n+ candidates = torch.where(free, ious[k], torch.full_like(ious[k], - 0.0))",
         "reason": _R9},
        {"diff": "- tp = torch.tensor([r[3] for r in ranked], dtype=torch.float64).cumsum(dim=0)\n+ tp = torch.tensor([r[3] for r in ranked], dtype=torch.float64).cumsum(dim= -1)",
         "reason": _R13},
        {"diff": "- envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros(1, dtype=torch.float64)])\n+ envelope = torch.cat([precision.flip( -1).cummax(dim=0).values.flip(0), torch.zeros(1, dtype=torch.float64)])",
         "reason": _R13},
        {"diff": "- envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros(1, dtype=torch.float64)])\n+ envelope = torch.cat([precision.flip(0).cummax(dim= -1).values.flip(0), torch.zeros(1, dtype=torch.float64)])",
         "reason": _R13},
        {"diff": "- envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros(1, dtype=torch.float64)])\n+ envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip( -1), torch.zeros(1, dtype=torch.float64)])",
         "reason": _R13},
        {"diff": "- envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros(1, dtype=torch.float64)])\n+ envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros( 2, dtype=torch.float64)])",
         "reason": _R15},
        {"diff": "- tp = torch.tensor([r[3] for r in ranked], dtype=torch.float64).cumsum(dim=0)\n+ tp = torch.tensor([r[3] for r in ranked], dtype=torch.float64).cumsum(dim=-1)",
         "reason": _R13},
        {"diff": "- precision = tp / torch.arange(1, len(tp) + 1, dtype=torch.float64)\n+ precision = tp / torch.arange(1, len(tp) + 1)",
         "reason": _R14},
        {"diff": "- RECALL_POINTS = torch.linspace(0, 1, 101, dtype=torch.float64)   # COCO's 101 recall thresholds\n+ RECALL_POINTS = torch.linspace(0, 1, 101)   # COCO's 101 recall thresholds",
         "reason": _R16},
        {"diff": "- tp = torch.tensor([r[3] for r in ranked], dtype=torch.float64).cumsum(dim=0)\n+ tp = torch.tensor([r[3] for r in ranked]).cumsum(dim=0)",
         "reason": _R18},
        {"diff": "- envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros(1, dtype=torch.float64)])\n+ envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros(1)])",
         "reason": _R17},
        {"diff": "- j = int(candidates.argmax())\n+ j = (candidates.argmax())",
         "reason": _R12},
        {"diff": "- hit = bool(free[j]) and float(ious[k, j]) >= iou_threshold\n+ hit = (free[j]) and float(ious[k, j]) >= iou_threshold",
         "reason": _R12},
        {"diff": "- hit = bool(free[j]) and float(ious[k, j]) >= iou_threshold\n+ hit = bool(free[j]) and (ious[k, j]) >= iou_threshold",
         "reason": _R12},
        {"diff": "- ranked.append((-float(p[\"scores\"][mine[k]]), photo, mine[k], hit))\n+ ranked.append((-(p[\"scores\"][mine[k]]), photo, mine[k], hit))",
         "reason": _R12},
        {"diff": "- envelope = torch.cat([precision.flip(0).cummax(dim=0).values.flip(0), torch.zeros(1, dtype=torch.float64)])\n+ envelope = torch.cat([precision.flip(0).cummax(dim=-1).values.flip(0), torch.zeros(1, dtype=torch.float64)])",
         "reason": _R13},
        {"diff": "- for k in sorted(range(len(mine)), key=lambda k: (-float(p[\"scores\"][mine[k]]), k)):\n+ for k in sorted(range(len(mine)), key=lambda k: (-(p[\"scores\"][mine[k]]), k)):",
         "reason": _R12},
    ],
    'q5d_match_anchors': [
        {"diff": "- return torch.full((iou.shape[1],), -1, dtype=torch.int64)\n+ return torch.full((iou.shape[1],), -1)",
         "reason": _R11},
        {"diff": "- top = iou.max(dim=1, keepdim=True).values\n+ top = iou.max(dim=-1, keepdim=True).values",
         "reason": "iou is 2-D: dim -1 is dim 1"},
    ],
    'q12_classifier': [
        {"diff": "- torch.manual_seed(0)\n+ torch.manual_seed( 1)", "reason": _SEED},
        {"diff": "- torch.manual_seed(0)\n+ torch.manual_seed( -1)", "reason": _SEED},
        {"diff": "- x = torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 255\n"
                 "+ x = torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 256", "reason": _SCALE},
        {"diff": "- x = torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 255\n"
                 "+ x = torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 254", "reason": _SCALE},
        {"diff": "- nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n+ nn.Conv2d(3, 8, 2, padding=1), nn.ReLU(), nn.MaxPool2d(2),",
         "reason": _R19},
        {"diff": "- nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),\n+ nn.Conv2d(3, 8, 3, padding= 2), nn.ReLU(), nn.MaxPool2d(2),",
         "reason": _R19},
        {"diff": "- nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))\n+ nn.Conv2d(8, 16, 2, padding=1), nn.ReLU(), nn.MaxPool2d(2))",
         "reason": _R19},
        {"diff": "- def train_classifier(crops, labels, epochs=8):\n+ def train_classifier(crops, labels, epochs= 9):",
         "reason": _R19},
        {"diff": "- def train_classifier(crops, labels, epochs=8):\n+ def train_classifier(crops, labels, epochs= 7):",
         "reason": _R19},
        {"diff": "- for batch in torch.randperm(len(x)).split(64):\n+ for batch in torch.randperm(len(x)).split( 65):",
         "reason": _R19},
        {"diff": "- for batch in torch.randperm(len(x)).split(64):\n+ for batch in torch.randperm(len(x)).split( 63):",
         "reason": _R19},
    ],
}
for _gid, _listed in EQUIVALENT.items():
    EXERCISES[_gid]["equivalent"] = _listed


# the inputs each question allows, as its text states them (workbook/checks/domain.py)
_DOMAINS = {
    'q1_channel_stats': "the inputs the question states: one mean and one standard deviation per channel (R, G, B): arrays of shape (3,); over every pixel of every image at once, not an average of per-image statistics; on the [0, 1] scale: the uint8 values divided by 255; the population standard deviation (ddof=0); computed in floating point: uint8 arithmetic wraps around; returns (mean, std), two NumPy arrays of floats",
    'q2_to_tensor': "the inputs the question states: to_tensor moves the channels first with a permute: the pixel at (y, x) keeps its three values; to_tensor divides by 255 before normalising; channel c is normalised with mean[c] and std[c]; to_tensor returns a float32 tensor, whatever mean and std are given as; both functions work on one image (H, W, 3) and on a batch (N, H, W, 3); to_image undoes the normalisation: x * std + mean, times 255; to_image rounds to the nearest integer, not down; to_image clips to 0..255 before the cast (uint8 wraps around); to_image returns a uint8 NumPy array with the channels last",
    'q3_convert_boxes': "the inputs the question states: xywh is (x1, y1, width, height): its x, y is the top-left corner; cxcywh is (centre x, centre y, width, height); converts between any two of the formats, both ways, and to the same format; boxes of shape (N, 4), N = 0 included; the result has the dtype of the input; the input tensor is left unchanged; any other format raises ValueError; does not use torchvision",
    'q3b_yolo_labels': "to_yolo: boxes a float32 or float64 tensor (N, 4) in xyxy pixels on the 0.25-pixel grid, N from 0 to 14, boxes wholly inside, touching each edge, across the left and top edges, across the right and bottom edges, as large as the photograph, across the left and top edges with less than a pixel inside, each keeping a width and a height more than 0 inside it; labels an int64 tensor (N,) of class ids 0 to 79, class 0 and a two-digit class among them, never in increasing order; width and height ints, never equal (640 x 427, 640 x 480, 480 x 640, 1280 x 720, 333 x 517, 96 x 64, 75 x 112). from_yolo: the text of a label file for such a photograph, lines separated by \\n, some ending in \\r\\n, blank lines and lines of spaces and a tab anywhere (the first line blank), values separated by one or two spaces or a tab, spaces around a line's values, values with six decimals or fewer (0.5, 1, 0), class ids 0 to 79, a box as large as the photograph, a box of height 0, boxes whose corners reach past the left and bottom edges and past the right and top edges; an empty file or blank lines only; and the same files with one line (never the first) made invalid: four values, six values, the class 2.0 or -1, a value in pixels, a value a little above 1, a value below 0, a decimal comma. What is asked: clip, then centre and size, x and w by the width, y and h by the height, the class as an int, six decimals rounded to the nearest, one line per box in order, every line ending with a newline, the empty string for no box; back to pixels, clipped, float32 boxes (N, 4) and int64 labels (N,) in the order of the lines, shapes (0, 4) and (0,) for no box line; ValueError naming line N (from 1, blank lines counted) for other than five values, a class not written with digits only, or a value not a number from 0 to 1 (both included); no call of convert_boxes",
    'q4_letterbox': "the inputs the question states: one scale for both axes, size / max(H, W): the longer side becomes size; an image smaller than size is enlarged (scale above 1); the resized image is round(H * scale) by round(W * scale); resized with F.interpolate, mode='bilinear', align_corners=False; placed at left = (size - new_w) // 2 and top = (size - new_h) // 2; the padding holds fill, 0.0 by default; out has the image's dtype; the boxes are multiplied by scale, then moved by left along x and top along y; returns (out, new_boxes, (scale, left, top)), scale a float, left and top ints",
    'q5_augment': "the inputs the question states: hflip mirrors the image along its width (the last dimension); hflip maps x1 to W - x2 and x2 to W - x1, W the image's width, and keeps y; random_crop draws top, then left, with torch.randint(0, H - h + 1, (1,), generator=generator) and W - w + 1; size is (height, width); the boxes move by -left along x and -top along y; the boxes are clipped to the window; a box is kept when its clipped area is at least min_visible times its area; a box with no area left in the window is dropped, whatever min_visible; the labels of the kept boxes, in their order; min_visible=0.5 by default; neither function changes its inputs",
    'q5b_box_coder': "the inputs the question states: gt, anchors and deltas float tensors (N, 4), N at least 1, of one dtype (float32 or float64), boxes in xyxy with a width and a height more than 0, row i with row i; weights a tuple of four positive floats, (10.0, 10.0, 5.0, 5.0) by default; anchors of 8 x 8 to 64 x 64 pixels in area, square, twice as wide or twice as high, anywhere on a 96-pixel photograph (some past its border); products 1/8 to 8 times their anchor's width and height; deltas of any size, beyond the clamp both ways. What is asked: a box's width is x2 - x1 (no + 1); dx and dy from the centres, divided by the anchor's width and height; dw and dh the natural log of the size ratios; columns (dx, dy, dw, dh); encode multiplies by the weights, decode divides; decode clamps dw and dh from above at log(1000 / 16), once divided, before exp, with no lower bound, and returns xyxy corners; the inputs' dtype; no torchvision",
    'q5c_build_targets': "the inputs the question states: coco a dict in COCO's layout, its images with an id, a width and a height in whole pixels (64 to 128), its annotations each with the image_id of one of its images, the category_id of one of its categories and a bbox [x, y, w, h] of floats (the 0.25-pixel grid) or ints (a photograph in whole pixels), boxes across any edge, wholly outside their photograph, of width or height 0 or half a pixel, the annotations of several photographs interleaved, photographs with no annotation; categories with the tool's ids (any order), every name one of classes; classes a list or tuple of distinct names in any order. What is asked: one target per image, in coco['images']'s order; (x, y, x + w, y + h); x clipped to 0..width, y to 0..height of its image; a box of width or height 0 or less after clipping dropped with its label, any width and height more than 0 kept; labels 1 + the position of the category's name in classes; the annotations' order; float32 boxes (N, 4), int64 labels (N,), shapes (0, 4) and (0,) for an image with no box left",
    'q5d_match_anchors': "iou a float32 or float64 tensor (G, A) of IoUs from 0 to 1, G from 0 to 10, A from 1 to 2,000, mostly 0, the others on a grid of 1/32 (ties in rows and columns), with best IoUs exactly at high and at low and just below low, a box whose highest IoU is below low at two tied anchors (one overlapping another box more), two boxes whose highest IoU is at the same anchor, a box that overlaps no anchor; high and low floats with 0 < low < high <= 1 (0.7 and 0.3 by default, 0.5 and 0.25, 0.6 to 0.8 and 0.2 or 0.4, 0.9 and 0.1); allow_low_quality True or False. What is asked: each anchor's best box (the largest IoU of its column, the lower index on ties); at least high: that index; below low: -1; from low to high: -2; with allow_low_quality, every box of highest IoU more than 0 claims every anchor tied at it, a claimed anchor taking its own best box; G = 0: all -1; compared in the tensor's dtype; an int64 tensor (A,); no torchvision",
    'q6_box_iou': "the inputs the question states: returns the (N, M) matrix whose [i, j] is the IoU of boxes1[i] and boxes2[j]; boxes that do not overlap, touching along an edge included, have IoU 0; the union is area1 + area2 - intersection: identical boxes have IoU 1; a box's width is x2 - x1 and its height y2 - y1 (no + 1); a box of zero area has IoU 0 with every box, an identical zero-area box included (never nan); N and M may be 0 or 1: the result is (N, M) all the same; the result has the boxes' dtype; no Python loop, comprehension, map, filter, reduce, itertools, per-element apply or recursion: tensor operations on all the pairs at once; does not use torchvision",
    'q7_nms': "the inputs the question states: keeps the highest-scored box left and removes the boxes it overlaps; a removed box removes nothing; a box is removed when its IoU with a kept box is more than iou_threshold (equal: kept); boxes of different kinds never remove each other; equal scores: the lower index first; the indices of the kept boxes, sorted by decreasing score; the iou_threshold argument is used; returns a 1-D int64 tensor; no box: an empty int64 tensor; does not use torchvision",
    'q8_match_predictions': "the inputs the question states: the predictions take their turn by decreasing score; equal scores: the lower index first; each prediction takes the free product of highest IoU; a product is matched to one prediction at most; a prediction whose best product was taken takes the best free product that reaches the threshold; a match needs an IoU at least iou_threshold (equal counts); equal IoUs: the product of lower index; the result is in the order of the predictions as given; no product: every prediction gets -1; no prediction: an empty int64 tensor; iou_threshold=0.5 by default; returns an int64 tensor; does not use torchvision",
    'q9_precision_recall': "the inputs the question states: the predictions are sorted by decreasing score; equal scores: the lower index first; element k counts the k + 1 first predictions; precision = true positives so far / predictions so far; recall = true positives so far / n_truth; no prediction: two empty float tensors",
    'q10_average_precision': "the inputs the question states: each precision is replaced by the highest precision at its point or after it; 101 recall thresholds 0, 0.01, ..., 1; at each threshold, the envelope at the first point whose recall is at least it; 0 for a threshold no point reaches; the mean of the 101 values; returns a Python float; no point: 0.0",
    'q11_mean_average_precision': "the inputs the question states: predictions are matched to the products of their own photograph and kind only; in a photograph, by decreasing score, each prediction takes the free product of highest IoU; a match needs an IoU at least iou_threshold (equal counts); the iou_threshold argument is used, 0.5 by default; one ranking per kind over all the photographs, by decreasing score; equal scores: the earlier photograph first, then the lower index; recall counts every product of the kind, those of photographs with no prediction included; COCO's 101-point AP of the ranking; a kind with no product is left out of per_class and of the mean, even when predicted; a kind with products but no prediction has AP 0 and counts in the mean; returns {'map': float, 'per_class': {kind: float}}, map the mean of per_class; at most 50 lines of code; does not use torchvision, pycocotools, torchmetrics or the reference of Question 11b's test",
    'q11b_map_50_95': "the inputs the question states: preds, targets and num_classes as in Question 11 (photographs whose IoUs of a prediction and a product of its kind are at least 0.005 from each of the ten thresholds, but an IoU exactly 0.5); map_at a function map_at(preds, targets, num_classes, iou_threshold) returning Question 11's result. What is asked: the ten IoU thresholds 0.50, 0.55, ..., 0.95, both ends included, each once; map_at called at each with preds, targets and num_classes; the plain mean of the ten 'map' values, every kind counted once whatever its number of products; a Python float; at most 50 lines of code; no call of an answer to another question; does not use torchvision, pycocotools or torchmetrics",
    'q12_classifier': "the inputs the question states: a convolutional network: it uses nn.Conv2d or F.conv2d; maps a float batch (N, 3, 16, 16) to scores (N, 4), one per kind in the order of KINDS; classifies at least 90 % of new crops right; at most 50 lines of code; does not use torchvision",
}
for _gid, _text in _DOMAINS.items():
    EXERCISES[_gid]["domain"] = {"inputs": _text}

# what the mutation operators of students' mistakes (authoring/mutops.py) change that the checks do not tell apart
_EQUIVALENT = {
    "q1_channel_stats": {"diff": "- return pixels.mean(axis=0), pixels.std(axis=0)\n"
                                 "+ return [pixels.mean(axis=0), pixels.std(axis=0)]",
                         "reason": "the question writes the pair as (mean, std) without asking for a tuple type; "
                                   "every check unpacks it"},
    "q5_augment": {"diff": "- return image.flip(-1), torch.stack([width - x2, y1, width - x1, y2], dim=-1)\n"
                           "+ return [image.flip(-1), torch.stack([width - x2, y1, width - x1, y2], dim=-1)]",
                   "reason": "the question writes the pair as (flipped_image, flipped_boxes) without asking for a "
                             "tuple type; every check unpacks it"},
    "q5b_box_coder": {"diff": "- return x1 + 0.5 * w, y1 + 0.5 * h, w, h\n+ return [x1 + 0.5 * w, y1 + 0.5 * h, w, h]",
                      "reason": "the helper's four columns are unpacked at once by the callers: a list unpacks as a tuple does"},
    "q9_precision_recall": {"diff": "- return tp / seen, tp / n_truth\n+ return [tp / seen, tp / n_truth]",
                            "reason": "the question asks for the two curves as a pair without a tuple type; every "
                                      "check unpacks it"},
    "q12_classifier": {"diff": "- for _ in range(epochs):\n+ for _ in range(8):",
                       "reason": "the checks train with the default, epochs=8, the budget the question fixes; no "
                                 "other number of epochs is asked for"},
}
for _gid, _eq in _EQUIVALENT.items():
    EXERCISES[_gid]["equivalent"] = [*EXERCISES[_gid]["equivalent"], _eq]
