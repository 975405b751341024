"""Baselines: write today's findings, then report only new ones, even after lines move."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from contentguard.cli import app

PROMPT = "Sign up to read this article"
APP = "Download the app"
runner = CliRunner()


def scan(*args: str):
    return runner.invoke(app, ["scan", *args, "--no-plugins", "--isolated", "--select", "paywall", "--select", "app-promo",
                               "--format", "json"])


def found(result) -> list[tuple[int, str]]:
    return [(f["line"], f["category"]) for d in json.loads(result.stdout)["documents"] for f in d["findings"]]


def test_write_then_scan_with_baseline_reports_only_new_findings(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "docs" / "post.md"
    page.parent.mkdir()
    page.write_text(f"Intro.\n\n{PROMPT}\n")
    written = scan(str(page), "--write-baseline", "baseline.json")
    assert written.exit_code == 0
    assert "wrote 1 finding(s) to baseline baseline.json" in written.stderr
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert data["schema"] == "contentguard.baseline/1"
    assert [(e["path"], e["rule"], e["line"]) for e in data["findings"]] == [
        ("docs/post.md", "paywall/sign-up-to-read", 3)]

    clean = scan(str(page), "--baseline", "baseline.json")
    assert clean.exit_code == 0 and found(clean) == []

    # lines added above: the old finding moved to line 6 and stays baselined; the app promo is new
    page.write_text(f"A new first paragraph.\n\nAnother one.\n\nIntro.\n{PROMPT}\n\n{APP}\n")
    moved = scan(str(page), "--baseline", "baseline.json")
    assert moved.exit_code == 1 and found(moved) == [(8, "app-promo")]


def test_a_second_copy_of_a_baselined_line_is_new(tmp_path: Path):
    page = tmp_path / "post.md"
    page.write_text(f"Intro.\n\n{PROMPT}\n")
    baseline = tmp_path / "b.json"
    assert scan(str(page), "--write-baseline", str(baseline)).exit_code == 0
    page.write_text(f"Intro.\n\n{PROMPT}\n\nMore text here.\n\n{PROMPT}\n")
    result = scan(str(page), "--baseline", str(baseline))
    assert len(found(result)) == 1


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path: Path, monkeypatch):
    page = tmp_path / "repo" / "post.md"
    page.parent.mkdir()
    page.write_text(f"Intro.\n\n{PROMPT}\n")
    baseline = tmp_path / "repo" / "baseline.json"
    scan(str(page), "--write-baseline", str(baseline))
    monkeypatch.chdir(tmp_path / "repo")
    assert found(scan("post.md", "--baseline", "baseline.json")) == []


def test_missing_or_wrong_baseline_is_one_line_exit_2(tmp_path: Path):
    page = tmp_path / "post.md"
    page.write_text("Intro.\n")
    missing = scan(str(page), "--baseline", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2
    assert missing.stderr.strip().endswith("nope.json: baseline file not found (create it with --write-baseline)")
    (tmp_path / "bad.json").write_text("[1, 2]")
    wrong = scan(str(page), "--baseline", str(tmp_path / "bad.json"))
    assert wrong.exit_code == 2 and "not a contentguard baseline" in wrong.stderr
