"""The speed-ups change nothing a user sees: each fast path agrees with the slow one it skips."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from contentguard import normalize
from contentguard.api import Scanner
from contentguard.detectors import phrase
from contentguard.detectors.literals import (
    facts,
    line_anchored,
    line_confined,
    required_groups,
    required_literals,
    word_char,
)
from contentguard.models import Document
from contentguard.rules import REGEX_FLAGS

from .conftest import ROOT, SEED

PAGES = sorted((ROOT / "tests" / "corpus" / "pages").glob("*.txt"))
PIECES = ["a", "B", "word", " ", "  ", "\n", "\n ", " \n", "\t", "\r\n", "\u00a0", "\u200b", "\u00ad", "é",
          "e\u0301", "\u0301", "ß", "ﬁ", "…", "—", "’", "“", "İ", "Σ", "\u1100\u1161", "\u0b47\u0b3e", "\u3000",
          "ǅ", "\u2028", "\x1c", "\u212b", "①", "ｆ", "Ärger", "łódź", "😀", "\u202f"]


def _fields(text: str) -> tuple[object, ...]:
    norm = normalize.Normalized.of(text)
    return norm.text, norm._n0, norm._o0, norm._olen, norm._linear, normalize.fold(text)


def _slow(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[object, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(normalize, "FAST_PATH", False)
        return _fields(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_folding_fast_path_matches_the_character_run_path(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _fields(text) == _slow(monkeypatch, text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_folding_fast_path_matches_on_any_text(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _fields(text) == _slow(monkeypatch, text)


def test_folding_fast_path_matches_on_the_labelled_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    for page in [SEED, *PAGES]:
        text = page.read_text(encoding="utf-8")
        assert _fields(text) == _slow(monkeypatch, text), page.name


def test_odd_space_class_is_every_whitespace_but_space_and_newline() -> None:
    wanted = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {" ", "\n"}
    wanted |= set(normalize._ZERO_WIDTH)
    found = {chr(c) for c in range(sys.maxunicode + 1) if normalize._ODD_SPACE.match(chr(c))}
    assert found == wanted


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_break_lines_hold_every_break(text: str) -> None:
    lines = normalize._break_lines(text)
    for match in normalize._BREAKS.finditer(text):
        assert any(start <= match.start() and match.end() <= end for start, end in lines)


@pytest.mark.parametrize(("pattern", "confined", "literals"), [
    (r"^sign up\b[^\n]{0,40}$", True, ["sign up"]),
    (r"^(?=[^\n]*\bnewsletter\b)[^\n]*$", True, ["newsletter"]),
    (r"^foo\Kbar", True, ["foobar"]),
    (r"subscribe\s+now", False, ["now", "subscribe"]),
    (r"(?s)read.more", False, ["read", "more"]),
    (r"(?<=\A(?:[^\n]*\n){0,12})^menu$", True, ["menu"]),
    (r"(?=\n|\Z)x", False, None),
    (r"[^x]+y", False, None),
    (r"(a)\1", False, None),
])
def test_line_confinement_and_literals(pattern: str, confined: bool, literals: list[str] | None) -> None:
    assert line_confined(pattern) is confined
    found = required_literals(pattern)
    if literals is None:
        assert found is None
    else:
        assert found and set(found) <= set(literals)  # every match holds one of them


def test_confined_patterns_find_the_same_matches_line_by_line(scanner: Scanner) -> None:
    texts = [normalize.fold(page.read_text(encoding="utf-8")) for page in [SEED, *PAGES[::6]]]
    patterns = [p for rule in scanner.rules for p in rule.patterns if line_confined(p)]
    assert patterns
    for source in patterns:
        pattern = regex.compile(source, REGEX_FLAGS)
        for text in texts:
            whole = [m.span() for m in pattern.finditer(text)]
            lines = phrase._Lines(text)
            by_line = [m.span() for line in range(len(lines.starts))
                       for m in pattern.finditer(text, *lines.span(line))]
            assert by_line == whole, source


def _reports(scanner: Scanner) -> list[object]:
    out = []
    for page in [SEED, *PAGES[::3]]:
        report = scanner.scan(Document(text=page.read_text(encoding="utf-8")), with_cleaned=True)
        out.append(([f.model_dump() for f in report.findings], report.verdicts, report.cleaned))
    return out


def test_phrase_detector_shortcuts_change_no_report(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _reports(Scanner(load_entry_points=False))
    monkeypatch.setenv("CONTENTGUARD_NO_CACHE", "1")  # the slow scanner's gates are built here, not loaded
    monkeypatch.setattr(phrase, "line_fits", lambda rule, length: True)  # keep hits on long lines
    # every pattern on the whole text, with finditer
    # (one group of plain literals, as required_literals finds them: no word bounds, no AND)
    monkeypatch.setattr(phrase, "facts", lambda pattern: (
        [[(literal, False, False) for literal in literals]] if (literals := required_literals(pattern)) else None,
        False, False))
    monkeypatch.setattr(phrase, "line_leads", lambda pattern: None)  # and no line-start gate
    monkeypatch.setattr(normalize, "FAST_PATH", False)
    assert _reports(Scanner(load_entry_points=False)) == fast


def test_every_pattern_is_compiled_once_per_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = phrase.compile_pattern
    monkeypatch.setattr(phrase, "compile_pattern", lambda source: calls.append(source) or real(source))
    scanner = Scanner(load_entry_points=False)
    texts = [page.read_text(encoding="utf-8") for page in [Path(SEED), *PAGES]]
    for text in texts:
        scanner.scan(text)
    compiled = len(calls)
    assert compiled
    for text in texts:
        scanner.scan(text)
    assert len(calls) == compiled  # nothing compiled again


@pytest.mark.parametrize(("pattern", "groups"), [
    (r"\bhr[ab]\s?\d{3,}", [[("hra", True, False), ("hrb", True, False)]]),
    (r"\b(?:get|use) (?:the|our) app\b", [[(f"{verb} {det} app", True, True)
                                         for verb in ("get", "use") for det in ("our", "the")]]),
    (r"^(?=[^\n]*\bnewsletter)sign\s+up", [[("newsletter", True, False)], [("sign", False, False)]]),
    (r"p\.? ?iva\s*:?\s*\d{11}", [[("p iva", False, False), ("p. iva", False, False), ("p.iva", False, False),
                                   ("piva", False, False)]]),
    (r"(?:foo|x\w+)bar", [[("bar", False, False)]]),
    (r"[^x]+y", None),
    # a rare symbol is a key however short; an ASCII mark (">") is not, so that group is left out
    (r"^[^\n]*(?:©|\(c\)|\bcopyright\b)[^\n]*$", [[("(c)", False, False), ("copyright", False, False),
                                                  ("©", False, False)]]),
    (r"^(?=[^\n]*?[›»→])\w+ ?[›»→]", [[("»", False, False), ("›", False, False), ("→", False, False)]]),
    (r"^(?=[^\n]*?[›»>→])\w+", None),
])
def test_literal_groups(pattern: str, groups: list[list[tuple[str, bool, bool]]] | None) -> None:
    found = required_groups(pattern)
    assert (found and [sorted(group) for group in found]) == groups


def _holds(text: str, literal: str, word_start: bool, word_end: bool) -> bool:
    at = text.find(literal)
    while at != -1:
        end = at + len(literal)
        if (not word_start or at == 0 or not word_char(text[at - 1])) and \
                (not word_end or end == len(text) or not word_char(text[end])):
            return True
        at = text.find(literal, at + 1)
    return False


def test_every_match_holds_a_literal_of_every_group(scanner: Scanner) -> None:
    pages = [normalize.fold(page.read_text(encoding="utf-8")) for page in [SEED, *PAGES[::12]]]
    checked = 0
    for rule in scanner.rules[::2]:  # half of them keeps the suite fast (compiling is what costs)
        examples = [normalize.fold(text) for text in rule.examples.match]
        for source in rule.patterns:
            groups = required_groups(source)
            if not groups:
                continue
            groups = [*groups, *(facts(source)[0] or ())]  # and the automaton keys the detector gates on
            pattern = regex.compile(source, REGEX_FLAGS)
            for text in [*examples, *pages]:
                for match in pattern.finditer(text):
                    # the gate looks at the whole text (multi-line patterns) or the match's line
                    where = text
                    if line_confined(source):
                        where = text[text.rfind("\n", 0, match.start()) + 1:].split("\n", 1)[0]
                    for group in groups:
                        assert any(_holds(where, *literal) for literal in group), (source, match.group())
                    checked += 1
    assert checked > 500


def test_anchored_search_finds_what_finditer_finds(scanner: Scanner) -> None:
    texts = [normalize.fold(page.read_text(encoding="utf-8")) for page in [SEED, *PAGES[::8]]]
    sources = [p for rule in scanner.rules for p in rule.patterns if line_anchored(p)]
    assert len(sources) > 100
    sources = sources[::3]  # a third of them keeps the suite fast (compiling is what costs)
    for source in sources:
        pattern = regex.compile(source, REGEX_FLAGS)
        shifted = regex.compile("\\n" + source, REGEX_FLAGS)
        for text in texts:
            for pos, endpos in [(0, len(text)), (text.find("\n") + 1, len(text) - 7)]:
                whole = [m.span() for m in pattern.finditer(text, pos, endpos)]
                assert list(phrase._anchored(pattern, shifted, text, pos, endpos, 1.0)) == whole, source
                # without the pattern itself, a match at offset 0 is found on a copy behind a newline
                assert list(phrase._anchored(None, shifted, text, pos, endpos, 1.0)) == whole, source


def test_a_line_anchored_rule_matches_the_first_line_of_a_short_and_a_very_long_page(scanner: Scanner) -> None:
    # the first line of a page is matched on a copy of the text behind a newline, or, past
    # COPY_START characters, by the pattern itself: the same finding either way
    head = "Already a member? Sign in here\n\n"
    prose = "The council voted on the harbour budget after a long debate with the residents.\n\n"
    for text in (head + prose * 3, head + prose * (phrase.COPY_START // len(prose) + 10)):
        first = [f for f in scanner.scan(text).findings if f.line == 1]
        assert [(f.category, f.start, f.end) for f in first] == [("paywall", 0, len(head.strip()))]
