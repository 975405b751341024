"""``--format sarif``: SARIF 2.1.0, the format code-scanning services read.

One run, the rules seen in it under ``tool.driver.rules``, one result per finding with
its region (1-based lines; columns count Unicode code points, as ``columnKind`` says),
and a ``partialFingerprints`` entry equal to the baseline fingerprint. Suppressed
findings are kept as results with a ``suppressions`` entry (``inSource`` for directives,
``external`` for the config and the baseline), so a viewer can show them as dismissed.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from ..baseline import fingerprint_map
from ..hookspecs import hookimpl
from ..models import Finding, Report, Suppression
from ..reporter import Reporter
from .serialize import dumps

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"info": "note", "warning": "warning", "error": "error"}


def _version() -> str:
    try:
        return version("contentguard")
    except PackageNotFoundError:
        return "0"


def artifact_uri(path: str | None) -> str:
    """A relative URI for a path under the working folder, else an absolute ``file:`` URI."""
    if not path or path == "-":
        return "stdin"
    pure = Path(path)
    if pure.is_absolute():
        try:
            pure = pure.relative_to(Path.cwd())
        except ValueError:
            return pure.as_uri()
    return quote(PurePath(pure).as_posix())


class SarifReporter(Reporter):
    """Collects every report and writes one SARIF log at the end."""

    name = "sarif"
    description = "SARIF 2.1.0 (GitHub code scanning and other CI tools)."

    def begin(self) -> None:
        self.rules: dict[str, dict[str, Any]] = {}
        self.results: list[dict[str, Any]] = []
        self.artifacts: dict[str, int] = {}

    def report(self, report: Report) -> None:
        document = report.document
        uri = artifact_uri(document.path)
        if uri not in self.artifacts:
            self.artifacts[uri] = len(self.artifacts)
        every = [*report.findings, *(f for f, _ in report.suppressed)]
        # as the baseline counts them: occurrences among the reported findings, then the suppressed
        prints = {**fingerprint_map(document, report.findings, Path.cwd()),
                  **fingerprint_map(document, [f for f, _ in report.suppressed], Path.cwd())}
        why = {id(f): s for f, s in report.suppressed}
        for finding in sorted(every, key=lambda f: (f.start, f.end, f.rule)):
            self.results.append(self._result(finding, uri, document.id if "record" in document.metadata else None,
                                             prints[id(finding)], why.get(id(finding))))

    def _rule_index(self, finding: Finding) -> int:
        if finding.rule not in self.rules:
            self.rules[finding.rule] = {
                "id": finding.rule,
                "name": finding.rule.replace("/", "-"),
                "shortDescription": {"text": finding.message},
                "defaultConfiguration": {"level": LEVELS[finding.severity.value]},
                "properties": {"category": finding.category, "tags": [finding.category]},
            }
        return list(self.rules).index(finding.rule)

    def _result(self, finding: Finding, uri: str, record: str | None, fingerprint: str,
                suppression: Suppression | None) -> dict[str, Any]:
        region = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line,
            "endColumn": finding.end_column,
            "charOffset": finding.start,
            "charLength": finding.end - finding.start,
            "snippet": {"text": finding.text},
        }
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": self._rule_index(finding),
            "level": LEVELS[finding.severity.value],
            "message": {"text": f"{finding.message}: \"{finding.text}\""},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri, "index": self.artifacts[uri]},
                "region": region,
            }}],
            "partialFingerprints": {"contentguard/v1": fingerprint},
            "properties": {"category": finding.category, "confidence": finding.confidence,
                           "action": finding.action, "detector": finding.detector},
        }
        if record is not None:
            result["properties"]["record"] = record
        if suppression is not None:
            entry: dict[str, Any] = {"kind": "inSource" if suppression.source == "inline" else "external",
                                     "status": "accepted"}
            justification = suppression.reason or suppression.text
            if justification:
                entry["justification"] = justification
            result["suppressions"] = [entry]
        return result

    def end(self) -> None:
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "contentguard",
                    "version": _version(),
                    "informationUri": "https://pypi.org/project/contentguard/",
                    "rules": list(self.rules.values()),
                }},
                "columnKind": "unicodeCodePoints",
                "artifacts": [{"location": {"uri": uri}} for uri in self.artifacts],
                "results": self.results,
            }],
        }
        self.out.write(dumps(log, indent=2))
        self.out.write("\n")


@hookimpl
def register_reporters() -> list[type[Reporter]]:
    return [SarifReporter]
