"""Rule kinds: the code behind the rules that the TOML packs declare.

A pack rule names its `kind`; the kind's class reads the rule's own fields (pattern, terms,
options) and finds defects. Kinds never edit text: they return findings, or ask for whole
lines to be deleted (`LineHit`) and let the engine work out the block's span.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

import regex

from repair.document import Document
from repair.model import Finding, Safety


class PackError(Exception):
    """A rule or pack that cannot be loaded; the message says which field is wrong."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str  # with ⟦ ⟧ around each expected span, for bad examples
    fixed: str | None = None  # the repaired text; None for display-only rules and good examples


@dataclass(frozen=True, slots=True)
class Meta:
    id: str
    name: str
    kind: str
    category: str
    severity: str
    message: str
    safety: Safety
    description: str
    source: str
    fingerprint: str = ""  # changes whenever the rule's definition does (stale decisions)
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class LineHit:
    """A request to delete lines `first`..`last` (inclusive) as furniture or a repeat."""

    first: int
    last: int
    message: str | None = None


@dataclass
class Context:
    """What a rule may know beyond the document: the language's shared data and settings."""

    data: dict[str, Any] = field(default_factory=dict)
    house_style: dict[str, str] = field(default_factory=dict)


class Rule:
    """Base of every kind. Subclasses read their options in `__init__` and implement `scan`."""

    kind: ClassVar[str] = ""
    options: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        self.meta = meta

    def scan(self, doc: Document) -> Iterator[Finding | LineHit]:
        raise NotImplementedError

    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        replacement: str | None,
        message: str | None = None,
        safety: Safety | None = None,
    ) -> Finding:
        meta = self.meta
        safety = meta.safety if safety is None else safety
        if replacement is None:
            safety = Safety.NONE
        return Finding(
            rule=meta.id,
            name=meta.name,
            category=meta.category,
            severity=meta.severity,
            message=message or meta.message,
            start=start,
            end=end,
            original=doc.text[start:end],
            replacement=replacement if safety is not Safety.NONE else None,
            safety=safety,
        )


def option(table: dict[str, Any], key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
    """Read an option of a rule table, checking its type so a pack error names the key."""
    value = table.get(key, default)
    if value is None:
        return None
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise PackError(f"`{key}` must be a {names}, not {type(value).__name__}")
    return value


_MINOR_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"})


def match_case(source: str, replacement: str) -> str:
    """Give `replacement` the casing pattern of `source`: "Once morest" -> "Against"."""
    if not replacement or not source:
        return replacement
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = source.split()
    if len(words) > 1 and all(w[0].isupper() for w in words):
        return " ".join(
            w if w in _MINOR_WORDS and i else w[0].upper() + w[1:] for i, w in enumerate(replacement.split(" "))
        )
    if source[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def lowercase(doc: Document) -> str:
    """The document's text lowercased, made once for every rule that searches it so."""
    lowered = doc.cache.get("lowercase")
    if lowered is None:
        lowered = doc.cache["lowercase"] = doc.text.lower()
    return lowered  # type: ignore[return-value]


def find_all(text: str, needle: str) -> list[int]:
    """Every offset where `needle` starts: for a few rare characters, `str.find` outruns any
    regex scan by far."""
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


REGISTRY: dict[str, type[Rule]] = {}


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], regex.Pattern[str]]:
    """A module's pattern, compiled on first use: `regex` takes about a millisecond a pattern,
    which every run would pay at import for patterns most documents never reach."""
    return cache(lambda: regex.compile(pattern, flags))


def register(cls: type[Rule]) -> type[Rule]:
    REGISTRY[cls.kind] = cls
    return cls


@register
class UnusedSuppressionRule(Rule):
    """Declares the rule id under which the engine reports directives that silence nothing."""

    kind = "unused-suppression"

    def scan(self, doc: Document) -> Iterator[Finding | LineHit]:
        return iter(())
