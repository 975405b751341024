"""Every hook a contentguard plugin can implement."""

from __future__ import annotations

from pathlib import Path

import pluggy

from .detector import Detector
from .reader import Reader
from .reporter import Reporter

hookspec = pluggy.HookspecMarker("contentguard")
hookimpl = pluggy.HookimplMarker("contentguard")


@hookspec
def register_detectors() -> list[type[Detector]]:  # type: ignore[empty-body]
    """Return Detector subclasses, e.g. ``[PhraseDetector]``.

    ``Detector.name`` is what a rule's ``detector:`` field refers to; it must be unique
    across installed plugins.
    """


@hookspec
def register_rule_paths() -> list[Path]:  # type: ignore[empty-body]
    """Return YAML rule files or folders of them (``*.yaml`` / ``*.yml``, searched recursively)."""


@hookspec
def register_reporters() -> list[type[Reporter]]:  # type: ignore[empty-body]
    """Return Reporter subclasses; ``Reporter.name`` is the ``--format`` value."""


@hookspec
def register_readers() -> list[type[Reader]]:  # type: ignore[empty-body]
    """Return Reader subclasses; each says which file suffixes it reads."""


@hookspec
def register_signal_paths() -> list[Path]:  # type: ignore[empty-body]
    """Return YAML signal packs or folders of them: markup that marks a page as paywalled.

    The built-in pack (vendors' scripts and containers, meta tags, class and id hints) is
    registered through this hook too; a plugin's signals are added to it. See docs/html.md.
    """
