from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from contentguard.cleaning import clean
from contentguard.models import Document, Rule

ARTICLE = [
    "The council met on Tuesday to discuss the budget for next year, which includes new spending on roads.",
    "Kim’s plan 👩‍👩‍👧 relies on café owners and farmers alike, the ministry said in a statement on Monday.",
    "Why apps want your email",
    "Subscribers to the water scheme pay a flat fee, and the utility said bills would not change this winter.",
    "",
    "  ",
    "e\u0301te\u0301 \r",
]
BOILERPLATE = [
    "Sign up to read this article",
    "Download the app",
    "Top News",
    "Already a member? Sign in here",
    "Fourteen days free",
    "Related Stories",
    "Subscribe now — cancel anytime\r",
]
pages = st.lists(st.sampled_from(ARTICLE + BOILERPLATE), max_size=14).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n"]).map(lambda nl: nl.join(lines) + (nl if lines else ""))
)


def is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(char in it for char in small)


@settings(max_examples=150, deadline=None)
@given(pages)
def test_clean_only_deletes_and_is_idempotent(scanner, page):
    report = scanner.scan(page, with_cleaned=True)
    cleaned = report.cleaned
    assert is_subsequence(cleaned, page)
    assert scanner.clean(cleaned) == cleaned
    for finding in report.findings:
        assert page[finding.start:finding.end] == finding.text
        assert 0 <= finding.start < finding.end <= len(page)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(ARTICLE), max_size=10).map("\n".join))
def test_text_without_findings_comes_back_byte_for_byte(scanner, page):
    report = scanner.scan(page, with_cleaned=True)
    if not report.findings:
        assert report.cleaned == page


def _finding(text: str, start: int, end: int, action: str = "remove-line"):
    rule = Rule(id="paywall/x", category="paywall", message="m", phrases=["x"], action=action,
                examples={"match": ["x"]})
    return Document(text=text).finding(rule, start, end, detector="test")


def test_remove_line_folds_the_blank_lines_it_leaves():
    text = "Title\n\nNag\n\nBody\n"
    assert clean(text, [_finding(text, 7, 10)]) == "Title\n\nBody\n"


def test_removal_at_the_edges_leaves_no_blank_lines_there():
    text = "Nag\n\nBody\n\nNag two\n"
    assert clean(text, [_finding(text, 0, 3), _finding(text, 11, 18)]) == "Body\n"


def test_remove_span_keeps_the_rest_of_the_line():
    text = "Body text. Advertisement\nMore\n"
    assert clean(text, [_finding(text, 10, 24, "remove-span")]) == "Body text.\nMore\n"


def test_flag_removes_nothing():
    text = "A\nB\n"
    assert clean(text, [_finding(text, 0, 1, "flag")]) == text


def test_untouched_blank_runs_stay():
    text = "A\n\n\n\nB\nNag\n"
    assert clean(text, [_finding(text, 7, 10)]) == "A\n\n\n\nB\n"
