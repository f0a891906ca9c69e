"""Substitution kinds: one regex per rule, or a table of literal terms and their repairs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from repair.document import Document
from repair.kinds import Context, Meta, PackError, Rule, match_case, option, register
from repair.kinds.phrases import PhraseIndex
from repair.kinds.prefilter import Analysis
from repair.model import Finding

#: a single user regex may spend this long on one document before it is abandoned
REGEX_TIMEOUT = 2.0


class RuleTimeout(Exception):
    """A pattern took too long (catastrophic backtracking); reported per file, never a hang."""


def compile_pattern(pattern: str, ignore_case: bool) -> regex.Pattern[str]:
    flags = regex.MULTILINE | regex.V1 | (regex.IGNORECASE if ignore_case else 0)
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise PackError(f"`pattern` does not compile: {exc}") from None


def finditer(pattern: regex.Pattern[str], text: str, pos: int = 0, endpos: int | None = None):
    try:
        yield from pattern.finditer(text, pos, len(text) if endpos is None else endpos, timeout=REGEX_TIMEOUT)
    except TimeoutError:
        raise RuleTimeout(f"pattern {pattern.pattern!r} timed out after {REGEX_TIMEOUT} s") from None


def _check_groups(pattern: regex.Pattern[str], template: str) -> None:
    """Refuse a replacement that names a group the pattern does not have."""
    for ref in regex.findall(r"\\(\d+)|\\g<(\w+)>", template):
        number, name = ref
        if number and int(number) > pattern.groups:
            raise PackError(f"`replacement` refers to group {number}, the pattern has {pattern.groups}")
        if name and not name.isdigit() and name not in pattern.groupindex:
            raise PackError(f"`replacement` refers to unknown group {name!r}")


@register
class RegexRule(Rule):
    """`pattern` (the `regex` module's syntax) replaced by `replacement` (with \\1 groups)."""

    kind = "regex"
    options = frozenset({"pattern", "replacement", "ignore-case", "preserve-case", "scope"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        pattern = option(table, "pattern", str)
        if not pattern:
            raise PackError("`pattern` is required")
        self.ignore_case = bool(option(table, "ignore-case", bool, False))
        self.preserve_case = bool(option(table, "preserve-case", bool, self.ignore_case))
        self.pattern = compile_pattern(pattern, self.ignore_case)
        self.replacement = option(table, "replacement", str)
        self.scope = option(table, "scope", str, "text")
        if self.scope not in ("text", "title"):
            raise PackError("`scope` must be 'text' or 'title'")
        if self.replacement is not None:
            _check_groups(self.pattern, self.replacement)
        self.analysis = Analysis.of(pattern, self.ignore_case)

    def scan(self, doc: Document) -> Iterator[Finding]:
        start, end = 0, len(doc.text)
        if self.scope == "title":
            if doc.title is None:
                return
            start, end = doc.title
        if not self.analysis.may_match(doc, start, end):
            return
        for match in finditer(self.pattern, doc.text, start, end):
            replacement = None
            if self.replacement is not None:
                replacement = match.expand(self.replacement)
                if self.preserve_case:
                    replacement = match_case(match.group(), replacement)
            if match.end() > match.start() or replacement:
                yield self.finding(doc, match.start(), match.end(), replacement)


@register
class TermsRule(Rule):
    """A table `terms = { "wrong phrase" = "right phrase" }` matched on word boundaries.

    Matching ignores case and the repair takes the casing of what it replaces, unless
    `match-case` is set (then "Kiev" is a term and "KIEV" is not).
    """

    kind = "terms"
    options = frozenset({"terms", "match-case", "exceptions"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        terms = option(table, "terms", dict)
        if not terms:
            raise PackError("`terms` is required: a table of phrase = replacement")
        for wrong, right in terms.items():
            if not isinstance(right, str):
                raise PackError(f"term {wrong!r}: the replacement must be a string")
        self.match_case = bool(option(table, "match-case", bool, False))
        self.terms: dict[str, str] = dict(terms)
        self.index = _index(terms, option(table, "exceptions", list, []))

    def scan(self, doc: Document) -> Iterator[Finding]:
        for start, end, entry in self.index.find(doc):
            if entry is None:
                continue  # an exception such as "Chicken Kiev" shields its words
            wrong, right = entry
            found = doc.text[start:end]
            if self.match_case:  # the index ignores case: look the exact form up among the terms
                right = self.terms.get(found)
                if right is None:
                    continue
            replacement = right if self.match_case else match_case(found, right)
            if replacement != found:
                yield self.finding(doc, start, end, replacement)


def _index(terms: dict[str, str], exceptions: list[str]) -> PhraseIndex[tuple[str, str] | None]:
    entries: dict[str, tuple[str, str] | None] = {k: (k, v) for k, v in terms.items()}
    for phrase in exceptions:
        if not isinstance(phrase, str):
            raise PackError("`exceptions` must be a list of strings")
        entries[phrase] = None
    try:
        return PhraseIndex(entries)
    except ValueError as exc:
        raise PackError(str(exc)) from None


@register
class SpellingRule(Rule):
    """One of several spellings of a name, chosen by the house style (Kyiv or Kiev).

    `forms` maps a style key to its spelling; `default` is the style used when the
    configuration picks none (omit it to accept every form, as for Zelensky/Zelenskyy).
    The configuration's `house-style` table maps the rule's `group` to a style key.
    """

    kind = "spelling"
    options = frozenset({"group", "forms", "default", "exceptions"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        group = option(table, "group", str)
        forms = option(table, "forms", dict)
        if not group or not forms:
            raise PackError("`group` and `forms` are required")
        default = option(table, "default", str)
        if default is not None and default not in forms:
            raise PackError(f"`default` {default!r} is not one of {sorted(forms)}")
        style = ctx.house_style.get(group, default)
        if style not in forms:  # a style another language's group knows (checked by the CLI)
            style = default
        self.group, self.forms = group, dict(forms)
        self.preferred = forms.get(style) if style else None
        terms = {form: self.preferred for key, form in forms.items() if key != style} if self.preferred else {}
        self.index = _index(terms, option(table, "exceptions", list, [])) if terms else None

    def scan(self, doc: Document) -> Iterator[Finding]:
        if self.index is None:
            return
        for start, end, entry in self.index.find(doc):
            if entry is not None and doc.text[start:end] == entry[0]:
                yield self.finding(doc, start, end, entry[1])
