"""Run the rules over a document, turn line requests into spans, and fix to a fixpoint."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from repair import suppress
from repair.apply import apply
from repair.document import Document
from repair.kinds import LineHit, Rule
from repair.kinds.substitute import RuleTimeout
from repair.model import Finding, Safety
from repair.formats import PROSE_FIELDS, segment

MAX_ROUNDS = 10


@dataclass
class CheckResult:
    findings: list[Finding]
    errors: list[str] = field(default_factory=list)


@dataclass
class FixResult:
    text: str
    applied: list[Finding]
    remaining: list[Finding]
    errors: list[str] = field(default_factory=list)


class Engine:
    """The selected rules of one language, ready to check or fix any number of texts."""

    def __init__(self, rules: Sequence[Rule], prose_fields: tuple[str, ...] = PROSE_FIELDS) -> None:
        self.rules = list(rules)
        self.prose_fields = prose_fields

    def check(self, text: str, fmt: str = "text", lang: str = "en") -> CheckResult:
        doc = Document(text, lang=lang, segments=segment(text, fmt, self.prose_fields), fmt=fmt)
        findings: list[Finding] = []
        hits: list[tuple[LineHit, Rule]] = []
        errors: list[str] = []
        for rule in self.rules:
            try:
                for item in rule.scan(doc):
                    if isinstance(item, LineHit):
                        hits.append((item, rule))
                    elif not doc.masked(item.start, item.end):
                        findings.append(item)
            except RuleTimeout as exc:
                errors.append(f"rule {rule.meta.id} ({rule.meta.name}) skipped: {exc}")
        deletions = [d for d in line_findings(doc, hits) if not doc.masked(d.start, d.end)]
        # a finding inside text that a safe fix deletes or rewrites whole is moot
        spans = sorted((f.start, f.end) for f in [*findings, *deletions] if f.safety is Safety.SAFE and f.end > f.start)
        findings = [f for f in findings if not _inside(f, spans)]
        findings.extend(deletions)
        findings = self._suppress(doc, findings)
        findings.sort(key=Finding.sort_key)
        return CheckResult(_dedupe(findings), errors)

    def _suppress(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """Apply inline directives; report the ones that silence nothing (if that rule is on)."""
        directives = suppress.parse(doc.text)
        if not directives:
            return findings
        findings = suppress.apply_directives(findings, directives)
        reporter = next((r for r in self.rules if r.meta.kind == "unused-suppression"), None)
        if reporter is None:
            return findings
        active = {key for r in self.rules for key in (r.meta.id, r.meta.name, r.meta.category)} | {"all"}
        for directive in directives:
            if directive.action != "enable" and not directive.used and set(directive.targets) & active:
                findings.append(reporter.finding(doc, directive.start, directive.end, None,
                                                 f"Suppression of {', '.join(directive.targets)} silences nothing."))
        return findings

    def fix(self, text: str, fmt: str = "text", lang: str = "en", allowed: Safety = Safety.SAFE,
            keep: Callable[[Finding, str], bool] | None = None) -> FixResult:
        """Apply fixes up to `allowed` safety, re-checking until nothing more applies.

        `keep(finding, text)` can veto findings (decisions remembered from earlier reviews).
        """
        applied: list[Finding] = []
        errors: list[str] = []
        for _ in range(MAX_ROUNDS):
            result = self.check(text, fmt, lang)
            if keep is not None:
                result.findings = [f for f in result.findings if keep(f, text)]
            errors = result.errors
            todo = [f for f in result.findings if f.fixable and f.safety <= allowed]
            if not todo:
                return FixResult(text, applied, result.findings, errors)
            text, done = apply(text, todo)
            applied.extend(done)
        result = self.check(text, fmt, lang)
        if keep is not None:
            result.findings = [f for f in result.findings if keep(f, text)]
        return FixResult(text, applied, result.findings, errors + result.errors)


def _inside(finding: Finding, spans: list[tuple[int, int]]) -> bool:
    """Is the finding strictly inside one of the (sorted) spans?"""
    i = bisect.bisect_right(spans, (finding.start, float("inf")))
    for start, end in reversed(spans[max(0, i - 8):i]):  # spans rarely nest deeper than this
        if start <= finding.start and finding.end <= end and end - start > finding.end - finding.start:
            return True
    return False


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Two rules reporting the very same repair of the same span: keep the first."""
    seen: set[tuple[int, int, str | None]] = set()
    out: list[Finding] = []
    for finding in findings:
        key = (finding.start, finding.end, finding.replacement)
        if finding.replacement is not None and key in seen:
            continue
        seen.add(key)
        out.append(finding)
    return out


def line_findings(doc: Document, hits: Iterable[tuple[LineHit, Rule]]) -> list[Finding]:
    """Give each requested line deletion a span that leaves the paragraphs well separated.

    A deleted line takes its line break with it. A run of paragraphs deleted whole also
    takes the blank lines after it; at the end of the text it takes the blank lines before
    it instead, so one blank line stays between the paragraphs that remain and the final
    newline (or its absence) is kept.
    """
    lines, text = doc.lines, doc.text
    owner: dict[int, tuple[LineHit, Rule]] = {}
    for hit, rule in hits:
        if not all(doc.has_prose(lines[i]) for i in range(hit.first, hit.last + 1)):
            continue  # code, front matter or an HTML block: never prose, never furniture
        for index in range(hit.first, hit.last + 1):
            owner.setdefault(index, (hit, rule))
    if not owner:
        return []
    span = {i: [lines[i].start, lines[i].stop] for i in owner}
    paras = doc.paragraphs
    gone = [all(i in owner for i in range(a, b + 1)) for a, b in paras]
    kept_after = [False] * len(paras)  # is some paragraph after p kept? (one pass, not one per p)
    for p in range(len(paras) - 2, -1, -1):
        kept_after[p] = kept_after[p + 1] or not gone[p + 1]
    for p, (first, last) in enumerate(paras):
        if not gone[p]:
            continue
        later_kept = kept_after[p]
        if later_kept or p + 1 < len(paras):
            span[last][1] = lines[paras[p + 1][0]].start if p + 1 < len(paras) else len(text)
        else:
            span[last][1] = len(text)
        if not later_kept and (p == 0 or not gone[p - 1]):
            prev = paras[p - 1][1] if p else None
            if prev is None:
                span[first][0] = 0
            else:
                ends_with_break = lines[-1].stop > lines[-1].end
                span[first][0] = lines[prev].stop if ends_with_break else lines[prev].end
    whole = {i for p, (a, b) in enumerate(paras) if gone[p] for i in range(a, b + 1)}
    for index in owner.keys() - whole:  # a last line without a break must not leave the break before it
        line = lines[index]
        if line.stop == line.end == len(text) and index and index - 1 not in owner:
            span[index][0] = min(span[index][0], lines[index - 1].end)
    if not owner:
        return []
    findings: list[Finding] = []
    for hit, rule in {id(h): (h, r) for h, r in owner.values()}.values():
        indices = [i for i in range(hit.first, hit.last + 1) if owner[i][0] is hit]
        start = min(span[i][0] for i in indices)
        end = max(span[i][1] for i in indices)
        findings.append(rule.finding(doc, start, end, "", hit.message))
    return findings
