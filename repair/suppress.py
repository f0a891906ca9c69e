"""Inline suppressions written in the article itself, as HTML comments:

    <!-- repair: disable MT101 -->  …  <!-- repair: enable MT101 -->
    <!-- repair: disable-next-line MT201,quotes -->

A directive names rule ids, rule names, categories or `all`. One that silences nothing is
itself reported, as ruff's RUF100 does, so stale comments do not pile up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from repair.kinds import lazy_pattern
from repair.model import Finding

_DIRECTIVE = lazy_pattern(r"<!--\s*repair:\s*(disable-next-line|disable|enable)\s+([\w ,.-]+?)\s*-->", regex.IGNORECASE)


@dataclass
class Directive:
    start: int
    end: int
    action: str
    targets: tuple[str, ...]
    scope: tuple[int, int] = (0, 0)  # the range of text it silences
    used: bool = False
    open_ended: bool = field(default=False)


def parse(text: str) -> list[Directive]:
    if "repair:" not in text:
        return []
    directives: list[Directive] = []
    open_ones: list[Directive] = []
    for match in _DIRECTIVE().finditer(text):
        action = match.group(1).lower()
        targets = tuple(t.strip() for t in match.group(2).replace(",", " ").split() if t.strip())
        directive = Directive(match.start(), match.end(), action, targets)
        if action == "disable-next-line":
            line_end = text.find("\n", match.end())
            next_start = len(text) if line_end < 0 else line_end + 1
            next_end = text.find("\n", next_start)
            directive.scope = (next_start, len(text) if next_end < 0 else next_end)
            directives.append(directive)
        elif action == "disable":
            directive.scope = (match.end(), len(text))
            directive.open_ended = True
            open_ones.append(directive)
            directives.append(directive)
        else:  # enable closes the matching disables
            for opened in open_ones:
                if opened.open_ended and set(opened.targets) & set(targets) or "all" in targets:
                    opened.scope = (opened.scope[0], match.start())
                    opened.open_ended = False
    return directives


def _names(finding: Finding) -> set[str]:
    return {finding.rule, finding.name, finding.category, "all"}


def apply_directives(findings: list[Finding], directives: list[Directive]) -> list[Finding]:
    """Drop the findings the directives silence, marking those directives used."""
    if not directives:
        return findings
    kept = []
    for finding in findings:
        silenced = False
        for directive in directives:
            start, end = directive.scope
            if start <= finding.start < max(end, start + 1) and _names(finding) & set(directive.targets):
                directive.used = True
                silenced = True
        if not silenced:
            kept.append(finding)
    return kept
