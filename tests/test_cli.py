from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from contentguard.cli import app

from .conftest import SEED

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, [*args, "--no-plugins"] if args[0] in ("scan", "clean") else list(args), input=input)


def test_scan_clean_text_exits_0(tmp_path: Path):
    page = tmp_path / "ok.txt"
    page.write_text("A plain article paragraph about the weather in the valley this week.\n")
    result = run("scan", str(page))
    assert result.exit_code == 0
    assert "No findings in 1 document(s)." in result.stdout


def test_scan_text_format_lists_findings_with_positions():
    result = run("scan", str(SEED))
    assert result.exit_code == 1
    assert f"{SEED}:24:1: paywall/sign-up-to-read [paywall]" in result.stdout
    assert "verdict: paywall soft" in result.stdout


def test_fail_on_error_and_never():
    assert run("scan", str(SEED), "--fail-on", "error").exit_code == 0
    assert run("scan", str(SEED), "--fail-on", "never").exit_code == 0
    bad = run("scan", str(SEED), "--fail-on", "loud")
    assert bad.exit_code == 2 and "contentguard: error: --fail-on must be one of" in bad.stderr


def test_stdin_and_jsonl_format():
    result = run("scan", "-", "--format", "jsonl", input="Download the app\n")
    assert result.exit_code == 1
    line = json.loads(result.stdout)
    assert line["findings"][0]["category"] == "app-promo"


def test_directory_walk_finds_text_like_files(tmp_path: Path):
    (tmp_path / "a.md").write_text("Download the app\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Fourteen days free\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    result = run("scan", str(tmp_path), "--format", "json")
    paths = [d["path"] for d in json.loads(result.stdout)["documents"]]
    assert paths == [str(tmp_path / "a.md"), str(tmp_path / "sub" / "b.txt")]


def test_missing_file_is_one_line_exit_2(tmp_path: Path):
    result = run("scan", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"contentguard: error: {tmp_path / 'nope.txt'}: no such file or directory"


def test_unknown_format_is_exit_2():
    result = run("scan", str(SEED), "--format", "yaml")
    assert result.exit_code == 2 and "unknown format 'yaml'" in result.stderr


def test_clean_to_file(tmp_path: Path):
    out = tmp_path / "out.txt"
    assert run("clean", str(SEED), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("Kim Aims For Rural Industry Revolution")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_corpus_clean_keeps_order_and_other_fields(tmp_path: Path):
    corpus = tmp_path / "corpus.jsonl"
    records = [
        {"id": "a", "text": "Story one.\nDownload the app\n", "meta": {"n": 1}},
        {"id": "b", "body": "x", "text": "Story two.\n", "score": 0.5},
        {"id": "c", "text": "Sign up to read this article\nStory three.\n", "tags": ["x", "é"]},
    ]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run("clean", str(corpus), "-o", str(out)).exit_code == 0
    cleaned = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in cleaned] == ["Story one.\n", "Story two.\n", "Story three.\n"]
    for before, after in zip(records, cleaned):
        assert {k: v for k, v in before.items() if k != "text"} == {k: v for k, v in after.items() if k != "text"}
    scan = run("scan", str(corpus), "--format", "jsonl")
    lines = [json.loads(line) for line in scan.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert [len(line["findings"]) for line in lines] == [1, 0, 1]


def test_corpus_text_field_and_bad_records(tmp_path: Path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"body": "Download the app"}\n{not json}\n{"other": 1}\n')
    result = run("scan", str(corpus), "--text-field", "body", "--format", "jsonl")
    assert result.exit_code == 2
    assert f"{corpus}:2: invalid JSON" in result.stderr
    result = run("scan", str(corpus), "--text-field", "body", "--format", "jsonl", "--skip-bad-records")
    assert result.exit_code == 1
    assert "skipped 2 bad record(s)" in result.stderr
    assert f"{corpus}:3: record has no 'body' field" in result.stderr


def test_rules_test_passes_and_fails_naming_the_rule(tmp_path: Path):
    result = run("rules", "test")
    assert result.exit_code == 0, result.stderr
    assert " 0 failed" in result.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("- id: paywall/broken-example\n  category: paywall\n  message: m\n"
                      "  phrases: ['pay the toll']\n  examples:\n    match: ['something else entirely']\n")
    result = run("rules", "test", "--rules", str(broken))
    assert result.exit_code == 1
    assert "paywall/broken-example: example should match but did not" in result.stderr
    assert "1 failed" in result.stdout


def test_malformed_rule_file_one_line_with_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: paywall/x\n  category: paywall\n  message: m\n  phrases: ['a']\n  scope: page\n"
                   "  examples: {match: [a]}\n")
    for command in (["scan", str(SEED), "--rules", str(bad)], ["rules", "list", "--rules", str(bad)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2
        assert result.stderr.strip().startswith(f"contentguard: error: {bad}:5: paywall/x: scope:")
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_rules_list_and_show():
    result = run("rules", "list")
    assert "paywall/sign-up-to-read" in result.stdout
    shown = run("rules", "show", "paywall/sign-up-to-read")
    assert shown.exit_code == 0 and "- id: paywall/sign-up-to-read" in shown.stdout
    assert run("rules", "show", "nope/nope").exit_code == 2


def test_plugins_list_shows_builtins():
    result = run("plugins", "list", "--json")
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["contentguard.detectors.phrase"]["detectors"] == ["phrase"]
    assert rows["contentguard.reporters.json"]["reporters"] == ["json", "jsonl"]


def test_console_script_usage_error_no_traceback():
    result = subprocess.run([sys.executable, "-m", "contentguard", "scan", "--bogus"], capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "No such option" in result.stderr
