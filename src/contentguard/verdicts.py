"""Document-level verdicts: is the page paywalled, and is its text cut off by the paywall?

Evidence comes from two places: paywall findings in the text (any format) and markup
signals that the HTML reader stored in ``Document.metadata["signals"]`` (vendors' scripts
and containers, meta tags, class and id hints, schema.org ``isAccessibleForFree``).

- ``none``: no paywall finding, no strong signal, and fewer than two distinct weak ones.
  A page that only talks about paywalls has none of these.
- ``metered``: a meter is in evidence (a "3 free articles left" prompt, a meter in the markup).
- ``hard``: the publisher marks the page as paid (schema.org, meta tags), or the text is cut off.
- ``soft``: any other paywall evidence; the article itself is readable.

``truncated`` is true when the article ends at a paywall prompt after a short teaser (or
on a page marked as paid), when it holds far fewer words than the page's schema.org
``wordCount``, or when a short teaser is followed by a paywall container or the section
schema.org marks as paywalled is missing from the page (a lock).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import regex

from .models import Document, Finding, Verdict
from .normalize import normalized

TEASER_WORDS = 150
"""An article with fewer words than this before a closing paywall prompt looks truncated."""
LOCKED_TEASER_WORDS = 350
"""With a paywall container (a lock) in the markup, a teaser this short looks truncated."""
WORD_COUNT_SHARE = 0.5
"""Truncated when the extracted article has less than this share of the declared wordCount."""
MIN_DECLARED_WORDS = 150

_WORD = regex.compile(r"\w+")
_METER_RULE = regex.compile(r"meter|limit|free-articles?|remaining|quota")
_METER_TEXT = regex.compile(
    r"\b\d+\s+(?:more\s+)?(?:free\s+)?(?:articles?|stories|story|pieces?)\s+(?:left|remaining)"
    r"|\b(?:article|story|monthly|free|reading)\s+limit\b|\breached\s+your\s+(?:\w+\s+){0,3}limit"
    r"|\b(?:last|final)\s+free\s+(?:article|story)"
    r"|\b(?:kostenlose|kostenfreie|freie|gratis)\w*\s+artikel|\bartikel-?limit"
    r"|\bart[ií]culos?\s+gratuitos?|\barticles?\s+gratuits?|\barticoli\s+gratuiti|\bartigos?\s+gratuitos?"
    r"|\bgratis\s+artikel\w*|\bdarmow\w*\s+artyku\w*|\blimit\s+(?:de\s+)?(?:art[ií]culos|artigos|articles|articoli)",
    regex.IGNORECASE,
)


def _is_meter(finding: Finding) -> bool:
    return bool(_METER_RULE.search(finding.rule) or _METER_TEXT.search(finding.text))


def _signals(document: Document) -> list[Mapping[str, Any]]:
    raw = document.metadata.get("signals") or ()
    return [s for s in raw if isinstance(s, Mapping) and isinstance(s.get("id"), str)]


def _article(document: Document, findings: Sequence[Finding]) -> tuple[int, int]:
    """(number of the last article line, words of article) once the removed lines are gone."""
    removed_lines = {f.line for f in findings if f.action == "remove-line"}
    lines = normalized(document).text.split("\n")
    article = [i + 1 for i, line in enumerate(lines) if line.strip() and (i + 1) not in removed_lines]
    words = sum(len(_WORD.findall(lines[n - 1])) for n in article)
    return (article[-1] if article else 0), words


def paywall_verdict(document: Document, findings: Sequence[Finding]) -> Verdict:
    """The paywall verdict for one document, with the evidence (finding rule ids and signals)."""
    paywall = [f for f in findings if f.category == "paywall"]
    signals = _signals(document)
    strong = [s for s in signals if s.get("weight", "strong") != "weak"]
    weak_ids = {s["id"] for s in signals if s.get("weight") == "weak"}
    if not paywall and not strong and len(weak_ids) < 2:
        return Verdict()
    evidence = [f"{f.rule} at line {f.line}" for f in paywall]
    evidence += [f"{s['id']}: {s.get('evidence', '')}".rstrip(": ") for s in signals]
    kinds = {str(s.get("kind", "soft")) for s in signals}
    if any(_is_meter(f) for f in paywall):
        kinds.add("metered")
    last_article, words = _article(document, findings)
    reasons = _truncation(document, paywall, signals, kinds, last_article, words)
    evidence += reasons
    if "metered" in kinds:
        verdict = "metered"
    elif "hard" in kinds or reasons:
        verdict = "hard"
    else:
        verdict = "soft"
    return Verdict(paywall=verdict, truncated=bool(reasons), evidence=evidence)


def _truncation(document: Document, paywall: Sequence[Finding], signals: Sequence[Mapping[str, Any]],
                kinds: set[str], last_article: int, words: int) -> list[str]:
    """Why the text looks cut off by the paywall (empty when it does not)."""
    reasons: list[str] = []
    closing = [f for f in paywall if f.line > last_article]
    if closing and words < TEASER_WORDS:
        reasons.append(f"only {words} words of article before the paywall prompt")
    elif closing and "hard" in kinds:
        reasons.append(f"the article ends at a paywall prompt ({closing[0].rule} at line {closing[0].line}) "
                       "on a page marked as paid")
    html = document.metadata.get("html") or {}
    declared = html.get("word_count") if isinstance(html, Mapping) else None
    if isinstance(declared, int) and declared >= MIN_DECLARED_WORDS and words < declared * WORD_COUNT_SHARE:
        reasons.append(f"{words} words extracted where the page declares wordCount {declared}")
    # a lock alone is not enough: pages often declare paywalled sections or carry a vendor's
    # widget and still deliver the whole article, so the text must also be teaser-short
    locks = [s for s in signals if s.get("lock")]
    if locks and words < LOCKED_TEASER_WORDS:
        if locks[0]["id"] == "schema/paywalled-section":
            reasons.append(f"a {words}-word teaser, and the section schema.org marks as paywalled was not delivered")
        else:
            reasons.append(f"a {words}-word teaser followed by a paywall container ({locks[0]['id']})")
    return reasons
