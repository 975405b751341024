"""Whole-word matching that sees through obfuscation.

Each spelling becomes a pattern that also accepts what people write to get past a filter:

- look-alike characters: ``sh1t``, ``$hit``, ``@ss``, ``b!tch`` (``1``/``!``/``|`` for i or l,
  ``0`` for o, ``3`` for e, ``4``/``@`` for a, ``5``/``$`` for s, ``7``/``+`` for t);
- masked letters: ``f*ck``, ``f**k``, ``f_ck``, ``sh#t`` (at most half the letters, never the first);
- repeated letters: ``fuuuck``, ``shiiit`` (a run of three or more; a double letter in the word
  stays at least double);
- spaced-out letters, for words of four letters or more: ``s h i t``, ``f.u.c.k``, ``c-u-n-t``.

Matches run on contentguard's folded text (case, width and zero-width characters folded), and
only on whole words: the character before and after must not be a letter or a digit. So the
word inside "Scunthorpe", "assassin", "cocktail" or "Dickens" is never a match.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .wordlists import Entry

LOOKALIKES: dict[str, str] = {
    "a": "@4", "b": "8", "e": "3€", "g": "9", "i": "1!|", "l": "1|", "o": "0", "s": "$5", "t": "7+",
}
WILDCARDS = "*#_"
SEPARATORS = " .-"
MIN_SPACED = 4
"""Shorter words are not matched spaced out: "a s s" is too often initials."""
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"
_SPACED_HINT = re.compile(_BEFORE + r"[^\s.\-](?:[ .\-][^\s.\-]){%d}" % (MIN_SPACED - 1))
"""Every spaced-out spelling's first letters: where this finds nothing, no spaced form can match."""


def _runs(word: str) -> list[tuple[str, int]]:
    runs: list[tuple[str, int]] = []
    for char in word:
        if runs and runs[-1][0] == char:
            runs[-1] = (char, runs[-1][1] + 1)
        else:
            runs.append((char, 1))
    return runs


def _letter(char: str) -> str:
    return "[" + re.escape(char + LOOKALIKES.get(char, "")) + "]"


def spelling_pattern(spelling: str, spaced: bool = True) -> str:
    """A regular expression (no boundaries) for ``spelling`` and its obfuscations (``spaced``: the
    spaced-out one too)."""
    wild = "[" + re.escape(WILDCARDS) + "]"
    parts = []
    for index, (char, count) in enumerate(_runs(spelling)):
        letter = _letter(char)
        first = letter if index == 0 else f"(?:{letter}|{wild})"
        rest = f"(?:{letter}|{wild})"
        # a run is as long as in the word, or stretched to three letters or more ("fuuuck"):
        # "assess" is not "asses" with a stretched s
        parts.append(first + rest * (count - 1) + f"(?:{letter}{{{max(3 - count, 1)},}})?")
    plain = "".join(parts)
    if len(spelling) < MIN_SPACED or not spaced:
        return plain
    sep = "[" + re.escape(SEPARATORS) + "]"
    spaced = sep.join(_letter(char) for char in spelling)
    return f"(?:{plain}|{spaced})"


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entry: Entry
    spelling: str


class Matcher:
    """All spellings of some entries, compiled into one pattern when first used.

    The spaced-out forms ("s h i t") make up a third of that pattern and of the time it takes
    to compile, and most pages have nothing spaced out: on a page where ``_SPACED_HINT`` finds
    no run of single characters between separators, a pattern without them is used, which
    finds the same hits there (the forms it leaves out cannot match). A hit is then told which spelling it is by a second pattern, compiled at the first hit,
    with each spelling (longest first) in a group of its own: matched against the hit alone,
    its alternation picks the first spelling that matches all of it. (The search itself
    has no groups: groups in it would make every page three times slower to search.)
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self._by_spelling: dict[str, Entry] = {}
        for entry in self.entries:
            for spelling in entry.spellings():
                self._by_spelling.setdefault(spelling, entry)
        self._spellings = sorted(self._by_spelling, key=len, reverse=True)
        # the hint holds for a spaced form only when its letters are no spaces or separators
        self._hinted = not any(char.isspace() or char in SEPARATORS
                               for spelling in self._spellings if len(spelling) >= MIN_SPACED for char in spelling)

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        return self._compile(spaced=True)

    @functools.cached_property
    def _plain(self) -> re.Pattern[str] | None:
        return self._compile(spaced=False)

    def _compile(self, spaced: bool) -> re.Pattern[str] | None:
        if not self._spellings:
            return None
        alternatives = "|".join(spelling_pattern(s, spaced) for s in self._spellings)
        return re.compile(_BEFORE + "(?:" + alternatives + ")" + _AFTER)

    @functools.cached_property
    def _which(self) -> re.Pattern[str]:
        return re.compile("|".join(f"({spelling_pattern(s)})" for s in self._spellings))

    def find(self, folded: str) -> Iterator[Hit]:
        """Whole-word hits in ``folded`` text (offsets into it)."""
        pattern = self._pattern if not self._hinted or _SPACED_HINT.search(folded) else self._plain
        if pattern is None:
            return
        for match in pattern.finditer(folded):
            found = match.group()
            if not plausible(found):
                continue
            which = self._which.fullmatch(found)
            if which is not None and which.lastindex is not None:
                spelling = self._spellings[which.lastindex - 1]
                yield Hit(match.start(), match.end(), self._by_spelling[spelling], spelling)


def plausible(found: str) -> bool:
    """Enough real letters that this is the word written oddly, not a code or a number."""
    letters = [char for char in found if char.isalpha()]
    masked = sum(char in WILDCARDS for char in found)
    positions = len(letters) + masked + sum(not c.isalpha() and c not in WILDCARDS and c not in SEPARATORS
                                            for c in found)
    return (found[0] not in WILDCARDS and len(letters) >= 2 and 2 * len(letters) >= positions
            and 2 * masked <= positions)


_INITIAL = re.compile(r"(?:^|[\s(])(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Sr|Jr)\.$")


def starts_a_sentence(text: str, start: int) -> bool:
    """Whether ``text[start]`` is the first word of a line or sentence ("K. Dick" is not)."""
    before = text[max(0, start - 80):start].rstrip(" \t\"'([“‘«")
    if not before or before[-1] in "\n!?:;…":
        return True
    return before[-1] == "." and not _INITIAL.search(before)


def reads_as_a_name(original: str, start: int, end: int) -> bool:
    """A capitalised word inside a sentence ("Moby Dick", "Philip K. Dick")."""
    word = original[start:end]
    return word[:1].isupper() and word[1:].islower() and not starts_a_sentence(original, start)
