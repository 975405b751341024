"""The Dask integration on a real distributed.LocalCluster: the same results as the command line."""

from __future__ import annotations

import json
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from contentguard.api import Scanner
from contentguard.cli import app
from contentguard.integrations.dask import clean_bag, clean_dataframe, scan_bag, scan_dataframe

from .test_parallel import corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    path = corpus(tmp_path_factory.mktemp("dask"), 24)
    return path, [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _cli(*args: str) -> list[dict]:
    result = runner.invoke(app, [*args, "--no-plugins"])
    assert result.exit_code in (0, 1), result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_clean_bag_matches_the_cli(client: Client, records) -> None:
    path, rows = records
    bag = db.from_sequence(rows, npartitions=4)
    cleaned = clean_bag(bag, scanner=Scanner(load_entry_points=False)).compute()
    assert cleaned == _cli("clean", str(path))
    assert any(row["text"] != original["text"] for row, original in zip(cleaned, rows))


def test_scan_bag_matches_the_cli(client: Client, records) -> None:
    path, rows = records
    bag = db.read_text(str(path), blocksize=2000).map(json.loads)
    assert bag.npartitions > 1
    reports = scan_bag(bag, scanner=Scanner(load_entry_points=False), path=str(path)).compute()
    assert reports == _cli("scan", str(path), "--format", "jsonl")


def test_dataframes_match_the_cli(client: Client, records) -> None:
    path, rows = records
    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=3)
    scanner = Scanner(load_entry_points=False)
    cleaned = clean_dataframe(frame, "text", scanner=scanner).compute()
    assert list(cleaned["text"]) == [row["text"] for row in _cli("clean", str(path))]
    assert list(cleaned["n"]) == [row["n"] for row in rows]
    reports = scan_dataframe(frame, "text", id_column="id", scanner=scanner).compute()
    expected = _cli("scan", str(path), "--format", "jsonl")
    assert list(reports["findings"]) == [len(r["findings"]) for r in expected]
    assert list(reports["paywall"]) == [r["verdicts"]["paywall"] for r in expected]
    for line, cli in zip(reports["report"], expected):
        assert {**json.loads(line), "path": cli["path"]} == cli
