"""Turning findings into text for people and JSON for programs (the stable contract)."""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from repair.model import Finding, Safety


@dataclass
class FileReport:
    path: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # rejected in an earlier review
    language: Any = None  # repair.language.Choice: which pack checked the file, and why
    #: line and column of the offsets the findings need, kept when the text is dropped
    spots: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)

    def at(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        if offset not in self.spots:
            self._locate(offset)
        return self.spots[offset]

    def detach(self) -> FileReport:
        """Keep the findings' positions, drop the text: what a worker sends back, so a run
        over a whole tree never holds its articles in one process."""
        if self.text:
            self._locate()
            self.text = ""
        return self

    def _locate(self, *offsets: int) -> None:
        """Fill `spots` for every finding's offsets (and `offsets`) with one index of the lines."""
        where = Positions(self.text)
        for finding in (*self.findings, *self.suppressed):
            offsets += (finding.start, finding.end)
        for offset in offsets:
            if offset not in self.spots:
                self.spots[offset] = where(offset)


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


def finding_json(report: FileReport, finding: Finding) -> dict[str, Any]:
    line, column = report.at(finding.start)
    end_line, end_column = report.at(finding.end)
    return {
        "path": report.path,
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


class JsonWriter:
    """The JSON report written file by file (the same bytes as one `json.dumps(indent=1)`),
    so memory does not grow with the number of findings."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self.write = write
        self.files = 0
        self.count = 0
        self.errors: list[dict[str, str]] = []
        self.by_category: Counter[str] = Counter()
        self.languages: dict[str, dict[str, Any]] = {}
        self.write('{\n "version": 1,\n "findings": [')

    def add(self, report: FileReport) -> None:
        self.files += 1
        for finding in report.findings:
            self.write(("\n  " if not self.count else ",\n  ") + _nested(finding_json(report, finding), 2))
            self.count += 1
            self.by_category[finding.category] += 1
        self.errors.extend({"path": report.path, "message": m} for m in report.errors)
        if report.language is not None:
            choice = report.language
            self.languages[report.path] = {"lang": choice.lang, "confidence": choice.confidence, "source": choice.source}

    def close(self) -> None:
        summary = {"files": self.files, "findings": self.count, "by_category": dict(sorted(self.by_category.items())),
                   "languages": self.languages}
        self.write(("\n ]" if self.count else "]") + f',\n "errors": {_nested(self.errors, 1)},\n'
                   f' "summary": {_nested(summary, 1)}\n}}\n')


def _nested(value: object, depth: int) -> str:
    """`value` as `json.dumps(indent=1)` prints it `depth` levels down (strings never hold a raw newline)."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def _show(text: str, limit: int = 40) -> str:
    shown = text.replace("\r", "").replace("\n", "⏎")
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def to_text(reports: Sequence[FileReport]) -> list[str]:
    lines: list[str] = []
    for report in reports:
        for f in report.findings:
            line, column = report.at(f.start)
            fix = ""
            if f.replacement is not None:
                fix = f" [{f.safety.label} fix: “{_show(f.original)}” → “{_show(f.replacement)}”]"
            lines.append(f"{report.path}:{line}:{column}: {f.rule} {f.name} ({f.category}) {f.message}{fix}")
    return lines


@dataclass
class Tally:
    """What the end of a run reports (counts, statistics, errors), gathered file by file."""

    files: int = 0
    findings: int = 0
    safe: int = 0
    unsafe: int = 0
    rules: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    fixable: set[str] = field(default_factory=set)
    errors: list[tuple[str, str]] = field(default_factory=list)
    suppressed: list[str] = field(default_factory=list)  # lines, for --show-suppressed
    paths: list[str] = field(default_factory=list)

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.paths.append(report.path)
        self.findings += len(report.findings)
        for f in report.findings:
            self.safe += f.safety is Safety.SAFE
            self.unsafe += f.safety is Safety.UNSAFE
            self.rules[f.rule, f.name, f.category] += 1
            if f.replacement is not None:
                self.fixable.add(f.rule)
        self.errors.extend((report.path, error) for error in report.errors)
        if report.suppressed:
            shown = FileReport(report.path, report.text, report.suppressed, spots=report.spots)
            self.suppressed.extend(f"{line} [rejected in review]" for line in to_text([shown]))

    def statistics(self) -> list[str]:
        return [
            f"{n:6d}  {rule}  {name} ({category}){'  [fixable]' if rule in self.fixable else ''}"
            for (rule, name, category), n in sorted(self.rules.items(), key=lambda item: (-item[1], item[0]))
        ]


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def to_github(reports: Sequence[FileReport]) -> list[str]:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for report in reports:
        for f in report.findings:
            line, column = report.at(f.start)
            end_line, end_column = report.at(f.end)
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
        for f in report.findings:
            line, column = report.at(f.start)
            end_line, end_column = report.at(f.end)
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
