"""Menu rows and breadcrumbs, recognised by their shape on the page as written.

Folding squeezes runs of spaces, but extracted pages keep a menu as words spaced apart
("News  Tests  Ratgeber  Podcast") or joined by separators ("Home » Recipes » Soups"). This
context detector reads the original lines, outside the article's prose (the head before
the first paragraph and the tail after the last, with lines other rules reported not
counting as prose), and reports:

- a menu row: three or more short items (at most four words each, most capitalised, not
  numbers) separated by two or more spaces, a tab, or `|`, `·`, `•`;
- a breadcrumb: two or more parts joined by `»`, `›`, `>` or `/`, the parts before the last
  short (the last may be the article's title).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

import regex
from pydantic import Field

from ..context import Page
from ..detector import Detector, DetectorOptions
from ..hookspecs import hookimpl
from ..models import Document, Finding
from ..normalize import normalized

_MENU_SPLIT = regex.compile(r"\s{2,}|\t|\s[|·•]\s")
_CRUMB_SPLIT = regex.compile(r"\s(?:[»›>]|/|->)\s")
_SENTENCE_END = regex.compile(r"[.!?:;,]$")
_NOT_A_LINK = regex.compile(r"[:@]|\d[/.:]\d|^(?:by|von|par|por|di|door|przez)\s", regex.IGNORECASE)
"""Metadata rows ("By Ann Lee · Published: 02/11/2024", "Cottura: 25 minuti") are not menus."""


class NavigationOptions(DetectorOptions):
    kind: Literal["menu", "breadcrumb"]
    min_items: int = Field(default=3, ge=2)
    max_item_words: int = Field(default=4, ge=1)
    max_item_chars: int = Field(default=32, ge=1)


def _item_ok(item: str, options: NavigationOptions) -> bool:
    item = item.strip(" ▾▼▸›»|·•")
    return (bool(item) and len(item) <= options.max_item_chars and len(item.split()) <= options.max_item_words
            and not _SENTENCE_END.search(item) and not _NOT_A_LINK.search(item))


def is_menu(line: str, options: NavigationOptions) -> bool:
    items = [part for part in _MENU_SPLIT.split(line.strip()) if part.strip()]
    if len(items) < options.min_items or not all(_item_ok(item, options) for item in items):
        return False
    capitalised = sum(1 for item in items if item.strip()[0].isupper())
    numeric = sum(1 for item in items if item.strip()[0].isdigit())
    return capitalised * 10 >= len(items) * 7 and numeric * 2 < len(items)


def is_breadcrumb(line: str, options: NavigationOptions) -> bool:
    parts = [part for part in _CRUMB_SPLIT.split(line.strip()) if part.strip()]
    if len(parts) < 2 or len(parts) < len(_CRUMB_SPLIT.findall(line.strip())) + 1:
        return False
    if len(parts) < 3 and not regex.search(r"\s[»›]\s", line):
        return False  # "input > output", "either / or": plain > and / need three parts
    return all(_item_ok(part, options) for part in parts[:-1]) and len(parts[-1]) <= 160


class NavigationDetector(Detector):
    """Reports menu rows and breadcrumbs outside the article's prose."""

    name = "navigation"
    description = "Menu rows and breadcrumbs, by their shape in the original text."
    Options = NavigationOptions
    uses_findings = True
    context_order = 10

    def detect_in_context(self, document: Document, findings: Sequence[Finding]) -> Iterator[Finding]:
        if not self.rules:
            return
        reported = {finding.line - 1 for finding in findings}
        page = Page.of(normalized(document).text).without(reported)
        # the lines outside the article's prose, as written (line i starts at starts[i])
        starts = document.line_starts
        raw_lines = document.text.split("\n")
        outside = [index for index in range(len(page.lines)) if page.lines[index] and page.region(index) != "body"]
        for rule in self.rules:
            options = self.options[rule.id]
            assert isinstance(options, NavigationOptions)
            test = is_menu if options.kind == "menu" else is_breadcrumb
            for index in outside:
                start = starts[index]
                raw = raw_lines[index]
                if test(raw, options):
                    offset = start + raw.index(raw.strip()[0])
                    yield document.finding(rule, offset, offset + len(raw.strip()), detector=self.name)


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [NavigationDetector]
