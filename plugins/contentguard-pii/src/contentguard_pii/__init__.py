"""contentguard-pii: personal data in scraped text, category ``pii``.

Detectors ``pii-email``, ``pii-phone``, ``pii-card``, ``pii-iban`` and ``pii-ip``, and a rule
pack (``rules/pii.yaml``) that masks what they find (``[email]``, ``[phone]``…). Phone numbers
are found with ``phonenumbers`` (Google's libphonenumber), IBANs and card checksums are checked
with ``python-stdnum``, IP addresses with the standard library's ``ipaddress``.
"""

from __future__ import annotations

from pathlib import Path

from contentguard import Detector, hookimpl

from .emails import EmailDetector
from .network import IpAddressDetector
from .numbers import CardNumberDetector, IbanDetector
from .phones import PhoneNumberDetector

RULES = Path(__file__).parent / "rules"

__all__ = ["CardNumberDetector", "EmailDetector", "IbanDetector", "IpAddressDetector", "PhoneNumberDetector"]


@hookimpl
def register_detectors() -> list[type[Detector]]:
    """The five PII detectors; rules pick one with ``detector: pii-…``."""
    return [EmailDetector, PhoneNumberDetector, CardNumberDetector, IbanDetector, IpAddressDetector]


@hookimpl
def register_rule_paths() -> list[Path]:
    """The ``pii`` rule pack."""
    return [RULES]
