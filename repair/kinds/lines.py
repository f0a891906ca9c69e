"""Whole-line kinds: site furniture recognised by patterns over a line's whole content."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

import regex

from repair.document import Document, TextLine
from repair.kinds import Context, LineHit, Meta, PackError, Rule, lazy_pattern, option, register
from repair.kinds.phrases import LiteralSet
from repair.kinds.prefilter import Analysis
from repair.kinds.substitute import REGEX_TIMEOUT, RuleTimeout, compile_pattern


@register
class LinePatternRule(Rule):
    """Delete a line whose whole (trimmed) content matches one of `patterns`.

    `within-first` / `within-last` limit the rule to the first or last lines with text,
    where widgets and share bars live; `max-length` keeps long prose lines out of reach.
    """

    kind = "line"
    options = frozenset({"patterns", "ignore-case", "within-first", "within-last", "max-length"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        patterns = option(table, "patterns", list)
        if not patterns or not all(isinstance(p, str) for p in patterns):
            raise PackError("`patterns` is required: a list of regular expressions")
        self.ignore_case = bool(option(table, "ignore-case", bool, False))
        self.joined = "|".join(f"(?:{p})" for p in patterns)
        for p in patterns:
            compile_pattern(p, self.ignore_case)  # name the faulty pattern, not the joined one
        self.pattern = compile_pattern(rf"[ \t]*(?:{self.joined})[ \t]*", self.ignore_case)
        self.first = option(table, "within-first", int)
        self.last = option(table, "within-last", int)
        self.max_length = option(table, "max-length", int, 300)
        self.edge = self.first is not None or self.last is not None  # a few lines: tried directly
        self.analysis = Analysis.of(self.pattern.pattern, self.ignore_case, gate=self.edge)
        required = self.analysis.required
        #: a line can match only if it holds one of these: the pack's automaton finds them
        self.literals = None if self.edge or not _selective(required) else LiteralSet(required, not self.ignore_case)
        self.combinable = not self.edge and self.literals is None and all(_self_contained(p) for p in patterns)
        self.prefilter: LinePrefilter | None = None

    @classmethod
    def link(cls, rules: Sequence[Rule]) -> None:
        """Give the line rules of one pack that have no literal set a shared prefilter (see
        `LinePrefilter`); it is built with the pack, so it is cached with it too."""
        mine = [r for r in rules if isinstance(r, cls) and r.combinable]
        if mine:
            shared = LinePrefilter(mine)
            for rule in mine:
                rule.prefilter = shared

    def scan(self, doc: Document) -> Iterator[LineHit]:
        candidates = self._candidates(doc)
        deadline = time.monotonic() + REGEX_TIMEOUT  # one budget per document, not per line
        for line in candidates:
            if line.blank or len(line.text) > self.max_length:
                continue
            try:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                hit = self.pattern.fullmatch(doc.text, doc.content_start(line), line.end, timeout=left)
            except TimeoutError:
                raise RuleTimeout(f"pattern {self.pattern.pattern[:60]!r}… timed out") from None
            if hit:
                yield LineHit(line.index, line.index)

    def _candidates(self, doc: Document) -> Sequence[TextLine]:
        """The lines, in order, that may match: all but those ruled out cheaply."""
        lines = doc.lines
        if self.edge:
            edge = _edge_lines(lines, self.first or 0, self.last or 0)
            return [line for line in edge if self.analysis.may_match(doc, doc.content_start(line), line.end)]
        if self.literals is not None:
            positions = self.literals.positions(doc)
            if not positions:
                return lines if positions is None else ()
            return [lines[i] for i in sorted({doc.line_index(p) for p in positions})]
        return lines if self.prefilter is None else self.prefilter.candidates(doc, self)


def _edge_lines(lines: list[TextLine], first: int, last: int) -> list[TextLine]:
    """The first `first` and the last `last` lines with text, in order."""
    chosen = {line.index: line for line in islice((line for line in lines if not line.blank), first)}
    if last:
        texty = [line for line in lines if not line.blank]
        chosen.update((line.index, line) for line in texty[max(len(texty) - last, 0):])
    return [chosen[index] for index in sorted(chosen)]


def _selective(strings: frozenset[str] | None) -> bool:
    """Are the strings rare enough in prose that finding them beats trying every line: two
    characters or more besides spaces, or one that is not ASCII (©, »)?"""
    if not strings:
        return False
    return all(len(s.replace(" ", "")) >= 2 or not s.strip().isascii() for s in strings)


class LinePrefilter:
    """The line rules of a pack without literal sets as one pattern per case mode, tried
    once per line.

    Twenty rules each trying their pattern on every line cost twenty calls a line; the
    alternation of their patterns fails just as fast on ordinary prose, so each rule then
    tries only the few lines where some rule's pattern matched. The alternation matches a
    line exactly when one of its branches does, so no line a rule would delete is missed.
    Patterns whose meaning depends on the whole pattern (back-references, group names,
    inline flags) are left out, and their rules try every line themselves.
    """

    def __init__(self, rules: Sequence[LinePatternRule]) -> None:
        self.max_length = max(rule.max_length for rule in rules)
        self.patterns = {}
        for ignore_case in {rule.ignore_case for rule in rules}:
            joined = "|".join(r.joined for r in rules if r.ignore_case == ignore_case)
            self.patterns[ignore_case] = compile_pattern(rf"[ \t]*(?:{joined})[ \t]*", ignore_case)

    def candidates(self, doc: Document, rule: LinePatternRule) -> list[TextLine]:
        """The lines where `rule`, one of the rules this prefilter was built from, may match."""
        key = ("line-prefilter", id(self))
        scanned = doc.cache.get(key)
        if scanned is None:
            scanned = doc.cache[key] = self._scan(doc)
        found, cut = scanned  # type: ignore[misc]
        return found[rule.ignore_case] + doc.lines[cut:]

    def _scan(self, doc: Document) -> tuple[dict[bool, list[TextLine]], int]:
        """The lines each case mode matches, up to the line where the time ran out (a
        pattern too slow for the document): from there on, each rule tries every line
        itself, and reports its own time-out."""
        found: dict[bool, list[TextLine]] = {mode: [] for mode in self.patterns}
        deadline = time.monotonic() + REGEX_TIMEOUT
        text, lines = doc.text, doc.lines
        for index, line in enumerate(lines):
            if line.blank or len(line.text) > self.max_length:
                continue
            start = doc.content_start(line)
            try:
                modes = []
                for mode, pattern in self.patterns.items():
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    if pattern.fullmatch(text, start, line.end, timeout=left):
                        modes.append(mode)
            except TimeoutError:
                return found, index
            for mode in modes:
                found[mode].append(line)
        return found, len(lines)


_FLAGS = lazy_pattern(r"\\(?:[1-9gk]|0[0-7])|\(\?(?![:=!]|<[=!])")


def _self_contained(pattern: str) -> bool:
    """No back-reference, named group or inline flag: the pattern means the same inside a
    larger alternation. (Escaped characters are dropped first, so `\\(?` is a literal.)"""
    unescaped = regex.sub(r"\\[^1-9gk0]", "", pattern)
    return _FLAGS().search(unescaped) is None
