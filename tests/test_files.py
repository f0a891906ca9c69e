"""Path resolution shortcuts give exactly what `Path.resolve()` gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from repair.files import resolved


def test_resolved_matches_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    (tmp_path / "b.md").symlink_to(real / "a.md")
    cases = [real / "a.md", tmp_path / "linked" / "a.md", tmp_path / "b.md", real / ".." / "b.md",
             tmp_path / "missing" / "c.md", real, Path(".")]
    for cwd in (tmp_path, real):
        monkeypatch.chdir(cwd)
        for path in [*cases, Path("a.md"), Path("linked") / "a.md", Path("..") / "b.md"]:
            assert resolved(path) == path.resolve(), (cwd, path)
    assert os.path.islink(tmp_path / "b.md")
