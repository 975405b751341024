"""Plugin loading and the one typed wrapper per hook. The only module that calls ``pm.hook``."""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata
import importlib.util
import os
import pkgutil
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from . import hookspecs
from .detector import Detector
from .errors import PluginError
from .reader import Reader
from .reporter import Reporter

BUILTIN_PACKAGES = ("contentguard.detectors", "contentguard.readers", "contentguard.reporters")


def _builtin_plugins() -> tuple[str, ...]:
    """The rule packs plus every module of the built-in packages that implements a hook."""
    names = ["contentguard.rulepacks"]
    for package_name in BUILTIN_PACKAGES:
        package = importlib.import_module(package_name)
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{package_name}.{info.name}")
            if any(hasattr(value, "contentguard_impl") for value in vars(module).values()):
                names.append(module.__name__)
    return tuple(names)


DEFAULT_PLUGINS: tuple[str, ...] = _builtin_plugins()
"""Built-in plugins, registered through the same hooks as third-party ones."""
ENTRY_POINT_GROUP = "contentguard"


@dataclass
class PluginInfo:
    """What ``plugins list`` shows for one plugin."""

    name: str
    kind: str  # builtin | entry-point | local
    distribution: str | None = None
    version: str | None = None


@dataclass
class Registry:
    """A plugin manager plus what went wrong while loading plugins (kept, not raised)."""

    pm: pluggy.PluginManager
    info: dict[str, PluginInfo] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def _collect(self, hook_name: str) -> list[tuple[str, Any]]:
        """Call every implementation of a hook on its own, so one failing plugin is named."""
        caller = getattr(self.pm.hook, hook_name)
        results: list[tuple[str, Any]] = []
        for impl in reversed(caller.get_hookimpls()):  # pluggy's call order: last registered first
            try:
                value = _traced(impl.plugin_name, hook_name, impl.function)
            except Exception as error:
                self.errors.append(f"plugin {impl.plugin_name!r} raised in {hook_name}: "
                                   f"{type(error).__name__}: {error}")
                continue
            if value is None:
                continue
            if not isinstance(value, (list, tuple)):
                self.errors.append(f"plugin {impl.plugin_name!r}: {hook_name} must return a list, "
                                   f"not {type(value).__name__}")
                continue
            results.extend((impl.plugin_name, item) for item in value)
        return results

    def _classes(self, hook_name: str, base: type) -> dict[str, tuple[str, Any]]:
        found: dict[str, tuple[str, Any]] = {}
        for plugin, item in self._collect(hook_name):
            if not (isinstance(item, type) and issubclass(item, base) and item.name):
                self.errors.append(f"plugin {plugin!r}: {hook_name} returned {item!r}, "
                                   f"not a {base.__name__} subclass with a name")
                continue
            if item.name in found:
                raise PluginError(f"plugins {found[item.name][0]!r} and {plugin!r} both register "
                                  f"a {base.__name__.lower()} named {item.name!r}")
            found[item.name] = (plugin, item)
        return found

    def detectors(self) -> dict[str, type[Detector]]:
        found = self._classes("register_detectors", Detector)
        if os.environ.get("CONTENTGUARD_TRACE_PLUGINS"):
            return {name: _traced_detector(plugin, cls) for name, (plugin, cls) in found.items()}
        return {name: cls for name, (_plugin, cls) in found.items()}

    def reporters(self) -> dict[str, type[Reporter]]:
        return {name: cls for name, (_plugin, cls) in self._classes("register_reporters", Reporter).items()}

    def readers(self) -> dict[str, type[Reader]]:
        return {name: cls for name, (_plugin, cls) in self._classes("register_readers", Reader).items()}

    def rule_paths(self) -> list[Path]:
        paths: list[Path] = []
        for plugin, item in self._collect("register_rule_paths"):
            if not isinstance(item, (str, Path)):
                self.errors.append(f"plugin {plugin!r}: register_rule_paths returned {item!r}, not a path")
                continue
            paths.append(Path(item))
        return paths

    def signal_paths(self) -> list[Path]:
        """Markup signal packs for HTML input: the built-in one plus every plugin's."""
        paths: list[Path] = []
        for plugin, item in self._collect("register_signal_paths"):
            if not isinstance(item, (str, Path)):
                self.errors.append(f"plugin {plugin!r}: register_signal_paths returned {item!r}, not a path")
                continue
            paths.append(Path(item))
        return paths

    def contributions(self) -> dict[str, dict[str, list[str]]]:
        """For each plugin: names of its detectors, reporters, readers and rule paths."""
        table: dict[str, dict[str, list[str]]] = {name: {} for name in self.info}
        for hook_name, base, label in (("register_detectors", Detector, "detectors"),
                                       ("register_reporters", Reporter, "reporters"),
                                       ("register_readers", Reader, "readers")):
            for name, (plugin, _cls) in self._classes(hook_name, base).items():
                table.setdefault(plugin, {}).setdefault(label, []).append(name)
        for plugin, item in self._collect("register_rule_paths"):
            table.setdefault(plugin, {}).setdefault("rule paths", []).append(str(item))
        for plugin, item in self._collect("register_signal_paths"):
            table.setdefault(plugin, {}).setdefault("signal paths", []).append(str(item))
        return table


def _traced(plugin: str, hook_name: str, function: Callable[[], Any]) -> Any:
    if not os.environ.get("CONTENTGUARD_TRACE_PLUGINS"):
        return function()
    started = time.perf_counter()
    try:
        return function()
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        print(f"contentguard: trace: {plugin}.{hook_name}() {elapsed:.2f} ms", file=sys.stderr)


def _traced_detector(plugin: str, cls: type[Detector]) -> type[Detector]:
    """A subclass of ``cls`` whose ``detect`` prints its time and finding count to stderr."""

    def detect(self: Detector, document: Any) -> list[Any]:
        started = time.perf_counter()
        outcome = "raised"
        try:
            findings = list(cls.detect(self, document))
            outcome = f"{len(findings)} findings"
            return findings
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            where = document.path or document.id or "-"
            print(f"contentguard: trace: {plugin}: detector {cls.name}.detect({where}) {outcome} "
                  f"{elapsed:.2f} ms", file=sys.stderr)

    return type(cls.__name__, (cls,), {"detect": detect, "__module__": cls.__module__,
                                       "__qualname__": cls.__qualname__, "__doc__": cls.__doc__})


def _import_local(spec: str) -> Any:
    """Import ``module.name`` or a ``path/to/file.py`` (or package folder)."""
    path = Path(spec)
    if spec.endswith(".py") or path.is_dir() or os.sep in spec:
        target = path / "__init__.py" if path.is_dir() else path
        if not target.is_file():
            raise ModuleNotFoundError(f"no such file {str(target)!r}")
        name = f"contentguard_local_{path.stem}"
        module_spec = importlib.util.spec_from_file_location(name, target)
        if module_spec is None or module_spec.loader is None:
            raise ImportError(f"cannot import {spec!r}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        return module
    return importlib.import_module(spec)


def get_plugin_manager(*, load_entry_points: bool = True, local: Sequence[str | object] = (),
                       only: Iterable[str] | None = None) -> Registry:
    """A fresh plugin manager with the defaults, installed plugins and ``local`` modules.

    ``local`` items are module names, ``.py`` files or package folders (imported here), or
    objects already imported (a module, or any object with ``@hookimpl`` functions).
    ``only`` (from ``CONTENTGUARD_LOAD_PLUGINS``) limits entry-point plugins to those entry-point
    or distribution names; a name that matches no installed plugin is named in ``errors``.
    A plugin that fails to import is left out and named in ``Registry.errors``.
    """
    pm = pluggy.PluginManager("contentguard")
    pm.add_hookspecs(hookspecs)
    registry = Registry(pm)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
        registry.info[name] = PluginInfo(name, "builtin", "contentguard", _version("contentguard"))
    if only is None and os.environ.get("CONTENTGUARD_LOAD_PLUGINS") is not None:
        only = [n.strip() for n in os.environ["CONTENTGUARD_LOAD_PLUGINS"].split(",") if n.strip()]
    wanted = set(only) if only is not None else None
    if load_entry_points:
        entry_points = list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))
        if wanted is not None:
            known = {ep.name for ep in entry_points} | {ep.dist.metadata["Name"] for ep in entry_points if ep.dist}
            for name in sorted(wanted - known):
                registry.errors.append(f"CONTENTGUARD_LOAD_PLUGINS names {name!r}, which is not an installed plugin")
        for entry_point in entry_points:
            dist_name = entry_point.dist.metadata["Name"] if entry_point.dist else None
            if wanted is not None and entry_point.name not in wanted and dist_name not in wanted:
                continue
            if pm.get_plugin(entry_point.name) is not None:
                continue
            try:
                module = entry_point.load()
                pm.register(module, name=entry_point.name)
            except Exception as error:
                registry.errors.append(f"plugin {entry_point.name!r} failed to load: {type(error).__name__}: {error}")
                continue
            dist = entry_point.dist
            registry.info[entry_point.name] = PluginInfo(
                entry_point.name, "entry-point", dist.metadata["Name"] if dist else None,
                dist.version if dist else None)
    for spec in local:
        name = spec if isinstance(spec, str) else getattr(spec, "__name__", None) or repr(spec)
        try:
            module = _import_local(spec) if isinstance(spec, str) else spec
            pm.register(module, name=name)
        except Exception as error:
            registry.errors.append(f"plugin {name!r} failed to load: {type(error).__name__}: {error}")
            continue
        registry.info[name] = PluginInfo(name, "local")
    _check_hook_names(pm)
    return registry


def _check_hook_names(pm: pluggy.PluginManager) -> None:
    """A misspelt hook name is an error naming the plugin and the closest real hook."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        name = pm.get_name(error.plugin) or repr(error.plugin)
        known = [n for n in dir(hookspecs) if n.startswith("register_")]
        for hook in pm.hook.__dict__.values():
            if isinstance(hook, pluggy.HookCaller) and hook.spec is None:
                for impl in hook.get_hookimpls():
                    if impl.plugin is error.plugin:
                        close = difflib.get_close_matches(hook.name, known, n=1)
                        hint = f" (did you mean {close[0]}?)" if close else ""
                        raise PluginError(f"plugin {name!r}: unknown hook {hook.name!r}{hint}") from None
        raise PluginError(f"plugin {name!r}: {error}") from None


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
