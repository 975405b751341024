"""A progress bar for corpus runs: documents done, docs/s, MB/s and the time left.

Shown on stderr when it is a terminal (and the output does not go to that same terminal);
never when stderr is piped or redirected. The total, which the time left needs, is counted
in a background thread (the lines of each JSONL file, one per other file), so the scan
starts at once; until the count is in, the bar shows the rate without an ETA.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, Task,
                           TextColumn, TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

CORPUS_SUFFIXES = (".jsonl", ".ndjson")
READ_BLOCK = 1 << 20


class _RateColumn(ProgressColumn):
    """Documents and megabytes per second."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        if elapsed <= 0:
            return Text("– docs/s", style="progress.data.speed")
        docs = task.completed / elapsed
        megabytes = task.fields.get("chars", 0) / elapsed / 1e6
        return Text(f"{docs:,.0f} docs/s {megabytes:.1f} MB/s", style="progress.data.speed")


def count_documents(paths: Sequence[str]) -> int | None:
    """Documents in ``paths`` (lines of a JSONL file, 1 for another file), or None when unknown."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.is_file():
            return None
        if path.name.lower().endswith(CORPUS_SUFFIXES):
            lines = 0
            last = b"\n"
            with open(path, "rb") as stream:
                while block := stream.read(READ_BLOCK):
                    lines += block.count(b"\n")
                    last = block[-1:]
            total += lines + (last != b"\n")
        else:
            total += 1
    return total


class CorpusProgress:
    """``with CorpusProgress(console, paths, enabled=...) as progress: progress.advance(chars)``."""

    def __init__(self, console: Console, paths: Sequence[str], *, enabled: bool, done: int = 0) -> None:
        self.enabled = enabled
        self.done = done
        self._paths = list(paths)
        self._progress: Progress | None = None
        self._task = None
        if enabled:
            self._progress = Progress(
                SpinnerColumn(), BarColumn(), MofNCompleteColumn(), TextColumn("docs"), _RateColumn(),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=console, transient=True, redirect_stdout=False, redirect_stderr=True,
            )

    def __enter__(self) -> CorpusProgress:
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task("scan", total=None, completed=0, chars=0)
            threading.Thread(target=self._count, daemon=True).start()
        return self

    def _count(self) -> None:
        try:
            total = count_documents(self._paths)
        except OSError:
            return
        if total is not None and self._progress is not None and self._task is not None:
            # documents already done by an earlier (resumed) run are not part of this one
            self._progress.update(self._task, total=max(0, total - self.done))

    def advance(self, chars: int) -> None:
        """One more document done, ``chars`` characters long."""
        if self._progress is not None and self._task is not None:
            task = self._progress.tasks[0]
            self._progress.update(self._task, advance=1, chars=task.fields.get("chars", 0) + chars)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
