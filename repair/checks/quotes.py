"""Double quote marks: direction, spacing and pairing, decided paragraph by paragraph.

Each mark is read from its neighbours: after a space and before a word it opens, after a word
and before a space it closes; « and „ always open and » always closes. A mark glued to words
on both sides ("era“of") takes the role the pairing expects at that point. A mark whose
glyph is not the language's for its role is turned (“ → « » in French, ” → “ in German),
glued marks get their space back, and a quotation left open is only flagged.

Languages that put a space inside their marks (French « … ») name it with `inner-space`;
the space a document already uses (no-break or narrow no-break) is kept.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any, NamedTuple

import regex

from repair.document import Document
from repair.kinds import Context, Meta, PackError, Rule, find_all, option, register
from repair.model import Finding, Safety

GLYPHS = "“”„«»"
FIXED_ROLES = {"«": "open", "„": "open", "»": "close"}
_SPACES = " \u00a0\u202f\u2009"
_OPENERS_BEFORE = set("([{—–-/‘")
_CLOSING_PUNCT = set(".,;:!?…)]}—–-’")


class Mark(NamedTuple):  # a tuple: thousands are made per document
    pos: int
    role: str  # "open" or "close"
    glued: bool  # glued to words on both sides: a space is missing
    spaced: bool  # spaces on both sides and no glyph to tell its role
    fault: str | None = None  # "unmatched-open" / "unmatched-close"
    nested: bool = False  # “ ” inside « »: the second level of a guillemet style, left as it is


def fixed_roles(style: tuple[str, str]) -> dict[str, str]:
    """Glyphs whose role never depends on context: „ opens; guillemets as the style uses them
    (« … » in French and Spanish, » … « in German books and magazines)."""
    if "«" in style or "»" in style:
        return {"„": "open", style[0]: "open", style[1]: "close"}
    return dict(FIXED_ROLES)


def _role(before: str, after: str, char: str, inside: bool, fixed: dict[str, str]) -> tuple[str, bool, bool]:
    """Role of a mark from its neighbours: (role, glued, spaced)."""
    if char in fixed:
        return fixed[char], before.isalnum() and after.isalnum(), False
    b_word, a_word = before.isalnum(), after.isalnum()
    b_space, a_space = before in _SPACES or before == "\n", after in _SPACES or after == "\n"
    if b_word and a_word:
        return ("close" if inside else "open"), True, False
    if b_space and a_space:
        return ("close" if inside else "open"), False, True
    if (b_space or before in _OPENERS_BEFORE or before in GLYPHS) and not a_space:
        return "open", False, False
    if before in _CLOSING_PUNCT and a_word:
        return "close", True, False
    if not b_space and (a_space or after in _CLOSING_PUNCT or after in GLYPHS):
        return "close", False, False
    return ("close" if inside else "open"), False, False


def _analyse(doc: Document, fixed: dict[str, str], guillemets: bool) -> list[Mark]:
    """Pair the marks of each paragraph. With a guillemet style, « » and “ ” „ pair as two
    levels (« … “ … ” … »), each with its own state."""
    key = f"quotes:{guillemets}:" + "".join(sorted(f"{k}{v}" for k, v in fixed.items()))
    cached = doc.cache.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]
    text = doc.text
    marks: list[Mark] = []
    glyphs = sorted(at for glyph in GLYPHS for at in find_all(text, glyph))  # few: never walk every character
    garbled = find_all(text, "â€")
    lines, paragraphs, masks = doc.lines, doc.paragraphs, doc.masks
    mask_starts = [start for start, _ in masks]
    g = 0
    while g < len(glyphs):  # paragraph by paragraph, skipping those without marks
        p = bisect.bisect_right(paragraphs, (doc.line_index(glyphs[g]), len(lines))) - 1
        first, last = paragraphs[p]
        start, end = lines[first].start, lines[last].end
        own = []
        while g < len(glyphs) and glyphs[g] < end:
            own.append(glyphs[g])
            g += 1
        if any(start <= at <= end - 2 for at in garbled):
            continue  # mojibake hides some of the marks: pair them once it is repaired
        inside: list[int | None] = [None, None]  # indexed by "is a guillemet"
        para: list[Mark] = []
        for pos in own:
            char = text[pos]
            # only a mask that holds `pos` can hide the mark; sorted and apart, the masks have
            # one candidate: the last to start at or before it
            k = bisect.bisect_right(mask_starts, pos) - 1
            if k >= 0 and masks[k][1] > pos and doc.masked(pos, pos + 1):
                continue
            level = guillemets and char in "«»"
            before = text[pos - 1] if pos > start else " "
            after = text[pos + 1] if pos + 1 < end else " "
            if before in _SPACES and pos - 2 >= start and char in "»”“" and text[pos - 2] in "«„“”":
                before = "x"  # « » around a single space: an empty quotation, read as closing
            role, glued, spaced = _role(before, after, char, inside[level] is not None, fixed)
            nested = guillemets and not level and inside[True] is not None
            mark = Mark(pos, role, glued, spaced, None, nested)
            if role == "open":
                if inside[level] is not None:
                    para[inside[level]] = _fault(para[inside[level]], "unmatched-open")
                inside[level] = len(para)
            elif inside[level] is None:
                mark = _fault(mark, "unmatched-close")
            else:
                inside[level] = None
            para.append(mark)
        for index in inside:
            if index is None:
                continue
            opener = text[para[index].pos]
            following = doc.lines[paragraphs[p + 1][0]].text.lstrip()[:1] if p + 1 < len(paragraphs) else ""
            if following != opener or fixed.get(following, "open") != "open":
                para[index] = _fault(para[index], "unmatched-open")
        marks.extend(para)
    doc.cache[key] = marks
    return marks


def _fault(mark: Mark, fault: str) -> Mark:
    return mark._replace(fault=fault)


@register
class QuoteRule(Rule):
    """One aspect of the quote analysis, chosen with `report`.

    - `direction`: a mark whose glyph is not the language's for its role;
    - `spacing`: a mark glued to the words on both sides (or, with `inner-space`, missing the
      space inside the quotation), or an ambiguous one spaced on both sides;
    - `pairing`: a quotation opened and never closed, or closed and never opened.
    """

    kind = "quotes"
    options = frozenset({"report", "open", "close", "inner-space", "styles"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        self.report = option(table, "report", str)
        if self.report not in ("direction", "spacing", "pairing"):
            raise PackError("`report` must be 'direction', 'spacing' or 'pairing'")
        default = (option(table, "open", str, "“"), option(table, "close", str, "”"))
        styles = option(table, "styles", list, [list(default)])
        self.styles: list[tuple[str, str]] = []
        for style in styles:
            if not (isinstance(style, list) and len(style) == 2 and all(g in GLYPHS for g in style)):
                raise PackError(f"`styles` holds [open, close] pairs of marks among {GLYPHS}")
            self.styles.append((style[0], style[1]))
        self.inner = option(table, "inner-space", str, "")

    def _style(self, text: str) -> tuple[str, str]:
        """The accepted style the document uses most, by opening marks at the top level:
        curly marks nested inside guillemets (Spanish « … “ … ” … ») do not count, ties go
        to the pack's order of preference."""
        if len(self.styles) == 1:
            return self.styles[0]
        guillemet = next((style for style in self.styles if style[0] in "«»"), None)
        nested = 0
        if guillemet is not None and guillemet[0] in text:
            for paragraph in text.split("\n\n"):
                depth = 0
                for index, char in enumerate(paragraph):
                    if char == guillemet[0] and index + 1 < len(paragraph) and paragraph[index + 1].isalnum():
                        depth += 1
                    elif char == guillemet[1]:
                        depth = max(depth - 1, 0)
                    elif depth and char in "“„":
                        nested += 1
        if nested:
            return guillemet  # type: ignore[return-value]  # curly marks inside guillemets: a two-level style

        def uses(style: tuple[str, str]) -> int:
            """Opening marks that open a quotation (a breadcrumb's » separator does not)."""
            return len(regex.findall(regex.escape(style[0]) + r"(?=[\p{L}\p{N}])", text))

        return max(self.styles, key=lambda style: (uses(style), -self.styles.index(style)))

    def _inner(self, doc: Document) -> str:
        """The space this document already puts inside its marks, else the pack's."""
        text = doc.text
        narrow = text.count("«\u202f") + text.count("\u202f»")
        wide = text.count("«\u00a0") + text.count("\u00a0»")
        return "\u202f" if narrow > wide else "\u00a0" if wide else self.inner

    def scan(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if not any(g in text for g in GLYPHS):
            return
        inner = self._inner(doc) if self.inner else ""
        style = self._style(text)
        fixed = fixed_roles(style)
        guillemets = style[0] in "«»"
        for mark in _analyse(doc, fixed, guillemets):
            if self.report == "pairing":
                if mark.fault == "unmatched-open":
                    yield self.finding(doc, mark.pos, mark.pos + 1, None, "Quotation opened here is never closed.")
                elif mark.fault == "unmatched-close":
                    yield self.finding(doc, mark.pos, mark.pos + 1, None, "Quotation closed here was never opened.")
                continue
            finding = self._fix(doc, mark, inner, style)
            if finding is not None:
                yield finding

    def _fix(self, doc: Document, mark: Mark, inner: str, style: tuple[str, str]) -> Finding | None:
        text = doc.text
        pos = mark.pos
        opening = mark.role == "open"
        if mark.nested:
            style, inner = ("“", "”"), ""  # the inner level keeps English-style marks, unspaced
        glyph = style[0] if opening else style[1]
        # the inside neighbour: the character after an opener, before a closer
        inside_at = pos + 1 if opening else pos - 1
        inside_char = text[inside_at] if 0 <= inside_at < len(text) else ""
        has_inner = inside_char in _SPACES and inside_char != ""
        start, end = pos, pos + 1
        wrong_glyph = text[pos] != glyph
        if self.report == "direction":
            if not wrong_glyph or mark.glued or mark.spaced:
                return None
            replacement = glyph
            if inner and not has_inner:
                replacement = glyph + inner if opening else inner + glyph
            elif not inner and has_inner and text[pos] in "«»":
                start, end = (pos, pos + 2) if opening else (pos - 1, pos + 1)  # « word » → “word”
            return self.finding(doc, start, end, replacement)
        if mark.glued:
            core = (glyph + inner if opening else inner + glyph) if inner else glyph
            return self.finding(doc, pos, pos + 1, f" {core}" if opening else f"{core} ")
        if mark.spaced and not inner:
            if opening:
                return self.finding(doc, pos, pos + 2, glyph, safety=Safety.UNSAFE)
            return self.finding(doc, pos - 1, pos + 1, glyph, safety=Safety.UNSAFE)
        if inner and not wrong_glyph and not has_inner and inside_char and inside_char not in GLYPHS:
            return self.finding(doc, pos, pos + 1, glyph + inner if opening else inner + glyph)
        return None


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
