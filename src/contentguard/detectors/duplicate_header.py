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
    head_lines: int = Field(default=12, ge=0)
    """A repeat of the page's first heading within this many non-blank lines counts too."""


def _key(line: str) -> str:
    return _PUNCT.sub(" ", _MARKUP.sub("", line)).strip()


class DuplicateHeaderDetector(Detector):
    """Flags a heading or label repeated on the next non-blank line, or the title repeated."""

    name = "duplicate-header"
    description = "A heading, label or title repeated right after itself."
    Options = DuplicateHeaderOptions

    def detect(self, document: Document) -> Iterator[Finding]:
        if not self.rules:
            return
        norm = normalized(document)
        folded_lines = norm.text.split("\n")
        for rule in self.rules:
            options = self.options[rule.id]
            assert isinstance(options, DuplicateHeaderOptions)
            previous: str | None = None
            first_heading: str | None = None
            seen_nonblank = 0
            for lineno, folded in enumerate(folded_lines, start=1):
                key = _key(folded)
                if not key:
                    continue
                seen_nonblank += 1
                heading = self._heading(folded.strip(), key, options)
                repeat = heading and previous is not None and self._same(previous, key, options)
                if (not repeat and heading and first_heading is not None and key == first_heading
                        and seen_nonblank <= options.head_lines):
                    repeat = True
                if repeat:
                    start, end = document.line_span(lineno)
                    raw = document.text[start:end]
                    stripped = len(raw) - len(raw.lstrip())
                    end = start + len(raw.rstrip())
                    yield document.finding(rule, start + stripped, end, detector=self.name)
                if heading and first_heading is None and len(key.split()) >= 3:
                    first_heading = key
                previous = key if heading else None

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
