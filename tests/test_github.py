"""``--format github``: GitHub Actions annotations."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from contentguard.cli import app
from contentguard.reporters.github import escape_data, escape_property

runner = CliRunner()


def test_annotations_one_per_finding(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("post.md").write_text("Intro.\n\nSign up to read this article\n")
    result = runner.invoke(app, ["scan", "post.md", "--no-plugins", "--isolated", "--select", "paywall",
                                 "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::warning file=post.md,line=3,col=1,endLine=3,endColumn=29,title=paywall/sign-up-to-read [paywall]::"
        + result.stdout.split("::")[2].splitlines()[0],
        "contentguard: 1 finding(s)",
    ]
    assert result.stdout.splitlines()[0].endswith(': "Sign up to read this article"')


def test_escaping_keeps_page_text_from_making_commands():
    assert escape_data("50% off\n::error::x") == "50%25 off%0A::error::x"
    assert escape_property("a,b:c\r\n") == "a%2Cb%3Ac%0D%0A"
