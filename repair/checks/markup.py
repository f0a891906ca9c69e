"""Leaked markup: widget attribute lines, stray tags and undecoded entities in prose."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from repair.document import Document
from repair.kinds import LineHit, Rule, find_all, lazy_pattern, register
from repair.model import Finding

# `“data-script=”https://…/index.js” >`: an attribute assignment, a URL and a tag end,
# with curly quotes where a translation pipeline "typographed" the straight ones.
_ATTRIBUTE_LINE = lazy_pattern(
    r"""^\s*[“”"'«]?\s*(?:<\w+\s+)?[\w:-]+\s*=\s*[“”"'«].*?(?:https?://|/|\.js|\.css).*?[“”"'»]?\s*/?>?\s*$""",
)
_TAGS_ONLY = lazy_pattern(r"^\s*(?:</?[a-zA-Z][\w:-]*(?:\s+[^<>]*)?/?>\s*)+$")
_TAG = lazy_pattern(
    r"</?(?:p|div|span|br|hr|strong|em|b|i|u|a|img|script|iframe|figure|figcaption|ul|ol|li|h[1-6]|blockquote|section|article|table|tr|td|th|small|sup|sub)\b(?:\s+[^<>\n]*)?/?>",
    regex.IGNORECASE,
)
_ENTITY = lazy_pattern(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


@register
class MarkupLineRule(Rule):
    """A whole line that is leaked markup: an attribute with a URL, or nothing but tags."""

    kind = "markup-line"

    def scan(self, doc: Document) -> Iterator[LineHit]:
        positions = [at for char in "=<" for at in find_all(doc.text, char)]
        for index in sorted({doc.line_index(at) for at in positions}):  # the few lines with an = or a <
            line = doc.lines[index]
            if line.blank or len(line.text) > 400:
                continue
            if ("=" in line.text and _ATTRIBUTE_LINE().match(line.text)) or ("<" in line.text and _TAGS_ONLY().match(line.text)):
                yield LineHit(line.index, line.index)


@register
class StrayTagRule(Rule):
    """An HTML tag left inside prose: removed, keeping one space between the words."""

    kind = "stray-tag"

    def scan(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if "<" not in text:
            return
        for match in _TAG().finditer(text):
            start, end = match.span()
            before = text[start - 1] if start else "\n"
            after = text[end] if end < len(text) else "\n"
            replacement = ""
            if before.isalnum() and after.isalnum():
                replacement = " "
            elif before == " " and after in " \n.,;:!?":
                start -= 1
            yield self.finding(doc, start, end, replacement)


@register
class EntityRule(Rule):
    """An HTML entity left undecoded in plain prose: "&amp;" for "&", "&#8217;" for "’"."""

    kind = "html-entity"

    def scan(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if "&" not in text:
            return
        import html  # deferred: few texts hold an entity

        for match in _ENTITY().finditer(text):
            decoded = html.unescape(match.group())
            if decoded == match.group():
                continue
            yield self.finding(doc, match.start(), match.end(), " " if decoded == "\u00a0" else decoded)
