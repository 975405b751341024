"""The scan: run detectors on a document, apply rule scope and context, return findings.

No I/O here. Build an ``Engine`` once (it compiles every rule), then call ``scan`` per
document. A detector that raises is reported as a problem on that document, and the
other detectors' findings are kept.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence

from pydantic import ValidationError

from .context import Page, judge_line, list_after, protect_lists
from .detector import Detector
from .errors import RuleError
from .markdown import markdown_view
from .language import detect_languages
from .models import Document, Finding, Problem, Report, Rule, Severity
from .normalize import fold, normalized
from .suppressions import Suppressor, apply_inline, matches_name
from .verdicts import paywall_verdict


class Engine:
    """Compiled detectors for a set of rules."""

    def __init__(self, detectors: Mapping[str, type[Detector]], rules: Sequence[Rule], *,
                 min_confidence: float = 0.0,
                 severity_overrides: Mapping[str, Severity] | None = None,
                 suppressors: Sequence[Suppressor] = (), auto_language: bool = True) -> None:
        self.rules: dict[str, Rule] = {}
        grouped: dict[str, list[Rule]] = {}
        for rule in rules:
            detector = detectors.get(rule.detector)
            if detector is None:
                raise RuleError(rule.source, rule.source_line, rule.id,
                                f"detector: no detector named {rule.detector!r} is installed")
            try:
                detector.validate_options(rule.options)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(["options", *(str(p) for p in first["loc"])])
                raise RuleError(rule.source, rule.source_line, rule.id,
                                f"{where}: {first['msg'].removeprefix('Value error, ')}") from None
            self.rules[rule.id] = rule
            grouped.setdefault(rule.detector, []).append(rule)
        self.detectors: list[Detector] = [detectors[name](group) for name, group in grouped.items()]
        self.auto_language = auto_language
        self.min_confidence = min_confidence
        self.severity_overrides = dict(severity_overrides or {})
        self.suppressors = list(suppressors)

    def scan(self, document: Document) -> Report:
        """Find boilerplate in ``document``, then drop what its directives, config and baseline suppress."""
        original, document = document, markdown_view(document)  # detectors match on the view
        if self.auto_language and "languages" not in document.cache:
            document.cache["languages"] = detect_languages(normalized(document).text)
        raw: list[Finding] = []
        problems: list[Problem] = []
        for detector in self.detectors:
            if not detector.uses_findings:
                self._run(detector, problems, raw, detector.detect, document)
        shaped = protect_lists(document, self._shape(document, raw), self._is_strong)
        findings = self._neighbourhood(document, shaped)
        # context detectors run in turn, each seeing what the ones before it found
        for detector in sorted((d for d in self.detectors if d.uses_findings), key=lambda d: d.context_order):
            more: list[Finding] = []
            self._run(detector, problems, more, detector.detect_in_context, document, findings)
            if more:
                shaped = [*shaped, *self._shape(document, more)]
                findings = self._neighbourhood(document, shaped)
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        for source, message in document.cache.get("problems", ()):
            problems.append(Problem(source=source, message=message))
        if document is not original:  # same offsets, the file's own characters
            findings = [f.model_copy(update={"text": original.text[f.start:f.end]}) for f in findings]
        return self._suppress(original, document, findings, problems)

    def _suppress(self, original: Document, view: Document, findings: list[Finding],
                  problems: list[Problem]) -> Report:
        """Inline directives, then each suppressor (config, baseline), then the report."""
        inline = apply_inline(original, findings, self._names)
        kept, suppressed = inline.kept, inline.suppressed
        for suppressor in self.suppressors:
            kept, hidden = suppressor.suppress(original, kept)
            suppressed.extend(hidden)
        languages = view.cache.get("languages")
        return Report(document=original, findings=kept, verdicts=paywall_verdict(view, kept), problems=problems,
                      suppressed=suppressed, unused_suppressions=[*inline.invalid, *inline.unused],
                      languages=sorted(languages) if languages else None)

    def _names(self, finding: Finding, name: str) -> bool:
        rule = self.rules.get(finding.rule)
        return matches_name(finding, name, rule.aliases if rule else ())

    def _is_strong(self, finding: Finding) -> bool:
        """A finding that stands on its own (needs no neighbouring boilerplate)."""
        return self.rules[finding.rule].near_boilerplate == 0

    @staticmethod
    def _run(detector: Detector, problems: list[Problem], into: list[Finding], method, *args) -> None:  # type: ignore[no-untyped-def]
        try:
            into.extend(method(*args))
        except Exception as error:  # a plugin's bug must not lose other findings
            problems.append(Problem(source=f"detector {detector.name}", message=f"{type(error).__name__}: {error}"))

    def _shape(self, document: Document, raw: Iterable[Finding]) -> list[Finding]:
        """Apply each rule's scope, line limits, context checks and severity overrides.

        Hits of rules tied to a position (head, tail, edges) are judged last, on a page
        where the lines the other rules reported no longer count as article prose.
        """
        page: Page | None = None
        kept: dict[tuple[str, int, int], Finding] = {}
        placed: list[tuple[Finding, Rule]] = []
        for finding in raw:
            rule = self.rules.get(finding.rule)
            if rule is None:
                continue
            if rule.scope == "line" and rule.position != "any":
                placed.append((finding, rule))
                continue
            if rule.scope == "line":
                if page is None:
                    page = Page.of(normalized(document).text)
                self._keep(kept, self._as_line(document, page, finding, rule), rule)
            else:
                self._keep(kept, finding, rule)
        if placed:
            page = (page or Page.of(normalized(document).text)).without(f.line - 1 for f in kept.values())
            for finding, rule in placed:
                self._keep(kept, self._as_line(document, page, finding, rule), rule)
        return list(kept.values())

    def _keep(self, kept: dict[tuple[str, int, int], Finding], finding: Finding | None, rule: Rule) -> None:
        if finding is None or finding.confidence < self.min_confidence:
            return
        override = self.severity_overrides.get(rule.id) or self.severity_overrides.get(rule.category)
        if override is not None:
            finding = finding.model_copy(update={"severity": override})
        key = (finding.rule, finding.start, finding.end)
        if key not in kept or kept[key].confidence < finding.confidence:
            kept[key] = finding

    @staticmethod
    def _as_line(document: Document, page: Page, finding: Finding, rule: Rule) -> Finding | None:
        line_start, line_end = document.line_span(finding.line)
        raw_line = document.text[line_start:line_end]
        hit_start = finding.start - line_start
        hit_end = min(finding.end, line_end) - line_start
        confidence = judge_line(page, finding.line - 1, fold(raw_line[:hit_start]),
                                fold(raw_line[hit_start:hit_end]), fold(raw_line[hit_end:]), rule)
        if confidence is None:
            return None
        content = raw_line.strip()
        start = line_start + raw_line.index(content[0]) if content else line_start
        line = document.finding(rule, start, start + len(content), detector=finding.detector,
                                confidence=confidence, message=finding.message)
        # a detector may report a category other than its rule's (between-boilerplate does)
        return line if line.category == finding.category else line.model_copy(update={"category": finding.category})

    def _neighbourhood(self, document: Document, findings: list[Finding]) -> list[Finding]:
        """Keep ``near_boilerplate`` findings only within N non-blank lines of other boilerplate."""
        pending = [f for f in findings if self.rules[f.rule].near_boilerplate > 0]
        if not pending:
            return findings
        accepted = [f for f in findings if self.rules[f.rule].near_boilerplate == 0]
        nonblank = [number for number, line in enumerate(document.text.split("\n"), start=1) if line.strip()]
        anchors = sorted({f.line for f in accepted})
        folded_lines: list[str] | None = None
        changed = True
        while changed and pending:
            changed = False
            for finding in list(pending):
                reach = self.rules[finding.rule].near_boilerplate
                here = bisect.bisect_left(nonblank, finding.line)
                low = nonblank[max(0, here - reach)]
                high = nonblank[min(len(nonblank) - 1, here + reach)]
                i = bisect.bisect_left(anchors, low)
                near = any(a != finding.line for a in anchors[i:bisect.bisect_right(anchors, high)])
                if not near and finding.category == "related-content":
                    # a label that introduces a list of headlines is boilerplate by its shape
                    if folded_lines is None:
                        folded_lines = normalized(document).text.split("\n")
                    near = list_after(folded_lines, finding.line - 1) >= 2
                if near:
                    accepted.append(finding)
                    pending.remove(finding)
                    bisect.insort(anchors, finding.line)
                    changed = True
        return accepted
