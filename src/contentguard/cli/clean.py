"""``contentguard clean``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .config import ConfigOpt, IsolatedOpt, _workspace
from ._corpus import JobsOpt, ProgressOpt, ResumeOpt, corpus_output, job_count
from .app import (EncodingOpt, ErrorsOpt, IgnoreOpt, InputFormatOpt, LanguageOpt, MinConfidenceOpt,
                  NoPluginsOpt, PluginOpt, RulesOpt, SelectOpt, SkipBadOpt, TextFieldOpt, _inputs, _output,
                  FastExtractionOpt, FavorOpt, HtmlFieldOpt, IncludeCommentsOpt, NoTablesOpt, _extraction,
                  _reports, _scanner, app, fail, warn)


@app.command()
def clean(
    paths: Annotated[list[str], typer.Argument(help="A file, JSONL corpus, folder, or - for stdin.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 when cleaning would change "
                                        "the input.")] = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    rules: RulesOpt = [],  # noqa: B006
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
    """Print the cleaned article (JSONL corpora: every record, with the text field cleaned)."""
    options = {k: v for k, v in locals().items() if k not in ("paths", "output", "jobs", "resume", "progress")}
    scanner = _workspace(rules, plugin, no_plugins, select, ignore, language, min_confidence,
                         config=config, isolated=isolated)
    inputs = _inputs(scanner, text_field, input_format, encoding, errors, skip_bad_records,
                     html_field=html_field,
                     extraction=_extraction(favor, include_comments, no_tables, fast_extraction))
    counters = {"skipped": 0, "problems": 0, "changed": 0}
    if resume and check:
        fail("--resume cannot be used with --check")
    with corpus_output(None if check else output, paths, command="clean", options=options, resume=resume,
                       progress=progress, counters=counters) as (out, corpus):
        for report in _reports(scanner, corpus.documents(inputs.documents(paths)), cleaned=True,
                               counters=counters, jobs=job_count(jobs), run=corpus):
            document = report.document
            assert report.cleaned is not None
            if report.cleaned != document.text:
                counters["changed"] += 1
                if check:
                    warn(f"{document.path or '-'}{'#' + document.id if 'record' in document.metadata else ''}: "
                         "would be cleaned")
            if check:
                continue
            if "record" in document.metadata:
                record = dict(document.metadata["record"])
                record[document.metadata["field"]] = report.cleaned
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(report.cleaned)
    if counters["skipped"]:
        warn(f"skipped {counters['skipped']} bad record(s)")
    if scanner.errors or counters["problems"]:
        raise typer.Exit(2)
    raise typer.Exit(1 if check and counters["changed"] else 0)
