"""Context that protects the article: decide whether a rule hit on a line is boilerplate.

A phrase that is a paywall prompt on a short line of its own ("Subscribe to continue
reading") is article text inside a sentence that reports on it ("Readers saw “Subscribe to
continue reading” when…"). The checks here look at the line a hit sits on: how much of
the line the hit covers, how long the line is, whether the hit is inside quotation marks,
whether the line reads like a sentence of prose, and where the line is on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .models import Rule

_WORD = regex.compile(r"\w+")
_SENTENCE_END = regex.compile(r"[.!?…]['\")\]]*$")
_QUOTES = "\"'"
PROSE_MIN_WORDS = 14


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
        lines = [line.strip() for line in folded_text.split("\n")]
        prose = [is_prose(line) for line in lines]
        indices = [i for i, flag in enumerate(prose) if flag]
        return cls(lines, prose, indices[0] if indices else -1, indices[-1] if indices else -1)

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
    count = words(line)
    if count >= 40:
        return True
    return count >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line))


def _inside_quotes(before: str, after: str) -> bool:
    """True when a hit with ``before`` and ``after`` it on its line sits between quotation marks."""
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


def judge_line(page: Page, index: int, before: str, hit: str, after: str, rule: Rule) -> float | None:
    """Confidence that ``hit`` (folded, with the folded line text around it) is boilerplate.

    None means the hit is article text and must not be reported.
    """
    line = page.lines[index]
    length = len(line)
    if not length or length > rule.max_line_chars:
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
    if covered < 0.9 and _inside_quotes(before, after):
        return None
    if page.prose[index] and covered < 0.5:
        return None
    # a hit covering the whole line is as sure as the rule says; less coverage, less sure
    return round(rule.confidence * (0.75 + 0.25 * min(1.0, covered * 1.5)), 3)
