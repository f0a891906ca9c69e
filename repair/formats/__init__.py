"""Segmentation by format: which ranges of a file are prose, and where each line's text starts.

Everything that is not prose is masked, and no rule may report or edit inside a mask:
code, URLs, tags, link targets, front-matter keys. Markdown block markers (`# `, `> `, `- `)
are a line's prefix, so line rules see the words and a deletion still takes the marker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
           ".html": "html", ".htm": "html", ".xhtml": "html"}
PROSE_FIELDS = ("title", "description", "summary", "subtitle")


@dataclass
class Segments:
    masks: list[tuple[int, int]]
    #: line start offset -> (length of the block markers, "heading" | "quote" | "list")
    prefixes: dict[int, tuple[int, str]] = field(default_factory=dict)
    title: tuple[int, int] | None = None  # the headline's span, when the format names it
    strict: bool = False  # HTML: a finding may not even cover a mask (tags are never touched)
    lang: str | None = None  # declared by the document (front matter `lang:`, <html lang>)
    starts: list[int] = field(default_factory=list)  # where a block's text starts (HTML <p>, <h1>…)


def format_for(path: str | PurePath) -> str:
    return FORMATS.get(PurePath(path).suffix.lower(), "text")


def segment(text: str, fmt: str = "text", prose_fields: tuple[str, ...] = PROSE_FIELDS) -> Segments:
    if fmt == "markdown":
        from repair.formats.markdown import segment_markdown

        return segment_markdown(text, prose_fields)
    if fmt == "html":
        from repair.formats.html import segment_html

        return segment_html(text)
    from repair.formats.text import address_masks

    return Segments(address_masks(text))
