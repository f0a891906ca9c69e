"""The user cache folder: derived data that is expensive to rebuild and safe to lose.

`$REPAIR_CACHE_DIR` names it (an empty value turns caching off); otherwise it is
`$XDG_CACHE_HOME/repair` or `~/.cache/repair`. Everything stored here is keyed on what it
was built from, written atomically, and rebuilt whenever it cannot be read: a missing,
stale or damaged entry costs time, never a wrong result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any


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

class Results:
    """Reports of files already checked, keyed on their bytes: a file that has not changed
    since the last run, under the same rules and options, is not checked again (as ruff
    does). One store per build of the rules (repair's code and the pack files, by size and
    modification time), so editing a rule or upgrading starts afresh.

    Entries are compressed pickles, unpickled only when hit, so a store for a whole tree
    costs a few bytes per finding in memory.
    """

    LIMIT = 50_000  # entries kept across runs; past it only this run's are saved

    def __init__(self, folder: Path, build: str) -> None:
        self.file = folder / f"results-{build[:20]}.pickle"
        self.entries: dict[bytes, bytes] = {}
        self.used: set[bytes] = set()
        self.changed = False
        try:
            with self.file.open("rb") as handle:
                entries = pickle.load(handle)
            if isinstance(entries, dict):
                self.entries = entries
        except Exception:  # noqa: BLE001 - missing or damaged: start empty
            pass

    @classmethod
    def open(cls, extra_packs: Iterable[Path] = ()) -> Results | None:
        folder = directory()
        return None if folder is None else cls(folder, build_key(extra_packs))

    @staticmethod
    def key(raw: bytes, *context: object) -> bytes:
        """What a file's report depends on: its bytes and how it is checked (format, options)."""
        digest = hashlib.blake2b(raw, digest_size=20)
        digest.update(repr(context).encode())
        return digest.digest()

    def get(self, key: bytes) -> Any:
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            value = pickle.loads(zlib.decompress(entry))
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        self.used.add(key)
        return value

    def put(self, key: bytes, value: Any) -> None:
        self.entries[key] = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self.used.add(key)
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        entries = self.entries
        if len(entries) > self.LIMIT:
            entries = {k: v for k, v in entries.items() if k in self.used}
        write(self.file, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
        for old in self.file.parent.glob("results-*.pickle"):
            if old != self.file:  # made by another build of the rules: never read again
                try:
                    old.unlink()
                except OSError:
                    pass


def build_key(extra_packs: Iterable[Path] = ()) -> str:
    """The rules as built: repair's version and code and wordfreq's lists (by name, size and
    modification time, as Python's bytecode cache does), and every pack file by content,
    since a pack edited twice within a clock tick must not be mistaken for the first."""
    import importlib.util

    import regex

    from repair import __version__

    package = Path(__file__).parent
    spec = importlib.util.find_spec("wordfreq")
    stamped = sorted(package.rglob("*.py"))
    if spec is not None and spec.origin:
        stamped += sorted((Path(spec.origin).parent / "data").glob("*"))
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{regex.__version__}".encode())
    for path in stamped:
        info = path.stat()
        digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    for root in (package / "rules", *extra_packs):
        for path in sorted(Path(root).rglob("*.toml")):
            try:
                digest.update(f"{path}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                continue  # reported when the pack is loaded
    return digest.hexdigest()
