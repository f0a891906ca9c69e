"""Rule packs: validation errors that name file, rule and problem; regexes that cannot hang;
and a lint of the shipped packs (unique ids and names, terms that neither loop nor miss)."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest

from repair import packs
from repair.engine import Engine
from repair.kinds import PackError, Rule
from repair.kinds import lines as lines_kind
from repair.kinds import substitute
from repair.model import Safety

GOOD_RULE = """
[[rule]]
id = "{id}"
name = "{name}"
kind = "regex"
category = "spinner"
severity = "error"
fix = "safe"
message = "Test rule."
pattern = '\\bonce morest\\b'
replacement = "against"
examples.bad = [{{ text = "⟦once morest⟧ it", fixed = "against it" }}]
examples.good = ["once more"]
"""


def pack_file(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def rule_toml(**fields: object) -> str:
    """A regex rule with `fields` overriding (or, with value None, removing) its keys."""
    base: dict[str, object] = {
        "id": "XX101", "name": "test-rule", "kind": "regex", "category": "spinner", "severity": "error",
        "fix": "safe", "message": "Test rule.", "pattern": r"\bfoo\b", "replacement": "bar",
    }
    base.update(fields)
    lines = ["[[rule]]"]
    for key, value in base.items():
        if value is None:
            continue
        if isinstance(value, str):
            lines.append(f"{key} = '{value}'")
        elif isinstance(value, bool):
            lines.append(f"{key} = {str(value).lower()}")
        elif isinstance(value, list):
            lines.append(f"{key} = [" + ", ".join(f"'{v}'" for v in value) + "]")
        else:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def build_error(tmp_path: Path, body: str, name: str = "bad.toml") -> tuple[str, Path]:
    path = pack_file(tmp_path / "en", name, body)
    with pytest.raises(PackError) as info:
        packs.build([path], "en")
    return str(info.value), path


def test_a_valid_pack_builds(tmp_path: Path) -> None:
    path = pack_file(tmp_path / "en", "ok.toml", GOOD_RULE.format(id="XX101", name="test-rule"))
    pack = packs.build([path], "en")
    assert [r.meta.id for r in pack.rules] == ["XX101"]
    assert pack.rules[0].meta.source == str(path)
    result = Engine(pack.rules).fix("they turned once morest the plan")
    assert result.text == "they turned against the plan"


def test_malformed_toml_names_the_file_and_line(tmp_path: Path) -> None:
    body = GOOD_RULE.format(id="XX101", name="test-rule") + '\n[[rule]]\nid = "XX102\nname = "x"\n'
    message, path = build_error(tmp_path, body)
    assert str(path) in message
    assert "not valid TOML" in message
    assert "line 16" in message  # the unterminated string


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"kind": "regexp"}, "unknown kind 'regexp'"),
        ({"category": "spelling"}, "unknown category 'spelling'"),
        ({"severity": "fatal"}, "severity must be one of"),
        ({"fix": "maybe"}, "`fix` must be"),
        ({"message": None}, "`message` is required"),
        ({"kind": None}, "`kind` is required"),
        ({"name": "Test_Rule"}, "must be kebab-case"),
        ({"pattern": "(unclosed"}, "`pattern` does not compile"),
        ({"pattern": None}, "`pattern` is required"),
        ({"pattern": r"(\w+) (\w+)", "replacement": r"\2 \3"}, "refers to group 3, the pattern has 2"),
        ({"pattern": r"(?P<word>\w+)", "replacement": r"\g<wrod>"}, "unknown group 'wrod'"),
        ({"patern": r"\bfoo\b"}, "unknown key(s) for kind 'regex': patern"),
        ({"ignore-case": "yes"}, "`ignore-case` must be a bool"),
        ({"scope": "footer"}, "`scope` must be"),
    ],
)
def test_rule_errors_name_file_rule_and_problem(tmp_path: Path, fields: dict, problem: str) -> None:
    message, path = build_error(tmp_path, rule_toml(**fields))
    assert message.startswith(f"{path}: rule XX101: "), message
    assert problem in message, message


@pytest.mark.parametrize("bad_id", ["MT1", "mt101", "MT1010", "M1010", "MT-101"])
def test_bad_id_format(tmp_path: Path, bad_id: str) -> None:
    message, path = build_error(tmp_path, rule_toml(id=bad_id))
    assert str(path) in message
    assert f"rule {bad_id}:" in message
    assert "two capitals and three digits" in message


def test_a_rule_without_id_is_named_by_its_name(tmp_path: Path) -> None:
    message, path = build_error(tmp_path, rule_toml(id=None))
    assert message.startswith(f"{path}: rule test-rule: ")
    assert "`id` is required" in message


@pytest.mark.parametrize("key", ["id", "name"])
def test_duplicate_id_or_name_across_files(tmp_path: Path, key: str) -> None:
    first = pack_file(tmp_path / "common", "a.toml", GOOD_RULE.format(id="XX101", name="first-rule"))
    other = {"id": ("XX101", "second-rule"), "name": ("XX102", "first-rule")}[key]
    second = pack_file(tmp_path / "en", "b.toml", GOOD_RULE.format(id=other[0], name=other[1]))
    with pytest.raises(PackError) as info:
        packs.build([first, second], "en")
    message = str(info.value)
    assert message.startswith(f"{second}: rule {other[0]}: ")
    assert "already used" in message and str(first) in message
    duplicated = "XX101" if key == "id" else "first-rule"
    assert repr(duplicated) in message


def test_line_rule_names_the_faulty_pattern(tmp_path: Path) -> None:
    body = """
[[rule]]
id = "XX201"
name = "furniture"
kind = "line"
category = "boilerplate"
fix = "safe"
message = "Furniture."
patterns = ["Source link", "Read (more"]
"""
    message, path = build_error(tmp_path, body)
    assert message.startswith(f"{path}: rule XX201: ")
    assert "does not compile" in message


def test_terms_must_map_to_strings(tmp_path: Path) -> None:
    body = rule_toml(kind="terms", pattern=None, replacement=None) + "[rule.terms]\n'foo bar' = 3\n"
    message, path = build_error(tmp_path, body)
    assert message.startswith(f"{path}: rule XX101: ")
    assert "term 'foo bar'" in message


def test_bad_example_without_marks(tmp_path: Path) -> None:
    body = rule_toml() + "examples.bad = ['foo it']\n"
    message, path = build_error(tmp_path, body)
    assert message.startswith(f"{path}: rule XX101: ")
    assert "⟦" in message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    message, path = build_error(tmp_path, "[rules]\nid = 'XX101'\n")
    assert str(path) in message and "rules" in message


# ---------------------------------------------------------------- catastrophic regexes


def _regex_rule(tmp_path: Path, pattern: str, kind: str = "regex") -> Rule:
    if kind == "regex":
        body = rule_toml(pattern=pattern, replacement=None, fix="none")
    else:
        body = rule_toml(kind="line", category="boilerplate", pattern=None, replacement=None, patterns=[pattern])
    path = pack_file(tmp_path / "en", "slow.toml", body)
    (rule,) = packs.build([path], "en").rules
    return rule


@pytest.mark.parametrize(
    ("pattern", "limit"),
    [("(a|a)+$", 0.3), pytest.param("(a|aa)+$", None, marks=pytest.mark.slow)],
    ids=["short-limit", "default-limit"],
)
def test_catastrophic_regex_times_out_with_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, limit: float | None
) -> None:
    if limit is not None:
        monkeypatch.setattr(substitute, "REGEX_TIMEOUT", limit)
    rule = _regex_rule(tmp_path, pattern)
    text = "a" * 40 + "b"
    started = time.monotonic()
    result = Engine([rule]).check(text)
    elapsed = time.monotonic() - started
    assert elapsed < substitute.REGEX_TIMEOUT + 3
    assert result.findings == []
    assert len(result.errors) == 1
    assert "XX101" in result.errors[0] and "timed out" in result.errors[0]


def test_backtracking_regex_from_the_textbook_does_not_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `regex` handles '(a+)+$' itself; whether it finishes or times out, it returns quickly
    monkeypatch.setattr(substitute, "REGEX_TIMEOUT", 0.5)
    rule = _regex_rule(tmp_path, "(a+)+$")
    started = time.monotonic()
    result = Engine([rule]).check("a" * 40 + "b\n" + "a" * 40 + "b")
    assert time.monotonic() - started < 3
    assert result.findings == [] or result.errors == []


def test_a_timed_out_rule_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(substitute, "REGEX_TIMEOUT", 0.3)
    slow = _regex_rule(tmp_path, "(a|aa)+$")
    good = packs.load("en").rules
    mt101 = next(r for r in good if r.meta.id == "MT101")
    engine = Engine([slow, mt101])
    text = "The offensive once morest " + "a" * 40 + "b"
    started = time.monotonic()
    result = engine.check(text)
    assert time.monotonic() - started < 3
    assert [f.rule for f in result.findings] == ["MT101"]
    assert len(result.errors) == 1
    fixed = engine.fix(text, allowed=Safety.UNSAFE)
    assert fixed.text.startswith("The offensive against ")
    assert fixed.errors


def test_catastrophic_line_pattern_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(substitute, "REGEX_TIMEOUT", 0.3)
    monkeypatch.setattr(lines_kind, "REGEX_TIMEOUT", 0.3, raising=False)
    rule = _regex_rule(tmp_path, "(a|aa)+c", kind="line")
    started = time.monotonic()
    result = Engine([rule]).check("Text.\n\n" + "a" * 40 + "b\n")
    assert time.monotonic() - started < 3
    assert result.errors and "timed out" in result.errors[0]


@pytest.mark.slow
def test_line_pattern_budget_is_per_document_not_per_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # each line alone stays under the limit, but together they would take seconds: the
    # time limit holds for the whole document, or a long file could still hang the tool
    monkeypatch.setattr(substitute, "REGEX_TIMEOUT", 0.5)
    monkeypatch.setattr(lines_kind, "REGEX_TIMEOUT", 0.5, raising=False)
    rule = _regex_rule(tmp_path, "(a|aa)+c", kind="line")
    text = ("a" * 28 + "b\n") * 40
    started = time.monotonic()
    result = Engine([rule]).check(text)
    assert time.monotonic() - started < 2.5
    assert result.errors and "timed out" in result.errors[0]


# ---------------------------------------------------------------- lint of the shipped packs


SHIPPED = sorted(packs.BUILTIN.glob("*/*.toml"))


def _shipped_tables() -> list[tuple[Path, dict]]:
    out = []
    for path in SHIPPED:
        with path.open("rb") as handle:
            out.extend((path, table) for table in tomllib.load(handle).get("rule", []))
    return out


def test_shipped_packs_exist() -> None:
    assert packs.languages(), "no language packs shipped"
    assert "en" in packs.languages()
    assert len(_shipped_tables()) >= 20


def test_shipped_ids_and_names_are_unique_across_all_languages() -> None:
    seen: dict[str, Path] = {}
    for path, table in _shipped_tables():
        for key in (table["id"], table["name"]):
            assert key not in seen, f"{key!r} in {path} is already used in {seen[key]}"
            seen[key] = path


@pytest.mark.parametrize("lang", packs.languages())
def test_every_shipped_language_builds(lang: str) -> None:
    pack = packs.load(lang)
    ids = [r.meta.id for r in pack.rules]
    assert len(ids) == len(set(ids))
    assert {r.meta.id for r in pack.rules} >= {"MT001"}  # common rules come with every language


def _terms_rules() -> list[tuple[str, Rule]]:
    return [(lang, r) for lang in packs.languages() for r in packs.load(lang).rules if r.meta.kind == "terms"]


TERMS_RULES = _terms_rules()
TERMS_IDS = [f"{lang}-{r.meta.id}" for lang, r in TERMS_RULES]
FRAME = "Officials said that {} was discussed on Monday.\n"


def test_there_are_terms_rules() -> None:
    assert len(TERMS_RULES) >= 3


@pytest.mark.parametrize(("lang", "rule"), TERMS_RULES, ids=TERMS_IDS)
def test_every_term_matches_itself(lang: str, rule: Rule) -> None:
    engine = Engine([rule])
    for wrong, right in rule.terms.items():  # type: ignore[attr-defined]
        text = FRAME.format(wrong)
        at = text.index(wrong)
        spans = [(f.start, f.end) for f in engine.check(text, lang=lang).findings]
        assert (at, at + len(wrong)) in spans, f"{rule.meta.id}: term {wrong!r} does not match itself: {spans}"
        assert engine.fix(text, lang=lang, allowed=Safety.UNSAFE).text == FRAME.format(right), wrong


@pytest.mark.parametrize(("lang", "rule"), TERMS_RULES, ids=TERMS_IDS)
def test_term_replacements_are_not_flagged_again(lang: str, rule: Rule) -> None:
    """A replacement the pack itself would change again means a loop or a fight between rules."""
    engine = Engine(packs.load(lang).rules)
    for wrong, right in rule.terms.items():  # type: ignore[attr-defined]
        text = FRAME.format(right)
        at = text.index(right)
        hits = [f for f in engine.check(text, lang=lang).findings
                if f.fixable and f.start < at + len(right) and at < f.end]
        assert not hits, f"{rule.meta.id}: replacement {right!r} of {wrong!r} is flagged by {[(h.rule, h.original) for h in hits]}"
        assert Engine([rule]).fix(right, lang=lang, allowed=Safety.UNSAFE).text == right
