"""Glued tokens: a space lost between a name and the next word, or between two words.

Three kinds, from most to least certain: a known name glued to a lowercase word
("Jinpingarrived"), a photo credit glued to a caption ("ParliamentPAP/EPA"), and an
unknown lowercase token that splits into two common words ("specialfacing").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import regex

from repair.document import Document
from repair.kinds import Context, Meta, PackError, Rule, option, register
from repair.lexicon import known, zipf
from repair.model import Finding

_CAPITALISED = regex.compile(r"\b\p{Lu}[\p{Ll}\p{M}]+\p{Ll}{3,}\b")
_LOWER_TOKEN = regex.compile(r"(?<![\p{L}\p{N}\-'’./@#_])\p{Ll}{6,}(?![\p{L}\p{N}\-'’_@])")
_NAME_TAIL = regex.compile(r"\b(?:\p{Lu}[\p{Ll}\p{M}]{2,}|\p{Lu}{2,})\p{Ll}{3,}\b")


#: runs a rule remembers across texts before it starts over (a run's vocabulary)
_MEMO_SIZE = 200_000

#: stretches of a-z and of characters outside ASCII, six or more long, after no ASCII letter
#: or digit or other character `_LOWER_TOKEN` forbids before a token. Every `_LOWER_TOKEN`
#: match (its letters are among these) lies in one, since the stretch that takes in its start
#: runs on to the end of its letters, and is a match in that stretch too (its neighbours there
#: are the text's, or none). `re` finds these three times faster than `regex` finds the tokens.
_LOWER_RUN = re.compile(r"(?<![A-Za-z0-9_\-'./@#])[a-z\x80-\U0010ffff]{6,}")


class _Memo:
    """What a rule has concluded about the runs of text it has seen, for the texts to come:
    for each run, its tokens to cut and where (`judged`); the runs with any (`to_cut`)."""

    def __init__(self) -> None:
        self.judged: dict[str, tuple[tuple[str, int], ...]] = {}
        self.to_cut: dict[str, tuple[tuple[str, int], ...]] = {}


def _glued(pattern: regex.Pattern[str], text: str, cut_of: Callable[[str], int | None], memo: _Memo,
           runs: re.Pattern[str] | None = None) -> Iterator[int]:
    """Offsets where a token matched by `pattern` is cut in two, in text order.

    The text's distinct runs (`runs` matches, holding every token `pattern` matches; or the
    tokens themselves) are listed in C. Texts repeat their words, and a corpus its vocabulary:
    set operations, in C too, leave only the runs never seen to be judged and find those with
    a token to cut; the few such tokens are then looked up where they occur.
    """
    if len(memo.judged) > _MEMO_SIZE:
        memo.judged.clear()
        memo.to_cut.clear()
    found = set((runs or pattern).findall(text))
    for run in found.difference(memo.judged):
        tokens: Iterable[str] = (run,) if runs is None else set(pattern.findall(run))
        verdict = memo.judged[run] = tuple((token, cut) for token in tokens if (cut := cut_of(token)) is not None)
        if verdict:
            memo.to_cut[run] = verdict
    cuts = dict(pair for run in found.intersection(memo.to_cut) for pair in memo.to_cut[run])
    offsets = []
    for token, cut in cuts.items():  # a token is a match where `pattern` matches just it
        at = text.find(token)
        while at >= 0:
            match = pattern.match(text, at)
            if match is not None and match.end() == at + len(token):
                offsets.append(at + cut)
            at = text.find(token, at + 1)
    yield from sorted(offsets)


def _data_words(ctx: Context, key: str) -> list[str]:
    value = ctx.data.get(key, [])
    if not isinstance(value, list):
        raise PackError(f"data {key!r} must be a list")
    return [v["name"] if isinstance(v, dict) else v for v in value]


@register
class GluedNameRule(Rule):
    """A name from the gazetteer with the next word glued on: "Xi Jinpingarrived"."""

    kind = "glue-name"
    options = frozenset({"lists", "min-zipf"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        lists = option(table, "lists", list)
        if not lists:
            raise PackError("`lists` is required")
        self.names: set[str] = set()
        for key in lists:
            for name in _data_words(ctx, key):
                last = name.split()[-1]
                if last[:1].isupper() and len(last) >= 3 and last.isalpha():
                    self.names.add(last)
        self.suffixes = set(ctx.data.get("name-suffixes", []))
        self.min_zipf = float(option(table, "min-zipf", (int, float), 3.0))
        self.lang = ctx.data.get("lexicon", "en")
        self.memo = _Memo()

    def scan(self, doc: Document) -> Iterator[Finding]:
        for at in _glued(_CAPITALISED, doc.text, self._cut, self.memo):
            yield self.finding(doc, at, at, " ")

    def _cut(self, token: str) -> int | None:
        for cut in range(3, len(token) - 2):
            head, tail = token[:cut], token[cut:]
            if head not in self.names or tail in self.suffixes:
                continue
            if zipf(tail, self.lang) < self.min_zipf or known(token, self.lang, 0.5):
                continue
            return cut
        return None


@register
class GluedCreditRule(Rule):
    """A photo credit glued to the caption before it: "in the ParliamentPAP/EPA"."""

    kind = "glue-credit"
    options = frozenset()

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        agencies = _data_words(ctx, "photo-agencies")
        if not agencies:
            raise PackError("data 'photo-agencies' is required")
        alternation = "|".join(regex.escape(a) for a in sorted(agencies, key=len, reverse=True))
        self.pattern = regex.compile(rf"(?<=\p{{Ll}}{{2}})(?:{alternation})(?=/|\)|$|\s*[/|])", regex.MULTILINE)

    def scan(self, doc: Document) -> Iterator[Finding]:
        for match in self.pattern.finditer(doc.text):
            yield self.finding(doc, match.start(), match.start(), " ")


@register
class GluedWordsRule(Rule):
    """An unknown lowercase token that is two common words without the space: "talksended"."""

    kind = "glue-words"
    options = frozenset({"min-zipf"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        self.min_zipf = float(option(table, "min-zipf", (int, float), 3.0))
        self.prefixes = set(ctx.data.get("word-prefixes", []))
        self.short = set(ctx.data.get("short-words", []))
        self.compound_tails = set(ctx.data.get("compound-tails", []))
        self.lang = ctx.data.get("lexicon", "en")
        self.memo = _Memo()

    def scan(self, doc: Document) -> Iterator[Finding]:
        for at in _glued(_LOWER_TOKEN, doc.text, self._cut, self.memo, _LOWER_RUN):
            yield self.finding(doc, at, at, " ")

    def _cut(self, token: str) -> int | None:
        if zipf(token, self.lang):
            return None  # a common word (the small list answers without the large one)
        best: tuple[float, int] | None = None
        for cut in range(2, len(token) - 1):
            head, tail = token[:cut], token[cut:]
            if head in self.prefixes or tail in self.compound_tails:
                continue  # "counterdrone", "chipmaking": closed compounds, not glue
            if (len(head) < 3 and head not in self.short) or (len(tail) < 3 and tail not in self.short):
                continue
            score = min(zipf(head, self.lang), zipf(tail, self.lang))
            if score >= self.min_zipf and (best is None or score > best[0]):
                best = (score, cut)
        if best is not None and not known(token, self.lang, 0.5):
            return best[1]
        return None


@register
class GluedTailRule(Rule):
    """Any capitalised name or acronym glued to a reporting verb: "Powellsaid", "JAXAsaid".

    Names are open-ended, but the words news glues to them are few ("said", "told", "has"):
    those `tails` are listed in the pack, and the glued token must be no known word.
    """

    kind = "glue-tail"
    options = frozenset({"tails"})

    def __init__(self, meta: Meta, table: dict[str, Any], ctx: Context) -> None:
        super().__init__(meta, table, ctx)
        tails = option(table, "tails", list)
        if not tails:
            raise PackError("`tails` is required: the lowercase words found glued to names")
        self.tails = sorted(set(tails), key=len, reverse=True)
        self.lang = ctx.data.get("lexicon", "en")
        self.memo = _Memo()

    def scan(self, doc: Document) -> Iterator[Finding]:
        for at in _glued(_NAME_TAIL, doc.text, self._cut, self.memo):
            yield self.finding(doc, at, at, " ")

    def _cut(self, token: str) -> int | None:
        for tail in self.tails:
            head = token[: -len(tail)]
            if not token.endswith(tail) or len(head) < 3 or not head[-1].isalpha():
                continue
            if head.isupper() or (head[-1].islower() and not known(token, self.lang, 0.5)):
                return len(head)
            break
        return None
