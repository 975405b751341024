"""``contentguard plugin new NAME``: write a complete plugin package from the bundled templates.

The templates live in ``contentguard/templates/plugin`` (shipped in the wheel). File names
hold ``__module__`` and ``__slug__`` placeholders, file contents ``$name`` placeholders
(``string.Template``), and every template ends in ``.tmpl``, which is dropped.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentGuardError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

TEMPLATE_SUFFIX = ".tmpl"
_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class ScaffoldError(ContentGuardError):
    """The plugin name is unusable or the target folder is in the way."""


@dataclass(frozen=True)
class PluginNames:
    """Every name a new plugin needs, worked out from the one the user typed."""

    slug: str
    """Entry-point, detector and category name: ``cookie-walls``."""

    @property
    def dist(self) -> str:
        """Distribution name: ``contentguard-cookie-walls``."""
        return f"contentguard-{self.slug}"

    @property
    def module(self) -> str:
        """Import name: ``contentguard_cookie_walls``."""
        return self.dist.replace("-", "_")

    @property
    def class_name(self) -> str:
        """Detector class: ``CookieWallsDetector``."""
        return "".join(part.capitalize() for part in self.slug.split("-")) + "Detector"

    @property
    def title(self) -> str:
        return self.slug.replace("-", " ")


def plugin_names(name: str, *, reserved: Iterable[str] = ()) -> PluginNames:
    """Names for ``name`` (``cookies``, ``contentguard-cookies`` or ``cookie_walls``).

    ``reserved`` are detector names already taken (the built-ins): a plugin's detector
    must not clash with them.
    """
    slug = name.strip().lower().replace("_", "-")
    slug = slug.removeprefix("contentguard-")
    if not _SLUG.match(slug):
        raise ScaffoldError(f"plugin name {name!r} must be lowercase letters, digits and hyphens, "
                            "starting with a letter (e.g. 'cookie-walls')")
    if slug in set(reserved):
        raise ScaffoldError(f"plugin name {name!r}: a built-in detector is already named {slug!r}")
    return PluginNames(slug)


def _templates() -> Traversable:
    return importlib.resources.files("contentguard").joinpath("templates", "plugin")


def _walk(folder: Traversable, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Traversable]]:
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.is_dir():
            if item.name != "__pycache__":
                yield from _walk(item, (*prefix, item.name))
        elif item.name.endswith(TEMPLATE_SUFFIX):
            yield (*prefix, item.name), item


def render_plugin(names: PluginNames) -> dict[str, str]:
    """Relative path -> file text of the new package (nothing written)."""
    try:
        version = importlib.metadata.version("contentguard")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        version = "0.1"
    values = {"slug": names.slug, "dist": names.dist, "module": names.module, "class_name": names.class_name,
              "title": names.title, "contentguard_version": ".".join(version.split(".")[:2])}
    files: dict[str, str] = {}
    for parts, template in _walk(_templates()):
        relative = "/".join(parts)[: -len(TEMPLATE_SUFFIX)]
        relative = relative.replace("__module__", names.module).replace("__slug__", names.slug)
        files[relative] = string.Template(template.read_text(encoding="utf-8")).substitute(values)
    return files


def new_plugin(name: str, directory: Path, *, force: bool = False, reserved: Iterable[str] = ()) -> list[Path]:
    """Write a plugin package named after ``name`` into ``directory/contentguard-<name>``.

    Returns the files written. An existing, non-empty target folder is an error unless
    ``force`` (then the template's files are overwritten and other files left alone).
    """
    names = plugin_names(name, reserved=reserved)
    target = directory / names.dist
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ScaffoldError(f"{target} already exists and is not empty (use --force to overwrite)")
    written: list[Path] = []
    try:
        for relative, text in render_plugin(names).items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as error:
        raise ScaffoldError(f"cannot write {error.filename or target}: {error.strerror or error}") from None
    return written
