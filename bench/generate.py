"""Write a seeded benchmark tree: N Markdown news files with front matter, mostly clean prose
and a realistic density of defects; a tree a tenth of its size; one large file; one 5 KB
file. The text comes from this project's own corpus (corpus/*/clean and the damaged inputs
of corpus/*/defective), shuffled by seed. The default folder is outside the repository:

    python bench/generate.py --files 10000 --size-mb 50 [--out /tmp/repair-bench]
"""

from __future__ import annotations

import argparse
import tempfile
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repair.evaluate import parse  # noqa: E402


def paragraphs() -> tuple[list[str], list[str]]:
    """Clean paragraphs and damaged paragraphs from the corpus (English only by default)."""
    clean: list[str] = []
    damaged: list[str] = []
    for path in sorted((ROOT / "corpus" / "en").rglob("*.txt")):
        article = parse(path, "en")
        for block in article.text.split("\n\n"):
            block = block.strip()
            if len(block) < 40:
                continue
            target = damaged if article.gold and block not in article.expected else clean
            target.append(block)
    return clean, damaged


def article(rng: random.Random, clean: list[str], damaged: list[str], size: int, defect_rate: float) -> str:
    title = rng.choice(clean).split(".")[0][:80]
    parts = [f"---\ntitle: \"{title}\"\ndate: 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\nlang: en\n---\n", f"# {title}\n"]
    length = sum(len(p) for p in parts)
    while length < size:
        block = rng.choice(damaged) if rng.random() < defect_rate else rng.choice(clean)
        if rng.random() < 0.05:
            block = f"```\ncode sample: once morest kyiv\n```"
        parts.append(block + "\n")
        length += len(block) + 2
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--size-mb", type=float, default=50.0, help="total size of the tree")
    parser.add_argument("--large-mb", type=float, default=5.0, help="size of the single large file")
    parser.add_argument("--defect-rate", type=float, default=0.08, help="share of damaged paragraphs")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "repair-bench")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    clean, damaged = paragraphs()
    tree, small = args.out / "tree", args.out / "tree-5mb"
    write_tree(tree, rng, clean, damaged, args.files, args.size_mb, args.defect_rate)
    write_tree(small, rng, clean, damaged, max(1, args.files // 10), args.size_mb / 10, args.defect_rate)
    large = article(rng, clean, damaged, int(args.large_mb * 1_000_000), args.defect_rate)
    (args.out / "large.md").write_text(large, encoding="utf-8")
    one = article(rng, clean, damaged, 5_000, args.defect_rate)
    (args.out / "one.md").write_text(one, encoding="utf-8")
    print(f"wrote {args.files} files ({args.size_mb} MB) under {tree}, a tenth of that under {small}, "
          f"{args.out / 'large.md'} and {args.out / 'one.md'}")


def write_tree(tree: Path, rng: random.Random, clean: list[str], damaged: list[str], files: int, size_mb: float,
               defect_rate: float) -> None:
    """`files` articles of equal size in 50 section folders."""
    per_file = int(size_mb * 1_000_000 / max(files, 1))
    for index in range(files):
        folder = tree / f"section{index % 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"story{index:05d}.md").write_text(article(rng, clean, damaged, per_file, defect_rate), encoding="utf-8")

if __name__ == "__main__":
    main()
