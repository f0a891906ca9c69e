"""Time repair against the tools users would otherwise pick, side by side on the same tree.

    python bench/generate.py --files 10000 --size-mb 50
    python bench/run.py --runs 3

Each command runs `--runs` times; the median wall time is reported with MB/s, peak memory
(max RSS of the child) and the ratio to the baseline (plain reading of the files in Python).
codespell and typos are timed too when installed. No figure here is asserted by a test: the
machines are noisy, so compare ratios from one run, not absolute seconds across runs.
"""

from __future__ import annotations

import argparse
import tempfile
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def timed(command: list[str], runs: int) -> tuple[float, float, int]:
    """Median wall seconds, peak RSS in MB of the command, last exit code.

    The peak is the largest resident set of one process of the command (its workers
    included), read from that command's own `wait4`: RUSAGE_CHILDREN would only ever grow
    over the commands of the whole run.
    """
    walls = []
    peak = 0.0
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(walls), peak, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "repair-bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    tree, large, one = args.out / "tree", args.out / "large.md", args.out / "one.md"
    if not tree.is_dir():
        sys.exit("no benchmark tree: run bench/generate.py first")
    py = sys.executable
    read = [py, "-c", f"import pathlib; [p.read_bytes() for p in pathlib.Path({str(tree)!r}).rglob('*.md')]"]
    cases: list[tuple[str, Path, list[str]]] = [
        ("baseline: read files", tree, read),
        (f"repair check -j{args.jobs} (text)", tree, [py, "-m", "repair", "check", "-q", "-j", str(args.jobs), str(tree)]),
        (f"repair check -j{args.jobs} (json)", tree, [py, "-m", "repair", "check", "--format", "json", "-j", str(args.jobs), str(tree)]),
        (f"repair fix --diff -j{args.jobs}", tree, [py, "-m", "repair", "fix", "--diff", "-j", str(args.jobs), str(tree)]),
        ("repair check (large file)", large, [py, "-m", "repair", "check", "-q", str(large)]),
        ("repair check (one 5 KB file)", one, [py, "-m", "repair", "check", "-q", str(one)]),
        ("repair --version", one, [py, "-m", "repair", "--version"]),
    ]
    if shutil.which("codespell"):
        cases.append(("codespell", tree, ["codespell", str(tree)]))
    if shutil.which("typos"):
        cases.append(("typos", tree, ["typos", str(tree)]))
    baseline = None
    print(f"{'command':<34} {'MB':>7} {'median s':>9} {'MB/s':>8} {'peak MB':>8} {'× baseline':>10}")
    for name, target, command in cases:
        wall, peak, _ = timed(command, args.runs)
        megabytes = size_of(target) / 1e6
        baseline = baseline or wall
        print(f"{name:<34} {megabytes:7.1f} {wall:9.3f} {megabytes / wall:8.1f} {peak:8.0f} {wall / baseline:10.1f}")


if __name__ == "__main__":
    main()
