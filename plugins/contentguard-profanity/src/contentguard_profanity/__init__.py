"""contentguard-profanity: swear words and vulgar terms, category ``profanity``.

The ``profanity`` detector reads per-language word lists (``wordlists/<language>.yaml``, each
word with a severity and its forms) and matches whole words only, seeing through obfuscated
spellings (``f*ck``, ``sh1t``, ``s h i t``, ``fuuuck``). The rule pack (``rules/profanity.yaml``)
flags mild words and masks strong and severe ones, per language.
"""

from __future__ import annotations

from pathlib import Path

from contentguard import Detector, hookimpl

from .detector import ProfanityDetector, ProfanityOptions

RULES = Path(__file__).parent / "rules"

__all__ = ["ProfanityDetector", "ProfanityOptions"]


@hookimpl
def register_detectors() -> list[type[Detector]]:
    """The ``profanity`` detector."""
    return [ProfanityDetector]


@hookimpl
def register_rule_paths() -> list[Path]:
    """The ``profanity`` rule pack (word lists live in ``wordlists/``, outside the rule path)."""
    return [RULES]
