"""Headlines listed under a related-content label ("Most read", "Lees ook", "Mehr zum Thema").

A context detector: it runs after the others and reads their findings. Below a line that
another rule reported as a related-content label, the short, non-prose lines that follow
are the list the label introduces. The block is accepted only when it ends the way such
lists end — at a blank line, at other boilerplate, or at the end of the page — and never
when it runs straight into prose, which is how an article's own title and standfirst look.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import Field

from ..context import list_after
from ..detector import Detector, DetectorOptions
from ..hookspecs import hookimpl
from ..models import Document, Finding
from ..normalize import normalized


class ListedHeadlinesOptions(DetectorOptions):
    label_categories: list[str] = ["related-content"]
    """Findings of these categories can open a list."""
    max_label_chars: int = Field(default=60, ge=1)
    max_chars: int = Field(default=160, ge=1)
    """Longest line that can be a listed headline."""
    max_lines: int = Field(default=12, ge=1)


class ListedHeadlinesDetector(Detector):
    """Flags the headlines listed under a related-content label."""

    name = "listed-headlines"
    description = "Short lines listed under a related-content label, up to a blank line or boilerplate."
    Options = ListedHeadlinesOptions
    uses_findings = True

    def detect_in_context(self, document: Document, findings: Sequence[Finding]) -> Iterator[Finding]:
        if not self.rules or not findings:
            return
        lines = normalized(document).text.split("\n")
        flagged = {finding.line for finding in findings}
        for rule in self.rules:
            options = self.options[rule.id]
            assert isinstance(options, ListedHeadlinesOptions)
            labels = sorted({f.line for f in findings if f.category in options.label_categories
                             and len(lines[f.line - 1].strip()) <= options.max_label_chars})
            stop = {number - 1 for number in flagged}
            for label in labels:
                count = list_after(lines, label - 1, max_chars=options.max_chars, max_lines=options.max_lines,
                                   stop=stop)
                for number in range(label + 1, label + 1 + count):
                    start, end = document.line_span(number)
                    raw = document.text[start:end]
                    content = raw.strip()
                    offset = start + raw.index(content[0])
                    yield document.finding(rule, offset, offset + len(content), detector=self.name)


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [ListedHeadlinesDetector]
