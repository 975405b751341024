"""``--format text``: one line per finding, ruff style, with colour on a terminal."""

from __future__ import annotations

import regex
from rich.console import Console
from rich.markup import escape

from ..hookspecs import hookimpl
from ..models import Report
from ..reporter import Reporter

# C0/C1 controls (ESC and friends) but not tab or newline, line separators and bidi overrides:
# a page must not drive the terminal
_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
SEVERITY_STYLE = {"info": "blue", "warning": "yellow", "error": "bold red"}


def printable(text: str) -> str:
    """``text`` with control characters and bidi overrides shown as U+FFFD (newlines and tabs kept)."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def safe(text: str, limit: int = 80) -> str:
    """Printable, one-line, shortened text for a terminal."""
    text = printable(text.replace("\n", " ").replace("\t", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TextReporter(Reporter):
    """``path:line:col: rule [category] message "text"`` then a summary line."""

    name = "text"
    description = "Human-readable lines, one per finding, and a summary."

    def begin(self) -> None:
        self.console = Console(file=self.out, force_terminal=self.color, no_color=not self.color,
                               highlight=False, soft_wrap=True, emoji=False)
        self.documents = 0
        self.findings = 0
        self.by_category: dict[str, int] = {}

    def report(self, report: Report) -> None:
        self.documents += 1
        document = report.document
        name = document.path or document.id or "-"
        if "record" in document.metadata and document.id:
            name = f"{name}#{document.id}"
        for finding in report.findings:
            self.findings += 1
            self.by_category[finding.category] = self.by_category.get(finding.category, 0) + 1
            style = SEVERITY_STYLE[finding.severity.value]
            self.console.print(
                f"[bold]{escape(safe(name, 200))}[/]:{finding.line}:{finding.column}: "
                f"[{style}]{escape(finding.rule)}[/] [cyan]\\[{escape(finding.category)}][/] "
                f"{escape(safe(finding.message, 120))} [dim]\"{escape(safe(finding.text))}\"[/]"
            )
        verdict = report.verdicts
        if verdict.paywall != "none":
            truncated = ", truncated" if verdict.truncated else ""
            self.console.print(f"[bold]{escape(safe(name, 200))}[/]: verdict: paywall {verdict.paywall}{truncated}")
            for item in verdict.evidence:
                self.console.print(f"  [dim]evidence: {escape(safe(item, 160))}[/]")
        if document.source and (report.findings or verdict.paywall != "none"):
            self.console.print(f"[dim]{escape(safe(name, 200))}: text extracted by {escape(document.source)}; "
                               "lines and columns point into the extracted text[/]")

    def end(self) -> None:
        if self.findings:
            parts = ", ".join(f"{count} {category}" for category, count in sorted(self.by_category.items()))
            plural = "s" if self.findings != 1 else ""
            self.console.print(f"Found {self.findings} finding{plural} in {self.documents} document(s): {parts}.")
        else:
            self.console.print(f"No findings in {self.documents} document(s).")


@hookimpl
def register_reporters() -> list[type[Reporter]]:
    return [TextReporter]
