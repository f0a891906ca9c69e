"""Finding the files to check: paths as given, directories walked in a stable order.

Inside a git work tree, what git ignores is skipped (git itself answers, so every rule of
.gitignore, nested ones and global excludes included, is honoured).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from repair.config import Config

def resolved(path: Path) -> Path:
    """`path.resolve()`, resolving each folder once per process: a run over 10,000 files asks
    for the same few folders (configuration, project root, git listing) again and again."""
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    folder = path.parent if path.is_absolute() else Path.cwd() / path.parent
    return _resolved_folder(folder) / path.name


@lru_cache(maxsize=4096)
def _resolved_folder(folder: Path) -> Path:
    return folder.resolve()


SKIP_DIRS = frozenset({".git", ".repair", "node_modules", "__pycache__", ".venv", "venv"})


def _git_visible(folder: Path) -> set[Path] | None:
    """Files git does not ignore under `folder`, or None outside a work tree (or without git)."""
    import subprocess  # deferred: a run over named files never asks git

    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"],
            capture_output=True, check=True, timeout=60,
        )
        top = subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True,
                             check=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    root = Path(top)
    return {resolved(root / name) for name in result.stdout.decode("utf-8", "replace").split("\0") if name}


def discover(paths: Sequence[str], config_for: Callable[[Path | None], Config]) -> Iterator[tuple[str, Path | None, bool]]:
    """Yield (display path, path, named explicitly); path is None for one that does not exist."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            cfg = config_for(path)
            extensions = {e.lower() for e in cfg.extensions}
            visible = _git_visible(path)
            found: list[Path] = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in names:
                    file = Path(root, name)
                    if name.startswith(".") or file.suffix.lower() not in extensions:
                        continue
                    if visible is not None and resolved(file) not in visible:
                        continue
                    found.append(file)
            for file in sorted(found):
                yield str(file), file, False
        elif path.exists():
            yield given, path, True
        else:
            yield given, None, True
