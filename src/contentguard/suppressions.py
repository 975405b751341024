"""Suppressions: findings that a document, the config or a baseline says to leave alone.

Inline directives live in the document itself, as an HTML comment (Markdown, HTML, any
text) or as a comment line in plain text::

    <!-- contentguard: disable-next-line paywall -- the article quotes the prompt -->
    # contentguard: disable-next-line paywall/sign-up-to-read
    <!-- contentguard: disable app-promo, newsletter -->   … lines …   <!-- contentguard: enable -->

Kinds: ``disable-next-line`` (the next line that is neither blank nor a directive),
``disable-line`` (the line the comment is on), ``disable`` … ``enable`` (a range; an
``enable`` without names closes every open range, a ``disable`` without ``enable`` runs to
the end of the document) and ``disable-file``. Names are rule ids, rule aliases,
categories or id prefixes (``paywall/``), separated by commas or spaces; no names means
every rule. Text after `` -- `` is the reason. The engine applies these after detection,
then the config's and the baseline's suppressors (see ``Suppressor``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import regex

from .models import Document, Finding, Suppression

KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_HTML_DIRECTIVE = regex.compile(r"<!--[ \t]*contentguard:(?P<body>.*?)-->", regex.DOTALL)
_LINE_DIRECTIVE = regex.compile(r"^[ \t]*(?:#+|//|;+|--|%+)[ \t]*contentguard:(?P<body>[^\n]*)$", regex.MULTILINE)
_BODY = regex.compile(r"^\s*(?P<kind>[a-z-]+)(?P<names>(?:(?!\s--(?:\s|$)).)*)(?:\s--(?:\s+(?P<reason>.*))?)?$",
                      regex.DOTALL)
COMMENT_LINE_FORMATS = frozenset({"text"})
"""Formats where a ``# contentguard:`` comment line is a directive (in Markdown it is a heading)."""

Matcher = Callable[[Finding, str], bool]


def matches_name(finding: Finding, name: str, aliases: Iterable[str] = ()) -> bool:
    """Whether ``name`` (rule id, alias, category or ``prefix/``) names ``finding``'s rule."""
    if name in ("*", "all", finding.rule, finding.category) or name in aliases:
        return True
    return finding.rule.startswith(name.rstrip("/") + "/")


@dataclass
class _Directive:
    suppression: Suppression
    first: int
    last: int
    used: set[str] = field(default_factory=set)

    @property
    def names(self) -> list[str]:
        return self.suppression.names or ["*"]


@dataclass
class InlineResult:
    """What inline directives did to one document's findings."""

    kept: list[Finding]
    suppressed: list[tuple[Finding, Suppression]]
    unused: list[Suppression]
    invalid: list[Suppression]


def parse_directives(document: Document) -> tuple[list[_Directive], list[Suppression]]:
    """The directives in ``document`` with the lines each covers, and the malformed ones."""
    text = document.text
    if "contentguard:" not in text:
        return [], []
    starts = document.line_starts
    found: list[tuple[int, int, int, str]] = []  # (line, end line, column, body)
    for match in _HTML_DIRECTIVE.finditer(text):
        line, column = document.position(match.start())
        found.append((line, document.position(match.end())[0], column, match.group("body")))
    if document.format in COMMENT_LINE_FORMATS:
        for match in _LINE_DIRECTIVE.finditer(text):
            line, column = document.position(match.start())
            found.append((line, line, column, match.group("body")))
    found.sort()
    directive_lines: set[int] = set()
    for line, end_line, _column, _body in found:
        for number in range(line, end_line + 1):
            start, end = document.line_span(number)
            rest = _HTML_DIRECTIVE.sub("", text[start:end]).strip()
            if not rest or _LINE_DIRECTIVE.fullmatch(text[start:end]):
                directive_lines.add(number)
    last_line = len(starts)
    directives: list[_Directive] = []
    invalid: list[Suppression] = []
    open_ranges: list[_Directive] = []
    for line, end_line, column, body in found:
        parsed = _BODY.match(body.strip())
        kind = parsed.group("kind") if parsed else ""
        raw = f"contentguard:{body}".strip()
        if parsed is None or kind not in KINDS:
            invalid.append(Suppression(source="inline", kind="invalid", line=line, column=column, text=raw,
                                       reason=f"unknown directive {kind!r} (use one of {', '.join(KINDS)})"))
            continue
        names = [n for n in regex.split(r"[\s,]+", parsed.group("names").strip()) if n]
        suppression = Suppression(source="inline", kind=kind, names=names, line=line, column=column,
                                  reason=(parsed.group("reason") or "").strip(), text=raw)
        if kind == "disable-line":
            directives.append(_Directive(suppression, line, end_line))
        elif kind == "disable-next-line":
            target = end_line + 1
            while target <= last_line and (target in directive_lines or _blank(document, target)):
                target += 1
            directives.append(_Directive(suppression, target, target))
        elif kind == "disable-file":
            directives.append(_Directive(suppression, 1, last_line))
        elif kind == "disable":
            directive = _Directive(suppression, line, last_line)
            directives.append(directive)
            open_ranges.append(directive)
        else:  # enable
            closing = [d for d in open_ranges if not names or set(d.names) & set(names)]
            if not closing:
                invalid.append(suppression.model_copy(update={"reason": "enable without a matching disable"}))
            for directive in closing:
                directive.last = line
                open_ranges.remove(directive)
    return directives, invalid


def _blank(document: Document, number: int) -> bool:
    start, end = document.line_span(number)
    return not document.text[start:end].strip()


def apply_inline(document: Document, findings: Sequence[Finding], matcher: Matcher | None = None) -> InlineResult:
    """Split ``findings`` into kept and suppressed by the directives in ``document``."""
    directives, invalid = parse_directives(document)
    if not directives:
        return InlineResult(list(findings), [], [], invalid)
    matcher = matcher or matches_name
    directives.sort(key=lambda d: d.first)
    firsts = [d.first for d in directives]
    kept: list[Finding] = []
    suppressed: list[tuple[Finding, Suppression]] = []
    for finding in findings:
        reach = bisect.bisect_right(firsts, finding.line)
        hit: _Directive | None = None
        for directive in directives[:reach]:
            if directive.first <= finding.line <= directive.last:
                for name in directive.names:
                    if matcher(finding, name):
                        directive.used.add(name)
                        hit = hit or directive
        if hit is None:
            kept.append(finding)
        else:
            suppressed.append((finding, hit.suppression))
    unused: list[Suppression] = []
    for directive in directives:
        idle = [name for name in directive.names if name not in directive.used]
        if idle:
            unused.append(directive.suppression.model_copy(update={"names": idle}))
    return InlineResult(kept, suppressed, unused, invalid)


class Suppressor:
    """Hides findings after detection and inline directives (config ignores, a baseline).

    Subclasses implement ``suppress``; the engine calls each in turn on the findings
    the previous one kept.
    """

    def suppress(self, document: Document,
                 findings: list[Finding]) -> tuple[list[Finding], list[tuple[Finding, Suppression]]]:
        """Return (kept, suppressed with why). Override this."""
        raise NotImplementedError
