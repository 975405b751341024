"""Document-level verdicts derived from the findings."""

from __future__ import annotations

from collections.abc import Sequence

from .models import Document, Finding, Verdict
from .normalize import normalized

TEASER_WORDS = 150
"""An article with fewer words than this before a closing paywall prompt looks truncated."""


def paywall_verdict(document: Document, findings: Sequence[Finding]) -> Verdict:
    """``hard`` when a paywall prompt closes a short teaser, ``soft`` for other paywall prompts."""
    paywall = [f for f in findings if f.category == "paywall"]
    if not paywall:
        return Verdict()
    removed_lines = {f.line for f in findings if f.action == "remove-line"}
    lines = normalized(document).text.split("\n")
    article = [i + 1 for i, line in enumerate(lines) if line.strip() and (i + 1) not in removed_lines]
    last_article = article[-1] if article else 0
    words = sum(len(lines[n - 1].split()) for n in article)
    closing = [f for f in paywall if f.line > last_article]
    evidence = [f"{f.rule} at line {f.line}" for f in paywall]
    if closing and words < TEASER_WORDS:
        return Verdict(paywall="hard", truncated=True,
                       evidence=[*evidence, f"only {words} words of article before the paywall prompt"])
    return Verdict(paywall="soft", truncated=False, evidence=evidence)
