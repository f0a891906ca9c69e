"""The originals journal: `.repair/` at the project root keeps every file's bytes as they
were before the first fix, so `diff`, `revert` and `accept` can work from them.

Layout (one small file per tracked path, so worker processes never share a file):

    .repair/originals/<sha256>        original bytes, content-addressed
    .repair/files/<sha256 of path>    {"path", "original", "current", "recorded", "fixes", "rules"}

The original is written (atomically) before the entry, and the entry before the fixed file:
killed at any point, the journal never loses an original and a file is never half-written.
"""

from __future__ import annotations

import hashlib
import json
import time
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repair import source
from repair.files import resolved

JOURNAL = ".repair"
_MARKERS = (".git", ".repair.toml")


class JournalError(Exception):
    """A journal that cannot be used for this file; the message says why."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_root(path: Path, cwd: Path | None = None) -> Path:
    """The nearest folder above `path` with .git, .repair.toml or a pyproject [tool.repair]."""
    start = resolved(path)
    found = _marked_folder(start if start.is_dir() else start.parent)
    return found if found is not None else resolved(cwd or Path.cwd())


@lru_cache(maxsize=1024)
def _marked_folder(folder: Path) -> Path | None:
    """Cached per folder: a run over 10,000 files asks for the same few roots again and again."""
    for candidate in [folder, *folder.parents]:
        if any((candidate / marker).exists() for marker in _MARKERS):
            return candidate
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.repair]" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return candidate
    return None


@dataclass
class Entry:
    path: str  # relative to the root, with forward slashes
    original: str
    current: str
    recorded: float
    fixes: int = 0
    rules: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "original": self.original, "current": self.current,
                "recorded": self.recorded, "fixes": self.fixes, "rules": self.rules}


class Journal:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.folder = self.root / JOURNAL

    @classmethod
    def for_file(cls, path: Path) -> Journal:
        return cls(find_root(path))

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            raise JournalError(f"{path} is outside the project root {self.root}; its original cannot be recorded") from None

    def _entry_file(self, rel: str) -> Path:
        return self.folder / "files" / digest(rel.encode("utf-8"))

    def _ensure(self) -> None:
        (self.folder / "originals").mkdir(parents=True, exist_ok=True)
        (self.folder / "files").mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# originals recorded by `repair fix`; not for version control\n*\n", encoding="utf-8")

    def entry(self, path: Path) -> Entry | None:
        file = self._entry_file(self.relative(path))
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise JournalError(f"journal entry {file} is unreadable: {exc}") from None
        return Entry(**data)

    def entries(self) -> list[Entry]:
        folder = self.folder / "files"
        if not folder.is_dir():
            return []
        out = []
        for file in sorted(folder.iterdir()):
            try:
                out.append(Entry(**json.loads(file.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError):
                continue
        return sorted(out, key=lambda e: e.path)

    def original(self, entry: Entry) -> bytes:
        try:
            return (self.folder / "originals" / entry.original).read_bytes()
        except OSError:
            raise JournalError(f"the recorded original of {entry.path} is missing from {self.folder}") from None

    def record(self, path: Path, before: bytes, after: bytes, rules: dict[str, int]) -> Entry:
        """Note a fix of `path` from `before` to `after`, before the file itself is written."""
        rel = self.relative(path)  # refuses a path outside the root before anything is written
        self._ensure()
        entry = self.entry(path)
        if entry is None:
            sha = digest(before)
            blob = self.folder / "originals" / sha
            if not blob.is_file() or digest(blob.read_bytes()) != sha:
                source.write_atomic(blob, before)
            entry = Entry(rel, sha, digest(before), time.time())
        entry.current = digest(after)
        entry.fixes += sum(rules.values())
        for rule, count in rules.items():
            entry.rules[rule] = entry.rules.get(rule, 0) + count
        source.write_atomic(self._entry_file(rel), json.dumps(entry.to_json(), indent=1).encode("utf-8"))
        return entry

    def forget(self, entry: Entry) -> None:
        """Drop an entry, and its original unless another entry still needs it."""
        self._entry_file(entry.path).unlink(missing_ok=True)
        if all(other.original != entry.original for other in self.entries()):
            (self.folder / "originals" / entry.original).unlink(missing_ok=True)

