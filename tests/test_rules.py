from __future__ import annotations

from pathlib import Path

import pytest

from contentguard.errors import RuleError
from contentguard.rules import load_rule_file, load_rules, parse_rules

GOOD = """\
- id: paywall/test
  category: paywall
  message: test
  phrases: ["pay up"]
  examples:
    match: ["Pay up"]
"""


def error_for(text: str) -> str:
    with pytest.raises(RuleError) as caught:
        parse_rules(text, "pack.yaml")
    return str(caught.value)


def test_a_good_rule_loads_with_its_source_line():
    (rule,) = parse_rules(GOOD, "pack.yaml")
    assert rule.id == "paywall/test" and rule.source == "pack.yaml" and rule.source_line == 1


def test_unknown_key_names_file_line_and_rule():
    text = GOOD + "  colour: blue\n"
    assert error_for(text) == "pack.yaml:7: paywall/test: colour: unknown key"


def test_bad_regex_points_at_the_pattern_line():
    text = GOOD.replace('  phrases: ["pay up"]\n', "  patterns:\n    - 'ok'\n    - '(unbalanced'\n")
    message = error_for(text)
    assert message.startswith("pack.yaml:6: paywall/test: patterns.1: invalid regular expression")


def test_rule_without_match_example_is_invalid():
    text = GOOD.replace('    match: ["Pay up"]\n', "    no_match: ['x']\n")
    assert "examples.match: required key is missing" in error_for(text)


def test_non_string_pattern_is_rejected():
    text = GOOD.replace('["pay up"]', "[12]")
    assert "phrases.0: Input should be a valid string" in error_for(text)


def test_bad_id_and_bad_yaml_and_aliases():
    assert "rule id must look like 'category/slug'" in error_for(GOOD.replace("paywall/test", "Paywall Test"))
    assert error_for("- id: [unclosed\n").startswith("pack.yaml:")
    bomb = "- &a {id: x/y}\n- *a\n"
    assert "aliases" in error_for(bomb)


def test_duplicate_keys_are_errors():
    assert "duplicate key 'message'" in error_for(GOOD + "  message: again\n")


def test_defaults_apply_to_every_rule():
    text = "defaults:\n  category: paywall\n  languages: [de]\nrules:\n" + "".join(
        "  " + line + "\n" for line in GOOD.replace("  category: paywall\n", "").splitlines())
    (rule,) = parse_rules(text, "pack.yaml")
    assert rule.languages == ["de"] and rule.category == "paywall"


def test_duplicate_ids_across_files(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD)
    with pytest.raises(RuleError, match=r"b.yaml:1: paywall/test: rule id 'paywall/test' is already defined at .*a.yaml:1"):
        load_rules([tmp_path])


def test_unreadable_and_not_utf8(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"- id: \xff\n")
    with pytest.raises(RuleError, match="not UTF-8"):
        load_rule_file(bad)
    with pytest.raises(RuleError, match="no such rule file"):
        load_rules([tmp_path / "missing.yaml"])
