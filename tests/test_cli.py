"""The command line: exit codes, the JSON contract, selection, fix/diff, encodings, errors."""

from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from repair import __version__, packs
from repair.cli import main
from repair.model import CATEGORIES, SEVERITIES

ROOT = Path(__file__).resolve().parents[1]

# MT101 (safe), MT201 (safe), MT403 (unsafe: glued words), MT601 (safe: whole-line deletion)
DAMAGED = (
    "Farmers campaigned once morest the blockade, accusing kyiv of delays.\n"
    "\n"
    "The talksended without a deal.\n"
    "\n"
    "Source link\n"
)
SAFE_FIXED = (
    "Farmers campaigned against the blockade, accusing Kyiv of delays.\n"
    "\n"
    "The talksended without a deal.\n"
)
ALL_FIXED = (
    "Farmers campaigned against the blockade, accusing Kyiv of delays.\n"
    "\n"
    "The talks ended without a deal.\n"
)
ONLY_SAFE = "The offensive once morest kyiv began.\n\nSource link\n"
ONLY_SAFE_FIXED = "The offensive against Kyiv began.\n"
CLEAN = "The talks ended without a deal on Monday, officials in Kyiv said.\n"

KEYS = ["path", "rule", "name", "category", "severity", "message", "start", "end", "line", "column",
        "end_line", "end_column", "original", "replacement", "fix"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (so the journal of `fix` stays inside it), as the current folder."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "Traceback" not in (result.stderr or "")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def as_json(result: Result) -> dict:
    return json.loads(result.stdout)


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def expected_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column, computed independently of repair.report."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


# ---------------------------------------------------------------- check: exit codes


def test_check_clean_exits_0(project: Path) -> None:
    write(project, "clean.txt", CLEAN)
    result = run("check", "clean.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_check_findings_exit_1(project: Path) -> None:
    write(project, "a.txt", DAMAGED)
    result = run("check", "a.txt")
    assert result.exit_code == 1
    assert "a.txt:1:20: MT101 spinner-against" in result.stdout
    assert "a.txt:1:55: MT201" in result.stdout


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("latin1.txt", "café\n".encode("latin-1"), "UTF-8"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
    ids=["missing", "undecodable", "binary"],
)
def test_check_input_errors_exit_2_and_other_files_are_reported(project: Path, name: str, data: bytes | None, message: str) -> None:
    write(project, "a.txt", DAMAGED)
    write(project, "clean.txt", CLEAN)
    if data is not None:
        write(project, name, data)
    result = run("check", "--format", "json", "a.txt", name, "clean.txt")
    no_traceback(result)
    assert result.exit_code == 2
    out = as_json(result)
    assert {f["path"] for f in out["findings"]} == {"a.txt"}
    assert len(out["findings"]) == 4
    assert out["summary"]["files"] == 3
    assert len(out["errors"]) == 1
    assert out["errors"][0]["path"] == name
    assert message in out["errors"][0]["message"]
    # the same in text format: findings on stdout, the error on stderr
    text = run("check", "a.txt", name)
    assert text.exit_code == 2
    assert "MT101" in text.stdout
    assert f"{name}: error:" in text.stderr and message in text.stderr
    if data is not None:
        assert (project / name).read_bytes() == data


def test_fix_never_touches_undecodable_files(project: Path) -> None:
    data = "once morest kyiv café\n".encode("latin-1")
    write(project, "latin1.txt", data)
    result = run("fix", "--unsafe-fixes", "latin1.txt")
    no_traceback(result)
    assert result.exit_code == 2
    assert (project / "latin1.txt").read_bytes() == data


# ---------------------------------------------------------------- the JSON contract


def _check_contract(out: dict, texts: dict[str, str]) -> None:
    assert list(out) == ["version", "findings", "errors", "summary"]
    assert out["version"] == 1 and type(out["version"]) is int
    assert isinstance(out["findings"], list) and isinstance(out["errors"], list)
    for f in out["findings"]:
        assert list(f) == KEYS
        for key in ("path", "rule", "name", "category", "severity", "message", "original"):
            assert type(f[key]) is str, key
        for key in ("start", "end", "line", "column", "end_line", "end_column"):
            assert type(f[key]) is int, key
        assert re.fullmatch(r"[A-Z]{2}\d{3}", f["rule"])
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", f["name"])
        assert f["category"] in CATEGORIES
        assert f["severity"] in SEVERITIES
        assert f["fix"] in ("safe", "unsafe", None)
        assert f["replacement"] is None or type(f["replacement"]) is str
        assert (f["replacement"] is None) == (f["fix"] is None)
        text = texts[f["path"]]
        assert 0 <= f["start"] <= f["end"] <= len(text)
        assert text[f["start"]:f["end"]] == f["original"]
        assert (f["line"], f["column"]) == expected_position(text, f["start"])
        assert (f["end_line"], f["end_column"]) == expected_position(text, f["end"])
    summary = out["summary"]
    assert list(summary) == ["files", "findings", "by_category", "languages"]
    for path, chosen in summary["languages"].items():
        assert set(chosen) == {"lang", "confidence", "source"}
        assert chosen["source"] in ("declared", "option", "detected", "default")
        assert 0.0 <= chosen["confidence"] <= 1.0
    assert summary["findings"] == len(out["findings"])
    by_category: dict[str, int] = {}
    for f in out["findings"]:
        by_category[f["category"]] = by_category.get(f["category"], 0) + 1
    assert summary["by_category"] == by_category
    for error in out["errors"]:
        assert list(error) == ["path", "message"]
        assert type(error["path"]) is str and type(error["message"]) is str and error["message"]


def test_json_contract(project: Path) -> None:
    write(project, "a.txt", DAMAGED)
    write(project, "clean.txt", CLEAN)
    result = run("check", "--format", "json", "a.txt", "clean.txt")
    assert result.exit_code == 1
    out = as_json(result)
    _check_contract(out, {"a.txt": DAMAGED})
    assert {k: v for k, v in out["summary"].items() if k != "languages"} == {
        "files": 2, "findings": 4, "by_category": {"boilerplate": 1, "casing": 1, "spacing-glue": 1, "spinner": 1}}
    assert set(out["summary"]["languages"]) == {"a.txt", "clean.txt"}
    first = out["findings"][0]
    assert first == {
        "path": "a.txt", "rule": "MT101", "name": "spinner-against", "category": "spinner", "severity": "error",
        "message": first["message"], "start": 19, "end": 30, "line": 1, "column": 20, "end_line": 1,
        "end_column": 31, "original": "once morest", "replacement": "against", "fix": "safe",
    }
    by_rule = {f["rule"]: f for f in out["findings"]}
    assert by_rule["MT403"]["fix"] == "unsafe"
    assert by_rule["MT403"]["start"] == by_rule["MT403"]["end"]  # an insertion
    # a whole-line deletion spans the line including its line break
    deletion = by_rule["MT601"]
    assert deletion["replacement"] == "" and deletion["original"].endswith("Source link\n")


def test_json_offsets_are_str_indices_into_bom_stripped_text(project: Path) -> None:
    # a BOM, CRLF, accented and astral characters before the findings: byte or UTF-16
    # offsets would differ from Python str indices
    text = "Café 🇺🇦 naïve — “ok”.\r\n\r\nThe offensive once morest kyiv began.\r\n\r\nSource link\r\n"
    write(project, "bom.txt", codecs.BOM_UTF8 + text.encode())
    write(project, "u16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    result = run("check", "--format", "json", "bom.txt", "u16.txt")
    out = as_json(result)
    _check_contract(out, {"bom.txt": text, "u16.txt": text})
    for path in ("bom.txt", "u16.txt"):
        spinner = next(f for f in out["findings"] if f["path"] == path and f["rule"] == "MT101")
        assert spinner["start"] == text.index("once morest")
        assert (spinner["line"], spinner["column"]) == (3, 15)
        deletion = next(f for f in out["findings"] if f["path"] == path and f["rule"] == "MT601")
        assert "Source link\r\n" in deletion["original"]


def test_json_paths_as_found_under_a_directory(project: Path) -> None:
    write(project, "articles/one.txt", ONLY_SAFE)
    write(project, "articles/sub/two.txt", ONLY_SAFE)
    write(project, "articles/.hidden/three.txt", ONLY_SAFE)
    write(project, "articles/.git/four.txt", ONLY_SAFE)
    out = as_json(run("check", "--format", "json", "articles"))
    paths = sorted({f["path"] for f in out["findings"]})
    assert paths == [os.path.join("articles", "one.txt"), os.path.join("articles", "sub", "two.txt")]
    assert out["summary"]["files"] == 2


def test_json_for_clean_input(project: Path) -> None:
    write(project, "clean.txt", CLEAN)
    result = run("check", "--format", "json", "clean.txt")
    assert result.exit_code == 0
    out = as_json(result)
    assert out == {"version": 1, "findings": [], "errors": [],
                   "summary": {"files": 1, "findings": 0, "by_category": {}, "languages": out["summary"]["languages"]}}
    assert out["summary"]["languages"]["clean.txt"]["lang"] == "en"


# ---------------------------------------------------------------- --select / --ignore


@pytest.mark.parametrize(
    ("option", "value", "rules"),
    [
        ("--select", "MT101", {"MT101"}),
        ("--select", "spinner-against", {"MT101"}),
        ("--select", "casing", {"MT201"}),
        ("--select", "MT101,boilerplate", {"MT101", "MT601"}),
        ("--select", "MT6", {"MT601"}),  # an id prefix
        ("--ignore", "MT101", {"MT201", "MT403", "MT601"}),
        ("--ignore", "proper-noun-case", {"MT101", "MT403", "MT601"}),
        ("--ignore", "spacing-glue", {"MT101", "MT201", "MT601"}),
    ],
)
def test_select_and_ignore(project: Path, option: str, value: str, rules: set[str]) -> None:
    write(project, "a.txt", DAMAGED)
    out = as_json(run("check", "--format", "json", option, value, "a.txt"))
    assert {f["rule"] for f in out["findings"]} == rules


def test_select_and_ignore_together(project: Path) -> None:
    write(project, "a.txt", DAMAGED)
    result = run("check", "--format", "json", "--select", "spinner", "--select", "casing", "--ignore", "MT201", "a.txt")
    assert {f["rule"] for f in as_json(result)["findings"]} == {"MT101"}
    result = run("check", "--select", "boilerplate", "--ignore", "boilerplate", "a.txt")
    assert result.exit_code == 0


def test_select_applies_to_fix(project: Path) -> None:
    path = write(project, "a.txt", DAMAGED)
    result = run("fix", "--select", "MT101", "a.txt")
    assert result.exit_code == 1
    assert path.read_text() == DAMAGED.replace("once morest", "against")


# ---------------------------------------------------------------- fix


def test_fix_applies_safe_fixes_only_by_default(project: Path) -> None:
    path = write(project, "a.txt", DAMAGED)
    result = run("fix", "a.txt")
    no_traceback(result)
    assert result.exit_code == 1  # files were changed
    assert path.read_text() == SAFE_FIXED
    assert "a.txt: fixed 3" in result.stderr
    assert "MT403" in result.stderr  # the unsafe fix is left for a human


def test_fix_unsafe_fixes(project: Path) -> None:
    path = write(project, "a.txt", DAMAGED)
    result = run("fix", "--unsafe-fixes", "a.txt")
    assert result.exit_code == 1
    assert path.read_text() == ALL_FIXED
    again = run("fix", "--unsafe-fixes", "a.txt")
    assert again.exit_code == 0
    assert path.read_text() == ALL_FIXED


def test_fix_twice_changes_nothing_the_second_time(project: Path) -> None:
    path = write(project, "a.txt", ONLY_SAFE)
    assert run("fix", "a.txt").exit_code == 1
    after_first = path.read_bytes()
    assert after_first == ONLY_SAFE_FIXED.encode()
    mtime = path.stat().st_mtime_ns
    second = run("fix", "a.txt")
    assert second.exit_code == 0
    assert "fixed" not in second.stderr
    assert path.read_bytes() == after_first
    assert path.stat().st_mtime_ns == mtime  # not even rewritten


def test_fix_clean_file_exits_0_and_leaves_it_alone(project: Path) -> None:
    path = write(project, "clean.txt", CLEAN)
    result = run("fix", "--unsafe-fixes", "clean.txt")
    assert result.exit_code == 0
    assert path.read_text() == CLEAN


def test_fix_diff_prints_a_unified_diff_and_writes_nothing(project: Path) -> None:
    path = write(project, "a.txt", DAMAGED)
    result = run("fix", "--diff", "a.txt")
    assert result.exit_code == 1
    assert path.read_text() == DAMAGED
    assert not (project / ".repair").exists()
    diff = result.stdout
    assert diff.startswith("--- a/a.txt\n+++ b/a.txt\n@@ ")
    assert "-Farmers campaigned once morest the blockade, accusing kyiv of delays.\n" in diff
    assert "+Farmers campaigned against the blockade, accusing Kyiv of delays.\n" in diff
    assert "-Source link\n" in diff
    assert "talks ended" not in diff  # unsafe: not without --unsafe-fixes
    assert "+The talks ended" in run("fix", "--diff", "--unsafe-fixes", "a.txt").stdout
    assert path.read_text() == DAMAGED


def test_fix_diff_of_a_clean_file_is_empty(project: Path) -> None:
    write(project, "clean.txt", CLEAN)
    result = run("fix", "--diff", "clean.txt")
    assert result.exit_code == 0 and result.stdout == ""


@pytest.mark.parametrize(
    ("prefix", "encoding"),
    [(b"", "utf-8"), (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["plain", "utf8-bom", "utf16le", "utf16be"],
)
@pytest.mark.parametrize("final", ["\r\n", ""], ids=["final-newline", "no-final-newline"])
def test_fix_keeps_crlf_bom_encoding_and_final_newline(project: Path, prefix: bytes, encoding: str, final: str) -> None:
    text = ONLY_SAFE.rstrip("\n").replace("\n", "\r\n") + final
    path = write(project, "a.txt", prefix + text.encode(encoding))
    os.chmod(path, 0o640)
    result = run("fix", "a.txt")
    assert result.exit_code == 1, result.output
    expected = ONLY_SAFE_FIXED.rstrip("\n").replace("\n", "\r\n") + final
    assert path.read_bytes() == prefix + expected.encode(encoding)
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    assert run("fix", "a.txt").exit_code == 0
    assert path.read_bytes() == prefix + expected.encode(encoding)


def test_fix_stdin_writes_fixed_text_to_stdout(project: Path) -> None:
    result = run("fix", "-", input=ONLY_SAFE)
    assert result.stdout == ONLY_SAFE_FIXED
    assert result.exit_code == 1


def test_fix_without_paths_is_a_usage_error(project: Path) -> None:
    result = run("fix")
    no_traceback(result)
    assert result.exit_code == 2
    assert "no paths" in result.stderr


# ---------------------------------------------------------------- stdin


def test_check_reads_stdin(project: Path) -> None:
    result = run("check", "--format", "json", "-", input=DAMAGED.encode())
    assert result.exit_code == 1
    out = as_json(result)
    _check_contract(out, {"-": DAMAGED})
    assert {f["path"] for f in out["findings"]} == {"-"}
    named = as_json(run("check", "--format", "json", "--stdin-filename", "post.txt", "-", input=DAMAGED))
    assert {f["path"] for f in named["findings"]} == {"post.txt"}


def test_check_stdin_clean_and_undecodable(project: Path) -> None:
    assert run("check", "-", input=CLEAN).exit_code == 0
    bad = run("check", "-", input=b"caf\xe9\n")
    no_traceback(bad)
    assert bad.exit_code == 2
    assert "UTF-8" in bad.stderr


# ---------------------------------------------------------------- rules, explain, version


def test_rules_lists_one_line_per_rule(project: Path) -> None:
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    rules = packs.load("en").rules
    assert len(lines) == len(rules)
    ids = [line.split()[0] for line in lines]
    assert ids == sorted(r.meta.id for r in rules)
    mt101 = next(line for line in lines if line.startswith("MT101 "))
    assert "spinner-against" in mt101 and "spinner" in mt101 and "safe" in mt101
    mt303 = next(line for line in lines if line.startswith("MT303 "))
    assert " none " in mt303


def test_rules_json(project: Path) -> None:
    out = json.loads(run("rules", "--format", "json").stdout)
    assert {r["id"] for r in out} == {r.meta.id for r in packs.load("en").rules}
    assert all(set(r) == {"id", "name", "category", "fix", "severity", "message"} for r in out)


@pytest.mark.parametrize("key", ["MT101", "spinner-against"])
def test_explain_shows_examples(project: Path, key: str) -> None:
    result = run("explain", key)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("MT101 spinner-against")
    assert "Category: spinner" in out
    assert "bad:   the offensive ⟦once morest⟧ Ukraine" in out
    assert "fixed: the offensive against Ukraine" in out
    assert "good:  Putin praised the deal once more." in out
    assert "safe: applied by `repair fix`" in out


def test_explain_unknown_rule(project: Path) -> None:
    result = run("explain", "NOPE")
    no_traceback(result)
    assert result.exit_code != 0
    assert "no rule 'NOPE'" in result.stderr
    assert result.stdout == ""


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout and "repair" in result.stdout


# ---------------------------------------------------------------- user errors: no tracebacks


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "bogus", "a.txt"],
        ["check", "--lang", "xx", "a.txt"],
        ["check", "--house-style", "nonsense", "a.txt"],
        ["check", "--house-style", "kyiv=nowhere", "a.txt"],
        ["check", "-j", "0", "a.txt"],
        ["fix", "--lang", "xx", "a.txt"],
        ["rules", "--lang", "xx"],
        ["explain", "MT101", "--lang", "xx"],
        ["eval", "does-not-exist"],
        ["nonsense-command"],
    ],
)
def test_user_errors_exit_2_without_traceback(project: Path, args: list[str]) -> None:
    write(project, "a.txt", DAMAGED)
    result = run(*args)
    no_traceback(result)
    assert result.exit_code == 2, (args, result.exit_code, result.output)
    assert "Error" in result.stderr
    assert (project / "a.txt").read_text() == DAMAGED


def test_unknown_selector_is_a_usage_error(project: Path) -> None:
    # a typo must not turn the check into a silent pass
    write(project, "a.txt", DAMAGED)
    for option in ("--select", "--ignore"):
        result = run("check", option, "MT1O1", "a.txt")
        no_traceback(result)
        assert result.exit_code == 2, option
        assert "MT1O1" in result.stderr


# ---------------------------------------------------------------- a real process


def test_python_dash_m_repair_in_a_real_process(project: Path) -> None:
    write(project, "a.txt", DAMAGED)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(
        [sys.executable, "-m", "repair", "check", "--format", "json", "a.txt", "missing.txt"],
        cwd=project, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    out = json.loads(proc.stdout)
    _check_contract(out, {"a.txt": DAMAGED})
    assert len(out["findings"]) == 4
    assert out["errors"] == [{"path": "missing.txt", "message": "no such file or directory"}]
    proc = subprocess.run([sys.executable, "-m", "repair", "--version"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_fast_exit_keeps_output_and_exit_codes(project: Path) -> None:
    """`repair` ends with os._exit: everything written must still be flushed, codes kept."""
    for index in range(300):
        write(project, f"s{index:03d}.txt", DAMAGED)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "repair", "check", "-j", "2", "."], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stdout.splitlines()) == 300 * 4  # every finding of every file, none lost in a buffer
    assert "Found 1200 findings in 300 files" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "repair", "check", "--no-such-option"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "No such option" in proc.stderr
    # a reader that stops early (`| head -1`) ends the run quietly
    reader = subprocess.Popen([sys.executable, "-m", "repair", "check", "-j", "1", "."], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stdout.readline()
    reader.stdout.close()
    _, err = reader.communicate(timeout=120)
    assert reader.returncode != 0 and b"Traceback" not in err


@pytest.mark.parametrize("texts", [[], [ALL_FIXED], [DAMAGED, ALL_FIXED, DAMAGED]])
def test_streamed_json_is_what_json_dumps_prints(texts: list[str]) -> None:
    """The JSON report is written file by file; it must still be one well-formed document,
    byte for byte what `json.dumps(indent=1)` makes of it."""
    from repair import runner
    from repair.report import JsonWriter

    parts: list[str] = []
    writer = JsonWriter(parts.append)
    for index, text in enumerate(texts):
        writer.add(runner.check_text(f"f{index}.txt", text, runner.Options(lang="en")).detach())
    writer.close()
    printed = "".join(parts)
    assert printed == json.dumps(json.loads(printed), ensure_ascii=False, indent=1) + "\n"
    assert json.loads(printed)["summary"]["files"] == len(texts)
