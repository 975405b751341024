"""What every PII detector shares: a ``replacement`` option and the detect loop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from contentguard import Detector, DetectorOptions, Document, Finding


class PiiOptions(DetectorOptions):
    """Options every ``pii-…`` detector takes."""

    replacement: str | None = None
    """What a ``mask`` action puts in place of the span; default the detector's label (``[email]``)."""


class PiiDetector(Detector):
    """Runs ``find`` on the original text for each rule; subclasses set ``label`` and ``find``."""

    label: ClassVar[str] = "pii"
    Options: ClassVar[type[DetectorOptions]] = PiiOptions

    def find(self, text: str, options: PiiOptions) -> Iterator[tuple[int, int]]:
        """Yield ``(start, end)`` of each piece of personal data in ``text``. Override this."""
        raise NotImplementedError

    def detect(self, document: Document) -> Iterator[Finding]:
        for rule in self.rules:
            options = self.options[rule.id]
            assert isinstance(options, PiiOptions)
            replacement = options.replacement or f"[{self.label}]"
            for start, end in self.find(document.text, options):
                yield document.finding(rule, start, end, detector=self.name, replacement=replacement)
