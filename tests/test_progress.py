"""The progress bar: on a terminal it shows docs/s; piped, stderr carries no bar at all."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from contentguard.progress import count_documents

from .test_parallel import corpus


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "contentguard", *args, "--no-plugins"]


def test_no_progress_bar_when_stderr_is_piped(tmp_path: Path) -> None:
    path = corpus(tmp_path, 30)
    result = subprocess.run(_cli("clean", str(path), "-o", str(tmp_path / "out.jsonl")),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0
    assert result.stderr == ""


def _on_terminal(args: list[str]) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal; return the exit code and what the terminal got."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 300)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return process.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    path = corpus(tmp_path, 60)
    code, shown = _on_terminal(_cli("clean", str(path), "-o", str(tmp_path / "out.jsonl")))
    assert code == 0
    assert "docs/s" in shown and "ETA" in shown
    code, shown = _on_terminal(_cli("clean", str(path), "-o", str(tmp_path / "out.jsonl"), "--no-progress"))
    assert code == 0 and "docs/s" not in shown


def test_count_documents_for_the_eta(tmp_path: Path) -> None:
    path = corpus(tmp_path, 12)
    text = tmp_path / "page.txt"
    text.write_text("one page", encoding="utf-8")
    assert count_documents([str(path), str(text)]) == 13
    assert count_documents(["-"]) is None
