"""Plain text is all prose except the tokens that are addresses, not words: URLs, e-mail
addresses, @handles, #hashtags (a lowercase "#kyiv" is a tag, not a casing error) and
HTML comments (where suppression directives live)."""

from __future__ import annotations

import re

import regex

_ADDRESS = regex.compile(
    r"""
    (?:https?://|ftp://|www\.)[^\s<>"“”]+[^\s<>"“”.,;:!?)\]’']   # URLs
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                             # e-mail addresses
    | (?<![\w@#])[@#][\p{L}\p{N}_]+                            # handles and hashtags
    | \b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|info|io|co|uk|fr|de|es|ru|ua|cn|eu)\b(?:/[^\s]*)?
    | <!--.*?-->                                               # comments (suppression directives)
    """,
    regex.VERBOSE | regex.DOTALL,
)


#: every address above contains one of these: a cheap test that spares most prose lines the
#: full pattern, which tries its domain alternative at every word
_HINT = re.compile(r"[@#]|://|www\.|<!--|\.(?:com|org|net|gov|edu|info|io|co|uk|fr|de|es|ru|ua|cn|eu)")


def address_masks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    if _HINT.search(text, start, end) is None:
        return []
    return [m.span() for m in _ADDRESS.finditer(text, start, end)]
