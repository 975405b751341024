"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

``::warning file=docs/a.md,line=3,col=1,endLine=3,endColumn=29,title=paywall/sign-up-to-read::…``
Severities map to ``notice``, ``warning`` and ``error``. Values are escaped as the
runner expects (``%``, CR and LF everywhere; ``:`` and ``,`` too in properties), so a
page's text can never start a workflow command of its own; other control characters (ESC,
BEL) and bidi overrides are shown as U+FFFD.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..models import Report
from ..reporter import Reporter
from .text import printable

COMMANDS = {"info": "notice", "warning": "warning", "error": "error"}


def escape_data(value: str) -> str:
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """One workflow command per finding, then a plain summary line."""

    name = "github"
    description = "GitHub Actions annotations (::warning file=…,line=…::message)."

    def begin(self) -> None:
        self.count = 0

    def report(self, report: Report) -> None:
        path = report.document.path or "-"
        for finding in report.findings:
            self.count += 1
            properties = ",".join(f"{key}={escape_property(str(value))}" for key, value in (
                ("file", path), ("line", finding.line), ("col", finding.column), ("endLine", finding.end_line),
                ("endColumn", finding.end_column), ("title", f"{finding.rule} [{finding.category}]")))
            text = finding.text if len(finding.text) <= 120 else finding.text[:119] + "…"
            message = escape_data(f"{finding.message}: \"{text}\"")
            self.out.write(f"::{COMMANDS[finding.severity.value]} {properties}::{message}\n")

    def end(self) -> None:
        self.out.write(f"contentguard: {self.count} finding(s)\n")


@hookimpl
def register_reporters() -> list[type[Reporter]]:
    return [GithubReporter]
