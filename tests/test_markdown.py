"""Markdown awareness: what is never flagged, and findings on markup-free text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from contentguard.api import Scanner
from contentguard.cli import app
from contentguard.markdown import mask_markdown
from contentguard.models import Document

PROMPT = "Sign up to read this article"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    """Two stable categories, so that new rules elsewhere cannot change what these tests see."""
    return Scanner(load_entry_points=False, select=["paywall", "app-promo"])


def md(scanner, text: str):
    return scanner.scan(Document(text=text, path="page.md", format="markdown"))


def test_a_plain_markdown_line_is_flagged(scanner):
    report = md(scanner, f"# Council vote\n\nThe council met.\n\n{PROMPT}\n")
    assert [(f.category, f.line, f.text) for f in report.findings] == [("paywall", 5, PROMPT)]


def test_front_matter_code_comments_link_targets_and_alt_text_are_never_flagged(scanner):
    page = (
        f"---\ntitle: {PROMPT}\n---\n"
        "The council met on Tuesday.\n\n"
        f"```text\n{PROMPT}\n```\n\n"
        f"~~~\n{PROMPT}\n~~~\n\n"
        f"    {PROMPT}\n\n"
        f"<!-- {PROMPT} -->\n"
        f"<!--\n{PROMPT}\n-->\n"
        f"See [the notice](https://example.com/{PROMPT.replace(' ', '-')}) for details.\n"
        f"![{PROMPT}](paywall.png)\n"
        f"[notice]: https://example.com/x \"{PROMPT}\"\n"
        f"Inline `{PROMPT}` in code.\n"
    )
    assert md(scanner, page).findings == []
    # the same prompt on a line of its own in plain text is a finding: it is the markup that protects it
    assert scanner.scan(Document(text=f"The council met.\n\n{PROMPT}\n")).findings


def test_matching_sees_text_without_markup_and_points_at_the_original_characters(scanner):
    page = "The council met on Tuesday.\n\n- **Sign up** to [read this article](https://example.com/join)\n"
    report = md(scanner, page)
    assert len(report.findings) == 1
    finding = report.findings[0]
    assert (finding.category, finding.line, finding.column) == ("paywall", 3, 5)
    assert page[finding.start:finding.end] == finding.text == "Sign up** to [read this article"


def test_headings_quotes_and_numbered_items_are_matched_by_their_text(scanner):
    for line in (f"## {PROMPT} ##", f"> {PROMPT}", f"3. _{PROMPT}_", f"* [ ] ~~{PROMPT}~~", f"| {PROMPT} |"):
        report = md(scanner, f"The council met.\n\n{line}\n")
        assert [f.line for f in report.findings] == [3], line
        assert report.findings[0].text.startswith("Sign up"), line


def test_indented_list_continuation_is_text_not_code(scanner):
    page = f"- A first item\n\n    {PROMPT}\n"
    assert [f.line for f in md(scanner, page).findings] == [3]


def test_mask_keeps_length_lines_and_characters():
    text = "---\na: b\n---\n# **Hi** [x](y) `z`\r\n    code\n"
    masked = mask_markdown(text)
    assert len(masked) == len(text)
    assert masked.splitlines() == [" " * 3, " " * 4, " " * 3, "    Hi    x        ", " " * 8]
    assert masked[masked.index("\r")] == "\r"


markdownish = st.lists(st.sampled_from(
    ["# ", "- ", "1. ", "> ", "**", "_", "`", "```", "~~~", "[", "](", ")", "![", "<!--", "-->", "<b>", "\\", "|",
     "---", "    ", "\t", "\n", "\r\n", "word", "Sign up", " ", "https://x.y/z", "é", "😀"]), max_size=40).map("".join)


@given(markdownish)
def test_mask_is_same_length_and_only_blanks(text):
    masked = mask_markdown(text)
    assert len(masked) == len(text)
    for before, after in zip(text, masked):
        assert after == before or after == " "
        assert (before in "\r\n") == (after in "\r\n") or after == " " and before not in "\r\n"


def test_cli_reads_md_files_as_markdown(tmp_path: Path):
    page = tmp_path / "post.md"
    page.write_text(f"The council met.\n\n```\n{PROMPT}\n```\n\n**{PROMPT}**\n")
    result = CliRunner().invoke(app, ["scan", str(page), "--no-plugins", "--isolated", "--select", "paywall",
                                      "--format", "json"])
    assert result.exit_code == 1
    import json

    document = json.loads(result.stdout)["documents"][0]
    assert document["format"] == "markdown"
    assert [(f["line"], f["column"], f["text"]) for f in document["findings"]] == [(7, 3, PROMPT)]


pieces = st.sampled_from([f"{PROMPT}\n", f"- **{PROMPT}**\n", f"```\n{PROMPT}\n```\n", f"    {PROMPT}\n",
                          f"<!-- {PROMPT} -->\n", f"![{PROMPT}](x.png)\n", "\n", "Plain words here.\n",
                          "---\n", "# Title\n", "> quote\n", "Download the app\r\n"])


@given(st.lists(pieces, max_size=12).map("".join))
def test_findings_point_at_unmasked_original_text(scanner, text):
    masked = mask_markdown(text)
    for finding in md(scanner, text).findings:
        assert text[finding.start:finding.end] == finding.text
        assert masked[finding.start] != " " and masked[finding.end - 1] != " "
