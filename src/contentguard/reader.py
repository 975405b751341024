"""The Reader base class that input-format plugins subclass."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

from .models import Document


@dataclass(frozen=True)
class ExtractionSettings:
    """How HTML pages are turned into text (trafilatura's settings of the same names)."""

    favor_precision: bool = False
    favor_recall: bool = False
    include_comments: bool = False
    include_tables: bool = True
    fast: bool = False
    """Skip trafilatura's fallback extractors (faster, a little less accurate)."""

    def as_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``trafilatura.extract``."""
        return asdict(self)


class ReadOptions:
    """Options the CLI passes to readers (field names for corpora, encodings)."""

    def __init__(self, *, text_field: str = "text", html_field: str | None = None,
                 id_field: str | None = "id", encoding: str = "utf-8", errors: str = "strict",
                 skip_bad_records: bool = False, extraction: ExtractionSettings | None = None,
                 signal_paths: Sequence[Path] | None = None) -> None:
        self.text_field = text_field
        self.html_field = html_field
        self.id_field = id_field
        self.encoding = encoding
        self.errors = errors
        self.skip_bad_records = skip_bad_records
        self.extraction = extraction or ExtractionSettings()
        self.signal_paths = signal_paths
        """Markup signal packs for HTML input; None means the built-in pack only."""


class Reader:
    """Turns a file into Documents. ``suffixes`` says which files it takes (``.md``)."""

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    corpus: ClassVar[bool] = False
    """True when one file holds many records (JSONL)."""

    def __init__(self, options: ReadOptions | None = None) -> None:
        self.options = options or ReadOptions()

    def read(self, path: Path, stream: BinaryIO) -> Iterator[Document]:
        """Yield the documents in ``stream`` (the bytes of ``path``). Override this.

        Corpus readers must stream: read a record, yield it, read the next.
        """
        raise NotImplementedError

    def matches(self, path: Path) -> bool:
        """Whether this reader takes ``path`` (by its suffixes, ``.html.gz`` included)."""
        name = path.name.lower()
        return any(name.endswith(suffix) for suffix in self.suffixes)
