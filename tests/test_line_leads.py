"""The line-start gate: a pattern with no literal keys runs only on lines that begin as it needs."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from contentguard import normalize
from contentguard.api import Scanner
from contentguard.detectors import phrase
from contentguard.detectors.leads import first_words, line_leads, lines_led
from contentguard.rules import REGEX_FLAGS

from .conftest import ROOT, SEED

PAGES = sorted((ROOT / "tests" / "corpus" / "pages").glob("*.txt"))


@pytest.mark.parametrize(("pattern", "leads"), [
    (r"^(?:[^\w\s]|\ufe0f){0,6} ?(?:share|shares|tweet|x)\b", ("share", "tweet", "x")),
    (r"^(?:(?:alle |nur )?(?:akzeptieren|ablehnen)|ok)$", ("ablehnen", "akzeptieren", "alle", "nur", "ok")),
    (r"^[¡]?(?:espera|eh)[!.,]* ?antes", ("eh", "espera")),
    (r"^(?:log ?in|sign ?in)\b", ("log", "sign")),
    (r"^param[ée]trer", ("parametrer", "paramétrer")),
    (r"^ok|^no", ("no", "ok")),
    (r"^ok|no", None),  # the second branch is not at a line start
    (r"^\s*share", None),  # \s can run past a newline: the first word may be on a later line
    (r"^[\w.&-]{1,20} plus", None),  # any word at all
    (r"^(?:©|\(c\))?\s?share", None),
    (r"^(?:©|\(c\)) share", ("c", "share")),
    (r"^\p{L}+ share", None),
    (r"(?m)share$", None),
])
def test_line_leads(pattern: str, leads: tuple[str, ...] | None) -> None:
    assert line_leads(pattern) == leads


def test_first_words_skip_marks_and_symbols_and_group_by_initial() -> None:
    text = "» share this\n\n  • 12 items\n★\u200b\ufe0fÉté\n— —\n"
    starts = phrase._Lines(text).starts
    assert first_words(text, starts) == {"s": [("share", 0)], "1": [("12", 2)], "É": [("Été", 3)]}
    assert lines_led(first_words(text, starts), ("sha", "12")) == {0, 2}


LINE_START = st.sampled_from(["", " ", "» ", "\ufe0f", "★ ", "- ", "(c) ", "©", "\t", "1. ", "'"])
WORD = st.sampled_from(["share", "shares", "sharing", "tweet", "ok", "okay", "x", "x.com", "log in", "login",
                        "sign", "accept", "akzeptieren", "alle", "news", "the", "Share", "SHARE"])


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.tuples(LINE_START, WORD, st.sampled_from(["", " this", ":", " now", "!"])), max_size=8))
def test_a_gated_pattern_finds_on_the_led_lines_all_it_finds_on_the_page(lines: list[tuple[str, str, str]]) -> None:
    text = normalize.fold("\n".join("".join(parts) for parts in lines))
    view = phrase._Lines(text)
    for source in [r"^(?:[^\w\s\"'*-]|\ufe0f){0,6} ?(?:share|shares|tweet|x|ok|okay)\b[^\n]{0,6}$",
                   r"^(?:(?:alle |nur )?(?:akzeptieren|ablehnen)|log ?in|ok)\b"]:
        leads = line_leads(source)
        assert leads is not None
        pattern = regex.compile(source, REGEX_FLAGS)
        led = lines_led(view.first_words(), leads)
        assert {view.index(m.start()) for m in pattern.finditer(text)} <= led, (source, text)


def test_every_gated_rule_pattern_matches_only_on_lines_its_leads_allow() -> None:
    scanner = Scanner(load_entry_points=False)
    detector = next(d for d in scanner.engine.detectors if isinstance(d, phrase.PhraseDetector))
    assert len(detector._leads) > 30  # most line-start patterns without literal keys are gated
    texts = [normalize.fold(page.read_text(encoding="utf-8")) for page in [SEED, *PAGES]]
    checked = 0
    for slot, leads in detector._leads.items():
        index, source = detector._patterns[slot]
        rule = detector.rules[index]
        pattern = regex.compile(source, REGEX_FLAGS)
        for text in [*texts, *(normalize.fold(example) for example in rule.examples.match)]:
            view = phrase._Lines(text)
            led = lines_led(view.first_words(), leads)
            for match in pattern.finditer(text):
                assert view.index(match.start()) in led, (rule.id, match.group())
                checked += 1
    assert checked >= 100


PIECE = st.sampled_from([r"share", r"ok", r"x", r"sign ?in", r"(?:alle |nur )?akzeptieren", r"[ée]t[ée]",
                         r"\d+", r"[\w.]{1,5}", r"\s", r" ?", r"[^\w\s]{0,3}", r"(?:[^\w\s\"'*-]|\ufe0f){0,6}",
                         r"\b", r"(?=[^\n]*!)", r"[-•*] ", r"(?:©|\(c\))", r"\.", r"[\n]?", r"$", r"é+"])


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(PIECE, min_size=1, max_size=5), alternatives=st.lists(PIECE, min_size=0, max_size=3),
       lines=st.lists(st.tuples(LINE_START, WORD, st.sampled_from(["", " this", "!", " 12", " été", "\n"])),
                      max_size=6))
def test_a_gate_never_hides_a_match_of_any_pattern(pieces: list[str], alternatives: list[str],
                                                   lines: list[tuple[str, str, str]]) -> None:
    source = "^" + "".join(pieces) + (f"(?:{'|'.join(alternatives)})" if alternatives else "")
    leads = line_leads(source)
    if leads is None:
        return
    text = normalize.fold("\n".join("".join(parts) for parts in lines) + "\nété ok share x")
    view = phrase._Lines(text)
    led = lines_led(view.first_words(), leads)
    for match in regex.compile(source, REGEX_FLAGS).finditer(text):  # a gated pattern's matches hold a letter
        assert view.index(match.start()) in led, (source, leads, text, match.group())
