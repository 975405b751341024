from __future__ import annotations

import pytest

from contentguard.api import Scanner
from contentguard.models import Document


@pytest.mark.parametrize("prefix", ["", "👩‍👩‍👧 ", "e\u0301te\u0301 ", "ＦＵＬＬ ", "\u200b"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_offsets_point_into_the_original_text(scanner, prefix, newline):
    text = newline.join([f"{prefix}Body of the article here.", "Download\u00a0the  App", "Sign up to read this article", ""])
    report = scanner.scan(text)
    assert {f.rule for f in report.findings} >= {"app-promo/download-the-app", "paywall/sign-up-to-read"}
    for finding in report.findings:
        assert text[finding.start:finding.end] == finding.text
        line_start = Document(text=text).line_starts[finding.line - 1]
        assert finding.start - line_start + 1 == finding.column
        assert "\r" not in finding.text and "\n" not in finding.text


def test_phrase_needs_word_boundaries(scanner):
    report = scanner.scan("Redownload the apps folder\n")
    assert not [f for f in report.findings if f.rule == "app-promo/download-the-app"]


def test_long_prose_lines_are_not_flagged(scanner):
    line = ("Officials said residents should download the app before the storm season begins, because the "
            "warnings it sends will replace the sirens that the county retired last year after a long debate.")
    assert scanner.scan(line).findings == []


def test_quoted_prompt_inside_a_sentence_is_article(scanner):
    line = 'Readers were told "Sign up to read this article" and many gave up.'
    assert scanner.scan(line).findings == []


def test_label_alone_in_prose_is_kept_but_next_to_boilerplate_is_removed(scanner):
    prose = "A long paragraph of article text that goes on for a while, as articles do, with detail.\n"
    assert scanner.scan(f"{prose}\nOur Picks\n\n{prose}").findings == []
    report = scanner.scan(f"{prose}\nOur Picks\nDownload the app\n")
    assert {f.category for f in report.findings} == {"related-content", "app-promo"}


def test_a_raising_detector_is_named_and_other_findings_survive(registry):
    from contentguard.detector import Detector

    class Broken(Detector):
        name = "phrase"

        def detect(self, document):
            raise RuntimeError("boom")

    detectors = registry.detectors()
    detectors["phrase"] = Broken
    from contentguard.engine import Engine
    from contentguard.rules import load_rules

    engine = Engine(detectors, load_rules(registry.rule_paths()))
    report = engine.scan(Document(text="Top News\nTop News\n"))
    assert [f.category for f in report.findings] == ["duplicate-header"]
    assert report.problems[0].source == "detector phrase" and "boom" in report.problems[0].message


def test_min_confidence_and_select(scanner):
    text = "Download the app\nSign up to read this article\n"
    assert {f.category for f in Scanner(load_entry_points=False, select=["paywall"]).scan(text).findings} == {"paywall"}
    assert Scanner(load_entry_points=False, min_confidence=0.99).scan(text).findings == []
