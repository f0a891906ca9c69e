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
        write_atomic(path, data, durable=False)  # a torn entry is read as damaged: rebuilt
    except OSError:
        pass

class Results:
    """Reports of files already checked, keyed on their bytes: a file that has not changed
    since the last run, under the same rules and options, is not checked again (as ruff
    does). One store per build of the rules (repair's code and the pack files), so editing a
    rule or upgrading starts afresh.

    The store is split in shards by key, read and written only when a key of theirs is asked
    for or added: a one-file run beside a store of thousands touches one small shard.
    Entries are compressed pickles, unpickled only when hit.
    """

    SHARDS = 64
    LIMIT = 1000  # entries kept per shard across runs; past it only this run's are saved

    def __init__(self, folder: Path, build: str) -> None:
        self.folder = folder / f"results-{build[:20]}"
        self.shards: dict[int, dict[bytes, bytes]] = {}
        self.used: set[bytes] = set()
        self.changed: set[int] = set()

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

    def _shard(self, key: bytes) -> tuple[int, dict[bytes, bytes]]:
        number = key[0] % self.SHARDS
        shard = self.shards.get(number)
        if shard is None:
            shard = {}
            try:
                with (self.folder / f"{number:02x}.pickle").open("rb") as handle:
                    stored = pickle.load(handle)
                if isinstance(stored, dict):
                    shard = stored
            except Exception:  # noqa: BLE001 - missing or damaged: start empty
                pass
            self.shards[number] = shard
        return number, shard

    def has(self, key: bytes) -> bool:
        return key in self._shard(key)[1]

    def get(self, key: bytes) -> Any:
        entry = self._shard(key)[1].get(key)
        if entry is None:
            return None
        try:
            value = pickle.loads(zlib.decompress(entry))
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        self.used.add(key)
        return value

    def put(self, key: bytes, value: Any) -> None:
        number, shard = self._shard(key)
        shard[key] = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self.used.add(key)
        self.changed.add(number)

    def save(self) -> None:
        if not self.changed:
            return
        fresh = not self.folder.is_dir()
        try:
            self.folder.mkdir(exist_ok=True)
        except OSError:
            return
        for number in self.changed:
            shard = self.shards[number]
            if len(shard) > self.LIMIT:
                shard = {k: v for k, v in shard.items() if k in self.used}
            write(self.folder / f"{number:02x}.pickle", pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL))
        if fresh:  # stores of other builds of the rules are never read again
            import shutil

            for old in self.folder.parent.glob("results-*"):
                if old != self.folder:
                    shutil.rmtree(old, ignore_errors=True)


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
