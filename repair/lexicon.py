"""Word frequencies from wordfreq's data files, read directly and only when needed.

wordfreq ships, per language, a "small" list (words of Zipf frequency 3 and more: about
30,000, read in a few milliseconds) and a "large" one (down to Zipf 1: about 300,000, ten
times slower to read). Most questions ("is this a common word?") are answered by the small
list; the large one is read only to confirm that a candidate is no rarer real word. Reading
the files without importing wordfreq itself saves its ~0.1 s of imports on every run.

The lexicon is evidence, not a dictionary of truth: a glued token is split only when it is
no word at all and both halves are common words.
"""

from __future__ import annotations

import gzip
import importlib.util
from functools import lru_cache
from pathlib import Path

COMMON = 3.0  # the small lists hold every word at least this frequent


@lru_cache(maxsize=1)
def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "data"


@lru_cache(maxsize=16)
def _table(lang: str, size: str) -> dict[str, int]:
    """word -> centibel bucket (Zipf = 9 - bucket / 100) for one wordfreq list."""
    folder = _data_dir()
    path = folder / f"{size}_{lang}.msgpack.gz" if folder else None
    if path is None or not path.is_file():
        return {} if size == "small" else _table(lang, "small")
    import msgpack  # wordfreq's own dependency

    with gzip.open(path, "rb") as handle:
        buckets = msgpack.load(handle, raw=False)[1:]
    return {word: index for index, bucket in enumerate(buckets) for word in bucket}


def _zipf(table: dict[str, int], word: str) -> float:
    bucket = table.get(word)
    return 0.0 if bucket is None else round(9 - bucket / 100, 2)


def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of a lowercase word if it is common (3 or more), else 0."""
    return _zipf(_table(lang, "small"), word)


def known(word: str, lang: str = "en", floor: float = 1.0) -> bool:
    """Is the lowercase word a word at all (Zipf >= floor)? Reads the large list if needed."""
    word = word.lower()
    if zipf(word, lang) >= max(floor, COMMON):
        return True
    return _zipf(_table(lang, "large"), word) >= floor
