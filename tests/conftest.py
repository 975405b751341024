from __future__ import annotations

from pathlib import Path

import pytest

from contentguard.api import Scanner
from contentguard.plugins import get_plugin_manager

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_334eeaad4461ce84.txt"
SEED_TAGGED = SEEDS / "000_334eeaad4461ce84.tagged.txt"
SEED_CLEANED = SEEDS / "000_334eeaad4461ce84.cleaned.txt"


@pytest.fixture
def registry():
    """A fresh plugin manager with the built-in plugins only."""
    return get_plugin_manager(load_entry_points=False)


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    """The built-in rules and detectors, no installed plugins."""
    return Scanner(load_entry_points=False)
