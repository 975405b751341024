"""Scan documents on several processes; results come back in input order, memory stays flat.

``scan_documents(scanner, documents, jobs=N)`` is what ``--jobs N`` runs. The main process
reads the documents and writes the output; ``N`` worker processes scan. Each worker builds
its own Scanner once, from the scanner's recipe (a Scanner pickles as the arguments it was
built with). Documents travel in batches, and at most ``window`` batches are in flight at
any time, so a multi-GB corpus is never read ahead of the workers: memory depends on the
batch size and the window, not on the corpus.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .api import Scanner
from .models import Document, Report

BATCH_DOCUMENTS = 32
"""Documents per batch sent to a worker (fewer when they are large, see ``BATCH_CHARS``)."""
BATCH_CHARS = 1_000_000
"""A batch is sent once its documents hold this many characters."""

_worker: dict[str, Any] = {}


def _start_worker(scanner: Scanner, cleaned: bool) -> None:
    """Pool initializer: unpickling ``scanner`` built it here, once for this process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C and stops us
    _worker["scanner"] = scanner
    _worker["cleaned"] = cleaned


def _pack(document: Document) -> tuple[Any, ...]:
    return (document.text, document.path, document.format, document.id, document.source, document.metadata)


def _scan_batch(batch: list[tuple[Any, ...]]) -> list[dict[str, Any] | None]:
    """Scan a batch in a worker: each report without its document (the main process has it)."""
    scanner: Scanner = _worker["scanner"]
    results: list[dict[str, Any] | None] = []
    for text, path, format, ident, source, metadata in batch:
        if format == "skipped":
            results.append(None)
            continue
        document = Document(text=text, path=path, format=format, id=ident, source=source, metadata=metadata)
        report = scanner.scan(document, with_cleaned=_worker["cleaned"])
        results.append({name: getattr(report, name) for name in Report.model_fields if name != "document"})
    return results


def _batches(documents: Iterable[Document]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    chars = 0
    for document in documents:
        batch.append(document)
        chars += len(document.text)
        if len(batch) >= BATCH_DOCUMENTS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def scan_documents(scanner: Scanner, documents: Iterable[Document], *, jobs: int = 1, cleaned: bool = False,
                   window: int | None = None) -> Iterator[tuple[Document, Report | None]]:
    """(document, report) for each document, in input order; the report is None for a
    document the reader marked ``skipped`` (a bad corpus record).

    ``jobs`` above 1 scans on that many processes, with at most ``window`` batches (default
    ``4 * jobs``) read ahead of the output. The reports are the same as with one job.
    """
    if jobs <= 1:
        for document in documents:
            yield document, None if document.format == "skipped" else scanner.scan(document, with_cleaned=cleaned)
        return
    window = window or 4 * jobs
    context = multiprocessing.get_context("spawn")  # no fork of a process that may run threads
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(scanner, cleaned))
    try:
        pending: deque[tuple[list[Document], Any]] = deque()
        for batch in _batches(documents):
            pending.append((batch, pool.apply_async(_scan_batch, ([_pack(d) for d in batch],))))
            while len(pending) >= window:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _collect(batch: list[Document], result: Any) -> Iterator[tuple[Document, Report | None]]:
    for document, fields in zip(batch, result.get()):
        yield document, None if fields is None else Report.model_construct(document=document, **fields)
