"""The JSON shape of a report (``contentguard.report/1``), shared by json and jsonl."""

from __future__ import annotations

import json
import re
from typing import Any

from ..models import Report

SCHEMA = "contentguard.report/1"
_RISKY = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps(value: Any, **options: Any) -> str:
    """JSON with non-ASCII text kept readable, but DEL, C1 controls, line separators, bidi
    overrides and lone surrogates written as ``\\uXXXX`` escapes (the same JSON value): a page
    cannot drive a terminal that shows the file, nor break a consumer's UTF-8 decoder."""
    return _RISKY.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(value, ensure_ascii=False, **options))


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
