"""``pii-email``: e-mail addresses, plain (``jane@example.com``) and spelt out (``jane [at] example [dot] com``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import PiiDetector, PiiOptions

_LOCAL = r"[\w%+-]+(?:\.[\w%+-]+)*"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_PLAIN = re.compile(
    rf"(?<![\w.%+-]){_LOCAL}@(?:{_LABEL}\.)+(?P<tld>[^\W\d_]{{2,24}})(?![\w-]|\.[^\W_])"
)
_AT = r"\s*[\[({<]\s*at\s*[\])}>]\s*"
_DOT = r"\s*(?:\.|[\[({<]\s*dot\s*[\])}>])\s*"
_SPELT = re.compile(
    rf"(?<![\w.%+-]){_LOCAL}{_AT}(?:{_LABEL}{_DOT})+(?P<tld>[^\W\d_]{{2,24}})(?![\w-])",
    re.IGNORECASE,
)
FILE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "bmp", "ico", "css", "js", "pdf"})
"""``logo@2x.png`` is an image name, not an address."""


class EmailOptions(PiiOptions):
    spelt_out: bool = True
    """Also find addresses written as ``name [at] example [dot] com`` or ``name(at)example.com``."""


class EmailDetector(PiiDetector):
    """E-mail addresses (Unicode local parts and domains included)."""

    name = "pii-email"
    description = "E-mail addresses, plain and spelt out with [at] / (dot)."
    label = "email"
    Options = EmailOptions

    def find(self, text: str, options: PiiOptions) -> Iterator[tuple[int, int]]:
        assert isinstance(options, EmailOptions)
        if "@" in text:
            for match in _PLAIN.finditer(text):
                if match["tld"].lower() not in FILE_SUFFIXES:
                    yield match.span()
        if options.spelt_out:
            for match in _SPELT.finditer(text):
                yield match.span()
