"""What a shell command's archive holds, read as data (01's Question 16c): the test cell decides what is right."""
from __future__ import annotations

MAX_ARCHIVE_MEMBERS = 2_000
MAX_ARCHIVE_BYTES = 64 << 20   # bytes of members an archive may unpack to before tar_listing stops reading it


def tar_listing(data: bytes) -> dict:
    """What a command's archive holds, read with Python's tarfile without extracting anything: ``gzip``
    (its first bytes are gzip's), ``members`` ([name, "file" | "folder" | "link" | "other"], in order),
    ``error`` (why tarfile could not read it: None when it could), ``big`` (the grader kept only its size:
    see MAX_FILE). It stops at MAX_ARCHIVE_MEMBERS members or MAX_ARCHIVE_BYTES unpacked (a
    gzip bomb). Plain data: the test decides what is right."""
    import io
    import tarfile
    out: dict = {"gzip": data[:2] == b"\x1f\x8b", "members": [], "error": None,
                 "big": data.startswith(b"<a big file")}
    if out["big"]:
        out["error"] = "too big to read"
        return out
    unpacked = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
            for m in tf:
                kind = "file" if m.isreg() else "folder" if m.isdir() else "link" if m.issym() or m.islnk() else "other"
                out["members"].append([m.name, kind])
                unpacked += m.size
                if len(out["members"]) >= MAX_ARCHIVE_MEMBERS or unpacked >= MAX_ARCHIVE_BYTES:
                    out["error"] = "too many members"
                    break
    except (tarfile.TarError, OSError, EOFError, ValueError) as e:
        out["error"] = type(e).__name__
    return out
