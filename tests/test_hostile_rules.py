"""Hostile rule files: rejected at load with ``file:line: what is wrong``, or stopped by the
pattern timeout with a message naming the rule; never a hang, a crash or code execution."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from contentguard.errors import RuleError
from contentguard.rules import MAX_RULE_FILE_BYTES, load_rule_file, parse_rules

RULE = """\
- id: paywall/hostile
  category: paywall
  message: A hostile rule
  {field}
  examples: {{match: [sign up]}}
"""
BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
rules: *i
"""


def rule(field: str) -> str:
    return RULE.format(field=field)


def rejected(text: str) -> str:
    """The one-line message a rule file is rejected with (it must be, and quickly)."""
    started = time.monotonic()
    with pytest.raises(RuleError) as caught:
        parse_rules(text, "hostile.yaml")
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert message.startswith("hostile.yaml") and "\n" not in message
    return message


def test_billion_laughs_is_refused_before_it_expands() -> None:
    assert "YAML aliases (*name) are not allowed" in rejected(BILLION_LAUGHS)


def test_an_alias_inside_a_rule_is_refused() -> None:
    text = "- &r\n  id: paywall/a\n  category: paywall\n  message: m\n  phrases: [x]\n  examples: {match: [x]}\n- *r\n"
    assert "aliases" in rejected(text)


@pytest.mark.parametrize("tagged", [
    "message: !!python/object/apply:os.system ['touch {marker}']",
    "message: !!python/object/new:os.system ['touch {marker}']",
    "message: !!python/name:os.system",
    "message: !!python/module:os",
    "phrases: !!python/object/apply:subprocess.check_output [['touch', '{marker}']]",
    "phrases: [!!python/object/apply:os.system ['touch {marker}']]",
])
def test_python_tags_are_refused_and_run_nothing(tagged: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    message = rejected(rule(tagged.format(marker=marker)))
    assert "YAML tag '!!python/" in message and "is not allowed in rule files" in message
    assert not marker.exists()


@pytest.mark.parametrize(("tagged", "shown"), [
    ("message: !env HOME", "!env"), ("message: !!binary aGVsbG8=", "!!binary"),
    ("phrases: !!set {a, b}", "!!set"), ("options: {<<: {a: 1}}", "!!merge"),
])
def test_other_tags_are_refused_by_name(tagged: str, shown: str) -> None:
    assert f"YAML tag {shown!r} is not allowed" in rejected(rule(tagged))


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    deep = "options: " + "{a: " * 900 + "1" + "}" * 900
    assert "nested more than 64 levels deep" in rejected(rule(deep))
    deeper = "options: " + "[" * 20000 + "]" * 20000
    assert "invalid YAML" in rejected(rule(deeper)) or "nested" in rejected(rule(deeper))


def test_a_number_too_long_to_read_is_a_rule_error() -> None:
    assert "cannot read value: Exceeds the limit" in rejected(rule("max_line_chars: " + "9" * 10000))


def test_unknown_keys_are_named_with_their_line() -> None:
    assert rejected(rule("phrases: [x]\n  run: rm -rf /")) == "hostile.yaml:5: paywall/hostile: run: unknown key"
    assert "unknown top-level key 'import'" in rejected("import: os\nrules: []\n")


@pytest.mark.parametrize("value", ["[123]", "[{a: b}]", "[[x]]", "[null]", "[true]", "123", "{a: b}"])
def test_non_string_patterns_are_refused(value: str) -> None:
    assert "hostile.yaml:4: paywall/hostile: patterns" in rejected(rule(f"patterns: {value}"))


@pytest.mark.parametrize(("pattern", "problem"), [
    ("(?:(?:a{1000}){1000}){1000}", "nested repeat counts multiply to more than 100,000"),
    ("(?:a{1000}){1000}", "nested repeat counts multiply to more than 100,000"),
    ("x{99999999999}", "nested repeat counts multiply to more than 100,000"),
    ("(?:" * 400 + "a" + ")" * 400, "invalid regular expression: nested too deeply"),
    ("(unclosed", "invalid regular expression: missing )"),
    ("(?:foo){e<=1}(?:(?:x{99}){99}){99}", "nested repeat counts multiply"),
])
def test_patterns_that_cannot_compile_in_bounded_memory_are_refused(pattern: str, problem: str) -> None:
    assert problem in rejected(rule(f"patterns: ['{pattern}']"))


def test_reasonable_nested_repeats_still_load() -> None:
    [loaded] = parse_rules(rule(r"patterns: ['(?:\w{1,20} ){2,7}x', '[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}']"))
    assert len(loaded.patterns) == 2


def test_huge_rule_file_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(rule("phrases: [x]") * (MAX_RULE_FILE_BYTES // 100 + 1))
    with pytest.raises(RuleError, match=r"huge.yaml: rule file is larger than 5,000,000 bytes"):
        load_rule_file(path)


@pytest.mark.parametrize("data", [b"\x00\x01\x02", b"- id: \xff\xfe", "- id: a\x1b[31m".encode()])
def test_binary_and_control_characters_are_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(data)
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    assert str(caught.value).startswith(f"{path}") and "\n" not in str(caught.value)


CATASTROPHIC = """\
- id: paywall/backtracking
  category: paywall
  message: Catastrophic backtracking
  scope: {scope}
  patterns: ['(a+)+$', '(x+x+)+y', '(a|aa)+$']
  examples: {{match: [aaa]}}
"""


@pytest.mark.parametrize("scope", ["span", "line"])
def test_catastrophic_backtracking_is_stopped_and_names_the_rule(tmp_path: Path, scope: str) -> None:
    rules = tmp_path / "slow.yaml"
    rules.write_text(CATASTROPHIC.format(scope=scope))
    page = tmp_path / "page.txt"
    page.write_text("Story.\n" + "a" * 60 + "!\n" + "x" * 60 + "\n")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "contentguard", "scan", str(page), "--rules", str(rules), "--select",
         "paywall/backtracking", "--no-plugins"], capture_output=True, text=True, timeout=120)
    assert time.monotonic() - started < 120  # the point: it finishes
    assert result.returncode == 2 and "Traceback" not in result.stderr
    # the regex module defuses some nested quantifiers itself; whatever still runs away is stopped
    stopped = [line.split(" pattern ")[1].split(" timed out")[0] for line in result.stderr.splitlines()]
    assert result.stderr.splitlines() == [
        f"contentguard: error: {page}: paywall/backtracking: pattern {pattern} timed out after 1.0s and was stopped"
        for pattern in stopped]
    assert "'(a|aa)+$'" in stopped
    assert "No findings in 1 document(s)." in result.stdout


def test_a_rule_file_cannot_break_the_cli(tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text(BILLION_LAUGHS)
    page = tmp_path / "page.txt"
    page.write_text("Story.\n")
    result = subprocess.run([sys.executable, "-m", "contentguard", "scan", str(page), "--rules", str(rules),
                             "--no-plugins"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == f"contentguard: error: {rules}:1: YAML aliases (*name) are not allowed in rule files\n"
