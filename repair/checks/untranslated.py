"""Untranslated fragments: a heading, caption or sentence left in another language.

Function words are the evidence: a segment with none of the document language's and some
of another's is foreign ("Xi y Zelensky" has a Spanish "y" and no English word). Long
segments are then confirmed by langdetect (seeded, so results repeat); short ones cannot
be, since langdetect calls "Xi y Zelensky" Norwegian.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from itertools import starmap
from operator import sub
from typing import Any

import regex

from repair.document import Document
from repair.kinds import Context, Meta, PackError, Rule, option, register
from repair.kinds.phrases import PhraseIndex
from repair.lexicon import zipf
from repair.model import Finding

_SEGMENT = re.compile(r"[^.!?\n]+(?:[.!?]+[”’\"]?|$)", re.MULTILINE)
_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?")
#: a letter outside ASCII, or an apostrophe inside a word: what makes a word "accented" below
_WIDE = regex.compile(r"[[\p{L}\p{M}]--\p{ASCII}]|’(?<=[\p{L}\p{M}]’)(?=[\p{L}\p{M}])", regex.V1)
_LETTER = regex.compile(r"[\p{L}\p{M}]")


def _non_letters(*blocks: range) -> str:
    """The characters of `blocks` that are no letter or mark (for `_TOKEN` and `_WIDE`),
    escaped for a character class."""
    return "".join(re.escape(c) for block in blocks for c in map(chr, block) if not _LETTER.match(c))


#: every place `_WIDE` matches, and a few more, found by `re` in a fifth of the time: any
#: character outside ASCII and the General Punctuation block (where there are no letters),
#: or an apostrophe not followed by a non-letter
_MAYBE_WIDE = re.compile(
    f"[^\\x00-\\x7f{_non_letters(range(0x2000, 0x2019), range(0x201A, 0x2070))}]"
    f"(?<!’(?=[{_non_letters(range(0x80), range(0x2000, 0x2070))}]))"
)
#: for the Latin-1 bytes of a lowercased text (any other character encoded as "?"): a space
#: for every byte but a letter's, so that a `_TOKEN` in Latin-1 letters only, which has no
#: letter on either side, stands as a word of its own
_LATIN_WORDS = bytes(b if _LETTER.match(chr(b)) else 0x20 for b in range(256))


_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "del", "della", "la", "le", "bin", "ibn", "al", "el", "dos", "das", "du", "y", "zu"})


def _standalone(text: str, start: int, end: int) -> bool:
    """Is the segment a line of its own between blank lines (a heading or a caption)?
    Such a line without a function word of any language ("Port volumes recover slowly")
    is still weighed word by word."""
    if start >= 2 and not text.startswith("\n\n", start - 2) or start == 1 and text[0] != "\n":
        return False  # (most segments: the cheap tests first)
    if end < len(text) - 1 and not text.startswith("\n\n", end):
        return False
    return text[start:end].rstrip()[-1:] not in ".!?:"


def _holds(offsets: list[int], start: int, end: int) -> bool:
    """Does the sorted list hold an offset in [start, end)?"""
    at = bisect_left(offsets, start)
    return at < len(offsets) and offsets[at] < end


def _spotter(words: frozenset[str]) -> Any:
    """An automaton that finds the words, each with a space on either side, in the
    `_LATIN_WORDS` of a lowercased text; None if some word is not all Latin-1 letters.

    A word of `_TOKEN` has no letter on either side (nor has a segment), so one in Latin-1
    letters stands between spaces there; a word spotted this way may be no `_TOKEN`
    ("l’el"), which costs only a closer look.
    """
    import ahocorasick  # deferred, as in `repair.kinds.phrases`: the built rule is cached

    keys = [w.encode("latin-1", "replace") for w in words]
    if not keys or any(key.translate(_LATIN_WORDS) != key for key in keys):
        return None
    spotter = ahocorasick.Automaton()
    for word in words:
        spotter.add_word(f" {word} ", len(word) + 1)  # (found at its end: less this is its start)
    spotter.make_automaton()
    return spotter


@register
class UntranslatedRule(Rule):
    """A segment whose function words belong to another language than the document's."""

    kind = "untranslated"
    options = frozenset({"min-long-words", "confidence"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        own = ctx.data.get("function-words")
        foreign = ctx.data.get("foreign-function-words")
        if not isinstance(own, list) or not isinstance(foreign, dict):
            raise PackError("needs data 'function-words' (list) and 'foreign-function-words' (table)")
        self.own = {w.lower() for w in own}
        self.foreign = {lang: {w.lower() for w in words} - self.own for lang, words in foreign.items()}
        try:
            self.loans = PhraseIndex({p: True for p in ctx.data.get("loan-phrases", [])}) if ctx.data.get("loan-phrases") else None
        except ValueError as exc:
            raise PackError(f"data 'loan-phrases': {exc}") from None
        self.min_long = int(option(table, "min-long-words", int, 8))
        self.confidence = float(option(table, "confidence", (int, float), 0.9))
        self.lang = ctx.data.get("lexicon", "en")
        self.any_foreign = frozenset().union(*self.foreign.values())
        self.spotter = _spotter(self.any_foreign)
        self.weights: dict[str, tuple[float, ...]] = {}  # word -> Zipf here, then in each `self.foreign` language
        self.column = {lang: i for i, lang in enumerate(self.foreign, 1)}  # language -> its place in `self.weights`
        self.theirs: set[str] = set()  # the words weighed that `_lexical` may count for another language

    def scan(self, doc: Document) -> Iterator[Finding]:
        shielded = self.loans.covered(doc) if self.loans is not None else set()
        text = doc.text
        folded: str | None = text.lower()
        if len(folded) != len(text) or "Σ" in text:
            folded = None  # its offsets would not be the text's: no cheap test
        clues = self._clues(text, folded) if folded is not None else None
        shields = sorted(shielded)
        at = 0
        for start, end in map(re.Match.span, _SEGMENT.finditer(text)):
            heading = _standalone(text, start, end)
            if clues is not None and not heading:
                while clues[at] < start:
                    at += 1
                if clues[at] >= end:
                    continue  # no foreign function word, no `_WIDE`: `_plainly_own` would pass it
            if _holds(shields, start, end):  # the words of a loan phrase do not count
                words = [m.group() for m in _TOKEN.finditer(text, start, end) if m.start() not in shielded]
                lowered = [w.lower() for w in words]
                if not heading and self._plainly_own(text, lowered, start, end):
                    continue
            else:
                if folded is not None and not heading and self._plainly_own(text, _TOKEN.findall(folded, start, end), start, end):
                    continue
                words = _TOKEN.findall(text, start, end)
                lowered = [w.lower() for w in words]
            if not words:
                continue
            lexical = self._lexical(words, lowered, heading)
            if lexical is not None:
                stripped = text[start:end].rstrip()
                lead = len(stripped) - len(stripped.lstrip())
                yield self.finding(doc, start + lead, start + len(stripped), None, f"{self.meta.message} (looks like {lexical})")
                continue
            if self.any_foreign.isdisjoint(lowered):
                continue  # every language scores 0 below
            own = sum(map(self.own.__contains__, lowered))
            if own:
                if len(lowered) < self.min_long or own / len(lowered) >= 0.12:
                    continue
            scores = {lang: sum(map(fw.__contains__, lowered)) for lang, fw in self.foreign.items()}
            lang, score = max(scores.items(), key=lambda item: item[1])
            if score == 0:
                continue
            if len(lowered) >= self.min_long:
                if score / len(lowered) < 0.15 or not self._confirm(text[start:end], lang):
                    continue
            elif own or not self._short_foreign(words, lowered, lang):
                continue
            stripped = text[start:end].rstrip()
            lead = len(stripped) - len(stripped.lstrip())
            yield self.finding(doc, start + lead, start + len(stripped), None, f"{self.meta.message} (looks like {lang})")

    def _clues(self, text: str, folded: str) -> list[int] | None:
        """Sorted offsets of every foreign function word and every `_WIDE` match (and a few
        more), then the text's length; or None when the function words cannot be spotted.

        `_plainly_own` passes any segment without either, and this costs two scans of the
        text in C, where `_plainly_own` would list the words of every segment.
        """
        if self.spotter is None:
            return None
        latin = (b" " + folded.encode("latin-1", "replace").translate(_LATIN_WORDS) + b" ").decode("latin-1")
        clues = list(starmap(sub, self.spotter.iter(latin)))  # a space's offset in `latin`, the word's in the text
        clues += map(re.Match.start, _MAYBE_WIDE.finditer(text))
        clues.sort()
        clues.append(len(text))  # (beyond every segment)
        return clues

    def _plainly_own(self, text: str, words: list[str], start: int, end: int) -> bool:
        """Nothing below could report this segment, as its lowercased words alone show: no
        foreign function word and no short segment (2 to 12 words) with an accented word and
        two words another language may claim for `_lexical` to weigh; or a long segment with
        enough of this language's function words.

        The words are those the full analysis would weigh (loan phrases left out), or listed
        in C from the lowercased text (offset for offset), so that analysis is left to the
        few segments that may be foreign.
        """
        if not self.any_foreign.isdisjoint(words):
            if len(words) <= 12:
                return False
            own = sum(map(self.own.__contains__, words))
            return own > 0 and (len(words) < self.min_long or own / len(words) >= 0.12)
        if len(words) < 2 or len(words) > 12:
            return True
        if _WIDE.search(text, start, end) is None:
            return True
        return self._theirs(words) < 2  # `_lexical` needs two such words

    def _theirs(self, words: list[str]) -> int:
        """How many of the (lowercase) words `_lexical` may count for another language: as
        frequent as Zipf 3 there, and more than ten times as frequent as here."""
        self._weigh(words)
        return sum(map(self.theirs.__contains__, words))

    def _weigh(self, words: list[str]) -> None:
        """Look up the Zipf frequencies of the words not weighed before. Remembered across
        texts: a corpus repeats its vocabulary, and the weighed words are then set apart in C."""
        if len(self.weights) > 200_000:
            self.weights.clear()
            self.theirs.clear()
        for word in set(words).difference(self.weights):
            own = zipf(word, self.lang)
            weight = self.weights[word] = (own, *(zipf(word, lang) for lang in self.foreign))
            if any(other >= 3.0 and other > own + 1 for other in weight[1:]):
                self.theirs.add(word)

    def _lexical(self, words: list[str], lowered: list[str], heading: bool = False) -> str | None:
        """Short segments: most words are words of one other language and not of this one.

        Only headings and segments with a foreign function word or a letter this language
        lacks get here, so the lexicons load only for texts that contain such a candidate.
        """
        if not 2 <= len(words) <= 12:
            return None
        fw_hits = set() if self.any_foreign.isdisjoint(lowered) else {lang for lang, fw in self.foreign.items() if not fw.isdisjoint(lowered)}
        accented = not "".join(lowered).isascii()
        if not fw_hits and not accented and not heading:
            return None
        if not fw_hits and not accented:  # a heading with no other evidence: names are no words
            keep = [i for i, w in enumerate(lowered) if w not in _PARTICLES and (i == 0 or not words[i][:1].isupper())]
            words, lowered = [words[i] for i in keep], [lowered[i] for i in keep]
        if self._theirs(lowered) < 2:
            return None  # no language can count two words below
        weights = [self.weights[w] for w in lowered]
        for lang in sorted(fw_hits or self.foreign):
            # names say nothing of the language, except German nouns, which are capitalised
            pool = weights if lang == "de" else [w for orig, w in zip(words, weights) if not orig[:1].isupper() or orig is words[0]]
            column = self.column[lang]
            mine = [(weight[0], weight[column]) for weight in pool]
            theirs = sum(other >= 3.0 and other > own + 1 for own, other in mine)
            ours = sum(own >= 3.0 and own > other + 1 for own, other in mine)
            if theirs >= 2 and theirs > 2 * ours:
                return lang
        return None

    def _short_foreign(self, words: list[str], lowered: list[str], lang: str) -> bool:
        """Short segments: a foreign function word between words, not a lone foreign-looking token."""
        hits = [i for i, w in enumerate(lowered) if w in self.foreign[lang] and words[i].islower()]
        if len(words) == 1:
            return False
        return any(0 < i < len(words) - 1 or len(hits) >= 2 for i in hits)

    def _confirm(self, segment: str, lang: str) -> bool:
        from repair.checks.langid import detect  # deferred: langdetect loads ~50 profiles

        found = detect(segment)
        return found is not None and found[0] == lang and found[1] >= self.confidence
