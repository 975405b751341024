from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from contentguard.normalize import Normalized, fold

PIECES = list("abcXYZ .,'’“”\u00a0\t\r\n") + ["e\u0301", "\u00df", "\ufb01", "\U0001f600", "\u200b",
                                                  "\u0301", "\u0130", "ﬃ", "Ω", "👩‍👩‍👧"]
page_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def test_fold_handles_case_quotes_spaces_and_ligatures():
    assert fold("Already\u00a0a  MEMBER? It’s “free”") == "already a member? it's \"free\""
    assert fold("Stra\u00dfe \ufb01ne") == "strasse fine"
    assert fold("cafe\u0301") == "café"
    assert fold("line one \r\nline two") == "line one\nline two"


@given(page_text)
def test_offsets_map_inside_the_original(text):
    norm = Normalized.of(text)
    assert norm.text.count("\n") == text.count("\n")
    for i in range(len(norm.text) + 1):
        for j in range(i, min(len(norm.text), i + 4) + 1):
            start, end = norm.to_original(i, j)
            assert 0 <= start <= end <= len(text)


@given(page_text)
def test_folded_words_map_back_to_the_same_words(text):
    norm = Normalized.of(text)
    for k in range(len(norm.text)):
        if norm.text[k] == "\n":
            start, end = norm.to_original(k, k + 1)
            assert text[start:end] == "\n"
