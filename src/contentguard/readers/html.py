"""HTML pages: the main text extracted with trafilatura, paywall signals read from the same parse.

The page is decoded (BOM, then UTF-8, then the charset its ``<meta>`` declares, then
trafilatura's own detection), parsed once with lxml, searched for markup signals, and
handed as a tree to trafilatura, which extracts the article one block per line. The
Document's text is that extracted text: findings point into it, not into the HTML.

trafilatura, lxml and the signal pack are imported when the first page is read, so a run
that reads no HTML (a pre-commit hook on Markdown files) does not pay for importing them.
"""

from __future__ import annotations

import codecs
import copy
import functools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import regex

from ..hookspecs import hookimpl
from ..models import Document
from ..reader import ExtractionSettings, Reader

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from ..signals import SignalPack

EXTRACTOR = "trafilatura"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = regex.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", regex.IGNORECASE)
_XML_ENCODING = regex.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_.:-]+)""", regex.IGNORECASE)
# browsers read these labels as windows-1252 (WHATWG encoding standard)
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso_8859-1"}
SNIFF_BYTES = 4096
MIN_RESYNC_CHARS = 20
BLOCK_TAGS = ("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
              "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
              "pre", "section", "table", "td", "th", "tr", "ul")
_WORD = regex.compile(r"\w+")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>``, ``http-equiv`` or ``<?xml encoding>``."""
    head = data[:SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    return "cp1252" if label in _WINDOWS_1252 else label


def decode_html(data: bytes | str) -> tuple[str, str]:
    """Decode a page: a BOM wins, then UTF-8, then the declared charset, then detection.

    Returns the text and the encoding used (``detected`` when trafilatura had to guess).
    UTF-8 comes before the declared charset because pages that declare latin-1 and are
    really UTF-8 are common, while latin-1 text that happens to be valid UTF-8 is not.
    """
    if isinstance(data, str):
        return data, "unicode"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    from trafilatura.utils import decode_file

    return decode_file(data), "detected"


def block_lines(tree: HtmlElement) -> list[str]:
    """The page's text one block element per line, whitespace folded (from a copy of ``tree``)."""
    body = tree.find(".//body")
    root = copy.deepcopy(body if body is not None else tree)
    for element in root.iter(*BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("script", "style", "noscript", "template"):
        element.text = ""
    lines = (" ".join(line.split()) for line in "".join(root.itertext()).split("\n"))
    return [line for line in lines if line]


def resegment(text: str, tree: HtmlElement) -> str:
    """Put back the line breaks between blocks that trafilatura's baseline fallback joins with spaces.

    On short pages trafilatura falls back to a baseline extractor that returns the whole
    article as one line; a teaser and the paywall prompt under it would then share a line.
    Only spaces are turned into newlines, so the words stay exactly as extracted.
    """
    chars = list(text)
    cursor = 0
    for line in block_lines(tree):
        at = cursor if text.startswith(line, cursor) else -1
        if at < 0 and len(line) >= MIN_RESYNC_CHARS:
            at = text.find(line, cursor)
        if at < 0:
            continue
        if at > 0 and chars[at - 1] == " ":
            chars[at - 1] = "\n"
        cursor = at + len(line)
        if text.startswith(" ", cursor):
            cursor += 1
    return "".join(chars)


class HtmlExtractor:
    """Turns HTML into a Document: extraction settings and the signal pack, built once."""

    def __init__(self, settings: ExtractionSettings | None = None, *,
                 signal_paths: Sequence[Path] | None = None, pack: SignalPack | None = None) -> None:
        from ..signals import bundled_signals, load_signal_pack

        self.settings = settings or ExtractionSettings()
        if pack is None:
            pack = load_signal_pack(list(signal_paths) if signal_paths is not None else [bundled_signals()])
        self.pack = pack
        self._kwargs = self.settings.as_kwargs()

    def extract(self, html: bytes | str) -> tuple[str, dict[str, Any]]:
        """The page's main text (one block per line) and its metadata (signals, encoding)."""
        import trafilatura
        from trafilatura.utils import load_html

        source, encoding = decode_html(html)
        tree = load_html(source) if source.strip() else None
        # the raw bytes serve the signal scan unless the encoding is not ASCII-compatible
        ascii_bytes = isinstance(html, bytes) and not encoding.startswith(("utf-16", "utf-32"))
        markup = self.pack.scan(html if ascii_bytes else source, tree)
        text = ""
        if tree is not None:
            text = trafilatura.extract(tree, output_format="txt", **self._kwargs) or ""
            if not text and len(tree) and not tree.xpath("string(/html/body)").strip():
                deep = _deep_tree(source)  # libxml2 stopped at 256 levels: read it again, deeper
                if deep is not None:
                    tree = deep
                    text = trafilatura.extract(tree, output_format="txt", **self._kwargs) or ""
        if tree is not None and text and "\n" not in text.strip():
            text = resegment(text, tree)
        if text and not text.endswith("\n"):
            text += "\n"
        metadata: dict[str, Any] = {
            "html": {
                "extractor": EXTRACTOR,
                "encoding": encoding,
                "settings": dict(self._kwargs),
                "parsed": tree is not None,
                "extracted_words": len(_WORD.findall(text)),
                "word_count": markup.word_count,
                "accessible_for_free": markup.accessible_for_free,
            },
            "signals": [signal.model_dump() for signal in markup.signals],
        }
        return text, metadata

    def document(self, html: bytes | str, *, path: str | None = None, id: str | None = None,
                 metadata: dict[str, Any] | None = None) -> Document:
        """A Document whose text is the extracted article; ``metadata`` is merged in."""
        text, facts = self.extract(html)
        return Document(text=text, path=path, format="html", id=id, source=EXTRACTOR,
                        metadata={**facts, **(metadata or {})})


def _deep_tree(source: str) -> HtmlElement | None:
    """``source`` parsed with libxml2's huge-tree option, which lets elements nest 2,048 levels
    deep instead of 256 (a page past 256 levels otherwise parses to an empty body); None when
    that fails too. Used only for a page whose first parse has no text, so others pay nothing."""
    from lxml import etree
    from lxml.html import HTMLParser, fromstring

    try:
        return fromstring(source, parser=HTMLParser(huge_tree=True, remove_comments=True))
    except (etree.ParserError, ValueError):
        return None


class HtmlReader(Reader):
    """``.html``, ``.htm`` and ``.xhtml`` pages (gzipped too): one document per file."""

    name = "html"
    suffixes = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")

    @functools.cached_property
    def extractor(self) -> HtmlExtractor:
        """Built on first use, so a run without HTML never loads the signal pack."""
        return HtmlExtractor(self.options.extraction, signal_paths=self.options.signal_paths)

    def read(self, path: Path, stream: BinaryIO) -> Iterator[Document]:
        yield self.extractor.document(stream.read(), path=str(path))


@hookimpl
def register_readers() -> list[type[Reader]]:
    return [HtmlReader]


@hookimpl
def register_signal_paths() -> list[Path]:
    from ..signals import bundled_signals

    return [bundled_signals()]
