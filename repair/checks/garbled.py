"""Garbled syntax a rule can point at but not repair: shouted common words inside a sentence."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from repair.document import Document
from repair.kinds import Context, Meta, Rule, register
from repair.lexicon import zipf
from repair.model import Finding

_CAPS_RUN = regex.compile(r"\b\p{Lu}{2,}(?:\s+\p{Lu}{2,}){0,2}\b")


@register
class ShoutedWordsRule(Rule):
    """Common words in capitals inside an ordinary sentence ("accusations FOR THIS for").

    Machine translation leaves them where it failed on a name or an acronym. Acronyms,
    emphasis words and lines written all in capitals (headlines) are left alone.
    """

    kind = "shouted-words"

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        self.lang = ctx.data.get("lexicon", "en")
        self.acronyms = {a.upper() for a in ctx.data.get("acronyms", [])}
        for key in ("places", "people", "organisations", "nationalities"):  # "CHINA" is a name
            for entry in ctx.data.get(key, []):
                words = (entry["name"] if isinstance(entry, dict) else entry).split()
                # a name's common words ("World" in "World Bank") stay suspicious when shouted
                self.acronyms.update(w.upper() for w in words if len(words) == 1 or zipf(w.lower(), self.lang) < 4.0)
        self.emphasis = {w.upper() for w in ctx.data.get("emphasis-words", [])}

    def scan(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for match in _CAPS_RUN.finditer(text):
            words = match.group().split()
            if any(w in self.acronyms or w in self.emphasis for w in words):
                continue
            if not any(len(w) >= 3 and zipf(w.lower(), self.lang) >= 4.0 for w in words) and not (
                len(words) > 1 and all(zipf(w.lower(), self.lang) >= 5.0 for w in words)
            ):
                continue
            line = doc.lines[doc.line_index(match.start())].text
            letters = [c for c in line if c.isalpha()]
            upper = sum(c.isupper() for c in letters)
            if not letters or upper / len(letters) > 0.4:
                continue  # a headline or a line in capitals
            before = text[max(0, match.start() - 2):match.start()]
            if not before.strip() or before.rstrip().endswith((".", "!", "?", ":", "“", '"')):
                continue  # a sentence may start with a word in capitals (a dateline, a label)
            yield self.finding(doc, match.start(), match.end(), None)
