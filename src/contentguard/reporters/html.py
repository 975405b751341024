"""``--format html``: one self-contained page (inline CSS and JS, nothing fetched).

Each scanned page is shown line by line with every finding's span highlighted in its
category's colour (hover for rule, message and confidence), under a legend whose boxes
hide or show a category, and a per-category summary table. Every piece of page text is
HTML-escaped (control characters and bidi overrides shown as U+FFFD) and a
Content-Security-Policy forbids loading anything, so a page that contains markup or
scripts cannot inject into the report.
"""

from __future__ import annotations

import hashlib
import html
from collections import Counter
from typing import Any

import regex

from ..hookspecs import hookimpl
from ..models import Finding, Report
from ..reporter import Reporter

COLOURS: dict[str, str] = {
    "paywall": "#ff8a80",
    "app-promo": "#80d8ff",
    "subscription-nag": "#ffd180",
    "duplicate-header": "#cfd8dc",
    "newsletter": "#b9f6ca",
    "cookie-notice": "#d7ccc8",
    "social-share": "#ea80fc",
    "related-content": "#ffff8d",
    "advertising": "#ff9e80",
    "legal-footer": "#b388ff",
    "pii": "#ff80ab",
    "profanity": "#f4ff81",
}
_EXTRA = ("#a7ffeb", "#ccff90", "#8c9eff", "#ffe57f", "#84ffff", "#f8bbd0")
_SAFE = regex.compile(r"[^a-z0-9-]")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Controls a page may carry (ESC sequences, BEL, bidi overrides): shown as U+FFFD (CR stays for CRLF)."""


def visible(text: str) -> str:
    """``text`` HTML-escaped, with control characters and bidi overrides shown as U+FFFD."""
    return html.escape(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", text))

STYLE = """
:root { --fg: #1d1d1f; --muted: #6e6e73; --line: #e5e5ea; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fafafa; }
header { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 12px 24px; }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 16px; margin: 0; word-break: break-all; }
main { padding: 16px 24px 48px; max-width: 1200px; }
.cg-legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 0; padding: 0; list-style: none; }
.cg-legend label { cursor: pointer; user-select: none; }
.cg-swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: -2px; margin-right: 4px; border: 1px solid rgba(0,0,0,.2); }
table.cg-summary { border-collapse: collapse; margin: 12px 0 20px; background: #fff; }
.cg-summary th, .cg-summary td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; }
.cg-summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
section.cg-doc { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 16px 0; overflow: hidden; }
.cg-doc-head { padding: 10px 14px; border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.cg-meta { color: var(--muted); font-size: 13px; }
.cg-lines { font: 13px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: 8px 0; }
.cg-line { display: flex; white-space: pre-wrap; word-break: break-word; }
.cg-line.cg-hit { background: #fffdf5; }
.cg-ln { flex: 0 0 4.5em; text-align: right; padding-right: 1em; color: var(--muted); user-select: none; }
.cg-src { flex: 1; padding-right: 14px; min-height: 1.55em; }
mark.cg-mark { color: inherit; border-radius: 3px; padding: 1px 0; box-shadow: 0 0 0 1px rgba(0,0,0,.15) inset; }
.cg-hidden { background: transparent !important; box-shadow: none !important; }
.cg-empty { color: var(--muted); padding: 10px 14px; }
"""

SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('.cg-legend input[type=checkbox]');
  function apply() {
    var off = {};
    boxes.forEach(function (box) { if (!box.checked) off[box.value] = true; });
    document.querySelectorAll('mark.cg-mark').forEach(function (mark) {
      mark.classList.toggle('cg-hidden', !!off[mark.dataset.category]);
    });
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  apply();
  document.documentElement.setAttribute('data-cg-ready', String(document.querySelectorAll('mark.cg-mark').length));
})();
"""


def colour(category: str) -> str:
    """The highlight colour of a category (plugin categories get a stable one from a hash)."""
    if category in COLOURS:
        return COLOURS[category]
    digest = int(hashlib.sha256(category.encode()).hexdigest(), 16)
    return _EXTRA[digest % len(_EXTRA)]


def css_name(category: str) -> str:
    return _SAFE.sub("-", category.lower())


class HtmlReporter(Reporter):
    """Collects the reports and writes one HTML page at the end."""

    name = "html"
    description = "A self-contained HTML page: each document with its spans highlighted by category."

    def begin(self) -> None:
        self.sections: list[str] = []
        self.by_category: Counter[str] = Counter()
        self.rules_by_category: dict[str, set[str]] = {}
        self.documents = 0

    def report(self, report: Report) -> None:
        self.documents += 1
        document = report.document
        for finding in report.findings:
            self.by_category[finding.category] += 1
            self.rules_by_category.setdefault(finding.category, set()).add(finding.rule)
        name = document.path or document.id or "-"
        if "record" in document.metadata and document.id:
            name = f"{name}#{document.id}"
        counts = Counter(f.category for f in report.findings)
        meta = ", ".join(f"{n} {c}" for c, n in sorted(counts.items())) or "no findings"
        verdict = report.verdicts.paywall
        if verdict != "none":
            meta += f" · paywall: {verdict}{' (truncated)' if report.verdicts.truncated else ''}"
        if report.suppressed:
            meta += f" · {len(report.suppressed)} suppressed"
        body = self._lines(document.text, report.findings)
        self.sections.append(
            f'<section class="cg-doc" id="doc-{self.documents}" data-findings="{len(report.findings)}">'
            f'<div class="cg-doc-head"><h2>{visible(name)}</h2>'
            f'<span class="cg-meta">{html.escape(meta)}</span></div>'
            f'<div class="cg-lines">{body}</div></section>'
        )

    @staticmethod
    def _lines(text: str, findings: list[Finding]) -> str:
        """The text as numbered lines, each finding's span wrapped in a ``<mark>``."""
        if not text:
            return '<div class="cg-empty">(empty)</div>'
        bounds = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
        pending = sorted((f for f in findings if f.end > f.start), key=lambda f: f.start)
        active: list[Finding] = []
        pieces: list[str] = []
        for start, end in zip(bounds, bounds[1:]):
            while pending and pending[0].start <= start:  # a sweep: spans open at their start, close at their end
                active.append(pending.pop(0))
            active = [f for f in active if f.end > start]
            covering = [f for f in active if f.end >= end]
            chunk = text[start:end]
            if not covering:
                pieces.append(visible(chunk))
                continue
            first = min(covering, key=lambda f: (f.start, -f.end))
            title = "\n".join(f"{f.rule} [{f.category}] {f.message} (confidence {f.confidence:.2f})"
                              for f in covering)
            # a mark never spans a newline, so each line can be its own block
            for i, part in enumerate(chunk.split("\n")):
                if i:
                    pieces.append("\n")
                if part:
                    pieces.append(
                        f'<mark class="cg-mark cg-cat-{css_name(first.category)}" '
                        f'data-category="{html.escape(first.category)}" data-rule="{html.escape(first.rule)}" '
                        f'title="{visible(title).replace(chr(10), "&#10;")}">{visible(part)}</mark>')
        lines = "".join(pieces).split("\n")
        hit_lines = {n for f in findings for n in range(f.line, f.end_line + 1)}
        return "".join(
            f'<div class="cg-line{" cg-hit" if number in hit_lines else ""}"><span class="cg-ln">{number}</span>'
            f'<span class="cg-src">{line.rstrip(chr(13))}</span></div>'
            for number, line in enumerate(lines, start=1)
        )

    def _legend(self) -> str:
        categories = sorted(self.by_category)
        if not categories:
            return '<p class="cg-meta">No findings.</p>'
        items = "".join(
            f'<li><label><input type="checkbox" value="{html.escape(c)}" checked>'
            f'<span class="cg-swatch" style="background:{colour(c)}"></span>{html.escape(c)} '
            f'<span class="cg-meta">({self.by_category[c]})</span></label></li>'
            for c in categories)
        return f'<ul class="cg-legend" aria-label="Categories">{items}</ul>'

    def _summary(self) -> str:
        rows = "".join(
            f'<tr><td><span class="cg-swatch" style="background:{colour(c)}"></span>{html.escape(c)}</td>'
            f'<td class="n">{n}</td><td>{html.escape(", ".join(sorted(self.rules_by_category[c])))}</td></tr>'
            for c, n in sorted(self.by_category.items(), key=lambda item: (-item[1], item[0])))
        total = sum(self.by_category.values())
        return (f'<table class="cg-summary"><thead><tr><th>Category</th><th>Findings</th><th>Rules</th></tr></thead>'
                f'<tbody>{rows}</tbody><tfoot><tr><th>Total</th><td class="n">{total}</td>'
                f'<td>{self.documents} document(s)</td></tr></tfoot></table>')

    def end(self) -> None:
        category_css = "".join(f"mark.cg-cat-{css_name(c)} {{ background: {colour(c)}; }}\n"
                               for c in sorted(self.by_category))
        page: dict[str, Any] = {
            "legend": self._legend(), "summary": self._summary(), "sections": "".join(self.sections),
        }
        self.out.write(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>contentguard report</title>\n"
            f"<style>{STYLE}{category_css}</style></head>\n<body>\n"
            f"<header><h1>contentguard report</h1>{page['legend']}</header>\n"
            f"<main>{page['summary']}{page['sections']}</main>\n"
            f"<script>{SCRIPT}</script>\n</body></html>\n"
        )


@hookimpl
def register_reporters() -> list[type[Reporter]]:
    return [HtmlReporter]
