"""The seed page: every tagged boilerplate line reported and removed, every article line kept."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from contentguard.cli import app
from contentguard.models import CATEGORY_TAGS

from .conftest import SEED, SEED_CLEANED, SEED_TAGGED


def tagged_lines():
    for number, line in enumerate(SEED_TAGGED.read_text(encoding="utf-8").split("\n"), start=1):
        if line:
            yield number, line[1], line[4:]


def test_every_tagged_line_is_reported_with_its_category(scanner):
    report = scanner.scan(SEED.read_text(encoding="utf-8"))
    by_line: dict[int, set[str]] = {}
    for finding in report.findings:
        by_line.setdefault(finding.line, set()).add(finding.category)
    for number, tag, text in tagged_lines():
        if tag == ".":
            assert number not in by_line, f"article line {number} flagged: {text!r}"
        else:
            assert CATEGORY_TAGS[tag] in by_line.get(number, set()), f"line {number} {text!r} not reported as {tag}"


def test_clean_keeps_every_article_line_byte_for_byte(scanner):
    raw = SEED.read_text(encoding="utf-8")
    cleaned = scanner.clean(raw)
    assert cleaned == SEED_CLEANED.read_text(encoding="utf-8")
    kept = cleaned.split("\n")
    for _number, tag, text in tagged_lines():
        if tag == "." and text:
            assert text in kept
        elif tag != ".":
            assert text not in kept


def test_cli_clean_prints_the_golden_article():
    result = CliRunner().invoke(app, ["clean", str(SEED), "--no-plugins"])
    assert result.exit_code == 0
    assert result.stdout == SEED_CLEANED.read_text(encoding="utf-8")
    paragraphs = [p for p in result.stdout.split("\n\n") if p.strip()]
    assert len(paragraphs) == 8  # headline, caption, six paragraphs


def test_cli_scan_json_reports_the_four_categories_and_exits_1():
    result = CliRunner().invoke(app, ["scan", str(SEED), "--format", "json", "--no-plugins"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema"] == "contentguard.report/1"
    findings = data["documents"][0]["findings"]
    text = SEED.read_text(encoding="utf-8")
    assert {"paywall", "app-promo", "subscription-nag", "duplicate-header"} <= {f["category"] for f in findings}
    for finding in findings:
        assert text[finding["start"]:finding["end"]] == finding["text"]
        assert 0 < finding["confidence"] <= 1
