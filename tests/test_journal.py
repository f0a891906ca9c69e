"""The originals journal: fix → diff → revert restores every byte; crashes lose nothing."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from repair.cli import main
from repair.journal import Journal, JournalError, digest

DAMAGED = "Farmers campaigned once morest the blockade, accusing kyiv of delays.\n\nSource link\n"


def _project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    return tmp_path


def test_fix_diff_revert_round_trip_keeps_bytes(tmp_path: Path, monkeypatch) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    files = {
        "plain.txt": DAMAGED.encode(),
        "crlf.txt": DAMAGED.replace("\n", "\r\n").encode(),
        "bom.txt": b"\xef\xbb\xbf" + DAMAGED.encode(),
        "nonl.txt": DAMAGED.rstrip("\n").encode(),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    os.chmod(root / "plain.txt", 0o640)
    runner = CliRunner()
    result = runner.invoke(main, ["fix", *files])
    assert result.exit_code == 1, result.output
    for name, data in files.items():
        assert (root / name).read_bytes() != data
    assert (root / "crlf.txt").read_bytes().count(b"\r\n") == (root / "crlf.txt").read_bytes().count(b"\n")
    assert (root / "bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (root / "nonl.txt").read_bytes().endswith(b"\n")
    assert stat.S_IMODE((root / "plain.txt").stat().st_mode) == 0o640

    diff = runner.invoke(main, ["diff", "plain.txt"])
    assert diff.exit_code == 0
    assert "-Farmers campaigned once morest the blockade, accusing kyiv of delays." in diff.output
    assert "+Farmers campaigned against the blockade, accusing Kyiv of delays." in diff.output
    assert "-Source link" in diff.output
    status = runner.invoke(main, ["status"])
    assert "plain.txt: 3 fixes" in status.output

    second = runner.invoke(main, ["fix", *files])  # a second fix changes nothing
    assert "fixed" not in second.output
    assert runner.invoke(main, ["revert"]).exit_code == 0
    for name, data in files.items():
        assert (root / name).read_bytes() == data, name
    assert stat.S_IMODE((root / "plain.txt").stat().st_mode) == 0o640
    assert "No recorded originals" in runner.invoke(main, ["status"]).output


def test_later_fixes_keep_the_first_original(tmp_path: Path, monkeypatch) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    article = root / "a.txt"
    article.write_text(DAMAGED, encoding="utf-8")
    runner = CliRunner()
    runner.invoke(main, ["fix", "--select", "MT101", "a.txt"])
    runner.invoke(main, ["fix", "a.txt"])
    journal = Journal(root)
    (entry,) = journal.entries()
    assert journal.original(entry) == DAMAGED.encode()
    assert entry.fixes == 3
    assert runner.invoke(main, ["revert", "a.txt"]).exit_code == 0
    assert article.read_text(encoding="utf-8") == DAMAGED


def test_revert_refuses_hand_edits_unless_forced(tmp_path: Path, monkeypatch) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    article = root / "a.txt"
    article.write_text(DAMAGED, encoding="utf-8")
    runner = CliRunner()
    runner.invoke(main, ["fix", "a.txt"])
    article.write_text(article.read_text(encoding="utf-8") + "A reporter's note.\n", encoding="utf-8")
    refused = runner.invoke(main, ["revert", "a.txt"])
    assert refused.exit_code == 2
    assert "edited since" in refused.output
    assert "A reporter's note." in article.read_text(encoding="utf-8")
    assert runner.invoke(main, ["revert", "--force", "a.txt"]).exit_code == 0
    assert article.read_text(encoding="utf-8") == DAMAGED


def test_accept_forgets_originals(tmp_path: Path, monkeypatch) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    (root / "a.txt").write_text(DAMAGED, encoding="utf-8")
    runner = CliRunner()
    runner.invoke(main, ["fix", "a.txt"])
    assert runner.invoke(main, ["accept", "a.txt"]).exit_code == 0
    assert Journal(root).entries() == []
    assert not any((root / ".repair" / "originals").iterdir())


def test_journal_never_records_outside_the_root(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(DAMAGED, encoding="utf-8")
    journal = Journal(root)
    try:
        journal.record(outside, b"a", b"b", {})
    except JournalError as exc:
        assert "outside the project root" in str(exc)
    else:  # pragma: no cover - the assertion documents the contract
        raise AssertionError("recorded a path outside the root")
    assert not (root / ".repair").exists()


def test_killed_fix_loses_nothing(tmp_path: Path) -> None:
    """Kill `repair fix` at random moments: every file is its original or its fixed text,
    and every changed file's original is in the journal."""
    root = _project(tmp_path)
    originals = {}
    for i in range(120):
        data = (f"Report {i}\n\n" + DAMAGED * 3).encode()
        (root / f"f{i:03d}.txt").write_bytes(data)
        originals[f"f{i:03d}.txt"] = data
    rng = random.Random(7)
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-m", "repair", "fix", "."], cwd=root,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    subprocess.run([sys.executable, "-m", "repair", "fix", "."], cwd=root, capture_output=True)
    journal = Journal(root)
    recorded = {e.path: journal.original(e) for e in journal.entries()}
    for name, data in originals.items():
        now = (root / name).read_bytes()
        assert b"once morest" not in now, name  # the last run finished the job
        assert recorded[name] == data, name
        assert digest(data) == next(e.original for e in journal.entries() if e.path == name)
    subprocess.run([sys.executable, "-m", "repair", "revert"], cwd=root, check=True, capture_output=True)
    for name, data in originals.items():
        assert (root / name).read_bytes() == data
