"""The public Python API: build a Scanner once, scan and clean strings or documents.

    >>> import contentguard
    >>> report = contentguard.scan("Top News\\nTop News\\n\\nThe article.\\n")
    >>> sorted({f.category for f in report.findings})
    ['duplicate-header', 'related-content']
    >>> contentguard.clean("The article.\\nDownload the app\\n")
    'The article.\\n'
"""

from __future__ import annotations

import functools
import pickle
from collections.abc import Iterable, Sequence
from pathlib import Path

from .cleaning import clean_lines
from .engine import Engine
from .models import Document, Finding, Report, Rule, Severity
from .plugins import Registry, get_plugin_manager
from .reader import ExtractionSettings
from .readers.html import HtmlExtractor
from .rulepacks import bundled_rules
from .rules import load_rules
from .suppressions import Suppressor

MAX_CLEAN_ROUNDS = 3


def select_rules(rules: Iterable[Rule], *, select: Sequence[str] = (), ignore: Sequence[str] = (),
                 languages: Sequence[str] = ()) -> list[Rule]:
    """Filter rules by id, alias or category (``select`` / ``ignore``) and by language."""

    def named(rule: Rule, names: Sequence[str]) -> bool:
        return any(n in (rule.id, rule.category, *rule.aliases) or rule.id.startswith(n.rstrip("/") + "/")
                   for n in names)

    chosen = []
    for rule in rules:
        if select and not named(rule, select):
            continue
        if ignore and named(rule, ignore):
            continue
        if languages and rule.languages and not set(rule.languages) & set(languages):
            continue
        chosen.append(rule)
    return chosen


class Scanner:
    """Plugins, rules and a compiled engine: everything a scan needs, built once."""

    def __init__(self, *, rules: Sequence[str | Path] = (), plugins: Sequence[str] = (),
                 load_entry_points: bool = True, select: Sequence[str] = (), ignore: Sequence[str] = (),
                 languages: Sequence[str] = (), min_confidence: float = 0.0,
                 severity_overrides: dict[str, Severity] | None = None,
                 suppressors: Sequence[Suppressor] = (), auto_language: bool = True,
                 registry: Registry | None = None) -> None:
        # how this scanner was built: pickling sends the recipe and rebuilds it (--jobs, dask)
        self._recipe = {name: value for name, value in locals().items() if name not in ("self", "__class__")}
        self.registry = registry or get_plugin_manager(load_entry_points=load_entry_points, local=plugins)
        paths = [*self.registry.rule_paths(), *(Path(p) for p in rules)]
        self.all_rules = load_rules(paths, trusted=[bundled_rules()])
        self.rules = select_rules(self.all_rules, select=select, ignore=ignore, languages=languages)
        self.engine = Engine(self.registry.detectors(), self.rules, min_confidence=min_confidence,
                             severity_overrides=severity_overrides, suppressors=suppressors,
                             auto_language=auto_language)
        self._html: dict[ExtractionSettings, HtmlExtractor] = {}

    @property
    def errors(self) -> list[str]:
        """Plugins that failed to load or raised while registering (their names and why)."""
        return self.registry.errors

    def __reduce__(self) -> tuple[object, tuple[dict[str, object]]]:
        """Pickle as the recipe: another process builds the same scanner (once, see ``rebuild``)."""
        return rebuild, (self._recipe,)

    def scan(self, text: str | Document, *, with_cleaned: bool = False) -> Report:
        """Scan a string or Document and return its Report (with the cleaned text if asked)."""
        document = text if isinstance(text, Document) else Document(text=text)
        report = self.engine.scan(document)
        if with_cleaned:
            report.cleaned = self._settle(document, report.findings)[0]
        return report

    def html_document(self, html: str | bytes, *, settings: ExtractionSettings | None = None,
                      path: str | None = None) -> Document:
        """An HTML page as a Document: its main text (trafilatura) plus the markup's paywall signals."""
        settings = settings or ExtractionSettings()
        if settings not in self._html:
            self._html[settings] = HtmlExtractor(settings, signal_paths=self.registry.signal_paths())
        return self._html[settings].document(html, path=path)

    def scan_html(self, html: str | bytes, *, settings: ExtractionSettings | None = None,
                  with_cleaned: bool = False) -> Report:
        """Extract an HTML page's main text and scan it; the verdict uses the markup signals too."""
        return self.scan(self.html_document(html, settings=settings), with_cleaned=with_cleaned)

    def clean(self, text: str | Document) -> str:
        """The cleaned article: boilerplate removed until a rescan finds nothing to remove."""
        return self.clean_lines(text)[0]

    def clean_lines(self, text: str | Document) -> tuple[str, set[int]]:
        """The cleaned article and the 0-based indices of the original lines it removed."""
        document = text if isinstance(text, Document) else Document(text=text)
        return self._settle(document, self.engine.scan(document).findings)

    def _settle(self, document: Document, findings: list[Finding]) -> tuple[str, set[int]]:
        cleaned, removed = clean_lines(document.text, findings)
        # removing a block can bring a label next to other boilerplate: clean until stable
        for _ in range(MAX_CLEAN_ROUNDS):
            if not removed:
                break
            again, gone = clean_lines(cleaned, self.engine.scan(_again(document, cleaned)).findings)
            if not gone and again == cleaned:
                break
            # cleaning keeps non-blank lines in order, so the n-th non-blank line of the
            # cleaned text is the n-th surviving non-blank line of the original
            survivors = [i for i, line in enumerate(document.text.split("\n")) if line.strip() and i not in removed]
            nonblank = [i for i, line in enumerate(cleaned.split("\n")) if line.strip()]
            position = {line: survivors[n] for n, line in enumerate(nonblank) if n < len(survivors)}
            removed |= {position[i] for i in gone if i in position}
            cleaned = again
        return cleaned, removed


def _again(document: Document, text: str) -> Document:
    """``document`` with new text (same path and format: directives, view and config still apply)."""
    return Document(text=text, path=document.path, format=document.format, id=document.id,
                    source=document.source, metadata=document.metadata)


_REBUILT: dict[bytes, Scanner] = {}


def rebuild(recipe: dict[str, object]) -> Scanner:
    """The Scanner for ``recipe``, built once per process and then reused (unpickling calls it)."""
    key = pickle.dumps(sorted(recipe.items(), key=lambda item: item[0]))
    scanner = _REBUILT.get(key)
    if scanner is None:
        scanner = _REBUILT[key] = Scanner(**recipe)  # type: ignore[arg-type]
    return scanner


@functools.lru_cache(maxsize=4)
def _default_scanner() -> Scanner:
    return Scanner()


def scan(text: str, **options: object) -> Report:
    """Scan ``text`` with the built-in rules and installed plugins (options as for Scanner)."""
    scanner = Scanner(**options) if options else _default_scanner()  # type: ignore[arg-type]
    return scanner.scan(text)


def clean(text: str, **options: object) -> str:
    """Return ``text`` with boilerplate removed (options as for Scanner)."""
    scanner = Scanner(**options) if options else _default_scanner()  # type: ignore[arg-type]
    return scanner.clean(text)
