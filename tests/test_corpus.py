"""The team's labelled corpus: the detection targets of the detection-quality issue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentguard.cli import app
from contentguard.evaluation import evaluate

PAGES = Path(__file__).parent / "corpus" / "pages"
STRICT = {"paywall", "app-promo", "subscription-nag", "duplicate-header"}


@pytest.fixture(scope="module")
def summary(scanner):
    return evaluate(scanner, [PAGES]).summary()


def test_the_corpus_is_what_the_issue_asks_for():
    pages = sorted(PAGES.glob("*.txt"))
    assert len(pages) >= 60
    assert sum(not p.name.startswith("en-") for p in pages) >= 20
    assert sum("-trap-" in p.name for p in pages) >= 15
    assert {p.name[:2] for p in pages} >= {"en", "de", "fr", "es", "it", "pt", "nl", "pl"}


def test_recall_per_category(summary):
    for category, row in summary["categories"].items():
        target = 0.95 if category in STRICT else 0.90
        assert row["recall"] >= target, f"{category}: recall {row['recall']} < {target}"
    assert set(summary["categories"]) >= STRICT | {"newsletter", "cookie-notice", "social-share",
                                                   "related-content", "advertising", "legal-footer"}


def test_content_lines_kept(summary):
    assert summary["content_kept"] >= 0.995, summary["content_lines_cut"]


def test_eval_command_json_and_show(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text("[A] Download the app\n[.] The council met on Tuesday to discuss the budget.\n[R] Our Picks\n")
    result = CliRunner().invoke(app, ["eval", str(page), "--format", "json", "--show", "5", "--no-plugins"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["pages"] == 1 and data["categories"]["app-promo"]["recall"] == 1.0
    assert data["content_lines_cut"] == 0
    assert all(item["tag"] == "R" for item in data["missed"])


def test_eval_rejects_untagged_lines(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text("[A] Download the app\nno tag here\n")
    result = CliRunner().invoke(app, ["eval", str(page), "--no-plugins"])
    assert result.exit_code == 2
    assert f"{page}:2: not a tagged line" in result.stderr
