"""The decoded text seen by the rules: lines, paragraphs, words and the ranges that are not prose.

Everything is computed once, lazily, so a rule that needs only lines never pays for words.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property

import regex

WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*")


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line: `start`..`end` is its content, `stop` is after its line break."""

    index: int
    start: int
    end: int
    stop: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class Document:
    """Text plus the non-prose ranges (`masks`) that no finding may reach into."""

    def __init__(self, text: str, masks: list[tuple[int, int]] | None = None, lang: str = "en"):
        self.text = text
        self.masks = sorted(masks or [])
        self.lang = lang
        #: analyses shared by several rules of one kind (quote pairing, language evidence)
        self.cache: dict[str, object] = {}

    @cached_property
    def lines(self) -> list[TextLine]:
        out: list[TextLine] = []
        text = self.text
        pos = 0
        n = len(text)
        while pos < n:
            nl = text.find("\n", pos)
            stop = n if nl < 0 else nl + 1
            end = stop - 1 if nl >= 0 else stop
            if end > pos and text[end - 1] == "\r":
                end -= 1
            out.append(TextLine(len(out), pos, end, stop, text[pos:end]))
            pos = stop
        return out

    @cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def line_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._line_starts, offset) - 1)

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Runs of non-blank lines as (first line index, last line index)."""
        out: list[tuple[int, int]] = []
        first = None
        for line in self.lines:
            if line.blank:
                if first is not None:
                    out.append((first, line.index - 1))
                    first = None
            elif first is None:
                first = line.index
        if first is not None:
            out.append((first, len(self.lines) - 1))
        return out

    @cached_property
    def words(self) -> list[tuple[int, int]]:
        return [m.span() for m in WORD.finditer(self.text)]

    def masked(self, start: int, end: int) -> bool:
        """True when [start, end) reaches into a mask without covering it whole."""
        i = bisect.bisect_left(self.masks, (start, -1)) - 1
        for m_start, m_end in self.masks[max(i, 0):]:
            if m_start >= end and m_start > start:
                break
            if m_end <= start and m_end < end:
                continue
            if start <= m_start and m_end <= end and (start, end) != (m_start, m_end):
                continue  # the finding covers the whole mask (e.g. deletes a line with a URL)
            return True
        return False
