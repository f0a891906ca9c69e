"""Whole-line deletions: paragraphs stay separated, the final newline (or its absence) stays."""

from __future__ import annotations

import pytest

from repair.apply import apply
from repair.document import Document
from repair.engine import line_findings
from repair.kinds import LineHit
from repair.model import Finding, Safety


class _Rule:
    def finding(self, doc: Document, start: int, end: int, replacement: str, message: str | None) -> Finding:
        return Finding("MT999", "test", "boilerplate", "error", "m", start, end, doc.text[start:end], replacement, Safety.SAFE)


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        ("A\n\nX\n\nB\n", [2], "A\n\nB\n"),
        ("A\n\nX\n", [2], "A\n"),
        ("A\n\nX", [2], "A"),
        ("X\n\nA\n", [0], "A\n"),
        ("A\nX\nB\n", [1], "A\nB\n"),
        ("A\nX", [1], "A"),
        ("X", [0], ""),
        ("A\r\n\r\nX\r\n", [2], "A\r\n"),
        # two trailing paragraphs, the last without a final newline: nothing glued together
        ("A\n\n\nM\n\n\n\nS", [3, 7], "A"),
        ("A\n\n\nM\n\n\n\nS\n", [3, 7], "A\n"),
        ("A\n\nShare:\n\nFacebook\nTwitter\n\nLeave\n\nB\n", [2, 4, 5, 7], "A\n\nB\n"),
    ],
)
def test_deleted_lines_leave_clean_paragraphs(text: str, lines: list[int], expected: str) -> None:
    doc = Document(text)
    findings = line_findings(doc, [(LineHit(i, i), _Rule()) for i in lines])  # type: ignore[misc]
    assert len(findings) == len(lines)
    assert apply(text, findings)[0] == expected
