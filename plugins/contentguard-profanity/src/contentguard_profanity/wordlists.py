"""Word lists: one YAML file per language, each word with a severity and its inflected forms."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from contentguard.errors import ContentGuardError
from contentguard.normalize import fold

Severity = Literal["mild", "strong", "severe"]
SEVERITIES: tuple[Severity, ...] = ("mild", "strong", "severe")
PACKAGED = Path(__file__).parent / "wordlists"
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""LibYAML's safe loader when it is there (ten times faster), else PyYAML's."""


class WordListError(ContentGuardError):
    """A word list cannot be read or is malformed (one line, naming the file)."""


class Entry(BaseModel):
    """One word and the forms that count as it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    word: str
    severity: Severity
    forms: list[str] = []
    name: bool = False
    """Also a name ("Moby Dick"): a capitalised occurrence inside a sentence is left alone."""

    @field_validator("word", "forms")
    @classmethod
    def _letters(cls, value: str | list[str]) -> str | list[str]:
        for item in [value] if isinstance(value, str) else value:
            if not item or not all(char.isalpha() for char in item):
                raise ValueError(f"{item!r}: a word is letters only")
        return value

    def spellings(self) -> list[str]:
        """The word and its forms, folded as the text is (``scheiße`` -> ``scheisse``), unique."""
        return list(dict.fromkeys(fold(spelling) for spelling in (self.word, *self.forms)))


class WordList(BaseModel):
    """A language's words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(pattern=r"^[a-z]{2,3}(?:-[a-z0-9]+)*$")
    words: list[Entry]


@functools.lru_cache(maxsize=32)
def load_word_list(path: Path) -> WordList:
    """Read and validate one word-list file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise WordListError(f"{path}: cannot read word list: {error.strerror or error}") from None
    try:
        data = yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError:
        try:  # PyYAML's own loader words the error, with the line it is on
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise WordListError(f"{path}: invalid YAML: {error}") from None
    try:
        return WordList.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise WordListError(f"{path}: {where}: {first['msg'].removeprefix('Value error, ')}") from None


def packaged_languages() -> list[str]:
    """Languages with a word list in this package."""
    return sorted(path.stem for path in PACKAGED.glob("*.yaml"))


def packaged_list(language: str) -> WordList:
    return load_word_list(PACKAGED / f"{language}.yaml")
