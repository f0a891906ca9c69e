"""Plain text is all prose except the tokens that are addresses, not words: URLs, e-mail
addresses, @handles, #hashtags (a lowercase "#kyiv" is a tag, not a casing error) and
HTML comments (where suppression directives live)."""

from __future__ import annotations

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


def address_masks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return [m.span() for m in _ADDRESS.finditer(text, start, len(text) if end is None else end)]
