"""The decoded text seen by the rules: lines, paragraphs, words and the ranges that are not prose.

Everything is computed once, lazily, so a rule that needs only lines never pays for words.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property

import regex

from repair.formats import Segments

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

    def __init__(self, text: str, masks: list[tuple[int, int]] | None = None, lang: str = "en",
                 segments: Segments | None = None, fmt: str = "text"):
        self.text = text
        self.segments = segments or Segments(sorted(masks or []))
        self.masks = _merge(self.segments.masks)
        self.lang = lang
        self.fmt = fmt
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

    def prefix(self, line: TextLine) -> tuple[int, str]:
        """Length and kind of the line's block markers ("# ", "> ", "- ") in Markdown."""
        return self.segments.prefixes.get(line.start, (0, ""))

    def content_start(self, line: TextLine) -> int:
        return line.start + self.prefix(line)[0]

    def has_prose(self, line: TextLine) -> bool:
        """Does any character of the line's content lie outside the masks?"""
        pos = self.content_start(line)
        masks = self.masks
        i = max(bisect.bisect_right(masks, (pos, float("inf"))) - 1, 0)
        for k in range(i, len(masks)):  # from the mask at hand on: no copy of the rest
            m_start, m_end = masks[k]
            if m_start > pos:
                break
            if m_end > pos:
                pos = m_end
        return pos < line.end and bool(self.text[pos:line.end].strip())

    @property
    def title(self) -> tuple[int, int] | None:
        """The headline: as the format declares it, else the first line of three words or more."""
        if self.segments.title is not None:
            return self.segments.title
        line = next((line for line in self.lines if len(line.text.split()) >= 3 and self.has_prose(line)), None)
        return None if line is None else (self.content_start(line), line.end)

    def masked(self, start: int, end: int) -> bool:
        """True when [start, end) reaches into a mask (in strict formats: touches one at all)."""
        masks = self.masks
        if self.segments.strict:
            i = bisect.bisect_right(masks, (start, float("inf"))) - 1
            for k in range(max(i - 1, 0), len(masks)):
                m_start, m_end = masks[k]
                if m_start >= max(end, start + 1):
                    break
                if m_start < max(end, start + 1) and start < m_end and not (start == end == m_start):
                    return True
            return False
        i = bisect.bisect_left(masks, (start, -1)) - 1
        for k in range(max(i, 0), len(masks)):
            m_start, m_end = masks[k]
            if m_start >= end and m_start > start:
                break
            if m_end <= start and m_end < end:
                continue
            if start <= m_start and m_end <= end and (start, end) != (m_start, m_end):
                continue  # the finding covers the whole mask (e.g. deletes a line with a URL)
            return True
        return False


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping masks (a URL inside a link destination is one mask)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
