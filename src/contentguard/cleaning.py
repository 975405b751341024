"""The cleaner: delete what the findings say, then fold the blank lines left behind.

``clean`` only ever deletes (``mask`` findings aside, which replace a span with a
placeholder): the result is the original with some segments removed, nothing added and
nothing reordered. Text with no findings comes back unchanged.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .models import Finding


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line including its newline."""
    spans = []
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end + 1
        spans.append((start, end))
        start = end
    return spans


def clean(text: str, findings: Sequence[Finding]) -> str:
    """Remove the lines and spans ``findings`` mark; fold blank lines the removal left."""
    return clean_lines(text, findings)[0]


def clean_lines(text: str, findings: Sequence[Finding]) -> tuple[str, set[int]]:
    """The cleaned text and the 0-based indices of the non-blank lines it removed whole."""
    active = [f for f in findings if f.action != "flag" and f.end > f.start]
    if not active:
        return text, set()
    lines = _lines(text)
    starts = [s for s, _ in lines]
    removed = [False] * len(lines)
    cuts: dict[int, list[Finding]] = {}
    for finding in active:
        first = bisect.bisect_right(starts, finding.start) - 1
        if finding.action == "remove-line":
            last = bisect.bisect_right(starts, max(finding.start, finding.end - 1)) - 1
            for index in range(first, last + 1):
                removed[index] = True
        else:
            cuts.setdefault(first, []).append(finding)

    pieces: list[str | None] = []  # None marks a removed line
    for index, (start, end) in enumerate(lines):
        if removed[index]:
            pieces.append(None)
            continue
        line = text[start:end]
        if index in cuts:
            edited = _cut(line, start, cuts[index])
            if edited.strip() == "" and line.strip() != "":
                pieces.append(None)  # a line that was all span is gone
                continue
            line = edited
        pieces.append(line)
    gone = {i for i, piece in enumerate(pieces) if piece is None and text[lines[i][0]:lines[i][1]].strip()}
    return _fold_blank_runs(pieces), gone


def _cut(line: str, offset: int, findings: list[Finding]) -> str:
    """Delete (or mask) the spans of ``findings`` inside one line starting at ``offset``."""
    out: list[str] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        start = max(finding.start - offset, position)
        end = min(finding.end - offset, len(line.rstrip("\r\n")))
        if end <= start:
            continue
        out.append(line[position:start])
        if finding.action == "mask":
            out.append(finding.replacement or f"[{finding.category}]")
        position = end
    out.append(line[position:])
    return "".join(out)


def _fold_blank_runs(pieces: list[str | None]) -> str:
    """Keep at most one blank line in a run that lost a line, none at either end of the text."""
    out: list[str] = []
    i = 0
    n = len(pieces)
    while i < n:
        piece = pieces[i]
        if piece is not None and piece.strip():
            out.append(piece)
            i += 1
            continue
        j = i
        while j < n and (pieces[j] is None or not pieces[j].strip()):  # type: ignore[union-attr]
            j += 1
        run = pieces[i:j]
        if None not in run:
            out.extend(run)  # type: ignore[arg-type]
        elif i > 0 and j < n:
            blanks = [p for p in run if p is not None]
            if blanks:
                out.append(blanks[0])
        i = j
    return "".join(out)
