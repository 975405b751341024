"""Plain text files: one document per file (Markdown is in ``readers/markdown.py``)."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..hookspecs import hookimpl
from ..models import Document
from ..reader import Reader

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str, *, encoding: str = "utf-8", errors: str = "strict") -> str:
    """Decode file bytes: a BOM wins, else ``encoding``; bad bytes name the file and offset."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            break
    try:
        return data.decode(encoding, errors)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: not valid {error.encoding} at byte {error.start} "
            f"(use --encoding, or --errors replace to keep going)"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None


class TextReader(Reader):
    """Plain text, decoded as UTF-8 (or the file's BOM, or ``--encoding``)."""

    name = "text"
    suffixes = (".txt", ".text")
    format = "text"

    def read(self, path: Path, stream: BinaryIO) -> Iterator[Document]:
        text = decode(stream.read(), str(path), encoding=self.options.encoding, errors=self.options.errors)
        yield Document(text=text, path=str(path), format=self.format)


@hookimpl
def register_readers() -> list[type[Reader]]:
    return [TextReader]
