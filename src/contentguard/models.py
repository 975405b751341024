"""Core data objects: Rule, Finding, Document, Verdict, Report (pydantic v2)."""

from __future__ import annotations

import bisect
import enum
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

CATEGORIES: tuple[str, ...] = (
    "paywall",
    "app-promo",
    "subscription-nag",
    "duplicate-header",
    "newsletter",
    "cookie-notice",
    "social-share",
    "related-content",
    "advertising",
    "legal-footer",
    "pii",
    "profanity",
)
"""Canonical category names. Plugins may add their own (kebab-case)."""

CATEGORY_TAGS: dict[str, str] = {
    "P": "paywall",
    "A": "app-promo",
    "S": "subscription-nag",
    "D": "duplicate-header",
    "N": "newsletter",
    "C": "cookie-notice",
    "H": "social-share",
    "R": "related-content",
    "X": "advertising",
    "F": "legal-footer",
}
"""One-letter tags of the tagged-page evaluation format."""

_KEBAB = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RULE_ID = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:[-.][a-z0-9]+)*$")


class Severity(str, enum.Enum):
    """How serious a finding is; ordered info < warning < error."""

    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


Action = Literal["remove-line", "remove-span", "mask", "flag"]


class Examples(BaseModel):
    """Texts a rule must (``match``) and must not (``no_match``) fire on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    match: list[str] = Field(min_length=1)
    no_match: list[str] = []


class Rule(BaseModel):
    """One YAML rule, validated at load time. See DESIGN.md for the file format."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    category: str
    severity: Severity = Severity.warning
    message: str
    languages: list[str] = []
    detector: str = "phrase"
    phrases: list[str] = []
    patterns: list[str] = []
    scope: Literal["line", "span"] = "line"
    max_line_chars: int = Field(default=200, ge=1)
    min_coverage: float = Field(default=0.0, ge=0, le=1)
    near_boilerplate: int = Field(default=0, ge=0)
    position: Literal["any", "head", "tail", "edges"] = "any"
    action: Action = "remove-line"
    confidence: float = Field(default=0.9, ge=0, le=1)
    options: dict[str, Any] = {}
    aliases: list[str] = []
    examples: Examples

    # where the rule came from, for messages; not part of the YAML
    source: str = Field(default="", exclude=True)
    source_line: int = Field(default=0, exclude=True)

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _RULE_ID.match(value):
            raise ValueError("rule id must look like 'category/slug' in lowercase kebab-case")
        return value

    @field_validator("category")
    @classmethod
    def _check_category(cls, value: str) -> str:
        if not _KEBAB.match(value):
            raise ValueError("category must be lowercase kebab-case")
        return value

    @field_validator("phrases", "patterns")
    @classmethod
    def _no_empty(cls, value: list[str]) -> list[str]:
        for i, item in enumerate(value):
            if not item.strip():
                raise ValueError(f"item {i} is empty")
        return value

    @model_validator(mode="after")
    def _check_shape(self) -> Rule:
        if self.detector == "phrase" and not (self.phrases or self.patterns):
            raise ValueError("a phrase rule needs 'phrases' or 'patterns'")
        return self


class Finding(BaseModel):
    """One annotated span: offsets are Python ``str`` indices into ``Document.text``."""

    model_config = ConfigDict(frozen=True)

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    message: str
    confidence: float
    action: Action
    detector: str
    replacement: str | None = None
    """What a ``mask`` action puts in place of the span, e.g. ``[email]``."""


class Document(BaseModel):
    """A page: its text plus where it came from. Offsets everywhere point into ``text``."""

    model_config = ConfigDict(frozen=True)

    text: str
    path: str | None = None
    format: str = "text"
    id: str | None = None
    source: str | None = None
    """Where the text came from when it is not the file itself, e.g. ``trafilatura``."""
    metadata: dict[str, Any] = {}

    _line_starts: list[int] = PrivateAttr(default_factory=list)
    _cache: dict[str, Any] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context: Any) -> None:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._line_starts = starts

    @property
    def cache(self) -> dict[str, Any]:
        """Scratch space detectors share for one scan (the folded text lives here)."""
        return self._cache

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    @property
    def line_starts(self) -> list[int]:
        """Offset where each line starts (line 1 is index 0)."""
        return self._line_starts

    def line_span(self, lineno: int) -> tuple[int, int]:
        """(start, end) of 1-based line ``lineno``, end excluding ``\\n``."""
        start = self._line_starts[lineno - 1]
        end = self._line_starts[lineno] - 1 if lineno < len(self._line_starts) else len(self.text)
        return start, end

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; columns count Python characters."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def finding(self, rule: Rule, start: int, end: int, *, detector: str, confidence: float | None = None,
                message: str | None = None, replacement: str | None = None) -> Finding:
        """Build a Finding for ``text[start:end]`` with line and column filled in."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=rule.severity,
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            text=self.text[start:end],
            message=message or rule.message,
            confidence=rule.confidence if confidence is None else confidence,
            action=rule.action,
            detector=detector,
            replacement=replacement,
        )


class Verdict(BaseModel):
    """A document-level judgement with the evidence behind it."""

    model_config = ConfigDict(frozen=True)

    paywall: Literal["none", "metered", "soft", "hard"] = "none"
    truncated: bool = False
    evidence: list[str] = []


class Problem(BaseModel):
    """Something that went wrong while scanning one document (a plugin raised, say)."""

    model_config = ConfigDict(frozen=True)

    source: str
    message: str


class Suppression(BaseModel):
    """Why a finding is not reported: an inline directive, a config ignore or a baseline entry."""

    model_config = ConfigDict(frozen=True)

    source: Literal["inline", "config", "baseline"]
    kind: str
    """``disable-next-line``, ``disable`` … for inline directives; ``per-file-ignores``, ``baseline``."""
    names: list[str] = []
    """Rule ids or categories it names (empty: every rule)."""
    line: int = 0
    column: int = 0
    reason: str = ""
    text: str = ""
    """The directive as written, or the config entry (``docs/**: paywall``)."""


class Report(BaseModel):
    """What a scan of one document produced."""

    document: Document
    findings: list[Finding]
    verdicts: Verdict = Verdict()
    cleaned: str | None = None
    problems: list[Problem] = []
    languages: list[str] | None = None
    """The languages whose rules ran on this page (None: every language)."""
    suppressed: list[tuple[Finding, Suppression]] = []
    """Findings a suppression hid, each with the suppression that hid it."""
    unused_suppressions: list[Suppression] = []
    """Inline directives (with the names) that suppressed nothing, and malformed directives."""

    @property
    def stats(self) -> dict[str, Any]:
        by_category: dict[str, int] = {}
        for finding in self.findings:
            by_category[finding.category] = by_category.get(finding.category, 0) + 1
        return {
            "languages": self.languages,
            "chars": len(self.document.text),
            "lines": len(self.document.line_starts),
            "findings": len(self.findings),
            "by_category": by_category,
        }
