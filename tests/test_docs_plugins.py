"""docs/plugins.md: every hook documented (signature, return value, example) and tested; every example runs."""

from __future__ import annotations

import importlib
import re
import runpy
import sys
from pathlib import Path

import pytest

from contentguard import hookspecs

from .conftest import ROOT

DOC = ROOT / "docs" / "plugins.md"
FENCE = re.compile(r"^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
FILE_MARK = "# file: "


def hooks() -> list[str]:
    return sorted(name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "contentguard_spec"))


def section(text: str, hook: str) -> str:
    match = re.search(rf"^### `{hook}`\n(.*?)(?=^## |^### |\Z)", text, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


def blocks(text: str) -> list[tuple[str, str, int]]:
    """(language, body, line number) of each fenced block."""
    return [(m["lang"], m["body"], text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text)]


@pytest.mark.parametrize("hook", hooks())
def test_every_hook_is_documented_with_signature_return_value_and_example(hook):
    text = DOC.read_text(encoding="utf-8")
    body = section(text, hook)
    assert body, f"docs/plugins.md has no '### `{hook}`' section"
    returns = getattr(hookspecs, hook).__annotations__["return"]
    assert f"**Signature:** `{hook}() -> {returns}`" in body, f"{hook}: signature missing or out of date"
    assert "**Returns**" in body, f"{hook}: say what it returns"
    implementations = [b for lang, b, _ in blocks(body) if lang == "python" and f"@hookimpl\ndef {hook}(" in b]
    assert implementations, f"{hook}: no example implementing it"


@pytest.mark.parametrize("hook", hooks())
def test_every_hook_has_a_test(hook):
    source = (ROOT / "tests" / "test_plugins.py").read_text(encoding="utf-8")
    assert f"def test_hook_{hook}(" in source, f"no test_hook_{hook} in tests/test_plugins.py"


def test_documented_hooks_are_real_hooks():
    text = DOC.read_text(encoding="utf-8")
    assert sorted(re.findall(r"^### `(register_\w+)`", text, re.MULTILINE)) == hooks()


def test_the_discovery_controls_are_documented():
    text = DOC.read_text(encoding="utf-8")
    for needle in ("[project.entry-points.contentguard]", "--plugin", "--no-plugins", "CONTENTGUARD_LOAD_PLUGINS",
                   "CONTENTGUARD_TRACE_PLUGINS", "contentguard plugins list", "## Order", "## Isolation",
                   "Options = ShoutOptions", "contentguard_harness", "contentguard plugin new"):
        assert needle in text, needle


def test_every_python_example_runs(tmp_path: Path, monkeypatch):
    """Run the page top to bottom: ``# file:`` blocks are saved, other python blocks are run."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for key in [k for k in __import__("os").environ if k.startswith("CONTENTGUARD_")]:
        monkeypatch.delenv(key)
    before = set(sys.modules)
    ran = saved = 0
    try:
        for lang, body, line in blocks(DOC.read_text(encoding="utf-8")):
            first = body.split("\n", 1)[0]
            if first.startswith(FILE_MARK):
                target = tmp_path / first[len(FILE_MARK):].strip()
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(body, encoding="utf-8")
                saved += 1
                continue
            if lang != "python":
                continue
            script = tmp_path / f"example_at_line_{line}.py"
            script.write_text(body, encoding="utf-8")
            importlib.invalidate_caches()
            try:
                runpy.run_path(str(script), run_name="__main__")
            except Exception as error:
                raise AssertionError(f"docs/plugins.md:{line}: example failed: {type(error).__name__}: {error}") from error
            ran += 1
    finally:
        for name in set(sys.modules) - before:
            module_file = getattr(sys.modules[name], "__file__", None) or ""
            if module_file.startswith(str(tmp_path)) or name.startswith("contentguard_local_"):
                del sys.modules[name]
    assert ran >= 10 and saved >= 10, (ran, saved)
