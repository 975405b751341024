"""Scan or clean a Dask bag or dataframe partition by partition (``pip install contentguard[dask]``).

Every function takes the collection and returns a new lazy one; nothing runs until you
call ``.compute()`` (or write the result out). The results are the ones the command line
gives for the same records:

- ``clean_bag(bag)``: each record (a dict) with its text field cleaned, other fields
  untouched: the records ``contentguard clean corpus.jsonl`` writes;
- ``scan_bag(bag, path=...)``: each record's report, the object ``contentguard scan
  corpus.jsonl --format jsonl`` writes on its line;
- ``clean_dataframe(df)``: the text column cleaned;
- ``scan_dataframe(df)``: the report columns ``findings`` (how many), ``categories``
  (comma-separated), ``paywall`` (the verdict) and ``report`` (the JSON line the command
  line writes).

The Scanner travels to the workers as its recipe (the arguments it was built with) and is
built once per worker process, then reused for every partition. Pass ``scanner=`` to use
other rules or options, e.g. ``Scanner(languages=["de"], load_entry_points=False)``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..api import Scanner
from ..models import Document
from ..reporters.serialize import SCHEMA, report_dict

try:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
except ImportError as error:  # pragma: no cover - the extra is not installed
    raise ImportError("contentguard.integrations.dask needs Dask: pip install 'contentguard[dask]'") from error

__all__ = ["clean_bag", "clean_dataframe", "scan_bag", "scan_dataframe"]

REPORT_COLUMNS = {"findings": "int64", "categories": "object", "paywall": "object", "report": "object"}


def _scanner(scanner: Scanner | None) -> Scanner:
    return scanner if scanner is not None else Scanner()


def _document(record: dict[str, Any], number: int, *, text_field: str, id_field: str, path: str | None) -> Document:
    """The Document the JSONL reader makes of ``record`` (the ``number``-th line of ``path``)."""
    text = record.get(text_field)
    if not isinstance(text, str):
        raise ValueError(f"record {number} has no string {text_field!r} field")
    ident = record.get(id_field)
    return Document(text=text, path=path, format="text", id=str(ident) if ident is not None else str(number),
                    metadata={"record": record, "line": number, "field": text_field})


def _reports(scanner: Scanner, records: Iterable[dict[str, Any]], *, cleaned: bool, text_field: str,
             id_field: str, path: str | None, start: int = 1) -> Iterator[tuple[dict[str, Any], Any]]:
    for number, record in enumerate(records, start=start):
        document = _document(record, number, text_field=text_field, id_field=id_field, path=path)
        yield record, scanner.scan(document, with_cleaned=cleaned)


def _clean_partition(records: Iterable[dict[str, Any]], recipe: Scanner, text_field: str,
                     id_field: str) -> list[dict[str, Any]]:
    out = []
    for record, report in _reports(recipe, records, cleaned=True, text_field=text_field, id_field=id_field,
                                   path=None):
        out.append({**record, text_field: report.cleaned})
    return out


def _scan_partition(records: Iterable[dict[str, Any]], recipe: Scanner, text_field: str, id_field: str,
                    path: str | None) -> list[dict[str, Any]]:
    return [{"schema": SCHEMA, **report_dict(report)}
            for _, report in _reports(recipe, records, cleaned=False, text_field=text_field, id_field=id_field,
                                      path=path)]


def clean_bag(bag: db.Bag, *, scanner: Scanner | None = None, text_field: str = "text",
              id_field: str = "id") -> db.Bag:
    """A bag of the records with ``text_field`` cleaned (as ``contentguard clean`` writes them)."""
    return bag.map_partitions(_clean_partition, _scanner(scanner), text_field, id_field)


def scan_bag(bag: db.Bag, *, scanner: Scanner | None = None, text_field: str = "text", id_field: str = "id",
             path: str | None = None) -> db.Bag:
    """A bag of report objects, one per record (the lines of ``scan --format jsonl``).

    A report names the record by its ``id_field``; give ``path`` (the file the records came
    from) to have it in the reports as the command line does.
    """
    return bag.map_partitions(_scan_partition, _scanner(scanner), text_field, id_field, path)


def _clean_frame(frame: pd.DataFrame, recipe: Scanner, column: str) -> pd.DataFrame:
    frame = frame.copy()
    frame[column] = [recipe.clean(Document(text=text)) for text in frame[column]]
    return frame


def _scan_frame(frame: pd.DataFrame, recipe: Scanner, column: str, id_column: str | None) -> pd.DataFrame:
    rows = []
    for index, text in zip(frame.index, frame[column]):
        ident = frame.at[index, id_column] if id_column is not None else index
        report = recipe.scan(Document(text=text, id=str(ident)))
        entry = {"schema": SCHEMA, **report_dict(report)}
        rows.append({"findings": len(report.findings),
                     "categories": ",".join(sorted({f.category for f in report.findings})),
                     "paywall": report.verdicts.paywall,
                     "report": json.dumps(entry, ensure_ascii=False)})
    return pd.DataFrame(rows, index=frame.index, columns=list(REPORT_COLUMNS)).astype(REPORT_COLUMNS)


def clean_dataframe(frame: dd.DataFrame, column: str = "text", *, scanner: Scanner | None = None) -> dd.DataFrame:
    """``frame`` with ``column`` cleaned, partition by partition."""
    return frame.map_partitions(_clean_frame, _scanner(scanner), column, meta=frame._meta)


def scan_dataframe(frame: dd.DataFrame, column: str = "text", *, id_column: str | None = None,
                   scanner: Scanner | None = None) -> dd.DataFrame:
    """One row of report columns per row of ``frame`` (same index): findings, categories,
    paywall, report (JSON)."""
    meta = pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in REPORT_COLUMNS.items()})
    return frame.map_partitions(_scan_frame, _scanner(scanner), column, id_column, meta=meta)
