"""Curly quotes: direction, spacing and pairing, decided paragraph by paragraph.

Each quote mark is read from its neighbours: after a space and before a word it opens,
after a word and before a space it closes. A mark glued on both sides ("era“of") takes
the role the pairing expects at that point. Marks whose role contradicts their glyph are
turned, glued ones get their space back, and a quotation left open is only flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from repair.document import Document
from repair.kinds import Context, Meta, PackError, Rule, option, register
from repair.model import Finding, Safety

_OPENERS_BEFORE = set("([{—–-/‘\u00a0")
_CLOSING_PUNCT = set(".,;:!?…)]}—–-’")
_LOW_OPENERS = "„"  # a German opening mark left in English text: it opens, and MT305 turns it


@dataclass(frozen=True, slots=True)
class Mark:
    pos: int
    role: str  # "open" or "close"
    glued: bool  # glued to words on both sides: a space is missing
    spaced: str  # "after" for an opener followed by a space, "before" for a closer after one
    fault: str | None = None  # "unmatched-open" / "unmatched-close"


def _analyse(doc: Document, opener: str, closer: str) -> list[Mark]:
    key = f"quotes:{opener}{closer}"
    cached = doc.cache.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]
    text = doc.text
    marks: list[Mark] = []
    paragraphs = doc.paragraphs
    for p, (first, last) in enumerate(paragraphs):
        start, end = doc.lines[first].start, doc.lines[last].end
        inside: int | None = None  # index in marks of the open quote, if any
        para_marks: list[Mark] = []
        if "â€" in text[start:end]:
            continue  # mojibake hides some of the marks: pair them once it is repaired
        for pos in range(start, end):
            char = text[pos]
            if char != opener and char != closer and char not in _LOW_OPENERS:
                continue
            before = text[pos - 1] if pos > start else " "
            after = text[pos + 1] if pos + 1 < end else " "
            b_word, a_word = before.isalnum(), after.isalnum()
            b_space, a_space = before.isspace(), after.isspace()
            glued = spaced = ""
            if b_word and a_word:
                role, glued = ("close" if inside is not None else "open"), "yes"
            elif b_space and a_space:
                role = "close" if inside is not None else "open"
                spaced = "before" if role == "close" else "after"
            elif (b_space or before in _OPENERS_BEFORE or before in (opener, closer)) and not a_space:
                role = "open"
            elif before in _CLOSING_PUNCT and a_word:
                role, glued = "close", "yes"
            elif not b_space and (a_space or after in _CLOSING_PUNCT or after in (opener, closer)):
                role = "close"
            else:
                role = "close" if inside is not None else "open"
            mark = Mark(pos, role, bool(glued), spaced)
            if role == "open":
                if inside is not None:
                    para_marks[inside] = _fault(para_marks[inside], "unmatched-open")
                inside = len(para_marks)
            elif inside is None:
                mark = _fault(mark, "unmatched-close")
            else:
                inside = None
            para_marks.append(mark)
        if inside is not None:
            next_starts_quote = p + 1 < len(paragraphs) and doc.lines[paragraphs[p + 1][0]].text.lstrip()[:1] == opener
            if not next_starts_quote:  # a quotation running on over paragraphs is fine
                para_marks[inside] = _fault(para_marks[inside], "unmatched-open")
        marks.extend(para_marks)
    doc.cache[key] = marks
    return marks


def _fault(mark: Mark, fault: str) -> Mark:
    return Mark(mark.pos, mark.role, mark.glued, mark.spaced, fault)


@register
class QuoteRule(Rule):
    """One aspect of the quote analysis, chosen with `report`.

    - `direction`: an opening mark written as a closing one or the other way round;
    - `spacing`: a mark glued to the words on both sides, or spaced on both sides;
    - `pairing`: a quotation opened and never closed, or closed and never opened.
    """

    kind = "quotes"
    options = frozenset({"report", "open", "close"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        self.report = option(table, "report", str)
        if self.report not in ("direction", "spacing", "pairing"):
            raise PackError("`report` must be 'direction', 'spacing' or 'pairing'")
        self.opener = option(table, "open", str, "“")
        self.closer = option(table, "close", str, "”")

    def scan(self, doc: Document) -> Iterator[Finding]:
        if self.opener not in doc.text and self.closer not in doc.text:
            return
        text = doc.text
        for mark in _analyse(doc, self.opener, self.closer):
            glyph = self.opener if mark.role == "open" else self.closer
            if self.report == "pairing":
                if mark.fault == "unmatched-open":
                    yield self.finding(doc, mark.pos, mark.pos + 1, None, "Quotation opened here is never closed.")
                elif mark.fault == "unmatched-close":
                    yield self.finding(doc, mark.pos, mark.pos + 1, None, "Quotation closed here was never opened.")
            elif self.report == "direction" and not mark.glued and not mark.spaced and text[mark.pos] != glyph:
                yield self.finding(doc, mark.pos, mark.pos + 1, glyph)
            elif self.report == "spacing" and mark.glued:
                repl = f"{glyph} " if mark.role == "close" else f" {glyph}"
                yield self.finding(doc, mark.pos, mark.pos + 1, repl)
            elif self.report == "spacing" and mark.spaced:
                if mark.spaced == "after":
                    yield self.finding(doc, mark.pos, mark.pos + 2, glyph, safety=Safety.UNSAFE)
                else:
                    yield self.finding(doc, mark.pos - 1, mark.pos + 1, glyph, safety=Safety.UNSAFE)


@register
class ApostropheRule(Rule):
    """An opening single quote inside a word ("don‘t") where the apostrophe ’ belongs."""

    kind = "apostrophe"

    def scan(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        pos = text.find("‘")
        while pos >= 0:
            if 0 < pos < len(text) - 1 and text[pos - 1].isalpha() and text[pos + 1].isalpha():
                yield self.finding(doc, pos, pos + 1, "’")
            pos = text.find("‘", pos + 1)
