"""``contentguard plugin new``: the scaffolded package installs, loads, and its own tests pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contentguard.cli import app
from contentguard.rules import load_rules
from contentguard.scaffold import (
    TEMPLATE_SUFFIX,
    ScaffoldError,
    plugin_names,
    render_plugin,
)

from .conftest import ROOT

FILES = [
    "README.md",
    "pyproject.toml",
    "src/contentguard_cookie_walls/__init__.py",
    "src/contentguard_cookie_walls/detector.py",
    "src/contentguard_cookie_walls/rules/cookie-walls.yaml",
    "tests/test_contentguard_cookie_walls.py",
]


def new(tmp_path: Path, *args: str):
    return CliRunner().invoke(app, ["plugin", "new", *args, "--dir", str(tmp_path)])


def test_plugin_new_writes_a_complete_package(tmp_path: Path):
    result = new(tmp_path, "cookie-walls")
    assert result.exit_code == 0, result.output
    package = tmp_path / "contentguard-cookie-walls"
    assert sorted(str(p.relative_to(package)) for p in package.rglob("*") if p.is_file()) == FILES
    assert result.stdout.splitlines()[0] == f"Created {package} (6 files):"
    assert f"  cd {package}" in result.stdout
    pyproject = (package / "pyproject.toml").read_text()
    assert '[project.entry-points.contentguard]\ncookie-walls = "contentguard_cookie_walls"' in pyproject
    assert 'name = "contentguard-cookie-walls"' in pyproject
    (rule,) = load_rules([package / "src/contentguard_cookie_walls/rules"])
    assert (rule.id, rule.detector, rule.category) == ("cookie-walls/placeholder-text", "cookie-walls", "cookie-walls")
    assert rule.examples.match and rule.examples.no_match
    for path in package.rglob("*.py"):
        compile(path.read_text(), str(path), "exec")


@pytest.mark.parametrize(("typed", "slug", "module", "class_name"), [
    ("cookies", "cookies", "contentguard_cookies", "CookiesDetector"),
    ("contentguard-cookie-walls", "cookie-walls", "contentguard_cookie_walls", "CookieWallsDetector"),
    ("Paywall_Vendors2", "paywall-vendors2", "contentguard_paywall_vendors2", "PaywallVendors2Detector"),
])
def test_names_from_what_the_user_typed(typed, slug, module, class_name):
    names = plugin_names(typed)
    assert (names.slug, names.dist, names.module, names.class_name) == (slug, f"contentguard-{slug}", module,
                                                                        class_name)


@pytest.mark.parametrize(("typed", "message"), [
    ("two words", "plugin name 'two words' must be lowercase letters, digits and hyphens"),
    ("9lives", "plugin name '9lives' must be lowercase letters"),
    ("trailing-", "plugin name 'trailing-' must be lowercase letters"),
    ("phrase", "plugin name 'phrase': a built-in detector is already named 'phrase'"),
])
def test_bad_names_are_one_line_errors(tmp_path: Path, typed, message):
    result = new(tmp_path, typed)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"contentguard: error: {message}")
    assert list(tmp_path.iterdir()) == []


def test_existing_folder_needs_force(tmp_path: Path):
    assert new(tmp_path, "cookies").exit_code == 0
    package = tmp_path / "contentguard-cookies"
    (package / "README.md").write_text("mine")
    (package / "NOTES.txt").write_text("keep me")
    result = new(tmp_path, "cookies")
    assert result.exit_code == 2
    assert "already exists and is not empty (use --force to overwrite)" in result.stderr
    assert (package / "README.md").read_text() == "mine"
    assert new(tmp_path, "cookies", "--force").exit_code == 0
    assert (package / "README.md").read_text().startswith("# contentguard-cookies")
    assert (package / "NOTES.txt").read_text() == "keep me"


def test_render_fills_every_placeholder():
    files = render_plugin(plugin_names("cookies"))
    for relative, text in files.items():
        assert "$" not in text, relative
        assert "__module__" not in relative and "__slug__" not in relative


def test_scaffold_error_is_a_contentguard_error():
    with pytest.raises(ScaffoldError):
        plugin_names("")


def test_templates_ship_in_the_wheel():
    from hatchling.builders.wheel import WheelBuilder

    shipped = {f.distribution_path for f in WheelBuilder(str(ROOT)).recurse_included_files()}
    templates = ROOT / "src" / "contentguard" / "templates"
    expected = {"contentguard/" + str(p.relative_to(templates.parent)) for p in templates.rglob(f"*{TEMPLATE_SUFFIX}")}
    assert len(expected) == len(FILES)
    assert expected <= shipped


def test_generated_plugin_installs_and_its_own_tests_pass(tmp_path: Path):
    assert new(tmp_path, "cookie-walls").exit_code == 0
    package = tmp_path / "contentguard-cookie-walls"
    site = tmp_path / "site"
    # build the wheel with hatchling and install it into a folder of its own, not into this venv
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                              "--no-index", "--target", str(site), str(package)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    assert (site / "contentguard_cookie_walls" / "rules" / "cookie-walls.yaml").is_file()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTENTGUARD_", "PYTEST_"))}
    env["PYTHONPATH"] = str(site)

    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=package, env=env,
                           capture_output=True, text=True)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert tests.stdout.splitlines()[-1].startswith("4 passed")

    env["CONTENTGUARD_LOAD_PLUGINS"] = "cookie-walls"
    listing = subprocess.run([sys.executable, "-m", "contentguard", "plugins", "list", "--json"], cwd=tmp_path,
                             env=env, capture_output=True, text=True)
    assert listing.returncode == 0, listing.stderr
    (row,) = [r for r in json.loads(listing.stdout) if r["name"] == "cookie-walls"]
    assert (row["distribution"], row["version"], row["detectors"]) == ("contentguard-cookie-walls", "0.1.0",
                                                                       ["cookie-walls"])
    scan = subprocess.run([sys.executable, "-m", "contentguard", "scan", "-", "--format", "jsonl"], cwd=tmp_path,
                          env=env, input="Lorem ipsum dolor sit amet.\n", capture_output=True, text=True)
    assert scan.returncode == 1, scan.stderr
    (finding,) = json.loads(scan.stdout)["findings"]
    assert (finding["rule"], finding["text"]) == ("cookie-walls/placeholder-text", "Lorem ipsum")
