"""contentguard.testing: the helpers and fixtures plugin authors test with."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import ClassVar

import pytest

from contentguard import Detector, DetectorOptions
from contentguard.errors import RuleError
from contentguard.testing import (
    PluginHarness,
    assert_findings,
    assert_rule_examples,
    check_rule_examples,
    make_rule,
    run_detector,
    spans,
)


class WordOptions(DetectorOptions):
    word: str = "hello"


class WordDetector(Detector):
    """Flags every occurrence of the rule's ``options.word``."""

    name: ClassVar[str] = "word"
    Options = WordOptions

    def detect(self, document):
        for rule in self.rules:
            word = self.options[rule.id].word
            start = document.text.find(word)
            while start >= 0:
                yield document.finding(rule, start, start + len(word), detector=self.name)
                start = document.text.find(word, start + 1)


class BrokenDetector(Detector):
    name: ClassVar[str] = "broken"

    def detect(self, document):
        raise RuntimeError("no luck")


PLUGIN = '''
from pathlib import Path
from contentguard import Detector, hookimpl

class ShoutDetector(Detector):
    name = "shout"

    def detect(self, document):
        start = document.text.find("HELLO")
        if start >= 0:
            for rule in self.rules:
                yield document.finding(rule, start, start + 5, detector=self.name)

@hookimpl
def register_detectors():
    return [ShoutDetector]

@hookimpl
def register_rule_paths():
    return [Path(__file__).with_name("rules")]
'''
RULES = """\
- id: shouting/hello
  category: shouting
  detector: shout
  scope: span
  action: mask
  message: Shouted greeting
  examples:
    match: ["HELLO there"]
    no_match: [NO_MATCH]
"""


def write_plugin(folder: Path, no_match: str = "hello there") -> Path:
    (folder / "rules").mkdir(parents=True)
    (folder / "rules" / "shout.yaml").write_text(RULES.replace("NO_MATCH", repr(no_match)))
    path = folder / "shout_plugin.py"
    path.write_text(PLUGIN)
    return path


def test_run_detector_returns_findings_with_spans_and_categories():
    findings = run_detector(WordDetector, "say hello, hello", options={"word": "hello"}, category="greeting")
    assert spans(findings) == [(4, 9, "hello", "greeting"), (11, 16, "hello", "greeting")]
    assert [f.rule for f in findings] == ["greeting/word", "greeting/word"]
    assert_findings(findings, ["hello", ("hello", "greeting")])
    assert_findings(findings, [(4, 9), (11, 16, "greeting")])
    assert_findings(findings, [{"line": 1, "column": 12, "severity": "warning"}], exact=False)


def test_assert_findings_failure_lists_what_was_found():
    findings = run_detector(WordDetector, "say hello", options={"word": "hello"})
    with pytest.raises(AssertionError) as error:
        assert_findings(findings, [("hello", "greeting")])
    assert str(error.value) == ("finding 0: expected {'text': 'hello', 'category': 'greeting'}\n"
                                "found:\n  4-9 test test/word 'hello'")
    with pytest.raises(AssertionError, match="expected 0 findings, found 1"):
        assert_findings(findings, [])
    with pytest.raises(AssertionError, match=r"no finding matches \[\{'text': 'bye'\}\]"):
        assert_findings(findings, ["bye"], exact=False)
    with pytest.raises(TypeError, match="cannot read expected finding"):
        assert_findings(findings, [(1.5,)])


def test_run_detector_validates_options_as_a_scan_does():
    with pytest.raises(RuleError, match=r"test/word: options.colour: Extra inputs are not permitted"):
        run_detector(WordDetector, "hello", options={"colour": "red"})


def test_run_detector_raises_what_the_detector_raised():
    with pytest.raises(AssertionError, match="detector broken: RuntimeError: no luck"):
        run_detector(BrokenDetector, "text")


def test_run_detector_with_explicit_rules():
    rules = [make_rule(WordDetector, rule_id="greeting/hi", category="greeting", options={"word": "hi"}),
             make_rule(WordDetector, rule_id="greeting/yo", category="greeting", options={"word": "yo"},
                       action="remove-span")]
    findings = run_detector(WordDetector, "yo! hi", rules=rules)
    assert [(f.rule, f.text, f.action) for f in findings] == [("greeting/yo", "yo", "remove-span"),
                                                              ("greeting/hi", "hi", "flag")]


def test_make_rule_defaults():
    rule = make_rule("word")
    assert (rule.id, rule.category, rule.detector, rule.scope, rule.action) == ("test/word", "test", "word",
                                                                                "span", "flag")


def test_harness_loads_only_the_plugins_under_test_and_their_rules(tmp_path: Path):
    harness = PluginHarness([str(write_plugin(tmp_path))])
    assert [rule.id for rule in harness.rules] == ["shouting/hello"]
    assert {info.kind for info in harness.registry.info.values()} == {"builtin", "local"}
    assert "shout" in harness.detectors
    text = "Download the app\nWell HELLO there\n"
    assert_findings(harness.scan(text), [("HELLO", "shouting")])
    assert harness.clean(text) == "Download the app\nWell [shouting] there\n"
    assert harness.assert_examples() == 2
    assert [f.category for f in PluginHarness([str(tmp_path / "shout_plugin.py")],
                                              builtin_rules=True).findings(text)] == ["app-promo", "shouting"]


def test_rule_example_failures_name_file_line_and_rule(tmp_path: Path):
    plugin = write_plugin(tmp_path, no_match="HELLO is shouting too")
    failures = check_rule_examples(plugins=[str(plugin)])
    assert [f.describe() for f in failures] == [
        (f"{tmp_path / 'rules' / 'shout.yaml'}:1: shouting/hello: example should not match but did: "
         "'HELLO is shouting too'")]
    with pytest.raises(AssertionError, match="shouting/hello: example should not match but did"):
        assert_rule_examples(plugins=[str(plugin)])


def test_rule_examples_of_extra_rule_files(tmp_path: Path):
    rules = tmp_path / "extra.yaml"
    rules.write_text(textwrap.dedent("""\
        - id: greeting/hi
          category: greeting
          message: A greeting
          phrases: [hi there]
          examples: {match: ["Hi there!"], no_match: ["this is it"]}
    """))
    assert assert_rule_examples(rules=[rules]) == 2


def test_nothing_to_check_is_a_failure_not_a_pass():
    with pytest.raises(AssertionError, match="no rules to check"):
        assert_rule_examples()


def test_harness_fails_when_a_plugin_fails_to_load(tmp_path: Path):
    broken = tmp_path / "broken.py"
    broken.write_text("import not_a_module_anywhere\n")
    with pytest.raises(AssertionError, match=f"plugin '{broken}' failed to load: ModuleNotFoundError"):
        PluginHarness([str(broken)])


@pytest.fixture
def contentguard_plugins(tmp_path: Path) -> list[object]:
    return [str(write_plugin(tmp_path))]


def test_fixtures_hold_only_the_plugins_under_test(contentguard_registry, contentguard_harness):
    assert {info.kind for info in contentguard_registry.info.values()} == {"builtin", "local"}
    assert "shout" in contentguard_registry.detectors()
    assert [f.text for f in contentguard_harness.findings("HELLO")] == ["HELLO"]


def test_harness_select_and_ignore_take_ids_and_categories(tmp_path: Path):
    plugin = write_plugin(tmp_path)
    extra = tmp_path / "extra.yaml"
    extra.write_text("- {id: greeting/hi, category: greeting, message: m, phrases: [hi there], "
                     "examples: {match: [hi there]}}\n")
    both = PluginHarness([str(plugin)], rules=[extra])
    assert [r.id for r in both.rules] == ["shouting/hello", "greeting/hi"]
    assert [r.id for r in PluginHarness([str(plugin)], rules=[extra], select=["greeting"]).rules] == ["greeting/hi"]
    only_shout = PluginHarness([str(plugin)], rules=[extra], ignore=["greeting/hi"])
    assert [f.rule for f in only_shout.findings("HELLO, hi there")] == ["shouting/hello"]


def test_signal_pack_examples(tmp_path: Path):
    (tmp_path / "wall.yaml").write_text(textwrap.dedent("""\
        signals:
          - id: vendor/gazette-wall
            message: The Gazette's wall
            classes: [gazette-wall]
            examples:
              match: ['<div class="gazette-wall"></div>']
              no_match: ['<div class="gazette-wall-art"></div>']
    """))
    (tmp_path / "wall.py").write_text(textwrap.dedent("""\
        from pathlib import Path
        from contentguard import hookimpl

        @hookimpl
        def register_signal_paths():
            return [Path(__file__).with_name("wall.yaml")]
    """))
    harness = PluginHarness([str(tmp_path / "wall.py")])
    assert harness.signal_paths == [tmp_path / "wall.yaml"]
    assert harness.assert_signal_examples() == 2
    (tmp_path / "wall.yaml").write_text((tmp_path / "wall.yaml").read_text().replace("gazette-wall-art", "gazette-wall"))
    with pytest.raises(AssertionError, match=r"wall.yaml:2: vendor/gazette-wall: matches '<div class=\"gazette-wall\">"):
        PluginHarness([str(tmp_path / "wall.py")]).assert_signal_examples()
    with pytest.raises(AssertionError, match="no signals to check"):
        PluginHarness().assert_signal_examples()
