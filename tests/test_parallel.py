"""--jobs N: the same reports and output as one job, in input order, with bounded read-ahead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentguard import parallel
from contentguard.api import Scanner
from contentguard.cli import app
from contentguard.models import Document

runner = CliRunner()

BOILERPLATE = ["Download the app", "Sign up to read this article", "Related stories", "Share this article",
               "Subscribe to our newsletter", "Advertisement", "Top News", "Top News"]
PROSE = ("The council met on Tuesday to discuss the new bridge over the river, and residents asked "
         "whether the budget would cover the repairs promised last year.")


def page(number: int) -> str:
    """An invented page: prose with some boilerplate lines around it, different for each number."""
    lines = [BOILERPLATE[(number + k) % len(BOILERPLATE)] for k in range(number % 4)]
    lines += [f"Paragraph {k} of story {number}. {PROSE}" for k in range(1 + number % 3)]
    if number % 5 == 0:
        lines.append("Sign up to read this article")
    return "\n".join(lines) + "\n"


def corpus(tmp_path: Path, count: int = 40, *, bad: int | None = None) -> Path:
    path = tmp_path / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for number in range(count):
            if number == bad:
                out.write("{not json\n")
                continue
            out.write(json.dumps({"id": f"r{number}", "text": page(number), "n": number}) + "\n")
    return path


def run(*args: str):
    return runner.invoke(app, [*args, "--no-plugins"])


def _summary(report):
    return ([f.model_dump() for f in report.findings], report.verdicts, report.cleaned, report.problems)


def test_reports_in_input_order_identical_to_one_job(scanner: Scanner) -> None:
    documents = [Document(text=page(n), id=str(n)) for n in range(30)]
    documents.insert(7, Document(text="", format="skipped", id="bad", metadata={"error": "bad record"}))
    one = list(parallel.scan_documents(scanner, documents, jobs=1, cleaned=True))
    two = list(parallel.scan_documents(scanner, documents, jobs=2, cleaned=True, window=2))
    assert [d.id for d, _ in two] == [d.id for d in documents]
    assert two[7][1] is None and one[7][1] is None
    assert [_summary(r) for _, r in two if r is not None] == [_summary(r) for _, r in one if r is not None]
    assert any(r.findings for _, r in two if r is not None)


def test_read_ahead_is_bounded(scanner: Scanner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH_DOCUMENTS", 4)
    pulled = 0

    def documents():
        nonlocal pulled
        for number in range(10_000):
            pulled += 1
            yield Document(text=f"Line {number}\n")

    results = parallel.scan_documents(scanner, documents(), jobs=2, window=3)
    next(results)
    assert pulled <= 4 * 4  # the window's batches and the one being filled, not the corpus
    results.close()


def test_cli_jobs_output_is_identical(tmp_path: Path) -> None:
    path = corpus(tmp_path, bad=11)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"clean-{jobs}.jsonl"
        result = run("clean", str(path), "-o", str(out), "--jobs", jobs, "--skip-bad-records")
        assert result.exit_code == 0, result.stderr
        assert "skipped 1 bad record(s)" in result.stderr
        report = tmp_path / f"scan-{jobs}.jsonl"
        scan = run("scan", str(path), "--format", "jsonl", "-o", str(report), "--jobs", jobs, "--skip-bad-records")
        assert scan.exit_code == 1, scan.stderr
        outputs[jobs] = (out.read_text(encoding="utf-8"), report.read_text(encoding="utf-8"))
    assert outputs["2"] == outputs["1"]
    cleaned = [json.loads(line) for line in outputs["2"][0].splitlines()]
    assert [r["n"] for r in cleaned] == [n for n in range(40) if n != 11]
    assert "Download the app" not in outputs["2"][0]
