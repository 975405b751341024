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
_SPECIAL = re.compile(
    "(?P<ws>(?<![^\\n])[^\\S\\n]+|[^\\S\\n]{2,}|[^\\S\\n ]|[^\\S\\n](?=\\n|\\Z))"
    f"|(?P<zw>[{_ZERO_WIDTH}]+)"
    f"|(?P<uni>[^\\x00-\\x7f\\s{_ZERO_WIDTH}]+)"
)


def _is_combining(char: str) -> bool:
    return unicodedata.combining(char) != 0 or unicodedata.category(char) in ("Mn", "Me")


def fold(text: str) -> str:
    """Fold ``text`` the way matching sees it (no offset map): used for phrases and examples."""
    return Normalized.of(text).text


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
        for match in _SPECIAL.finditer(original):
            start, end = match.span()
            kind = match.lastgroup
            if (kind == "uni" and start > last and _is_combining(original[start])
                    and original[start - 1] != "\n"):
                start -= 1  # an ASCII letter with combining marks composes under NFKC
            if start > last:
                linear_seg(original[last:start].lower(), last)
            if kind == "ws":
                at_line_end = end == len(original) or original[end] == "\n"
                at_line_start = start == 0 or original[start - 1] == "\n"  # indents and masked markup
                if not at_line_end and not at_line_start:
                    if end - start == 1:
                        # one odd space (tab, NBSP, CR) is still one character: keep it linear
                        linear_seg(" ", start)
                    else:
                        block_seg(" ", start, end - start)
            elif kind == "uni":
                cls._unicode_run(original, start, end, linear_seg, block_seg)
            last = end
        if last < len(original):
            linear_seg(original[last:].lower(), last)
        return cls("".join(parts), original, n0, o0, olen, linear)

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
