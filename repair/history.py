"""What the journal knows, per file: diff against the original, revert, accept, status."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from repair import source
from repair.journal import Entry, Journal, JournalError, digest, find_root


@dataclass
class Tracked:
    journal: Journal
    entry: Entry
    path: Path  # absolute

    @property
    def display(self) -> str:
        try:
            return str(self.path.relative_to(Path.cwd()))
        except ValueError:
            return str(self.path)

    def current_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def state(self) -> str:
        """'fixed' (as repair left it), 'edited' (changed since), 'original' or 'missing'."""
        data = self.current_bytes()
        if data is None:
            return "missing"
        sha = digest(data)
        if sha == self.entry.original:
            return "original"
        return "fixed" if sha == self.entry.current else "edited"


def tracked(paths: Sequence[str]) -> Iterator[Tracked]:
    """The journal entries for the given files or folders (all of the project's when none)."""
    if not paths:
        journal = Journal(find_root(Path.cwd()))
        for entry in journal.entries():
            yield Tracked(journal, entry, journal.root / entry.path)
        return
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).resolve()
        journal = Journal(find_root(path))
        try:
            prefix = path.relative_to(journal.root).as_posix()
        except ValueError:
            raise JournalError(f"{given} is outside the project root {journal.root}") from None
        for entry in journal.entries():
            inside = prefix in ("", ".") or entry.path == prefix or entry.path.startswith(prefix + "/")
            target = journal.root / entry.path
            if inside and target not in seen:
                seen.add(target)
                yield Tracked(journal, entry, target)


def texts(item: Tracked) -> tuple[str, str]:
    """Original and current text of a tracked file, decoded as the fixer read them."""
    before = source.decode(item.journal.original(item.entry)).text
    data = item.current_bytes()
    after = "" if data is None else source.decode(data).text
    return before, after


def revert(item: Tracked, force: bool = False) -> str:
    """Restore the original bytes and forget the entry; refuse over hand edits unless forced."""
    state = item.state()
    if state == "edited" and not force:
        raise JournalError(f"{item.display} was edited since repair fixed it; `repair revert --force` discards those edits")
    if state != "original":
        data = item.journal.original(item.entry)
        if state == "missing":
            item.path.parent.mkdir(parents=True, exist_ok=True)
        source.write_atomic(item.path, data)
    item.journal.forget(item.entry)
    return state


def accept(item: Tracked) -> None:
    item.journal.forget(item.entry)
