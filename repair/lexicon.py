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
import mmap
from array import array
from functools import lru_cache
from pathlib import Path

from repair import cache

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


def _zipf(bucket: int | None) -> float:
    return 0.0 if bucket is None else round(9 - bucket / 100, 2)


def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of a lowercase word if it is common (3 or more), else 0."""
    return _zipf(_list(lang, "small").get(word))


def known(word: str, lang: str = "en", floor: float = 1.0) -> bool:
    """Is the lowercase word a word at all (Zipf >= floor)? Looks in the large list if needed."""
    word = word.lower()
    if zipf(word, lang) >= max(floor, COMMON):
        return True
    return _zipf(_list(lang, "large").get(word)) >= floor


#: lookups a list answers from its sorted index before it is read whole: reading costs about
#: 8 ms (small list) or 0.1 s (large list), a lookup in the index a few microseconds
_READ_AFTER = {"small": 2000, "large": 20000}


class _List:
    """One wordfreq list, answered from a sorted index in the user cache until it has been
    asked often enough that reading it into a dictionary pays.

    A one-file check asks a few hundred questions, mostly of lists it would otherwise read
    whole (English, and the languages an untranslated fragment may be in); a run over many
    files asks millions, and gets the dictionary.
    """

    def __init__(self, lang: str, size: str) -> None:
        self.lang, self.size = lang, size
        self.index = _sorted_index(lang, size)
        self.table = None if self.index is not None else _table(lang, size)
        self.budget = _READ_AFTER[size]

    def get(self, word: str) -> int | None:
        if self.table is not None:
            return self.table.get(word)
        self.budget -= 1
        if self.budget < 0:
            self.table, self.index = _table(self.lang, self.size), None
            return self.table.get(word)
        return self.index.get(word)  # type: ignore[union-attr]


@lru_cache(maxsize=32)
def _list(lang: str, size: str) -> _List:
    return _List(lang, size)


class _Sorted:
    """A word list as sorted UTF-8 words with their buckets, looked up by bisection."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        count = memoryview(data)[:4].cast("I")[0]
        offsets, buckets = 4 + count * 2, 4 + count * 2 + (count + 1) * 4
        self.buckets = memoryview(data)[4:offsets].cast("H")
        self.offsets = memoryview(data)[offsets:buckets].cast("I")
        self.data, self.base = data, buckets  # words are sliced out of `data` one at a time
        if len(self.buckets) != count or len(self.offsets) != count + 1 or buckets + self.offsets[-1] != len(data):
            raise ValueError("damaged word index")

    @staticmethod
    def pack(table: dict[str, int]) -> bytes:
        words = sorted(table)
        blob = bytearray()
        offsets = array("I", [0])
        for word in words:
            blob += word.encode()
            offsets.append(len(blob))
        buckets = array("H", (table[word] for word in words))
        return array("I", [len(words)]).tobytes() + buckets.tobytes() + offsets.tobytes() + bytes(blob)

    def get(self, word: str) -> int | None:
        key = word.encode()
        data, offsets, base = self.data, self.offsets, self.base
        low, high = 0, len(self.buckets)
        while low < high:
            middle = (low + high) // 2
            found = data[base + offsets[middle]:base + offsets[middle + 1]]
            if found < key:
                low = middle + 1
            elif found > key:
                high = middle
            else:
                return self.buckets[middle]
        return None


def _sorted_index(lang: str, size: str) -> _Sorted | None:
    """The sorted index of one list, from the cache (keyed on wordfreq's file) or built into
    it; None without a cache folder or without the file (then `_table` decides)."""
    folder, source = cache.directory(), _data_dir()
    path = source / f"{size}_{lang}.msgpack.gz" if source else None
    if folder is None or path is None or not path.is_file():
        return None
    stat = path.stat()
    entry = folder / f"words-{size}-{lang}-{stat.st_size}-{stat.st_mtime_ns}.bin"
    try:
        with entry.open("rb") as handle:  # mapped, not read: a lookup touches a few pages of megabytes
            return _Sorted(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError, TypeError):
        pass
    data = _Sorted.pack(_table(lang, size))
    cache.write(entry, data)
    return _Sorted(data)
