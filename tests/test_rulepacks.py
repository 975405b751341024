"""The bundled rule packs: every example holds, English covers every category, and an
article about boilerplate keeps every line while the boilerplate around it goes."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from contentguard.api import Scanner
from contentguard.models import CATEGORY_TAGS
from contentguard.rulepacks import bundled_rules
from contentguard.selftest import check_examples

RULES = bundled_rules()
PACKS = sorted(RULES.rglob("*.yaml"))
BOILERPLATE_CATEGORIES = sorted(CATEGORY_TAGS.values())


def _rules_from(scanner: Scanner, pack: Path) -> list:
    return [rule for rule in scanner.all_rules if Path(rule.source).resolve() == pack.resolve()]


@pytest.mark.parametrize("pack", PACKS, ids=lambda pack: str(pack.relative_to(RULES)))
def test_every_example_of_the_pack_holds(scanner: Scanner, pack: Path):
    rules = _rules_from(scanner, pack)
    assert rules, f"{pack} defines no rules"
    failures = [failure.describe() for failure in check_examples(scanner.engine, rules)]
    assert failures == []


@pytest.mark.parametrize("category", BOILERPLATE_CATEGORIES)
def test_english_has_rules_for_every_category(scanner: Scanner, category: str):
    english = RULES / "en"
    rules = [rule for rule in scanner.all_rules
             if rule.category == category and Path(rule.source).resolve().parent == english.resolve()]
    assert rules, f"no English rule for {category}"


def test_common_packs_are_language_neutral_with_common_ids(scanner: Scanner):
    common = [rule for rule in scanner.all_rules if Path(rule.source).resolve().parent == (RULES / "common").resolve()]
    assert common
    for rule in common:
        assert rule.languages == [], rule.id
        assert rule.id.split("/", 1)[1].startswith("common-"), rule.id


def _group(text: str, start: int) -> str:
    """The balanced group that opens at ``text[start]`` (escapes and character classes skipped)."""
    depth, i = 0, start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = text.index("]", i + 2 if text[i + 1] in "^]" else i + 1) + 1
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return text[start:i + 1]
        i += 1
    raise AssertionError(f"unbalanced group in {text!r}")


GUARDED = regex.compile(r"(?:\\b)?\(\?=(?=.*?\)(?:\(\?<!))")
GUARDS = regex.compile(r"(?:\(\?<!(?:[^()\\]|\\.)*\))+\)?")


@pytest.mark.parametrize("pack", [p for p in PACKS if p.parent.name in ("en", "common")],
                         ids=lambda pack: str(pack.relative_to(RULES)))
def test_guard_lookaheads_repeat_the_alternation_they_guard(scanner: Scanner, pack: Path):
    """A pattern may start its guarded branch with ``\\b(?=X)`` so that most positions fail fast;
    X must be the alternation that follows the lookbehind guards, or the two drift apart."""
    for rule in _rules_from(scanner, pack):
        for pattern in rule.patterns:
            for match in GUARDED.finditer(pattern):
                look = _group(pattern, match.end() - 3)
                after = pattern[match.end() - 3 + len(look):]
                guards = GUARDS.match(after)
                if not guards:
                    continue
                body = after[guards.end():].removeprefix("\\b")
                assert body.startswith(look[3:-1]), f"{rule.id}: {look} does not match {body[:60]}"


def test_rule_ids_are_unique_across_packs(scanner: Scanner):
    ids = [rule.id for rule in scanner.all_rules]
    assert len(ids) == len(set(ids))


ARTICLE_ABOUT_BOILERPLATE = """\
Why Your Newsletter Box Keeps Asking for Too Much

Most readers see a dozen prompts a day, and designers say few of them earn their place.

By Ada Quill
4 May 2025

When a reader lands on a local news site, the first thing they often meet is a banner that says "We use cookies to improve your experience", followed by a pop-up asking them to subscribe to continue reading. Publishers say the prompts pay the bills; readers say they are exhausting.

What the prompts say

Designers we spoke to collected the most common lines:
- "Subscribe to our newsletter"
- "Download the app for the full experience"
- "Accept all" in green, "Reject all" in grey
- Download the Harbour Bins app from the App Store or Google Play
- An introductory offer of $2 a week for six months

"Sign up for the weekly digest - no spam, ever!"

Reject all, if you can find it

The council's own app asks residents to create an account using their email address. Readers who support local news are older than average, the survey found, and many said they would sign up to read the new guidance if it arrived by post.

Why apps want your email

Harbour Gazette raises price of its digital pass to $14.99 a month
Cancel anytime, and nobody will send you a sad email when you do.
"""

PAGE = """\
We use cookies to personalise content and ads. By continuing to browse you agree to our use of cookies.
Accept all
Manage preferences
The Harbour Gazette
News | Sport | Business | Opinion
Home > News > Local

Ferry fares to rise in spring

Operators blame fuel costs for the increase, the first in four years.

The operator of the island ferry service said on Monday that fares would rise by 6% from April, blaming higher fuel costs and a new harbour levy that came into force this year.
Advertisement
Read more: Harbour levy approved after two-year dispute
Regular passengers will be able to buy a discounted season ticket, the company said, though campaigners called the increase unfair on islanders who have no other way to reach the mainland.

You have 2 free articles remaining this month
Subscribe from $1 a week - cancel anytime
Share this article
Facebook · X · WhatsApp · Email
12 comments
Sign up for our Morning Briefing newsletter
Your email address
Sign me up
Download the Harbour Gazette app
Most read
© 2025 Harbour Gazette Ltd. All rights reserved.
Privacy policy · Terms · Cookie settings
"""


def test_an_article_about_boilerplate_keeps_every_line(scanner: Scanner):
    assert scanner.clean(ARTICLE_ABOUT_BOILERPLATE) == ARTICLE_ABOUT_BOILERPLATE


def test_the_boilerplate_around_an_article_is_removed(scanner: Scanner):
    cleaned = scanner.clean(PAGE)
    kept = [line for line in cleaned.splitlines() if line.strip()]
    assert kept == [
        "Ferry fares to rise in spring",
        "Operators blame fuel costs for the increase, the first in four years.",
        PAGE.splitlines()[11],
        PAGE.splitlines()[14],
    ]
