"""Per-file limits of the parse fan-out, and a file's identity computed without holding it in memory.

The size cap is checked from ``stat`` before any byte is read; hashing streams 1 MB chunks; a file over
the cap is never opened, yet gets a stable id (from its path, size and modification time) so it still
ends with a row of its own.
"""

from __future__ import annotations

import hashlib
import os
import resource
from pathlib import Path


def file_timeout_s() -> float:
    """Per-file parse time limit in seconds (OGI_FILE_TIMEOUT, default 120; 0 disables), enforced by the parent."""
    return float(os.environ.get("OGI_FILE_TIMEOUT", "120"))


def file_memory_mb() -> int:
    """Per-worker address-space limit in MB (OGI_FILE_MEMORY_MB, default 3072)."""
    return int(os.environ.get("OGI_FILE_MEMORY_MB", "3072"))


def file_max_bytes() -> int:
    """Largest file read, in bytes (OGI_FILE_MAX_MB, default 200 MB: real reports are a few MB, scans tens)."""
    return int(float(os.environ.get("OGI_FILE_MAX_MB", "200")) * 1024 * 1024)


def oversize_reason(size: int) -> str | None:
    """Why a file of ``size`` bytes is not read, or None when it is within OGI_FILE_MAX_MB."""
    cap = file_max_bytes()
    if size <= cap:
        return None
    return f"file is {size / 2**20:,.0f} MB, over the {cap / 2**20:g} MB limit (OGI_FILE_MAX_MB); not read"


def file_hash(path: str | Path) -> str:
    """The sha256 of a file read in 1 MB chunks; for a file over the size cap (never read), a hash of its path,
    size and modification time, so it still gets a stable report id and a row of its own."""
    st = os.stat(path)
    if oversize_reason(st.st_size):
        return hashlib.sha256(f"oversize\0{Path(path).resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def file_id(path: str | Path) -> str:
    """The report id of a file, without holding it in memory (see :func:`file_hash`)."""
    return file_hash(path)[:16]


def read_capped(path: str) -> bytes | None:
    """The file's bytes, or None when it grew past the size cap since it was listed."""
    cap = file_max_bytes()
    with open(path, "rb") as f:
        data = f.read(cap + 1)
    return None if len(data) > cap else data


def limit_memory() -> None:
    """Cap this process's address space at OGI_FILE_MEMORY_MB (run in each parser worker)."""
    # a zip bomb or a runaway PDF must fail alone, not take the machine down
    limit = file_memory_mb() * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
