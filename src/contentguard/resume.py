"""``--resume``: continue a corpus run that was interrupted, where it stopped.

A resumable run writes its output file directly (not through a temporary file) and keeps a
sidecar checkpoint, ``OUTPUT.contentguard-resume``: how many input documents are done, how
long the output was at that point, the run's counters, and what the run was (command,
options, the inputs' sizes and modification times). Every ``CHECKPOINT_EVERY`` documents
the output is flushed to disk and then the checkpoint is replaced atomically, so the
output up to the checkpoint is always complete. Running the same command again with
``--resume`` cuts the output back to the checkpoint (dropping a half-written batch), skips
the documents already done and appends the rest; the finished output is the same as an
uninterrupted run's. A finished run removes its checkpoint. A checkpoint that belongs to
another run (other inputs or options) is an error, never silently mixed in.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from .atomic import atomic_writer
from .errors import InputError
from .models import Document

CHECKPOINT_EVERY = 500
"""Documents between two checkpoints."""
SUFFIX = ".contentguard-resume"
VERSION = 1


def _inputs(paths: Sequence[str]) -> list[list[Any]]:
    described: list[list[Any]] = []
    for raw in paths:
        if raw == "-":
            raise InputError("--resume cannot continue reading stdin; name the input files")
        try:
            stat = os.stat(raw)
        except OSError as error:
            raise InputError(f"{raw}: cannot read: {error.strerror or error}") from None
        described.append([str(Path(raw).resolve()), stat.st_size, stat.st_mtime_ns])
    return described


class Checkpoint:
    """The output file of a resumable run and its sidecar checkpoint.

    ``with Checkpoint(output, paths, run) as checkpoint:`` opens the output (cut back to the
    last checkpoint, or empty for a new run); ``checkpoint.skip(documents)`` drops the
    documents done before; call ``checkpoint.done(counters)`` after each document's output
    is written, and ``checkpoint.finish()`` when the run completed.
    """

    def __init__(self, output: Path, paths: Sequence[str], run: Mapping[str, Any]) -> None:
        self.output = Path(output)
        self.sidecar = self.output.with_name(self.output.name + SUFFIX)
        identity = {"version": VERSION, "run": dict(run), "inputs": _inputs(paths)}
        self.identity = json.loads(json.dumps(identity, default=str))  # as it reads back from the file
        self.documents = 0
        self.counters: dict[str, int] = {}
        self._since = 0
        self._stream: IO[str] | None = None

    def __enter__(self) -> Checkpoint:
        size = 0
        if self.sidecar.exists():
            try:
                saved = json.loads(self.sidecar.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise InputError(f"{self.sidecar}: unreadable checkpoint ({error}); delete it to start over") from None
            if {key: saved.get(key) for key in self.identity} != self.identity:
                raise InputError(f"{self.sidecar}: the checkpoint is for another run (other inputs or options); "
                                 "delete it to start over")
            self.documents = int(saved["documents"])
            self.counters = {key: int(value) for key, value in saved["counters"].items()}
            size = int(saved["output_bytes"])
            if not self.output.exists() or self.output.stat().st_size < size:
                raise InputError(f"{self.output}: shorter than its checkpoint says; delete "
                                 f"{self.sidecar.name} to start over")
        try:
            stream = open(self.output, "r+b" if size else "wb")  # noqa: SIM115 - closed in __exit__
            stream.truncate(size)
            stream.seek(size)
        except OSError as error:
            raise InputError(f"{self.output}: cannot write: {error.strerror or error}") from None
        self._stream = open(stream.fileno(), "w", encoding="utf-8", newline="", closefd=False)  # noqa: SIM115
        self._raw = stream
        if not size:
            self._save()
        return self

    @property
    def stream(self) -> IO[str]:
        """Where the command writes its output."""
        assert self._stream is not None
        return self._stream

    def skip(self, documents: Iterable[Document]) -> Iterator[Document]:
        """``documents`` without the ones an earlier run finished."""
        for number, document in enumerate(documents):
            if number >= self.documents:
                yield document

    def done(self, counters: Mapping[str, int]) -> None:
        """One more document's output is written; save a checkpoint every so often."""
        self._since += 1
        if self._since >= CHECKPOINT_EVERY:
            self._save(counters)

    def restored(self, counters: dict[str, int]) -> None:
        """Add the earlier runs' counters into ``counters`` (findings, skipped records…)."""
        for key, value in self.counters.items():
            counters[key] = counters.get(key, 0) + value

    def _save(self, counters: Mapping[str, int] | None = None) -> None:
        stream = self.stream
        stream.flush()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self.documents += self._since
        self._since = 0
        if counters is not None:
            self.counters = dict(counters)
        state = {**self.identity, "documents": self.documents, "output_bytes": self._raw.tell(),
                 "counters": self.counters}
        with atomic_writer(self.sidecar) as handle:
            handle.write(json.dumps(state, indent=1) + "\n")

    def finish(self) -> None:
        """The run completed: flush the output and remove the checkpoint."""
        self.stream.flush()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self.sidecar.unlink(missing_ok=True)

    def __exit__(self, *exc: object) -> None:
        if self._stream is not None:
            try:
                self._stream.close()
            finally:
                self._raw.close()
