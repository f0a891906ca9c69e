"""The user cache folder: derived data that is expensive to rebuild and safe to lose.

`$REPAIR_CACHE_DIR` names it (an empty value turns caching off); otherwise it is
`$XDG_CACHE_HOME/repair` or `~/.cache/repair`. Everything stored here is keyed on what it
was built from, written atomically, and rebuilt whenever it cannot be read: a missing,
stale or damaged entry costs time, never a wrong result.
"""

from __future__ import annotations

import os
from pathlib import Path


def directory() -> Path | None:
    """The cache folder (created on demand), or None when caching is off or impossible."""
    configured = os.environ.get("REPAIR_CACHE_DIR")
    if configured is not None:
        if not configured:
            return None
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "repair"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically, so readers never see half of it.

    Failing to write a cache entry is not an error: the next run simply builds it again.
    """
    from repair.source import write_atomic

    try:
        write_atomic(path, data)
    except OSError:
        pass