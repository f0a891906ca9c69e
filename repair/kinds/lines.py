"""Whole-line kinds: site furniture recognised by patterns over a line's whole content."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from repair.document import Document
from repair.kinds import Context, LineHit, Meta, PackError, Rule, option, register
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
        ignore_case = bool(option(table, "ignore-case", bool, False))
        joined = "|".join(f"(?:{p})" for p in patterns)
        for p in patterns:
            compile_pattern(p, ignore_case)  # name the faulty pattern, not the joined one
        self.pattern = compile_pattern(rf"[ \t]*(?:{joined})[ \t]*", ignore_case)
        self.first = option(table, "within-first", int)
        self.last = option(table, "within-last", int)
        self.max_length = option(table, "max-length", int, 300)

    def scan(self, doc: Document) -> Iterator[LineHit]:
        lines = doc.lines
        allowed: set[int] | None = None
        if self.first is not None or self.last is not None:
            texty = [line.index for line in lines if not line.blank]
            allowed = set(texty[: self.first or 0]) | set(texty[len(texty) - (self.last or 0):] if self.last else [])
        deadline = time.monotonic() + REGEX_TIMEOUT  # one budget per document, not per line
        for line in lines:
            if line.blank or len(line.text) > self.max_length:
                continue
            if allowed is not None and line.index not in allowed:
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

