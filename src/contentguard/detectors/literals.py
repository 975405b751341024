"""Work out literals that any match of a regular expression must contain (a prefilter)."""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import regex

from .. import normalize
from ..normalize import fold
from ..rules import cache_folder, code_digest

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MIN_LITERAL = 3
"""Shortest literal worth a prefilter key, unless it holds a rare symbol (see ``usable``)."""
STRONG_KEY = 5
"""A literal group scoring less than this (see ``_score``) is kept as a prefilter only when no stronger
group exists."""


def analyse(pattern: str) -> tuple[list[str] | None, bool]:
    """``(required_literals(pattern), line_confined(pattern))``."""
    return required_literals(pattern), facts(pattern)[1]


def facts(pattern: str) -> tuple[list[list[tuple[str, bool, bool]]] | None, bool, bool]:
    """``(required_groups(pattern), line_confined(pattern), line_anchored(pattern))``, remembered;
    the groups' literals come folded, as automaton keys.

    Parsing ~1,300 patterns costs a few seconds; the answers depend only on the pattern
    text and this module, so they are kept in a small JSON file in the user's cache folder
    (``$CONTENTGUARD_CACHE_DIR``, else ``$XDG_CACHE_HOME/contentguard``; set
    ``CONTENTGUARD_NO_CACHE=1`` to skip it). A cache that cannot be read or written is ignored.
    """
    memo = _memo()
    entry = memo.get(pattern)
    if entry is None:
        entry = memo[pattern] = [_folded(required_groups(pattern)), line_confined(pattern), line_anchored(pattern)]
        _DIRTY.append(pattern)
    return entry[0], entry[1], entry[2]


def _folded(groups: list[list[tuple[str, bool, bool]]] | None) -> list[list[tuple[str, bool, bool]]] | None:
    """The groups' literals as the automaton keys them: folded (see normalize.fold), with the
    word-bound checks kept only where folding left the literal as it was. Folding ~40,000
    literals costs a few tenths of a second, so it is done here, where the answer is cached."""
    if groups is None:
        return None
    out: list[list[tuple[str, bool, bool]]] = []
    for group in groups:
        keyed = []
        for literal, word_start, word_end in group:
            # folding trims a literal's edges, but a space the pattern requires is a space in the
            # folded text too (every run of spaces folds to one): keep it, it makes the key rarer
            key = (" " if literal[:1] == " " else "") + fold(literal) + (" " if literal[-1:] == " " else "")
            keyed.append((key, word_start, word_end) if key == literal else (key, False, False))
        out.append(keyed)
    # a group whose weakest key is short hits on most lines of most pages, and each hit costs a
    # step in Python: gate the pattern on its strong groups alone when it has any
    strong = [group for group in out if _score(group) >= STRONG_KEY]
    return strong or out


_MEMO: dict[str, list[Any]] = {}
_DIRTY: list[str] = []
_LOADED: list[bool] = []


def _cache_file() -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    return folder / f"pattern-analysis-{code_digest((Path(__file__), Path(normalize.__file__)))}.json"


def _memo() -> dict[str, list[Any]]:
    if not _LOADED:
        _LOADED.append(True)
        path = _cache_file()
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    _MEMO.update((k, v) for k, v in data.items() if isinstance(v, list) and len(v) == 3)
            except (OSError, ValueError):
                pass
            atexit.register(_save, path)
    return _MEMO


def _save(path: Path) -> None:
    if not _DIRTY:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(_MEMO), encoding="utf-8")
        os.replace(temporary, path)
        _DIRTY.clear()
    except OSError:
        pass


def required_literals(pattern: str) -> list[str] | None:
    """A set of lowercase literals such that every match contains at least one, or None.

    None means no useful prefilter exists (the pattern must always run). Patterns the
    standard ``re`` parser does not understand (``regex``-only syntax) get None too.
    """
    parsed = _parse(pattern)
    if parsed is None:
        return None
    try:
        found = _sequence(list(parsed))
    except RecursionError:
        return None
    if not found or any(len(item) < MIN_LITERAL for item in found):
        return None
    return sorted(found)


MAX_PRODUCT = 64
"""Most strings a run of fixed pieces is expanded into (``(?:get|use) (?:the|our)`` is 4)."""
MAX_GROUPS = 3
"""Most literal groups a pattern is gated on (all must occur)."""
_SMALL_CLASS = 6


def required_groups(pattern: str) -> list[list[tuple[str, bool, bool]]] | None:
    """Groups of literals such that every match holds one literal of *each* group, or None.

    Each literal is ``(text, word_start, word_end)``: ``word_start`` means the pattern has a
    ``\\b`` right before it (so in the text it starts a word), ``word_end`` the same after it.
    Runs of fixed pieces are expanded (``(?:get|use) the`` gives ``get the`` and ``use the``,
    ``hr[ab]`` gives ``hra`` and ``hrb``); zero-width items (``\\b``, lookarounds) do not break a
    run. At most ``MAX_GROUPS`` groups, the longest literals first. A pattern the standard
    parser cannot read (``regex``-only syntax) gets None, as from ``required_literals``.
    """
    if "\\K" in pattern or "(?r" in pattern:
        return None
    parsed = _parse(pattern)
    if parsed is None:
        return None
    try:
        found = _groups(list(parsed))
    except (RecursionError, OverflowError):
        return None
    unique: dict[tuple[tuple[str, bool, bool], ...], None] = {}
    for group in sorted(found, key=_score, reverse=True):
        unique.setdefault(tuple(sorted(group)), None)
    chosen = [list(group) for group in list(unique)[:MAX_GROUPS]]
    return chosen or None


def _score(group: set[tuple[str, bool, bool]]) -> int:
    """A group is as strong as its weakest literal; a word boundary counts as two characters, and a
    rare symbol (see ``usable``) makes a literal strong however short it is."""
    return min(max(len(text) + 2 * (start + end), STRONG_KEY if _symbol(text) else 0)
               for text, start, end in group)


def usable(literal: str) -> bool:
    """Whether ``literal`` is rare enough in text to gate a pattern on: ``MIN_LITERAL`` characters or
    more, or a shorter one that holds a symbol or punctuation mark beyond ASCII ("©", "›", "•", "€")
    which folding leaves as it is. Prose has few of those, so "the line holds a ©" is a cheap and
    selective gate for a copyright-line pattern; an ASCII mark (">", "|") is not."""
    return len(literal) >= MIN_LITERAL or _symbol(literal)


def _symbol(literal: str) -> bool:
    return (not literal.isascii() and any(not char.isascii() and unicodedata.category(char)[0] in "SP" for char in literal)
            and fold(literal) == literal)


def word_char(char: str) -> bool:
    """What ``\\w`` matches in a rule pattern (the ``regex`` module's idea of a word character)."""
    if char.isascii():
        return char.isalnum() or char == "_"
    return _WORD_CHAR.match(char) is not None


_WORD_CHAR = regex.compile(r"\w", regex.IGNORECASE | regex.UNICODE)


def _exact(op: Any, arg: Any) -> set[str] | None:
    """The strings one item can match when they are few and fixed (lowercased), else None."""
    if op is sre_constants.LITERAL:
        return {chr(arg).lower()}
    if op is sre_constants.IN:
        chars: set[str] = set()
        for item_op, item_arg in arg:
            if item_op is sre_constants.LITERAL:
                chars.add(chr(item_arg).lower())
            elif item_op is sre_constants.RANGE and item_arg[1] - item_arg[0] < _SMALL_CLASS:
                chars.update(chr(c).lower() for c in range(item_arg[0], item_arg[1] + 1))
            else:
                return None
        return chars if 0 < len(chars) <= _SMALL_CLASS else None
    if op is sre_constants.SUBPATTERN:
        return _sequence_exact(list(arg[-1]))
    if op is sre_constants.BRANCH:
        out: set[str] = set()
        for branch in arg[1]:
            strings = _sequence_exact(list(branch))
            if strings is None:
                return None
            out |= strings
            if len(out) > MAX_PRODUCT:
                return None
        return out
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
        low, high, sub = arg
        if high > 2:
            return None
        body = _sequence_exact(list(sub))
        if body is None:
            return None
        out = set()
        for count in range(low, high + 1):
            strings = {""}
            for _ in range(count):
                strings = {a + b for a in strings for b in body}
                if len(strings) > MAX_PRODUCT:
                    return None
            out |= strings
        return out if len(out) <= MAX_PRODUCT else None
    return None


def _zero_width(op: Any, arg: Any) -> bool:
    return op is sre_constants.AT or op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT)


def _sequence_exact(items: list[tuple[Any, Any]]) -> set[str] | None:
    strings = {""}
    for op, arg in items:
        if _zero_width(op, arg):
            continue  # a boundary or lookaround inside a fixed piece matches no text
        piece = _exact(op, arg)
        if piece is None:
            return None
        strings = {a + b for a in strings for b in piece}
        if len(strings) > MAX_PRODUCT:
            return None
    return strings


def _groups(items: list[tuple[Any, Any]], boundary: bool = False) -> list[set[tuple[str, bool, bool]]]:
    """Every literal group a sequence requires: its runs of fixed pieces and its required parts.

    ``boundary``: the sequence starts right after a ``\\b``.
    """
    groups: list[set[tuple[str, bool, bool]]] = []
    run: set[str] | None = None  # strings of the current run of fixed pieces
    run_start_boundary = False
    # boundary: a \b since the last piece that matched text

    def close(end_boundary: bool) -> None:
        nonlocal run
        if run and all(usable(s) for s in run):
            groups.append({(s, run_start_boundary and word_char(s[0]), end_boundary and word_char(s[-1]))
                           for s in run})
        run = None

    for op, arg in items:
        if _zero_width(op, arg):
            if op is sre_constants.AT and arg is sre_constants.AT_BOUNDARY:
                boundary = True
            elif op is sre_constants.ASSERT and arg[0] > 0:
                groups.extend(_groups(list(arg[1]), boundary))  # what a lookahead needs is in the text too
            continue
        piece = _exact(op, arg)
        if piece is not None:
            if run is None:
                run, run_start_boundary = set(piece), boundary
            else:
                product = {a + b for a in run for b in piece}
                if len(product) > MAX_PRODUCT:
                    close(False)
                    run, run_start_boundary = set(piece), False
                else:
                    run = product
            boundary = False
            continue
        close(boundary)
        before, boundary = boundary, False  # a \b right before this item is right before its first piece
        if op is sre_constants.SUBPATTERN:
            groups.extend(_groups(list(arg[-1]), before))
        elif op is sre_constants.BRANCH:
            best = [max(_groups(list(branch), before), key=_score, default=None) for branch in arg[1]]
            if all(best):
                groups.append(set().union(*best))  # type: ignore[arg-type]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
                    getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
            if arg[0] >= 1:
                groups.extend(_groups(list(arg[2])))
    close(boundary)
    return groups


# regex-only syntax the standard parser rejects, rewritten into something it reads: \K (keep
# out) only moves the start of the reported match; \p{..} is a class that may match anything
_REGEX_ONLY = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:K|[pP]\{[^}]*\})")


@functools.lru_cache(maxsize=2048)
def _parse(pattern: str) -> Any:
    """The standard parser's tree of ``pattern`` (read, never changed, by every analysis here: one
    parse per pattern instead of one per question, which is most of a first run's cost), or None."""
    rewritten = _REGEX_ONLY.sub(lambda m: m.group(1) + ("" if m.group(0).endswith("K") else "\\s"), pattern)
    try:
        return sre_parse.parse(rewritten, re.IGNORECASE)
    except (re.error, OverflowError, RecursionError, TypeError, ValueError):
        return None


def line_confined(pattern: str, flags: int = 0) -> bool:
    """True when no match of ``pattern`` and none of its lookaheads can reach past a newline.

    Such a pattern finds the same matches searched line by line (``pos``/``endpos`` at line
    starts and after line ends; lookbehinds still see the text before) as in the whole text.
    False whenever in doubt.
    """
    parsed = _parse(pattern)
    if parsed is None:
        return False
    try:
        return _confined(list(parsed), bool((flags | parsed.state.flags) & re.DOTALL))
    except RecursionError:
        return False


def line_anchored(pattern: str) -> bool:
    """True when every match of ``pattern`` starts with ``^`` (at a line start) and is not empty.

    Then a search for ``\\n`` + pattern finds the same matches, each with the newline before
    it, and the ``regex`` module skips from newline to newline instead of trying every
    position (see ``phrase._anchored``). ``\\K`` (which moves the reported start) and
    patterns whose first item is not ``^`` get False.
    """
    if not pattern.startswith("^") or "\\K" in pattern:
        return False
    parsed = _parse(pattern)
    if parsed is None:
        return False
    try:
        items = list(parsed)
        return (bool(items) and items[0] == (sre_constants.AT, sre_constants.AT_BEGINNING)
                and parsed.getwidth()[0] > 0)
    except (RecursionError, OverflowError, TypeError, ValueError):
        return False


_NEWLINE_CATEGORIES = {sre_constants.CATEGORY_SPACE, sre_constants.CATEGORY_NOT_DIGIT,
                       sre_constants.CATEGORY_NOT_WORD, sre_constants.CATEGORY_LINEBREAK,
                       sre_constants.CATEGORY_UNI_SPACE, sre_constants.CATEGORY_UNI_NOT_DIGIT,
                       sre_constants.CATEGORY_UNI_NOT_WORD, sre_constants.CATEGORY_UNI_LINEBREAK}


def _class_has_newline(items: list[tuple[Any, Any]]) -> bool:
    negate = False
    found = False
    for op, arg in items:
        if op is sre_constants.NEGATE:
            negate = True
        elif op is sre_constants.LITERAL:
            found = found or arg == 10
        elif op is sre_constants.RANGE:
            found = found or arg[0] <= 10 <= arg[1]
        elif op is sre_constants.CATEGORY:
            found = found or arg in _NEWLINE_CATEGORIES
        else:  # CHARSET, BIGCHARSET or anything unexpected: assume the worst
            return True
    return found != negate


def _confined(items: list[tuple[Any, Any]], dotall: bool) -> bool:
    for op, arg in items:
        if op is sre_constants.LITERAL:
            if arg == 10:
                return False
        elif op is sre_constants.NOT_LITERAL:
            if arg != 10:
                return False
        elif op is sre_constants.ANY:
            if dotall:
                return False
        elif op is sre_constants.IN:
            if _class_has_newline(arg):
                return False
        elif op is sre_constants.AT:
            continue
        elif op is sre_constants.BRANCH:
            if not all(_confined(list(branch), dotall) for branch in arg[1]):
                return False
        elif op is sre_constants.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            inner = (dotall or bool(add_flags & re.DOTALL)) and not del_flags & re.DOTALL
            if not _confined(list(sub), inner):
                return False
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
                    getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
            if not _confined(list(arg[2]), dotall):
                return False
        elif op is getattr(sre_constants, "ATOMIC_GROUP", None):
            if not _confined(list(arg), dotall):
                return False
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            direction, sub = arg
            if direction > 0 and not _confined(list(sub), dotall):
                return False  # a lookahead must not see past the line either; lookbehinds may
        else:  # back references, conditionals, anything new: not provably confined
            return False
    return True


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
        elif op is sre_constants.ASSERT and arg[0] > 0:
            consider(_sequence(list(arg[1])))  # what a lookahead needs is in the text too
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
