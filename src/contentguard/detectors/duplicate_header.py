"""Duplicated headers: a heading, label or title printed again right after itself.

Scraped pages often carry a section label twice ("Top News" / "Top News") or the title
twice (once from the page header, once from the article). The detector flags the
*repeat*: a short line whose folded text equals, or nearly equals, the previous
non-blank line, or the page title near the head of the page. A subheading followed by a
paragraph that starts with the same words is not a repeat: the two lines must match as a
whole, and both must be heading-sized.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher

import regex
from pydantic import Field

from ..detector import Detector, DetectorOptions
from ..hookspecs import hookimpl
from ..models import Document, Finding
from ..normalize import normalized

_PUNCT = regex.compile(r"[\p{P}\p{S}\s]+")
_SENTENCE_END = regex.compile(r"[.!?…]['\")\]]*$")
_MARKUP = regex.compile(r"^\s*(?:#{1,6}\s+|[-*+>]\s+|\*\*|__)|(?:\*\*|__)\s*$")


class DuplicateHeaderOptions(DetectorOptions):
    max_chars: int = Field(default=200, ge=1)
    """Longest line (in characters) that can count as a heading."""
    max_words: int = Field(default=25, ge=1)
    similarity: float = Field(default=0.92, gt=0, le=1)
    """How alike two lines must be to count as near-exact repeats (difflib ratio)."""
    window: int = Field(default=3, ge=1)
    """A label of up to four words repeated within this many non-blank lines is a repeat."""


def _key(line: str) -> str:
    return _PUNCT.sub(" ", _MARKUP.sub("", line)).strip()


_CRUMB = regex.compile(r"\s(?:[>›»/|]|->)\s")


def _last_crumb(folded: str) -> str | None:
    """The last part of a breadcrumb line ("Media › Markets" -> "markets"), else None."""
    parts = _CRUMB.split(folded.strip())
    return _key(parts[-1]) if len(parts) >= 2 else None


class DuplicateHeaderDetector(Detector):
    """Flags a heading or label repeated on the next non-blank line, or the title repeated."""

    name = "duplicate-header"
    description = "A heading, label or title repeated right after itself."
    Options = DuplicateHeaderOptions

    def detect(self, document: Document) -> Iterator[Finding]:
        if not self.rules:
            return
        folded_lines = normalized(document).text.split("\n")
        for rule in self.rules:
            options = self.options[rule.id]
            assert isinstance(options, DuplicateHeaderOptions)
            for lineno in self._repeats(folded_lines, options):
                start, end = document.line_span(lineno)
                raw = document.text[start:end]
                stripped = len(raw) - len(raw.lstrip())
                yield document.finding(rule, start + stripped, start + len(raw.rstrip()), detector=self.name)

    def _repeats(self, folded_lines: list[str], options: DuplicateHeaderOptions) -> Iterator[int]:
        """1-based numbers of lines that repeat a heading shown just before (or the title)."""
        recent: list[str] = []  # keys of the last few heading lines; prose resets it
        previous = ""  # the previous non-blank folded line
        titles: set[str] = set()  # headings of four words or more seen so far
        for lineno, folded in enumerate(folded_lines, start=1):
            key = _key(folded)
            if not key:
                continue
            heading = self._heading(folded.strip(), key, options)
            words = len(key.split())
            repeat = False
            if heading:
                if recent and self._same(recent[-1], key, options):
                    repeat = True  # the next non-blank line repeats this one
                elif words <= 4 and key in recent[-options.window:]:
                    repeat = True  # a short label repeated within a few lines
                elif words >= 4 and key in titles:
                    repeat = True  # a title printed again further down (recipe cards)
                elif _last_crumb(previous) == key:
                    repeat = True  # a breadcrumb's last part printed again as a label
            if repeat:
                yield lineno
            if heading and words >= 4:
                titles.add(key)
            recent = [*recent[-(options.window - 1):], key] if heading else []
            previous = folded

    @staticmethod
    def _heading(line: str, key: str, options: DuplicateHeaderOptions) -> bool:
        """Heading-sized: short, few words, and not a sentence of prose."""
        count = len(key.split())
        if len(line) > options.max_chars or count > options.max_words:
            return False
        return count <= 10 or not _SENTENCE_END.search(line)

    @staticmethod
    def _same(a: str, b: str, options: DuplicateHeaderOptions) -> bool:
        if a == b:
            return True
        if min(len(a), len(b)) < 12 or abs(len(a) - len(b)) > 0.1 * max(len(a), len(b)):
            return False
        return SequenceMatcher(None, a, b, autojunk=False).ratio() >= options.similarity


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [DuplicateHeaderDetector]
