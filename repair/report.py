"""Turning findings into text for people and JSON for programs (the stable contract)."""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from repair.model import Finding


@dataclass
class FileReport:
    path: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # rejected in an earlier review
    language: Any = None  # repair.language.Choice: which pack checked the file, and why


class Positions:
    """1-based line and column of character offsets, by bisecting the line starts."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def finding_json(path: str, finding: Finding, where: Positions) -> dict[str, Any]:
    line, column = where(finding.start)
    end_line, end_column = where(finding.end)
    return {
        "path": path,
        "rule": finding.rule,
        "name": finding.name,
        "category": finding.category,
        "severity": finding.severity,
        "message": finding.message,
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "original": finding.original,
        "replacement": finding.replacement,
        "fix": finding.safety.label,
    }


def to_json(reports: Sequence[FileReport]) -> str:
    findings = [finding_json(r.path, f, Positions(r.text)) for r in reports for f in r.findings]
    errors = [{"path": r.path, "message": m} for r in reports for m in r.errors]
    by_category = Counter(f["category"] for f in findings)
    languages = {r.path: {"lang": r.language.lang, "confidence": r.language.confidence, "source": r.language.source}
                 for r in reports if r.language is not None}
    summary = {"files": len(reports), "findings": len(findings), "by_category": dict(sorted(by_category.items())),
               "languages": languages}
    return json.dumps({"version": 1, "findings": findings, "errors": errors, "summary": summary}, ensure_ascii=False, indent=1)


def _show(text: str, limit: int = 40) -> str:
    shown = text.replace("\r", "").replace("\n", "⏎")
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def to_text(reports: Sequence[FileReport]) -> list[str]:
    lines: list[str] = []
    for report in reports:
        where = Positions(report.text)
        for f in report.findings:
            line, column = where(f.start)
            fix = ""
            if f.replacement is not None:
                fix = f" [{f.safety.label} fix: “{_show(f.original)}” → “{_show(f.replacement)}”]"
            lines.append(f"{report.path}:{line}:{column}: {f.rule} {f.name} ({f.category}) {f.message}{fix}")
    return lines


def statistics(reports: Sequence[FileReport]) -> list[str]:
    counts = Counter((f.rule, f.name, f.category) for r in reports for f in r.findings)
    fixable = Counter(f.rule for r in reports for f in r.findings if f.replacement is not None)
    return [
        f"{n:6d}  {rule}  {name} ({category}){'  [fixable]' if fixable[rule] else ''}"
        for (rule, name, category), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def to_github(reports: Sequence[FileReport]) -> list[str]:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for report in reports:
        where = Positions(report.text)
        for f in report.findings:
            line, column = where(f.start)
            end_line, end_column = where(f.end)
            fix = f" Fix: “{f.original}” → “{f.replacement}” ({f.safety.label})." if f.replacement is not None else ""
            props = (f"file={_escape(report.path, True)},line={line},col={column},endLine={end_line},"
                     f"endColumn={end_column},title={_escape(f'{f.rule} {f.name}', True)}")
            lines.append(f"::{level.get(f.severity, 'warning')} {props}::{_escape(f.message + fix)}")
        for error in report.errors:
            lines.append(f"::error file={_escape(report.path, True)},title=repair::{_escape(error)}")
    return lines


def to_sarif(reports: Sequence[FileReport], rules: Sequence[Any]) -> str:
    """SARIF 2.1.0, as code-scanning services accept it; columns count Unicode code points."""
    from repair import __version__

    metas = {}
    for rule in rules:
        metas.setdefault(rule.meta.id, rule.meta)
    ordered = sorted(metas.values(), key=lambda m: m.id)
    index = {m.id: i for i, m in enumerate(ordered)}
    level = {"error": "error", "warning": "warning", "info": "note"}
    descriptors = [
        {
            "id": m.id,
            "name": m.name,
            "shortDescription": {"text": m.message},
            "fullDescription": {"text": m.description or m.message},
            "defaultConfiguration": {"level": level.get(m.severity, "warning")},
            "properties": {"category": m.category, "fix": m.safety.label or "none"},
        }
        for m in ordered
    ]
    results = []
    notifications = []
    for report in reports:
        where = Positions(report.text)
        for f in report.findings:
            line, column = where(f.start)
            end_line, end_column = where(f.end)
            region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column,
                      "charOffset": f.start, "charLength": f.end - f.start}
            if f.original:
                region["snippet"] = {"text": f.original}
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "level": level.get(f.severity, "warning"),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": report.path}, "region": region}}],
            }
            if f.rule in index:
                result["ruleIndex"] = index[f.rule]
            if f.replacement is not None:
                result["fixes"] = [{
                    "description": {"text": f"Replace “{f.original}” with “{f.replacement}” ({f.safety.label} fix)"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": report.path},
                        "replacements": [{"deletedRegion": {"charOffset": f.start, "charLength": f.end - f.start},
                                          "insertedContent": {"text": f.replacement}}],
                    }],
                }]
            results.append(result)
        for error in report.errors:
            notifications.append({"level": "error", "message": {"text": f"{report.path}: {error}"}})
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "repair", "version": __version__,
                            "rules": descriptors}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    return json.dumps({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]},
                      ensure_ascii=False, indent=1)
