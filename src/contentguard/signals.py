"""Paywall signals in a page's markup, read from YAML signal packs and schema.org data.

A signal pack is a YAML file shaped like a rule file: a list of signals, or a mapping with
``signals:`` and ``defaults:``. A signal names what it looks for in the markup:

```yaml
- id: vendor/piano
  message: Piano (Tinypass) paywall script
  kind: soft               # what the signal alone says: hard | metered | soft
  weight: strong           # weak signals count only next to other evidence
  lock: false              # true: the element is the wall itself, put where the article stops
  scripts: [tinypass.com]  # substrings of <script src>, <iframe src>, <link href>
  inline: ['tp.push(["setaid"']   # substrings of inline <script> text
  classes: [tp-modal, "tp-container*"]   # class or id tokens; a trailing * matches a prefix
  attributes: ["data-piano*"]     # attribute names
  meta: [{name: "article:content_tier", content: "^locked$"}]  # name/property/itemprop, content regex
  examples:
    match: ['<script src="https://cdn.tinypass.com/api/tinypass.min.js"></script>']
    no_match: ['<p>Our piano teacher moved to tinypass street.</p>']
```

Everything is matched case-insensitively. Finding signals costs one pass of an
Aho-Corasick DFA (ahocorasick-rs) over the page's lowercased bytes; the parsed tree is only
walked for the signals whose literal anchors occur, so a page without any costs well under a
millisecond.
schema.org JSON-LD (and microdata) ``isAccessibleForFree``, ``hasPart``/``cssSelector`` and
``wordCount`` are read by code, not by the pack.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import RuleError
from .models import Examples
from .rules import _describe, _field_line, _line, _Loader, _plain, rule_files

if TYPE_CHECKING:  # lxml and the matcher are imported when a pack is built or a page parsed
    from lxml import etree
    from lxml.html import HtmlElement

_SIGNAL_ID = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:[-.][a-z0-9]+)*$")
_WORD = regex.compile(r"\w+")
_TOKEN = regex.compile(r"^[a-z0-9_:.-]+\*?$")
_FALSE = (False, "false", "False", "FALSE", "no", "0", 0)
_TRUE = (True, "true", "True", "TRUE", "yes", "1", 1)
JSON_LD_MAX_DEPTH = 12
SCHEMA_ANCHORS = ("isaccessibleforfree", "wordcount")
WITHHELD_WORDS = 20
"""A paywalled section (schema.org hasPart) with fewer words than this was not delivered."""
SIGNAL_SUFFIXES = (".yaml", ".yml")


class MetaMatch(BaseModel):
    """A ``<meta>`` tag: its ``name``, ``property`` or ``itemprop`` and a regex on ``content``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    content: str = ".*"

    @field_validator("content")
    @classmethod
    def _check_regex(cls, value: str) -> str:
        try:
            regex.compile(value)
        except regex.error as error:
            raise ValueError(f"invalid regular expression: {error}") from None
        return value


class SignalSpec(BaseModel):
    """One entry of a signal pack: what to look for in the markup and what it means."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    message: str
    kind: Literal["hard", "metered", "soft"] = "soft"
    weight: Literal["strong", "weak"] = "strong"
    lock: bool = False
    vendor: str | None = None
    scripts: list[str] = []
    inline: list[str] = []
    classes: list[str] = []
    attributes: list[str] = []
    meta: list[MetaMatch] = []
    examples: Examples

    source: str = Field(default="", exclude=True)
    source_line: int = Field(default=0, exclude=True)

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _SIGNAL_ID.match(value):
            raise ValueError("signal id must look like 'group/slug' in lowercase kebab-case")
        return value

    @field_validator("scripts", "inline", "classes", "attributes")
    @classmethod
    def _literal(cls, value: list[str]) -> list[str]:
        for i, item in enumerate(value):
            if not item.strip("* \t"):
                raise ValueError(f"item {i} is empty")
        return [item.lower() for item in value]

    @field_validator("classes", "attributes")
    @classmethod
    def _token(cls, value: list[str]) -> list[str]:
        for i, item in enumerate(value):
            if not _TOKEN.match(item):
                raise ValueError(f"item {i}: a class, id or attribute name (letters, digits, - _ : .), "
                                 "optionally ending in *")
        return value

    @model_validator(mode="after")
    def _needs_a_matcher(self) -> SignalSpec:
        if not (self.scripts or self.inline or self.classes or self.attributes or self.meta):
            raise ValueError("a signal needs scripts, inline, classes, attributes or meta")
        return self


class Signal(BaseModel):
    """A signal found on one page, with what matched."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: Literal["hard", "metered", "soft"]
    weight: Literal["strong", "weak"] = "strong"
    lock: bool = False
    message: str
    evidence: str
    """What matched, e.g. ``script src=https://cdn.tinypass.com/api/tinypass.min.js``."""


@dataclass
class Markup:
    """Everything the markup says about access: signals plus schema.org facts."""

    signals: list[Signal] = field(default_factory=list)
    word_count: int | None = None
    """The largest schema.org ``wordCount`` on the page."""
    accessible_for_free: bool | None = None


def _tokens(patterns: Sequence[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    exact = frozenset(p for p in patterns if not p.endswith("*"))
    prefixes = tuple(p.rstrip("*") for p in patterns if p.endswith("*"))
    return exact, prefixes


def _matches(token: str, exact: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    return token in exact or (bool(prefixes) and token.startswith(prefixes))


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SignalPack:
    """Compiled signal specs: build once, then ``scan`` every page."""

    def __init__(self, specs: Sequence[SignalSpec]) -> None:
        self.specs = list(specs)
        anchors: dict[str, set[int]] = {}
        for index, spec in enumerate(self.specs):
            literals = [*spec.scripts, *spec.inline, *(c.rstrip("*") for c in spec.classes),
                        *(a.rstrip("*") for a in spec.attributes), *(m.name.lower() for m in spec.meta)]
            for literal in literals:
                anchors.setdefault(literal, set()).add(index)
        for schema_anchor in SCHEMA_ANCHORS:
            anchors.setdefault(schema_anchor, set())
        self._anchors = list(anchors)
        self._anchor_specs = [frozenset(anchors[a]) for a in self._anchors]
        from ahocorasick_rs import BytesAhoCorasick, Implementation

        # a DFA over lowercased bytes: a fraction of a millisecond for a large page
        self._matcher = BytesAhoCorasick([a.encode("utf-8") for a in self._anchors],
                                         implementation=Implementation.DFA)
        self._tokens = [(_tokens(spec.classes), _tokens(spec.attributes)) for spec in self.specs]
        self._class_anchors = {token.rstrip("*") for spec in self.specs for token in spec.classes}
        self._attr_anchors = {token.rstrip("*") for spec in self.specs for token in spec.attributes}
        self._meta = [[(m.name.lower(), regex.compile(m.content, regex.IGNORECASE)) for m in spec.meta]
                      for spec in self.specs]

    def candidates(self, source: str | bytes) -> tuple[set[int], set[str]]:
        """Specs whose anchors occur in ``source`` (the page, as text or ASCII-compatible bytes)."""
        haystack = source.lower() if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass").lower()
        specs: set[int] = set()
        found: set[str] = set()
        for index in set(self._matcher.find_matches_as_indexes(haystack, overlapping=True)):
            found.add(self._anchors[index[0]])
            specs |= self._anchor_specs[index[0]]
        return specs, found

    def scan(self, source: str | bytes, tree: HtmlElement | None) -> Markup:
        """The signals in a page: ``source`` is its HTML (text, or bytes in an ASCII-compatible
        encoding), ``tree`` the parsed page."""
        markup = Markup()
        if tree is None:
            return markup
        candidates, anchors = self.candidates(source)
        if anchors & set(SCHEMA_ANCHORS):
            _schema(tree, markup)
        page = _Page(tree, anchors & self._class_anchors, anchors & self._attr_anchors)
        for index in sorted(candidates):
            evidence = self._evidence(index, page, anchors)
            if evidence is not None:
                spec = self.specs[index]
                markup.signals.append(Signal(id=spec.id, kind=spec.kind, weight=spec.weight, lock=spec.lock,
                                             message=spec.message, evidence=evidence))
        return markup

    def _evidence(self, index: int, page: _Page, anchors: set[str]) -> str | None:
        spec = self.specs[index]
        if spec.scripts:
            for tag, attribute, url in page.urls:
                if any(needle in url for needle in spec.scripts):
                    return f"{tag} {attribute}={_short(url)}"
        needles = [needle for needle in spec.inline if needle in anchors]
        for position, text in enumerate(page.inline if needles else ()):
            for needle in needles:
                if needle in text or needle in page.lowered(position):
                    return f"inline script contains {needle!r}"
        (class_exact, class_prefix), (attr_exact, attr_prefix) = self._tokens[index]
        for value in page.attributes if class_exact or class_prefix or attr_exact or attr_prefix else ():
            name = value.attrname.lower()
            element = value.getparent()
            if name in ("class", "id"):
                if any(_matches(token, class_exact, class_prefix) for token in value.lower().split()):
                    return f"<{element.tag} {name}=\"{_short(value, 60)}\">"
            elif _matches(name, attr_exact, attr_prefix):
                return f"<{element.tag} {name}>"
        for name, content in self._meta[index]:
            for key, value in page.metas:
                if key == name and content.search(value):
                    return f"meta {key}={_short(value, 40)}"
        return None

    def example_hits(self, html: str) -> list[str]:
        """Signal ids found in an HTML snippet (for a spec's examples)."""
        tree = parse_fragment(html)
        return [signal.id for signal in self.scan(html, tree).signals]


class _Page:
    """What the signal checks read from one parsed page, each part gathered once and only if needed."""

    def __init__(self, tree: HtmlElement, class_anchors: set[str], attribute_anchors: set[str]) -> None:
        self.tree = tree
        self.class_anchors = class_anchors
        self.attribute_anchors = attribute_anchors

    @functools.cached_property
    def urls(self) -> list[tuple[str, str, str]]:
        found = []
        for element in self.tree.iter("script", "iframe", "link"):
            attribute = "href" if element.tag == "link" else "src"
            url = element.get(attribute)
            if url:
                found.append((element.tag, attribute, url.lower()))
        return found

    @functools.cached_property
    def inline(self) -> list[str]:
        return [element.text for element in self.tree.iter("script") if element.text and not element.get("src")]

    def lowered(self, position: int) -> str:
        """Inline script ``position`` in lowercase (large scripts are lowercased only when needed)."""
        cache: dict[int, str] = self.__dict__.setdefault("_lowered", {})
        if position not in cache:
            cache[position] = self.inline[position].lower()
        return cache[position]

    @functools.cached_property
    def metas(self) -> list[tuple[str, str]]:
        return [((element.get("name") or element.get("property") or element.get("itemprop") or "").lower(),
                 element.get("content") or "") for element in self.tree.iter("meta")]

    @functools.cached_property
    def attributes(self) -> list[Any]:
        """class and id values containing a found anchor, and attributes whose name starts with one.

        XPath run in libxml2 (a fraction of a millisecond); anchors are tried as written in the
        pack (lowercase), capitalised and in capitals, since XPath 1.0 has no cheap lower-case.
        """
        found: list[Any] = []
        if self.class_anchors:
            found += _attribute_query(frozenset(self.class_anchors), names=False)(self.tree)
        if self.attribute_anchors:
            found += _attribute_query(frozenset(self.attribute_anchors), names=True)(self.tree)
        return found


@functools.lru_cache(maxsize=256)
def _attribute_query(anchors: frozenset[str], *, names: bool) -> etree.XPath:
    from lxml import etree

    variants = sorted({v for a in anchors for v in (a, a.capitalize(), a.upper())})
    if names:
        return etree.XPath("//@*[" + " or ".join(f"starts-with(name(), '{v}')" for v in variants) + "]")
    contains = " or ".join(f"contains(., '{v}')" for v in variants)
    return etree.XPath(f"//@class[{contains}] | //@id[{contains}]")


def parse_fragment(html: str) -> HtmlElement | None:
    """Parse a snippet or page with lxml's HTML parser (None when there is nothing to parse)."""
    from lxml import etree
    from lxml.html import HTMLParser

    try:
        return etree.fromstring(html or "<html></html>", HTMLParser())
    except (etree.ParserError, ValueError):
        return None


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > JSON_LD_MAX_DEPTH:
        return
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)


def _schema(tree: HtmlElement, markup: Markup) -> None:
    """schema.org facts from JSON-LD and microdata: access, paywalled sections, word count."""
    selectors: list[str] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        for node in _walk(data):
            free = node.get("isAccessibleForFree")
            if free in _FALSE:
                markup.accessible_for_free = False
                selector = node.get("cssSelector")
                if isinstance(selector, str) and selector.strip():
                    selectors.append(selector.strip())
            elif free in _TRUE and markup.accessible_for_free is None:
                markup.accessible_for_free = True
            count = node.get("wordCount")
            if isinstance(count, str) and count.strip().isdigit():
                count = int(count.strip())
            if isinstance(count, int) and not isinstance(count, bool) and count > 0:
                markup.word_count = max(markup.word_count or 0, count)
    for element in tree.iter("meta"):
        if (element.get("itemprop") or "").lower() == "isaccessibleforfree" and \
                (element.get("content") or "").strip().lower() == "false":
            markup.accessible_for_free = False
    if markup.accessible_for_free is False:
        markup.signals.append(Signal(id="schema/not-accessible-for-free", kind="hard", message=
                                     "schema.org isAccessibleForFree is false: the publisher marks the page as paid",
                                     evidence="isAccessibleForFree=false"))
    for selector in dict.fromkeys(selectors):
        section = _section(tree, selector)
        if section is None:
            withheld, state = False, "not a selector contentguard understands"
        else:
            matched, words = section
            withheld = words < WITHHELD_WORDS
            state = (f"{matched} element(s), missing or empty: the paid part was not delivered" if withheld
                     else f"{matched} element(s), {words} words in the page")
        markup.signals.append(Signal(id="schema/paywalled-section", kind="hard", lock=withheld,
                                     message="schema.org hasPart marks a paywalled section",
                                     evidence=f"cssSelector {_short(selector, 60)!r}: {state}"))


def _section(tree: HtmlElement, selector: str) -> tuple[int, int] | None:
    """How many elements a CSS selector matches and how many words they hold (None: bad selector)."""
    from lxml import etree
    from lxml.cssselect import CSSSelector, SelectorError

    try:
        elements = CSSSelector(selector, translator="html")(tree)
    except (SelectorError, etree.XPathError, ValueError):
        return None
    words = sum(len(_WORD.findall("".join(element.itertext()))) for element in elements)
    return len(elements), words


def bundled_signals() -> Path:
    """The built-in ``signals/`` pack: inside the wheel, or at the repository root in a checkout."""
    packaged = Path(__file__).parent / "signals"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "signals"


def parse_signals(text: str, path: str = "<signals>") -> list[SignalSpec]:
    """Parse a signal pack from YAML text; errors name ``path`` and the line."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise RuleError(path, mark.line + 1 if mark else None, None,
                        f"invalid YAML: {error.problem or error.context}") from None
    finally:
        loader.dispose()
    if root is None:
        return []
    defaults: dict[str, Any] = {}
    nodes: Any = root
    if isinstance(root, yaml.MappingNode):
        top = _plain(root, loader, path)
        unknown = sorted(set(top) - {"signals", "defaults"})
        if unknown:
            raise RuleError(path, _field_line(root, (unknown[0],)), None,
                            f"unknown top-level key {unknown[0]!r} (expected 'signals' and 'defaults')")
        defaults = top.get("defaults") or {}
        if not isinstance(defaults, dict):
            raise RuleError(path, _field_line(root, ("defaults",)), None, "'defaults' must be a mapping")
        nodes = next((v for k, v in root.value if k.value == "signals"), None)
        if nodes is None:
            raise RuleError(path, _line(root), None, "a signal file mapping needs a 'signals' list")
    if not isinstance(nodes, yaml.SequenceNode):
        raise RuleError(path, _line(nodes), None, "a signal file must be a list of signals")
    specs: list[SignalSpec] = []
    for node in nodes.value:
        if not isinstance(node, yaml.MappingNode):
            raise RuleError(path, _line(node), None, "each signal must be a mapping")
        raw = {**defaults, **_plain(node, loader, path)}
        ident = raw.get("id") if isinstance(raw.get("id"), str) else None
        try:
            specs.append(SignalSpec(**raw, source=path, source_line=_line(node)))
        except ValidationError as error:
            first = error.errors()[0]
            raise RuleError(path, _field_line(node, first["loc"]), ident, _describe(first)) from None
        except TypeError as error:
            raise RuleError(path, _line(node), ident, str(error)) from None
    return specs


def load_signal_pack(paths: Iterable[Path]) -> SignalPack:
    """Load every signal file under ``paths`` (folders searched recursively); ids must be unique."""
    specs: list[SignalSpec] = []
    seen: dict[str, SignalSpec] = {}
    for file in rule_files(paths):
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise RuleError(str(file), None, None, f"cannot read signal file: {error}") from None
        for spec in parse_signals(text, str(file)):
            if spec.id in seen:
                other = seen[spec.id]
                raise RuleError(spec.source, spec.source_line, spec.id,
                                f"signal id {spec.id!r} is already defined at {other.source}:{other.source_line}")
            seen[spec.id] = spec
            specs.append(spec)
    return SignalPack(specs)


def check_examples(pack: SignalPack) -> list[str]:
    """One message per failing example: a ``match`` snippet without the signal, or a ``no_match`` with it."""
    failures: list[str] = []
    for spec in pack.specs:
        alone = SignalPack([spec])
        for snippet in spec.examples.match:
            if spec.id not in alone.example_hits(snippet):
                failures.append(f"{spec.source}:{spec.source_line}: {spec.id}: does not match {_short(snippet, 80)!r}")
        for snippet in spec.examples.no_match:
            if spec.id in alone.example_hits(snippet):
                failures.append(f"{spec.source}:{spec.source_line}: {spec.id}: matches {_short(snippet, 80)!r}")
    return failures
