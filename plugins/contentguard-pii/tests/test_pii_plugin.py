"""contentguard-pii as a plugin: its rule pack, masking and removal, loading through the entry point."""

from __future__ import annotations

from pathlib import Path

import contentguard_pii
import pytest
from typer.testing import CliRunner

from contentguard.cli import app
from contentguard.errors import RuleError
from contentguard.plugins import get_plugin_manager
from contentguard.testing import PluginHarness, assert_findings, assert_rule_examples

PAGE = """\
Letters to the editor
Write to jana.novak@example.org or call +44 20 7946 0321 before noon.
Donations: DE85 5001 0517 0648 2913 75 (Westmoor Food Bank).
The council's budget for 2025 rose by 4.5 per cent.
"""


@pytest.fixture
def contentguard_plugins():
    return [contentguard_pii]


def test_every_rule_example_behaves():
    assert assert_rule_examples(plugins=[contentguard_pii]) == 33


def test_rules_are_span_masks_in_category_pii(contentguard_harness):
    assert {(r.category, r.scope, r.action) for r in contentguard_harness.rules} == {("pii", "span", "mask")}
    assert sorted(r.detector for r in contentguard_harness.rules) == [
        "pii-card", "pii-email", "pii-iban", "pii-ip", "pii-phone"]


def test_page_is_masked_and_nothing_else_changes(contentguard_harness):
    assert_findings(contentguard_harness.scan(PAGE), [
        ("jana.novak@example.org", "pii"), ("+44 20 7946 0321", "pii"), ("DE85 5001 0517 0648 2913 75", "pii")])
    assert contentguard_harness.clean(PAGE) == PAGE.replace("jana.novak@example.org", "[email]").replace(
        "+44 20 7946 0321", "[phone]").replace("DE85 5001 0517 0648 2913 75", "[iban]")


def test_installed_entry_point_loads_this_plugin():
    registry = get_plugin_manager(only=["contentguard-pii"])
    info = registry.info["pii"]
    assert (info.kind, info.distribution, info.version) == ("entry-point", "contentguard-pii", "0.1.0")
    parts = registry.contributions()["pii"]
    assert parts["detectors"] == ["pii-email", "pii-phone", "pii-card", "pii-iban", "pii-ip"]
    assert parts["rule paths"] == [str(Path(contentguard_pii.__file__).parent / "rules")]


def test_clean_and_scan_mask_through_the_command_line(monkeypatch):
    monkeypatch.setenv("CONTENTGUARD_LOAD_PLUGINS", "pii")
    result = CliRunner().invoke(app, ["clean", "-", "--select", "pii"], input=PAGE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:3] == ["Write to [email] or call [phone] before noon.",
                                               "Donations: [iban] (Westmoor Food Bank)."]


def test_scan_reports_line_column_and_action(contentguard_harness):
    assert [(f.rule, f.line, f.column, f.action, f.replacement) for f in contentguard_harness.findings(PAGE)] == [
        ("pii/email-address", 2, 10, "mask", "[email]"), ("pii/phone-number", 2, 41, "mask", "[phone]"),
        ("pii/iban", 3, 12, "mask", "[iban]")]


def test_a_rule_of_your_own_removes_instead_of_masking(tmp_path: Path):
    rules = tmp_path / "remove.yaml"
    rules.write_text("""\
- id: pii/email-address-removed
  category: pii
  detector: pii-email
  scope: span
  action: remove-span
  message: E-mail address (removed)
  examples: {match: ["mail jane@example.org"]}
""")
    harness = PluginHarness([contentguard_pii], rules=[rules], ignore=["pii/email-address"])
    assert harness.clean(PAGE).splitlines()[1] == "Write to  or call [phone] before noon."


def test_bad_options_are_an_error_naming_file_line_rule_and_option(tmp_path: Path):
    rules = tmp_path / "phones.yaml"
    rules.write_text("""\
- id: pii/phone-atlantis
  category: pii
  detector: pii-phone
  scope: span
  options: {regions: [XX]}
  message: Phone number
  examples: {match: ["+44 20 7946 0321"]}
""")
    with pytest.raises(RuleError) as error:
        PluginHarness([contentguard_pii], rules=[rules])
    assert str(error.value) == (f"{rules}:1: pii/phone-atlantis: options.regions: "
                                "unknown region 'XX' (use ISO 3166 codes such as GB, DE, US)")
