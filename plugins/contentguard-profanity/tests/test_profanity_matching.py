"""Matching: obfuscated spellings are found, words inside other words never are."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from contentguard_profanity import ProfanityDetector
from contentguard_profanity.matching import _SPACED_HINT, Matcher, plausible
from contentguard_profanity.wordlists import (
    WordListError,
    packaged_languages,
    packaged_list,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from contentguard.errors import RuleError
from contentguard.testing import PluginHarness, assert_findings, run_detector


def found(text: str, language: str = "en", **options) -> list[str]:
    return [f.text for f in run_detector(ProfanityDetector, text, options={"language": language, **options})]


@pytest.mark.parametrize(("text", "word"), [
    ("What the fuck", "fuck"), ("FUCK", "FUCK"), ("f*ck this", "f*ck"), ("f**k", "f**k"), ("f_ck", "f_ck"),
    ("sh1t happens", "sh1t"), ("sh!t", "sh!t"), ("$hit", "$hit"), ("sh#t", "sh#t"), ("@ss", "@ss"),
    ("a$$hole", "a$$hole"), ("b1tch", "b1tch"), ("fuuuuck", "fuuuuck"), ("shiiiit", "shiiiit"),
    ("s h i t", "s h i t"), ("s.h.i.t", "s.h.i.t"), ("c-u-n-t", "c-u-n-t"), ("f u c k off", "f u c k"),
    ("f\u200buck", "f\u200buck"), ("ｆｕｃｋ", "ｆｕｃｋ"), ("“Bullshit,” she said.", "Bullshit"),
    ("dickhead!", "dickhead"), ("#fuck", "fuck"),
])
def test_obfuscated_spellings_are_found(text, word):
    assert found(text) == [word]


INNOCENT = ["Scunthorpe", "assassin", "cocktail", "Dickens", "Essex", "class", "therapist", "Penistone", "Sussex",
            "Middlesex", "Arsenal", "bass", "passage", "grass", "Hancock", "peacock", "cockpit", "shiitake",
            "scrapbook", "Dickinson", "classic", "assess", "embassy", "hello", "shell", "twathe", "prickly",
            "document", "Cockburn", "Shitterton", "Buttermere", "analysis", "mishit", "pissarro"]


@pytest.mark.parametrize("word", INNOCENT)
def test_words_containing_a_listed_word_are_never_flagged(word):
    for variant in (word, word.lower(), word.upper(), f"{word}.", f"The {word} case"):
        assert found(variant) == [], variant


@pytest.mark.parametrize("text", ["f***", "****", "*uck", "a55", "455", "$$$", "a s s", "f u", "sh1", "#####"])
def test_too_little_of_the_word_is_not_a_match(text):
    assert found(text) == []


def test_a_name_inside_a_sentence_is_left_alone():
    assert found("Moby Dick is a novel by Melville.") == []
    assert found("I read Philip K. Dick on the train.") == []
    assert found("Dick! That hurt.") == ["Dick"]
    assert found("you dick") == ["dick"]


@pytest.mark.parametrize(("language", "text", "words"), [
    ("de", "Scheiße! So ein SCHEISS, du Arschloch", ["Scheiße", "SCHEISS", "Arschloch"]),
    ("fr", "Putain de merde, enculé !", ["Putain", "merde", "enculé"]),
    ("es", "¡Joder, qué mierda, cabrón!", ["Joder", "mierda", "cabrón"]),
    ("de", "Die Scheibe, die Fichte, der Arschavin-Fan", []),
    ("fr", "La salopette et le computeur", []),
    ("es", "Una disputa por la computadora", []),
])
def test_other_languages(language, text, words):
    assert found(text, language) == words


def test_severities_option_and_mask():
    text = "Damn, this shit is fucked."
    assert found(text, severities=["mild"]) == ["Damn"]
    assert found(text, severities=["strong", "severe"]) == ["shit", "fucked"]
    findings = run_detector(ProfanityDetector, text, options={"language": "en"}, action="mask")
    assert [f.replacement for f in findings] == ["****", "****", "******"]
    assert findings[1].message == "test rule: shit (strong)" or findings[1].message.endswith(": shit (strong)")
    findings = run_detector(ProfanityDetector, text, options={"language": "en", "replacement": "[profanity]"})
    assert {f.replacement for f in findings} == {"[profanity]"}


def test_offsets_point_at_the_original_text():
    text = "Ça va? Ｆｕｃｋ… and s h i t!"
    findings = run_detector(ProfanityDetector, text, options={"language": "en"})
    assert_findings(findings, [(7, 11), (17, 24)])
    assert [text[f.start:f.end] for f in findings] == ["Ｆｕｃｋ", "s h i t"]


def test_options_are_validated():
    with pytest.raises(RuleError, match=r"^<test rule>: test/profanity: options: no word list for language 'xx' "
                                         r"\(packaged: de, en, es, fr; add one with wordlists:\)$"):
        run_detector(ProfanityDetector, "x", options={"language": "xx"})
    with pytest.raises(RuleError, match="options.severities.0: Input should be 'mild', 'strong' or 'severe'"):
        run_detector(ProfanityDetector, "x", options={"language": "en", "severities": ["rude"]})


def test_extra_word_lists_relative_to_the_rule_file(tmp_path: Path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "it.yaml").write_text("language: it\nwords:\n  - {word: cazzo, severity: strong}\n")
    (tmp_path / "rules.yaml").write_text("""\
- id: profanity/it-strong
  category: profanity
  detector: profanity
  scope: span
  action: mask
  message: Volgarità
  options: {language: it, wordlists: [lists/it.yaml]}
  examples: {match: ["Che c4zzo!"], no_match: ["Il cazzotto"]}
""")
    harness = PluginHarness(["contentguard_profanity"], rules=[tmp_path / "rules.yaml"], select=["profanity/it-strong"])
    assert harness.assert_examples() == 2
    assert harness.clean("Ma che cazzo dici?") == "Ma che ***** dici?"


def test_a_broken_word_list_is_one_line_naming_the_file(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text("language: en\nwords:\n  - {word: 'two words', severity: strong}\n")
    (tmp_path / "rules.yaml").write_text("""\
- {id: profanity/x, category: profanity, detector: profanity, scope: span, message: m,
   options: {language: en, wordlists: [bad.yaml]}, examples: {match: [x]}}
""")
    with pytest.raises(WordListError) as error:
        PluginHarness(["contentguard_profanity"], rules=[tmp_path / "rules.yaml"])
    assert str(error.value) == f"{tmp_path / 'bad.yaml'}: words.0.word: 'two words': a word is letters only"


# -- properties ---------------------------------------------------------------------------------

def _runs(word: str) -> list[tuple[str, int]]:
    return [(char, len(list(group))) for char, group in itertools.groupby(word)]


def listed(token: str, spellings: list[str]) -> bool:
    """The reference: a letters-only token is a listed spelling, some letters stretched to 3+."""
    mine = _runs(token)
    for spelling in spellings:
        theirs = _runs(spelling)
        if [c for c, _ in mine] == [c for c, _ in theirs] and all(
                m == t or m >= max(3, t + 1) for (_, m), (_, t) in zip(mine, theirs)):
            return True
    return False


SPELLINGS = {language: [s for entry in packaged_list(language).words for s in entry.spellings()]
             for language in packaged_languages()}
LETTERS = "abcdefghijklmnopqrstuvwxyzäöüéñß"


@settings(max_examples=300, deadline=None)
@given(data=st.data(), language=st.sampled_from(sorted(SPELLINGS)),
       before=st.text(alphabet=LETTERS, max_size=6), after=st.text(alphabet=LETTERS, max_size=6),
       separator=st.sampled_from([" ", ", ", ". ", "\n", " (", "—"]))
def test_a_listed_word_inside_another_word_is_flagged_only_if_the_whole_word_is_listed(
        data, language, before, after, separator):
    word = data.draw(st.sampled_from(SPELLINGS[language]))
    token = before + word + after
    text = f"start{separator}{token}{separator}end"
    hits = found(text, language)
    folded = token.casefold()
    assert hits == ([token] if listed(folded, SPELLINGS[language]) else []), (token, hits)


TOKENS = st.one_of(st.sampled_from(INNOCENT), st.sampled_from(["fuck", "sh1t", "f*ck", "s h i t", "bitch", "damn",
                                                               "a$$", "@ss", "Dick", "cunt", "fuuuck"]),
                   st.text(alphabet=LETTERS + "*$@!1", min_size=1, max_size=8))


@settings(max_examples=200, deadline=None)
@given(tokens=st.lists(TOKENS, max_size=12), glue=st.lists(st.sampled_from(["", " ", "-", ".", "'", "\n", "_"]),
                                                          min_size=12, max_size=12))
def test_every_finding_is_a_whole_word(tokens, glue):
    text = "".join(token + join for token, join in zip(tokens, glue))
    for finding in run_detector(ProfanityDetector, text, options={"language": "en"}):
        before = text[finding.start - 1] if finding.start else " "
        after = text[finding.end] if finding.end < len(text) else " "
        assert not before.isalnum() and not after.isalnum(), (text, finding.text)
        assert text[finding.start:finding.end] == finding.text


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(INNOCENT), min_size=1, max_size=8),
       case=st.sampled_from([str.lower, str.upper, str.title, str]))
def test_sentences_of_innocent_words_are_never_flagged(words, case):
    assert found(case(" ".join(words) + ".")) == []


def test_a_language_list_runs_only_on_pages_in_that_language():
    from contentguard.api import Scanner

    scanner = Scanner(select=["profanity"])
    english = ("The council said that the repairs to the bridge would be finished by the summer, and that "
               "it was not the time for a new budget. They have been clear about it; this was their plan "
               "from the start, with the residents. Scheiße, one of them wrote, which was quoted by the paper.")
    german = ("Der Rat sagte, dass die Reparatur der Brücke im Sommer fertig sein wird, und das ist nicht "
              "die Zeit für einen neuen Haushalt. Sie sind sich sicher, wie auch die Anwohner, die bei der "
              "Sitzung auf der Tribüne waren. Scheiße, schrieb einer von ihnen, und das wird noch diskutiert.")
    assert [f.text for f in scanner.scan(english).findings] == []  # the German list stays silent
    assert [f.text for f in scanner.scan(german).findings] == ["Scheiße"]
    assert [f.text for f in scanner.scan("Scheiße!").findings] == ["Scheiße"]  # too short to tell: every list


@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(TOKENS, max_size=12), glue=st.lists(st.sampled_from(["", " ", "-", ".", "'", "\n", "_", " . "]),
                                                          min_size=12, max_size=12),
       language=st.sampled_from(sorted(SPELLINGS)))
def test_the_pattern_without_spaced_forms_finds_the_same_where_nothing_is_spaced_out(tokens, glue, language):
    # the matcher leaves the spaced-out forms out where the hint finds no spaced-out run;
    # then the full pattern must find exactly what the smaller one finds
    matcher = Matcher(packaged_list(language).words)
    text = "".join(token + join for token, join in zip(tokens, glue)).casefold()
    full = [m.span() for m in matcher._pattern.finditer(text)]
    if _SPACED_HINT.search(text) is None:
        assert [m.span() for m in matcher._plain.finditer(text)] == full
    assert [(hit.start, hit.end) for hit in matcher.find(text)] == [
        span for span in full if plausible(text[span[0]:span[1]])]

