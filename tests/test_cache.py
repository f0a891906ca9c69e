"""The result store: unchanged files are not checked again, and nothing else is reused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from repair import cache, packs, runner
from repair.cli import main

DAMAGED = "Farmers campaigned once morest the blockade, accusing kyiv of delays.\n"
CLEAN = "Farmers campaigned against the blockade, accusing Kyiv of delays.\n"

USER_RULE = """
[[rule]]
id = "XX001"
name = "house-term"
kind = "terms"
category = "other"
severity = "warning"
fix = "safe"
message = "House term."
examples.bad = [{{ text = "the ⟦{bad}⟧", fixed = "the {good}" }}]
examples.good = ["the {good}"]

[rule.terms]
"{bad}" = "{good}"
"""


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPAIR_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files actually checked (not answered from the store) in this test's runs."""
    seen: list[str] = []
    real = runner.check_path

    def spy(display: str, path: Path | None, options: runner.Options) -> object:
        seen.append(Path(display).name)
        return real(display, path, options)

    monkeypatch.setattr(runner, "check_path", spy)
    return seen


def check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "-j", "1", "--format", "json", *args], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(DAMAGED, encoding="utf-8")
    (folder / "b.md").write_text(CLEAN, encoding="utf-8")
    (folder / "c.txt").write_text(DAMAGED, encoding="utf-8")
    return folder


def test_unchanged_files_are_answered_from_the_store(tmp_path: Path, store: Path, checked: list[str]) -> None:
    folder = articles(tmp_path)
    first = check(str(folder))
    assert sorted(checked) == ["a.md", "b.md", "c.txt"]
    checked.clear()
    assert check(str(folder)) == first
    assert checked == []
    (folder / "b.md").write_text(DAMAGED + "\nKyiv said so.\n", encoding="utf-8")
    code, report = check(str(folder))
    assert checked == ["b.md"]
    assert code == 1 and {f["path"] for f in report["findings"]} == {str(folder / n) for n in ("a.md", "b.md", "c.txt")}


def test_same_bytes_under_another_name_or_format(tmp_path: Path, store: Path, checked: list[str]) -> None:
    folder = articles(tmp_path)
    check(str(folder / "a.md"))
    (folder / "copy.md").write_bytes((folder / "a.md").read_bytes())
    checked.clear()
    code, report = check(str(folder / "copy.md"), str(folder / "c.txt"))
    assert checked == ["c.txt"]  # a .txt is segmented as plain text: another key
    assert {f["path"] for f in report["findings"]} == {str(folder / "copy.md"), str(folder / "c.txt")}


def test_options_are_part_of_the_key(tmp_path: Path, store: Path, checked: list[str]) -> None:
    folder = articles(tmp_path)
    _, everything = check(str(folder / "a.md"))
    checked.clear()
    _, fewer = check("--ignore", "MT201", str(folder / "a.md"))
    assert checked == ["a.md"]
    assert {f["rule"] for f in everything["findings"]} - {f["rule"] for f in fewer["findings"]} == {"MT201"}


def test_no_cache_checks_everything_and_a_damaged_store_is_a_miss(tmp_path: Path, store: Path, checked: list[str]) -> None:
    folder = articles(tmp_path)
    first = check(str(folder))
    checked.clear()
    assert check("--no-cache", str(folder)) == first
    assert len(checked) == 3
    shards = list(store.glob("results-*/*.pickle"))
    assert shards
    for shard in shards:
        shard.write_bytes(b"not a pickle")
    checked.clear()
    assert check(str(folder)) == first
    assert len(checked) == 3


def test_editing_a_user_pack_invalidates_the_store(tmp_path: Path, store: Path, checked: list[str]) -> None:
    folder = articles(tmp_path)
    rules = tmp_path / "house" / "en"
    rules.mkdir(parents=True)
    (rules / "house.toml").write_text(USER_RULE.format(bad="blockade", good="embargo"), encoding="utf-8")
    (folder / ".repair.toml").write_text(f'extend-packs = ["{(tmp_path / "house").as_posix()}"]\n', encoding="utf-8")
    _, before = check(str(folder / "b.md"))
    assert [f["replacement"] for f in before["findings"]] == ["embargo"]
    # the same size and, on a coarse clock, the same modification time: only the bytes differ
    stat = (rules / "house.toml").stat()
    (rules / "house.toml").write_text(USER_RULE.format(bad="blockade", good="sanction"), encoding="utf-8")
    os.utime(rules / "house.toml", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    packs._cached.cache_clear()  # as a new process would
    runner.engine_for.cache_clear()
    checked.clear()
    _, after = check(str(folder / "b.md"))
    assert checked == ["b.md"]
    assert [f["replacement"] for f in after["findings"]] == ["sanction"]


def test_reports_with_errors_are_not_stored(tmp_path: Path, store: Path, checked: list[str]) -> None:
    folder = articles(tmp_path)
    (folder / "d.md").write_bytes(b"caf\xe9 au lait\n")
    for _ in range(2):
        checked.clear()
        code, report = check(str(folder))
        assert code == 2 and [e["path"] for e in report["errors"]] == [str(folder / "d.md")]
    assert checked == ["d.md"]


def test_a_stored_report_round_trips_within_its_build_only(store: Path) -> None:
    store.mkdir()
    results = cache.Results(store, "build")
    report = runner.check_text("a.md", DAMAGED, runner.Options())
    key = cache.Results.key(DAMAGED.encode(), "markdown", runner.Options())
    results.put(key, report.detach())
    results.save()
    again = cache.Results(store, "build").get(key)
    assert again is not None and again.findings == report.findings and again.spots == report.spots
    assert cache.Results(store, "another build").get(key) is None


def test_a_run_reads_and_writes_only_its_shards(tmp_path: Path, store: Path) -> None:
    folder = articles(tmp_path)
    check(str(folder / "a.md"))
    assert len(list(store.glob("results-*/*.pickle"))) == 1
    results = cache.Results.open()
    assert results is not None
    key = cache.Results.key((folder / "a.md").read_bytes(), "markdown", runner.Options())
    assert results.has(key) and len(results.shards) == 1


def test_stores_of_other_builds_are_removed(store: Path) -> None:
    store.mkdir()
    old = cache.Results(store, "old build")
    old.put(b"k" * 20, "report")
    old.save()
    new = cache.Results(store, "new build")
    new.put(b"k" * 20, "report")
    new.save()
    assert [p.name for p in store.glob("results-*")] == [new.folder.name]


def test_fix_skips_files_the_store_says_have_nothing_to_fix(tmp_path: Path, store: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = articles(tmp_path)
    (folder / "d.md").write_text("The talksended without a deal.\n", encoding="utf-8")  # an unsafe fix only
    fixed: list[str] = []
    real = runner.fix_path

    def spy(display: str, *args: object) -> object:
        fixed.append(Path(display).name)
        return real(display, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "fix_path", spy)

    def fix(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["fix", "--diff", "-j", "1", *args, str(folder)], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    fresh = fix("--no-cache")
    assert sorted(fixed) == ["a.md", "b.md", "c.txt", "d.md"]
    check(str(folder))  # fills the store
    for option, expected in (("--no-cache", ["a.md", "b.md", "c.txt", "d.md"]), ("--show-fixes", ["a.md", "c.txt"]),
                             ("--unsafe-fixes", ["a.md", "c.txt", "d.md"])):
        fixed.clear()
        outcome = fix(option)
        assert sorted(fixed) == expected, option
        if option != "--unsafe-fixes":
            assert outcome[0] == fresh[0] and outcome[1] == fresh[1], option
    assert "d.md:1:10: MT403" in fix()[2]  # the unsafe finding answered from the store is still reported


def test_an_unreadable_entry_is_checked_again_in_its_place(tmp_path: Path, store: Path, checked: list[str]) -> None:
    folder = articles(tmp_path)
    first = check(str(folder))
    key = cache.Results.key((folder / "a.md").read_bytes(), "markdown", runner.Options())
    results = cache.Results.open()
    assert results is not None and results.has(key)
    number, shard = results._shard(key)
    shard[key] = b"not a compressed pickle"
    results.changed.add(number)
    results.save()
    checked.clear()
    assert check(str(folder)) == first
    assert checked == ["a.md"]
