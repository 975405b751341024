"""One test_hook_<name> per hook, plus loading and isolation of third-party plugins."""

from __future__ import annotations

import json
import sys
import textwrap
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentguard import hookimpl, hookspecs
from contentguard.api import Scanner
from contentguard.cli import app
from contentguard.errors import PluginError
from contentguard.plugins import get_plugin_manager

LOCAL_PLUGIN = '''
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
    from pathlib import Path
    return [Path(__file__).with_name("shout.yaml")]
'''
SHOUT_RULES = """\
- id: shouting/hello
  category: shouting
  detector: shout
  scope: span
  action: remove-span
  message: Shouted greeting
  examples:
    match: ["HELLO there"]
    no_match: ["hello there"]
"""


@pytest.fixture
def local_plugin(tmp_path: Path) -> Path:
    (tmp_path / "shout.yaml").write_text(SHOUT_RULES)
    path = tmp_path / "shout_plugin.py"
    path.write_text(LOCAL_PLUGIN)
    return path


def test_every_hook_has_a_test(registry):
    hooks = [name for name in dir(registry.pm.hook) if not name.startswith("_")]
    assert hooks, "no hooks found"
    for hook in hooks:
        assert f"test_hook_{hook}" in globals(), f"no test for hook {hook}"


def test_hook_register_detectors(registry, local_plugin):
    assert {"phrase", "duplicate-header"} <= set(registry.detectors())
    scanner = Scanner(load_entry_points=False, plugins=[str(local_plugin)])
    report = scanner.scan("Well HELLO there\n", with_cleaned=True)
    assert [(f.rule, f.text) for f in report.findings] == [("shouting/hello", "HELLO")]
    assert report.cleaned == "Well  there\n"


def test_hook_register_rule_paths(registry):
    (path,) = registry.rule_paths()
    assert (path / "en" / "paywall.yaml").is_file()


def test_hook_register_reporters(registry):
    assert {"text", "json", "jsonl"} <= set(registry.reporters())


def test_hook_register_readers(registry):
    assert {"text", "markdown", "jsonl"} <= set(registry.readers())


def test_hook_register_signal_paths(registry, tmp_path: Path):
    (builtin,) = registry.signal_paths()
    assert (builtin / "vendors.yaml").is_file()
    (tmp_path / "house.yaml").write_text(
        "- id: vendor/house-wall\n  message: In-house paywall\n  kind: hard\n  classes: [house-wall]\n"
        "  examples: {match: ['<div class=\"house-wall\"></div>']}\n")
    plugin = tmp_path / "house_plugin.py"
    plugin.write_text("from pathlib import Path\nfrom contentguard import hookimpl\n\n@hookimpl\n"
                      "def register_signal_paths():\n    return [Path(__file__).with_name('house.yaml')]\n")
    page = tmp_path / "page.html"
    page.write_text("<html><body><article><h1>Dam repairs</h1><p>" + "Crews worked on the dam all week. " * 12
                    + "</p><div class='house-wall'></div></article></body></html>")
    result = CliRunner().invoke(app, ["scan", str(page), "--no-plugins", "--plugin", str(plugin), "--format", "json"])
    verdict = json.loads(result.stdout)["documents"][0]["verdicts"]
    assert verdict["paywall"] == "hard"
    assert any(e.startswith("vendor/house-wall") for e in verdict["evidence"])


def test_plugin_that_fails_to_import_is_named_and_scan_goes_on(tmp_path: Path):
    broken = tmp_path / "broken_plugin.py"
    broken.write_text("import not_a_real_module_xyz\n")
    result = CliRunner().invoke(app, ["scan", "-", "--no-plugins", "--plugin", str(broken), "--format", "jsonl"],
                                input="Download the app\n")
    assert result.exit_code == 2
    assert f"contentguard: error: plugin '{broken}' failed to load: ModuleNotFoundError" in result.stderr
    assert json.loads(result.stdout)["findings"][0]["category"] == "app-promo"


def test_plugin_raising_inside_detect_keeps_other_findings(tmp_path: Path):
    plugin = tmp_path / "raising.py"
    plugin.write_text(textwrap.dedent('''
        from contentguard import Detector, hookimpl

        class Raising(Detector):
            name = "raising"
            def detect(self, document):
                raise ValueError("bad day")

        @hookimpl
        def register_detectors():
            return [Raising]
    '''))
    rules = tmp_path / "r.yaml"
    rules.write_text("- {id: x/y, category: x, detector: raising, message: m, examples: {match: [a]}}\n")
    result = CliRunner().invoke(app, ["scan", "-", "--no-plugins", "--plugin", str(plugin), "--rules", str(rules),
                                      "--format", "jsonl"], input="Download the app\n")
    assert result.exit_code == 2
    assert "detector raising: ValueError: bad day" in result.stderr
    assert json.loads(result.stdout)["findings"][0]["category"] == "app-promo"


def test_misspelt_hook_is_an_error(tmp_path: Path):
    plugin = tmp_path / "typo.py"
    plugin.write_text("from contentguard import hookimpl\n\n@hookimpl\ndef register_detector():\n    return []\n")
    with pytest.raises(PluginError, match="register_detector"):
        get_plugin_manager(load_entry_points=False, local=[str(plugin)])


def test_hook_returning_garbage_is_named(tmp_path: Path):
    plugin = tmp_path / "garbage.py"
    plugin.write_text("from contentguard import hookimpl\n\n@hookimpl\ndef register_detectors():\n    return [42]\n")
    registry = get_plugin_manager(load_entry_points=False, local=[str(plugin)])
    registry.detectors()
    assert any("returned 42" in e for e in registry.errors)


def test_hookspecs_are_documented():
    for name in ("register_detectors", "register_rule_paths", "register_reporters", "register_readers",
                 "register_signal_paths"):
        assert getattr(hookspecs, name).__doc__


def test_module_plugin_by_name(tmp_path: Path, monkeypatch):
    (tmp_path / "shout.yaml").write_text(SHOUT_RULES)
    (tmp_path / "shout_mod.py").write_text(LOCAL_PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    scanner = Scanner(load_entry_points=False, plugins=["shout_mod"])
    assert scanner.scan("HELLO\n").findings[0].rule == "shouting/hello"
    sys.modules.pop("shout_mod", None)


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch):
    """A distribution ``contentguard-shout`` 1.2.3 whose entry point ``shout`` is on sys.path."""
    (tmp_path / "shout.yaml").write_text(SHOUT_RULES)
    (tmp_path / "shout_ep.py").write_text(LOCAL_PLUGIN)
    dist = tmp_path / "contentguard_shout-1.2.3.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: contentguard-shout\nVersion: 1.2.3\n")
    (dist / "entry_points.txt").write_text("[contentguard]\nshout = shout_ep\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("shout_ep", None)


def test_plugins_list_shows_distribution_version_and_contributions(installed_plugin, monkeypatch):
    monkeypatch.setenv("CONTENTGUARD_LOAD_PLUGINS", "shout")
    result = CliRunner().invoke(app, ["plugins", "list", "--json"])
    assert result.exit_code == 0, result.output
    (row,) = [r for r in json.loads(result.stdout) if r["name"] == "shout"]
    assert (row["kind"], row["distribution"], row["version"]) == ("entry-point", "contentguard-shout", "1.2.3")
    assert row["detectors"] == ["shout"]
    assert row["rule paths"] == [str(installed_plugin / "shout.yaml")]
    table = CliRunner().invoke(app, ["plugins", "list"])
    assert "contentguard-shout 1.2.3" in table.stdout


def test_load_plugins_env_takes_entry_point_or_distribution_names(installed_plugin, monkeypatch):
    for names in ("shout", "contentguard-shout", " shout , "):
        monkeypatch.setenv("CONTENTGUARD_LOAD_PLUGINS", names)
        registry = get_plugin_manager()
        assert "shout" in registry.detectors() and registry.errors == []
    monkeypatch.setenv("CONTENTGUARD_LOAD_PLUGINS", "")
    assert "shout" not in get_plugin_manager().detectors()
    monkeypatch.setenv("CONTENTGUARD_LOAD_PLUGINS", "shuot")
    registry = get_plugin_manager()
    assert registry.errors == ["CONTENTGUARD_LOAD_PLUGINS names 'shuot', which is not an installed plugin"]


def test_no_plugins_skips_entry_points_but_keeps_builtins(installed_plugin, monkeypatch):
    monkeypatch.setenv("CONTENTGUARD_LOAD_PLUGINS", "shout")
    result = CliRunner().invoke(app, ["scan", "-", "--no-plugins", "--format", "jsonl"], input="HELLO\nDownload the app\n")
    assert [f["category"] for f in json.loads(result.stdout)["findings"]] == ["app-promo"]
    result = CliRunner().invoke(app, ["scan", "-", "--format", "jsonl"], input="HELLO\nDownload the app\n")
    assert [f["category"] for f in json.loads(result.stdout)["findings"]] == ["shouting", "app-promo"]


def test_trace_prints_hook_and_detect_calls_with_timings(local_plugin, monkeypatch):
    monkeypatch.setenv("CONTENTGUARD_TRACE_PLUGINS", "1")
    result = CliRunner().invoke(app, ["scan", "-", "--no-plugins", "--plugin", str(local_plugin), "--format", "jsonl"],
                                input="HELLO\n")
    assert result.exit_code == 1
    trace = result.stderr.splitlines()
    assert any(line.startswith(f"contentguard: trace: {local_plugin}.register_detectors() ") and line.endswith(" ms")
               for line in trace), trace
    assert any(line.startswith(f"contentguard: trace: {local_plugin}: detector shout.detect(-) 1 findings ")
               for line in trace), trace
    assert any("contentguard.detectors.phrase: detector phrase.detect(-)" in line for line in trace), trace
    assert json.loads(result.stdout)["findings"][0]["rule"] == "shouting/hello"


def test_local_plugin_may_be_an_imported_object():
    module = types.ModuleType("inline")

    @hookimpl
    def register_detectors():
        return []

    module.register_detectors = register_detectors
    registry = get_plugin_manager(load_entry_points=False, local=[module])
    assert registry.info["inline"].kind == "local" and registry.errors == []
    assert registry.pm.get_plugin("inline") is module


def test_hooks_are_called_last_registered_first(local_plugin):
    from contentguard.rulepacks import bundled_rules

    registry = get_plugin_manager(load_entry_points=False, local=[str(local_plugin)])
    paths = registry.rule_paths()
    assert paths[0] == local_plugin.with_name("shout.yaml")
    assert paths[-1] == bundled_rules()
    assert list(registry.detectors())[0] == "shout"
