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
A line-start pattern with no such literals runs only on the lines whose first word it can
begin with (see leads.py), and is not even compiled on a page that has none.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import ahocorasick
import regex

from ..context import line_fits
from ..detector import Detector, report_problem
from ..hookspecs import hookimpl
from ..models import Document, Finding, Rule
from ..normalize import fold, normalized
from ..rules import compile_pattern
from . import phrase_cache
from .leads import first_words, line_leads, lines_led
from .literals import facts, word_char

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
        self._line_scope = [rule.scope == "line" for rule in self.rules]
        self._languages = [frozenset(rule.languages) for rule in self.rules]
        # the automata and the pattern gates come from the cache when these rules were built before
        state_key = phrase_cache.key(self.rules, Path(__file__))
        state = phrase_cache.load(state_key)
        if state is None:
            state = self._build()
            phrase_cache.save(state_key, state)
        self._automaton: ahocorasick.Automaton = state["automaton"]
        self._span_automaton: ahocorasick.Automaton = state["span_automaton"]
        self._patterns: list[tuple[int, str]] = state["patterns"]  # (rule index, pattern)
        self._confined: list[bool] = state["confined"]  # the slot's matches stay on one line
        self._anchored: list[bool] = state["anchored"]  # the slot's matches start with ^ and are not empty
        self._always: list[int] = state["always"]  # pattern slots with no literal prefilter
        self._leads: dict[int, tuple[str, ...]] = state["leads"]  # always-slot -> how its lines must begin
        self._need: list[int] = state["need"]  # per slot: the bits of its literal groups (every one must occur)
        self._empty: bool = state["empty"]
        # hits for line-scope rules are not needed on lines longer than LONG_LINE and the widest of
        # their limits, so that pass leaves such lines out; span-scope rules' keys get a pass of their own
        line_rules = [rule for rule in self.rules if rule.scope == "line"]
        self._widest = max(line_rules, key=lambda rule: rule.max_line_chars) if line_rules else None
        self._compiled: list[regex.Pattern[str] | None] = [None] * len(self._patterns)  # compiled when first needed
        self._shifted: list[regex.Pattern[str] | None] = [None] * len(self._patterns)  # "\n" + the pattern

    def _build(self) -> dict[str, object]:
        """The automata (phrases and the patterns' literals) and each pattern slot's gate."""
        automaton, span_automaton = ahocorasick.Automaton(), ahocorasick.Automaton()
        # automaton key -> targets: (kind, rule index or pattern slot, group bit, word start, word end)
        keys: dict[str, list[tuple[str, int, int, bool, bool]]] = {}
        for index, rule in enumerate(self.rules):
            for phrase in rule.phrases:
                keys.setdefault(fold(phrase).strip(), []).append(("phrase", index, 0, False, False))
        patterns: list[tuple[int, str]] = []
        confined_slots: list[bool] = []
        anchored_slots: list[bool] = []
        always: list[int] = []
        need: list[int] = []
        for index, rule in enumerate(self.rules):
            for pattern in rule.patterns:
                slot = len(patterns)
                patterns.append((index, pattern))
                groups, confined, anchored = facts(pattern)
                confined_slots.append(confined)
                anchored_slots.append(anchored)
                need.append((1 << len(groups)) - 1 if groups else 0)
                for number, group in enumerate(groups or ()):
                    for key, word_start, word_end in group:  # folded already (see facts)
                        keys.setdefault(key, []).append(("pattern", slot, 1 << number, word_start, word_end))
                if not groups:
                    always.append(slot)
        for key, targets in keys.items():
            scoped = [[t for t in targets if self._line_scope[t[1] if t[0] == "phrase" else patterns[t[1]][0]]
                       is line] for line in (True, False)]
            for chosen_automaton, chosen in zip((automaton, span_automaton), scoped):
                if chosen:
                    chosen_automaton.add_word(key, (len(key), tuple(chosen)))
        for built in (automaton, span_automaton):
            if len(built):
                built.make_automaton()
        # a slot with no literals may still need its line to begin with one of a few words
        leads = {slot: found for slot in always if (found := line_leads(patterns[slot][1])) is not None}
        return {"automaton": automaton, "span_automaton": span_automaton, "patterns": patterns,
                "confined": confined_slots, "anchored": anchored_slots, "always": always, "need": need,
                "leads": leads, "empty": not keys}

    def detect(self, document: Document) -> Iterator[Finding]:
        norm = normalized(document)
        text = norm.text
        lines = _Lines(text)
        # rules for languages the page is not written in stay silent (see language.py)
        page_languages: frozenset[str] | None = document.cache.get("languages")
        applies = (None if page_languages is None
                   else [not languages or not languages.isdisjoint(page_languages) for languages in self._languages])
        always = self._always if applies is None else [s for s in self._always if applies[self._patterns[s][0]]]
        wanted: dict[int, set[int] | None] = {}  # slot -> lines (None: all)
        for slot in always:
            leads = self._leads.get(slot)
            if leads is None:
                wanted[slot] = None
                continue
            led = lines_led(lines.first_words(), leads)  # a match starts on a line that begins so
            if led:
                wanted[slot] = led if self._confined[slot] else None
        seen: dict[int, int] = {}  # multi-line slot -> bits of the literal groups found in the text
        seen_on: dict[int, dict[int, int]] = {}  # line-confined slot -> line -> bits found on that line
        if not self._empty:
            for end, (length, targets) in self._hits(text, lines):
                start = end - length + 1
                bounded: bool | None = None
                line = -1
                for kind, index, bit, word_start, word_end in targets:
                    if applies is not None and not applies[index if kind == "phrase" else self._patterns[index][0]]:
                        continue
                    if kind == "pattern":
                        # a literal the pattern puts after (before) a \b must start (end) a word here too
                        if word_start and start > 0 and word_char(text[start - 1]):
                            continue
                        if word_end and end + 1 < len(text) and word_char(text[end + 1]):
                            continue
                        if not self._confined[index]:
                            seen[index] = seen.get(index, 0) | bit
                        else:
                            line = lines.index(start) if line < 0 else line
                            found = seen_on.setdefault(index, {})
                            found[line] = found.get(line, 0) | bit
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
        # a pattern runs where every one of its literal groups occurs: in the text, or on a line
        for slot, bits in seen.items():
            if bits == self._need[slot]:
                wanted[slot] = None
        for slot, found in seen_on.items():
            need = self._need[slot]
            chosen = {line for line, bits in found.items() if bits == need}
            if chosen:
                wanted[slot] = chosen
        budget = PATTERN_TIMEOUT * max(1.0, len(text) / TIMEOUT_CHARS)
        for slot in sorted(wanted):
            index, source = self._patterns[slot]
            anchored = self._anchored[slot]
            pattern = self._shifted[slot] if anchored else self._compiled[slot]
            if pattern is None:
                try:  # an anchored slot needs only its shifted form (see _anchored): one compile, not two
                    if anchored:
                        pattern = self._shifted[slot] = compile_pattern("\\n" + source)
                    else:
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
                    spans = (self._anchored_spans(slot, text, pos, endpos, budget) if anchored
                             else (match.span() for match in pattern.finditer(text, pos, endpos, timeout=budget)))
                    for start, end in spans:
                        if end > start:
                            o_start, o_end = norm.to_original(start, end)
                            yield document.finding(self.rules[index], o_start, o_end, detector=self.name)
            except TimeoutError:
                report_problem(document, self.rules[index].id,
                               f"pattern {source!r} timed out after {budget:.1f}s and was stopped")

    def _hits(self, text: str, lines: _Lines) -> Iterator[tuple[int, tuple[int, tuple[tuple[str, int, int, bool, bool], ...]]]]:
        """The automaton's hits: line-scope keys off the lines too long for every line-scope rule."""
        if len(self._automaton):
            if self._widest is None or len(text) <= max(self._widest.max_line_chars, LONG_LINE):
                yield from self._automaton.iter(text)
            else:
                for pos, endpos in lines.between_long(self._widest):
                    yield from self._automaton.iter(text, pos, endpos)
        if len(self._span_automaton):
            yield from self._span_automaton.iter(text)

    def _anchored_spans(self, slot: int, text: str, pos: int, endpos: int,
                        budget: float) -> Iterator[tuple[int, int]]:
        """``_anchored`` for a slot: its pattern itself is compiled only for a match at the very start of a
        text too long to copy (the first line of a big page)."""
        shifted = self._shifted[slot]
        assert shifted is not None
        if pos > 0 or endpos <= COPY_START:
            return _anchored(None, shifted, text, pos, endpos, budget)
        pattern = self._compiled[slot]
        if pattern is None:
            pattern = self._compiled[slot] = compile_pattern(self._patterns[slot][1])
        return _anchored(pattern, shifted, text, pos, endpos, budget)


COPY_START = 100_000
"""Up to this many characters, a match at offset 0 is tried on a copy of the text behind a newline."""


def _anchored(pattern: regex.Pattern[str] | None, shifted: regex.Pattern[str], text: str, pos: int, endpos: int,
              budget: float) -> Iterator[tuple[int, int]]:
    """The spans ``pattern.finditer(text, pos, endpos)`` gives, for a pattern whose every match
    starts with ``^`` and is not empty (``literals.line_anchored``).

    ``shifted`` is ``"\\n" + pattern``: searching for it lets the ``regex`` module jump from
    newline to newline instead of trying the pattern at every position. A match can start only
    at a line start, so the first match at or after ``p`` is the shifted match at ``p - 1`` (when
    ``p`` is a line start) or else the shifted match after the next newline; the search then
    goes on from the match's end, as ``finditer`` does. At offset 0 there is no newline before
    ``p``: the match there is ``pattern``'s, or, with no ``pattern`` given, the shifted match on
    a copy of the text with a newline in front. Each search gets what is left of the pattern's
    ``budget``.
    """
    deadline = time.monotonic() + budget
    p = pos
    while p <= endpos:
        if p == 0:
            if pattern is not None:
                match = pattern.match(text, 0, endpos, timeout=max(deadline - time.monotonic(), 1e-6))
                span = match.span() if match is not None else None
            else:
                match = shifted.match("\n" + text[:endpos], 0, timeout=max(deadline - time.monotonic(), 1e-6))
                span = (0, match.end() - 1) if match is not None else None
            if span is not None:
                yield span
                p = span[1]
                continue
        elif text[p - 1] == "\n":
            match = shifted.match(text, p - 1, endpos, timeout=max(deadline - time.monotonic(), 1e-6))
            if match is not None:
                yield p, match.end()
                p = match.end()
                continue
        match = shifted.search(text, p, endpos, timeout=max(deadline - time.monotonic(), 1e-6))
        if match is None:
            return
        yield match.start() + 1, match.end()
        p = match.end()


class _Lines:
    """Line starts and stripped lengths of the folded text, worked out when first asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._lengths: dict[int, int] = {}
        self._everywhere: dict[int | None, list[tuple[int, int]]] = {}  # max_line_chars -> regions
        self._between_long: dict[int, list[tuple[int, int]]] = {}  # max_line_chars -> regions
        self._first_words: dict[str, list[tuple[str, int]]] | None = None

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

    def first_words(self) -> dict[str, list[tuple[str, int]]]:
        """Each line's first word, grouped by its first character (see ``leads.first_words``)."""
        if self._first_words is None:
            self._first_words = first_words(self.text, self.starts)
        return self._first_words

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
