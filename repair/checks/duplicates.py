"""Repeats: a paragraph or line printed again, and a caption doubled within its line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from repair.document import Document
from repair.kinds import Context, LineHit, Meta, Rule, option, register
from repair.model import Finding


@register
class RepeatedParagraphRule(Rule):
    """A paragraph (or headline) that repeats an earlier one word for word: the repeat goes.

    Short lines ("Analysis", "Reuters") legitimately recur, so a paragraph needs
    `min-words` words before its repeat is reported.
    """

    kind = "repeated-paragraph"
    options = frozenset({"min-words"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        self.min_words = int(option(table, "min-words", int, 5))

    def scan(self, doc: Document) -> Iterator[LineHit]:
        seen: set[str] = set()
        text, lines = doc.text, doc.lines
        for first, last in doc.paragraphs:
            key = _normalized(text[lines[first].start:lines[last].end])
            if key in seen and len(key.split()) >= self.min_words:
                yield LineHit(first, last)
                continue
            seen.add(key)
            if first == last:
                continue  # its one line's key is the paragraph's
            for index in range(first, last + 1):  # a headline pasted again above the text
                line_key = _normalized(lines[index].text)
                if line_key in seen and len(line_key.split()) >= self.min_words:
                    yield LineHit(index, index)
                seen.add(line_key)


def _normalized(text: str) -> str:
    """The words of `text` joined by single spaces, as `" ".join(text.split())`; most
    paragraphs are that already, which two scans in C tell (every whitespace character but
    the space is unprintable)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


@register
class DoubledRunRule(Rule):
    """A line that is the same text twice ("Caption (AFP)Caption (AFP)"): one copy goes."""

    kind = "doubled-run"
    options = frozenset({"min-length"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        self.min_length = int(option(table, "min-length", int, 12))

    def scan(self, doc: Document) -> Iterator[Finding]:
        for line in doc.lines:
            content = line.text.strip()
            size = len(content)
            if size < 2 * self.min_length:
                continue
            offset = line.start + line.text.index(content)
            for gap in ("", " "):
                half = (size - len(gap)) // 2
                if half * 2 + len(gap) == size and content[:half] == content[half + len(gap):] and content[half:half + len(gap)] == gap:
                    yield self.finding(doc, offset + half, offset + size, "")
                    break
