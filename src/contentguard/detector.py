"""The Detector base class that detector plugins subclass."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from .models import Document, Finding, Rule


class DetectorOptions(BaseModel):
    """A rule's ``options:`` mapping, validated by the detector it names."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Detector:
    """Finds spans in a document for the rules that name it in their ``detector:`` field.

    Subclasses set ``name`` and implement ``detect``. The engine builds one instance per
    scan configuration with every rule that names the detector, so a detector may compile
    all of its rules together (the phrase detector builds one automaton for all phrases).
    Set ``Options`` to a ``DetectorOptions`` subclass to validate each rule's ``options:``.

    A detector returns raw findings; the engine applies each rule's ``scope``,
    ``max_line_chars``, ``near_boilerplate`` and the context checks afterwards.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    Options: ClassVar[type[DetectorOptions]] = DetectorOptions
    uses_findings: ClassVar[bool] = False
    """True for a context detector: it runs after the others and gets their findings."""
    context_order: ClassVar[int] = 50
    """Context detectors run in this order (lower first), each seeing the earlier ones' findings."""

    def __init__(self, rules: Sequence[Rule] = ()) -> None:
        self.rules: list[Rule] = list(rules)
        self.options: dict[str, DetectorOptions] = {
            rule.id: self.Options(**rule.options) for rule in self.rules
        }

    @classmethod
    def validate_options(cls, options: dict[str, Any]) -> None:
        """Raise ``pydantic.ValidationError`` when a rule's options don't fit this detector."""
        cls.Options(**options)

    @staticmethod
    def applies(rule: Rule, document: Document) -> bool:
        """Whether ``rule`` runs on ``document``: a rule with ``languages`` stays silent on a page
        written in other languages (the engine tells them before detectors run, see language.py);
        a page too short to tell runs every rule. Skip a rule early with it to save its work."""
        page = document.cache.get("languages")
        return page is None or not rule.languages or not page.isdisjoint(rule.languages)

    def detect(self, document: Document) -> Iterable[Finding]:
        """Yield findings for ``document``. Override this."""
        raise NotImplementedError

    def detect_in_context(self, document: Document, findings: Sequence[Finding]) -> Iterable[Finding]:
        """For ``uses_findings`` detectors: yield findings given the other detectors' findings."""
        raise NotImplementedError


def report_problem(document: Document, source: str, message: str) -> None:
    """Record a non-fatal problem (a pattern that timed out, say) on this scan's report."""
    document.cache.setdefault("problems", []).append((source, message))
