"""Fuzzing with page-like text (tests/strategies.py): the normaliser's offset map, scan and
clean invariants, and bounded fuzz runs over the YAML rule loader and every reader.

The runs are small (``max_examples``) so the suite stays fast; ``bench/reliability.py``
runs the same fuzzers longer and counts what happened.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentguard.errors import ContentGuardError, RuleError
from contentguard.inputs import Inputs
from contentguard.models import Document, Rule
from contentguard.normalize import Normalized, fold
from contentguard.plugins import get_plugin_manager
from contentguard.reader import ReadOptions
from contentguard.rules import parse_rules

from .strategies import any_text, page_text

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALID_RULES = """\
defaults:
  category: paywall
  languages: [en]
rules:
  - id: paywall/sign-up-to-read
    message: Paywall prompt
    phrases: ["sign up to read this article", "subscribe to continue reading"]
    patterns: ['\\byou(?:''|’)ve reached your (?:free )?(?:article|story) limit\\b']
    scope: line
    max_line_chars: 160
    action: remove-line
    confidence: 0.95
    examples:
      match: ["Sign up to read this article"]
      no_match: ["Officials urged residents to sign up to read the guidance."]
  - id: paywall/other
    severity: info
    message: Register prompt
    phrases: [register now]
    examples: {match: [Register now]}
"""
YAML_NOISE = ["&a ", "*a", "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!custom ", "<<: ",
              "[", "]", "{", "}", "- ", ": ", "\n", "  ", "'", '"', "\\", "\t", "#", "|", ">", "%YAML 1.1\n",
              "---\n", "...\n", "? ", "~", "1e999", "9" * 5000, "\x00", "\ufeff", "é", "(a+)+$", "{0,99999}",
              "(?:" * 40, "?P<", "\\p{", "null", "[]", "{}", "-1", ".nan", "2024-01-01"]
READER_SEEDS = {
    "page.txt": "Article text.\r\nSign up to read this article\n".encode(),
    "page.md": b"---\ntitle: t\n---\n# Head\n\nDownload the app\n```\ncode\n```\n",
    "page.html": b"<html><head><meta charset=latin-1><title>T</title></head><body><article><p>Story "
                 b"text here.</p><p>Download the app</p></article><div class=paywall>x</div></body></html>",
    "corpus.jsonl": b'{"id": 1, "text": "Download the app"}\n{"id": 2, "text": "Plain."}\n',
    "page.txt.gz": gzip.compress(b"Gzipped article.\nDownload the app\n"),
}


# --- the normaliser --------------------------------------------------------------------------

@FUZZ
@given(any_text())
def test_offset_map_stays_inside_the_text_and_keeps_every_newline(text: str) -> None:
    norm = Normalized.of(text)
    assert norm.text == fold(text)
    assert norm.text.count("\n") == text.count("\n")
    last = 0
    for position in range(0, len(norm.text) + 1, max(1, len(norm.text) // 200)):
        start, end = norm.to_original(position, min(len(norm.text), position + 7))
        assert 0 <= start <= end <= len(text)
        assert start >= last  # monotonic: a later folded position never maps earlier
        last = start
    newlines = [k for k, char in enumerate(norm.text) if char == "\n"]
    originals = [k for k, char in enumerate(text) if char == "\n"]
    assert [norm.to_original(k, k + 1) for k in newlines] == [(k, k + 1) for k in originals]


# --- scan and clean --------------------------------------------------------------------------

def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


@FUZZ
@given(page_text())
def test_every_finding_is_its_text_at_its_line_and_column(scanner, text: str) -> None:
    report = scanner.scan(text)
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert (finding.line, finding.column) == _position(text, finding.start)
        assert (finding.end_line, finding.end_column) == _position(text, finding.end)
    assert report.problems == []


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(char in it for char in small)


@FUZZ
@given(page_text())
def test_clean_only_deletes_settles_and_leaves_clean_text_alone(scanner, text: str) -> None:
    report = scanner.scan(text, with_cleaned=True)
    cleaned = report.cleaned
    assert cleaned is not None
    assert _is_subsequence(cleaned, text)
    if not report.findings:
        assert cleaned == text
    assert scanner.clean(cleaned) == cleaned


# --- the YAML rule loader --------------------------------------------------------------------

@st.composite
def mutated_rules(draw: st.DrawFn) -> str:
    """The valid rule file with a few cuts, insertions (YAML syntax, tags, aliases) and swaps."""
    text = VALID_RULES
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "swap-lines"]))
        if kind == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(YAML_NOISE), st.text(max_size=8))) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif kind == "replace":
            text = text[:at] + draw(st.characters(blacklist_categories=("Cs",))) + text[at + 1:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def test_the_unmutated_rule_file_loads() -> None:
    rules = parse_rules(VALID_RULES, "fuzz.yaml")
    assert [rule.id for rule in rules] == ["paywall/sign-up-to-read", "paywall/other"]


@FUZZ
@given(st.one_of(mutated_rules(), mutated_rules(), st.text(max_size=200)))
def test_rule_loader_gives_rules_or_a_rule_error_never_another_exception(text: str) -> None:
    try:
        rules = parse_rules(text, "fuzz.yaml")
    except RuleError as error:
        message = str(error)
        assert message.startswith("fuzz.yaml") and "\n" not in message.rstrip("\n")
        return
    assert all(isinstance(rule, Rule) for rule in rules)


# --- the readers -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reader_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("readers")


def _read_all(folder: Path, name: str, data: bytes, **options: object) -> list[Document]:
    path = folder / name
    path.write_bytes(data)
    inputs = Inputs(get_plugin_manager(load_entry_points=False).readers(), ReadOptions(**options))  # type: ignore[arg-type]
    return list(inputs.read(path, named=True))


@st.composite
def mutated_input(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(READER_SEEDS)))
    data = bytearray(READER_SEEDS[name])
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "flip", "truncate"]))
        if kind == "insert":
            data[at:at] = draw(st.one_of(st.binary(max_size=6), st.sampled_from(
                [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3", b"\\ud800", b"[" * 50, b"<div>" * 50, b"\n"])))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 10))]
        elif kind == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        else:
            del data[at:]
    return name, bytes(data)


@FUZZ
@given(st.one_of(mutated_input(), st.tuples(st.sampled_from(sorted(READER_SEEDS)), st.binary(max_size=300))),
       st.booleans())
def test_readers_give_documents_or_an_input_error_never_another_exception(
        reader_dir: Path, case: tuple[str, bytes], skip_bad: bool) -> None:
    name, data = case
    try:
        documents = _read_all(reader_dir, name, data, skip_bad_records=skip_bad)
    except ContentGuardError as error:
        assert str(error) and "\n" not in str(error)
        return
    for document in documents:
        assert isinstance(document.text, str)
        json.dumps(document.metadata.get("record", {}))  # records stay JSON data


def test_reader_fuzz_seeds_read_cleanly(reader_dir: Path) -> None:
    for name, data in READER_SEEDS.items():
        documents = _read_all(reader_dir, name, data)
        assert documents and all(d.text for d in documents), name


def test_stdin_bytes_are_read_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO("Story.\nDownload the app\n".encode("utf-16"))

    monkeypatch.setattr("sys.stdin", Stdin)
    inputs = Inputs(get_plugin_manager(load_entry_points=False).readers(), ReadOptions())
    [document] = list(inputs.read(Path("-")))
    assert document.text == "Story.\nDownload the app\n"
