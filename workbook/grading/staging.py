"""Staging a submission: plain bytes, before anything reads it.

A submission folder is hostile. It may hold symlinks (to another student's
notebook, to source/, to the gradebook, to /dev/zero), hard links, FIFOs,
devices, sockets, huge files or a million small ones. ``stage`` walks it with
``lstat`` and copies only regular files, each opened with ``O_NOFOLLOW`` and
checked again after opening, within a size cap per file and per submission.
Every entry it refuses becomes a flag with its reason. Everything after this
(inspection, nbgrader, feedback) reads only the staged copy, and the
submission itself is never modified.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .results import Flag

MAX_FILE = 20 * 2**20         # bytes per file
MAX_TOTAL = 100 * 2**20       # bytes per submission
MAX_ENTRIES = 2000            # files and folders per submission
MAX_DEPTH = 12


class StagingError(Exception):
    """The submission cannot be staged at all (its folder is not a folder)."""


@dataclass
class Staged:
    files: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    total: int = 0


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def stage(src: Path, dest: Path, *, max_file: int = MAX_FILE, max_total: int = MAX_TOTAL,
          max_entries: int = MAX_ENTRIES, ignore=(".ipynb_checkpoints", "__pycache__")) -> Staged:
    """Copy the regular files of ``src`` into ``dest`` (which must not exist
    yet); see the module docstring."""
    out = Staged()
    try:
        st = os.lstat(src)
    except OSError as e:
        raise StagingError(f"cannot read the submission folder: {e.strerror}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise StagingError(f"the submission folder is {_kind(st.st_mode)}, not a folder")
    dest.mkdir(parents=True)
    entries = 0

    def refuse(rel: str, why: str) -> None:
        out.flags.append(Flag("staging", f"{rel}: {why} (not graded)"))

    def walk(d: Path, rel: str, depth: int) -> None:
        nonlocal entries
        try:
            names = sorted(os.listdir(d))
        except OSError as e:
            refuse(rel or ".", f"cannot be listed ({e.strerror})")
            return
        for name in names:
            entries += 1
            r = f"{rel}/{name}" if rel else name
            if entries > max_entries:
                refuse(r, f"more than {max_entries} entries in the submission")
                return
            if name in ignore:
                continue
            p = d / name
            try:
                st = os.lstat(p)
            except OSError as e:
                refuse(r, f"cannot be read ({e.strerror})")
                continue
            if stat.S_ISDIR(st.st_mode):
                if depth >= MAX_DEPTH:
                    refuse(r, f"nested more than {MAX_DEPTH} folders deep")
                    continue
                (dest / r).mkdir()
                walk(p, r, depth + 1)
                continue
            if not stat.S_ISREG(st.st_mode):
                refuse(r, f"is {_kind(st.st_mode)}")
                continue
            if st.st_nlink > 1:
                refuse(r, "is a hard link to another file")
                continue
            if st.st_size > max_file:
                refuse(r, f"is {st.st_size:,} bytes; the limit per file is {max_file:,}")
                continue
            if out.total + st.st_size > max_total:
                refuse(r, f"would take the submission over {max_total:,} bytes")
                continue
            n = _copy(p, dest / r, max_file)
            if n is None:
                refuse(r, "changed while it was read, or is not a regular file")
                continue
            out.total += n
            out.files.append(r)

    walk(Path(src), "", 0)
    return out


def _copy(src: Path, dst: Path, limit: int) -> int | None:
    """Copy one regular file without following links; None if it is not one
    (any more) or grows past the limit while it is read."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(src, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            return None
        n = 0
        with open(dst, "wb") as out:
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                n += len(chunk)
                if n > limit:
                    out.close()
                    dst.unlink(missing_ok=True)
                    return None
                out.write(chunk)
        return n
    finally:
        os.close(fd)
