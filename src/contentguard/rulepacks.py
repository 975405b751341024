"""The built-in rule packs, registered through ``register_rule_paths`` like any plugin's."""

from __future__ import annotations

from pathlib import Path

from .hookspecs import hookimpl


def bundled_rules() -> Path:
    """The ``rules/`` folder: inside the wheel, or at the repository root in a checkout."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


@hookimpl
def register_rule_paths() -> list[Path]:
    return [bundled_rules()]
