"""Pattern prefilters (`repair.kinds.prefilter`) are necessary conditions, never guesses.

Wherever a rule's exact pattern matches, its prefilter (gate, literal set, phrase automaton)
must let the text through: a miss would silently lose a finding. Distilled from the fuzzers
the prefilter was built with; every random choice comes from a fixed seed, so a failure
reproduces. Each property helper is also shown to report a deliberately wrong prefilter.
"""

from __future__ import annotations

import copy
import math
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest
import regex

from repair import packs
from repair.document import Document
from repair.kinds import Rule
from repair.kinds.lines import LinePatternRule
from repair.kinds.phrases import LiteralSet, PhraseIndex
from repair.kinds.prefilter import Analysis
from repair.kinds.substitute import RegexRule, TermsRule, compile_pattern

SEED = 20261125

#: characters whose case folding is not one lowercase character (or reaches ASCII), marks,
#: numbers `re` and `regex` class differently, unusual spaces and line breaks: where a gate on
#: lowered text or on widened classes could go wrong
TRAPS = ["ß", "ſ", "ﬁ", "ﬆ", "İ", "\u212a", "Σ", "ς", "µ", "ǰ", "ŉ", "\u0301", "é", "²", "_", "1", "’", "'", "-", "«",
         "»", "“", "\u00a0", "\u2003", "\u202f", "\u200d", "\t", "\x85", "\x1c", "\n"]
#: look-alikes that ignore-case matching equates with the text they replace, and other spaces
SWAPS = {"ss": ["ß"], "ß": ["ss", "SS"], "s": ["ſ"], "fi": ["ﬁ"], "st": ["ﬆ"], "i": ["İ"], "k": ["\u212a"],
         "K": ["\u212a"], "σ": ["ς", "Σ"], "é": ["É"], " ": ["\u00a0", "\u2003", "\t", "\x85", "\x1c"]}


def plain(example: str) -> str:
    return example.replace("⟦", "").replace("⟧", "")


def mutate(text: str, rnd: random.Random) -> str:
    """`text` with a few case changes, trap insertions, deletions and look-alike swaps."""
    for _ in range(rnd.randint(1, 3)):
        if not text:
            break
        at, roll = rnd.randrange(len(text)), rnd.random()
        if roll < 0.25:
            text = text[:at] + rnd.choice([str.upper, str.lower])(text[at]) + text[at + 1:]
        elif roll < 0.45:
            text = text[:at] + rnd.choice(TRAPS) + text[at:]
        elif roll < 0.55:
            text = text[:at] + text[at + 1:]
        elif roll < 0.85:
            found, swap = rnd.choice(list(SWAPS.items()))
            text = text.replace(found, rnd.choice(swap), rnd.choice([1, -1]))  # the first one, or all
        else:
            text = rnd.choice([str.upper, str.title])(text)
    return text


def variants(texts: Iterable[str], rnd: random.Random, count: int = 24) -> Iterator[str]:
    for text in texts:
        yield text
        for _ in range(count):
            yield mutate(text, rnd)


def examples(rule: Rule) -> list[str]:
    return [plain(example.text) for example in (*rule.meta.bad, *rule.meta.good)]


# ------------------------------------------------------------------ property helpers


def analysis_misses(analysis: Analysis, exact: regex.Pattern[str], texts: Iterable[str]) -> list[str]:
    """The texts where `exact` matches but `analysis` says it cannot: its gate finds nothing,
    or the match holds none of its required literals."""
    misses = []
    for text in texts:
        try:
            found = exact.search(text, timeout=0.1)
        except TimeoutError:
            continue  # a random pattern that backtracks without end on this text: no verdict
        if found is None:
            continue
        if not analysis.may_match(Document(text)):
            misses.append(text)
        elif analysis.required is not None and len(text.lower()) == len(text):
            # (where lowering changes lengths, literal scans fall back to every line)
            span = found.group().lower() if analysis.ignore_case else found.group()
            if not any(string in span for string in analysis.required):
                misses.append(text)
    return misses


def line_misses(rule: LinePatternRule, doc: Document) -> list[int]:
    """The lines that `rule.pattern` matches in whole, among the lines the rule may delete,
    which `rule.scan` (through its literal set, gate or shared prefilter) does not report."""
    texty = [line for line in doc.lines if not line.blank]
    allowed = texty
    if rule.first is not None or rule.last is not None:
        allowed = texty[: rule.first or 0] + (texty[-rule.last:] if rule.last else [])
    expected = {
        line.index for line in allowed
        if len(line.text) <= rule.max_length and rule.pattern.fullmatch(doc.text, doc.content_start(line), line.end)
    }
    return sorted(expected - {hit.first for hit in rule.scan(doc)})


class _Proposing:
    """A stand-in for the pack's automaton that proposes the given word starts; with None,
    `PhraseIndex.find` walks the text word by word: the exact matching the automaton prefilters."""

    def __init__(self, starts: list[int] | None) -> None:
        self.starts = starts

    def candidates(self, doc: Document, slot: int) -> list[int] | None:
        return self.starts


def with_scanner(index: PhraseIndex[object], scanner: _Proposing) -> PhraseIndex[object]:
    """A copy of `index` using `scanner`: the pack's own index is shared and left alone."""
    other = copy.copy(index)
    other.scanner = scanner  # type: ignore[assignment]
    return other


def phrase_misses(index: PhraseIndex[object], text: str) -> list[tuple[int, int]]:
    """Spans the word-by-word walk matches that the automaton-prefiltered `find` does not."""
    found = {(start, end) for start, end, _ in index.find(Document(text))}
    walk = with_scanner(index, _Proposing(None)).find(Document(text))
    return [(start, end) for start, end, _ in walk if (start, end) not in found]


# ------------------------------------------------------------------ (a) shipped packs


@pytest.fixture(scope="module")
def shipped() -> dict[str, packs.Pack]:
    return {lang: packs.load(lang) for lang in packs.languages()}


@pytest.mark.parametrize("lang", packs.languages())
def test_shipped_rules_never_miss_on_their_examples(shipped: dict[str, packs.Pack], lang: str) -> None:
    rnd = random.Random(f"{SEED}-{lang}")
    misses: list[object] = []
    unmatched = []
    for rule in shipped[lang].rules:
        if isinstance(rule, RegexRule):
            texts = list(variants(examples(rule), rnd))
            if rule.meta.bad and not any(rule.pattern.search(plain(e.text)) for e in rule.meta.bad):
                unmatched.append(rule.meta.id)  # the property would hold vacuously
            misses += [(rule.meta.id, text) for text in analysis_misses(rule.analysis, rule.pattern, texts)]
        elif isinstance(rule, LinePatternRule):
            for text in variants(examples(rule), rnd):
                misses += [(rule.meta.id, text, line) for line in line_misses(rule, Document(text, lang=lang))]
        for index in (value for value in vars(rule).values() if isinstance(value, PhraseIndex)):
            phrases = rnd.sample(sorted(index.phrases()), min(len(index), 20))
            fours = [phrases[k:k + 4] for k in range(0, len(phrases) - 3, 4)]
            texts = examples(rule) + [f"{a} {b}, ({c})’s {d}." for a, b, c, d in fours]
            for text in variants(texts, rnd, 6):
                misses += [(rule.meta.id, text, span) for span in phrase_misses(index, text)]
    assert not unmatched
    assert not misses


def test_helpers_report_a_wrong_prefilter(shipped: dict[str, packs.Pack]) -> None:
    """Each helper above fails on a prefilter that is wrong in a plausible way."""
    rules = {rule.meta.id: rule for rule in shipped["en"].rules}
    rnd = random.Random(SEED)

    spinner = rules["MT101"]  # "once morest", ignoring case
    assert isinstance(spinner, RegexRule) and spinner.ignore_case and spinner.analysis.gate is not None
    case_blind = spinner.analysis._replace(ignore_case=False)  # the lowercase gate on the raw text
    assert analysis_misses(case_blind, spinner.pattern, ["Once morest the plan"])
    wrong_literal = spinner.analysis._replace(gate=None, required=frozenset({"against"}))
    assert analysis_misses(wrong_literal, spinner.pattern, ["once morest the plan"])

    line = next(r for r in rules.values() if isinstance(r, LinePatternRule) and r.literals and r.ignore_case)
    assert line.literals is not None
    exact_case = copy.copy(line)
    exact_case.literals = LiteralSet(line.literals.strings, exact_case=True)  # forgets ignore-case
    texts = [text.upper() for text in examples(line)]
    assert any(line_misses(exact_case, Document(text)) for text in texts)
    assert not any(line_misses(line, Document(text)) for text in texts)

    terms = next(r for r in rules.values() if isinstance(r, TermsRule))
    blind = with_scanner(terms.index, _Proposing([]))  # type: ignore[arg-type]
    assert any(phrase_misses(blind, text) for text in variants(examples(terms), rnd))


# ------------------------------------------------------------------ (b) random patterns

ATOMS = ["[\\x41-\\x43]", "[\\u00e0-\\u00ff]", "[\\w.-]", "[^\\s(\\[—–/-]", "[-–—]", "[’\\x27]", "\\x27", "[ \\t]",
         "[\\s]", "[^\\d]", "[\\p{L}\\p{N}]", "a", "b", "c", "s", "x", "A", "B", "S", "k", "i", "f", " ", "\\.", "-",
         ",", "é", "ß", "σ", "\\s", "\\S", "\\d", "\\w", "\\W", "\\p{L}", "\\p{Ll}", "\\p{Lu}", "\\P{L}", "\\P{Lu}",
         ".", "[ab]", "[^a]", "[a-c]", "[\\s,]", "[^\\s]", "[sS]", "[CF]", "\\x41", "\\x1c", "\\u00e9", "\\t"]
ASSERTIONS = ["\\b", "^", "$", "\\B"]
QUANTIFIERS = ["*", "+", "?", "{1,3}", "{2,}", "{0,6}", "+?", "*+", "{2}"]
WORDS = ["the", "a", "an", "of", "ss", "fi", "is"]
ASCII = [*"abcAB s.-x,k", "\n", "_", "1", "ss", "SS", "fi", "st"]
ALPHABET = [*ASCII, "ß", "ſ", "ﬁ", "\u212a", "İ", "\u00a0", "²", "é", "\u0301", "σ", "ς", "Σ", "’", "ﬆ", "\x1c"]


def random_pattern(rnd: random.Random, atoms: list[str], depth: int = 0, groups: list[int] | None = None) -> str:
    """A pattern of `atoms`, assertions, groups, lookarounds, back-references and quantifiers."""
    groups = [0] if groups is None else groups

    def inner(groups: list[int]) -> str:
        return random_pattern(rnd, atoms, depth + 1, groups)

    out = []
    for _ in range(rnd.randint(1, 4)):
        roll = rnd.random()
        quantifiable = True
        if roll < 0.5 or depth > 2:
            out.append(rnd.choice(atoms))
        elif roll < 0.6:
            out.append(rnd.choice(ASSERTIONS))
            quantifiable = False
        elif roll < 0.75:
            groups[0] += 1
            first = inner(groups)
            out.append(f"({first}|{inner(groups)})" if rnd.random() < 0.5 else f"({first})")
        elif roll < 0.85:
            out.append(f"(?:{inner(groups)}|{inner(groups)})")
        elif roll < 0.9:
            out.append(rnd.choice(["(?=", "(?!", "(?<=", "(?<!"]) + inner([0]) + ")")
            quantifiable = False
        elif roll < 0.95 and groups[0]:
            out.append(f"\\{rnd.randint(1, groups[0])}")
        else:
            out.append("(?:" + "|".join(rnd.choice(WORDS) for _ in range(3)) + ")")
        if quantifiable and rnd.random() < 0.35:
            out[-1] += rnd.choice(QUANTIFIERS)
    return "".join(out)


def random_cases(count: int, seed: int = SEED) -> Iterator[tuple[str, bool, regex.Pattern[str], list[str]]]:
    """(pattern, ignore-case, compiled, texts) for `count` random patterns that compile. Each
    case draws from a few atoms and characters (ASCII only, half the time), so that they meet
    often and a trap comes alone; the texts a pattern matches come back in variants too."""
    rnd = random.Random(seed)
    made = 0
    while made < count:
        pattern, fold = random_pattern(rnd, rnd.sample(ATOMS, rnd.randint(3, 8))), rnd.random() < 0.5
        alphabet = rnd.sample(rnd.choice([ASCII, ALPHABET]), rnd.randint(3, 8))
        texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 20))) for _ in range(6)]
        try:
            exact = compile_pattern(pattern, fold)
            matched = [text for text in texts if exact.search(text, timeout=0.1)]
        except Exception:  # noqa: BLE001 - a pattern `regex` refuses, or one that never ends: draw another
            continue
        made += 1
        yield pattern, fold, exact, texts + [mutate(text, rnd) for text in matched for _ in range(4)]


def random_misses(analyse: Callable[[str, bool], Analysis], count: int) -> list[tuple[str, bool, str]]:
    return [
        (pattern, fold, text)
        for pattern, fold, exact, texts in random_cases(count)
        for text in analysis_misses(analyse(pattern, fold), exact, texts)
    ]


#: (pattern, ignore-case, a text it matches): the places where a plausible prefilter goes wrong
KNOWN_TRAPS = [
    ("fi", True, "ﬁnal"),  # one character folding to several
    ("ss", True, "Straße"),
    ("ß", True, "STRASSE"),
    ("mist", True, "miſt"),  # folding into ASCII
    ("k", True, "\u212a"),
    ("σ", True, "ς"),  # a non-ASCII letter lowercasing differently from its folding
    ("(.)\\1", True, "σς"),  # a back-reference under ignore-case
    ("[A-C]", True, "a"),  # a class under ignore-case
    ("\\p{Lu}", True, "a"),
    ("\\P{L}", False, "1"),  # a complement
    ("\\w", False, "é"),  # Unicode classes
    ("x\\b", False, "x²"),  # \b where `re` and `regex` disagree on word characters
    ("a\\s+\\x1c", False, "a \x1c"),  # `re`'s \s takes \x1c, `regex`'s does not
    ("x[ab]+ba", False, "xabba"),  # a loop that must give back what follows it
    ("x[ab]+c?a", False, "xaa"),
    ("(?:ab|cd)", False, "cd"),  # literals from every branch
]


@pytest.mark.parametrize(("pattern", "fold", "text"), KNOWN_TRAPS)
def test_known_traps_never_miss(pattern: str, fold: bool, text: str) -> None:
    exact = compile_pattern(pattern, fold)
    assert exact.search(text)
    assert analysis_misses(Analysis.of(pattern, fold), exact, [text]) == []


def test_random_patterns_never_miss() -> None:
    analyses = []

    def analyse(pattern: str, fold: bool) -> Analysis:
        analyses.append(Analysis.of(pattern, fold))
        return analyses[-1]

    assert random_misses(analyse, 600) == []
    assert sum(analysis.gate is not None for analysis in analyses) > len(analyses) / 2  # not vacuous


def test_random_property_reports_a_wrong_analysis() -> None:
    """An analysis that forgets ignore-case (and lowercasing) is caught by the same cases."""
    assert random_misses(lambda pattern, fold: Analysis.of(pattern, False), 300)


# ------------------------------------------------------------------ (c) unmodelled constructs

UNMODELLED = [
    "(?i)once morest",  # inline flags, global and scoped
    "(?i:once) morest",
    "(?x)once \\  morest",
    "\\((?:[^()]|(?R))*\\)",  # recursion
    "(a(?1)?b)",
    "(?:morest){e<=1}",  # fuzzy matching
    "once \\Kmorest",  # \K: the match starts later than what the pattern reads
    "\\Gmorest",
    "[[a-z]--[aeiou]]+ing",  # nested sets and set operations
    "[\\w&&[^\\d]]morest",
    "(once)?(?(1)morest|against)",  # conditional
    "(?|(once)|(twice)) morest",  # branch reset
    "once(?#comment) morest",
]


@pytest.mark.parametrize("pattern", UNMODELLED)
@pytest.mark.parametrize("fold", [False, True])
def test_unmodelled_constructs_mean_no_prefilter(pattern: str, fold: bool) -> None:
    compile_pattern(pattern, fold)  # a pattern a rule may hold
    analysis = Analysis.of(pattern, fold)
    assert analysis == Analysis(None, None, fold)
    assert analysis.may_match(Document("nothing alike"))


def test_unmodelled_would_be_wrong_to_guess() -> None:
    """Reading past an inline flag would miss a match: why such patterns get no prefilter."""
    guess = Analysis.of("ONCE MOREST", False)  # "(?i)ONCE MOREST" with the flag ignored
    assert guess.gate is not None
    assert analysis_misses(guess, compile_pattern("(?i)ONCE MOREST", False), ["once morest"])
    assert Analysis.of("once morest", True).gate is not None  # and the modelled form is gated


# ------------------------------------------------------------------ (d) linear-time gates

SIZE = 200_000


def ways(gate: re.Pattern[str]) -> float:
    """How many ways a gate may try at one position before it gives up there: infinite with
    an unbounded loop that gives characters back (greedy or lazy, not possessive), which can
    make a search quadratic or worse. Read from the parse tree of `re` itself."""

    def seq(items: object) -> float:
        return math.prod([item(op, arg) for op, arg in items], start=1.0)  # type: ignore[attr-defined]

    def item(op: object, arg: Any) -> float:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, inner = arg
            return math.inf if high == sre.MAXREPEAT else sum(seq(inner) ** k for k in range(low, high + 1))
        if op is sre.SUBPATTERN:
            return seq(arg[3])
        if op is sre.BRANCH:
            return sum(seq(branch) for branch in arg[1])
        return 1  # a character, a class, a possessive loop, an assertion: one way each

    return seq(sre_parse.parse(gate.pattern, gate.flags))


#: the most ways a gate may try at one position (the analysis' own bound), and a pattern whose
#: gate would go far beyond it if the analysis did not stop there: 5 ** 12 ways
WAYS = 4096
PATH_HEAVY = "x" + "[ab]{0,4}" * 12 + "y"


@pytest.fixture(scope="module")
def gated(shipped: dict[str, packs.Pack]) -> list[tuple[str, Analysis, list[str]]]:
    """(name, analysis, near misses) for every gated shipped rule and for random patterns; a
    near miss is an example's match without its last character."""
    gates = []
    for pack in shipped.values():
        for rule in pack.rules:
            if isinstance(rule, (RegexRule, LinePatternRule)) and rule.analysis.gate is not None:
                matches = [found.group() for text in examples(rule) if (found := rule.pattern.search(text))]
                gates.append((rule.meta.id, rule.analysis, [m[:-1] for m in matches if len(m) > 1]))
    for pattern, fold, _, _ in random_cases(300):
        analysis = Analysis.of(pattern, fold)
        if analysis.gate is not None:
            gates.append((pattern, analysis, []))
    gates.append((PATH_HEAVY, Analysis.of(PATH_HEAVY, False), ["x" + "ab" * 24]))
    return gates


def test_gates_try_few_ways_at_a_position(gated: list[tuple[str, Analysis, list[str]]]) -> None:
    assert ways(re.compile("[ab]*c")) == ways(re.compile("x(?:a|b)+?y")) == math.inf
    assert ways(re.compile("[ab]*+c[ab]{0,4}")) == 5 and ways(re.compile("[ab]{0,4}" * 12)) > WAYS
    gates = [analysis.gate for _, analysis, _ in gated]
    assert [gate for gate in gates if gate is None or ways(gate) > WAYS] == []


def test_gates_run_in_linear_time_on_adversarial_text(gated: list[tuple[str, Analysis, list[str]]]) -> None:
    """A guard against runaway gates, not a benchmark: each search must end far below the
    bound, on a long text of near misses and one of mixed characters its classes match."""
    rnd = random.Random(SEED)
    mixed = "".join(rnd.choice("aAbs ß.,1é-\n\t’") for _ in range(SIZE))
    slow = []
    for name, analysis, near in gated:
        if analysis.gate is None or ways(analysis.gate) > WAYS:
            continue  # the test above reports it; run, it might not end
        for text in [mixed, *(m * (SIZE // len(m) + 1) for m in near[:1])]:
            text = text.lower() if analysis.ignore_case else text  # as `may_match` searches it
            started = time.perf_counter()
            analysis.gate.search(text)
            if time.perf_counter() - started > 2.0:
                slow.append((name, analysis.gate.pattern))
    assert slow == []
