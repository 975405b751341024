"""The ``profanity`` detector: words from the language's list, at the severities a rule asks for."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

from pydantic import model_validator

from contentguard import Detector, DetectorOptions, Document, Finding, Rule
from contentguard.normalize import normalized

from .matching import Matcher, reads_as_a_name
from .wordlists import (
    PACKAGED,
    SEVERITIES,
    Severity,
    load_word_list,
    packaged_languages,
)


class ProfanityOptions(DetectorOptions):
    """A rule's ``options:`` for ``detector: profanity``."""

    language: str
    """Whose packaged word list to use (``en``, ``de``, ``fr``, ``es``)."""
    severities: list[Severity] = list(SEVERITIES)
    """Which severities this rule flags: ``mild``, ``strong``, ``severe``."""
    wordlists: list[str] = []
    """More word-list files for this language (paths relative to the rule file)."""
    replacement: str | None = None
    """What a ``mask`` action writes instead of the word; default one ``*`` per letter."""

    @model_validator(mode="after")
    def _known_language(self) -> ProfanityOptions:
        if not self.wordlists and self.language not in packaged_languages():
            raise ValueError(f"no word list for language {self.language!r} "
                             f"(packaged: {', '.join(packaged_languages())}; add one with wordlists:)")
        if not self.severities:
            raise ValueError("list at least one severity")
        return self


@functools.lru_cache(maxsize=64)
def _matcher(lists: tuple[Path, ...], language: str, severities: tuple[Severity, ...]) -> Matcher:
    entries = []
    for path in lists:
        word_list = load_word_list(path)
        if word_list.language == language:
            entries.extend(entry for entry in word_list.words if entry.severity in severities)
    return Matcher(entries)


class ProfanityDetector(Detector):
    """Swear words and vulgar terms on whole words, obfuscated spellings included."""

    name = "profanity"
    description = "Profanity from per-language word lists with severities; sees through f*ck, sh1t, s h i t."
    Options = ProfanityOptions

    def __init__(self, rules: Sequence[Rule] = ()) -> None:
        super().__init__(rules)
        self._matchers: list[tuple[Rule, ProfanityOptions, Matcher]] = []
        for rule in self.rules:
            options = cast(ProfanityOptions, self.options[rule.id])
            base = Path(rule.source).parent if rule.source else Path.cwd()
            lists = [PACKAGED / f"{options.language}.yaml"] if options.language in packaged_languages() else []
            lists += [(base / extra).resolve() for extra in options.wordlists]
            matcher = _matcher(tuple(lists), options.language, tuple(options.severities))
            self._matchers.append((rule, options, matcher))

    def detect(self, document: Document) -> Iterator[Finding]:
        norm = normalized(document)
        for rule, options, matcher in self._matchers:
            if not self.applies(rule, document):  # a German page never compiles the Spanish list
                continue
            for hit in matcher.find(norm.text):
                start, end = norm.to_original(hit.start, hit.end)
                if hit.entry.name and reads_as_a_name(document.text, start, end):
                    continue
                replacement = options.replacement or "*" * len(hit.spelling)
                yield document.finding(rule, start, end, detector=self.name, replacement=replacement,
                                       message=f"{rule.message}: {hit.entry.word} ({hit.entry.severity})")
