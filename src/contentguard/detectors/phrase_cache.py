"""The phrase detector's automata and pattern gates, remembered across runs.

Building them for the bundled packs (~34,000 automaton keys from ~450 rules: folding every
phrase, working out every pattern's literals, adding the keys) costs about a fifth of a
second, which every cold start (a pre-commit hook, each ``--jobs`` worker) pays again.
The result depends only on the rules' matching fields and on the code that builds it, so
it is pickled into contentguard's cache folder (``rules.cache_folder``) under a hash of
both, and loaded in a few hundredths of a second next time. A file that cannot be read,
or that holds anything else, is ignored and rebuilt; ``CONTENTGUARD_NO_CACHE=1`` turns the
cache off. Only this process writes these files, in the user's own cache folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ahocorasick

from .. import normalize
from ..models import Rule
from ..rules import cache_folder, code_digest
from . import leads, literals

KEEP = 8
"""Most automaton files kept (one per distinct rule selection); the least recently used go first."""
_FORMAT = 1


def key(rules: Sequence[Rule], builder: Path) -> str | None:
    """A hash of what the built state depends on: the rules' matching fields and the code
    (``builder`` is the file of the code that builds it)."""
    try:
        code = code_digest((Path(literals.__file__), Path(leads.__file__), Path(normalize.__file__),
                            Path(__file__), builder),
                           f"{getattr(ahocorasick, '__version__', '')}|{_FORMAT}")
    except OSError:  # code that cannot be read (a zip import): no cache
        return None
    digest = hashlib.sha256(code.encode())
    for rule in rules:
        digest.update(json.dumps([rule.id, rule.scope, rule.max_line_chars, sorted(rule.languages),
                                  list(rule.phrases), list(rule.patterns)], ensure_ascii=False).encode())
    return digest.hexdigest()[:24]


def _path(state_key: str) -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / f"phrase-{state_key}.pickle"


def load(state_key: str | None) -> dict[str, Any] | None:
    """The state stored under ``state_key``, or None."""
    path = _path(state_key) if state_key else None
    if path is None:
        return None
    try:
        with path.open("rb") as stream:
            state = pickle.load(stream)
        os.utime(path)  # recently used: pruned last
    except Exception:  # noqa: BLE001 - a damaged file, or one pickled by other code: rebuilt
        return None
    return state if isinstance(state, dict) and state.get("format") == _FORMAT else None


def save(state_key: str | None, state: dict[str, Any]) -> None:
    """Store ``state`` atomically; errors are ignored (the cache is only a shortcut)."""
    path = _path(state_key) if state_key else None
    if path is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pickle.dumps({**state, "format": _FORMAT}, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError):
        temporary.unlink(missing_ok=True)
        return
    try:
        others = sorted(path.parent.glob("phrase-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[KEEP:]:
            old.unlink()
    except OSError:
        pass
