"""Which languages a page is written in, from the function words it uses.

Language rule packs are written for one language each, and a phrase that is boilerplate
in one language can be an ordinary word in another ("Anzeige", "Reklama"). A scan runs a
page's rules for the languages the page is written in, plus English (English boilerplate
turns up on sites in every language) and the language-neutral rules.

The detector counts very common function words on the folded text: cheap (a few tens of
microseconds for a page), deterministic, and reliable for a paragraph or more of text.
Short texts, where counts mean little, get every language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    # words shared by two of these languages ("de", "que", "la", "del", "in", "die") are left out
    "en": frozenset("the and of to that for it with was as are by this be at from have has not "
                    "but which their they will would its were been".split()),
    "de": frozenset("der und das ist nicht mit den dem sich auf ein eine für von zu im auch wird "
                    "sind wir sie bei nach aus noch wie".split()),
    "fr": frozenset("le les et est une pour dans qui pas sur du au avec elle ce sont par plus ont "
                    "mais cette nous ses aux".split()),
    "es": frozenset("el los las y una es su lo más pero sus ya este entre cuando muy sin sobre "
                    "también están hay".split()),
    "it": frozenset("il che della di e per una non sono gli nel alla anche più dei delle questo "
                    "come tra suo ha degli".split()),
    "pt": frozenset("os não uma com dos das do ao mais foi pela pelo são já também muito ou está "
                    "uma seu sua em".split()),
    "nl": frozenset("het een van niet met zijn op dat voor ook aan maar om bij nog wordt door naar "
                    "dan heeft deze werd wij".split()),
    "pl": frozenset("i w na się że nie jest z jak ale od za tak jego przez już są może było też "
                    "tylko który jako".split()),
}
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _vocabulary in FUNCTION_WORDS.items():
    for _word in _vocabulary:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)
_EDGES = ".,;:!?\"'()[]«»"
ALWAYS = ("en",)
MIN_WORDS = 12
"""Fewer function words than this: too little text to tell, every language applies."""
SHARE = 0.35
"""A language counts when it has at least this share of the top language's count."""


def detect_languages(folded: str, *, known: Iterable[str] | None = None, sample: int = 20_000) -> frozenset[str] | None:
    """The languages of a page (folded text), or None when there is too little text to tell.

    ``known`` limits the answer to languages that have rule packs.
    """
    candidates = [lang for lang in FUNCTION_WORDS if known is None or lang in known]
    counts = dict.fromkeys(candidates, 0)
    # each distinct word once (Counter counts in C), then the languages that list it, stripped of
    # the punctuation around it ("the," and "(the" count as "the")
    for raw, times in Counter(folded[:sample].split()).items():
        for lang in _LANGUAGES_OF.get(raw.strip(_EDGES), ()):
            if lang in counts:
                counts[lang] += times
    top = max(counts.values(), default=0)
    if top < MIN_WORDS:
        return None
    chosen = {lang for lang, count in counts.items() if count >= SHARE * top}
    return frozenset(chosen | set(ALWAYS))
