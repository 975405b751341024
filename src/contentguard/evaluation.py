"""Score contentguard on tagged pages (the format in DESIGN.md): what it cut, what it missed.

A line counts as removed when it is missing from the cleaned article. Blank lines are not
scored. Recall is per tag (category); precision is over every removed line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .api import Scanner
from .errors import InputError
from .models import CATEGORY_TAGS

TAGS = {".": "content", **CATEGORY_TAGS}


@dataclass(frozen=True)
class TaggedLine:
    tag: str
    text: str


def parse_tagged(text: str, name: str = "<page>") -> list[TaggedLine]:
    """Split a tagged page into (tag, raw line) pairs; a bad tag is an error with its line."""
    lines: list[TaggedLine] = []
    body = text[:-1] if text.endswith("\n") else text
    for number, line in enumerate(body.split("\n"), start=1):
        if line in ("[.]", ""):
            lines.append(TaggedLine(".", ""))
            continue
        if len(line) < 4 or line[0] != "[" or line[2:4] != "] " or line[1] not in TAGS:
            raise InputError(f"{name}:{number}: not a tagged line (expected '[X] text'): {line[:40]!r}")
        lines.append(TaggedLine(line[1], line[4:]))
    return lines


@dataclass
class PageResult:
    name: str
    missed: list[tuple[int, str, str]] = field(default_factory=list)  # (line, tag, text)
    cut: list[tuple[int, str]] = field(default_factory=list)  # (line, text)
    totals: dict[str, int] = field(default_factory=dict)  # tag -> lines
    removed: dict[str, int] = field(default_factory=dict)  # tag -> lines removed

    @property
    def clean(self) -> bool:
        return not self.missed and not self.cut


@dataclass
class Evaluation:
    pages: list[PageResult]

    def _sum(self, attribute: str, tag: str) -> int:
        return sum(getattr(page, attribute).get(tag, 0) for page in self.pages)

    def summary(self) -> dict[str, object]:
        categories = {}
        for tag, category in CATEGORY_TAGS.items():
            total = self._sum("totals", tag)
            if total:
                removed = self._sum("removed", tag)
                categories[category] = {"lines": total, "removed": removed, "recall": round(removed / total, 4)}
        content = self._sum("totals", ".")
        cut = self._sum("removed", ".")
        boiler_total = sum(self._sum("totals", t) for t in CATEGORY_TAGS)
        boiler_removed = sum(self._sum("removed", t) for t in CATEGORY_TAGS)
        removed = boiler_removed + cut
        precision = boiler_removed / removed if removed else 1.0
        recall = boiler_removed / boiler_total if boiler_total else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "pages": len(self.pages),
            "pages_fully_clean": sum(page.clean for page in self.pages),
            "content_lines": content,
            "content_lines_cut": cut,
            "content_kept": round(1 - cut / content, 4) if content else 1.0,
            "boilerplate_lines": boiler_total,
            "recall": round(recall, 4),
            "precision": round(precision, 4),
            "f1": round(f1, 4),
            "categories": categories,
        }


def evaluate_page(scanner: Scanner, name: str, tagged: list[TaggedLine]) -> PageResult:
    raw = "\n".join(line.text for line in tagged) + "\n"
    _cleaned, gone = scanner.clean_lines(raw)
    result = PageResult(name)
    for index, line in enumerate(tagged):
        if not line.text.strip():
            continue
        result.totals[line.tag] = result.totals.get(line.tag, 0) + 1
        if index in gone:
            result.removed[line.tag] = result.removed.get(line.tag, 0) + 1
            if line.tag == ".":
                result.cut.append((index + 1, line.text))
        elif line.tag != ".":
            result.missed.append((index + 1, line.tag, line.text))
    return result


def tagged_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return files


def evaluate(scanner: Scanner, paths: Iterable[Path]) -> Evaluation:
    """Evaluate every tagged ``.txt`` page under ``paths``."""
    pages = []
    for file in tagged_files(paths):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{file}: cannot read: {error}") from None
        pages.append(evaluate_page(scanner, str(file), parse_tagged(text, str(file))))
    return Evaluation(pages)
