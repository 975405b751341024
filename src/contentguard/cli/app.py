"""The Typer app, shared options and helpers; each command lives in its own module."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer
import typer.core
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..api import Scanner
from ..atomic import atomic_writer
from ..errors import ContentGuardError
from ..inputs import Inputs
from ..models import Document, Report
from ..parallel import scan_documents
from ..reader import ExtractionSettings, ReadOptions
from ..reporters.text import printable


class _Group(typer.core.TyperGroup):
    """Turns every ContentGuardError into one line on stderr and exit code 2."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContentGuardError as error:
            fail(str(error))


app = typer.Typer(
    cls=_Group,
    name="contentguard",
    help="Find and remove paywall prompts, app promos and other boilerplate in scraped web text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="Browse and self-test rule packs.", no_args_is_help=True)
plugins_app = typer.Typer(help="Inspect loaded plugins.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(plugins_app, name="plugins")


class _MessageConsole(Console):
    """stderr for messages: control characters in them (a file named with ``ESC [2J``, a
    plugin's error quoting the page) are shown as U+FFFD, never sent to the terminal."""

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **kwargs)


err = _MessageConsole(stderr=True, highlight=False, soft_wrap=True)
FAIL_ON = ("info", "warning", "error", "never")


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"contentguard: error: {escape(message)}")
    raise typer.Exit(code)


def print_table(table: Table) -> None:
    """Print a table to stdout; never truncate cells when stdout is a pipe or a file."""
    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        console = Console(highlight=False, soft_wrap=True, width=table_width(table))
    console.print(table)


def table_width(table: Table) -> int:
    widths = [max([len(str(c.header)), *(len(str(cell)) for cell in c.cells)]) for c in table.columns]
    return max(80, sum(widths) + 2 * len(widths))


def warn(message: str) -> None:
    err.print(f"contentguard: {escape(message)}")


# options shared by several commands
RulesOpt = Annotated[list[Path], typer.Option("--rules", "-r", help="Extra rule file or folder (repeatable).")]
PluginOpt = Annotated[list[str], typer.Option("--plugin", "-p", help="Load a plugin module or .py file (repeatable).")]
NoPluginsOpt = Annotated[bool, typer.Option("--no-plugins", help="Do not load installed (entry-point) plugins.")]
SelectOpt = Annotated[list[str], typer.Option("--select", help="Only these rule ids or categories (repeatable).")]
IgnoreOpt = Annotated[list[str], typer.Option("--ignore", help="Skip these rule ids or categories (repeatable).")]
LanguageOpt = Annotated[list[str], typer.Option("--language", "-l", help="Only rules for these languages.")]
MinConfidenceOpt = Annotated[float, typer.Option("--min-confidence", min=0, max=1, help="Drop findings below this.")]
TextFieldOpt = Annotated[str, typer.Option("--text-field", help="JSONL field holding the page text.")]
InputFormatOpt = Annotated[Optional[str], typer.Option("--input-format", help="Read every input as this format "
                                                       "(text, markdown, jsonl, …); stdin defaults to text.")]
EncodingOpt = Annotated[str, typer.Option("--encoding", help="Encoding of input files without a BOM.")]
ErrorsOpt = Annotated[str, typer.Option("--errors", help="strict, or replace to keep going past bad bytes.")]
SkipBadOpt = Annotated[bool, typer.Option("--skip-bad-records", help="Skip and count malformed JSONL records.")]
HtmlFieldOpt = Annotated[Optional[str], typer.Option("--html-field", help="JSONL field holding the page's HTML: "
                                                     "its main text is extracted (clean writes it to --text-field).")]
FavorOpt = Annotated[Optional[str], typer.Option("--favor", help="HTML extraction: precision (less text, surer) "
                                                 "or recall (more text).")]
IncludeCommentsOpt = Annotated[bool, typer.Option("--include-comments", help="HTML extraction: keep the page's "
                                                  "comment section.")]
NoTablesOpt = Annotated[bool, typer.Option("--no-tables", help="HTML extraction: leave out <table> content.")]
FastExtractionOpt = Annotated[bool, typer.Option("--fast-extraction", help="HTML extraction: skip trafilatura's "
                                                 "fallback extractors (faster, a little less text).")]


def _scanner(rules: list[Path], plugins: list[str], no_plugins: bool, select: list[str] = (),  # type: ignore[assignment]
             ignore: list[str] = (), languages: list[str] = (), min_confidence: float = 0.0) -> Scanner:  # type: ignore[assignment]
    scanner = Scanner(rules=rules, plugins=plugins, load_entry_points=not no_plugins, select=select,
                      ignore=ignore, languages=languages, min_confidence=min_confidence)
    for message in scanner.errors:
        err.print(f"contentguard: error: {escape(message)}")
    return scanner


def _extraction(favor: str | None = None, include_comments: bool = False, no_tables: bool = False,
                fast: bool = False) -> ExtractionSettings:
    """HTML extraction settings from the command-line options."""
    if favor not in (None, "precision", "recall"):
        fail(f"--favor must be precision or recall, not {favor!r}")
    return ExtractionSettings(favor_precision=favor == "precision", favor_recall=favor == "recall",
                              include_comments=include_comments, include_tables=not no_tables, fast=fast)


def _inputs(scanner: Scanner, text_field: str, input_format: str | None, encoding: str, errors: str,
            skip_bad_records: bool, *, html_field: str | None = None,
            extraction: ExtractionSettings | None = None) -> Inputs:
    if errors not in ("strict", "replace", "ignore"):
        fail(f"--errors must be strict, replace or ignore, not {errors!r}")
    options = ReadOptions(text_field=text_field, encoding=encoding, errors=errors,
                          skip_bad_records=skip_bad_records, html_field=html_field, extraction=extraction,
                          signal_paths=scanner.registry.signal_paths())
    return Inputs(scanner.registry.readers(), options, input_format=input_format, notice=warn)


def _reports(scanner: Scanner, documents: Iterable[Document], *, cleaned: bool,
             counters: dict[str, int], jobs: int = 1, run: Any = None) -> Iterator[Report]:
    """Each document's report, in input order (``jobs`` processes); ``run`` hears of each
    document once its output is written (see cli/_corpus.py: checkpoints, progress)."""
    for document, report in scan_documents(scanner, documents, jobs=jobs, cleaned=cleaned):
        if report is None:
            counters["skipped"] += 1
            warn(f"skipped: {document.metadata.get('error')}")
        else:
            for problem in report.problems:
                counters["problems"] += 1
                err.print(f"contentguard: error: {escape(document.path or '-')}: {escape(problem.source)}: "
                          f"{escape(problem.message)}")
            yield report  # the command writes this document's output before asking for the next
        if run is not None:
            run.done(document, counters)


class _output:
    """stdout, or a file written atomically."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._context = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        # a lone surrogate (JSON's "\ud800" in a record) is written back as that escape, not a crash
        if self.path is None or str(self.path) == "-":
            if hasattr(sys.stdout, "reconfigure"):
                sys.stdout.reconfigure(errors="backslashreplace")
            return sys.stdout
        self._context = atomic_writer(self.path, errors="backslashreplace")
        return self._context.__enter__()

    def __exit__(self, *exc):  # type: ignore[no-untyped-def]
        if self._context is not None:
            return self._context.__exit__(*exc)
        return False


