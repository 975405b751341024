"""Markdown files: one document per file, scanned through a Markdown-aware view.

The document's text is the file as written, so findings and the cleaner work on the real
characters. The engine matches on ``contentguard.markdown.mask_markdown``'s view of it,
where front matter, code, HTML comments, link targets, image alt text and markup are
blanked with spaces (same length, so offsets need no mapping).
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..reader import Reader
from .text import TextReader


class MarkdownReader(TextReader):
    """``.md``, ``.markdown`` and ``.mdx`` files, read like text, with ``format="markdown"``."""

    name = "markdown"
    suffixes = (".md", ".markdown", ".mdx", ".mkd")
    format = "markdown"


@hookimpl
def register_readers() -> list[type[Reader]]:
    return [MarkdownReader]
