"""Which ranges of a file are prose. Everything else is masked: no rule reports or edits it.

Plain text is all prose except the tokens that are addresses, not words: URLs, e-mail
addresses, @handles and #hashtags (a lowercase "#kyiv" is a tag, not a casing error).
Markdown and HTML segmenters plug in here, returning their code, tags and link targets.
"""

from __future__ import annotations

from pathlib import PurePath

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

FORMATS = {".txt": "text", ".text": "text", "": "text"}


def format_for(path: str | PurePath) -> str:
    return FORMATS.get(PurePath(path).suffix.lower(), "text")


def masks_for(text: str, fmt: str = "text") -> list[tuple[int, int]]:
    """Return the sorted non-prose ranges of `text` in format `fmt`."""
    return [m.span() for m in _ADDRESS.finditer(text)]
