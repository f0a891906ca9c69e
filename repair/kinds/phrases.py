"""Fast case-insensitive lookup of many literal phrases, keyed on their first word.

The phrase tables of a pack (gazetteer, terms, spellings, loan phrases…) go into one
Aho-Corasick automaton, so one pass over the lowercased text, in C, finds every place where
any phrase may start; each table then looks only at its own candidates. A word
by word walk of the text costs a Python step per word and per table, which is most of the
time a check would take. The same pass finds the literal sets of the pack's line rules
(`LiteralSet`): the strings without which a line cannot match.

The automaton only proposes: the matching itself (whole words, longest phrase first, no
overlaps) is the word-keyed lookup below, so both paths give the same matches. Texts whose
lowercase form does not line up character for character with the text (a capital dotted
İ, a final sigma) take the word by word walk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar

import regex

from repair.document import WORD, Document
from repair.kinds import lowercase

T = TypeVar("T")

_LMN = regex.compile(r"[\p{L}\p{M}\p{N}]")
_LM = regex.compile(r"[\p{L}\p{M}]")
_LM_RUN_BEFORE = regex.compile(r"[\p{L}\p{M}]+", regex.REVERSE)
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _starts_word(text: str, at: int) -> bool:
    """Does a WORD token start at `at`, as `WORD.finditer` splits the text?

    A token is letters, marks and digits, continued by apostrophe + letters ("Putin’s",
    "rock'n'roll"). So a token starts after anything else; after an apostrophe, unless a
    word before it continues through it; and right after a letter only where digits follow
    such a continuation ("’belarus12": the continuation takes no digits).
    """
    if at and text[at] in _ASCII_LETTERS:  # the common case, settled without a regex:
        before = text[at - 1]  # an ASCII letter or digit joins the word, other ASCII ends it
        if before.isascii() and before != "'":
            return not before.isalnum()
    if _LMN.match(text, at) is None:
        return False
    if at == 0:
        return True
    before = text[at - 1]
    if before in "'’":
        return not (at >= 2 and _LMN.match(text, at - 2) and _LM.match(text, at))
    if _LMN.match(before) is None:
        return True
    if _LM.match(text, at) or _LM.match(before) is None:
        return False  # letters after a letter, or anything after a digit: the same token
    run = _LM_RUN_BEFORE.match(text, 0, at).start()  # the letters before this digit
    return run >= 2 and text[run - 1] in "'’" and _LMN.match(text, run - 2) is not None


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
        self.scanner: PhraseScanner | None = None
        self.slot = 0

    def __len__(self) -> int:
        return sum(len(c) for c in self._by_first.values())

    def phrases(self) -> Iterator[str]:
        for candidates in self._by_first.values():
            for phrase, _ in candidates:
                yield phrase

    def covered(self, doc: Document) -> set[int]:
        """Offsets inside any match: the words an exception or loan phrase shields."""
        return {pos for start, end, _ in self.find(doc) for pos in range(start, end)}

    def find(self, doc: Document) -> Iterator[tuple[int, int, T]]:
        """Yield (start, end, payload) of non-overlapping matches, longest first at a word."""
        if self.scanner is None:
            PhraseScanner.link([self])  # an index of its own, outside any pack
        text = doc.text
        starts = self.scanner.candidates(doc, self.slot)  # type: ignore[union-attr]
        if starts is None:
            words: Any = doc.words
        else:
            words = ((start, WORD.match(text, start).end()) for start in starts)  # type: ignore[union-attr]
        size = len(text)
        by_first = self._by_first
        taken_to = 0
        for start, end in words:
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


class LiteralSet:
    """Strings one of which every match of a rule contains (see `prefilter.Analysis`): the
    rule need look only where one occurs. The pack's automaton finds them in the same pass as
    the phrases, in the lowercased text; with `exact_case`, a hit counts only where the text
    has the string exactly as written."""

    def __init__(self, strings: frozenset[str], exact_case: bool) -> None:
        self.strings, self.exact_case = strings, exact_case
        self.scanner: PhraseScanner | None = None
        self.slot = 0

    def positions(self, doc: Document) -> list[int] | None:
        """Offsets where one of the strings starts (in no particular order), or None when the
        text cannot be scanned."""
        if self.scanner is None:
            PhraseScanner.link([], [self])
        return self.scanner.positions(doc, self.slot)  # type: ignore[union-attr]


class PhraseScanner:
    """One automaton over the phrases of several indexes and the strings of several literal
    sets; one pass per document.

    A phrase hit counts only where a word starts and where the phrase does not run on into a
    word (as `PhraseIndex.find` requires); each index (by its slot) gets its candidate starts
    in order, each literal set (by its slot) the starts of its strings.
    """

    def __init__(self, indexes: Sequence[PhraseIndex[Any]], literal_sets: Sequence[LiteralSet] = ()) -> None:
        import ahocorasick

        owners: dict[str, tuple[list[int], list[tuple[int, str | None]]]] = {}
        for slot, index in enumerate(indexes):
            for phrase in index.phrases():
                owners.setdefault(phrase, ([], []))[0].append(slot)
        for slot, literals in enumerate(literal_sets):
            for string in literals.strings:
                owners.setdefault(string.lower(), ([], []))[1].append((slot, string if literals.exact_case else None))
        self.automaton = ahocorasick.Automaton()
        for key, (slots, literal_slots) in owners.items():
            self.automaton.add_word(key, (len(key), tuple(slots), _is_word_char(key[-1]), tuple(literal_slots)))
        if owners:
            self.automaton.make_automaton()
        self.empty = not owners

    @staticmethod
    def link(indexes: Sequence[PhraseIndex[Any]], literal_sets: Sequence[LiteralSet] = ()) -> None:
        """Let the indexes and literal sets of one pack share one automaton (built now, cached
        with the pack)."""
        shared = PhraseScanner(indexes, literal_sets)
        for slot, owner in [*enumerate(indexes), *enumerate(literal_sets)]:
            owner.scanner, owner.slot = shared, slot

    def candidates(self, doc: Document, slot: int) -> list[int] | None:
        """Sorted word starts where a phrase of the index in `slot` occurs, or None when
        the text must be walked word by word."""
        hits = self._hits(doc)
        return None if hits is None else hits[0].get(slot, [])

    def positions(self, doc: Document, slot: int) -> list[int] | None:
        hits = self._hits(doc)
        return None if hits is None else hits[1].get(slot, [])

    def _hits(self, doc: Document) -> tuple[dict[int, list[int]], dict[int, list[int]]] | None:
        key = ("phrases", id(self))
        hits = doc.cache.get(key, False)
        if hits is False:
            hits = doc.cache[key] = self._scan(doc)
        return hits  # type: ignore[return-value]

    def _scan(self, doc: Document) -> tuple[dict[int, list[int]], dict[int, list[int]]] | None:
        text = doc.text
        lowered = lowercase(doc)
        if len(lowered) != len(text) or "Σ" in text:
            return None  # lowercasing is not one character for one here: no offsets to share
        if self.empty:
            return {}, {}
        found: dict[int, set[int]] = {}
        literal_found: dict[int, list[int]] = {}
        starts: dict[int, bool] = {}
        last = len(text) - 1
        for end, (length, slots, word_end, literal_slots) in self.automaton.iter(lowered):
            start = end - length + 1
            if literal_slots:
                for slot, exact in literal_slots:
                    if exact is None or text.startswith(exact, start):
                        literal_found.setdefault(slot, []).append(start)
                if not slots:
                    continue
            if word_end and end < last:
                after = text[end + 1]
                if after.isalnum() or after == "_":
                    continue  # runs on into a word: `find` would pass it over
            ok = starts.get(start)
            if ok is None:
                ok = starts[start] = _starts_word(text, start)
            if ok:
                for slot in slots:
                    found.setdefault(slot, set()).add(start)
        return {slot: sorted(positions) for slot, positions in found.items()}, literal_found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_"
