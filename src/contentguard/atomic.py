"""Write files so that an interrupted run never leaves a truncated or half-written file."""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import InputError


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: str = "w", encoding: str | None = "utf-8",
                  newline: str | None = "") -> Iterator[IO]:  # type: ignore[type-arg]
    """Yield a temporary file beside ``path``; on success fsync it and rename it over ``path``.

    The original keeps its permission bits. On any error, or an interrupt, the temporary
    file is removed and ``path`` is untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        old_mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        old_mode = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".contentguard-tmp", dir=folder)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if old_mode is not None:
            os.chmod(temporary, old_mode)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise InputError(f"{path}: cannot write: {error.strerror or error}") from None
        raise


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class TextEncoding:
    """How a text file's bytes were written: its codec and byte-order mark, kept for a rewrite.

    Line endings need no record: text is decoded without newline translation, so CRLF,
    LF and CR lines come back as they were and are written back as they are.
    """

    encoding: str = "utf-8"
    bom: bytes = b""

    @classmethod
    def sniff(cls, data: bytes, default: str = "utf-8") -> TextEncoding:
        """A BOM decides the codec (UTF-8/16/32, either byte order); else ``default``."""
        for bom, codec in _BOMS:
            if data.startswith(bom):
                return cls(codec, bom)
        return cls(default)

    def decode(self, data: bytes, name: str = "") -> str:
        """Decode exactly: a file that does not round-trip byte for byte is refused."""
        body = data[len(self.bom):]
        try:
            text = body.decode(self.encoding)
        except UnicodeDecodeError as error:
            raise InputError(f"{name}: not valid {error.encoding} at byte {error.start + len(self.bom)}; "
                             "not rewritten") from None
        except LookupError:
            raise InputError(f"unknown encoding {self.encoding!r}") from None
        if text.encode(self.encoding) != body:
            raise InputError(f"{name}: does not round-trip through {self.encoding}; not rewritten")
        return text

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def write_text_atomic(path: Path, text: str, encoding: TextEncoding) -> None:
    """Replace ``path`` with ``text`` in ``encoding`` (BOM included), atomically, keeping its mode."""
    data = encoding.encode(text)
    with atomic_writer(path, mode="wb") as handle:
        handle.write(data)
