"""contentguard: find and remove paywall prompts, app promos and other boilerplate in web text.

Plugins import what they need from here: ``from contentguard import hookimpl, Detector``.
``scan``, ``clean`` and ``Scanner`` (the pipeline API) are imported lazily so that a plugin
importing this package does not pull in the plugin manager.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .detector import Detector, DetectorOptions
from .hookspecs import hookimpl, hookspec
from .models import CATEGORIES, Document, Finding, Report, Rule, Severity, Verdict
from .reader import Reader
from .reporter import Reporter

if TYPE_CHECKING:
    from .api import Scanner, clean, scan

__all__ = [
    "CATEGORIES",
    "Detector",
    "DetectorOptions",
    "Document",
    "Finding",
    "Reader",
    "Report",
    "Reporter",
    "Rule",
    "Scanner",
    "Severity",
    "Verdict",
    "clean",
    "hookimpl",
    "hookspec",
    "scan",
]


def __getattr__(name: str) -> Any:
    if name in ("scan", "clean", "Scanner"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'contentguard' has no attribute {name!r}")
