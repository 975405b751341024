"""The JSON shape of a report (``contentguard.report/1``), shared by json and jsonl."""

from __future__ import annotations

from typing import Any

from ..models import Report

SCHEMA = "contentguard.report/1"


def report_dict(report: Report) -> dict[str, Any]:
    """One document's entry in ``documents``: path, id, findings, verdicts, stats."""
    document = report.document
    entry: dict[str, Any] = {
        "path": document.path,
        "id": document.id,
        "format": document.format,
    }
    if document.source:
        entry["source"] = document.source
    entry["findings"] = [finding.model_dump(mode="json") for finding in report.findings]
    entry["verdicts"] = report.verdicts.model_dump(mode="json")
    entry["stats"] = report.stats
    if report.problems:
        entry["problems"] = [problem.model_dump(mode="json") for problem in report.problems]
    if report.cleaned is not None:
        entry["cleaned"] = report.cleaned
    return entry
