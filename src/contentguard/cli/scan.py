"""``contentguard scan``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .config import BaselineOpt, ConfigOpt, IsolatedOpt, RepoRun, WarnUnusedOpt, WriteBaselineOpt
from ._corpus import JobsOpt, ProgressOpt, ResumeOpt, corpus_output, job_count
from .app import (FAIL_ON, EncodingOpt, ErrorsOpt, IgnoreOpt, InputFormatOpt, LanguageOpt, MinConfidenceOpt,
                  NoPluginsOpt, PluginOpt, RulesOpt, SelectOpt, SkipBadOpt, TextFieldOpt, _inputs, _output,
                  FastExtractionOpt, FavorOpt, HtmlFieldOpt, IncludeCommentsOpt, NoTablesOpt, _extraction,
                  _reports, _scanner, app, fail, warn)


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: text, json, jsonl, …")] = "text",
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 when a finding is at or above: "
                                                   "info, warning, error, never [default: the config's, "
                                                   "else warning].")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    baseline: BaselineOpt = None,
    write_baseline: WriteBaselineOpt = None,
    warn_unused_ignores: WarnUnusedOpt = False,
    fail_on_paywall: Annotated[bool, typer.Option("--fail-on-paywall", help="Also exit 1 when a page's paywall "
                                                  "verdict is not none.")] = False,
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
    html_field: HtmlFieldOpt = None,
    favor: FavorOpt = None,
    include_comments: IncludeCommentsOpt = False,
    no_tables: NoTablesOpt = False,
    fast_extraction: FastExtractionOpt = False,
    jobs: JobsOpt = 1,
    resume: ResumeOpt = False,
    progress: ProgressOpt = None,
) -> None:
    """Report boilerplate findings (exit 1 when any is at or above --fail-on, or a page is paywalled
    and --fail-on-paywall is given)."""
    options = {k: v for k, v in locals().items() if k not in ("paths", "output", "jobs", "resume", "progress")}
    run = RepoRun(rules, plugin, no_plugins, select, ignore, language, min_confidence, fail_on=fail_on,
                  config=config, isolated=isolated, baseline=baseline, write_baseline=write_baseline,
                  warn_unused=warn_unused_ignores)
    scanner = run.workspace
    reporters = scanner.registry.reporters()
    if format not in reporters:
        fail(f"unknown format {format!r} (choose from {', '.join(sorted(reporters))})")
    inputs = _inputs(scanner, text_field, input_format, encoding, errors, skip_bad_records,
                     html_field=html_field,
                     extraction=_extraction(favor, include_comments, no_tables, fast_extraction))
    counters = {"skipped": 0, "problems": 0, "failing": 0, "paywalled": 0}
    if resume and format != "jsonl":
        fail("--resume works with --format jsonl (a report line per document)")
    with corpus_output(output, paths, command="scan", options=options, resume=resume, progress=progress,
                       counters=counters) as (out, corpus):
        color = out is sys.stdout and out.isatty() and "NO_COLOR" not in os.environ
        reporter = reporters[format](out, color=color)
        reporter.begin()
        for report in _reports(scanner, corpus.documents(inputs.documents(paths)), cleaned=False,
                               counters=counters, jobs=job_count(jobs), run=corpus):
            counters["failing"] += run.observe(report)
            counters["paywalled"] += report.verdicts.paywall != "none"
            reporter.report(report)
        reporter.end()
    if counters["skipped"]:
        warn(f"skipped {counters['skipped']} bad record(s)")
    if scanner.errors or counters["problems"]:
        raise typer.Exit(2)
    if run.finish():
        raise typer.Exit(1)
    raise typer.Exit(1 if counters["failing"] or (fail_on_paywall and counters["paywalled"]) else 0)
