"""Applying fixes: overlaps resolved deterministically, fix to a fixpoint, idempotence,
and whole-line deletions that keep paragraphs and the final newline as they were."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from repair import evaluate, packs
from repair.apply import apply, choose
from repair.document import Document
from repair.engine import Engine, line_findings
from repair.kinds import LineHit, Meta, Rule
from repair.model import Finding, Safety

ROOT = Path(__file__).resolve().parents[1]
DEFECTIVE = sorted((ROOT / "corpus" / "en" / "defective").glob("*.txt"))


def fx(text: str, start: int, end: int, replacement: str | None, rule: str = "MT999", safety: Safety = Safety.SAFE) -> Finding:
    return Finding(rule, "test", "other", "warning", "m", start, end, text[start:end], replacement, safety)


# ---------------------------------------------------------------- choose / apply


def test_non_overlapping_fixes_are_applied_together() -> None:
    text = "aaa bbb ccc ddd"
    findings = [fx(text, 12, 15, "D"), fx(text, 0, 3, "A"), fx(text, 8, 11, "")]
    out, done = apply(text, findings)
    assert out == "A bbb  D"
    assert [(f.start, f.end) for f in done] == [(0, 3), (8, 11), (12, 15)]


def test_offsets_refer_to_the_original_text_not_the_edited_one() -> None:
    # a lengthening fix early on must not shift the later fix's span
    text = "x y z"
    out, _ = apply(text, [fx(text, 0, 1, "xxxxxx"), fx(text, 4, 5, "Z")])
    assert out == "xxxxxx y Z"


def test_adjacent_fixes_do_not_overlap() -> None:
    text = "abcdef"
    chosen, deferred = choose([fx(text, 0, 3, "X"), fx(text, 3, 6, "Y")])
    assert len(chosen) == 2 and not deferred
    assert apply(text, chosen)[0] == "XY"


def test_overlap_earlier_start_wins() -> None:
    text = "abcdefgh"
    early, late = fx(text, 1, 5, "1"), fx(text, 3, 7, "2")
    chosen, deferred = choose([late, early])
    assert chosen == [early] and deferred == [late]
    assert apply(text, [late, early])[0] == "a1fgh"


def test_overlap_longer_span_wins_at_equal_start() -> None:
    text = "delete this whole line\n"
    inner, whole = fx(text, 0, 6, "remove"), fx(text, 0, len(text), "")
    chosen, deferred = choose([inner, whole])
    assert chosen == [whole] and deferred == [inner]
    assert apply(text, [inner, whole])[0] == ""


def test_equal_spans_lower_rule_id_wins() -> None:
    text = "colour"
    a, b = fx(text, 0, 6, "color", rule="MT200"), fx(text, 0, 6, "COLOR", rule="MT100")
    for order in ([a, b], [b, a]):
        assert apply(text, order)[0] == "COLOR"


def test_two_insertions_at_the_same_point_apply_one() -> None:
    text = "ab"
    first, second = fx(text, 1, 1, " ", rule="MT100"), fx(text, 1, 1, "-", rule="MT200")
    chosen, deferred = choose([second, first])
    assert chosen == [first] and deferred == [second]
    assert apply(text, [second, first])[0] == "a b"


def test_insertion_beside_a_replacement() -> None:
    text = "abcdef"
    # an insertion at the end of a replaced span touches it but does not overlap
    out, done = apply(text, [fx(text, 0, 3, "X"), fx(text, 3, 3, "_")])
    assert out == "X_def" and len(done) == 2
    # an insertion at the start of a replaced span competes with it: the longer span wins
    ins, rep = fx(text, 3, 3, "_"), fx(text, 3, 6, "Y")
    chosen, deferred = choose([ins, rep])
    assert chosen == [rep] and deferred == [ins]
    # an insertion strictly inside a replaced span is deferred
    chosen, deferred = choose([fx(text, 0, 4, "Z"), fx(text, 2, 2, "_")])
    assert len(chosen) == 1 and len(deferred) == 1


def test_unfixable_findings_are_never_applied() -> None:
    text = "abc"
    flag_only = fx(text, 0, 3, None, safety=Safety.NONE)
    chosen, deferred = choose([flag_only])
    assert chosen == [] and deferred == []
    assert apply(text, [flag_only]) == ("abc", [])


def test_choice_does_not_depend_on_input_order() -> None:
    text = "the quick brown fox jumps"
    findings = [
        fx(text, 0, 9, "A", rule="MT101"),
        fx(text, 4, 9, "B", rule="MT102"),
        fx(text, 4, 15, "C", rule="MT103"),
        fx(text, 10, 10, "D", rule="MT104"),
        fx(text, 10, 15, "E", rule="MT105"),
        fx(text, 16, 19, "F", rule="MT106"),
        fx(text, 16, 19, "G", rule="MT107"),
        fx(text, 25, 25, "!", rule="MT108"),
    ]
    results = {apply(text, list(order))[0] for order in itertools.permutations(findings[:6])}
    assert len(results) == 1
    assert apply(text, findings)[0] == "A E F jumps!"


# ---------------------------------------------------------------- fix to a fixpoint


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(packs.load("en").rules)


def test_corpus_is_present() -> None:
    assert len(DEFECTIVE) >= 10


@pytest.mark.parametrize("allowed", [Safety.SAFE, Safety.UNSAFE], ids=["safe", "unsafe"])
def test_fix_reaches_a_fixpoint_and_is_idempotent(engine: Engine, allowed: Safety) -> None:
    changed = 0
    for path in DEFECTIVE:
        text = evaluate.parse(path, "en").text
        once = engine.fix(text, allowed=allowed)
        assert not once.errors, (path.name, once.errors)
        # fixpoint: nothing the allowed safety could still apply is left over
        left = [f for f in once.remaining if f.fixable and f.safety <= allowed]
        assert not left, (path.name, left)
        twice = engine.fix(once.text, allowed=allowed)
        assert twice.text == once.text, path.name
        assert twice.applied == [], (path.name, twice.applied)
        changed += once.text != text
    assert changed >= len(DEFECTIVE) // 2  # the corpus really is damaged


def test_unsafe_fixes_need_permission(engine: Engine) -> None:
    # MT403 (glued words) is unsafe; a safe-only fix must leave it alone
    text = "The talksended without a deal.\n"
    found = engine.check(text).findings
    assert any(f.safety is Safety.UNSAFE for f in found)
    assert engine.fix(text, allowed=Safety.SAFE).text == text
    assert engine.fix(text, allowed=Safety.UNSAFE).text == "The talks ended without a deal.\n"


def test_fix_applies_fixes_exposed_by_earlier_ones(engine: Engine) -> None:
    # overlapping fixes: the deferred one is re-checked on the next round
    text = "The offensive once morest kyiv began.\n"
    result = engine.fix(text)
    assert result.text == "The offensive against Kyiv began.\n"
    assert {f.rule for f in result.applied} >= {"MT101"}


# ---------------------------------------------------------------- whole-line deletions


def _rule() -> Rule:
    meta = Meta("MT998", "test-line", "line", "boilerplate", "warning", "Furniture.", Safety.SAFE, "", "test")
    return Rule(meta, {}, None)  # type: ignore[arg-type]


def delete_lines(text: str, indices: list[int]) -> str:
    rule = _rule()
    doc = Document(text)
    findings = line_findings(doc, [(LineHit(i, i), rule) for i in indices])
    assert all(f.replacement == "" for f in findings)
    assert all(f.original == text[f.start:f.end] for f in findings)
    out, done = apply(text, findings)
    assert len(done) == len(findings), "line deletions of one pass must not overlap"
    return out


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        ("A\n\nB\n\nC\n", [2], "A\n\nC\n"),  # a middle paragraph
        ("A\n\nB\n\nC\n", [0], "B\n\nC\n"),  # the first paragraph
        ("A\n\nB\n\nC\n", [4], "A\n\nB\n"),  # the last one keeps the final newline
        ("A\n\nB\n\nC", [4], "A\n\nB"),  # … or its absence
        ("A\n\nB\n\nC\n\nD\n", [2, 4], "A\n\nD\n"),  # a run of paragraphs
        ("A\n\nB\n\nC\n", [2, 4], "A\n"),  # a trailing run
        ("A\n\nB\n\nC", [2, 4], "A"),
        ("A\nX\nB\n", [1], "A\nB\n"),  # a line inside a paragraph
        ("A\nX\n\nB\n", [1], "A\n\nB\n"),  # the last line of a paragraph
        ("X\nA\n\nB\n", [0], "A\n\nB\n"),  # the first line of a paragraph
        ("A\nX", [1], "A"),
        ("A\nB\n\nC\nX", [4], "A\nB\n\nC"),
        ("A\r\n\r\nB\r\n\r\nC\r\n", [2], "A\r\n\r\nC\r\n"),  # CRLF stays CRLF
        ("A\r\n\r\nB\r\n\r\nC", [4], "A\r\n\r\nB"),
        ("A\r\nX\r\nB\r\n", [1], "A\r\nB\r\n"),
        ("A\n\nB\n", [0, 2], ""),  # everything
    ],
)
def test_whole_line_deletions(text: str, lines: list[int], expected: str) -> None:
    assert delete_lines(text, lines) == expected


def test_one_hit_over_several_lines_is_one_finding() -> None:
    text = "A\n\nShare\nFacebook\nTwitter\n\nB\n"
    doc = Document(text)
    findings = line_findings(doc, [(LineHit(2, 4), _rule())])
    assert len(findings) == 1
    assert apply(text, findings)[0] == "A\n\nB\n"


@pytest.mark.parametrize("final", ["\n", ""])
@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_deletions_keep_one_blank_line_between_paragraphs(final: str, eol: str) -> None:
    paras = ["Keep one.", "Drop.", "Keep two.", "Drop.", "Drop.", "Keep three.", "Drop."]
    text = (eol + eol).join(paras) + (eol if final else "")
    doc = Document(text)
    drop = [first for (first, _), p in zip(doc.paragraphs, paras) if p == "Drop."]
    out = delete_lines(text, drop)
    assert out == (eol + eol).join(p for p in paras if p != "Drop.") + (eol if final else "")
