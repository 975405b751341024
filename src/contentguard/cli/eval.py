"""``contentguard eval``: score the detectors on tagged pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..evaluation import evaluate
from .app import LanguageOpt, NoPluginsOpt, PluginOpt, RulesOpt, _scanner, app
from ..reporters.text import safe


@app.command("eval")
def eval_(
    paths: Annotated[list[Path], typer.Argument(help="Tagged pages or folders of them (*.txt).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    show: Annotated[int, typer.Option("--show", help="List up to N missed boilerplate and cut content lines.")] = 0,
    rules: RulesOpt = [],  # noqa: B006
    plugin: PluginOpt = [],  # noqa: B006
    no_plugins: NoPluginsOpt = False,
    language: LanguageOpt = [],  # noqa: B006
) -> None:
    """Per-category recall, content lines cut, removal precision and F1 on tagged pages."""
    if format not in ("text", "json"):
        raise typer.BadParameter("must be text or json", param_hint="--format")
    scanner = _scanner(rules, plugin, no_plugins, languages=language)
    result = evaluate(scanner, paths)
    summary = result.summary()
    missed = [(page.name, *item) for page in result.pages for item in page.missed]
    cut = [(page.name, *item) for page in result.pages for item in page.cut]
    if format == "json":
        if show:
            summary["missed"] = [{"page": p, "line": n, "tag": t, "text": x} for p, n, t, x in missed[:show]]
            summary["cut"] = [{"page": p, "line": n, "text": x} for p, n, x in cut[:show]]
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False, soft_wrap=True)
    table = Table("category", "lines", "removed", "recall", box=None, pad_edge=False)
    for category, row in summary["categories"].items():  # type: ignore[union-attr]
        table.add_row(category, str(row["lines"]), str(row["removed"]), f"{row['recall']:.3f}")
    console.print(table)
    console.print(
        f"pages {summary['pages']}, fully clean {summary['pages_fully_clean']}; "
        f"content lines cut {summary['content_lines_cut']}/{summary['content_lines']} "
        f"(kept {summary['content_kept']:.4f}); removal precision {summary['precision']:.4f}, "
        f"recall {summary['recall']:.4f}, F1 {summary['f1']:.4f}"
    )
    if show:
        console.print(f"\nmissed boilerplate ({len(missed)}):")
        for page, line, tag, text in missed[:show]:
            console.print(f"  {page}:{line}: [{tag}] {safe(text, 100)}", markup=False)
        console.print(f"\ncontent cut ({len(cut)}):")
        for page, line, text in cut[:show]:
            console.print(f"  {page}:{line}: {safe(text, 100)}", markup=False)
