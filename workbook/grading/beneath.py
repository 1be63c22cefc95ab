"""A sandbox's files as data: read by file descriptors opened beneath a
folder, never by a path the grader's own root resolves.

Every path inside a sandbox or a jail is the student's: any folder on it may
be a symbolic link the student's code made (to the task folder the grader
runs in, to /proc/self/cwd, which is the grader's own folder when the grader
resolves it), or be replaced by one while the grader walks it. ``O_NOFOLLOW``
on the last component guards only that component. So here:

* the sandbox's root is opened once, from its init's /proc/<pid>/root (the
  init is bubblewrap's, never a process of the student's), after the sandbox
  is set up (``root_of``);
* every name below it is one component, opened relative to its folder's
  descriptor with ``O_NOFOLLOW`` (a link fails with ELOOP, it is never
  followed), folders with ``O_DIRECTORY``, never ``..`` (``open_beneath``);
  a folder on another file system than the one the walk started on is not
  entered (``RESOLVE_NO_XDEV``'s rule; the fd walk is what ``openat2`` with
  ``RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS`` does, one
  name at a time, on every Linux);
* a file is read only when ``fstat`` of its opened descriptor says it is a
  regular file with one name, and at most its limit + 1 bytes are read (a
  file that grows while it is read is refused, whatever its size was before);
* a folder is held by its descriptor while it is walked: one replaced
  meanwhile is the student's loss, never another folder's contents.

``copy_back`` writes what it read into the grader's own folder the same way:
each folder created and opened by descriptor with ``O_NOFOLLOW``, each file
written to a new name (``O_EXCL``) and renamed over the old one, so that
nothing is written through a link or outside that folder.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
PATH = os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC


class Refused(OSError):
    """A name beneath a folder that is not what the grader may open: a link,
    ``..``, another file system, not a folder or not a regular file."""


def root_of(pid: int) -> int:
    """An O_PATH descriptor of the root of process ``pid`` (a sandbox's init:
    bubblewrap's, after it set the sandbox up), which must not be this
    process's own root. The magic link /proc/<pid>/root is resolved here,
    once; everything below it is opened with ``open_beneath``."""
    fd = os.open(f"/proc/{pid}/root", os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    st, own = os.fstat(fd), os.stat("/")
    if (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino):
        os.close(fd)
        raise Refused(f"process {pid} is not in a sandbox of its own (its root is the machine's)")
    return fd


def check_name(name: str) -> str | None:
    """Why ``name`` (one component) may not be opened or written, or None."""
    if name in ("", ".", "..") or "/" in name or "\0" in name:
        return "not a name of its own"
    return None


def odd_name(name: str) -> str | None:
    """Why a file's name is not copied back, or None: a control character
    (a newline would forge a line of the grading log, an escape colour the
    instructor's terminal) or bytes that are not UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not UTF-8"
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in name):
        return "its name has a control character"
    return None


def open_beneath(dirfd: int, rel: str, flags: int = DIR) -> int:
    """``rel`` (names separated by /) opened beneath the folder ``dirfd``,
    one name at a time, each with ``O_NOFOLLOW``; every name but the last
    must be a folder. Refused for ``..``, an empty name or a link."""
    parts = [p for p in rel.split("/") if p]
    if not parts:
        return os.dup(dirfd)
    fd = dirfd
    try:
        for i, name in enumerate(parts):
            if check_name(name):
                raise Refused(f"{rel!r}: {name!r} is not a name of its own")
            last = i == len(parts) - 1
            try:
                nfd = os.open(name, (flags if last else os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW
                                     | os.O_CLOEXEC), dir_fd=fd)
            except OSError as e:
                if e.errno in (40, 20):   # ELOOP, ENOTDIR: a link, or not a folder
                    raise Refused(f"{rel!r}: {name!r} is a link or not a folder") from None
                raise
            if fd != dirfd:
                os.close(fd)
            fd = nfd
        return fd
    except BaseException:
        if fd != dirfd:
            os.close(fd)
        raise


def socket_beneath(dirfd: int, name: str) -> int | None:
    """An O_PATH descriptor of the socket ``name`` in the folder ``dirfd``
    (not following a link), or None while there is none; Refused when the
    name is something else. A client connects through
    /proc/self/fd/<descriptor>: to that socket, whatever the name is later."""
    if check_name(name):
        raise Refused(f"{name!r} is not a name of its own")
    try:
        fd = os.open(name, PATH, dir_fd=dirfd)
    except FileNotFoundError:
        return None
    if not stat.S_ISSOCK(os.fstat(fd).st_mode):
        os.close(fd)
        raise Refused(f"{name!r} is not a socket")
    return fd


@dataclass
class Returned:
    """What ``copy_back`` did: the files copied (relative paths), the ones
    refused with the reason, and how many files and folders it walked."""
    files: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    entries: int = 0


class _Full(Exception):
    pass


def copy_back(src: "int | Path", dest: Path, limit: int, total: int, max_entries: int | None = None,
              max_depth: int | None = None) -> Returned:
    """Regular files under the folder ``src`` (a descriptor, or a path that
    is opened once) that are new or differ from ``dest``'s, into ``dest``:
    each at most ``limit`` bytes, ``total`` bytes copied in all, and the folder
    walked holding at most ``max_entries`` files and folders ``max_depth``
    deep (a submission's caps, ``staging.MAX_ENTRIES`` and
    ``staging.MAX_DEPTH``, unless given): past the count the walk stops.
    Notebooks and hidden files are never returned. Nothing is dropped
    silently: every other file not copied back is in ``refused`` with its
    reason (a link, a FIFO, a socket, a hard link, another file system, a
    file that grew or changed while it was read, an odd name, a limit), and
    past the count one entry says how many were left. See the module
    docstring for how names are opened on both sides."""
    from . import staging
    max_entries = staging.MAX_ENTRIES if max_entries is None else max_entries
    max_depth = staging.MAX_DEPTH if max_depth is None else max_depth
    out = Returned()
    top = os.open(src, DIR) if not isinstance(src, int) else os.open(".", DIR, dir_fd=src)
    try:
        dest_fd = os.open(dest, DIR)
    except BaseException:
        os.close(top)
        raise
    walk = _Walk(out, limit, total, max_entries, max_depth, os.fstat(top).st_dev)
    try:
        walk.folder(top, _Dest(dest_fd, None, ""), "", 0)
    except _Full:
        pass
    finally:
        os.close(top)
        os.close(dest_fd)
    return out


class _Dest:
    """A folder of the destination, created and opened when a file is first
    copied into it (never through a link)."""

    def __init__(self, fd: int | None, parent: "_Dest | None", name: str):
        self.fd, self.parent, self.name = fd, parent, name

    def open(self) -> int:
        if self.fd is None:
            pfd = self.parent.open()
            try:
                os.mkdir(self.name, 0o755, dir_fd=pfd)
            except FileExistsError:
                pass
            self.fd = os.open(self.name, DIR, dir_fd=pfd)
        return self.fd

    def close(self) -> None:
        if self.fd is not None and self.parent is not None:
            os.close(self.fd)
            self.fd = None


class _Walk:
    def __init__(self, out: Returned, limit: int, total: int, max_entries: int, max_depth: int, dev: int):
        self.out, self.limit, self.total, self.max_entries, self.max_depth = out, limit, total, max_entries, max_depth
        self.dev, self.used = dev, 0

    def folder(self, fd: int, dest: _Dest, rel: str, depth: int) -> None:
        out = self.out
        try:
            names = sorted(os.listdir(fd))
        except OSError as e:
            out.refused.append((rel or ".", f"cannot be listed ({e.strerror})"))
            return
        for i, name in enumerate(names):
            r = f"{rel}/{name}" if rel else name
            out.entries += 1
            if out.entries > self.max_entries:
                left = len(names) - i
                out.refused.append((r, f"more than {self.max_entries:,} files and folders: this one and the "
                                       f"rest ({left:,} here, more in other folders) were not copied back"))
                raise _Full()
            if name.startswith(".") or name.endswith(".ipynb"):
                continue
            why = check_name(name) or odd_name(name)
            if why:
                out.refused.append((r, why))
                continue
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError as e:
                out.refused.append((r, f"cannot be read ({e.strerror})"))
                continue
            if stat.S_ISDIR(st.st_mode):
                self.subfolder(fd, name, dest, r, depth)
            elif stat.S_ISREG(st.st_mode):
                self.file(fd, name, st, dest, r)
            else:
                out.refused.append((r, f"{kind(st.st_mode)}, not a regular file"))

    def subfolder(self, fd: int, name: str, dest: _Dest, r: str, depth: int) -> None:
        if depth >= self.max_depth:
            self.out.refused.append((r, f"nested more than {self.max_depth} folders deep"))
            return
        try:
            sub = os.open(name, DIR, dir_fd=fd)
        except OSError as e:
            self.out.refused.append((r, "became a link or something else while it was read" if e.errno in (40, 20)
                                     else f"cannot be opened ({e.strerror})"))
            return
        try:
            if os.fstat(sub).st_dev != self.dev:
                self.out.refused.append((r, "another file system"))
                return
            child = _Dest(None, dest, name)
            try:
                self.folder(sub, child, r, depth + 1)
            finally:
                child.close()
        finally:
            os.close(sub)

    def file(self, fd: int, name: str, st: os.stat_result, dest: _Dest, r: str) -> None:
        out, limit = self.out, self.limit
        if st.st_size > limit:
            out.refused.append((r, f"{st.st_size:,} bytes (the limit is {limit:,})"))
            return
        if self.used + st.st_size > self.total:
            out.refused.append((r, f"over the {self.total:,} bytes all files may take"))
            return
        try:
            ffd = os.open(name, FILE, dir_fd=fd)
        except OSError as e:
            out.refused.append((r, "became a link or something else while it was read" if e.errno in (40, 6)
                                else f"cannot be opened ({e.strerror})"))
            return
        try:
            fst = os.fstat(ffd)
            if not stat.S_ISREG(fst.st_mode):
                out.refused.append((r, f"became {kind(fst.st_mode)} while it was read"))
                return
            if fst.st_nlink > 1:
                out.refused.append((r, "a hard link: the file has another name too"))
                return
            if fst.st_dev != self.dev:
                out.refused.append((r, "another file system"))
                return
            data = _read(ffd, limit + 1)
        finally:
            os.close(ffd)
        if len(data) > limit:
            out.refused.append((r, f"grew past {limit:,} bytes while it was read"))
            return
        if self.used + len(data) > self.total:
            out.refused.append((r, f"over the {self.total:,} bytes all files may take"))
            return
        try:
            dfd = dest.open()
        except OSError:
            out.refused.append((r, "its folder here is a link or not a folder"))
            return
        why = write_new(dfd, name, data)
        if why == "same":
            return
        if why:
            out.refused.append((r, why))
            return
        self.used += len(data)
        out.files.append(r)


def _read(fd: int, most: int) -> bytes:
    chunks, n = [], 0
    while n < most:
        b = os.read(fd, min(1 << 20, most - n))
        if not b:
            break
        chunks.append(b)
        n += len(b)
    return b"".join(chunks)


def write_new(dirfd: int, name: str, data: bytes) -> str | None:
    """``data`` as the file ``name`` of the folder ``dirfd``: None when
    written, "same" when that file already holds it, else why not (the name
    is something other than a regular file: a link, a folder). Written to a
    new hidden name, then renamed over ``name``: never through a link."""
    try:
        old = os.open(name, FILE, dir_fd=dirfd)
    except FileNotFoundError:
        old = None
    except OSError:
        return "would replace something that is not a regular file"
    if old is not None:
        try:
            ost = os.fstat(old)
            if not stat.S_ISREG(ost.st_mode):
                return "would replace something that is not a regular file"
            if ost.st_size == len(data) and _read(old, len(data) + 1) == data:
                return "same"
        finally:
            os.close(old)
    tmp = f".{name[:200]}.wb-tmp"
    try:
        os.unlink(tmp, dir_fd=dirfd)
    except FileNotFoundError:
        pass
    except OSError:
        return "its temporary name is taken"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644, dir_fd=dirfd)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    os.replace(tmp, name, src_dir_fd=dirfd, dst_dir_fd=dirfd)
    return None


def kind(mode: int) -> str:
    """What a file that is not a regular one is, in words."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"
