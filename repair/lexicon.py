"""Word frequencies (wordfreq's data, shipped in its package), loaded on first use only.

The lexicon is evidence, not a dictionary of truth: a glued token is split only when it is
no word at all and both halves are common words.
"""

from __future__ import annotations

import math
from functools import lru_cache


@lru_cache(maxsize=8)
def _frequencies(lang: str) -> dict[str, float]:
    import wordfreq  # deferred: importing and loading costs ~0.2 s, most runs never need it

    try:
        return wordfreq.get_frequency_dict(lang, "large")
    except LookupError:
        try:
            return wordfreq.get_frequency_dict(lang, "small")
        except LookupError:
            return {}


def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of a lowercase word: 0 when unknown, ~7 for "the", ~3 for "arrived"s rarer kin."""
    freq = _frequencies(lang).get(word)
    return round(math.log10(freq * 1e9), 2) if freq else 0.0


def known(word: str, lang: str = "en", floor: float = 1.0) -> bool:
    return zipf(word.lower(), lang) >= floor
