"""Inline suppressions: ``contentguard:`` directives in HTML comments and comment lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentguard.api import Scanner
from contentguard.cli import app
from contentguard.models import Document

PROMPT = "Sign up to read this article"
APP = "Download the app"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(load_entry_points=False, select=["paywall", "app-promo"])


def scan(scanner, text: str, fmt: str = "markdown"):
    return scanner.scan(Document(text=text, path=f"page.{'md' if fmt == 'markdown' else 'txt'}", format=fmt))


def test_disable_next_line_by_category_with_a_reason(scanner):
    report = scan(scanner, f"The council met.\n\n<!-- contentguard: disable-next-line paywall -- quoted on purpose -->\n"
                           f"{PROMPT}\n\n{PROMPT}\n")
    assert [f.line for f in report.findings] == [6]
    [(finding, why)] = report.suppressed
    assert finding.line == 4 and why.kind == "disable-next-line" and why.reason == "quoted on purpose"
    assert report.unused_suppressions == []


def test_disable_next_line_by_rule_id_skips_blank_and_directive_lines(scanner):
    report = scan(scanner, "Intro.\n\n<!-- contentguard: disable-next-line paywall/sign-up-to-read -->\n"
                           "<!-- contentguard: disable-next-line app-promo -->\n\n"
                           f"{PROMPT}\n{APP}\n")
    assert [f.category for f in report.findings] == ["app-promo"]
    assert [f.category for f, _ in report.suppressed] == ["paywall"]
    # the app-promo directive targeted the prompt's line, where there is no app promo
    assert [(s.line, s.names) for s in report.unused_suppressions] == [(4, ["app-promo"])]


def test_disable_and_enable_make_a_range(scanner):
    page = (f"Intro.\n\n<!-- contentguard: disable app-promo, paywall -->\n{APP}\n{PROMPT}\n"
            f"<!-- contentguard: enable -->\n{APP}\n")
    report = scan(scanner, page)
    assert [(f.category, f.line) for f in report.findings] == [("app-promo", 7)]
    assert sorted(f.line for f, _ in report.suppressed) == [4, 5]


def test_disable_without_names_runs_to_the_end(scanner):
    report = scan(scanner, f"Intro.\n\n<!-- contentguard: disable -->\n{APP}\n\n{PROMPT}\n")
    assert report.findings == [] and len(report.suppressed) == 2


def test_disable_line_on_the_same_line(scanner):
    report = scan(scanner, f"Intro.\n\n{PROMPT} <!-- contentguard: disable-line -->\n")
    assert report.findings == [] and len(report.suppressed) == 1


def test_plain_text_comment_line(scanner):
    report = scan(scanner, f"Intro.\n\n# contentguard: disable-next-line paywall -- a quote\n{PROMPT}\n{APP}\n", "text")
    assert [f.category for f in report.findings] == ["app-promo"]
    assert report.suppressed[0][1].reason == "a quote"


def test_in_markdown_a_hash_line_is_a_heading_not_a_directive(scanner):
    report = scan(scanner, f"Intro.\n\n# contentguard: disable-next-line paywall\n{PROMPT}\n")
    assert [f.category for f in report.findings] == ["paywall"]


def test_unknown_directive_is_reported(scanner):
    report = scan(scanner, f"Intro.\n\n<!-- contentguard: disable-nxt-line paywall -->\n{PROMPT}\n")
    assert [f.category for f in report.findings] == ["paywall"]
    [bad] = report.unused_suppressions
    assert bad.kind == "invalid" and bad.line == 3 and "unknown directive 'disable-nxt-line'" in bad.reason


def test_cli_warn_unused_ignores(tmp_path: Path):
    page = tmp_path / "post.md"
    page.write_text(f"Intro.\n\n<!-- contentguard: disable-next-line app-promo -->\n{PROMPT}\n")
    runner = CliRunner()
    quiet = runner.invoke(app, ["scan", str(page), "--no-plugins", "--fail-on", "never"])
    assert quiet.exit_code == 0 and "unused" not in quiet.stderr
    loud = runner.invoke(app, ["scan", str(page), "--no-plugins", "--fail-on", "never", "--warn-unused-ignores"])
    assert loud.exit_code == 1
    assert f"{page}:3:1: unused suppression: disable-next-line app-promo" in loud.stderr


def test_cli_suppressed_finding_is_not_reported_and_clean_keeps_it(tmp_path: Path):
    page = tmp_path / "post.md"
    text = f"Intro.\n\n<!-- contentguard: disable-next-line -->\n{PROMPT}\n"
    page.write_text(text)
    runner = CliRunner()
    result = runner.invoke(app, ["scan", str(page), "--no-plugins"])
    assert result.exit_code == 0 and "No findings" in result.stdout
    assert runner.invoke(app, ["clean", str(page), "--no-plugins"]).stdout == text
