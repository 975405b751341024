"""``contentguard fix``: in-place, atomic, encoding/BOM/line endings/mode kept; ``--diff``; ``clean --check``."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentguard import atomic
from contentguard.cli import app

PROMPT = "Sign up to read this article"
runner = CliRunner()
PAGE = f"The council met on Tuesday to vote on the budget.\n\n{PROMPT}\n\nThe vote passed.\n"
FIXED = "The council met on Tuesday to vote on the budget.\n\nThe vote passed.\n"


def fix(*args: str):
    return runner.invoke(app, ["fix", *args, "--no-plugins", "--isolated", "--select", "paywall"])


def test_fix_rewrites_in_place_and_exits_1_then_0(tmp_path: Path):
    page = tmp_path / "post.md"
    page.write_text(PAGE)
    first = fix(str(page))
    assert first.exit_code == 1
    assert f"{page}: fixed, 2 line(s) removed" in first.stdout
    assert page.read_text() == FIXED
    again = fix(str(page))
    assert again.exit_code == 0 and again.stdout == ""


ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
             ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-be", codecs.BOM_UTF32_BE)]


def test_encoding_bom_and_line_endings_are_kept(tmp_path: Path):
    def variant(text: str, codec: str, bom: bytes, newline: str) -> bytes:
        return bom + text.replace("\n", newline).replace("budget", "budget 💶 ß").encode(codec)

    cases = {}
    for n, (codec, bom) in enumerate(ENCODINGS):
        for newline in ("\n", "\r\n"):
            page = tmp_path / f"post-{n}-{len(newline)}.txt"
            page.write_bytes(variant(PAGE, codec, bom, newline))
            cases[page] = variant(FIXED, codec, bom, newline)
    result = fix(str(tmp_path))  # one run over the folder
    assert result.exit_code == 1, result.stderr
    for page, expected in cases.items():
        assert page.read_bytes() == expected, page.name


def test_latin1_with_encoding_option(tmp_path: Path):
    page = tmp_path / "post.txt"
    page.write_bytes(PAGE.replace("council", "conseil général").encode("latin-1"))
    assert runner.invoke(app, ["fix", str(page), "--no-plugins", "--isolated", "--encoding", "latin-1"]).exit_code == 1
    assert page.read_bytes() == FIXED.replace("council", "conseil général").encode("latin-1")


def test_mode_is_kept_and_no_temporary_file_is_left(tmp_path: Path):
    page = tmp_path / "post.md"
    page.write_text(PAGE)
    os.chmod(page, 0o640)
    fix(str(page))
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path):
    page = tmp_path / "post.md"
    page.write_text(PAGE)
    result = fix("--diff", str(page))
    assert result.exit_code == 1
    name = page.as_posix()
    assert result.stdout.splitlines()[:3] == [f"--- a/{name}", f"+++ b/{name}", "@@ -1,5 +1,3 @@"]
    assert f"-{PROMPT}" in result.stdout.splitlines()
    assert page.read_text() == PAGE


def test_a_failed_write_leaves_the_original_whole(tmp_path: Path, monkeypatch):
    page = tmp_path / "post.md"
    page.write_text(PAGE)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    result = fix(str(page))
    assert result.exit_code == 2
    assert f"contentguard: error: {page}: cannot write: No space left on device" in result.stderr
    assert page.read_text() == PAGE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_suppressed_lines_are_kept(tmp_path: Path):
    page = tmp_path / "post.md"
    text = f"Intro paragraph.\n\n<!-- contentguard: disable-next-line paywall -- we quote it -->\n{PROMPT}\n"
    page.write_text(text)
    assert fix(str(page)).exit_code == 0 and page.read_text() == text


def test_undecodable_file_is_refused_and_untouched(tmp_path: Path):
    page = tmp_path / "post.txt"
    data = PAGE.encode() + b"\xff\xfe broken\n"
    page.write_bytes(data)
    result = fix(str(page))
    assert result.exit_code == 2 and "not valid utf-8 at byte" in result.stderr
    assert page.read_bytes() == data


def test_folders_are_walked_and_html_is_fixed_on_its_source(tmp_path: Path):
    (tmp_path / "a.md").write_text(PAGE)
    (tmp_path / "b.txt").write_text(FIXED)
    html = ("<html><head><title>Vote</title><script>var s = 'Sign up to read this article';</script></head>\n"
            "<body>\n<p>The council met on Tuesday to vote on the budget.</p>\n"
            f'<p class="nag">{PROMPT.replace("read", "<b>read").replace("article", "article</b>")}</p>\n'
            "<!-- Sign up to read this article -->\n</body></html>\n")
    (tmp_path / "c.html").write_text(html)
    (tmp_path / "data.jsonl").write_text('{"text": "Sign up to read this article"}\n')
    result = fix(str(tmp_path))
    assert result.exit_code == 1
    assert (tmp_path / "a.md").read_text() == FIXED and (tmp_path / "b.txt").read_text() == FIXED
    # the prompt's <p> line is gone; the script and the comment that contain the words are not text
    assert (tmp_path / "c.html").read_text() == html.replace(html.splitlines()[3] + "\n", "")
    assert (tmp_path / "data.jsonl").read_text() == '{"text": "Sign up to read this article"}\n'
    named = fix(str(tmp_path / "data.jsonl"))
    assert named.exit_code == 0 and "data.jsonl: skipped, jsonl files are not fixed in place" in named.stderr


def test_html_line_with_unbalanced_tags_is_not_removed(tmp_path: Path):
    page = tmp_path / "page.html"
    html = f"<div><p>The council met on Tuesday to vote on the budget.</p>\n<p>{PROMPT}</div>\n"
    page.write_text(html)
    result = fix(str(page))
    assert result.exit_code == 2
    assert f"{page}:2: not fixed: removing this line would break the HTML" in result.stderr
    assert page.read_text() == html


def test_clean_check_exits_1_when_cleaning_would_change(tmp_path: Path):
    page = tmp_path / "post.md"
    page.write_text(PAGE)
    check = runner.invoke(app, ["clean", str(page), "--check", "--no-plugins", "--isolated"])
    assert check.exit_code == 1 and "would be cleaned" in check.stderr
    page.write_text(FIXED)
    assert runner.invoke(app, ["clean", str(page), "--check", "--no-plugins", "--isolated"]).exit_code == 0
