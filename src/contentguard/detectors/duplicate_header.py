"""Duplicated headers: a heading, label or title printed again right after itself.

Scraped pages often carry a section label twice ("Top News" / "Top News") or the title
twice (once from the page header, once from the article). The detector flags the
*repeat*: a short line whose folded text equals, or nearly equals, the previous
non-blank line, or the page title near the head of the page. A subheading followed by a
paragraph that starts with the same words is not a repeat: the two lines must match as a
whole, and both must be heading-sized.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
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
_WORDY = regex.compile(r"[^\p{P}\p{S}\s]")
"""A character ``_key`` keeps: a line without one has no key."""
_NUMBER = regex.compile(r"\d+")
_LIST_ITEM = regex.compile(r"^\s*(?:[-*+•·–]|\d{1,3}[.)])\s")
_NOT_A_HEADING = regex.compile(r"^\s*\|.*\|\s*$|^(?: {4}|\t)")
"""A table row (between pipes) or an indented code line is never a heading."""
FIELD_REPEATS = 3
"""A line printed this many times on a page is a field of a card or a row (a price, "In stock",
a column label), the page's own structure, not a header printed twice."""


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


_SITE_SUFFIX = regex.compile(r"\s[|–—-]\s(?=[^|–—-]{1,40}$)")
_CRUMB = regex.compile(r"\s(?:[>›»/|]|->)\s")


def _last_crumb(folded: str) -> str | None:
    """The last part of a breadcrumb line ("Media › Markets" -> "markets"), else None."""
    parts = _CRUMB.split(folded.strip())
    return _key(parts[-1]) if len(parts) >= 2 else None


class DuplicateHeaderDetector(Detector):
    """Flags a heading or label repeated on the next non-blank line, or the title repeated."""

    name = "duplicate-header"
    uses_findings = True
    context_order = 15
    description = "A heading, label or title repeated right after itself."
    Options = DuplicateHeaderOptions

    def detect_in_context(self, document: Document, findings: Sequence[Finding]) -> Iterator[Finding]:
        if not self.rules:
            return
        folded_lines = normalized(document).text.split("\n")
        reported = {finding.line for finding in findings}

        def after_boilerplate(lineno: int) -> bool:
            """The line directly above (no blank line between) was reported as boilerplate."""
            return lineno > 1 and bool(folded_lines[lineno - 2].strip()) and lineno - 1 in reported

        for rule in self.rules:
            options = self.options[rule.id]
            assert isinstance(options, DuplicateHeaderOptions)
            flagged: set[int] = set()
            for lineno, original, title in self._repeats(folded_lines, options):
                # of two copies of a title, the one stuck to the boilerplate above it is the
                # page's (a sticky bar, a title under the breadcrumb); the other is the article's
                if title and after_boilerplate(original) and not after_boilerplate(lineno) \
                        and lineno - 1 != original:
                    lineno = original
                flagged.add(lineno)
            for lineno in sorted(flagged):
                start, end = document.line_span(lineno)
                raw = document.text[start:end]
                stripped = len(raw) - len(raw.lstrip())
                yield document.finding(rule, start + stripped, start + len(raw.rstrip()), detector=self.name)

    def _repeats(self, folded_lines: list[str], options: DuplicateHeaderOptions) -> Iterator[tuple[int, int, bool]]:
        """(repeat, original, is_title) for each line that repeats a heading shown before it.

        Line numbers are 1-based. A page title with the site's name after a separator
        ("Headline | The Courier") repeated later as the bare headline is reported the other
        way round: the suffixed line is the repeat.
        """
        # each line's key, worked out once; None for a line too long for a heading (a 50 MB line is
        # not keyed): prose
        keys = [None if len(line) > options.max_chars and len(line.strip()) > options.max_chars
                and _WORDY.search(line) else _key(line) for line in folded_lines]
        counts = Counter(key for key in keys if key)
        for key, lineno, original, title in self._candidates(folded_lines, keys, options):
            if counts[key] < FIELD_REPEATS:
                yield lineno, original, title

    def _candidates(self, folded_lines: list[str], line_keys: list[str | None],
                    options: DuplicateHeaderOptions) -> Iterator[tuple[str, int, int, bool]]:
        """(key, repeat, original, is_title) for each heading-sized line that repeats one before it."""
        recent: list[tuple[str, int]] = []  # (key, line) of the last few heading lines; prose resets it
        previous = ""  # the previous non-blank folded line
        titles: dict[str, int] = {}  # headings of four words or more seen so far -> line
        suffixed: dict[str, int] = {}  # "headline | site" lines -> line, keyed by the headline
        for lineno, (folded, key) in enumerate(zip(folded_lines, line_keys), start=1):
            if key is None:
                recent, previous = [], folded
                continue
            if not key:
                continue
            heading = not _NOT_A_HEADING.match(folded) and self._heading(folded.strip(), key, options)
            words = len(key.split())
            if heading:
                keys = [k for k, _ in recent]
                if recent and self._same(keys[-1], key, options):
                    yield key, lineno, recent[-1][1], words >= 4  # the next non-blank line repeats this one
                elif words <= 4 and key in keys[-options.window:]:
                    yield key, lineno, recent[keys.index(key)][1], False  # a short label repeated within a few lines
                elif words >= 4 and key in titles and not _LIST_ITEM.match(folded):
                    # a title printed again further down (recipe cards); an item of a list, here or
                    # where the title was first seen, is the article's own (a list naming its sections)
                    yield key, lineno, titles[key], True
                elif words <= 4 and _last_crumb(previous) == key:
                    yield key, lineno, lineno - 1, False  # a breadcrumb's last part printed again as a label
                elif words >= 4 and key in suffixed:
                    yield key, suffixed.pop(key), lineno, False  # "headline | site" above the bare headline
                if words >= 4 and not _LIST_ITEM.match(folded):
                    titles.setdefault(key, lineno)
                    head = _SITE_SUFFIX.split(folded.strip())[0]
                    if head != folded.strip() and len(_key(head).split()) >= 4:
                        suffixed.setdefault(_key(head), lineno)
            recent = [*recent[-(options.window - 1):], (key, lineno)] if heading else []
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
        if _NUMBER.findall(a) != _NUMBER.findall(b):
            return False  # "Episode 12: …" and "Episode 13: …" are two items, not one printed twice
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        # quick_ratio() is an upper bound of ratio() and costs one pass: most pairs stop there
        return matcher.quick_ratio() >= options.similarity and matcher.ratio() >= options.similarity


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [DuplicateHeaderDetector]
