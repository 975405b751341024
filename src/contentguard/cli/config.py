"""``contentguard config``, and the config, baseline and unused-suppression plumbing of scan/clean/fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape

from ..atomic import atomic_writer
from ..baseline import Baseline, BaselineWriter
from ..config import FAIL_ON, Overrides, Workspace
from ..models import Report, Severity
from .app import app, err, fail, warn

ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Use this config file for every path "
                                                   "(no search for pyproject.toml / .contentguard.toml).")]
IsolatedOpt = Annotated[bool, typer.Option("--isolated", help="Ignore every config file.")]
BaselineOpt = Annotated[Optional[Path], typer.Option("--baseline", help="Report only findings not in this "
                                                     "baseline file.")]
WriteBaselineOpt = Annotated[Optional[Path], typer.Option("--write-baseline", help="Write every finding to this "
                                                          "baseline file and exit 0.")]
WarnUnusedOpt = Annotated[bool, typer.Option("--warn-unused-ignores", help="Report contentguard: directives that "
                                             "suppress nothing (exit 1 when there are any).")]


def _workspace(rules: list[Path], plugins: list[str], no_plugins: bool, select: list[str] = (),  # type: ignore[assignment]
               ignore: list[str] = (), languages: list[str] = (), min_confidence: float = 0.0,  # type: ignore[assignment]
               *, fail_on: str | None = None, config: Path | None = None, isolated: bool = False,
               baseline: Baseline | None = None) -> Workspace:
    """Scanners per config file, merged with the command line (errors of plugins printed once)."""
    if fail_on is not None and fail_on not in FAIL_ON:
        fail(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    if config is not None and not config.is_file():
        fail(f"--config {config}: no such file")
    overrides = Overrides(rules=rules, plugins=plugins, select=select, ignore=ignore, languages=languages,
                          min_confidence=min_confidence or None, fail_on=fail_on, config_file=config,
                          isolated=isolated)
    workspace = Workspace(overrides, load_entry_points=not no_plugins, baseline=baseline)
    workspace.registry  # noqa: B018 - load plugins now, so their errors come first
    for message in workspace.errors:
        err.print(f"contentguard: error: {escape(message)}")
    return workspace


class RepoRun:
    """One scan's config, baseline and unused-suppression bookkeeping, report by report."""

    def __init__(self, rules: list[Path], plugins: list[str], no_plugins: bool, select: list[str],
                 ignore: list[str], languages: list[str], min_confidence: float, *, fail_on: str | None,
                 config: Path | None, isolated: bool, baseline: Path | None = None,
                 write_baseline: Path | None = None, warn_unused: bool = False) -> None:
        self.baseline = Baseline.load(baseline) if baseline is not None else None
        self.writer = BaselineWriter(write_baseline) if write_baseline is not None else None
        self.warn_unused = warn_unused
        self.unused = 0
        self.workspace = _workspace(rules, plugins, no_plugins, select, ignore, languages, min_confidence,
                                    fail_on=fail_on, config=config, isolated=isolated, baseline=self.baseline)

    def observe(self, report: Report) -> int:
        """Note one report; return how many of its findings are at or above its fail-on."""
        document = report.document
        name = document.path or "-"
        for suppression in report.unused_suppressions:
            where = f"{name}:{suppression.line}:{suppression.column}"
            if suppression.kind == "invalid":
                warn(f"{where}: invalid suppression: {suppression.reason}: {suppression.text}")
            elif self.warn_unused:
                self.unused += 1
                names = " ".join(suppression.names) if suppression.names else ""
                err.print(f"{escape(where)}: unused suppression: {escape(suppression.kind)}"
                          f"{' ' + escape(names) if names else ''}", highlight=False)
        if self.writer is not None:
            self.writer.add(report)
            return 0
        fail_on = self.workspace.fail_on(document)
        if fail_on == "never":
            return 0
        threshold = Severity(fail_on).rank
        return sum(1 for f in report.findings if f.severity.rank >= threshold)

    def finish(self) -> bool:
        """Write the baseline if asked; True when the run must exit 1 (unused suppressions)."""
        if self.writer is not None:
            with atomic_writer(self.writer.path) as out:
                out.write(self.writer.dumps())
            warn(f"wrote {len(self.writer.entries)} finding(s) to baseline {self.writer.path}")
        if self.unused:
            warn(f"{self.unused} unused suppression(s)")
        return bool(self.unused)


@app.command("config")
def config_command(
    path: Annotated[Optional[Path], typer.Argument(help="A file or folder (default: the current folder).")] = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the effective config for PATH and where each value came from."""
    target = path or Path.cwd()
    if not target.exists():
        fail(f"{target}: no such file or directory")
    workspace = Workspace(Overrides(config_file=config, isolated=isolated), load_entry_points=False)
    settings = workspace.settings_for(target)
    rows = settings.as_table()
    file = str(settings.config.path) if settings.config.path else None
    if as_json:
        data: dict[str, Any] = {"path": str(target), "config": file,
                                "values": {key: {"value": value, "source": source} for key, value, source in rows}}
        typer.echo(json.dumps(data, indent=2))
        return
    typer.echo(f"# config for {target}: {file or 'none found (defaults)'}")
    width = max(len(key) for key, _, _ in rows)
    for key, value, source in rows:
        typer.echo(f"{key.ljust(width)} = {json.dumps(value, ensure_ascii=False)}  # {source}")
