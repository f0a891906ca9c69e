"""Fast case-insensitive lookup of many literal phrases, keyed on their first word.

One dictionary probe per word of the text replaces a regex alternation of hundreds of
phrases (which `regex` tries at every position): the cost is flat in the number of phrases.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from repair.document import WORD, Document

T = TypeVar("T")


class PhraseIndex(Generic[T]):
    def __init__(self, phrases: dict[str, T]) -> None:
        by_first: dict[str, list[tuple[str, T]]] = {}
        for phrase, payload in phrases.items():
            first = WORD.search(phrase)
            if first is None or first.start() != 0:
                raise ValueError(f"phrase {phrase!r} must start with a letter or digit")
            by_first.setdefault(first.group().lower(), []).append((phrase.lower(), payload))
        for candidates in by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))
        self._by_first = by_first

    def __len__(self) -> int:
        return sum(len(c) for c in self._by_first.values())

    def find(self, doc: Document) -> Iterator[tuple[int, int, T]]:
        """Yield (start, end, payload) of non-overlapping matches, longest first at a word."""
        text = doc.text
        size = len(text)
        by_first = self._by_first
        taken_to = 0
        for start, end in doc.words:
            if start < taken_to:
                continue
            candidates = by_first.get(text[start:end].lower())
            if not candidates:
                continue
            for phrase, payload in candidates:
                stop = start + len(phrase)
                if stop > size or text[start:stop].lower() != phrase:
                    continue
                if stop < size and _is_word_char(text[stop]) and _is_word_char(phrase[-1]):
                    continue
                yield start, stop, payload
                taken_to = stop
                break


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_"
