"""Review decisions remembered across runs: a fix rejected once is not proposed again.

A decision is keyed on the rule and a hash of the normalised sentence around the finding,
not on a line number, so it survives edits elsewhere in the file. It also records the
rule's fingerprint: when the rule changes, the decision is reported as stale.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import regex

from repair import source
from repair.journal import JOURNAL, find_root
from repair.model import Finding

@cache
def _sentence_end() -> regex.Pattern[str]:
    """Compiled on first use: most runs have no decisions to match."""
    return regex.compile(r"(?<=[.!?…][”’\"')]?)\s+|\n\s*\n")


def context(text: str, finding: Finding) -> str:
    """The sentence around a finding, whitespace-normalised: what a decision is about."""
    sentence_end = _sentence_end()
    start = 0
    for match in sentence_end.finditer(text, 0, finding.start):
        start = match.end()
    end_match = sentence_end.search(text, finding.end)
    end = end_match.start() if end_match else len(text)
    return " ".join(text[start:max(end, finding.end)].split())


def key(text: str, finding: Finding) -> str:
    import hashlib  # deferred: only runs with remembered decisions hash

    payload = "\0".join((finding.rule, finding.original, context(text, finding)))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


@dataclass
class Decisions:
    file: Path
    items: list[dict[str, Any]]

    @classmethod
    def load(cls, root: Path) -> Decisions:
        file = root / JOURNAL / "decisions.json"
        try:
            items = json.loads(file.read_text(encoding="utf-8")).get("rejected", [])
        except FileNotFoundError:
            items = []
        except (OSError, ValueError):
            items = []  # an unreadable file loses remembered rejections, never the run
        return cls(file, items)

    def rejected(self, finding: Finding, text: str) -> dict[str, Any] | None:
        if not self.items:
            return None
        wanted = key(text, finding)
        return next((d for d in self.items if d["key"] == wanted and d["rule"] == finding.rule), None)

    def reject(self, finding: Finding, text: str, fingerprint: str) -> None:
        if self.rejected(finding, text) is None:
            self.items.append({"rule": finding.rule, "key": key(text, finding), "original": finding.original,
                               "replacement": finding.replacement, "context": context(text, finding),
                               "fingerprint": fingerprint, "time": time.time()})

    def save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"version": 1, "rejected": self.items}, ensure_ascii=False, indent=1)
        source.write_atomic(self.file, data.encode("utf-8"))


@lru_cache(maxsize=64)
def for_root(root: Path) -> Decisions:
    return Decisions.load(root)


def for_file(path: Path) -> Decisions:
    return for_root(find_root(path))
