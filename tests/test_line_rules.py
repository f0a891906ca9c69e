"""Line rules limited to the edges of a document (`within-first`, `within-last`) try exactly
the first or last lines with text, however few lines the document has."""

from __future__ import annotations

import pytest

from repair.document import Document
from repair.kinds import Context, Meta
from repair.kinds.lines import LinePatternRule
from repair.model import Safety


def share_rule(edges: dict[str, int]) -> LinePatternRule:
    meta = Meta("XX601", "share-line", "line", "boilerplate", "warning", "Share bar.", Safety.SAFE, "", "test")
    return LinePatternRule(meta, {"patterns": ["Share this"], **edges}, Context())


@pytest.mark.parametrize(
    ("edges", "text", "deleted"),
    [
        ({"within-last": 3}, "Share this\n\nShare this\n", [0, 2]),  # fewer lines with text than 3
        ({"within-last": 5}, "Share this\nProse.\nShare this", [0, 2]),
        ({"within-last": 2}, "Share this\nProse.\nMore prose.\nShare this", [3]),
        ({"within-last": 1}, "Share this", [0]),
        ({"within-first": 4}, "Share this\n\nShare this", [0, 2]),
        ({"within-first": 1, "within-last": 1}, "Share this\nShare this\nShare this", [0, 2]),
    ],
)
def test_edge_lines_are_counted_among_lines_with_text(edges: dict[str, int], text: str, deleted: list[int]) -> None:
    assert [hit.first for hit in share_rule(edges).scan(Document(text))] == deleted
