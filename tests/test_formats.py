"""Formats: only prose is ever reported or changed (byte-exact expected files)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from repair.cli import main
from repair.formats import segment

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["article.md", "article.html"])
def test_fix_repairs_prose_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / name, tmp_path / name)
    result = CliRunner().invoke(main, ["fix", "--unsafe-fixes", name])
    assert result.exit_code == 1, result.output
    expected = (DATA / name.replace("article.", "article.expected.")).read_bytes()
    assert (tmp_path / name).read_bytes() == expected


def _prose(text: str, fmt: str) -> str:
    masks = segment(text, fmt).masks
    out, pos = [], 0
    for start, end in sorted(masks):
        if start > pos:
            out.append(text[pos:start])
        pos = max(pos, end)
    out.append(text[pos:])
    return "".join(out)


@pytest.mark.parametrize(
    ("text", "hidden", "visible"),
    [
        ("Text `code once morest` more.", "once morest", "more"),
        ("~~~\nonce morest\n~~~\nafter", "once morest", "after"),
        ("````\n```\nonce morest\n````\n", "once morest", ""),
        ("para\n\n    code once morest\n", "code once morest", "para"),
        ("- item\n\n    continued text\n", "", "continued text"),
        ("[link text](http://x.org/once-morest \"title once morest\")", "once morest", "link text"),
        ("![alt words](img/once-morest.png)", "once-morest", "alt words"),
        ("<https://once.morest.org>", "once.morest", ""),
        ("[ref]: https://x.org \"once morest\"\n", "once morest", ""),
        ("---\nslug: once-morest\ntitle: Once morest\n---\nBody", "slug", "Once morest"),
        ("A <span class=\"once-morest\">tag</span> here", "once-morest", "tag"),
        ("Fish &amp; chips", "&amp;", "Fish"),
        ("# Heading #\n", "#", "Heading"),
        ("> - quoted item", ">", "quoted item"),
    ],
)
def test_markdown_masks(text: str, hidden: str, visible: str) -> None:
    prose = _prose(text, "markdown")
    if hidden:
        assert hidden not in prose, prose
    assert visible in prose, prose


def test_html_masks_tags_scripts_and_keeps_alt_title() -> None:
    text = '<p title="Kyiv talks">Text <b class="x">bold</b></p><script>var once_morest;</script><img alt="A photo">'
    prose = _prose(text, "html")
    assert "Kyiv talks" in prose and "A photo" in prose and "Text" in prose and "bold" in prose
    assert "class" not in prose and "once_morest" not in prose and "<p" not in prose
