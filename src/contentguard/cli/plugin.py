"""``contentguard plugin new NAME``: scaffold a plugin package."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..plugins import get_plugin_manager
from ..scaffold import new_plugin, plugin_names
from .app import app

plugin_app = typer.Typer(help="Write contentguard plugins.", no_args_is_help=True)
app.add_typer(plugin_app, name="plugin")


@plugin_app.command("new")
def plugin_new(
    name: Annotated[str, typer.Argument(help="Plugin name, e.g. cookie-walls (→ contentguard-cookie-walls).")],
    directory: Annotated[Path, typer.Option("--dir", "-d", help="Folder to create the package in.",
                                            file_okay=False)] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite the template's files in an "
                                                        "existing folder.")] = False,
) -> None:
    """Create a plugin package: pyproject with the entry point, a detector, a rule pack, tests."""
    builtin = get_plugin_manager(load_entry_points=False).detectors()
    written = new_plugin(name, directory, force=force, reserved=builtin)
    names = plugin_names(name)
    target = directory / names.dist
    typer.echo(f"Created {target} ({len(written)} files):")
    for path in written:
        typer.echo(f"  {path}")
    typer.echo("Next:")
    typer.echo(f"  cd {target}")
    typer.echo('  pip install -e ".[test]"')
    typer.echo("  pytest")
    typer.echo(f"  contentguard plugins list   # shows {names.slug}")
