"""Time repair against the tools users would otherwise pick, side by side on the same tree.

    python bench/generate.py --files 10000 --size-mb 50
    python bench/run.py --runs 3           # with the python of the venv repair is installed in
    python bench/run.py --scale 1 5 20 200 # single files: is the time per MB flat?

Every command runs once per round, in turn, for `--runs` rounds (a noisy moment of the
machine then hits them all alike); the median wall time is reported with MB/s, peak memory
(the largest process of the command) and ratios to a plain read of the files in Python and
to typos on the same tree. "Cold" runs check every file (`--no-cache`); "unchanged" runs
find every file in the result store, as a second run over an unchanged tree does. The
packs are compiled once before timing, as after any first run. No figure here is asserted
by a test: compare ratios from one run, not absolute seconds across runs or machines.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

#: commands run outside the checkout, so `python -m repair` is the installed package (with its
#: bytecode, as users run it), not the source tree beside this script
WORK = Path(tempfile.gettempdir())


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one run of the command.

    The peak is the largest resident set of one process of the command (its workers
    included), read from that command's own `wait4`: RUSAGE_CHILDREN would only ever grow
    over the commands of the whole run.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=WORK)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "repair-bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scale", type=float, nargs="+", metavar="MB",
                        help="instead: time single files of these sizes (is throughput flat? memory per MB?)")
    args = parser.parse_args()
    if args.scale:
        return scale(args.out, args.scale, args.runs)
    tree, small, large, one = (args.out / n for n in ("tree", "tree-5mb", "large.md", "one.md"))
    if not tree.is_dir():
        sys.exit("no benchmark tree: run bench/generate.py first")
    # a cache folder of this run's own: compiled packs are built once (as on any machine after
    # its first run), and the result store holds only what this run put there
    os.environ["REPAIR_CACHE_DIR"] = tempfile.mkdtemp(prefix="repair-bench-cache-")
    py = sys.executable
    repair = [py, "-m", "repair"]
    jobs = ["-j", str(args.jobs)]
    read = [py, "-c", f"import pathlib; [p.read_bytes() for p in pathlib.Path({str(tree)!r}).rglob('*.md')]"]
    cases: list[tuple[str, Path, list[str]]] = [
        ("baseline: read files", tree, read),
        ("check, cold (text)", tree, [*repair, "check", "-q", "--no-cache", *jobs, str(tree)]),
        ("check, cold (json)", tree, [*repair, "check", "--format", "json", "--no-cache", *jobs, str(tree)]),
        ("check, unchanged files (text)", tree, [*repair, "check", "-q", *jobs, str(tree)]),
        ("fix --diff", tree, [*repair, "fix", "--diff", *jobs, str(tree)]),
        ("check 5 MB tree, cold", small, [*repair, "check", "-q", "--no-cache", *jobs, str(small)]),
        ("check 5 MB tree, unchanged", small, [*repair, "check", "-q", *jobs, str(small)]),
        ("check one large file, cold", large, [*repair, "check", "-q", "--no-cache", str(large)]),
        ("check one 5 KB file, cold", one, [*repair, "check", "-q", "--no-cache", str(one)]),
        ("repair --version", one, [*repair, "--version"]),
    ]
    for name in ("codespell", "typos"):
        if shutil.which(name):
            cases.append((name, tree, [name, str(tree)]))
            if small.is_dir():
                cases.append((f"{name} 5 MB tree", small, [name, str(small)]))
    cases = [case for case in cases if case[1].exists()]
    # untimed: build the pack cache, and fill the result store the "unchanged" cases read
    for target in (one, tree, small):
        if target.exists():
            subprocess.run([*repair, "check", "-q", *jobs, str(target)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, cwd=WORK)
    # rounds of every command in turn, so a noisy moment of the machine hits them all alike
    walls: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    peaks: dict[str, float] = {name: 0.0 for name, _, _ in cases}
    for _ in range(args.runs):
        for name, _, command in cases:
            wall, peak = timed(command)
            walls[name].append(wall)
            peaks[name] = max(peaks[name], peak)
    median = {name: statistics.median(values) for name, values in walls.items()}
    print(f"{args.runs} rounds, -j{args.jobs}, medians")
    print(f"{'command':<32} {'MB':>6} {'median s':>9} {'MB/s':>7} {'peak MB':>8} {'× read':>7} {'× typos':>8}")
    for name, target, _ in cases:
        wall = median[name]
        megabytes = size_of(target) / 1e6
        typos = median.get("typos 5 MB tree" if target == small else "typos")
        versus = f"{wall / typos:8.2f}" if typos and target in (tree, small) else f"{'':>8}"
        print(f"{name:<32} {megabytes:6.1f} {wall:9.3f} {megabytes / wall:7.1f} {peaks[name]:8.0f} "
              f"{wall / median['baseline: read files']:7.1f} {versus}")



def scale(out: Path, sizes: list[float], runs: int) -> None:
    """Check single generated files of growing size: seconds per MB should not grow."""
    sys.path.insert(0, str(Path(__file__).parent))
    import generate

    os.environ["REPAIR_CACHE_DIR"] = tempfile.mkdtemp(prefix="repair-bench-cache-")
    clean, damaged = generate.paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'file MB':>8} {'median s':>9} {'s per MB':>9} {'peak MB':>8} {'peak per file MB':>17}")
    for size in sizes:
        path = out / f"scale-{size:g}mb.md"
        if not path.is_file():
            path.write_text(generate.article(random.Random(int(size * 1000)), clean, damaged, int(size * 1e6), 0.08),
                            encoding="utf-8")
        command = [sys.executable, "-m", "repair", "check", "-q", "--no-cache", str(path)]
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=WORK)  # packs built
        results = [timed(command) for _ in range(runs)]
        wall = statistics.median(r[0] for r in results)
        peak = max(r[1] for r in results)
        megabytes = path.stat().st_size / 1e6
        print(f"{megabytes:8.1f} {wall:9.2f} {wall / megabytes:9.3f} {peak:8.0f} {peak / megabytes:17.1f}")


if __name__ == "__main__":
    main()
