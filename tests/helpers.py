"""What several reliability test modules share: the console script run in-process, and a page."""

from __future__ import annotations

import sys

import pytest

from contentguard.cli import main

ARTICLE = "The council met on Tuesday to agree the budget for the new bridge over the river.\n"
PAGE = f"{ARTICLE}Download the app\n{ARTICLE}"
CLEANED = f"{ARTICLE}{ARTICLE}"


def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """The console script in-process, without installed plugins: (exit code, stdout, stderr).
    Any exception other than the exit fails the test."""
    monkeypatch.setattr(sys, "argv", ["contentguard", *args, "--no-plugins"])
    with pytest.raises(SystemExit) as exit_:
        main()
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err
