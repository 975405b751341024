"""Each PII detector on its own: what it finds, what it leaves alone, and its options."""

from __future__ import annotations

import pytest
from contentguard_pii import (
    CardNumberDetector,
    EmailDetector,
    IbanDetector,
    IpAddressDetector,
    PhoneNumberDetector,
)
from contentguard_pii.phones import DEFAULT_REGIONS
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iban, luhn

from contentguard.errors import RuleError
from contentguard.testing import assert_findings, run_detector


def texts(detector, text, **options):
    return [f.text for f in run_detector(detector, text, options=options)]


@pytest.mark.parametrize(("text", "found"), [
    ("Write to jana.novak@example.org today.", ["jana.novak@example.org"]),
    ("<press+tips@news-desk.example.co.uk>", ["press+tips@news-desk.example.co.uk"]),
    ("mailto:desk@example.com.", ["desk@example.com"]),
    ("Kontakt: jürgen.weiß@bäckerei-beispiel.de", ["jürgen.weiß@bäckerei-beispiel.de"]),
    ("tips [at] example-news [dot] com", ["tips [at] example-news [dot] com"]),
    ("redaktion(at)example.de", ["redaktion(at)example.de"]),
    ("Follow @newsdesk", []),
    ("logo@2x.png and icon@3x.webp", []),
    ("user@localhost", []),
    ("We met at the station (at) noon.", []),
])
def test_email(text, found):
    assert texts(EmailDetector, text) == found


def test_email_spelt_out_can_be_turned_off():
    assert texts(EmailDetector, "tips [at] example [dot] com", spelt_out=False) == []


def test_mask_label_and_custom_replacement():
    (finding,) = run_detector(EmailDetector, "a@example.org", action="mask")
    assert (finding.action, finding.replacement) == ("mask", "[email]")
    (finding,) = run_detector(EmailDetector, "a@example.org", options={"replacement": "<redacted>"})
    assert finding.replacement == "<redacted>"


@pytest.mark.parametrize(("text", "found"), [
    ("Call the newsroom on +44 20 7946 0321.", ["+44 20 7946 0321"]),
    ("Tel. +49 30 901820", ["+49 30 901820"]),
    ("Ruf an: 030 28471953", ["030 28471953"]),
    ("Appelez le 01 42 68 53 07 avant midi.", ["01 42 68 53 07"]),
    ("Llame al 912 345 678.", ["912 345 678"]),
    ("Chiama lo 06 6982 1234", ["06 6982 1234"]),
    ("Bel 020 123 4567", ["020 123 4567"]),
    ("zadzwoń: 22 123 45 67", ["22 123 45 67"]),
    ("Questions? (212) 555-0187 or 415-555-0132", ["(212) 555-0187", "415-555-0132"]),
    ("Telefon 0561 940 83-14 (Montag bis Freitag)", ["0561 940 83-14"]),
])
def test_phone_numbers_in_several_countries_formats(text, found):
    assert texts(PhoneNumberDetector, text) == found


@pytest.mark.parametrize("text", [
    "Aktualisiert am 02.04.2025 – 07:15 Uhr",
    "Published 2023-10-05 at 14:30.",
    "Registered in England No. 04411982.",
    "P.IVA 01928374650 – Reg. Trib. di Valmora n. 12/2008",
    "KRS 0000481207, NIP 525-261-84-37.",
    "CNPJ 41.902.337/0001-18.",
    "Order no. 123456789 has shipped.",
    "Population: 8 336 817 (2019 census).",
    "ISBN 978-3-16-148410-0",
    "Card 4532 0151 1283 0366",
    "IBAN DE85 5001 0517 0648 2913 75",
    "from 81.2.69.160",
])
def test_numbers_that_are_not_phone_numbers(text):
    assert texts(PhoneNumberDetector, text) == []


def test_phone_regions_option():
    text = "Ruf an: 030 28471953 oder +33 1 42 68 53 07"
    assert texts(PhoneNumberDetector, text, regions=["US"]) == ["+33 1 42 68 53 07"]
    assert texts(PhoneNumberDetector, text, regions=["de"]) == ["030 28471953", "+33 1 42 68 53 07"]


@pytest.mark.parametrize("region", DEFAULT_REGIONS)
def test_each_default_region_finds_a_number_written_with_its_country_code(region):
    # the default regions are accepted without loading phonenumbers to check them
    import phonenumbers

    assert region in phonenumbers.SUPPORTED_REGIONS
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE)
    written = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    assert texts(PhoneNumberDetector, f"Tel. {written}", regions=[region]) == [written]


def test_phone_require_label_option():
    text = "Office 020 7946 0321, tel. 020 7946 0999"
    assert texts(PhoneNumberDetector, text, regions=["GB"]) == ["020 7946 0321", "020 7946 0999"]
    assert texts(PhoneNumberDetector, text, regions=["GB"], require_label=True) == ["020 7946 0999"]


def test_phone_options_are_validated():
    with pytest.raises(RuleError, match="options.regions: unknown region 'ATLANTIS'"):
        run_detector(PhoneNumberDetector, "x", options={"regions": ["atlantis"]})
    with pytest.raises(RuleError, match="options.leniency: Input should be 'possible', 'valid', 'strict' or 'exact'"):
        run_detector(PhoneNumberDetector, "x", options={"leniency": "sloppy"})


@pytest.mark.parametrize(("text", "found"), [
    ("My card is 4532 0151 1283 0366, expiry 04/29.", ["4532 0151 1283 0366"]),
    ("Amex 3714-496353-98431 was charged.", ["3714-496353-98431"]),
    ("5520001234567897", ["5520001234567897"]),
    ("Discover 6011 0009 9013 9424.", ["6011 0009 9013 9424"]),
    ("4532 0151 1283 0367", []),              # Luhn fails
    ("4532-0151 1283 0366", []),              # mixed separators
    ("1234 5678 9012 3456", []),              # no such scheme
    ("Ref 12.4532015112830366", []),          # inside a longer number
])
def test_card_numbers(text, found):
    assert texts(CardNumberDetector, text) == found


def test_card_known_issuers_option():
    number = "9" * 15 + luhn.calc_check_digit("9" * 15)
    assert texts(CardNumberDetector, number) == []
    assert texts(CardNumberDetector, number, known_issuers_only=False) == [number]


@given(body=st.text(alphabet="0123456789", min_size=15, max_size=15), grouped=st.booleans(),
       before=st.sampled_from(["", "Card: ", "paid with "]), after=st.sampled_from(["", ".", " today"]))
def test_every_luhn_valid_visa_number_is_found_and_one_wrong_digit_is_not(body, grouped, before, after):
    digits = "4" + body[:14]
    number = digits + luhn.calc_check_digit(digits)
    written = " ".join(number[i:i + 4] for i in range(0, 16, 4)) if grouped else number
    findings = run_detector(CardNumberDetector, before + written + after)
    assert_findings(findings, [(len(before), len(before) + len(written))])
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert run_detector(CardNumberDetector, before + wrong + after) == []


@pytest.mark.parametrize(("text", "found"), [
    ("Donations to DE85 5001 0517 0648 2913 75, thank you.", ["DE85 5001 0517 0648 2913 75"]),
    ("IBAN: GB83NWBK60161331926817", ["GB83NWBK60161331926817"]),
    ("FR76 3000 6000 0112 3456 7890 189 BIC AGRIFRPP", ["FR76 3000 6000 0112 3456 7890 189"]),
    ("NL09 RABO 0301 8524 47.", ["NL09 RABO 0301 8524 47"]),
    ("ES66 2100 0418 4012 3456 7891", ["ES66 2100 0418 4012 3456 7891"]),
    ("DE86 5001 0517 0648 2913 75", []),      # check digits wrong
    ("DE85 5001 0517 0648 2913", []),         # too short for Germany
    ("Part number GB12 ABCD 1234 5678 90", []),
])
def test_ibans(text, found):
    assert texts(IbanDetector, text) == found


@given(bban=st.text(alphabet="0123456789", min_size=18, max_size=18),
       context=st.sampled_from([("", ""), ("IBAN ", "."), ("Konto: ", " bei der Bank")]))
def test_every_valid_german_iban_is_found(bban, context):
    number = "DE" + iban.calc_check_digits("DE00" + bban) + bban
    written = " ".join(number[i:i + 4] for i in range(0, len(number), 4))
    before, after = context
    assert texts(IbanDetector, before + written + after) == [written]
    assert texts(IbanDetector, before + number + after) == [number]


@pytest.mark.parametrize(("text", "found"), [
    ("Posted from 81.2.69.160 at 02:14.", ["81.2.69.160"]),
    ("Logged in from 2a01:4f8:c17:1a2b::7 twice.", ["2a01:4f8:c17:1a2b::7"]),
    ("Set your router to 192.168.1.1 first.", []),
    ("Loopback 127.0.0.1 and ::1", []),
    ("Upgrade to version 10.4.2.1 today.", []),
    ("v1.2.3.4", []),
    ("300.1.2.3", []),
    ("Meet at 12:30:45 sharp.", []),
    ("cafe::face", []),
])
def test_ip_addresses(text, found):
    assert texts(IpAddressDetector, text) == found


def test_ip_options():
    text = "Router 192.168.1.1, server 81.2.69.160 and 2a01:4f8:c17:1a2b::7"
    assert texts(IpAddressDetector, text, public_only=False) == ["192.168.1.1", "81.2.69.160", "2a01:4f8:c17:1a2b::7"]
    assert texts(IpAddressDetector, text, versions=[6]) == ["2a01:4f8:c17:1a2b::7"]
