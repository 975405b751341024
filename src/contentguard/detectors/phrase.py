"""The rule-driven phrase and pattern detector (``detector: phrase``, the default).

All phrases of all rules go into one Aho-Corasick automaton and are found in a single
pass over the folded text; a phrase hit counts only on word boundaries. Patterns are
``regex`` expressions, compiled once, each run with a timeout. A pattern whose required
literals can be worked out runs only when one of them occurs in the text (the literals
go into the same automaton), so most patterns cost nothing on most pages. A pattern that
cannot reach past a newline runs only on the lines that can hold a match: those where one
of its literals occurs and, for a ``scope: line`` rule, no longer than ``max_line_chars``
(a longer line's hit would be dropped anyway). Phrase hits on such long lines are skipped
for the same reason, so most of a page's prose costs little more than the automaton pass.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence

import ahocorasick
import regex

from ..context import line_fits
from ..detector import Detector, report_problem
from ..hookspecs import hookimpl
from ..models import Document, Finding, Rule
from ..normalize import fold, normalized
from ..rules import compile_pattern
from .literals import analyse

PATTERN_TIMEOUT = 1.0
"""Seconds one pattern may run on one document of up to ``TIMEOUT_CHARS`` before it is stopped and
reported; a longer document gives it that much per ``TIMEOUT_CHARS`` (a linear pattern needs more
than a second for a 30 MB page, which is no reason to report it as runaway)."""
TIMEOUT_CHARS = 1_000_000
LONG_LINE = 10_000
"""Lines longer than this (and than a rule's ``max_line_chars``) are not searched for a line-scope
rule at all, not even by its multi-line patterns or their lookaheads: a 50 MB one-line page costs
one automaton pass, not one regex pass per pattern."""


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class PhraseDetector(Detector):
    """Literal phrases (word-bounded, folded) and regular-expression patterns from rules."""

    name = "phrase"
    description = "Phrases and regex patterns from YAML rules, matched on folded text."

    def __init__(self, rules: Sequence[Rule] = ()) -> None:
        super().__init__(rules)
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[tuple[str, int]]] = {}
        for index, rule in enumerate(self.rules):
            for phrase in rule.phrases:
                keys.setdefault(fold(phrase).strip(), []).append(("phrase", index))
        self._patterns: list[tuple[int, str]] = []  # (rule index, pattern), compiled when first needed
        self._compiled: list[regex.Pattern[str] | None] = []
        self._confined: list[bool] = []  # the slot's matches stay on one line
        self._always: list[int] = []  # pattern slots with no literal prefilter
        self._line_scope = [rule.scope == "line" for rule in self.rules]
        self._languages = [frozenset(rule.languages) for rule in self.rules]
        for index, rule in enumerate(self.rules):
            for pattern in rule.patterns:
                slot = len(self._patterns)
                self._patterns.append((index, pattern))
                self._compiled.append(None)
                literals, confined = analyse(pattern)
                self._confined.append(confined)
                if literals:
                    for literal in literals:
                        keys.setdefault(fold(literal), []).append(("pattern", slot))
                else:
                    self._always.append(slot)
        # hits for line-scope rules are not needed on lines longer than LONG_LINE and the widest of
        # their limits, so that pass leaves such lines out; span-scope rules' keys get a pass of their own
        line_rules = [rule for rule in self.rules if rule.scope == "line"]
        self._widest = max(line_rules, key=lambda rule: rule.max_line_chars) if line_rules else None
        self._span_automaton = ahocorasick.Automaton()
        for key, targets in keys.items():
            scoped = [[t for t in targets if self._line_scope[t[1] if t[0] == "phrase" else self._patterns[t[1]][0]]
                       is line] for line in (True, False)]
            for automaton, chosen in zip((self._automaton, self._span_automaton), scoped):
                if chosen:
                    automaton.add_word(key, (len(key), tuple(chosen)))
        self._empty = not keys
        for automaton in (self._automaton, self._span_automaton):
            if len(automaton):
                automaton.make_automaton()

    def detect(self, document: Document) -> Iterator[Finding]:
        norm = normalized(document)
        text = norm.text
        lines = _Lines(text)
        # rules for languages the page is not written in stay silent (see language.py)
        page_languages: frozenset[str] | None = document.cache.get("languages")
        applies = (None if page_languages is None
                   else [not languages or not languages.isdisjoint(page_languages) for languages in self._languages])
        always = self._always if applies is None else [s for s in self._always if applies[self._patterns[s][0]]]
        wanted: dict[int, set[int] | None] = dict.fromkeys(always)  # slot -> lines (None: all)
        if not self._empty:
            for end, (length, targets) in self._hits(text, lines):
                start = end - length + 1
                bounded: bool | None = None
                line = -1
                for kind, index in targets:
                    if applies is not None and not applies[index if kind == "phrase" else self._patterns[index][0]]:
                        continue
                    if kind == "pattern":
                        if not self._confined[index]:
                            wanted[index] = None
                        elif index not in wanted or wanted[index] is not None:
                            line = lines.index(start) if line < 0 else line
                            wanted.setdefault(index, set()).add(line)  # type: ignore[union-attr]
                        continue
                    if bounded is None:
                        bounded = (
                            (start == 0 or not _is_word(text[start - 1]) or not _is_word(text[start]))
                            and (end + 1 >= len(text) or not _is_word(text[end + 1]) or not _is_word(text[end]))
                        )
                    if not bounded:
                        continue
                    rule = self.rules[index]
                    if self._line_scope[index]:
                        line = lines.index(start) if line < 0 else line
                        if not line_fits(rule, lines.length(line)):
                            continue
                    o_start, o_end = norm.to_original(start, end + 1)
                    yield document.finding(rule, o_start, o_end, detector=self.name)
        budget = PATTERN_TIMEOUT * max(1.0, len(text) / TIMEOUT_CHARS)
        for slot in sorted(wanted):
            index, source = self._patterns[slot]
            pattern = self._compiled[slot]
            if pattern is None:
                try:
                    pattern = self._compiled[slot] = compile_pattern(source)
                except regex.error as error:
                    report_problem(document, self.rules[index].id, f"pattern {source!r} is invalid: {error}")
                    continue
            if self._confined[slot]:
                regions = lines.regions(wanted[slot], self.rules[index] if self._line_scope[index] else None)
            elif self._line_scope[index]:  # a multi-line pattern still need not start on a line too long to keep
                regions = lines.between_long(self.rules[index])
            else:
                regions = [(0, len(text))]
            try:
                for pos, endpos in regions:
                    for match in pattern.finditer(text, pos, endpos, timeout=budget):
                        if match.end() > match.start():
                            o_start, o_end = norm.to_original(*match.span())
                            yield document.finding(self.rules[index], o_start, o_end, detector=self.name)
            except TimeoutError:
                report_problem(document, self.rules[index].id,
                               f"pattern {pattern.pattern!r} timed out after {budget:.1f}s and was stopped")

    def _hits(self, text: str, lines: _Lines) -> Iterator[tuple[int, tuple[int, tuple[tuple[str, int], ...]]]]:
        """The automaton's hits: line-scope keys off the lines too long for every line-scope rule."""
        if len(self._automaton):
            if self._widest is None or len(text) <= max(self._widest.max_line_chars, LONG_LINE):
                yield from self._automaton.iter(text)
            else:
                for pos, endpos in lines.between_long(self._widest):
                    yield from self._automaton.iter(text, pos, endpos)
        if len(self._span_automaton):
            yield from self._span_automaton.iter(text)


class _Lines:
    """Line starts and stripped lengths of the folded text, worked out when first asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._lengths: dict[int, int] = {}
        self._everywhere: dict[int | None, list[tuple[int, int]]] = {}  # max_line_chars -> regions
        self._between_long: dict[int, list[tuple[int, int]]] = {}  # max_line_chars -> regions

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            starts = [0]
            find = self.text.find
            position = find("\n")
            while position != -1:
                starts.append(position + 1)
                position = find("\n", position + 1)
            self._starts = starts
        return self._starts

    def index(self, offset: int) -> int:
        """0-based line of ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def span(self, line: int) -> tuple[int, int]:
        """(start, end) of ``line`` with its newline: ``pos`` and ``endpos`` for a search."""
        starts = self.starts
        return starts[line], starts[line + 1] if line + 1 < len(starts) else len(self.text)

    def length(self, line: int) -> int:
        """Length of ``line`` stripped, as the line-context checks measure it."""
        length = self._lengths.get(line)
        if length is None:
            start, end = self.span(line)
            length = self._lengths[line] = len(self.text[start:end].strip())
        return length

    def regions(self, only: set[int] | None, rule: Rule | None) -> list[tuple[int, int]]:
        """Spans of consecutive lines among ``only`` (None: all) that fit ``rule`` (None: any)."""
        if only is None:
            key = rule.max_line_chars if rule is not None else None
            if key not in self._everywhere:
                self._everywhere[key] = self._regions(range(len(self.starts)), rule)
            return self._everywhere[key]
        return self._regions(sorted(only), rule)

    def between_long(self, rule: Rule) -> list[tuple[int, int]]:
        """The text cut at the lines longer than ``LONG_LINE`` that ``rule`` cannot keep (blank lines
        kept): a 50 MB one-line page is never searched by a line-scope rule's patterns."""
        limit = max(rule.max_line_chars, LONG_LINE)
        if limit not in self._between_long:
            regions: list[tuple[int, int]] = []
            start = 0
            for match in regex.finditer(f"(?m)^[^\n]{{{limit + 1}}}", self.text):  # one C pass finds the candidates
                line = self.index(match.start())
                if line_fits(rule, self.length(line)):
                    continue
                line_start, line_end = self.span(line)
                if line_start > start:
                    regions.append((start, line_start))
                start = line_end
            if start < len(self.text):
                regions.append((start, len(self.text)))
            self._between_long[limit] = regions
        return self._between_long[limit]

    def _regions(self, candidates: Iterable[int], rule: Rule | None) -> list[tuple[int, int]]:
        regions: list[tuple[int, int]] = []
        previous = -2
        for line in candidates:
            if rule is not None and not line_fits(rule, self.length(line)):
                continue
            start, end = self.span(line)
            if line == previous + 1:
                regions[-1] = (regions[-1][0], end)
            else:
                regions.append((start, end))
            previous = line
        return regions


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [PhraseDetector]
