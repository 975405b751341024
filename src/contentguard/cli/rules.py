"""``contentguard rules list|show|test``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
import yaml
from rich.markup import escape
from rich.table import Table

from ..api import select_rules
from ..selftest import check_examples
from .app import (
    LanguageOpt,
    NoPluginsOpt,
    PluginOpt,
    RulesOpt,
    SelectOpt,
    _scanner,
    err,
    fail,
    print_table,
    rules_app,
)


@rules_app.command("list")
def rules_list(
    rules: RulesOpt = [],  # noqa: B006
    plugin: PluginOpt = [],  # noqa: B006
    no_plugins: NoPluginsOpt = False,
    category: Annotated[Optional[str], typer.Option("--category", help="Only this category.")] = None,
    language: LanguageOpt = [],  # noqa: B006
) -> None:
    """List every loaded rule: id, category, languages, detector."""
    scanner = _scanner(rules, plugin, no_plugins, languages=language)
    table = Table("id", "category", "severity", "languages", "detector", box=None, pad_edge=False)
    for rule in scanner.rules:
        if category and rule.category != category:
            continue
        table.add_row(rule.id, rule.category, rule.severity.value, ",".join(rule.languages) or "*", rule.detector)
    print_table(table)


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="Rule id or alias.")],
    rules: RulesOpt = [],  # noqa: B006
    plugin: PluginOpt = [],  # noqa: B006
    no_plugins: NoPluginsOpt = False,
) -> None:
    """Show one rule as YAML, with where it is defined."""
    scanner = _scanner(rules, plugin, no_plugins)
    for rule in scanner.all_rules:
        if rule_id in (rule.id, *rule.aliases):
            typer.echo(f"# {rule.source}:{rule.source_line}")
            data = rule.model_dump(mode="json", exclude_defaults=False)
            typer.echo(yaml.safe_dump([data], allow_unicode=True, sort_keys=False).rstrip())
            return
    fail(f"no rule with id {rule_id!r}")


@rules_app.command("test")
def rules_test(
    rules: RulesOpt = [],  # noqa: B006
    plugin: PluginOpt = [],  # noqa: B006
    no_plugins: NoPluginsOpt = False,
    select: SelectOpt = [],  # noqa: B006
) -> None:
    """Run every rule's examples; exit 1 naming each rule whose example fails."""
    scanner = _scanner(rules, plugin, no_plugins)
    chosen = scanner.rules
    if select:
        chosen = select_rules(chosen, select=select)
    failures = list(check_examples(scanner.engine, chosen))
    for failure in failures:
        err.print(f"contentguard: fail: {escape(failure.describe())}")
    examples = sum(len(r.examples.match) + len(r.examples.no_match) for r in chosen)
    passed = examples - len(failures)
    typer.echo(f"{passed} passed, {len(failures)} failed ({len(chosen)} rules)")
    raise typer.Exit(1 if failures else (2 if scanner.errors else 0))
