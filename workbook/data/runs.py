"""01_shell, Questions 16b and 16c: the ``runs/`` folder of Daon Market's training server, made from a seed.

Not part of the server folder that every 01 check copies (``workbook.data.server``: 1.5 MB, copied hundreds of
times): about 25 MB of run folders would slow every check. The two questions' checks write it with their
``setup`` (``python3 -m workbook.data.runs SEED``, in the copy's top folder), and the notebook writes it into
the student's playground (``write_runs``).

Every seed has the same kinds of traps, and only the sizes and most names change:

* four runs of megabytes, whose ``du -h`` sizes are one of 11 to 16 MiB (``13M``: two digits), then three
  different sizes of one digit and a decimal (``7.3M``, ``3.1M``, ``1.6M``): a text sort puts ``7.3M`` above
  ``13M``; and two or three runs of some hundred KiB (``860K``): a numeric sort without ``-h`` puts them first;
* the biggest run keeps most of its bytes in ``checkpoints/``, more than the third run in all: ``du`` without
  ``-s`` lists that subfolder among the three biggest;
* one run's folder name holds a space (``2026-03-02 baseline``), one of the three biggest;
* every size is a whole number of tenths of a MiB minus 90 KiB of data (15 files and 6 folders at most, which may
  take up to 84 KiB more on the disk): ``du -h``, which rounds up, shows the same value on every file system;
  no two runs show the same size;
* the run that Question 16c archives, ``RUN_ID`` (the same on every seed, the third or the fourth biggest),
  holds checkpoints (``*.pt``) at its top and in ``checkpoints/``, a hidden folder ``.hydra/`` (as Hydra writes
  it), a file in ``checkpoints/`` that is not a checkpoint, and a file whose name holds ``pt`` without ending
  in ``.pt``.

Contents are random bytes (``random.Random(seed)``): a file system that compresses or deduplicates cannot shrink
them, and an archive of the checkpoints is as big as they are.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

RUN_ID = "2026-03-14-wide"
"""The run Question 16c archives, on every seed."""
MiB = 1 << 20
KiB = 1 << 10
SLACK = 90 * KiB   # data below a size's upper bound: room for the blocks of up to 15 files and 6 folders (84 KiB)
SUFFIXES = ["lr1e-3", "lr3e-4", "bs512", "dropout", "warmup", "focal-loss", "no-aug", "label-smooth", "ema",
            "cosine", "seed7", "tabnet"]
SMALL_NAMES = ["smoke-test", "debug", "sanity-check", "profile", "dry-run", "tiny"]


def _date(rng: random.Random, used: set[str]) -> str:
    while True:
        d = f"2026-0{rng.choice([2, 3, 4])}-{rng.randint(1, 28):02d}"
        if d not in used:
            used.add(d)
            return d


def plan(seed: int = 0) -> list[tuple[str, int, str]]:
    """(run name, bytes of data, its ``du -h`` size) of every run, the biggest first: the size is the same on any
    file system for the runs of megabytes, about it for the runs of KiB."""
    if seed == 0:
        big = [("2026-03-09-lr1e-3", 12, None), ("2026-03-02 baseline", None, 7.3), (RUN_ID, None, 3.1),
               ("2026-03-05-bs512", None, 1.6)]
        small = [("2026-03-21-dropout", 860), ("2026-02-27-debug", 410), ("smoke-test", 230)]
    else:
        rng = random.Random(f"daon-runs-{seed}")
        used = {RUN_ID[:10]}
        suffixes = rng.sample(SUFFIXES, 6)
        names = [f"{_date(rng, used)}-{s}" for s in suffixes[:2]]
        names.append(f"{_date(rng, used)} {rng.choice(['baseline', 'rerun', 'final try'])}")
        ours = rng.choice([2, 3])                    # RUN_ID is the third or the fourth biggest
        names.insert(ours, RUN_ID)
        spaced = next(i for i, n in enumerate(names) if " " in n)
        if spaced > 2:                               # the name with a space is always among the three biggest
            names[1], names[spaced] = names[spaced], names[1]
        top = rng.randint(11, 16)
        tenths = sorted(rng.sample(range(40, 99), 1) + rng.sample(range(22, 39), 1) + rng.sample(range(12, 20), 1),
                        reverse=True)
        big = [(names[0], top, None)] + [(n, None, t / 10) for n, t in zip(names[1:], tenths)]
        kib = sorted(rng.sample(range(200, 990, 10), rng.choice([2, 3])), reverse=True)
        small = [(f"{_date(rng, used)}-{suffixes[2 + i]}" if i < 2 else rng.choice(SMALL_NAMES), k)
                 for i, k in enumerate(kib)]
    out = []
    for name, whole, tenth in big:
        if whole is not None:
            out.append((name, int((whole - 0.5) * MiB), f"{whole}M"))
        else:
            out.append((name, int(tenth * MiB) - SLACK, f"{tenth:.1f}M"))
    for name, k in small:
        out.append((name, k * KiB - 30 * KiB, f"{k}K"))   # about: K sizes are not the same on every file system
    return out


def _text(rng: random.Random, lines: int, width: int = 40) -> bytes:
    return b"".join(b"%d,%.6f,%.6f\n" % (i, rng.random(), rng.random()) for i in range(lines))[:lines * width]


def runs_files(seed: int = 0) -> dict[str, bytes]:
    """runs/... relative path -> content."""
    rng = random.Random(f"daon-runs-files-{seed}")
    files: dict[str, bytes] = {}
    for name, size, shown in plan(seed):
        base = f"runs/{name}/"
        small = {
            base + "config.yaml": b"model: churn-mlp\nlr: %g\nepochs: %d\nbatch_size: %d\n" % (
                rng.choice([1e-3, 3e-4, 1e-4]), rng.randint(10, 40), rng.choice([256, 512])),
            base + ".hydra/config.yaml": b"defaults:\n  - model: mlp\n  - _self_\n",
            base + ".hydra/overrides.yaml": b"- trainer.max_epochs=%d\n" % rng.randint(10, 40),
            base + "train.log": b"".join(b"epoch %d loss %.4f\n" % (e, rng.random()) for e in range(30)),
        }
        left = size - sum(len(v) for v in small.values())
        files.update(small)
        if shown.endswith("K"):                     # a short run: metrics only
            files[base + "metrics.csv"] = rng.randbytes(left)
            continue
        metrics = 20 * KiB
        files[base + "metrics.csv"] = _text(rng, metrics // 40)
        files[base + "metrics.csv"] += b"0" * (metrics - len(files[base + "metrics.csv"]))
        left -= metrics
        if name == RUN_ID:
            extra = {base + "checkpoints/best.json": b'{"epoch": %d, "auc": %.4f}\n' % (rng.randint(3, 9),
                                                                                        rng.uniform(0.7, 0.9)),
                     base + "export/churn.onnx": rng.randbytes(rng.randint(60, 140) * KiB),
                     base + "export/pt_to_onnx.log": b"exported from last.pt with opset 17\n"}
            for rel in rng.sample(["eval/confusion.csv", "eval/calibration.csv", "notes.md", ".hydra/hydra.yaml",
                                   "plots/loss.svg"], 2):
                extra[base + rel] = b"".join(b"%d,%.4f\n" % (i, rng.random()) for i in range(rng.randint(5, 60)))
            if rng.random() < 0.5:                  # a checkpoint one folder deeper on some seeds
                extra[base + "export/traced.pt"] = rng.randbytes(rng.randint(20, 60) * KiB)
            files.update(extra)
            left -= sum(len(v) for v in extra.values())
            last = rng.randint(100, 300) * KiB
            files[base + "last.pt"] = rng.randbytes(last)
            left -= last
        epochs = sorted(rng.sample(range(1, 31), rng.choice([2, 3, 4])))
        share = left // len(epochs)
        for i, e in enumerate(epochs):
            files[base + f"checkpoints/epoch-{e:02d}.pt"] = rng.randbytes(share if i else left - share * (len(epochs) - 1))
    return files


def write_runs(dest: str | Path, seed: int = 0) -> Path:
    """Write runs/ under ``dest`` (an existing runs/ is replaced); returns its path."""
    import shutil
    root = Path(dest) / "runs"
    shutil.rmtree(root, ignore_errors=True)
    for rel, data in runs_files(seed).items():
        path = Path(dest) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def cases_missing(seed: int) -> list[str]:
    """The cases of ``STATED["runs"]`` (workbook/data/cases.py) that seed ``seed`` does not hold."""
    p = plan(seed)
    files = runs_files(seed)
    missing = []
    shown = [s for _, _, s in p]
    sizes = [n for _, n, _ in p]
    if len(set(shown)) != len(shown) or sizes != sorted(sizes, reverse=True):
        missing.append("sizes-distinct")
    top3 = shown[:3]
    if not (any(len(s) == 3 and s.endswith("M") and "." not in s for s in top3)
            and any("." in s for s in top3) and any(s.endswith("K") and int(s[:-1]) >= 100 for s in shown)):
        missing.append("sort-traps")
    biggest = p[0][0]
    ckpt = sum(len(v) for k, v in files.items() if k.startswith(f"runs/{biggest}/checkpoints/"))
    if not ckpt > p[2][1] + SLACK:
        missing.append("subfolder-trap")
    if not any(" " in n for n, _, _ in p[:3]):
        missing.append("space-in-name")
    base = f"runs/{RUN_ID}/"
    ours = [k[len(base):] for k in files if k.startswith(base)]
    if not ([n for n, _, _ in p].index(RUN_ID) in (2, 3) and "last.pt" in ours
            and any(k.startswith("checkpoints/") and k.endswith(".pt") for k in ours)
            and any(k.startswith("checkpoints/") and not k.endswith(".pt") for k in ours)
            and any(k.startswith(".hydra/") for k in ours) and any("pt" in k and not k.endswith(".pt") for k in ours)
            and sum(len(files[base + k]) for k in ours) < 7 * MiB):
        missing.append("archive-run")
    return missing


def main(argv: list[str]) -> None:
    write_runs(".", int(argv[0]) if argv else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
