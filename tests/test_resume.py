"""--resume: an interrupted corpus run, continued, gives the same output as an uninterrupted one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentguard import api, resume
from contentguard.cli import app

from .test_parallel import corpus

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [*args, "--no-plugins"])


def interrupt_after(monkeypatch: pytest.MonkeyPatch, documents: int) -> None:
    """Make the next run stop (as Ctrl-C would) while scanning document number ``documents``.

    The command line turns the interrupt into its exit code, as it does for a real Ctrl-C.
    """
    real = api.Scanner.scan
    seen = 0

    def scan(self, text, **options):  # type: ignore[no-untyped-def]
        nonlocal seen
        seen += 1
        if seen > documents:
            raise KeyboardInterrupt
        return real(self, text, **options)

    monkeypatch.setattr(api.Scanner, "scan", scan)


@pytest.mark.parametrize(("command", "jobs"), [("clean", "1"), ("scan", "2")])
def test_resumed_run_matches_an_uninterrupted_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  command: str, jobs: str) -> None:
    monkeypatch.setattr(resume, "CHECKPOINT_EVERY", 3)
    path = corpus(tmp_path, 25, bad=4)
    extra = ["--skip-bad-records", *(["--format", "jsonl"] if command == "scan" else [])]
    whole = tmp_path / "whole.jsonl"
    expected = run(command, str(path), "-o", str(whole), *extra)
    out = tmp_path / "out.jsonl"
    sidecar = tmp_path / "out.jsonl.contentguard-resume"
    with monkeypatch.context() as patch:
        interrupt_after(patch, 14)
        assert run(command, str(path), "-o", str(out), "--resume", *extra).exit_code not in (0, 1, 2)
    assert sidecar.exists()
    done = json.loads(sidecar.read_text(encoding="utf-8"))["documents"]
    assert 0 < done < 25
    assert len(out.read_text(encoding="utf-8").splitlines()) >= done - 1  # up to the checkpoint, at least
    result = run(command, str(path), "-o", str(out), "--resume", "--jobs", jobs, *extra)
    assert result.exit_code == expected.exit_code
    assert "skipped 1 bad record(s)" in result.stderr  # the counters of the first part are kept
    assert out.read_bytes() == whole.read_bytes()
    assert not sidecar.exists()


def test_resume_refuses_a_checkpoint_of_another_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resume, "CHECKPOINT_EVERY", 2)
    path = corpus(tmp_path, 10)
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patch:
        interrupt_after(patch, 5)
        assert run("clean", str(path), "-o", str(out), "--resume").exit_code not in (0, 2)
    result = run("clean", str(path), "-o", str(out), "--resume", "--ignore", "app-promo")
    assert result.exit_code == 2
    assert "the checkpoint is for another run" in result.stderr
    assert result.stderr.startswith("contentguard: error: ")


def test_resume_needs_an_output_file_and_jsonl_reports(tmp_path: Path) -> None:
    path = corpus(tmp_path, 3)
    result = run("clean", str(path), "--resume")
    assert result.exit_code == 2 and "--resume needs --output FILE" in result.stderr
    result = run("scan", str(path), "--resume", "-o", str(tmp_path / "r.txt"))
    assert result.exit_code == 2 and "--resume works with --format jsonl" in result.stderr


def test_resume_without_a_checkpoint_is_a_plain_run(tmp_path: Path) -> None:
    path = corpus(tmp_path, 6)
    out = tmp_path / "out.jsonl"
    out.write_text("left over from something else\n", encoding="utf-8")
    assert run("clean", str(path), "-o", str(out), "--resume").exit_code == 0
    plain = tmp_path / "plain.jsonl"
    assert run("clean", str(path), "-o", str(plain)).exit_code == 0
    assert out.read_bytes() == plain.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl", "out.jsonl", "plain.jsonl"]
