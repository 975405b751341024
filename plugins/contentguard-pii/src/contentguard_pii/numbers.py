"""``pii-card`` and ``pii-iban``: numbers whose check digits say they are real.

Card numbers must pass the Luhn check and start like a card of a known scheme; IBANs must
have their country's length and format and pass the mod-97 check (``stdnum.iban``).
``stdnum`` is imported when a page first has a candidate number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import PiiDetector, PiiOptions

_CARD = re.compile(r"(?<![\d.,/-])\d(?:[ -]?\d){12,18}(?![\d]|[.,/-]\d)")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32}(?![a-z0-9])")

CARD_PREFIXES: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    # (first digits, last first-digits, lengths): the schemes' published IIN ranges
    ("4", "4", (13, 16, 19)),               # Visa
    ("51", "55", (16,)),                    # Mastercard
    ("2221", "2720", (16,)),                # Mastercard 2-series
    ("34", "34", (15,)),                    # American Express
    ("37", "37", (15,)),                    # American Express
    ("6011", "6011", (16, 19)),             # Discover
    ("644", "649", (16, 19)),               # Discover
    ("65", "65", (16, 19)),                 # Discover
    ("3528", "3589", (16, 19)),             # JCB
    ("300", "305", (14, 16, 19)),           # Diners Club
    ("36", "36", (14, 16, 19)),             # Diners Club
    ("38", "39", (16, 19)),                 # Diners Club
    ("62", "62", (16, 17, 18, 19)),         # UnionPay
    ("50", "50", (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro
    ("56", "58", (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro
)


def known_issuer(digits: str) -> bool:
    """Whether ``digits`` starts like, and is as long as, a card of a known scheme."""
    for low, high, lengths in CARD_PREFIXES:
        if len(digits) in lengths and low <= digits[: len(low)] <= high:
            return True
    return False


def card_spans(text: str, *, known_issuers_only: bool = True) -> Iterator[tuple[int, int]]:
    """Spans of Luhn-valid card numbers, written whole or in groups split by spaces or hyphens."""
    for match in _CARD.finditer(text):
        from stdnum import luhn

        raw = match.group()
        separators = set(re.findall(r"[ -]", raw))
        if len(separators) > 1:
            continue  # "4111-1111 1111" mixes separators: not one number
        digits = re.sub(r"\D", "", raw)
        if not 12 <= len(digits) <= 19 or not luhn.is_valid(digits):
            continue
        if known_issuers_only and not known_issuer(digits):
            continue
        yield match.span()


def iban_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of valid IBANs, compact or in groups of four; trailing words are left out."""
    for match in _IBAN.finditer(text):
        from stdnum import iban

        start = match.start()
        raw = match.group()
        # the pattern is greedy: try the longest candidate first, then drop trailing groups
        ends = sorted({len(raw)} | {i for i, char in enumerate(raw) if char == " "}, reverse=True)
        for length in ends:
            if iban.is_valid(raw[:length]):
                yield start, start + length
                break


class CardOptions(PiiOptions):
    known_issuers_only: bool = True
    """Only numbers that start like a Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay or
    Maestro card (false: any 12–19 digit Luhn-valid number)."""


class CardNumberDetector(PiiDetector):
    """Payment card numbers that pass the Luhn check."""

    name = "pii-card"
    description = "Payment card numbers (Luhn-checked, known schemes)."
    label = "card"
    Options = CardOptions

    def find(self, text: str, options: PiiOptions) -> Iterator[tuple[int, int]]:
        assert isinstance(options, CardOptions)
        return card_spans(text, known_issuers_only=options.known_issuers_only)


class IbanDetector(PiiDetector):
    """International bank account numbers that pass their country's format and mod-97 check."""

    name = "pii-iban"
    description = "IBANs (country format and mod-97 checked)."
    label = "iban"

    def find(self, text: str, options: PiiOptions) -> Iterator[tuple[int, int]]:
        return iban_spans(text)
