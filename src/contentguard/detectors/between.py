"""A short line inside a block of boilerplate belongs to the block (jusText-style smoothing).

Widgets span several lines: a newsletter box is a pitch, an "Email address" field and a
"Sign up" button; a cookie banner is a sentence and its buttons. The buttons are too
generic to be rules of their own ("Sign up", "OK", "Manage"), but a line of a few words
whose neighbours directly above and below were both reported in the same category is
part of that widget, and takes its category.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import Field

from ..context import is_prose
from ..detector import Detector, DetectorOptions
from ..hookspecs import hookimpl
from ..models import Document, Finding
from ..normalize import normalized


class BetweenOptions(DetectorOptions):
    max_words: int = Field(default=4, ge=1)
    max_chars: int = Field(default=40, ge=1)


class BetweenBoilerplateDetector(Detector):
    """Flags a short line whose neighbours above and below share a boilerplate category."""

    name = "between-boilerplate"
    description = "A short line between two lines of the same boilerplate category joins them."
    Options = BetweenOptions
    uses_findings = True

    def detect_in_context(self, document: Document, findings: Sequence[Finding]) -> Iterator[Finding]:
        if not self.rules or not findings:
            return
        lines = normalized(document).text.split("\n")
        categories: dict[int, set[str]] = {}
        for finding in findings:
            if finding.action == "remove-line":
                categories.setdefault(finding.line, set()).add(finding.category)
        for rule in self.rules:
            options = self.options[rule.id]
            assert isinstance(options, BetweenOptions)
            for number in range(2, len(lines)):
                if number in categories:
                    continue
                line = lines[number - 1].strip()
                if not line or len(line) > options.max_chars or len(line.split()) > options.max_words:
                    continue
                shared = categories.get(number - 1, set()) & categories.get(number + 1, set())
                if not shared or is_prose(line):
                    continue
                start, end = document.line_span(number)
                raw = document.text[start:end]
                content = raw.strip()
                offset = start + raw.index(content[0])
                finding = document.finding(rule, offset, offset + len(content), detector=self.name)
                yield finding.model_copy(update={"category": sorted(shared)[0]})


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [BetweenBoilerplateDetector]
