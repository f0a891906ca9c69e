"""Mojibake: UTF-8 read as Windows-1252 or Latin-1 ("â€œ", "Ã©"), repaired by ftfy.

ftfy costs far more than a regex, so a cheap pattern of the characters such decoding
produces picks the tokens first; ftfy only ever sees those.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import regex

from repair.document import Document
from repair.kinds import Rule, lazy_pattern, register
from repair.model import Finding

#: two characters a wrong decoding produces in a row; in the stdlib `re`, where a class of
#: code points means what it means in `regex` and is found several times faster
_SUSPECT = re.compile(
    r"[\u00c2-\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_TOKEN = lazy_pattern(r"\S+")


@register
class MojibakeRule(Rule):
    """Text decoded with the wrong codec: the token is re-decoded with ftfy's `fix_encoding`."""

    kind = "mojibake"

    def scan(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if _SUSPECT.search(text) is None:
            return
        from ftfy import fix_encoding  # deferred: only texts with suspects pay for ftfy

        done = 0
        for suspect in _SUSPECT.finditer(text):
            if suspect.start() < done:
                continue
            line_start = text.rfind("\n", 0, suspect.start()) + 1
            line_end = text.find("\n", suspect.end())
            line_end = len(text) if line_end < 0 else line_end
            tokens = [m.span() for m in _TOKEN().finditer(text, line_start, line_end)]
            spans = [s for s in tokens if s[1] > suspect.start()]
            if not spans:
                continue
            start, end = spans[0][0], spans[0][1]
            for s, e in spans[1:]:  # mojibake of a quote mark glues tokens of one quotation together
                if _SUSPECT.search(text, s, e) is None:
                    break
                end = e
            original = text[start:end]
            fixed = fix_encoding(original)
            done = end
            if fixed == original:
                continue
            prefix = len(os.path.commonprefix([original, fixed]))
            suffix = len(os.path.commonprefix([original[prefix:][::-1], fixed[prefix:][::-1]]))
            yield self.finding(doc, start + prefix, end - suffix, fixed[prefix:len(fixed) - suffix])
