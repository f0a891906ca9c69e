"""The values every stage passes on: categories, severities, fix safety and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass

CATEGORIES: tuple[str, ...] = (
    "spinner",
    "casing",
    "quotes",
    "spacing-glue",
    "duplicate",
    "boilerplate",
    "markup-leak",
    "untranslated",
    "entity-mistranslation",
    "transliteration",
    "mojibake",
    "other",
)

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


class Safety(enum.IntEnum):
    """How far a fix may be trusted; ordered so `fix <= allowed` selects what to apply."""

    SAFE = 1
    UNSAFE = 2
    NONE = 3  # display only: the rule points, a human repairs

    @property
    def label(self) -> str | None:
        return None if self is Safety.NONE else self.name.lower()

    @classmethod
    def parse(cls, value: str | None) -> Safety:
        if value in (None, "none", "null"):
            return cls.NONE
        return cls[str(value).upper()]


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect: a span of the decoded text and, maybe, the text that replaces it."""

    rule: str
    name: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    original: str
    replacement: str | None
    safety: Safety

    @property
    def fixable(self) -> bool:
        return self.replacement is not None and self.safety is not Safety.NONE

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, -(self.end - self.start), self.rule)
