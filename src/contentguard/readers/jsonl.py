"""JSONL corpora: one JSON object per line, the page text in a field (``--text-field``)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..hookspecs import hookimpl
from ..models import Document
from ..reader import Reader
from .html import HtmlExtractor
from .text import decode


class BadRecord(InputError):
    """One corpus record could not be used; with ``--skip-bad-records`` it is counted and skipped."""


class JsonlReader(Reader):
    """Streams records; each becomes a Document whose ``metadata['record']`` is the object."""

    name = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".jsonl.gz")
    corpus = True

    def read(self, path: Path, stream: BinaryIO) -> Iterator[Document]:
        field = self.options.html_field or self.options.text_field
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(decode(raw, where, encoding=self.options.encoding, errors=self.options.errors))
                if not isinstance(record, dict):
                    raise BadRecord(f"{where}: record is not a JSON object")
                text = record.get(field)
                if not isinstance(text, str):
                    problem = "has no" if field not in record else "has a non-string"
                    raise BadRecord(f"{where}: record {problem} {field!r} field")
            except (json.JSONDecodeError, InputError, RecursionError) as error:
                if isinstance(error, RecursionError):  # json recurses once per nesting level
                    message = f"{where}: invalid JSON: nested too deeply"
                else:
                    message = str(error) if isinstance(error, InputError) else f"{where}: invalid JSON: {error.msg}"
                if self.options.skip_bad_records:
                    yield Document(text="", path=str(path), format="skipped",
                                   id=str(number), metadata={"line": number, "error": message})
                    continue
                raise BadRecord(message) from None
            ident = record.get(self.options.id_field) if self.options.id_field else None
            ident = str(ident) if ident is not None else str(number)
            if self.options.html_field:
                # the extracted text is what gets scanned; clean writes it to the text field
                yield self._html.document(text, path=str(path), id=ident, metadata={
                    "record": record, "line": number, "field": self.options.text_field})
                continue
            yield Document(
                text=text,
                path=str(path),
                format="text",
                id=ident,
                metadata={"record": record, "line": number, "field": field},
            )

    @functools.cached_property
    def _html(self) -> HtmlExtractor:
        return HtmlExtractor(self.options.extraction, signal_paths=self.options.signal_paths)


@hookimpl
def register_readers() -> list[type[Reader]]:
    return [JsonlReader]
