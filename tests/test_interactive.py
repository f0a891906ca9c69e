"""Interactive review driven through a real pseudo-terminal, as an editor would use it."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ARTICLE = (
    "Leaders meet in Geneva\n\n"
    "Farmers campaigned once morest the blockade, accusing kyiv of delays.\n\n"
    "The ministers praised a “workable plan“for shipments this 12 months.\n"
)


def _drive(cwd: Path, args: list[str], answers: list[str], timeout: float = 30.0) -> tuple[int, str]:
    """Run `repair` on a pty, typing each answer when a prompt appears."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "repair", *args], cwd=cwd, stdin=slave, stdout=slave, stderr=slave,
                            env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"})
    os.close(slave)
    out = b""
    pending = list(answers)
    deadline = time.time() + timeout
    while time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            if out.rstrip().endswith(b"]:") or out.rstrip().endswith(b"[a]:"):
                if pending:
                    os.write(master, (pending.pop(0) + "\n").encode())
                    out += b"\n<<sent>>\n"
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(master)
    return proc.returncode, out.decode("utf-8", "replace")


def _prompts(output: str) -> int:
    return output.count("<<sent>>")


@pytest.mark.slow
def test_accept_reject_edit_and_remember(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # proposals in order: once morest (accept), kyiv (reject), quote spacing (edit), this 12 months (accept)
    code, out = _drive(tmp_path, ["fix", "--interactive", "a.txt"], ["a", "r", "e", "”  ", "a"])
    assert "MT101" in out and "MT201" in out, out
    text = article.read_text(encoding="utf-8")
    assert "against the blockade" in text
    assert "accusing kyiv" in text  # rejected
    assert "“workable plan”  for" in text  # edited replacement
    assert "this year" in text
    assert code == 1  # files were changed
    # the rejection is remembered: a second review does not propose it again
    code, out = _drive(tmp_path, ["fix", "--interactive", "a.txt"], ["q"])
    assert "MT201" not in out, out
    assert code == 0, out
    # ... and check lists it only with --show-suppressed
    check = subprocess.run([sys.executable, "-m", "repair", "check", "--show-suppressed", "a.txt"], cwd=tmp_path,
                           capture_output=True, text=True)
    assert "rejected in review" in check.stdout
    plain = subprocess.run([sys.executable, "-m", "repair", "check", "a.txt"], cwd=tmp_path, capture_output=True, text=True)
    assert "MT201" not in plain.stdout
    # the journal has the original: revert restores it byte for byte
    subprocess.run([sys.executable, "-m", "repair", "revert", "a.txt"], cwd=tmp_path, check=True, capture_output=True)
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_refuses_without_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "repair", "fix", "--interactive", "a.txt"], cwd=tmp_path,
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ARTICLE
