"""Write files so that an interrupted run never leaves a truncated or half-written file.

The new content goes to a temporary file beside the target (``.NAME.XXXXXXXX.contentguard-tmp``),
which is fsynced and then renamed over the target: the target is always either the old file or
the new one, whole. The writer holds an exclusive ``flock`` on its temporary file while it
writes. A process killed with SIGKILL cannot remove its temporary file, but the kernel drops the
lock: the next write into that folder deletes every unlocked ``*.contentguard-tmp`` it finds, and
folder walks never read them (see inputs.py).
"""

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

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, stale files are left alone
    fcntl = None  # type: ignore[assignment]

TEMPORARY_SUFFIX = ".contentguard-tmp"
_swept: set[str] = set()  # folders already cleared of stale temporary files in this process


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _lock(fd: int) -> bool:
    """Take the writer's lock on ``fd`` without waiting; False when another process holds it."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def sweep_stale(folder: Path) -> list[str]:
    """Delete the temporary files that killed writers left in ``folder`` (unlocked ones); their names."""
    removed: list[str] = []
    if fcntl is None:
        return removed
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(".") and entry.name.endswith(TEMPORARY_SUFFIX)):
                continue
            with contextlib.suppress(OSError):
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
                try:
                    if stat.S_ISREG(os.fstat(fd).st_mode) and _lock(fd):
                        os.unlink(entry.path)
                        removed.append(entry.name)
                finally:
                    os.close(fd)
    return removed


def _temporary(path: Path, folder: Path) -> tuple[int, str]:
    """A new locked temporary file beside ``path``."""
    if str(folder.resolve()) not in _swept:
        sweep_stale(folder)
        _swept.add(str(folder.resolve()))
    for _ in range(3):
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=TEMPORARY_SUFFIX, dir=folder)
        _lock(fd)
        try:  # another process's sweep may have deleted it before the lock was taken
            if os.stat(temporary).st_ino == os.fstat(fd).st_ino:
                return fd, temporary
        except FileNotFoundError:
            pass
        os.close(fd)
    raise OSError(f"cannot create a temporary file in {folder}")


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: str = "w", encoding: str | None = "utf-8",
                  newline: str | None = "", errors: str | None = None) -> Iterator[IO]:  # type: ignore[type-arg]
    """Yield a temporary file beside ``path``; on success fsync it and rename it over ``path``.

    The original keeps its permission bits and, where allowed, its owner (a new file gets
    the umask's bits); a file without any write bit is refused, even for root; a symlink is
    written through, so the link stays a link; a device or pipe (``/dev/null``, a FIFO) is
    written directly, as there is no file to replace. On any error, or an interrupt, the
    temporary file is removed and ``path`` is untouched.
    """
    shown = path = Path(path)
    kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline, "errors": errors}
    try:
        old: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise InputError(f"{shown}: cannot write: {error.strerror or error}") from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        try:
            with open(path, mode, **kwargs) as handle:  # type: ignore[call-overload]
                yield handle
        except OSError as error:
            raise InputError(f"{shown}: cannot write: {error.strerror or error}") from None
        return
    if old is not None and not old.st_mode & 0o222:
        # a rename would replace it anyway (and root ignores the bits): a read-only file stays as it is
        raise InputError(f"{shown}: cannot write: the file is read-only")
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temporary = _temporary(path, folder)
    except OSError as error:
        raise InputError(f"{shown}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask())
        if old is not None and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give a file away; others keep theirs
                os.chown(temporary, old.st_uid, old.st_gid)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise InputError(f"{shown}: cannot write: {error.strerror or error}") from None
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        folder_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(folder_fd)
        finally:
            os.close(folder_fd)


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
