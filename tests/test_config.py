"""Config files: discovery, keys, errors with lines, and ``contentguard config``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentguard.cli import app
from contentguard.config import ConfigFinder, glob_regex, load_config
from contentguard.errors import ConfigError

PROMPT = "Sign up to read this article"
APP = "Download the app"
runner = CliRunner()


def scan(*args: str):
    return runner.invoke(app, ["scan", *args, "--no-plugins", "--format", "json"])


def findings(result) -> list[tuple[str, int, str, str]]:
    return [(Path(d["path"]).name, f["line"], f["category"], f["severity"])
            for d in json.loads(result.stdout)["documents"] for f in d["findings"]]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "drafts").mkdir(parents=True)
    (tmp_path / "docs" / "a.md").write_text(f"Intro.\n\n{PROMPT}\n{APP}\n")
    (tmp_path / "docs" / "drafts" / "b.md").write_text(f"Intro.\n\n{PROMPT}\n{APP}\n")
    return tmp_path


def test_pyproject_table_found_by_walking_up(repo: Path):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.contentguard]\nselect = ["paywall", "app-promo"]\n'
                                         'ignore = ["app-promo"]\nseverity = { paywall = "error" }\n')
    result = scan(str(repo / "docs"))
    assert findings(result) == [("a.md", 3, "paywall", "error"), ("b.md", 3, "paywall", "error")]


def test_nearest_config_wins_and_pyproject_without_table_is_passed_over(repo: Path):
    (repo / ".contentguard.toml").write_text('select = ["app-promo"]\n')
    (repo / "docs" / "drafts" / "pyproject.toml").write_text('[project]\nname = "drafts"\n')
    (repo / "docs" / "drafts" / ".contentguard.toml").write_text('select = ["paywall"]\nfail-on = "never"\n')
    result = scan(str(repo / "docs"))
    assert [(n, c) for n, _, c, _ in findings(result)] == [("a.md", "app-promo"), ("b.md", "paywall")]
    # fail-on never only covers drafts/, so a.md still fails the run
    assert result.exit_code == 1
    assert scan(str(repo / "docs" / "drafts")).exit_code == 0


def test_per_file_ignores_by_glob(repo: Path):
    (repo / ".contentguard.toml").write_text('select = ["paywall", "app-promo"]\n\n[per-file-ignores]\n'
                                             '"docs/drafts/**" = ["paywall", "app-promo"]\n"a.md" = ["app-promo"]\n')
    assert [(n, c) for n, _, c, _ in findings(scan(str(repo)))] == [("a.md", "paywall")]


def test_rules_and_plugins_paths_are_relative_to_the_config(repo: Path):
    (repo / "house").mkdir()
    (repo / "house" / "rules.yaml").write_text(
        "- id: advertising/house-ad\n  category: advertising\n  message: House ad\n"
        "  phrases: [\"buy our mugs\"]\n  examples:\n    match: [\"Buy our mugs\"]\n")
    (repo / "docs" / "a.md").write_text("Intro.\n\nBuy our mugs\n")
    (repo / ".contentguard.toml").write_text('rules = ["house"]\nselect = ["advertising/house-ad"]\n')
    assert findings(scan(str(repo / "docs" / "a.md"))) == [("a.md", 3, "advertising", "warning")]


def test_command_line_wins_over_config(repo: Path):
    (repo / ".contentguard.toml").write_text('select = ["app-promo"]\nfail-on = "never"\n')
    result = scan(str(repo / "docs" / "a.md"), "--select", "paywall", "--fail-on", "warning")
    assert [c for _, _, c, _ in findings(result)] == ["paywall"] and result.exit_code == 1
    isolated = scan(str(repo / "docs" / "a.md"), "--isolated", "--select", "paywall", "--select", "app-promo")
    assert {c for _, _, c, _ in findings(isolated)} == {"paywall", "app-promo"}


def test_unknown_key_is_an_error_with_file_and_line(repo: Path):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.contentguard]\nselect = ["paywall"]\n'
                                         'min_confidence = 0.5\n')
    result = scan(str(repo / "docs" / "a.md"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"contentguard: error: {repo / 'pyproject.toml'}:6: unknown key 'min_confidence' "
                                     "in [tool.contentguard] (did you mean 'min-confidence'?)")


def test_wrong_types_and_bad_toml_name_the_line(tmp_path: Path):
    config = tmp_path / ".contentguard.toml"
    config.write_text('select = ["paywall"]\n\n[severity]\npaywall = "loud"\n')
    with pytest.raises(ConfigError, match=r"\.contentguard\.toml:4: severity\.paywall: Input should be 'info'"):
        load_config(config)
    config.write_text('select = ["paywall"\nignore = 3\n')
    with pytest.raises(ConfigError, match=r"\.contentguard\.toml:2: invalid TOML"):
        load_config(config)
    config.write_text('[per-file-ignores]\n"x/**" = "paywall"\n')
    with pytest.raises(ConfigError, match=r":2: per-file-ignores\.x/\*\*: Input should be a valid list"):
        load_config(config)


def test_config_command_shows_values_and_sources(repo: Path, monkeypatch):
    (repo / "pyproject.toml").write_text('[tool.contentguard]\nselect = ["paywall"]\nmin-confidence = 0.8\n')
    result = runner.invoke(app, ["config", str(repo / "docs" / "a.md")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"# config for {repo / 'docs' / 'a.md'}: {repo / 'pyproject.toml'}"
    assert f'select           = ["paywall"]  # {repo / "pyproject.toml"}:2' in lines
    assert f"min-confidence   = 0.8  # {repo / 'pyproject.toml'}:3" in lines
    assert 'fail-on          = "warning"  # default' in lines
    assert 'per-file-ignores = {}  # default' in lines
    data = json.loads(runner.invoke(app, ["config", str(repo), "--json"]).stdout)
    assert data["values"]["select"] == {"value": ["paywall"], "source": f"{repo / 'pyproject.toml'}:2"}


def test_finder_caches_per_folder(repo: Path):
    (repo / ".contentguard.toml").write_text("")
    finder = ConfigFinder()
    assert finder.find(repo / "docs" / "drafts" / "b.md") == repo / ".contentguard.toml"
    assert finder.find(repo / "docs" / "a.md") == repo / ".contentguard.toml"


@pytest.mark.parametrize(("glob", "path", "hit"), [
    ("docs/**", "docs/a/b.md", True), ("docs/**", "blog/a.md", False), ("*.md", "deep/x/a.md", True),
    ("docs/*.md", "docs/a/b.md", False), ("docs/", "docs/a.md", True), ("**/drafts/*", "x/drafts/y.txt", True),
])
def test_globs(glob: str, path: str, hit: bool):
    assert bool(glob_regex(glob).match(path)) is hit


def test_plugins_from_the_config_are_loaded_relative_to_it(repo: Path):
    (repo / "tools").mkdir()
    (repo / "tools" / "house.yaml").write_text(
        "- id: advertising/house-mugs\n  category: advertising\n  message: House ad for mugs\n"
        "  phrases: [\"visit the mug shop\"]\n  examples:\n    match: [\"Visit the mug shop\"]\n")
    (repo / "tools" / "house.py").write_text(
        "from pathlib import Path\nfrom contentguard import hookimpl\n\n\n@hookimpl\n"
        "def register_rule_paths():\n    return [Path(__file__).with_name('house.yaml')]\n")
    (repo / "docs" / "a.md").write_text("Intro.\n\nVisit the mug shop\n")
    (repo / ".contentguard.toml").write_text('plugins = ["tools/house.py"]\nselect = ["advertising/house-mugs"]\n')
    assert findings(scan(str(repo / "docs" / "a.md"))) == [("a.md", 3, "advertising", "warning")]
    shown = runner.invoke(app, ["config", str(repo / "docs" / "a.md")]).stdout
    assert f'plugins          = ["{repo / "tools" / "house.py"}"]  # {repo / ".contentguard.toml"}:1' in shown
