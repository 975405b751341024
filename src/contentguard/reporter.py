"""The Reporter base class that output-format plugins subclass."""

from __future__ import annotations

from typing import ClassVar, TextIO

from .models import Report


class Reporter:
    """Writes reports to a stream, one document at a time (so corpora stream).

    The CLI calls ``begin()``, then ``report()`` once per document, then ``end()``.
    ``color`` is true when writing to a terminal that wants colour.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        self.out = out
        self.color = color

    def begin(self) -> None:
        """Called once before the first report."""

    def report(self, report: Report) -> None:
        """Write one document's report. Override this."""
        raise NotImplementedError

    def end(self) -> None:
        """Called once after the last report."""
