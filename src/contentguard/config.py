"""Configuration files: ``[tool.contentguard]`` in pyproject.toml, or ``.contentguard.toml``.

Each scanned file gets the config found by walking up from its folder: in each folder a
``.contentguard.toml`` wins, then a ``pyproject.toml`` that has a ``[tool.contentguard]``
table (one without it is passed over, as ruff does). The first one found is the whole
config; configs do not merge. Paths in a config (``rules``, ``plugins``,
``per-file-ignores`` globs) are relative to the folder it is in.

Command-line options win over the config: ``--select`` replaces ``select``, ``--ignore``
and ``--rules`` add to ``ignore`` and ``rules``, ``--language``, ``--min-confidence`` and
``--fail-on`` replace theirs. Unknown keys and wrong types are errors naming the file and
the line.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .api import Scanner
from .baseline import Baseline
from .errors import ConfigError
from .models import Document, Finding, Report, Severity, Suppression
from .plugins import Registry, get_plugin_manager
from .suppressions import Suppressor, matches_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAMES = (".contentguard.toml", "pyproject.toml")
FAIL_ON = ("info", "warning", "error", "never")


class ConfigFile(BaseModel):
    """The keys a ``[tool.contentguard]`` table may have (kebab-case, as in ruff)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False,
                              alias_generator=lambda name: name.replace("_", "-"))

    rules: list[str] = []
    """Extra rule files or folders."""
    select: list[str] = []
    """Only these rule ids, categories or id prefixes."""
    ignore: list[str] = []
    severity: dict[str, Severity] = {}
    """Severity overrides by rule id or category."""
    fail_on: Literal["info", "warning", "error", "never"] = "warning"
    per_file_ignores: dict[str, list[str]] = {}
    """Glob (relative to the config's folder) -> rule ids or categories to ignore there."""
    plugins: list[str] = []
    """Plugin modules or ``.py`` files to load."""
    languages: list[str] = []
    min_confidence: float = Field(default=0.0, ge=0, le=1)


KEYS = tuple(ConfigFile.model_fields[name].alias or name for name in ConfigFile.model_fields)


@dataclass
class Config:
    """One config file's values (or the defaults) and where each value came from."""

    values: ConfigFile = field(default_factory=ConfigFile)
    path: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)
    """Key -> ``file:line`` for keys the file sets."""

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def source(self, key: str) -> str:
        return self.sources.get(key, "default")


def _key_lines(text: str, prefix: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    """Line of each key (as a dotted path) inside the table ``prefix``: tomllib gives no lines."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    depth = 0  # inside a multi-line array, keys are not keys
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if depth == 0 and stripped.startswith("["):
            header = regex.match(r"^\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$", stripped)
            if header:
                table = tuple(_split_key(header.group(1)))
                if table[:len(prefix)] == prefix and len(table) > len(prefix):
                    lines.setdefault(table[len(prefix):], number)
                continue
        if depth == 0:
            key = regex.match(r'^((?:"[^"]*"|\'[^\']*\'|[A-Za-z0-9_.\- ]+?))\s*=', stripped)
            if key:
                path = table + tuple(_split_key(key.group(1)))
                if path[:len(prefix)] == prefix and len(path) > len(prefix):
                    lines.setdefault(path[len(prefix):], number)
        depth += line.count("[") - line.count("]") if "=" in line or depth else 0
        depth = max(depth, 0)
    return lines


def _split_key(key: str) -> list[str]:
    parts = regex.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', key)
    return [a or b or c for a, b, c in parts]


def load_config(path: Path) -> Config:
    """Read and validate one config file; errors name the file and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = regex.search(r"\(at line (\d+), column \d+\)", message)
        line = f":{found.group(1)}" if found else ""
        raise ConfigError(f"{path}{line}: invalid TOML: {regex.sub(r' [(]at line.*$', '', message)}") from None
    prefix: tuple[str, ...] = ("tool", "contentguard") if path.name == "pyproject.toml" else ()
    table: Any = data
    for part in prefix:
        table = table.get(part, {}) if isinstance(table, dict) else {}
    lines = _key_lines(text, prefix)
    header = f"[{'.'.join(prefix)}]" if prefix else path.name

    def where(*key: str) -> str:
        line = lines.get(tuple(key)) or lines.get(tuple(key[:1]))
        return f"{path}:{line}" if line else str(path)

    if not isinstance(table, dict):
        raise ConfigError(f"{where()}: {header} must be a table")
    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(KEYS)})"
            raise ConfigError(f"{where(key)}: unknown key {key!r} in {header}{hint}")
    try:
        values = ConfigFile.model_validate(table)
    except ValidationError as error:
        first = error.errors()[0]
        loc = [str(part) for part in first["loc"]]
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{where(*loc)}: {'.'.join(loc)}: {message}") from None
    sources = {key: where(key) for key in table}
    return Config(values, path, sources)


def has_table(path: Path) -> bool:
    """Whether ``path`` is a config: any ``.contentguard.toml``, a pyproject with our table."""
    if path.name != "pyproject.toml":
        return True
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return regex.search(r"^\s*\[\s*tool\s*\.\s*contentguard\s*[\].]|^\s*tool\s*\.\s*contentguard\s*[.=]",
                        text, regex.MULTILINE) is not None


class ConfigFinder:
    """Finds (and caches, per folder) the config file that applies to a path."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path | None] = {}
        self._configs: dict[Path, Config] = {}

    def find(self, path: Path) -> Path | None:
        """The config file for ``path`` (a file or a folder), walking up; None when there is none."""
        start = path.resolve()
        folder = start if start.is_dir() else start.parent
        walked: list[Path] = []
        found: Path | None = None
        for candidate in (folder, *folder.parents):
            if candidate in self._folders:
                found = self._folders[candidate]
                break
            walked.append(candidate)
            hit = next((candidate / name for name in CONFIG_NAMES
                        if (candidate / name).is_file() and has_table(candidate / name)), None)
            if hit is not None:
                found = hit
                break
        for candidate in walked:
            self._folders[candidate] = found
        return found

    def load(self, path: Path) -> Config:
        if path not in self._configs:
            self._configs[path] = load_config(path)
        return self._configs[path]


def glob_regex(pattern: str) -> regex.Pattern[str]:
    """A gitignore-like glob: ``**`` spans folders, ``*`` and ``?`` do not; no ``/`` matches names anywhere."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    if pattern.endswith("/"):
        pattern += "**"
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1:]:
            close = pattern.index("]", i + 1)
            out.append("[" + pattern[i + 1:close].replace("!", "^", 1) + "]")
            i = close + 1
        else:
            out.append(regex.escape(pattern[i]))
            i += 1
    return regex.compile("".join(out) + "(?:/.*)?$")


class PathIgnores(Suppressor):
    """``per-file-ignores``: rule ids or categories ignored for files matching a glob."""

    def __init__(self, root: Path, table: dict[str, list[str]], source: str = "") -> None:
        self.root = root.resolve()
        self.entries = [(glob, glob_regex(glob), names) for glob, names in table.items()]
        self.source = source

    def names_for(self, path: str | None) -> list[tuple[str, list[str]]]:
        if not path or path == "-":
            return []
        try:
            relative = PurePosixPath(Path(path).resolve().relative_to(self.root).as_posix())
        except ValueError:
            return []
        return [(glob, names) for glob, pattern, names in self.entries if pattern.match(str(relative))]

    def suppress(self, document: Document,
                 findings: list[Finding]) -> tuple[list[Finding], list[tuple[Finding, Suppression]]]:
        applicable = self.names_for(document.path)
        if not applicable:
            return findings, []
        kept: list[Finding] = []
        hidden: list[tuple[Finding, Suppression]] = []
        for finding in findings:
            for glob, names in applicable:
                if any(matches_name(finding, name) for name in names):
                    hidden.append((finding, Suppression(
                        source="config", kind="per-file-ignores", names=names, text=f"{glob} = {names}",
                        reason=self.source)))
                    break
            else:
                kept.append(finding)
        return kept, hidden


@dataclass
class Overrides:
    """What the command line says; None or empty means "not given"."""

    rules: Sequence[Path] = ()
    plugins: Sequence[str] = ()
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    languages: Sequence[str] = ()
    min_confidence: float | None = None
    fail_on: str | None = None
    config_file: Path | None = None
    """``--config FILE``: this file for every path, no discovery."""
    isolated: bool = False
    """``--isolated``: no config files at all."""


@dataclass
class Settings:
    """The effective settings for one file: the config merged with the command line."""

    config: Config
    rules: list[Path]
    plugins: list[str]
    select: list[str]
    ignore: list[str]
    severity: dict[str, Severity]
    fail_on: str
    per_file_ignores: dict[str, list[str]]
    languages: list[str]
    min_confidence: float
    sources: dict[str, str]

    def as_table(self) -> list[tuple[str, Any, str]]:
        """(key, value, where it came from) for ``contentguard config``."""
        values = {"rules": [str(p) for p in self.rules], "select": self.select, "ignore": self.ignore,
                  "severity": {k: v.value for k, v in self.severity.items()}, "fail-on": self.fail_on,
                  "per-file-ignores": self.per_file_ignores, "plugins": self.plugins,
                  "languages": self.languages, "min-confidence": self.min_confidence}
        return [(key, values[key], self.sources[key]) for key in KEYS]


def merge(config: Config, overrides: Overrides) -> Settings:
    """Command-line ``overrides`` over ``config``, each value with its source."""
    values, root = config.values, config.root
    sources = {key: config.source(key) for key in KEYS}
    cli = "command line"

    def resolve(item: str) -> str:
        is_path = item.endswith(".py") or "/" in item
        return str((root / item).resolve()) if is_path and not Path(item).is_absolute() else item

    rules = [(root / r).resolve() for r in values.rules] + [Path(r) for r in overrides.rules]
    plugins = [resolve(p) for p in values.plugins] + list(overrides.plugins)
    ignore = [*values.ignore, *overrides.ignore]
    for key, given in (("rules", overrides.rules), ("plugins", overrides.plugins), ("ignore", overrides.ignore)):
        if given:
            sources[key] = f"{sources[key]} + {cli}" if sources[key] != "default" else cli
    select = list(values.select)
    if overrides.select:
        select, sources["select"] = list(overrides.select), cli
    languages = list(values.languages)
    if overrides.languages:
        languages, sources["languages"] = list(overrides.languages), cli
    min_confidence = values.min_confidence
    if overrides.min_confidence:
        min_confidence, sources["min-confidence"] = overrides.min_confidence, cli
    fail_on: str = values.fail_on
    if overrides.fail_on is not None:
        fail_on, sources["fail-on"] = overrides.fail_on, cli
    return Settings(config, rules, plugins, select, ignore, dict(values.severity), fail_on,
                    dict(values.per_file_ignores), languages, min_confidence, sources)


class Workspace:
    """Settings and a Scanner per config file, so every file is scanned under its own config.

    Quacks like a Scanner for the CLI: ``scan``, ``errors`` and ``registry`` (the plugins
    of the config that applies to the working folder, which picks readers and reporters).
    """

    def __init__(self, overrides: Overrides, *, load_entry_points: bool = True,
                 baseline: Baseline | None = None,
                 scanner_factory: Callable[..., Scanner] = Scanner) -> None:
        self.overrides = overrides
        self.load_entry_points = load_entry_points
        self.baseline = baseline
        self.finder = ConfigFinder()
        self._factory = scanner_factory
        self._scanners: dict[Path | None, Scanner] = {}
        self._settings: dict[Path | None, Settings] = {}
        self._base_registry: Registry | None = None

    def __getstate__(self) -> dict[str, object]:
        """Pickle without the built scanners and plugins: a worker process (``--jobs``) builds
        its own, once each, as it meets the files."""
        return {**self.__dict__, "_scanners": {}, "_settings": {}, "_base_registry": None}

    def config_path(self, path: str | Path | None) -> Path | None:
        if self.overrides.isolated:
            return None
        if self.overrides.config_file is not None:
            return self.overrides.config_file
        return self.finder.find(Path(path) if path not in (None, "-") else Path.cwd())  # type: ignore[arg-type]

    def settings_for(self, path: str | Path | None) -> Settings:
        key = self.config_path(path)
        if key not in self._settings:
            config = self.finder.load(key) if key is not None else Config()
            self._settings[key] = merge(config, self.overrides)
        return self._settings[key]

    def scanner_for(self, path: str | Path | None) -> Scanner:
        key = self.config_path(path)
        if key not in self._scanners:
            settings = self.settings_for(path)
            suppressors: list[Suppressor] = []
            if settings.per_file_ignores:
                suppressors.append(PathIgnores(settings.config.root, settings.per_file_ignores,
                                               settings.sources["per-file-ignores"]))
            if self.baseline is not None:
                suppressors.append(self.baseline)
            if self._base_registry is None or settings.plugins:
                registry = get_plugin_manager(load_entry_points=self.load_entry_points, local=settings.plugins)
                self._base_registry = self._base_registry or registry
            else:
                registry = self._base_registry
            self._scanners[key] = self._factory(
                rules=settings.rules, select=settings.select, ignore=settings.ignore,
                languages=settings.languages, min_confidence=settings.min_confidence,
                severity_overrides=settings.severity, suppressors=suppressors, registry=registry)
        return self._scanners[key]

    @property
    def registry(self) -> Registry:
        """The plugins of the config that applies to the working folder."""
        return self.scanner_for(None).registry

    @property
    def errors(self) -> list[str]:
        seen: list[str] = []
        for scanner in self._scanners.values():
            seen.extend(e for e in scanner.errors if e not in seen)
        return seen

    def scan(self, document: Document, *, with_cleaned: bool = False) -> Report:
        return self.scanner_for(document.path).scan(document, with_cleaned=with_cleaned)

    def clean_lines(self, document: Document) -> tuple[str, set[int]]:
        return self.scanner_for(document.path).clean_lines(document)

    def fail_on(self, document: Document) -> str:
        return self.settings_for(document.path).fail_on
