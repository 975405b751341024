"""``pii-ip``: IPv4 and IPv6 addresses, checked by the standard library's ``ipaddress``."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import Literal

from .base import PiiDetector, PiiOptions

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])")


def ip_spans(text: str, *, versions: tuple[int, ...] = (4, 6), public_only: bool = True) -> Iterator[tuple[int, int]]:
    """Spans of IP addresses; ``public_only`` leaves out private, loopback, documentation and
    other special-purpose ranges (``ipaddress``'s ``is_global``)."""
    candidates: list[re.Match[str]] = []
    if 4 in versions and "." in text:
        candidates += _IPV4.finditer(text)
    if 6 in versions and ("::" in text or text.count(":") >= 7):
        candidates += (m for m in _IPV6.finditer(text) if m.group().count(":") >= 3 or "::" in m.group())
    for match in sorted(candidates, key=lambda m: m.start()):
        raw = match.group()
        try:
            address = ipaddress.ip_address(raw)
        except ValueError:
            continue
        if address.version not in versions:
            continue
        if address.version == 6 and not any(c.isdigit() for c in raw):
            continue  # "cafe::face" is more likely a word game than an address
        if public_only and not address.is_global:
            continue
        yield match.span()


class IpOptions(PiiOptions):
    versions: list[Literal[4, 6]] = [4, 6]
    public_only: bool = True
    """Leave out private, loopback, link-local, documentation and other non-global addresses."""


class IpAddressDetector(PiiDetector):
    """IPv4 and IPv6 addresses (public ones by default)."""

    name = "pii-ip"
    description = "IPv4 and IPv6 addresses (ipaddress; public only by default)."
    label = "ip"
    Options = IpOptions

    def find(self, text: str, options: PiiOptions) -> Iterator[tuple[int, int]]:
        assert isinstance(options, IpOptions)
        return ip_spans(text, versions=tuple(options.versions), public_only=options.public_only)
