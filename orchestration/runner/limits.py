"""Per-file limits of the parse fan-out: size (checked from ``stat`` before any byte is read), time, memory."""

from __future__ import annotations

import resource
from dataclasses import dataclass


@dataclass(frozen=True)
class FileLimits:
    """How long, how large and how much memory one file may take (from Settings, passed down)."""

    timeout_s: float = 120.0  # 0 disables
    memory_mb: int = 3072
    max_bytes: int = 200 * 1024 * 1024

    def oversize_reason(self, size: int) -> str | None:
        """Why a file of ``size`` bytes is not read, or None when it is within the cap."""
        if size <= self.max_bytes:
            return None
        return (
            f"file is {size / 2**20:,.0f} MB, over the {self.max_bytes / 2**20:g} MB limit (OGI_FILE_MAX_MB); not read"
        )


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space (run first in each parser worker).

    A zip bomb or a runaway PDF must fail alone, not take the machine down.
    """
    limit = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
