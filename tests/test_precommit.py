"""The pre-commit hooks end to end, with the real ``pre-commit try-repo`` on temporary git repositories.

try-repo clones this repository's committed HEAD and installs it into a fresh virtualenv
(from PyPI), so commit hook changes before running this. Both runs start at once to share
the install time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

ARTICLE = "# Council vote\n\nThe council met on Tuesday and voted to repair the old bridge.\n"
PROMPT = "Sign up to read this article"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


CONFIG = 'select = ["paywall", "app-promo"]\n'
"""The repositories' own config, which the hooks find: it keeps the test to two stable categories."""


def _repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    (path / ".contentguard.toml").write_text(CONFIG)
    _git(path, "init", "-q")
    _git(path, "config", "user.email", "test@example.com")
    _git(path, "config", "user.name", "test")
    for name, text in files.items():
        (path / name).write_text(text)
    _git(path, "add", *files)
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[subprocess.CompletedProcess[str], Path]]:
    """try-repo (every hook of this repository) on a clean change and on one with a paywall line."""
    base = tmp_path_factory.mktemp("precommit")
    head = _git(ROOT, "rev-parse", "HEAD").strip()
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "home"), "PRE_COMMIT_COLOR": "never",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    repos = {
        "clean": _repo(base / "clean", {"post.md": ARTICLE, "notes.txt": "Plain notes about the bridge.\n"}),
        "dirty": _repo(base / "dirty", {"post.md": ARTICLE + f"\n{PROMPT}\n", "notes.txt": "Plain notes.\n"}),
    }
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--ref", head, "--verbose",
             "--files", "post.md", "notes.txt"],
            cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for name, repo in repos.items()
    }
    results = {}
    for name, process in started.items():
        out, _ = process.communicate(timeout=600)
        results[name] = (subprocess.CompletedProcess(process.args, process.returncode, out), repos[name])
    return results


def test_a_clean_change_passes_both_hooks(runs):
    result, repo = runs["clean"]
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert any(line.startswith("contentguard.") and line.endswith("Passed") for line in lines), result.stdout
    assert any(line.startswith("contentguard fix.") and line.endswith("Passed") for line in lines), result.stdout
    assert (repo / "post.md").read_text() == ARTICLE


def test_a_paywall_line_fails_the_check_and_shows_the_finding(runs):
    result, _ = runs["dirty"]
    assert result.returncode == 1
    out = result.stdout
    check = out[out.index("- hook id: contentguard\n"):out.index("- hook id: contentguard-fix")]
    assert "- exit code: 1" in check
    assert f'post.md:5:1: paywall/sign-up-to-read [paywall]' in check and f'"{PROMPT}"' in check


def test_the_fixer_rewrites_the_file_and_pre_commit_reports_it_modified(runs):
    result, repo = runs["dirty"]
    out = result.stdout
    fixer = out[out.index("- hook id: contentguard-fix"):]
    assert "- files were modified by this hook" in fixer
    assert "post.md: fixed, 2 line(s) removed" in fixer
    assert (repo / "post.md").read_text() == ARTICLE
    assert (repo / "notes.txt").read_text() == "Plain notes.\n"
