"""Baselines: record today's findings once, then report only new ones.

``scan --write-baseline FILE`` writes every finding's fingerprint; ``scan --baseline FILE``
hides the findings whose fingerprint is in it. A fingerprint is a hash of the rule, the
file's path (relative to the baseline's folder, ``/``-separated), the finding's whole
line folded the way matching sees it, and an occurrence index (the n-th finding with the
same rule, path and line text in that file). Line numbers are left out, so a finding
survives its line moving when text is added or removed above it; editing the flagged
line itself, renaming the file or changing the rule makes it new.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .models import Document, Finding, Report, Suppression
from .normalize import fold
from .suppressions import Suppressor

SCHEMA = "contentguard.baseline/1"


def document_key(document: Document, root: Path) -> str:
    """The path a baseline stores for ``document``: relative to ``root`` when it is inside it."""
    if not document.path or document.path == "-":
        name = "-"
    else:
        path = Path(document.path)
        try:
            name = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            name = path.as_posix()
    if "record" in document.metadata and document.id is not None:
        name = f"{name}#{document.id}"
    return name


def line_text(document: Document, finding: Finding) -> str:
    """The folded, stripped text of the line a finding starts on."""
    start, end = document.line_span(finding.line)
    return fold(document.text[start:end]).strip()


def fingerprints(document: Document, findings: Iterable[Finding], root: Path) -> list[str]:
    """One fingerprint per finding, in order (occurrence indices counted in that order)."""
    name = document_key(document, root)
    seen: dict[tuple[str, str], int] = {}
    prints = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.rule)):
        text = line_text(document, finding)
        index = seen.get((finding.rule, text), 0)
        seen[(finding.rule, text)] = index + 1
        digest = hashlib.sha256("\0".join((finding.rule, name, text, str(index))).encode("utf-8")).hexdigest()
        prints.append(digest[:32])
    return prints


def fingerprint_map(document: Document, findings: Iterable[Finding], root: Path) -> dict[int, str]:
    """``id(finding)`` -> fingerprint, for reporters that show them (SARIF)."""
    ordered = sorted(findings, key=lambda f: (f.start, f.end, f.rule))
    return {id(f): p for f, p in zip(ordered, fingerprints(document, ordered, root))}


class Baseline(Suppressor):
    """The fingerprints of a baseline file; suppresses matching findings."""

    def __init__(self, entries: dict[str, int], root: Path, path: Path | None = None) -> None:
        self.entries = entries
        self.root = root
        self.path = path
        self.matched: set[str] = set()

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: baseline file not found (create it with --write-baseline)") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ConfigError(f"{path}: not a contentguard baseline: {error}") from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("findings"), list):
            raise ConfigError(f"{path}: not a contentguard baseline (expected schema {SCHEMA!r})")
        entries: dict[str, int] = {}
        for entry in data["findings"]:
            if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
                entries[entry["fingerprint"]] = entries.get(entry["fingerprint"], 0) + 1
        return cls(entries, path.parent, path)

    def suppress(self, document: Document,
                 findings: list[Finding]) -> tuple[list[Finding], list[tuple[Finding, Suppression]]]:
        if not findings:
            return findings, []
        prints = fingerprint_map(document, findings, self.root)
        kept: list[Finding] = []
        hidden: list[tuple[Finding, Suppression]] = []
        for finding in findings:
            print_ = prints[id(finding)]
            if print_ in self.entries:
                self.matched.add(print_)
                hidden.append((finding, Suppression(source="baseline", kind="baseline", text=print_,
                                                    reason=str(self.path or ""))))
            else:
                kept.append(finding)
        return kept, hidden

    @property
    def stale(self) -> int:
        """Entries that matched no finding in this run (fixed since, or not scanned)."""
        return len(set(self.entries) - self.matched)


class BaselineWriter:
    """Collects every report's findings and writes them as a baseline file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.root = path.resolve().parent
        self.entries: list[dict[str, Any]] = []

    def add(self, report: Report) -> None:
        findings = list(report.findings)
        name = document_key(report.document, self.root)
        for finding, print_ in zip(sorted(findings, key=lambda f: (f.start, f.end, f.rule)),
                                   fingerprints(report.document, findings, self.root)):
            self.entries.append({"fingerprint": print_, "path": name, "rule": finding.rule,
                                 "line": finding.line, "text": finding.text})

    def dumps(self) -> str:
        self.entries.sort(key=lambda e: (e["path"], e["line"], e["rule"]))
        body = ",\n".join("    " + json.dumps(entry, ensure_ascii=False) for entry in self.entries)
        return f'{{\n  "schema": "{SCHEMA}",\n  "findings": [\n{body}\n  ]\n}}\n' if body else \
            f'{{\n  "schema": "{SCHEMA}",\n  "findings": []\n}}\n'
