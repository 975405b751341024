"""``contentguard plugins list``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from .app import NoPluginsOpt, PluginOpt, _scanner, plugins_app, print_table


@plugins_app.command("list")
def plugins_list(
    plugin: PluginOpt = [],  # noqa: B006
    no_plugins: NoPluginsOpt = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Loaded plugins: distribution, version, detectors, readers, reporters and rule packs."""
    scanner = _scanner([], plugin, no_plugins)
    registry = scanner.registry
    contributions = registry.contributions()
    rows = []
    for name, info in registry.info.items():
        parts = contributions.get(name, {})
        rows.append({"name": name, "kind": info.kind, "distribution": info.distribution,
                     "version": info.version, **{k: parts.get(k, []) for k in
                                                 ("detectors", "readers", "reporters", "rule paths", "signal paths")}})
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table("plugin", "kind", "distribution", "provides", box=None, pad_edge=False)
    for row in rows:
        provides = "; ".join(f"{k}: {', '.join(v)}"
                             for k in ("detectors", "readers", "reporters", "rule paths", "signal paths")
                             if (v := row[k]))
        dist = f"{row['distribution']} {row['version']}" if row["distribution"] else "-"
        table.add_row(row["name"], row["kind"], dist, provides)
    print_table(table)
