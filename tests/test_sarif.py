"""SARIF 2.1.0 output, validated against the official OASIS schema shipped in tests/schemas/."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from contentguard.cli import app

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0.json").read_text())
PROMPT = "Sign up to read this article"
runner = CliRunner()


@pytest.fixture
def sarif(tmp_path: Path, monkeypatch) -> dict:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "post.md").write_text(
        f"Intro paragraph.\n\n- **{PROMPT}**\n\n<!-- contentguard: disable-next-line app-promo -- a screenshot caption -->\n"
        "Download the app\n")
    (tmp_path / "docs" / "ok.txt").write_text("Nothing to see.\n")
    result = runner.invoke(app, ["scan", "docs", "--no-plugins", "--isolated", "--select", "paywall",
                                 "--select", "app-promo", "--format", "sarif"])
    assert result.exit_code == 1, result.stderr
    return json.loads(result.stdout)


def test_sarif_validates_against_the_official_schema(sarif: dict):
    jsonschema.validate(sarif, SCHEMA)
    assert sarif["version"] == "2.1.0"


def test_sarif_results_locations_and_rules(sarif: dict):
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "contentguard"
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["paywall/sign-up-to-read"]["properties"]["category"] == "paywall"
    active = [r for r in run["results"] if "suppressions" not in r]
    [result] = active
    assert result["ruleId"] == "paywall/sign-up-to-read" and result["level"] == "warning"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "docs/post.md"
    assert location["region"]["startLine"] == 3 and location["region"]["startColumn"] == 5
    assert location["region"]["snippet"]["text"] == PROMPT
    assert len(result["partialFingerprints"]["contentguard/v1"]) == 32


def test_suppressed_findings_are_results_with_a_suppression(sarif: dict):
    [suppressed] = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert suppressed["ruleId"].startswith("app-promo/")
    assert suppressed["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                           "justification": "a screenshot caption"}]


def test_hostile_page_text_stays_data(tmp_path: Path):
    page = tmp_path / "evil.txt"
    page.write_text('Intro.\n\nSign up to read this article "},{"x":1} <script>\x1b[2J\n')
    result = runner.invoke(app, ["scan", str(page), "--no-plugins", "--isolated", "--format", "sarif"])
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert all("x" not in r for r in data["runs"][0]["results"])


def test_empty_run_is_valid(tmp_path: Path):
    page = tmp_path / "ok.txt"
    page.write_text("Nothing to see.\n")
    result = runner.invoke(app, ["scan", str(page), "--no-plugins", "--isolated", "--format", "sarif"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["runs"][0]["results"] == []


def test_sarif_fingerprints_are_the_baseline_fingerprints(sarif: dict, tmp_path: Path):
    # the fixture ran in tmp_path; a baseline written there holds the same fingerprints
    result = runner.invoke(app, ["scan", "docs", "--no-plugins", "--isolated", "--select", "paywall",
                                 "--select", "app-promo", "--write-baseline", "baseline.json"])
    assert result.exit_code == 0
    baseline = {e["fingerprint"] for e in json.loads((tmp_path / "baseline.json").read_text())["findings"]}
    active = {r["partialFingerprints"]["contentguard/v1"] for r in sarif["runs"][0]["results"]
              if "suppressions" not in r}
    assert active == baseline and len(active) == 1
