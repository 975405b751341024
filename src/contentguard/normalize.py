"""Text normalisation for matching, with a map back to offsets in the original text.

Matching runs on a folded copy of the text: Unicode NFKC, case-folded, curly quotes,
apostrophes and dashes folded to ASCII (guillemets « » ‹ › stay: they double as breadcrumb
separators), zero-width characters dropped, runs of spaces
(non-breaking ones included) folded to one space, and leading and trailing spaces and CR
dropped.
Newlines are kept one for one, so line N of the folded text is line N of the original.

The folded text is built in segments. A *linear* segment maps one folded character to
one original character (the common case: ASCII, already-normalised letters). Any other
segment (a ligature, an ``ß`` that folds to ``ss``, a combining sequence, a whitespace run)
maps as a whole to its original characters, so offsets never split an original character.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from .models import Document

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u02bc": "'", "\uff07": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
})
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# one scan finds everything that is not plain ASCII text with single spaces
_BREAKS_PATTERN = (
    "(?P<ws>(?<![^\\n])[^\\S\\n]+|[^\\S\\n]{2,}|[^\\S\\n ]|[^\\S\\n](?=\\n|\\Z))"
    f"|(?P<zw>[{_ZERO_WIDTH}]+)"
)
_UNI_PATTERN = f"[^\\x00-\\x7f\\s{_ZERO_WIDTH}]+"
_SPECIAL = re.compile(f"{_BREAKS_PATTERN}|(?P<uni>{_UNI_PATTERN})")
# The fast path. _BREAKS runs only on lines that may hold a break (keep _break_lines in
# step with _BREAKS_PATTERN): lines with whitespace other than single spaces between words,
# or a zero-width character. Between breaks, a chunk whose characters each fold to exactly
# one character is folded in one go (str.casefold) instead of run by run.
_BREAKS = re.compile(_BREAKS_PATTERN)
_UNI = re.compile(_UNI_PATTERN)
_ODD_SPACE = re.compile("[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
                        f"{_ZERO_WIDTH}]")
"""Every whitespace character but the space and the newline (str.isspace), and zero-width ones."""
_SPACE_PAIR = re.compile(" [ \n]")
_LINE_START_SPACE = re.compile("\n ")
_NON_ASCII = re.compile("[^\\x00-\\x7f]+")
_FOLDED_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")
_FOLD_STR = {chr(c): v for c, v in _FOLD.items()}
_MARKS: dict[str, bool] = {}
FAST_PATH = True
"""Fold simple chunks whole; False runs the character-run path everywhere (tests compare them)."""


def _is_combining(char: str) -> bool:
    return unicodedata.combining(char) != 0 or unicodedata.category(char) in ("Mn", "Me")


def fold(text: str) -> str:
    """Fold ``text`` the way matching sees it (no offset map): used for phrases and examples."""
    if FAST_PATH and text.isascii() and not _may_break(text):
        return text.lower()
    return Normalized.of(text).text


def _may_break(text: str) -> bool:
    """False when ``_BREAKS`` cannot match anywhere in ``text`` (the common case)."""
    return bool(_ODD_SPACE.search(text) or "  " in text or " \n" in text or "\n " in text
                or text[:1] == " " or text[-1:] == " ")


def _break_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line (its newline included) on which ``_BREAKS`` may match, in order."""
    if not _may_break(text):
        return []
    positions = {match.start() for match in _ODD_SPACE.finditer(text)}
    positions.update(match.start() for match in _SPACE_PAIR.finditer(text))
    positions.update(match.start() + 1 for match in _LINE_START_SPACE.finditer(text))
    if text[:1] == " ":
        positions.add(0)
    if text[-1:] == " ":
        positions.add(len(text) - 1)
    lines: list[tuple[int, int]] = []
    for position in sorted(positions):
        if lines and position < lines[-1][1]:
            continue
        end = text.find("\n", position)
        lines.append((text.rfind("\n", 0, position) + 1, len(text) if end == -1 else end + 1))
    return lines


def _simple_fold(chunk: str) -> str | None:
    """``chunk`` folded when each of its characters folds to exactly one character, else None.

    Then the character-run path would give the same text as one linear segment: every run
    is NFKC already, casefolds and folds one to one, and has no combining mark.
    """
    folded = chunk.casefold()
    if len(folded) != len(chunk) or not unicodedata.is_normalized("NFKC", chunk):
        return None
    for char in set("".join(_NON_ASCII.findall(chunk))):
        mark = _MARKS.get(char)
        if mark is None:
            mark = _MARKS[char] = _is_combining(char)
        if mark:
            return None
    if _FOLDED_CHARS.search(folded):
        folded = _FOLDED_CHARS.sub(lambda match: _FOLD_STR[match.group()], folded)
        if len(folded) != len(chunk):
            return None
    return folded


@dataclass(frozen=True)
class Normalized:
    """Folded ``text`` plus the segment map back to the original string."""

    text: str
    original: str
    _n0: list[int]
    _o0: list[int]
    _olen: list[int]
    _linear: list[bool]

    @classmethod
    def of(cls, original: str) -> Normalized:
        parts: list[str] = []
        n0: list[int] = []
        o0: list[int] = []
        olen: list[int] = []
        linear: list[bool] = []
        npos = 0

        def linear_seg(chunk: str, opos: int) -> None:
            nonlocal npos
            if not chunk:
                return
            if linear and linear[-1] and o0[-1] + olen[-1] == opos and n0[-1] + olen[-1] == npos:
                olen[-1] += len(chunk)  # extend the previous linear segment
            else:
                n0.append(npos)
                o0.append(opos)
                olen.append(len(chunk))
                linear.append(True)
            parts.append(chunk)
            npos += len(chunk)

        def block_seg(folded: str, opos: int, length: int) -> None:
            nonlocal npos
            if not folded:
                return
            n0.append(npos)
            o0.append(opos)
            olen.append(length)
            linear.append(False)
            parts.append(folded)
            npos += len(folded)

        last = 0
        lines = _break_lines(original) if FAST_PATH else [(0, len(original))]
        for match in (m for line_start, line_end in lines for m in _BREAKS.finditer(original, line_start, line_end)):
            start, end = match.span()
            kind = match.lastgroup
            if start > last:
                cls._chunk(original, last, start, linear_seg, block_seg)
            if kind == "ws":
                at_line_end = end == len(original) or original[end] == "\n"
                at_line_start = start == 0 or original[start - 1] == "\n"  # indents and masked markup
                if not at_line_end and not at_line_start:
                    if end - start == 1:
                        # one odd space (tab, NBSP, CR) is still one character: keep it linear
                        linear_seg(" ", start)
                    else:
                        block_seg(" ", start, end - start)
            last = end
        if last < len(original):
            cls._chunk(original, last, len(original), linear_seg, block_seg)
        return cls("".join(parts), original, n0, o0, olen, linear)

    @classmethod
    def _chunk(cls, original: str, start: int, end: int, linear_seg, block_seg) -> None:  # type: ignore[no-untyped-def]
        """Fold ``original[start:end]``, a stretch without odd whitespace or zero-width characters."""
        chunk = original[start:end]
        if chunk.isascii():
            linear_seg(chunk.lower(), start)
            return
        if FAST_PATH:
            folded = _simple_fold(chunk)
            if folded is not None:
                linear_seg(folded, start)
                return
        # line by line (a line may still fold whole), then run by run
        line_start = start
        while line_start < end:
            line_end = original.find("\n", line_start, end)
            line_end = end if line_end == -1 else line_end + 1
            folded = _simple_fold(original[line_start:line_end]) if FAST_PATH else None
            if folded is not None:
                linear_seg(folded, line_start)
            else:
                cls._runs(original, line_start, line_end, linear_seg, block_seg)
            line_start = line_end

    @classmethod
    def _runs(cls, original: str, start: int, end: int, linear_seg, block_seg) -> None:  # type: ignore[no-untyped-def]
        """Fold ``original[start:end]`` one run of non-ASCII characters at a time."""
        last = start
        for match in _UNI.finditer(original, start, end):
            run_start, run_end = match.span()
            if run_start > last and _is_combining(original[run_start]) and original[run_start - 1] != "\n":
                run_start -= 1  # an ASCII letter with combining marks composes under NFKC
            if run_start > last:
                linear_seg(original[last:run_start].lower(), last)
            cls._unicode_run(original, run_start, run_end, linear_seg, block_seg)
            last = run_end
        if last < end:
            linear_seg(original[last:end].lower(), last)

    @staticmethod
    def _unicode_run(original: str, start: int, end: int, linear_seg, block_seg) -> None:  # type: ignore[no-untyped-def]
        run = original[start:end]
        folded = run.casefold()
        if (unicodedata.is_normalized("NFKC", run) and len(folded) == len(run)
                and not any(_is_combining(c) for c in run)):
            translated = folded.translate(_FOLD)
            if len(translated) == len(run):
                linear_seg(translated, start)
                return
        # slow path: one cluster (a character and its combining marks) at a time
        i = start
        while i < end:
            j = i + 1
            while j < end and _is_combining(original[j]):
                j += 1
            cluster = original[i:j]
            out = unicodedata.normalize("NFKC", cluster).casefold().translate(_FOLD)
            out = unicodedata.normalize("NFKC", out)
            if out == cluster and j - i == 1:
                linear_seg(out, i)
            else:
                block_seg(out, i, j - i)
            i = j

    def _segment(self, npos: int) -> int:
        return bisect.bisect_right(self._n0, npos) - 1

    def to_original(self, nstart: int, nend: int) -> tuple[int, int]:
        """Map the folded span ``[nstart, nend)`` to a span of the original text."""
        if not self._n0 or nend <= nstart:
            here = self._start(nstart)
            return here, here
        return self._start(nstart), self._end(nend)

    def _start(self, npos: int) -> int:
        if not self._n0:
            return 0
        if npos >= len(self.text):
            seg = len(self._n0) - 1
            return self._o0[seg] + self._olen[seg] if self._linear[seg] else self._o0[seg] + self._olen[seg]
        seg = self._segment(npos)
        if self._linear[seg]:
            return self._o0[seg] + (npos - self._n0[seg])
        return self._o0[seg]

    def _end(self, nend: int) -> int:
        last = nend - 1
        seg = self._segment(last)
        if self._linear[seg]:
            return self._o0[seg] + (last - self._n0[seg]) + 1
        return self._o0[seg] + self._olen[seg]


def normalized(document: Document) -> Normalized:
    """The folded text of ``document``, computed once per document and shared."""
    cached = document.cache.get("normalized")
    if cached is None:
        cached = document.cache["normalized"] = Normalized.of(document.text)
    return cached
