"""The wheel carries the rule packs: an installed contentguard finds them from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SEED


def test_installed_wheel_finds_its_rules_from_any_directory(tmp_path: Path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = wheels.glob("contentguard-*.whl")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = ("import contentguard.rulepacks as r, contentguard.cli as c, sys; print(r.bundled_rules()); "
            "sys.argv = ['contentguard', 'clean', '--no-plugins', sys.argv[1]]; c.main()")
    result = subprocess.run([sys.executable, "-c", code, str(SEED)], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rules_dir, _, article = result.stdout.partition("\n")
    assert Path(rules_dir).is_relative_to(target)
    assert article == (SEED.parent / "000_334eeaad4461ce84.cleaned.txt").read_text(encoding="utf-8")
