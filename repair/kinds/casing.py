"""Casing kinds: proper nouns from a gazetteer, and sentences or headings that start lowercase."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import regex

from repair.document import Document
from repair.kinds import Context, Meta, PackError, Rule, lazy_pattern, option, register
from repair.kinds.phrases import PhraseIndex
from repair.model import Finding


def _names(ctx: Context, lists: list[str]) -> dict[str, dict[str, Any]]:
    """Gather gazetteer entries from the pack data: strings, or tables with context limits."""
    out: dict[str, dict[str, Any]] = {}
    for key in lists:
        entries = ctx.data.get(key)
        if entries is None:
            raise PackError(f"data list {key!r} is not defined in this language's packs")
        for entry in entries:
            if isinstance(entry, str):
                entry = {"name": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise PackError(f"data list {key!r}: entries are names or tables with `name`")
            out[entry["name"]] = entry
    return out


@register
class ProperNounRule(Rule):
    """A known name written in the wrong case: "kyiv", "the chinese president", "XI Jinping".

    Names whose lowercase form is also a common word (china, turkey, polish) are listed with
    `lowercase-ok = true` and only their garbled mixed case is reported. An all-caps single
    word is left alone (headlines, emphasis); within a name ("XI Jinping") it is not.
    """

    kind = "gazetteer"
    options = frozenset({"lists"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        lists = option(table, "lists", list)
        if not lists:
            raise PackError("`lists` is required: names of data lists of proper nouns")
        entries = _names(ctx, lists)
        for phrase in ctx.data.get("casing-exceptions", []):
            entries.setdefault(phrase, {"name": phrase, "shield": True})
        try:
            self.index = PhraseIndex(entries)
        except ValueError as exc:
            raise PackError(str(exc)) from None

    def scan(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for start, end, entry in self.index.find(doc):
            found, name = text[start:end], entry["name"]
            if found == name or entry.get("shield"):
                continue
            if not self._wrong(found, name, entry):
                continue
            if not _context_allows(text, start, end, entry):
                continue
            yield self.finding(doc, start, end, name)

    @staticmethod
    def _wrong(found: str, name: str, entry: dict[str, Any]) -> bool:
        if found.islower():
            return not entry.get("lowercase-ok", False)
        if entry.get("lowercase-ok") and found[1:].islower():
            return False  # "West bank of the river" opening a sentence: the common words
        if found[0].isupper() and found[1:] == name[1:] and name[0].islower():
            return False  # "De Gaulle" opening a sentence
        words = found.split()
        caps = [w.isupper() and len(w) > 1 for w in words]
        if all(caps):
            return False  # an all-caps headline or emphasis, not a machine error
        if any(caps):
            return True  # "XI Jinping": one word shouted inside a name
        return True  # "Xi jinping", "KYiv"


def _context_allows(text: str, start: int, end: int, entry: dict[str, Any]) -> bool:
    after = entry.get("not-before")
    if after:
        following = text[end:end + 40].split(maxsplit=1)
        if following and regex.sub(r"\W+$", "", following[0]).lower() in after:
            return False
    before = entry.get("not-after")
    if before:
        preceding = text[max(0, start - 40):start].split()
        if preceding and preceding[-1].lower() in before:
            return False
    return True


_ABBREVIATION = lazy_pattern(r"(?:\b\p{L}\.)+$|\b(?:[\p{Ll}]{1,4}|Mr|Mrs|Ms|Dr|St|No|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Prof|Jr|Sr|Inc|Ltd|Co|Corp|vs|approx|ca)\.$")


#: the space of a sentence end followed by a lowercase letter: ". w", "!” w"
_STOP_SPACE = lazy_pattern(r"(?<=\S[.!?][”’\"')]?) (?=\p{Ll})")
#: in `re`, a superset of its matches, much faster to find: its space ends each match (no
#: match can hide another's, as the space is neither a full stop nor a closing mark)
_STOP_SPACE_CANDIDATE = re.compile(r"[.!?][”’\"')]? (?=[^\x00-`{-\x7f])")  # before a-z or non-ASCII


@register
class SentenceStartRule(Rule):
    """A paragraph, heading or sentence that starts with a lowercase letter.

    Only where a sentence certainly starts: at a paragraph's start, or after ". " when the word
    before the full stop is no abbreviation ("p.m.", "U.S.", "etc."). Words with inner capitals
    (iPhone, eBay) and listed particles (de, van, al-) legitimately start lowercase.
    """

    kind = "sentence-start"
    options = frozenset({"after-full-stop", "lowercase-words", "abbreviations"})

    _WORD = regex.compile(r"[\p{L}\p{M}’'-]+")

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        self.after_stop = bool(option(table, "after-full-stop", bool, False))
        self.lowercase_words = {w.lower() for w in option(table, "lowercase-words", list, [])}
        #: the language's own abbreviations ending in a full stop ("Mio.", "Jh.", "EE. UU.")
        self.abbreviations = {a.rstrip(".").lower() for a in option(table, "abbreviations", list, [])}

    def scan(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        starts = []
        if doc.segments.title is not None:  # a front-matter or <title> headline
            start, end = doc.segments.title
            starts.append(end - len(text[start:end].lstrip()))
        starts.extend(doc.segments.starts)
        lines, prefixes = doc.lines, doc.segments.prefixes
        for first, _last in doc.paragraphs:
            line = lines[first]
            length, kind = prefixes.get(line.start, (0, ""))  # as `doc.prefix(line)`
            if kind == "list":
                continue  # list items may legitimately start lowercase
            start = line.start + length
            if text[start:start + 1].isspace():
                start = line.end - len(text[start:line.end].lstrip())
            starts.append(start)
        for start in starts:
            finding = self._check(doc, start)
            if finding is not None:
                yield finding
        if not self.after_stop:
            return
        for match in _STOP_SPACE_CANDIDATE.finditer(text):
            at = match.end() - 1
            if _STOP_SPACE().match(text, at) is None:
                continue
            before = text[max(0, at - 12):at]
            if _ABBREVIATION().search(before.rstrip("”’\"')")) or before.rstrip().endswith(("...", "…")):
                continue
            last_word = before.rstrip("”’\"')").rstrip(".!?").split()[-1:] or [""]
            if last_word[0].lower() in self.abbreviations:
                continue
            if regex.search(r"\d\.$", before):
                continue
            finding = self._check(doc, at + 1)
            if finding is not None:
                yield finding

    def _check(self, doc: Document, offset: int) -> Finding | None:
        if not doc.text[offset:offset + 1].islower():
            return None  # no lowercase start (most sentences): settled without the regex below
        word = self._WORD.match(doc.text, offset)
        if word is None or not word.group()[0].islower():
            return None
        token = word.group()
        if any(c.isupper() for c in token[1:]) or token.lower() in self.lowercase_words:
            return None
        if token.split("-")[0].lower() in self.lowercase_words:
            return None
        return self.finding(doc, offset, offset + 1, token[0].upper())


@register
class LowercaseWordRule(Rule):
    """A word that this language writes lowercase, capitalised mid-sentence by a translation
    that followed English habits: "le président Chinois", "el 5 de Marzo", "am Montag" is fine.

    `words` lists the lowercase forms; a capitalised one is reported unless it starts a
    sentence or follows a word in `not-after` (French "les Chinois" is a noun, rightly
    capitalised), or stands in one of the `exceptions` ("la planète Mars").
    """

    kind = "lowercase-word"
    options = frozenset({"words", "not-after", "exceptions"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        words = option(table, "words", list)
        if not words:
            raise PackError("`words` is required: the lowercase forms")
        self.words = {w.lower() for w in words}
        self.not_after = {w.lower() for w in option(table, "not-after", list, [])}
        exceptions = option(table, "exceptions", list, [])
        self.shield = PhraseIndex({e: True for e in exceptions}) if exceptions else None

    def scan(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        shielded = self.shield.covered(doc) if self.shield is not None else set()
        for start, end in doc.words:
            token = text[start:end]
            if not token[:1].isupper() or token[1:] != token[1:].lower() or token.lower() not in self.words:
                continue
            if start in shielded:
                continue
            before = text[max(0, start - 60):start]
            stripped = before.rstrip()
            if not stripped or stripped[-1] in ".!?:;«“„\"'—–-(\n" or before.endswith("\n"):
                continue  # a sentence, quotation or line starts here
            previous = regex.findall(r"[\p{L}']+", stripped[-30:])
            if previous and (previous[-1].lower() in self.not_after or previous[-1].lower().split("'")[-1] in self.not_after):
                continue
            if previous and previous[-1][:1].isupper() and previous[-1].lower() not in self.words:
                head = stripped[: len(stripped) - len(previous[-1])].rstrip()
                if head and head[-1] not in ".!?:;«“„\"'—–-(\n":
                    continue  # inside a capitalised name: "Banque de France", "Lundi Matin" (a title)
            yield self.finding(doc, start, end, token.lower())
