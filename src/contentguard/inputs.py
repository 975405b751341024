"""Turn command-line paths (files, folders, ``-``) into a stream of Documents."""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .models import Document
from .reader import Reader, ReadOptions

BINARY_SNIFF = 8192
SKIPPED_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", ".tox"}
TEMPORARY_SUFFIX = ".contentguard-tmp"
"""Files an atomic write is filling (or a killed one left behind): never read, see atomic.py."""


def looks_binary(head: bytes) -> bool:
    """A NUL byte in the first block means binary, unless a UTF-16/32 BOM explains it."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return False
    return b"\x00" in head


class Inputs:
    """Finds files, picks a reader for each, and yields Documents in order."""

    def __init__(self, readers: Mapping[str, type[Reader]], options: ReadOptions, *,
                 input_format: str | None = None, notice: Callable[[str], None] | None = None) -> None:
        self.readers = {name: cls(options) for name, cls in readers.items()}
        self.input_format = input_format
        self.notice = notice or (lambda message: None)
        if input_format and input_format not in self.readers:
            raise InputError(f"unknown input format {input_format!r} (choose from {', '.join(sorted(self.readers))})")

    def reader_for(self, path: Path) -> Reader | None:
        if self.input_format:
            return self.readers[self.input_format]
        # the longest matching suffix wins, so .html.gz beats .gz
        best: tuple[int, Reader] | None = None
        name = path.name.lower()
        for reader in self.readers.values():
            for suffix in reader.suffixes:
                if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                    best = (len(suffix), reader)
        return best[1] if best else None

    def files(self, paths: Sequence[str]) -> Iterator[tuple[Path, bool]]:
        """(path, named) for each file: named files were given on the command line."""
        for raw in paths:
            if raw == "-":
                yield Path("-"), True
                continue
            path = Path(raw)
            if path.is_dir():
                yield from ((p, False) for p in self._walk(path))
            elif path.exists():
                yield path, True
            else:
                raise InputError(f"{raw}: no such file or directory")

    def _walk(self, root: Path) -> Iterator[Path]:
        seen: set[tuple[int, int]] = set()
        for folder, dirs, names in os.walk(root, followlinks=True, onerror=self._walk_error):
            stat = os.stat(folder)
            if (stat.st_dev, stat.st_ino) in seen:
                self.notice(f"{folder}: skipped, a symlink loop")
                dirs[:] = []
                continue
            seen.add((stat.st_dev, stat.st_ino))
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
            for name in sorted(names):
                path = Path(folder, name)
                if name.endswith(TEMPORARY_SUFFIX):
                    continue
                if self.reader_for(path) is not None and path.is_file():
                    yield path

    def _walk_error(self, error: OSError) -> None:
        self.notice(f"{error.filename}: skipped, {error.strerror}")

    def documents(self, paths: Sequence[str]) -> Iterator[Document]:
        for path, named in self.files(paths):
            yield from self.read(path, named=named)

    def read(self, path: Path, *, named: bool = True) -> Iterator[Document]:
        reader = self.reader_for(path) if str(path) != "-" else self.readers[self.input_format or "text"]
        if reader is None:
            reader = self.readers["text"]
        if str(path) == "-":
            yield from reader.read(Path("-"), sys.stdin.buffer)
            return
        try:
            stream = self._open(path)
        except OSError as error:
            message = f"{path}: cannot read: {error.strerror or error}"
            if named:
                raise InputError(message) from None
            self.notice(f"{path}: skipped, {error.strerror or error}")
            return
        with stream:
            try:
                if not reader.corpus:
                    head = stream.peek(BINARY_SNIFF)[:BINARY_SNIFF] if hasattr(stream, "peek") else b""
                    if looks_binary(head):
                        if named:
                            raise InputError(f"{path}: looks like a binary file (NUL bytes); not scanned")
                        self.notice(f"{path}: skipped, binary file")
                        return
                yield from reader.read(path, stream)
            except (OSError, EOFError, zlib.error) as error:  # a corrupt .gz, an I/O error mid-file
                message = f"{path}: cannot read: {getattr(error, 'strerror', None) or error}"
                if named:
                    raise InputError(message) from None
                self.notice(f"{path}: skipped, {getattr(error, 'strerror', None) or error}")

    @staticmethod
    def _open(path: Path) -> BinaryIO:
        if path.name.lower().endswith(".gz"):
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return open(path, "rb")  # noqa: SIM115 - closed by the caller's with
