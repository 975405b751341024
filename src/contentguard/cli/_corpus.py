"""Corpus-run options shared by ``scan`` and ``clean``: ``--jobs``, ``--resume``, the progress bar."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Annotated, Any, Optional

import typer

from ..models import Document
from ..progress import CorpusProgress
from ..resume import Checkpoint
from .app import _output, err, fail

JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Scan on N processes (0: one per CPU); "
                                      "output stays in input order.")]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="Continue an interrupted run (needs --output; keeps "
                                         "a checkpoint beside it until the run completes).")]
ProgressOpt = Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr "
                                                     "(default: when stderr is a terminal and the output is not).")]


def job_count(jobs: int) -> int:
    """``--jobs`` as a process count: 0 means one per CPU."""
    return jobs or os.cpu_count() or 1


class CorpusRun:
    """What a corpus run does around each document: skip finished ones, checkpoint, progress."""

    def __init__(self, checkpoint: Checkpoint | None, progress: CorpusProgress) -> None:
        self.checkpoint = checkpoint
        self.progress = progress

    def documents(self, documents: Iterable[Document]) -> Iterable[Document]:
        """The documents still to do (all of them unless resuming)."""
        return self.checkpoint.skip(documents) if self.checkpoint is not None else documents

    def done(self, document: Document, counters: Mapping[str, int]) -> None:
        """``document``'s output is written."""
        self.progress.advance(len(document.text))
        if self.checkpoint is not None:
            self.checkpoint.done(counters)


@contextlib.contextmanager
def corpus_output(output: Path | None, paths: list[str], *, command: str, options: Mapping[str, Any],
                  resume: bool, progress: bool | None,
                  counters: dict[str, int]) -> Iterator[tuple[IO[str], CorpusRun]]:
    """The output stream and the CorpusRun for one ``scan`` or ``clean`` run."""
    to_terminal = output is None or str(output) == "-"
    show = progress if progress is not None else (err.is_terminal and not (to_terminal and sys.stdout.isatty()))
    if not resume:
        with _output(output) as out, CorpusProgress(err, paths, enabled=show) as bar:
            yield out, CorpusRun(None, bar)
        return
    if to_terminal:
        fail("--resume needs --output FILE (the checkpoint is kept beside it)")
    assert output is not None
    checkpoint = Checkpoint(output, paths, {"command": command, **options})
    with checkpoint, CorpusProgress(err, paths, enabled=show, done=checkpoint.documents) as bar:
        checkpoint.restored(counters)
        yield checkpoint.stream, CorpusRun(checkpoint, bar)
        checkpoint.finish()
