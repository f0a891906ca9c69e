"""Untranslated fragments: a heading, caption or sentence left in another language.

Function words are the evidence: a segment with none of the document language's and some
of another's is foreign ("Xi y Zelensky" has a Spanish "y" and no English word). Long
segments are then confirmed by langdetect (seeded, so results repeat); short ones cannot
be, since langdetect calls "Xi y Zelensky" Norwegian.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from repair.document import Document
from repair.kinds import Context, Meta, PackError, Rule, option, register
from repair.kinds.phrases import PhraseIndex
from repair.lexicon import zipf
from repair.model import Finding

_SEGMENT = regex.compile(r"[^.!?\n]+(?:[.!?]+[”’\"]?|$)", regex.MULTILINE)
_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?")
#: a letter outside ASCII, or an apostrophe inside a word: what makes a word "accented" below
_WIDE = regex.compile(r"[[\p{L}\p{M}]--\p{ASCII}]|’(?<=[\p{L}\p{M}]’)(?=[\p{L}\p{M}])", regex.V1)


_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "del", "della", "la", "le", "bin", "ibn", "al", "el", "dos", "das", "du", "y", "zu"})


def _standalone(text: str, start: int, end: int) -> bool:
    """Is the segment a line of its own between blank lines (a heading or a caption)?
    Such a line without a function word of any language ("Port volumes recover slowly")
    is still weighed word by word."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    isolated_before = start == 0 or before == "\n\n" or (start == 1 and before == "\n")
    isolated_after = end >= len(text) - 1 or after == "\n\n"
    return isolated_before and isolated_after and text[start:end].rstrip()[-1:] not in ".!?:"


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
        self.verdicts: dict[str, bool] = {}  # word -> `_never_theirs`, for the texts to come

    def scan(self, doc: Document) -> Iterator[Finding]:
        shielded = self.loans.covered(doc) if self.loans is not None else set()
        text = doc.text
        folded: str | None = text.lower()
        if len(folded) != len(text) or "Σ" in text:
            folded = None  # its offsets would not be the text's: no cheap test
        for segment in _SEGMENT.finditer(text):
            start, end = segment.span()
            heading = _standalone(text, start, end)
            if folded is not None and not heading and self._plainly_own(text, folded, start, end, bool(shielded)):
                continue
            words = [(m.group(), m.start()) for m in _TOKEN.finditer(text, start, end)]
            words = [(w, at) for w, at in words if at not in shielded]
            if not words:
                continue
            lowered = [w.lower() for w, _ in words]
            own = sum(w in self.own for w in lowered)
            lexical = self._lexical(words, lowered, heading)
            if lexical is not None:
                stripped = text[start:end].rstrip()
                lead = len(stripped) - len(stripped.lstrip())
                yield self.finding(doc, start + lead, start + len(stripped), None, f"{self.meta.message} (looks like {lexical})")
                continue
            if own:
                if len(lowered) < self.min_long or own / len(lowered) >= 0.12:
                    continue
            scores = {lang: sum(w in fw for w in lowered) for lang, fw in self.foreign.items()}
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

    def _plainly_own(self, text: str, folded: str, start: int, end: int, shielding: bool) -> bool:
        """Nothing below could report this segment, as its words alone show: no foreign
        function word and no short segment (2 to 12 words) with an accented word and two
        words another language may claim for `_lexical` to weigh; or a long segment with
        enough of this language's function words.

        The words are listed in C (`folded` is the lowercased text, offset for offset), so
        the full analysis is left to the few segments that may be foreign. Shielded words
        (loan phrases) would not count, so a text with any gets only the first test.
        """
        words = _TOKEN.findall(folded, start, end)
        if not self.any_foreign.isdisjoint(words):
            if shielding or len(words) <= 12:
                return False
            own = sum(w in self.own for w in words)
            return own > 0 and (len(words) < self.min_long or own / len(words) >= 0.12)
        if len(words) < 2 or (len(words) > 12 and not shielding):
            return True
        if _WIDE.search(text, start, end) is None:
            return True
        return sum(1 for w in words if not self._never_theirs(w)) < 2  # `_lexical` needs two such words

    def _never_theirs(self, word: str) -> bool:
        """Could `_lexical` never count this word for another language, whichever it is?
        Remembered across texts: a corpus repeats its vocabulary."""
        verdict = self.verdicts.get(word)
        if verdict is None:
            if len(self.verdicts) > 200_000:
                self.verdicts.clear()
            own = zipf(word, self.lang)
            verdict = self.verdicts[word] = all(
                other < 3.0 or other <= own + 1 for other in (zipf(word, lang) for lang in self.foreign)
            )
        return verdict

    def _lexical(self, words: list[tuple[str, int]], lowered: list[str], heading: bool = False) -> str | None:
        """Short segments: most words are words of one other language and not of this one.

        Only headings and segments with a foreign function word or a letter this language
        lacks get here, so the lexicons load only for texts that contain such a candidate.
        """
        if not 2 <= len(words) <= 12:
            return None
        fw_hits = {lang for lang, fw in self.foreign.items() if any(w in fw for w in lowered)}
        accented = any(not c.isascii() for w in lowered for c in w)
        if not fw_hits and not accented and not heading:
            return None
        if not fw_hits and not accented:  # a heading with no other evidence: names are no words
            keep = [i for i, w in enumerate(lowered) if w not in _PARTICLES and (i == 0 or not words[i][0][:1].isupper())]
            words, lowered = [words[i] for i in keep], [lowered[i] for i in keep]
        for lang in sorted(fw_hits or self.foreign):
            # names say nothing of the language, except German nouns, which are capitalised
            pool = lowered if lang == "de" else [w for (orig, _), w in zip(words, lowered) if not orig[:1].isupper() or orig is words[0][0]]
            mine = [(zipf(w, self.lang), zipf(w, lang)) for w in pool]
            theirs = sum(other >= 3.0 and other > own + 1 for own, other in mine)
            ours = sum(own >= 3.0 and own > other + 1 for own, other in mine)
            if theirs >= 2 and theirs > 2 * ours:
                return lang
        return None

    def _short_foreign(self, words: list[tuple[str, int]], lowered: list[str], lang: str) -> bool:
        """Short segments: a foreign function word between words, not a lone foreign-looking token."""
        hits = [i for i, w in enumerate(lowered) if w in self.foreign[lang] and words[i][0].islower()]
        if len(words) == 1:
            return False
        return any(0 < i < len(words) - 1 or len(hits) >= 2 for i in hits)

    def _confirm(self, segment: str, lang: str) -> bool:
        from repair.checks.langid import detect  # deferred: langdetect loads ~50 profiles

        found = detect(segment)
        return found is not None and found[0] == lang and found[1] >= self.confidence
