"""The real pre-commit framework runs this repository's hooks in a temporary content repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLEAN = "Leaders meet in Geneva\n\nThe talks ended on Friday without an agreement.\n"
DAMAGED = "Leaders meet in Geneva\n\nFarmers campaigned once morest the blockade.\n\nSource link\n"
FIXED = "Leaders meet in Geneva\n\nFarmers campaigned against the blockade.\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def _try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
        cwd=repo, capture_output=True, text=True, timeout=900,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_hooks_check_and_fix(tmp_path: Path) -> None:
    repo = tmp_path / "content"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "clean.md").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", ".")
    home = tmp_path / "pre-commit-home"

    passed = _try_repo(repo, "repair", home)
    assert passed.returncode == 0, passed.stdout + passed.stderr

    (repo / "story.md").write_text(DAMAGED, encoding="utf-8")
    _git(repo, "add", "story.md")
    failed = _try_repo(repo, "repair", home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "MT101" in failed.stdout

    fixed = _try_repo(repo, "repair-fix", home)
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr  # it changed a file: re-stage
    assert (repo / "story.md").read_text(encoding="utf-8") == FIXED
    assert (repo / "clean.md").read_text(encoding="utf-8") == CLEAN
    _git(repo, "add", "story.md")
    again = _try_repo(repo, "repair", home)
    assert again.returncode == 0, again.stdout + again.stderr
