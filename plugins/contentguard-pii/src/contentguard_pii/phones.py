"""``pii-phone``: phone numbers in the formats of several countries, found by ``phonenumbers``.

``phonenumbers`` (Google's libphonenumber) knows each country's numbering plan. Numbers
written with a ``+`` country code are found whatever the regions; national formats
(``030 12345678``, ``(212) 555-0187``) are tried for each region a rule lists. Matching
runs only around digit runs that could be a phone number, so long pages stay fast.

Many numbers on a page fit some country's plan without being phone numbers: dates, company
and VAT numbers, order numbers. So a national-format number also needs what a reader would
go by: a label before it (``Tel.``, ``call``, ``Telefon``…), or else phone-like grouping
(spaces, hyphens, brackets) and no identifier label (``No.``, ``VAT``, ``NIP``…) before it.

``phonenumbers`` is imported when a page has a candidate number (or a rule names a region
outside the defaults), so a scan of pages without long digit runs does not load its tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from .base import PiiDetector, PiiOptions
from .network import ip_spans
from .numbers import card_spans, iban_spans

if TYPE_CHECKING:
    import phonenumbers

DEFAULT_REGIONS = ["US", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "PT"]
"""Regions phonenumbers supports (a test checks): rules that list only these need not load it to check."""
LENIENCY = {"possible": "POSSIBLE", "valid": "VALID", "strict": "STRICT_GROUPING", "exact": "EXACT_GROUPING"}
"""Option value -> name of the ``phonenumbers.Leniency`` member."""
_CANDIDATE = re.compile(r"[+(]?\d[\d \t().\-/]{4,24}\d")
"""A run with at least six digits' worth of room: only these are handed to phonenumbers."""
CONTEXT = 24
"""Characters on either side of a candidate that the matcher sees (it checks what is around)."""
LABEL_REACH = 40
"""How far before a number its label may be."""
_PHONE_LABEL = re.compile(
    r"(?<!\w)(?:tel|tele?phone|phone|ph|call|ring|fax|mobile?|mob|cell|whatsapp|sms|text|hotline|helpline"
    r"|telefon|handy|ruf|anrufen|t[ée]l[ée]phone|t[ée]l|appel(?:ez|er)|portable|tel[ée]fono|ll[áa]m[ae]|m[óo]vil"
    r"|chiam[ai]|cellulare|bel|telefoon|mobiel|zadzwo[ńn]|kom|tel[ée]m[óo]vel|ligue|contact[eo]?|kontakt|contatto)"
    r"(?!\w)", re.IGNORECASE)
_ID_LABEL = re.compile(
    r"(?<!\w)(?:no|nr|n[°º]|num|number|vat|p\.?\s?iva|iva|nip|krs|regon|cnpj|cpf|nif|cif|siren|siret|tva|btw"
    r"|kvk|ust(?:-?idnr)?|hrb|hra|isbn|issn|order|invoice|ref|reference|id|account|konto|case|ticket|patent"
    r"|company|registered|registration|reg|rcs|amtsgericht|steuer\w*|codice|partita)(?!\w)", re.IGNORECASE)
_DATE = re.compile(r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?!\d)")
_GROUPED = re.compile(r"\d[ ()\-]+\d|^\(")


class PhoneOptions(PiiOptions):
    regions: list[str] = DEFAULT_REGIONS
    """ISO 3166 codes of the countries whose national formats to look for."""
    leniency: Literal["possible", "valid", "strict", "exact"] = "valid"
    """How sure phonenumbers must be: ``valid`` numbers fit a country's numbering plan."""
    require_label: bool = False
    """Take a national-format number only with a label before it (``Tel.``, ``call``…)."""

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, value: list[str]) -> list[str]:
        regions = [region.upper() for region in value]
        unknown = []
        if not set(regions) <= set(DEFAULT_REGIONS):
            import phonenumbers

            unknown = [r for r in regions if r not in phonenumbers.SUPPORTED_REGIONS]
        if unknown:
            raise ValueError(f"unknown region {unknown[0]!r} (use ISO 3166 codes such as GB, DE, US)")
        if not regions:
            raise ValueError("list at least one region")
        return regions


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Merged stretches of ``text`` around phone-like digit runs."""
    current: tuple[int, int] | None = None
    for match in _CANDIDATE.finditer(text):
        if sum(c.isdigit() for c in match.group()) < 6:
            continue
        start, end = max(0, match.start() - CONTEXT), min(len(text), match.end() + CONTEXT)
        if current and start <= current[1]:
            current = (current[0], end)
            continue
        if current:
            yield current
        current = (start, end)
    if current:
        yield current


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def looks_like_a_phone(text: str, start: int, end: int, *, require_label: bool = False) -> bool:
    """Whether the number at ``text[start:end]`` reads as a phone number in its context."""
    raw = text[start:end]
    if start >= 2 and text[start - 1] in "./-" and text[start - 2].isdigit():
        return False  # the tail of a longer number: 41.902.337/0001-18
    if end + 1 < len(text) and text[end] in "./-" and text[end + 1].isdigit():
        return False
    before = text[max(0, start - LABEL_REACH):start]
    labels = [(m.end(), "phone") for m in _PHONE_LABEL.finditer(before)]
    labels += [(m.end(), "id") for m in _ID_LABEL.finditer(before)]
    nearest = max(labels)[1] if labels else None
    if nearest == "id":
        return False
    international = raw.startswith(("+", "00"))
    if nearest == "phone" or (international and not require_label):
        return True
    return not require_label and bool(_GROUPED.search(raw))


class PhoneNumberDetector(PiiDetector):
    """Phone numbers, international and in the national formats of the listed regions."""

    name = "pii-phone"
    description = "Phone numbers (phonenumbers library; regions and leniency from rule options)."
    label = "phone"
    Options = PhoneOptions

    def find(self, text: str, options: PiiOptions) -> Iterator[tuple[int, int]]:
        assert isinstance(options, PhoneOptions)
        windows = list(_windows(text))
        if not windows:
            return
        # card numbers, IBANs and IP addresses have their own detectors: never call them phones
        taken = [*card_spans(text, known_issuers_only=False), *iban_spans(text), *ip_spans(text, public_only=False),
                 *(m.span() for m in _DATE.finditer(text))]
        import phonenumbers

        found: dict[tuple[int, int], None] = {}
        leniency: phonenumbers.Leniency = getattr(phonenumbers.Leniency, LENIENCY[options.leniency])
        for low, high in windows:
            chunk = text[low:high]
            for region in options.regions:
                for match in phonenumbers.PhoneNumberMatcher(chunk, region, leniency=leniency):
                    span = (low + match.start, low + match.end)
                    if span in found or _overlaps(span, taken) or _overlaps(span, list(found)):
                        continue
                    if looks_like_a_phone(text, *span, require_label=options.require_label):
                        found[span] = None
        yield from sorted(found)
