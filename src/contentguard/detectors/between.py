"""Short lines inside a block of boilerplate belong to the block (jusText-style smoothing).

Widgets span several lines: a newsletter box is a pitch, an "Email address" field and a
"Sign up" button; a masthead is a site name, a menu and a section label. Such lines are too
generic for rules of their own ("Sign up", "Search", "Health", the site's name), but their
neighbours give them away:

- anywhere: a line of a few words whose neighbours directly above and below were both
  reported in the same category joins that category;
- outside the article's prose (the head before the first paragraph, the tail after the
  last): a gap of at most two short lines between reported lines of one unbroken block, a
  short line opening the page's first block before a reported line, and a one-to-three-word
  section label closing a reported block before a blank line.

The article's headline survives because it is longer than a label and is followed by its
standfirst, byline or a blank line rather than by more boilerplate.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import Field

from ..context import Page, is_prose
from ..detector import Detector, DetectorOptions
from ..hookspecs import hookimpl
from ..models import Document, Finding
from ..normalize import normalized


class BetweenOptions(DetectorOptions):
    max_words: int = Field(default=4, ge=1)
    """Longest line (in words) that joins same-category neighbours anywhere on the page."""
    max_chars: int = Field(default=40, ge=1)
    edge_words: int = Field(default=5, ge=1)
    """Longest line (in words) that fills a gap in a block at the head or tail of the page."""
    edge_gap: int = Field(default=2, ge=0)
    """Most lines in such a gap."""
    label_words: int = Field(default=3, ge=1)
    """Longest section label closing a block before a blank line."""


class BetweenBoilerplateDetector(Detector):
    """Flags short lines that sit inside blocks of reported boilerplate."""

    name = "between-boilerplate"
    description = "Short lines inside a block of boilerplate join the block."
    Options = BetweenOptions
    uses_findings = True
    context_order = 30

    def detect_in_context(self, document: Document, findings: Sequence[Finding]) -> Iterator[Finding]:
        if not self.rules or not findings:
            return
        folded = normalized(document).text
        lines = [line.strip() for line in folded.split("\n")]
        categories: dict[int, list[str]] = {}  # 0-based line -> categories reported there
        for finding in findings:
            if finding.action == "remove-line":
                categories.setdefault(finding.line - 1, []).append(finding.category)
        page = Page.of(folded).without(i for i in categories)
        for rule in self.rules:
            options = self.options[rule.id]
            assert isinstance(options, BetweenOptions)
            chosen = {**self._sandwiched(lines, categories, options),
                      **self._edges(lines, categories, page, options)}
            for index, category in sorted(chosen.items()):
                start, end = document.line_span(index + 1)
                raw = document.text[start:end]
                offset = start + raw.index(raw.strip()[0])
                finding = document.finding(rule, offset, offset + len(raw.strip()), detector=self.name)
                yield finding.model_copy(update={"category": category})

    @staticmethod
    def _short(line: str, words: int, chars: int = 80) -> bool:
        return bool(line) and len(line) <= chars and len(line.split()) <= words and not is_prose(line)

    def _sandwiched(self, lines: list[str], categories: dict[int, list[str]],
                    options: BetweenOptions) -> dict[int, str]:
        chosen: dict[int, str] = {}
        for index in range(1, len(lines) - 1):
            if index in categories or not self._short(lines[index], options.max_words, options.max_chars):
                continue
            shared = set(categories.get(index - 1, ())) & set(categories.get(index + 1, ()))
            if shared:
                chosen[index] = sorted(shared)[0]
        return chosen

    def _edges(self, lines: list[str], categories: dict[int, list[str]], page: Page,
               options: BetweenOptions) -> dict[int, str]:
        chosen: dict[int, str] = {}
        if page.first_prose < 0:
            return chosen  # no article prose to tell the head from the tail: leave it be
        index = 0
        first_block = True
        while index < len(lines):
            if not lines[index]:
                index += 1
                continue
            end = index
            while end < len(lines) and lines[end]:
                end += 1
            block = range(index, end)  # one unbroken run of non-blank lines
            if any(page.region(i) == "body" for i in block):
                first_block = False
                index = end
                continue
            reported = [i for i in block if i in categories]
            if reported:
                # gaps between reported lines
                for before, after in zip(reported, reported[1:]):
                    gap = range(before + 1, after)
                    if 0 < len(gap) <= options.edge_gap and all(
                            self._short(lines[i], options.edge_words) for i in gap):
                        for i in gap:
                            chosen[i] = categories[after][0]
                # a masthead opening the page
                lead = range(index, reported[0])
                if first_block and 0 < len(lead) <= options.edge_gap and all(
                        self._short(lines[i], options.edge_words) for i in lead):
                    for i in lead:
                        chosen[i] = categories[reported[0]][0]
                # a section label closing the block
                tail = range(reported[-1] + 1, end)
                if len(tail) == 1 and self._short(lines[tail[0]], options.label_words):
                    chosen[tail[0]] = "related-content"
            first_block = False
            index = end
        return chosen


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [BetweenBoilerplateDetector]
