"""contentguard-profanity as a plugin: word lists, rule pack, masking, loading through the entry point."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import contentguard_profanity
import pytest
from contentguard_profanity.wordlists import (
    SEVERITIES,
    packaged_languages,
    packaged_list,
)
from typer.testing import CliRunner

from contentguard.cli import app
from contentguard.plugins import get_plugin_manager
from contentguard.testing import assert_findings, assert_rule_examples


@pytest.fixture
def contentguard_plugins():
    return [contentguard_profanity]


def test_every_rule_example_behaves():
    assert assert_rule_examples(plugins=[contentguard_profanity]) == 56


def test_three_rules_per_language(contentguard_harness):
    rules = contentguard_harness.rules
    assert {r.category for r in rules} == {"profanity"}
    assert sorted(r.id for r in rules) == sorted(f"profanity/{language}-{severity}"
                                                 for language in ("de", "en", "es", "fr") for severity in SEVERITIES)
    for rule in rules:
        language, severity = rule.id.split("/")[1].split("-")
        assert rule.languages == [language] and rule.options == {"language": language, "severities": [severity]}
        assert (rule.severity.value, rule.action) == {"mild": ("info", "flag"), "strong": ("warning", "mask"),
                                                      "severe": ("error", "mask")}[severity]


@pytest.mark.parametrize("language", ["de", "en", "es", "fr"])
def test_word_lists_are_well_formed(language):
    word_list = packaged_list(language)
    assert word_list.language == language
    spellings = Counter(s for entry in word_list.words for s in entry.spellings())
    assert [s for s, n in spellings.items() if n > 1] == []
    assert {entry.severity for entry in word_list.words} == set(SEVERITIES)
    assert len(word_list.words) <= 25, "keep the lists modest"


def test_packaged_languages():
    assert packaged_languages() == ["de", "en", "es", "fr"]


def test_mild_words_are_flagged_and_the_rest_masked(contentguard_harness):
    text = "Damn. This sh1t is f*cking broken.\nThe cocktail bar in Scunthorpe is fine.\n"
    assert_findings(contentguard_harness.scan(text), [
        {"text": "Damn", "rule": "profanity/en-mild", "severity": "info", "action": "flag"},
        {"text": "sh1t", "rule": "profanity/en-strong", "severity": "warning", "action": "mask"},
        {"text": "f*cking", "rule": "profanity/en-severe", "severity": "error", "action": "mask"}])
    assert contentguard_harness.clean(text) == ("Damn. This **** is ******* broken.\n"
                                                "The cocktail bar in Scunthorpe is fine.\n")


def test_installed_entry_point_loads_this_plugin():
    registry = get_plugin_manager(only=["profanity"])
    info = registry.info["profanity"]
    assert (info.kind, info.distribution, info.version) == ("entry-point", "contentguard-profanity", "0.1.0")
    parts = registry.contributions()["profanity"]
    assert parts["detectors"] == ["profanity"]
    assert parts["rule paths"] == [str(Path(contentguard_profanity.__file__).parent / "rules")]


def test_clean_on_the_command_line(monkeypatch):
    monkeypatch.setenv("CONTENTGUARD_LOAD_PLUGINS", "contentguard-profanity")
    result = CliRunner().invoke(app, ["clean", "-", "--language", "en"], input="What the f*ck is this sh1t?\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "What the **** is this ****?\n"
