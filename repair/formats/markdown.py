"""A small, careful Markdown scanner: CommonMark's block and inline syntax reduced to what
decides prose from non-prose, with exact character offsets (parsers such as markdown-it-py
give line ranges only).

Masked: front matter (except the values of prose fields), fenced and indented code, HTML
blocks and tags, comments, inline code, link destinations and titles, reference
definitions, autolinks, bare URLs, entities, thematic breaks and setext underlines.
Prose: paragraphs, headings, list items, block quotes, table cells, link and image texts.
"""

from __future__ import annotations

import re

from repair.formats import Segments
from repair.formats.text import address_masks

_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+|$)")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_LIST = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_BREAK = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_REFDEF = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S+")
_HTML_BLOCK = re.compile(r" {0,3}<(?:/?[A-Za-z][\w-]*(?:[\s/>]|$)|!--|\?|![A-Z])")
_TABLE_RULE = re.compile(r" {0,3}\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_INLINE = re.compile(
    r"""
    (?P<code>(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`))      # inline code
    | (?P<auto><(?:https?|ftp|mailto):[^\s<>]*>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>)   # autolinks
    | (?P<tag></?[A-Za-z][\w-]*(?:\s+[^<>]*?)?/?>|<!--.*?-->)         # raw HTML
    | (?P<dest>\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\))   # ](destination "title")
    | (?P<ref>\]\[[^\]]*\])                                          # ][reference]
    | (?P<entity>&(?:[A-Za-z][A-Za-z0-9]{1,31}|\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6});)
    """,
    re.VERBOSE | re.DOTALL,
)
#: the characters that can open a block construct (after up to three spaces); a line that
#: starts with anything else is a paragraph line, and most lines are
_MARKER_CHARS = frozenset("`~<[*-_=|:>+#")
#: every inline construct above contains one of these characters
_INLINE_HINT = re.compile(r"[`<\]&]")
_FRONT_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*[:=][ \t]*(.*?)[ \t]*$")


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end of content, after the break) for every line."""
    out = []
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl + 1
        end = stop - 1 if nl >= 0 else stop
        if end > pos and text[end - 1] == "\r":
            end -= 1
        out.append((pos, end, stop))
        pos = stop
    return out


def _front_matter(text: str, lines: list[tuple[int, int, int]], fields: tuple[str, ...], seg: Segments) -> int:
    """Mask front matter except prose values; return the index of the first line after it."""
    if not lines:
        return 0
    first = text[lines[0][0]:lines[0][1]]
    if first not in ("---", "+++"):
        return 0
    closers = ("---", "...") if first == "---" else ("+++",)
    for index in range(1, len(lines)):
        start, end, _ = lines[index]
        if text[start:end] in closers:
            seg.masks.append((0, lines[index][2]))
            for s, e, _ in lines[1:index]:
                match = _FRONT_KEY.match(text, s, e)
                if not match:
                    continue
                key = match.group(1).lower()
                value_start, value_end = match.span(2)
                value = text[value_start:value_end]
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                    value_start, value_end = value_start + 1, value_end - 1
                if key == "lang" and value:
                    seg.lang = text[value_start:value_end].strip().lower()[:2]
                if key in fields and value_end > value_start:
                    seg.masks.append(("unmask", (value_start, value_end)))  # type: ignore[arg-type]
                    if key == "title":
                        seg.title = (value_start, value_end)
            return index + 1
    return 0


def segment_markdown(text: str, fields: tuple[str, ...]) -> Segments:
    seg = Segments(masks=[])
    lines = _lines(text)
    index = _front_matter(text, lines, fields, seg)
    unmasks = [m[1] for m in seg.masks if m[0] == "unmask"]
    seg.masks = [m for m in seg.masks if m[0] != "unmask"]
    fence: tuple[str, int] | None = None
    html_block = False
    in_list = False
    previous_blank = True
    prose: list[tuple[int, int]] = []
    while index < len(lines):
        start, end, stop = lines[index]
        line = text[start:end]
        blank = not line.strip()
        index += 1
        if fence is not None:
            seg.masks.append((start, end))
            match = _FENCE.match(line)
            if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= fence[1] and not line[match.end():].strip():
                fence = None
            continue
        if html_block:
            seg.masks.append((start, end))
            html_block = not blank and "-->" not in line if line.lstrip().startswith("<!--") else not blank
            continue
        first = line.lstrip(" \t")[:1]
        marked = first in _MARKER_CHARS or first.isdecimal()  # else no block syntax can start here
        match = _FENCE.match(line) if marked else None
        if match:
            fence = (match.group(2)[0], len(match.group(2)))
            seg.masks.append((start, end))
            previous_blank = False
            continue
        if blank:
            previous_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and previous_blank and not in_list:
            seg.masks.append((start, end))  # indented code
            continue
        if marked and _HTML_BLOCK.match(line):
            seg.masks.append((start, end))
            html_block = not ("-->" in line) if line.lstrip().startswith("<!--") else True
            previous_blank = False
            continue
        if marked and (_REFDEF.match(line) or _BREAK.match(line) or _TABLE_RULE.match(line)
                       or (_SETEXT.match(line) and not previous_blank)):
            seg.masks.append((start, end))
            previous_blank = False
            continue
        offset = 0
        kind = ""
        while marked:  # block quotes and list markers can nest: "> - item"
            quote = _QUOTE.match(line, offset)
            if quote:
                offset, kind = quote.end(), "quote"
                continue
            item = _LIST.match(line, offset)
            if item:
                offset, kind = item.end(), "list"
            break
        if kind == "list":
            in_list = True
        elif previous_blank and not indented:
            in_list = False
        heading = _HEADING.match(line, offset) if marked else None
        if heading:
            offset, kind = heading.end(), "heading"
            close = _HEADING_CLOSE.search(line, offset)
            if close:
                seg.masks.append((start + close.start(), end))
                end = start + close.start()
        if offset:
            seg.masks.append((start, start + offset))
            seg.prefixes[start] = (offset, kind)
        prose.append((start + offset, end))
        previous_blank = False
    for p_start, p_end in prose:
        if _INLINE_HINT.search(text, p_start, p_end) is None:
            seg.masks.extend(address_masks(text, p_start, p_end))
            continue  # no backtick, bracket, "<" or "&": no inline syntax to mask
        for match in _INLINE.finditer(text, p_start, p_end):
            name = match.lastgroup
            span = match.span()
            if name == "dest" or name == "ref":
                span = (span[0] + 1, span[1])  # keep the "]" with the link text
            seg.masks.append(span)
        seg.masks.extend(address_masks(text, p_start, p_end))
    seg.masks = _subtract(sorted(seg.masks), unmasks)
    for u_start, u_end in unmasks:
        seg.masks.extend(address_masks(text, u_start, u_end))
    seg.masks = sorted(m for m in seg.masks if m[1] > m[0])
    return seg


def _subtract(masks: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut the prose holes (front-matter values) out of the masks around them."""
    out: list[tuple[int, int]] = []
    for start, end in masks:
        pieces = [(start, end)]
        for h_start, h_end in holes:
            next_pieces = []
            for s, e in pieces:
                if h_end <= s or h_start >= e:
                    next_pieces.append((s, e))
                    continue
                if s < h_start:
                    next_pieces.append((s, h_start))
                if h_end < e:
                    next_pieces.append((h_end, e))
            pieces = next_pieces
        out.extend(pieces)
    return out
