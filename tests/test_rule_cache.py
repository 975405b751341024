"""The rule cache: rule files read before load from it, and an edited file is never served stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contentguard.api import Scanner
from contentguard.detectors import phrase
from contentguard.errors import RuleError
from contentguard.rules import load_rules

PACK = """\
- id: paywall/members-only
  category: paywall
  message: Members-only prompt
  phrases: ["{phrase}"]
  examples:
    match: ["{phrase}"]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.delenv("CONTENTGUARD_NO_CACHE", raising=False)
    monkeypatch.setenv("CONTENTGUARD_CACHE_DIR", str(folder))
    return folder


def write_pack(path: Path, phrase: str, *, mtime_ns: int | None = None) -> None:
    path.write_text(PACK.format(phrase=phrase), encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def found(rules: Path, text: str) -> list[str]:
    scanner = Scanner(rules=[rules], load_entry_points=False, select=["paywall/members-only"])
    return [finding.text for finding in scanner.scan(text).findings]


def test_a_rule_file_loads_the_same_from_the_cache(cache: Path, tmp_path: Path) -> None:
    pack = tmp_path / "house.yaml"
    write_pack(pack, "Members only beyond this point")
    first = load_rules([pack])
    assert list(cache.glob("rules-*.json")), "the first load fills the cache"
    again = load_rules([pack])
    assert again == first
    assert (again[0].source, again[0].source_line) == (str(pack), 1)


def test_an_edited_rule_file_is_read_again_even_with_the_same_size_and_time(cache: Path, tmp_path: Path) -> None:
    pack = tmp_path / "house.yaml"
    write_pack(pack, "Members only beyond this point")
    stamp = pack.stat().st_mtime_ns
    assert found(pack, "Intro.\n\nMembers only beyond this point\n") == ["Members only beyond this point"]
    # same length, same modification time: only the bytes differ
    write_pack(pack, "Subscribers only past the line", mtime_ns=stamp)
    assert pack.stat().st_size == len(PACK.format(phrase="Members only beyond this point").encode())
    assert found(pack, "Intro.\n\nMembers only beyond this point\n") == []
    assert found(pack, "Intro.\n\nSubscribers only past the line\n") == ["Subscribers only past the line"]


@pytest.mark.parametrize("garbage", [
    b"", b"\x00\xff\xfe not json", b'{"truncated": [', b"[1, 2, 3]", b'{"0:/x.yaml": "not an entry"}',
])
def test_a_corrupt_cache_file_is_ignored(cache: Path, tmp_path: Path, garbage: bytes) -> None:
    pack = tmp_path / "house.yaml"
    write_pack(pack, "Members only beyond this point")
    expected = load_rules([pack])
    for file in cache.glob("rules-*.json"):
        file.write_bytes(garbage)
    assert load_rules([pack]) == expected
    assert found(pack, "Members only beyond this point\n") == ["Members only beyond this point"]


def test_a_cache_entry_that_no_longer_validates_is_ignored(cache: Path, tmp_path: Path) -> None:
    pack = tmp_path / "house.yaml"
    write_pack(pack, "Members only beyond this point")
    expected = load_rules([pack])
    (file,) = cache.glob("rules-*.json")
    # keep the entry's key and hash but break the rules it holds
    text = file.read_text(encoding="utf-8").replace('"id": "paywall/members-only"', '"id": 12')
    file.write_text(text, encoding="utf-8")
    assert load_rules([pack]) == expected


def test_a_broken_rule_file_is_reported_on_every_run(cache: Path, tmp_path: Path) -> None:
    pack = tmp_path / "house.yaml"
    pack.write_text(PACK.format(phrase="x").replace("category: paywall", "category: Pay Wall"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError, match="category must be lowercase kebab-case"):
            load_rules([pack])


def test_no_cache_is_written_with_contentguard_no_cache(cache: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTENTGUARD_NO_CACHE", "1")
    pack = tmp_path / "house.yaml"
    write_pack(pack, "Members only beyond this point")
    assert found(pack, "Members only beyond this point\n") == ["Members only beyond this point"]
    assert not cache.exists() or not list(cache.glob("rules-*.json")) and not list(cache.glob("phrase-*.pickle"))


def test_the_phrase_automaton_is_built_once_and_then_loaded(cache: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pack = tmp_path / "house.yaml"
    write_pack(pack, "Members only beyond this point")
    text = "Intro.\n\nMembers only beyond this point\n"
    assert found(pack, text) == ["Members only beyond this point"]
    assert len(list(cache.glob("phrase-*.pickle"))) == 1

    def no_build(self: phrase.PhraseDetector) -> None:
        raise AssertionError("the automaton should have come from the cache")

    monkeypatch.setattr(phrase.PhraseDetector, "_build", no_build)
    assert found(pack, text) == ["Members only beyond this point"]
    # other rules are another automaton, built afresh
    write_pack(pack, "Subscribers only past the line")
    with pytest.raises(AssertionError, match="from the cache"):
        found(pack, text)


@pytest.mark.parametrize("garbage", [b"", b"\x80\x05 not a pickle", b"\x80\x04K\x01."])
def test_a_damaged_phrase_automaton_file_is_rebuilt(cache: Path, tmp_path: Path, garbage: bytes) -> None:
    pack = tmp_path / "house.yaml"
    write_pack(pack, "Members only beyond this point")
    text = "Intro.\n\nMembers only beyond this point\n"
    assert found(pack, text) == ["Members only beyond this point"]
    for file in cache.glob("phrase-*.pickle"):
        file.write_bytes(garbage)
    assert found(pack, text) == ["Members only beyond this point"]
