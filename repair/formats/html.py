"""HTML: only text nodes and the values of `alt` and `title` attributes are prose.

Tags, scripts, styles, comments and entities are masked, and the segmentation is strict:
a finding may not even cover a tag, so no fix can ever break the markup.
"""

from __future__ import annotations

import regex

from repair.formats import Segments
from repair.formats.text import address_masks

_RAW = regex.compile(r"<(script|style|template|textarea|pre|code)\b[^>]*>.*?</\1\s*>", regex.IGNORECASE | regex.DOTALL)
_TAG = regex.compile(r"<!--.*?-->|<![^>]*>|<\?.*?\?>|</?[A-Za-z][^>]*>", regex.DOTALL)
_PROSE_ATTR = regex.compile(r"""\b(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", regex.IGNORECASE)
_ENTITY = regex.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_TITLE = regex.compile(r"<title\b[^>]*>(.*?)</title\s*>", regex.IGNORECASE | regex.DOTALL)
_BLOCK_START = regex.compile(r"<(?:p|h[1-6]|li|td|th|blockquote|figcaption|dt|dd|caption)\b[^>]*>[ \t\r\n]*", regex.IGNORECASE)
_LANG = regex.compile(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", regex.IGNORECASE)


def segment_html(text: str) -> Segments:
    seg = Segments(masks=[], strict=True)
    raw = [m.span() for m in _RAW.finditer(text)]
    seg.masks.extend(raw)
    for match in _TAG.finditer(text):
        if any(s <= match.start() < e for s, e in raw):
            continue
        start, end = match.span()
        cursor = start
        if not match.group().startswith("<!"):
            for attr in _PROSE_ATTR.finditer(text, start, end):
                group = 1 if attr.group(1) is not None else 2
                v_start, v_end = attr.span(group)
                seg.masks.append((cursor, v_start))
                seg.masks.extend(_entity_spans(text, v_start, v_end))
                cursor = v_end
        seg.masks.append((cursor, end))
    seg.masks.extend(m.span() for m in _ENTITY.finditer(text))
    seg.masks.extend(address_masks(text))
    seg.starts = [m.end() for m in _BLOCK_START.finditer(text)]
    title = _TITLE.search(text)
    if title:
        seg.title = title.span(1)
    lang = _LANG.search(text)
    if lang:
        seg.lang = lang.group(1).lower()
    seg.masks = sorted(m for m in seg.masks if m[1] > m[0])
    return seg


def _entity_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _ENTITY.finditer(text, start, end)]
