"""Work out literals that any match of a regular expression must contain (a prefilter)."""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MIN_LITERAL = 3


def required_literals(pattern: str) -> list[str] | None:
    """A set of lowercase literals such that every match contains at least one, or None.

    None means no useful prefilter exists (the pattern must always run). Patterns the
    standard ``re`` parser does not understand (``regex``-only syntax) get None too.
    """
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, OverflowError, RecursionError, TypeError, ValueError):
        return None
    try:
        found = _sequence(list(parsed))
    except RecursionError:
        return None
    if not found or any(len(item) < MIN_LITERAL for item in found):
        return None
    return sorted(found)


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Best literal set for a sequence: a literal run, or one required sub-part."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and all(len(c) >= MIN_LITERAL for c in candidate):
            if best is None or min(map(len, candidate)) > min(map(len, best)):
                best = candidate

    for op, arg in items:
        if op is sre_constants.LITERAL:
            run.append(chr(arg).lower())
            continue
        if run:
            consider({"".join(run)})
            run = []
        if op is sre_constants.SUBPATTERN:
            consider(_sequence(list(arg[-1])))
        elif op is sre_constants.BRANCH:
            alternatives = [_sequence(list(branch)) for branch in arg[1]]
            if all(alternatives):
                consider(set().union(*alternatives))  # type: ignore[arg-type]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = arg
            if low >= 1:
                consider(_sequence(list(sub)))
    if run:
        consider({"".join(run)})
    return best
