"""Every rule of every pack proves itself on its own examples (the LanguageTool way).

A bad example marks each expected span with ⟦ ⟧ and gives the repaired text; a good
example must produce no finding of that rule and come back from a fix unchanged.
"""

from __future__ import annotations

import pytest

from repair import packs
from repair.engine import Engine
from repair.kinds import Rule
from repair.model import Safety

MARKS = "⟦⟧"


def _all_rules() -> list[tuple[str, Rule]]:
    return [(lang, rule) for lang in packs.languages() for rule in packs.load(lang).rules]


RULES = _all_rules()
IDS = [f"{lang}-{rule.meta.id}-{rule.meta.name}" for lang, rule in RULES]
# A rule whose only job is to let a house style choose needs no bad example by default.
NO_BAD_EXAMPLE_NEEDED = {"spelling"}


def unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    spans, out, start = [], [], None
    for char in text:
        if char == "⟦":
            start = len("".join(out))
        elif char == "⟧":
            assert start is not None, f"unbalanced marks in {text!r}"
            spans.append((start, len("".join(out))))
            start = None
        else:
            out.append(char)
    return "".join(out), spans


@pytest.mark.parametrize(("lang", "rule"), RULES, ids=IDS)
def test_rule_has_examples(lang: str, rule: Rule) -> None:
    assert rule.meta.good, f"{rule.meta.id} has no good example"
    if rule.meta.kind not in NO_BAD_EXAMPLE_NEEDED or rule.meta.bad:
        assert rule.meta.bad, f"{rule.meta.id} has no bad example"


@pytest.mark.parametrize(("lang", "rule"), RULES, ids=IDS)
def test_bad_examples(lang: str, rule: Rule) -> None:
    engine = Engine([rule])
    for example in rule.meta.bad:
        text, spans = unmark(example.text)
        findings = [f for f in engine.check(text, lang=lang).findings if f.rule == rule.meta.id]
        got = sorted((f.start, f.end) for f in findings)
        for span in spans:
            marked = text[span[0]:span[1]]
            assert any(
                (s, e) == span or (marked.strip() and text[s:e].strip() == marked.strip()) for s, e in got
            ), f"{rule.meta.id}: expected a finding at {span} {marked!r} in {text!r}, got {[(s, e, text[s:e]) for s, e in got]}"
        assert len(got) == len(spans), f"{rule.meta.id}: {len(got)} findings for {len(spans)} marks in {text!r}"
        if example.fixed is not None:
            assert rule.meta.safety is not Safety.NONE, f"{rule.meta.id} cannot fix, but an example has `fixed`"
            fixed = engine.fix(text, lang=lang, allowed=Safety.UNSAFE).text
            assert fixed == example.fixed, f"{rule.meta.id}: {text!r} fixed to {fixed!r}"
        else:
            assert all(f.replacement is None for f in findings) or rule.meta.safety is Safety.NONE, (
                f"{rule.meta.id}: a fixable rule's bad example must say what it is fixed to"
            )


@pytest.mark.parametrize(("lang", "rule"), RULES, ids=IDS)
def test_good_examples(lang: str, rule: Rule) -> None:
    engine = Engine([rule])
    for example in rule.meta.good:
        findings = engine.check(example.text, lang=lang).findings
        assert not findings, f"{rule.meta.id} fired on good example {example.text!r}: {findings}"
