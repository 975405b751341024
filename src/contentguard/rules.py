"""Load YAML rule files into validated ``Rule`` objects, with file:line in every error.

A rule file is either a list of rules or a mapping with ``rules:`` (the list) and an
optional ``defaults:`` mapping whose keys every rule in the file inherits unless it sets
them itself (``languages``, ``category``, ``severity``…). Files are read with a safe
loader that refuses YAML aliases, so a rule file can neither run code nor expand into
an alias bomb.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import regex
import yaml
from pydantic import ValidationError

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from .errors import RuleError
from .models import Rule
from .normalize import fold

MAX_RULE_FILE_BYTES = 5_000_000
MAX_NESTING = 64
"""Deepest YAML nesting a rule file may use (real rules need four or five levels)."""
MAX_PATTERN_WEIGHT = 100_000
"""Largest a pattern may grow once its counted repeats are unrolled: the regex compiler copies
a group once per repeat, so ``(?:(?:a{1000}){1000}){1000}`` would take gigabytes to compile."""
_YAML_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_YAML_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
"""Plain data only: no ``!!python/…`` object tags, no custom ``!tags``, no merge keys."""
RULE_SUFFIXES = (".yaml", ".yml")
REGEX_FLAGS = regex.IGNORECASE | regex.UNICODE | regex.MULTILINE
"""Patterns run on the folded text of the whole page: ``^`` and ``$`` anchor at line ends."""


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""LibYAML's safe loader when it is there (ten times faster), else PyYAML's."""


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _refuse_aliases(root: yaml.Node, path: str) -> None:
    """An alias composes to the very node object it names, so a node met twice is an
    alias: refusing it keeps an alias bomb from ever expanding. Tags other than plain
    data (``!!python/object``, ``!custom``, ``!!binary``…) and deep nesting are refused
    here too, before anything is constructed."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise RuleError(path, _line(node), None, "YAML aliases (*name) are not allowed in rule files")
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace(_YAML_TAG, "!!", 1)
            raise RuleError(path, _line(node), None, f"YAML tag {tag!r} is not allowed in rule files")
        if depth > MAX_NESTING:
            raise RuleError(path, _line(node), None, f"nested more than {MAX_NESTING} levels deep")
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.extend(((key_node, depth + 1), (value_node, depth + 1)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


def _plain(node: yaml.Node, loader: Any, path: str) -> Any:
    """Construct Python data from a node, rejecting duplicate mapping keys."""
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _plain(key_node, loader, path)
            if not isinstance(key, str):
                raise RuleError(path, _line(key_node), None, f"mapping keys must be strings, not {key!r}")
            if key in seen:
                raise RuleError(path, _line(key_node), None, f"duplicate key {key!r}")
            seen.add(key)
            result[key] = _plain(value_node, loader, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, loader, path) for item in node.value]
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as error:  # e.g. an int of 10,000 digits
        raise RuleError(path, _line(node), None, f"cannot read value: {str(error).split(';')[0]}") from None


def _field_line(node: yaml.MappingNode, loc: tuple[Any, ...]) -> int:
    """Best line for a pydantic error location inside one rule's mapping node."""
    current: yaml.Node = node
    line = _line(node)
    for part in loc:
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in current.value:
                if key_node.value == part:
                    line, current = _line(key_node), value_node
                    break
            else:
                return line
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int) and part < len(current.value):
            current = current.value[part]
            line = _line(current)
        else:
            return line
    return line


def _describe(error: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in error["loc"])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    elif error["type"] == "missing":
        message = "required key is missing"
    message = message.removeprefix("Value error, ")
    return f"{loc}: {message}" if loc else message


@functools.lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """Compile a rule pattern once per process (validation and matching share it)."""
    return regex.compile(pattern, REGEX_FLAGS)


# regex-only syntax rewritten into something the standard parser reads, for weighing only
_REGEX_ONLY = re.compile(r"(?<!\\)((?:\\\\)*)(\\[pP]\{[^}]*\}|\\K|\\[mM]|\(\?(?:&\w+|P>\w+|R|[+-]?\d+)\))")
_COUNTED = re.compile(r"(?<!\\)\{(\d*)(?:,(\d*))?\}")


def pattern_weight(pattern: str) -> int:
    """An upper bound on the size of ``pattern`` with its counted repeats unrolled.

    Worked out on the standard parser's tree; a pattern it cannot read is weighed as if
    every counted repeat in it were nested in the one before.
    """
    def rewrite(match: re.Match[str]) -> str:
        token = match.group(2)
        return match.group(1) + ("\\s" if token[1] in "pP" else "" if token == "\\K" else
                                 "\\b" if token[1] in "mM" else "x")

    try:
        return _weight(list(sre_parse.parse(_REGEX_ONLY.sub(rewrite, pattern), re.IGNORECASE)))
    except Exception:  # noqa: BLE001 - any parser failure falls back to the cruder bound
        return math.prod(max(int(high or low or 1), 1) for low, high in _COUNTED.findall(pattern))


def _weight(items: list[tuple[Any, Any]]) -> int:
    total = 0
    for op, arg in items:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, high, sub = arg
            total += max(low if high == sre_constants.MAXREPEAT else high, 1) * _weight(list(sub))
        elif op is sre_constants.SUBPATTERN:
            total += _weight(list(arg[-1]))
        elif op is sre_constants.BRANCH:
            total += sum(_weight(list(branch)) for branch in arg[1])
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            total += _weight(list(arg[1]))
        elif op is sre_constants.GROUPREF_EXISTS:
            total += _weight(list(arg[1])) + (_weight(list(arg[2])) if arg[2] else 0)
        elif op is sre_constants.ATOMIC_GROUP:
            total += _weight(list(arg))
        else:
            total += 1
    return total


def load_rule_file(path: Path, *, check_patterns: bool = True) -> list[Rule]:
    """Read and validate one YAML rule file. Raises RuleError with file and line."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RuleError(name, None, None, f"cannot read rule file: {error.strerror or error}") from None
    if len(data) > MAX_RULE_FILE_BYTES:
        raise RuleError(name, None, None, f"rule file is larger than {MAX_RULE_FILE_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RuleError(name, None, None, f"rule file is not UTF-8 (byte {error.start})") from None
    return parse_rules(text, name, check_patterns=check_patterns)


def parse_rules(text: str, path: str = "<rules>", *, check_patterns: bool = True) -> list[Rule]:
    """Parse rules from YAML text; ``path`` is used in error messages.

    ``check_patterns=False`` skips compiling each pattern here (the bundled packs, which
    the test suite compiles); the phrase detector compiles patterns when first needed.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise RuleError(path, line, None, f"invalid YAML: {error.problem or error.context}") from None
    except yaml.reader.ReaderError as error:  # a control character, say: no mark, a position
        line = text.count("\n", 0, error.position) + 1 if isinstance(error.position, int) else None
        raise RuleError(path, line, None, f"invalid YAML: {str(error).splitlines()[0]}") from None
    except yaml.YAMLError as error:
        raise RuleError(path, None, None, f"invalid YAML: {str(error).splitlines()[0]}") from None
    finally:
        loader.dispose()
    if root is None:
        return []
    _refuse_aliases(root, path)
    defaults: dict[str, Any] = {}
    rule_nodes: yaml.Node = root
    if isinstance(root, yaml.MappingNode):
        top = _plain(root, loader, path)
        unknown = set(top) - {"rules", "defaults"}
        if unknown:
            raise RuleError(path, _field_line(root, (sorted(unknown)[0],)), None,
                            f"unknown top-level key {sorted(unknown)[0]!r} (expected 'rules' and 'defaults')")
        defaults = top.get("defaults") or {}
        if not isinstance(defaults, dict):
            raise RuleError(path, _field_line(root, ("defaults",)), None, "'defaults' must be a mapping")
        rule_nodes = next((v for k, v in root.value if k.value == "rules"), None)  # type: ignore[assignment]
        if rule_nodes is None:
            raise RuleError(path, _line(root), None, "a rule file mapping needs a 'rules' list")
    if not isinstance(rule_nodes, yaml.SequenceNode):
        raise RuleError(path, _line(rule_nodes), None, "a rule file must be a list of rules")
    rules: list[Rule] = []
    for node in rule_nodes.value:
        if not isinstance(node, yaml.MappingNode):
            raise RuleError(path, _line(node), None, "each rule must be a mapping")
        raw = _plain(node, loader, path)
        rules.append(_build_rule({**defaults, **raw}, node, path, check_patterns=check_patterns))
    return rules


def _build_rule(raw: dict[str, Any], node: yaml.MappingNode, path: str, *, check_patterns: bool) -> Rule:
    rule_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    for key in ("source", "source_line"):
        if key in raw:
            raise RuleError(path, _field_line(node, (key,)), rule_id, f"{key}: unknown key")
    try:
        rule = Rule(**raw, source=path, source_line=_line(node))
    except ValidationError as error:
        first = error.errors()[0]
        raise RuleError(path, _field_line(node, first["loc"]), rule_id, _describe(first)) from None
    except TypeError as error:
        raise RuleError(path, _line(node), rule_id, str(error)) from None
    for i, pattern in enumerate(rule.patterns if check_patterns else ()):
        if pattern_weight(pattern) > MAX_PATTERN_WEIGHT:
            raise RuleError(path, _field_line(node, ("patterns", i)), rule.id,
                            f"patterns.{i}: nested repeat counts multiply to more than {MAX_PATTERN_WEIGHT:,} "
                            "(the compiled pattern would be too large)")
        try:
            compile_pattern(pattern)
        except (regex.error, RecursionError, OverflowError, ValueError) as error:
            problem = "nested too deeply" if isinstance(error, RecursionError) else error
            raise RuleError(path, _field_line(node, ("patterns", i)), rule.id,
                            f"patterns.{i}: invalid regular expression: {problem}") from None
    for i, phrase in enumerate(rule.phrases):
        if not fold(phrase).strip():
            raise RuleError(path, _field_line(node, ("phrases", i)), rule.id, f"phrases.{i}: empty after folding")
    return rule


def rule_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every YAML file named in ``paths``, folders searched recursively, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file())
        elif path.exists():
            yield path
        else:
            raise RuleError(str(path), None, None, "no such rule file or folder")


def load_rules(paths: Iterable[Path], *, trusted: Iterable[Path] = ()) -> list[Rule]:
    """Load every rule under ``paths``; rule ids must be unique.

    Files under a ``trusted`` folder (the bundled packs) skip the pattern compile check.
    Files read before with the same bytes come from the rule cache (see ``RuleCache``).
    """
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    trusted_dirs = [p.resolve() for p in trusted]
    cache = RuleCache.open()
    for file in rule_files(paths):
        check = not any(file.resolve().is_relative_to(folder) for folder in trusted_dirs)
        for rule in cache.load(file, check_patterns=check):
            for name in (rule.id, *rule.aliases):
                if name in seen:
                    other = seen[name]
                    raise RuleError(rule.source, rule.source_line, rule.id,
                                    f"rule id {name!r} is already defined at {other.source}:{other.source_line}")
                seen[name] = rule
            rules.append(rule)
    cache.save()
    return rules


MAX_CACHED_FILES = 400
STALE_CACHE_SECONDS = 30 * 24 * 3600
"""Rule files the cache remembers; the ones least recently loaded are dropped first."""
_CODE = ("rules.py", "models.py", "normalize.py")
"""The modules whose code decides whether a rule file is valid and what it loads as."""


def cache_folder() -> Path | None:
    """contentguard's cache folder, or None when ``CONTENTGUARD_NO_CACHE`` is set.

    ``$CONTENTGUARD_CACHE_DIR``, else ``$XDG_CACHE_HOME/contentguard``, else ``~/.cache/contentguard``.
    """
    if os.environ.get("CONTENTGUARD_NO_CACHE"):
        return None
    folder = os.environ.get("CONTENTGUARD_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "contentguard")
    return Path(folder)


class RuleCache:
    """Validated rule files remembered across runs, so a cold start does not parse YAML.

    Parsing and validating the bundled packs (~450 rules) costs about a tenth of a second
    a run, which a pre-commit hook pays for every commit. An entry is the rules a file
    loaded as, stored under the file's path and used only when the file's bytes hash to
    the same SHA-256 as when it was stored: an edited file is always read again, whatever
    its size or modification time. The cache file's name carries a hash of the code that
    validates rules (and of the Python, pydantic and regex versions), so an upgrade starts
    a fresh cache. A cache file that cannot be read, or an entry that does not validate,
    is ignored; rule files that fail to load are never stored. ``CONTENTGUARD_NO_CACHE=1``
    turns it off.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        if path is None:
            return
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return
        if isinstance(data, dict):
            self.entries = {key: value for key, value in data.items() if isinstance(value, dict)}

    @classmethod
    def open(cls) -> RuleCache:
        """The cache for this version of the code (a disabled one under ``CONTENTGUARD_NO_CACHE``)."""
        folder = cache_folder()
        try:
            return cls(None if folder is None else folder / f"rules-{_code_digest()}.json")
        except OSError:  # the code cannot be read to hash it (a zip import, say): no cache
            return cls(None)

    def load(self, path: Path, *, check_patterns: bool = True) -> list[Rule]:
        """``load_rule_file(path)``, from the cache when the file's bytes are unchanged."""
        if self.path is None:
            return load_rule_file(path, check_patterns=check_patterns)
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError:
            return load_rule_file(path, check_patterns=check_patterns)
        key = f"{check_patterns:d}:{os.path.abspath(name)}"
        digest = hashlib.sha256(data).hexdigest()
        entry = self.entries.pop(key, None)
        rules = _cached_rules(entry, digest, name)
        if rules is None:
            rules = load_rule_file(path, check_patterns=check_patterns)
            entry = {"sha256": digest, "source": name,
                     "rules": [{**rule.model_dump(mode="json"), "source_line": rule.source_line} for rule in rules]}
            # a value JSON cannot carry as it is (a YAML date in options, say): keep the file uncached
            if _cached_rules(entry, digest, name) != rules:
                return rules
            self.dirty = True
        self.entries[key] = entry  # most recently used last
        return rules

    def save(self) -> None:
        """Write the cache back if anything was added (atomically; errors are ignored)."""
        if self.path is None or not self.dirty:
            return
        entries = dict(list(self.entries.items())[-MAX_CACHED_FILES:])
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
            self.dirty = False
        except OSError:
            temporary.unlink(missing_ok=True)
            return
        # caches of other code versions that no run has written to for a month: an old install's
        for other in self.path.parent.glob("rules-*.json"):
            try:
                if other != self.path and time.time() - other.stat().st_mtime > STALE_CACHE_SECONDS:
                    other.unlink()
            except OSError:
                pass


def _cached_rules(entry: dict[str, Any] | None, digest: str, name: str) -> list[Rule] | None:
    """The rules an entry holds if it is for these bytes under this name and still validates."""
    if entry is None or entry.get("sha256") != digest or entry.get("source") != name:
        return None
    stored = entry.get("rules")
    if not isinstance(stored, list):
        return None
    try:
        return [Rule.model_validate({**item, "source": name}) for item in stored]
    except (ValidationError, TypeError, ValueError):
        return None


@functools.lru_cache(maxsize=8)
def code_digest(files: tuple[Path, ...], versions: str = "") -> str:
    """A hash of the Python version, ``versions`` and ``files``' bytes, for naming a cache file: a
    cache written by other code (or other library versions) is then never read. Once per process;
    raises OSError when a file cannot be read (a zip import, say)."""
    digest = hashlib.sha256(f"{sys.version}|{versions}".encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _code_digest() -> str:
    import pydantic

    return code_digest(tuple(Path(__file__).parent / module for module in _CODE),
                       f"{pydantic.VERSION}|{regex.__version__}")
