"""``--format json`` (one document for the whole run) and ``--format jsonl`` (a line per document)."""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..models import Report
from ..reporter import Reporter
from .serialize import SCHEMA, dumps, report_dict


class JsonReporter(Reporter):
    """``{"schema": "contentguard.report/1", "documents": [...]}``, written as it goes."""

    name = "json"
    description = "One JSON object with every document's findings, verdicts and stats."

    def begin(self) -> None:
        self.out.write('{"schema": "%s", "documents": [' % SCHEMA)
        self._first = True

    def report(self, report: Report) -> None:
        self.out.write("\n" if self._first else ",\n")
        self._first = False
        self.out.write(dumps(report_dict(report)))

    def end(self) -> None:
        self.out.write("\n]}\n")


class JsonlReporter(Reporter):
    """One JSON object per document and line, each carrying the schema name."""

    name = "jsonl"
    description = "One JSON line per document (for corpora)."

    def report(self, report: Report) -> None:
        self.out.write(dumps({"schema": SCHEMA, **report_dict(report)}))
        self.out.write("\n")


@hookimpl
def register_reporters() -> list[type[Reporter]]:
    return [JsonReporter, JsonlReporter]
