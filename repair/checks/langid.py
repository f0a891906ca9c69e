"""langdetect behind a seed and a cache, so the same text always gets the same language."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def detect(text: str) -> tuple[str, float] | None:
    """Return (language, probability) for `text`, or None when langdetect cannot tell."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return best.lang, best.prob
