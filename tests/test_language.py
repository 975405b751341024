"""Per-page language detection: a page runs the rules of its own languages (plus English)."""

from __future__ import annotations

from contentguard.language import detect_languages
from contentguard.normalize import fold

GERMAN = ("Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen. Die Mehrheit "
          "stimmte für die Pläne, die auch neue Radwege und eine Sanierung der Schule vorsehen. Nach "
          "der Sitzung sagte die Bürgermeisterin, dass sie mit dem Ergebnis zufrieden sei und sich auf "
          "die Umsetzung freue. Auch die Opposition war nicht grundsätzlich dagegen.")
ENGLISH = ("The council approved the budget on Tuesday after a long debate about roads, schools and the "
           "future of the pool. It was the first time that the plan had been put to a vote, and members "
           "said they were pleased with the result, which has been welcomed by residents.")


def test_detects_the_language_of_the_article_and_always_adds_english():
    assert detect_languages(fold(GERMAN)) == {"de", "en"}
    assert detect_languages(fold(ENGLISH)) == {"en"}


def test_too_little_text_means_every_language():
    assert detect_languages(fold("Anzeige\nJetzt abonnieren")) is None


def test_a_rule_for_another_language_stays_silent(tmp_path):
    from contentguard.api import Scanner

    rule = tmp_path / "pl.yaml"
    rule.write_text("- id: advertising/test-pl-sponsor\n  category: advertising\n  languages: [pl]\n"
                    "  message: m\n  phrases: [sponsored by the council]\n"
                    "  examples: {match: [Sponsored by the council]}\n")
    line = "Sponsored by the council"
    scanner = Scanner(load_entry_points=False, rules=[rule], select=["advertising/test-pl-sponsor"])
    english_page = f"{ENGLISH}\n\n{line}\n\n{ENGLISH}\n"
    assert scanner.scan(english_page).findings == []
    assert [f.rule for f in scanner.scan(f"{line}\n").findings] == ["advertising/test-pl-sponsor"]
