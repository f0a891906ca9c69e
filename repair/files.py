"""Finding the files to check: paths as given, directories walked in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

#: file endings picked up when walking a directory (a file named explicitly is always checked)
EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})
SKIP_DIRS = frozenset({".git", ".repair", "node_modules", "__pycache__", ".venv", "venv"})


def discover(paths: Sequence[str], extensions: frozenset[str] = EXTENSIONS) -> Iterator[tuple[str, Path | None]]:
    """Yield (display path, path) for each file; (path, None) for a path that does not exist."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                found.extend(Path(root, n) for n in names if not n.startswith(".") and Path(n).suffix.lower() in extensions)
            for file in sorted(found):
                yield str(file), file
        elif path.exists():
            yield given, path
        else:
            yield given, None
