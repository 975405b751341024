"""Context that protects the article: decide whether a rule hit on a line is boilerplate.

A phrase that is a paywall prompt on a short line of its own ("Subscribe to continue
reading") is article text inside a sentence that reports on it ("Readers saw “Subscribe to
continue reading” when…"). The checks here look at the line a hit sits on: how much of
the line the hit covers, how long the line is, whether the hit is inside quotation marks,
whether the line reads like a sentence of prose, and where the line is on the page.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

from .models import Document, Finding, Rule

_WORD = regex.compile(r"\w+")
_SENTENCE_END = regex.compile(r"[.!?…]['\")\]]*$")
_QUOTES = "\"'"
_PAIRS = (("«", "»"), ("‹", "›"), ("»", "«"))
PROSE_MIN_WORDS = 14


_LAST_PAGE: list[tuple[str, Page] | None] = [None]


@dataclass(frozen=True)
class Page:
    """Line-level facts about one page, computed once per scan."""

    lines: list[str]
    """Folded text of each line, stripped."""
    prose: list[bool]
    """Whether each line reads like a paragraph of prose."""
    first_prose: int
    last_prose: int
    """0-based index of the first and last prose line (-1 when there is none)."""

    @classmethod
    def of(cls, folded_text: str) -> Page:
        # a scan asks for the same page several times (the engine, then each context detector):
        # the last one is kept (a Page is never changed; ``without`` makes a new one)
        last = _LAST_PAGE[0]
        if last is not None and last[0] == folded_text:
            return last[1]
        lines = [line.strip() for line in folded_text.split("\n")]
        prose = [is_prose(line) for line in lines]
        indices = [i for i, flag in enumerate(prose) if flag]
        page = cls(lines, prose, indices[0] if indices else -1, indices[-1] if indices else -1)
        _LAST_PAGE[0] = (folded_text, page)
        return page

    def without(self, boilerplate: Iterable[int]) -> Page:
        """The same page with the given lines (0-based) known to be boilerplate, not prose.

        A long cookie banner reads like a sentence; once a rule has reported it, it must not
        make the page's head look like the article's body.
        """
        drop = set(boilerplate)
        if not drop & {i for i, flag in enumerate(self.prose) if flag}:
            return self
        prose = [flag and i not in drop for i, flag in enumerate(self.prose)]
        indices = [i for i, flag in enumerate(prose) if flag]
        return Page(self.lines, prose, indices[0] if indices else -1, indices[-1] if indices else -1)

    def region(self, index: int) -> str:
        """``head`` before the first prose line, ``tail`` after the last, else ``body``."""
        if self.first_prose < 0:
            return "head"
        if index < self.first_prose:
            return "head"
        if index > self.last_prose:
            return "tail"
        return "body"


def words(text: str) -> int:
    return len(_WORD.findall(text))


def is_prose(line: str) -> bool:
    """A line that reads like a paragraph: many words and ends like a sentence."""
    # counting stops at 40 words, which is all the answer needs (a 50 MB line is not counted through)
    count = words(line) if len(line) < 4000 else sum(1 for _ in itertools.islice(_WORD.finditer(line), 40))
    if count >= 40:
        return True
    return count >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line))


def _inside_quotes(before: str, after: str) -> bool:
    """True when a hit with ``before`` and ``after`` it on its line sits between quotation marks."""
    for opening, closing in _PAIRS:
        if before.rfind(opening) > before.rfind(closing) and closing in after:
            return True
    for quote in _QUOTES:
        if quote == "'":
            # apostrophes are everywhere; only count a quote that opens after a space
            opens = [i for i, c in enumerate(before) if c == "'" and (i == 0 or not before[i - 1].isalnum())]
            closes = [i for i, c in enumerate(after) if c == "'" and (i + 1 >= len(after) or not after[i + 1].isalnum())]
            if len(opens) % 2 == 1 and closes:
                return True
        elif before.count(quote) % 2 == 1 and quote in after:
            return True
    return False


def line_fits(rule: Rule, length: int) -> bool:
    """Whether a line-scope hit on a line this long (folded, stripped) can be kept at all.

    The phrase detector skips longer lines for line-scope rules, so this is the one place
    that decides it.
    """
    return 0 < length <= rule.max_line_chars


def judge_line(page: Page, index: int, before: str, hit: str, after: str, rule: Rule) -> float | None:
    """Confidence that ``hit`` (folded, with the folded line text around it) is boilerplate.

    None means the hit is article text and must not be reported.
    """
    line = page.lines[index]
    length = len(line)
    if not line_fits(rule, length):
        return None
    covered = min(len(hit.strip()), length) / length
    if covered < rule.min_coverage:
        return None
    if rule.position != "any":
        region = page.region(index)
        if rule.position == "edges" and region == "body":
            return None
        if rule.position in ("head", "tail") and region != rule.position:
            return None
    if _inside_quotes(before, after):
        return None
    if page.prose[index] and covered < 0.5:
        return None
    # a hit covering the whole line is as sure as the rule says; less coverage, less sure
    return round(rule.confidence * (0.75 + 0.25 * min(1.0, covered * 1.5)), 3)


def list_after(lines: list[str], index: int, *, max_chars: int = 160, max_lines: int = 12,
               stop: set[int] | frozenset[int] = frozenset()) -> int:
    """How many short, non-prose lines follow line ``index`` (0-based) as a list.

    The list must end at a blank line, the end of the page, or a line in ``stop`` (other
    boilerplate); a run that goes straight into prose is not a list (it is how an
    article's title and standfirst look), and 0 is returned.
    """
    count = 0
    for line in lines[index + 1:]:
        line = line.strip()
        if not line or (index + 1 + count) in stop:
            return count
        if count >= max_lines or len(line) > max_chars or is_prose(line):
            return 0
        count += 1
    return count


_LIST_ITEM = regex.compile(r"^\s*(?:[-*+•–·]|\d{1,2}[.)])\s+\S")


def _list_marker(line: str) -> str | None:
    match = _LIST_ITEM.match(line)
    if not match:
        return None
    marker = line.strip()[0]
    return "1" if marker.isdigit() else marker


def protect_lists(document: Document, findings: list[Finding],
                  strong: Callable[[Finding], bool] = lambda finding: True) -> list[Finding]:
    """Keep flagged items of an article's own list: a run of three or more list items in
    which fewer than half carry a ``strong`` finding is the article's list (a how-to, a
    price table), not boilerplate, so none of its items is removed."""
    line_findings = [f for f in findings if f.action == "remove-line"]
    if not line_findings:
        return findings
    flagged = {f.line for f in line_findings if strong(f)}
    lines = document.text.split("\n")
    protected: set[int] = set()
    index = 0
    while index < len(lines):
        marker = _list_marker(lines[index])
        if marker is None:
            index += 1
            continue
        end = index
        while end < len(lines) and _list_marker(lines[end]) == marker:
            end += 1
        run = range(index + 1, end + 1)  # 1-based line numbers
        hits = sum(1 for number in run if number in flagged)
        if len(run) >= 3 and hits * 2 < len(run):
            protected.update(run)
        index = end
    if not protected:
        return findings
    return [f for f in findings if f.line not in protected or f.action != "remove-line"]
