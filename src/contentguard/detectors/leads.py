"""Work out how a line must begin for a line-start pattern to match it (a prefilter).

Many rules match a whole short line that starts with one of a few words: ``^(?:[^\\w\\s]){0,6}
?(?:share|tweet|print)\\b``. Their words are too short, or too many, for literal keys in the
automaton (``ok``, ``x``, ``ad``), so without help such a pattern runs over every line of every
page. But every match starts at a line start, and before its first letter or digit it can
only hold marks, spaces and symbols; so the line's first run of letters and digits must begin
with one of the words the pattern can start with. A page's lines are read once for their
first words (``first_words``), and the pattern runs only on the lines whose first word fits,
and is never compiled when no line does.

"Letters and digits" here are Unicode letters (``\\p{L}``) and decimal digits (``\\p{Nd}``),
which are word characters to every regular-expression engine, so an item such as ``[^\\w\\s]``
or ``\\ufe0f`` (a variation selector, a mark) can only ever match what comes before the word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import regex

from .literals import _class_has_newline, _exact, _parse, _zero_width, sre_constants

MAX_STATES = 512
"""Most distinct beginnings followed through a pattern before giving up."""

_REPEATS = tuple(op for op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
                               getattr(sre_constants, "POSSESSIVE_REPEAT", None)) if op is not None)
_WORD_CATEGORIES = {sre_constants.CATEGORY_WORD, sre_constants.CATEGORY_UNI_WORD}
_FIRST_WORD = regex.compile(r"^[^\p{L}\p{Nd}\n]*+([\p{L}\p{Nd}]++)", regex.MULTILINE)


class _GiveUp(Exception):
    pass


def letter(char: str) -> bool:
    """A character of a line's first word: a Unicode letter or decimal digit."""
    return char.isalpha() or char.isdecimal()


def line_leads(pattern: str) -> tuple[str, ...] | None:
    """Words one of which the first word of a line must start with for ``pattern`` to match there,
    or None when there is no such short list (or the pattern does not start at a line start).

    The pattern must begin with ``^`` (a line start: rules are compiled with MULTILINE), and
    everything before its first letter must be unable to match a letter, a digit or a newline.
    """
    if "\\K" in pattern or "(?r" in pattern or re.search(r"\\[pP]\{", pattern):
        return None  # \K moves the start; \p{..} is read as \s by the parser used here
    parsed = _parse(pattern)
    if parsed is None:
        return None
    try:
        items = list(parsed)
        if not items or items[0] != (sre_constants.AT, sre_constants.AT_BEGINNING):
            return None
        states = _walk(items[1:], {("", False)})
    except (_GiveUp, RecursionError, OverflowError, TypeError, ValueError):
        return None
    leads = {prefix for prefix, _done in states}
    # a lead must be as the folded (case-folded) text spells it: then matching it case-blind is exact
    if not leads or "" in leads or any(lead != lead.casefold() for lead in leads):
        return None
    shortest = sorted(leads, key=len)
    kept: list[str] = []
    for lead in shortest:  # "share" already covers "shares"
        if not lead.startswith(tuple(kept)):
            kept.append(lead)
    return tuple(sorted(kept))


def first_words(text: str, starts: Iterable[int]) -> dict[str, list[tuple[str, int]]]:
    """The first word of each line of ``text`` (lines by their start offsets, in order), grouped by
    its first character: ``{initial: [(word, line index), ...]}``; lines with no word are left out."""
    line_of = {start: line for line, start in enumerate(starts)}
    out: dict[str, list[tuple[str, int]]] = {}
    for match in _FIRST_WORD.finditer(text):
        line = line_of.get(match.start())
        if line is not None:
            word = match.group(1)
            out.setdefault(word[0], []).append((word, line))
    return out


def lines_led(words: dict[str, list[tuple[str, int]]], leads: tuple[str, ...]) -> set[int]:
    """The lines whose first word starts with one of ``leads``."""
    chosen: set[int] = set()
    for initial in {lead[0] for lead in leads}:
        for word, line in words.get(initial, ()):
            if word.startswith(leads):
                chosen.add(line)
    return chosen


def _walk(items: list[tuple[Any, Any]], states: set[tuple[str, bool]]) -> set[tuple[str, bool]]:
    """Follow each beginning (letters so far, finished?) through ``items``."""
    for op, arg in items:
        if all(done for _prefix, done in states):
            return states
        if _zero_width(op, arg):
            continue  # a lookaround or boundary only narrows the matches
        if _no_letters(op, arg):  # leading marks and spaces; after the word has begun, they end it
            states = {(prefix, done or bool(prefix)) for prefix, done in states}
            continue
        piece = _exact(op, arg)
        if piece is not None:
            states = {_extend(prefix, done, string) for prefix, done in states for string in piece}
        elif op is sre_constants.SUBPATTERN:
            states = _walk(list(arg[-1]), states)
        elif op is sre_constants.BRANCH:
            states = set().union(*(_walk(list(branch), states) for branch in arg[1]))
        elif op in _REPEATS and arg[1] == 1:  # optional (or exactly once)
            once = _walk(list(arg[2]), states)
            states = once if arg[0] == 1 else states | once
        elif op in _REPEATS and arg[0] >= 1:  # at least once: what the first time begins with, then unknown
            states = {(prefix, True) for prefix, _done in _walk(list(arg[2]), states)}
        else:  # anything that may match a letter in ways not listed: the word is known up to here
            states = {(prefix, True) for prefix, _done in states}
        if len(states) > MAX_STATES:
            raise _GiveUp
    return states


def _extend(prefix: str, done: bool, string: str) -> tuple[str, bool]:
    if done:
        return prefix, True
    for char in string:
        if letter(char):
            prefix += char
        elif prefix:
            return prefix, True
        elif char == "\n":
            raise _GiveUp  # the match's first word could be on a later line
    return prefix, False


def _no_letters(op: Any, arg: Any) -> bool:
    """True when the item can match only characters that are not letters, digits or newlines."""
    if op is sre_constants.LITERAL:
        return not letter(chr(arg)) and arg != 10
    if op is sre_constants.IN:
        if arg and arg[0][0] is sre_constants.NEGATE:
            members = arg[1:]
            return (any(item_op is sre_constants.CATEGORY and item_arg in _WORD_CATEGORIES
                        for item_op, item_arg in members)
                    and not _class_has_newline(arg))
        for item_op, item_arg in arg:
            if item_op is sre_constants.LITERAL:
                if letter(chr(item_arg)) or item_arg == 10:
                    return False
            elif item_op is sre_constants.RANGE:
                low, high = item_arg
                if high - low > 256 or any(letter(chr(c)) or c == 10 for c in range(low, high + 1)):
                    return False
            else:
                return False
        return True
    if op is sre_constants.SUBPATTERN:
        return _all_no_letters(list(arg[-1]))
    if op is sre_constants.BRANCH:
        return all(_all_no_letters(list(branch)) for branch in arg[1])
    if op in _REPEATS:
        return _all_no_letters(list(arg[2]))
    return False


def _all_no_letters(items: list[tuple[Any, Any]]) -> bool:
    return all(_zero_width(op, arg) or _no_letters(op, arg) for op, arg in items)
