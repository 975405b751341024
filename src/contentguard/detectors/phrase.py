"""The rule-driven phrase and pattern detector (``detector: phrase``, the default).

All phrases of all rules go into one Aho-Corasick automaton and are found in a single
pass over the folded text; a phrase hit counts only on word boundaries. Patterns are
``regex`` expressions, compiled once, each run with a timeout. A pattern whose required
literals can be worked out runs only when one of them occurs in the text (the literals
go into the same automaton), so most patterns cost nothing on most pages.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import ahocorasick
import regex

from ..detector import Detector, report_problem
from ..hookspecs import hookimpl
from ..models import Document, Finding, Rule
from ..normalize import fold, normalized
from ..rules import compile_pattern
from .literals import required_literals

PATTERN_TIMEOUT = 1.0
"""Seconds one pattern may run on one document before it is stopped and reported."""


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
        self._always: list[int] = []  # pattern slots with no literal prefilter
        for index, rule in enumerate(self.rules):
            for pattern in rule.patterns:
                slot = len(self._patterns)
                self._patterns.append((index, pattern))
                literals = required_literals(pattern)
                if literals:
                    for literal in literals:
                        keys.setdefault(fold(literal), []).append(("pattern", slot))
                else:
                    self._always.append(slot)
        for key, targets in keys.items():
            self._automaton.add_word(key, (len(key), tuple(targets)))
        self._empty = not keys
        if not self._empty:
            self._automaton.make_automaton()

    def detect(self, document: Document) -> Iterator[Finding]:
        norm = normalized(document)
        text = norm.text
        wanted: set[int] = set(self._always)
        if not self._empty:
            for end, (length, targets) in self._automaton.iter(text):
                start = end - length + 1
                bounded: bool | None = None
                for kind, index in targets:
                    if kind == "pattern":
                        wanted.add(index)
                        continue
                    if bounded is None:
                        bounded = (
                            (start == 0 or not _is_word(text[start - 1]) or not _is_word(text[start]))
                            and (end + 1 >= len(text) or not _is_word(text[end + 1]) or not _is_word(text[end]))
                        )
                    if bounded:
                        o_start, o_end = norm.to_original(start, end + 1)
                        yield document.finding(self.rules[index], o_start, o_end, detector=self.name)
        for slot in sorted(wanted):
            index, source = self._patterns[slot]
            try:
                pattern = compile_pattern(source)
            except regex.error as error:
                report_problem(document, self.rules[index].id, f"pattern {source!r} is invalid: {error}")
                continue
            try:
                for match in pattern.finditer(text, timeout=PATTERN_TIMEOUT):
                    if match.end() > match.start():
                        o_start, o_end = norm.to_original(*match.span())
                        yield document.finding(self.rules[index], o_start, o_end, detector=self.name)
            except TimeoutError:
                report_problem(document, self.rules[index].id,
                               f"pattern {pattern.pattern!r} timed out after {PATTERN_TIMEOUT}s and was stopped")


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [PhraseDetector]
