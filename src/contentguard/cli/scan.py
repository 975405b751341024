"""``contentguard scan``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..models import Severity
from .app import (FAIL_ON, EncodingOpt, ErrorsOpt, IgnoreOpt, InputFormatOpt, LanguageOpt, MinConfidenceOpt,
                  NoPluginsOpt, PluginOpt, RulesOpt, SelectOpt, SkipBadOpt, TextFieldOpt, _inputs, _output,
                  _reports, _scanner, app, fail, warn)


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: text, json, jsonl, …")] = "text",
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 when a finding is at or above: "
                                         "info, warning, error, never.")] = "warning",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    rules: RulesOpt = [],  # noqa: B006 - typer reads defaults
    plugin: PluginOpt = [],  # noqa: B006
    no_plugins: NoPluginsOpt = False,
    select: SelectOpt = [],  # noqa: B006
    ignore: IgnoreOpt = [],  # noqa: B006
    language: LanguageOpt = [],  # noqa: B006
    min_confidence: MinConfidenceOpt = 0.0,
    text_field: TextFieldOpt = "text",
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
    errors: ErrorsOpt = "strict",
    skip_bad_records: SkipBadOpt = False,
) -> None:
    """Report boilerplate findings (exit 1 when any is at or above --fail-on)."""
    if fail_on not in FAIL_ON:
        fail(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    scanner = _scanner(rules, plugin, no_plugins, select, ignore, language, min_confidence)
    reporters = scanner.registry.reporters()
    if format not in reporters:
        fail(f"unknown format {format!r} (choose from {', '.join(sorted(reporters))})")
    inputs = _inputs(scanner, text_field, input_format, encoding, errors, skip_bad_records)
    threshold = Severity(fail_on).rank if fail_on != "never" else 99
    counters = {"skipped": 0, "problems": 0, "failing": 0}
    with _output(output) as out:
        color = out is sys.stdout and out.isatty() and "NO_COLOR" not in os.environ
        reporter = reporters[format](out, color=color)
        reporter.begin()
        for report in _reports(scanner, inputs.documents(paths), cleaned=False, counters=counters):
            counters["failing"] += sum(1 for f in report.findings if f.severity.rank >= threshold)
            reporter.report(report)
        reporter.end()
    if counters["skipped"]:
        warn(f"skipped {counters['skipped']} bad record(s)")
    if scanner.errors or counters["problems"]:
        raise typer.Exit(2)
    raise typer.Exit(1 if counters["failing"] else 0)
