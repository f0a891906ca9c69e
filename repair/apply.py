"""The one place text is edited: apply non-overlapping fixes, deterministically."""

from __future__ import annotations

from collections.abc import Iterable

from repair.model import Finding


def choose(findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Split fixable findings into a non-overlapping set to apply now and the rest.

    Earlier starts win, then longer spans (a whole-line deletion beats a fix inside the
    line), then the lower rule id; the rest is re-checked on the next round.
    """
    chosen: list[Finding] = []
    deferred: list[Finding] = []
    for finding in sorted((f for f in findings if f.fixable), key=Finding.sort_key):
        if chosen:
            last = chosen[-1]
            if finding.start < last.end or finding.start == last.start:
                deferred.append(finding)
                continue
        chosen.append(finding)
    return chosen, deferred


def apply(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """Return the text with the chosen fixes applied, and the fixes that were applied."""
    chosen, _ = choose(findings)
    parts: list[str] = []
    pos = 0
    for finding in chosen:
        parts.append(text[pos:finding.start])
        parts.append(finding.replacement or "")
        pos = finding.end
    parts.append(text[pos:])
    return "".join(parts), chosen
