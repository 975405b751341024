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

import regex

from ..context import Page, list_after
from ..detector import Detector, DetectorOptions
from ..hookspecs import hookimpl
from ..models import Document, Finding
from ..normalize import normalized


_SEPARATOR = regex.compile(r"\s(?:[>›»/|·•]|->)\s")


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
    context_order = 20

    def detect_in_context(self, document: Document, findings: Sequence[Finding]) -> Iterator[Finding]:
        if not self.rules or not findings:
            return
        folded = normalized(document).text
        lines = folded.split("\n")
        flagged = {finding.line for finding in findings}
        stop = {number - 1 for number in flagged}
        page = Page.of(folded).without(stop)
        for rule in self.rules:
            options = self.options[rule.id]
            assert isinstance(options, ListedHeadlinesOptions)
            labels = sorted({f.line for f in findings if f.category in options.label_categories
                             and _is_label(lines[f.line - 1], options)})
            for label in labels:
                count = list_after(lines, label - 1, max_chars=options.max_chars, max_lines=options.max_lines,
                                   stop=stop)
                if count and _leads_into_article(page, stop, label - 1 + count):
                    continue
                for number in range(label + 1, label + 1 + count):
                    start, end = document.line_span(number)
                    raw = document.text[start:end]
                    content = raw.strip()
                    offset = start + raw.index(content[0])
                    yield document.finding(rule, offset, offset + len(content), detector=self.name)


def _is_label(line: str, options: ListedHeadlinesOptions) -> bool:
    """A list label ("Most read"), not a breadcrumb or a menu row, which introduce no list."""
    line = line.strip()
    return len(line) <= options.max_label_chars and not _SEPARATOR.search(line)


def _leads_into_article(page: Page, boilerplate: set[int], last: int) -> bool:
    """True when only boilerplate and blank lines separate line ``last`` from the first
    paragraph of prose: the short lines above are the article's title block."""
    if page.first_prose < 0 or last >= page.first_prose:
        return False
    return all(not page.lines[i] or i in boilerplate for i in range(last + 1, page.first_prose))


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [ListedHeadlinesDetector]
