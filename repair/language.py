"""Which language a document is in: declared (front matter `lang:`, <html lang>), forced
(`--lang`, config), or detected from its prose.

Detection counts each candidate language's function words first: cheap, deterministic and
right for any article of a few sentences. Only when two languages are close does langdetect
(seeded, so the answer repeats) break the tie. A document with too little text to decide
falls back to the default instead of a guess.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from repair import packs
from repair.kinds import lazy_pattern

_FRONT_LANG = lazy_pattern(r"\A(?:---|\+\+\+)\r?\n(?:.*\r?\n)*?lang(?:uage)?[ \t]*[:=][ \t]*[\"']?([A-Za-z]{2})", regex.IGNORECASE)
_HTML_LANG = lazy_pattern(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", regex.IGNORECASE)
_WORD = lazy_pattern(r"\p{L}+(?:['’]\p{L}+)?")
MIN_EVIDENCE = 8  # function words needed before a language is named
SAMPLE = 20000  # characters read for detection: an article's language shows early


@dataclass(frozen=True)
class Choice:
    lang: str
    confidence: float
    source: str  # "declared", "option", "detected" or "default"


def declared(text: str, fmt: str) -> str | None:
    pattern = _FRONT_LANG() if fmt == "markdown" else _HTML_LANG() if fmt == "html" else None
    match = pattern.search(text[:4000]) if pattern else None
    return match.group(1).lower() if match else None


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    """Each pack's function words, minus those two languages share ("a", "la", "die")."""
    words = {lang: frozenset(w.lower() for w in packs.load(lang).data.get("function-words", [])) for lang in packs.languages()}
    counts = Counter(w for ws in words.values() for w in ws)
    return {lang: frozenset(w for w in ws if counts[w] == 1) for lang, ws in words.items() if ws}


def detect(text: str, default: str = "en") -> Choice:
    words = _function_words()
    tally: Counter[str] = Counter()
    for match in _WORD().finditer(text, 0, min(len(text), SAMPLE)):
        token = match.group().lower()
        for lang, vocabulary in words.items():
            if token in vocabulary:
                tally[lang] += 1
    total = sum(tally.values())
    if total < MIN_EVIDENCE:
        return Choice(default, 0.0, "default")
    (best, top), *rest = tally.most_common(2) + [("", 0)]
    runner_up = rest[0][1] if rest else 0
    share = top / total
    if share >= 0.6 and top >= 2 * runner_up:
        return Choice(best, round(share, 3), "detected")
    from repair.checks.langid import detect as langdetect

    found = langdetect(text[:SAMPLE])
    if found is not None and found[0] in words:
        return Choice(found[0], round(found[1], 3), "detected")
    return Choice(best, round(share, 3), "detected")


def choose(text: str, fmt: str, forced: str | None, default: str = "en") -> Choice:
    available = packs.languages()
    stated = declared(text, fmt)
    if stated in available:
        return Choice(stated, 1.0, "declared")
    if forced:
        return Choice(forced, 1.0, "option")
    return detect(text, default)
