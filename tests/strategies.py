"""Hypothesis strategies for page-like text: what scraped pages really hold.

Lines of prose in several scripts (Latin with diacritics, Cyrillic, Greek, Arabic, Hebrew,
Devanagari, Thai, CJK), emoji (ZWJ sequences, flags, skin tones, variation selectors),
combining marks (decomposed letters, stacked marks), characters that fold to a different
length (``ß``, ``ﬁ``, ``İ``, full-width letters), odd spaces (NBSP, tabs, zero-width), CR,
LF and CRLF line endings, very long lines, and boilerplate lines the built-in rules find,
so that scans and cleans have findings to work on. Every text here is invented.
"""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = {
    "latin": ["council", "river", "budget", "Zürich", "café", "naïve", "façade", "São", "Łódź", "straße",
              "ÉCOLE", "İstanbul", "fjörd", "Ångström", "crème", "ﬁnance", "ＡＢＣ", "ǅemal", "Ǆ"],
    "cyrillic": ["новости", "город", "Москва", "бюджет", "ЁЖИК"],
    "greek": ["ειδήσεις", "ΠΌΛΗ", "ὀδυσσεύς", "σοφός"],
    "arabic": ["الأخبار", "مدينة", "ميزانية"],
    "hebrew": ["חדשות", "עיר", "תקציב"],
    "devanagari": ["समाचार", "शहर", "बजट"],
    "thai": ["ข่าว", "เมือง", "งบประมาณ"],
    "cjk": ["新闻", "城市", "預算", "ニュース", "東京", "서울"],
}
EMOJI = ["😀", "👍🏽", "👨\u200d👩\u200d👧", "🇩🇪", "🏳️\u200d🌈", "❤️", "✔\ufe0e", "🧑🏿\u200d🚀", "1️⃣"]
COMBINING = ["e\u0301", "a\u0308\u0304", "n\u0303", "Z\u0335\u0336", "o\u0323\u0302", "\u0301", "i\u0307"]
SPACES = [" ", " ", " ", "\u00a0", "\t", "\u2009", "\u3000", "\u200b", "\u00ad", "  "]
BOILERPLATE = [
    "Sign up to read this article", "Subscribe to continue reading", "Download the app",
    "Get all your news in one place.", "Related Stories", "Share on Facebook",
    "You’ve reached your free article limit", "Already a subscriber? Log in",
    "Sign up for our newsletter", "We use cookies to improve your experience.",
    "Advertisement", "© 2024 The Daily Example. All rights reserved.", "Read more",
]
ENDINGS = ["\n", "\r\n", "\r"]


def _word() -> st.SearchStrategy[str]:
    plain = st.sampled_from([word for words in WORDS.values() for word in words])
    marked = st.tuples(plain, st.sampled_from(COMBINING)).map("".join)
    return st.one_of(plain, plain, plain, marked, st.sampled_from(EMOJI),
                     st.text(min_size=1, max_size=6))


@st.composite
def prose_line(draw: st.DrawFn, max_words: int = 14) -> str:
    """A line of words from mixed scripts joined by (sometimes odd) spaces."""
    words = draw(st.lists(_word(), min_size=1, max_size=max_words))
    out = words[0]
    for word in words[1:]:
        out += draw(st.sampled_from(SPACES)) + word
    return out + draw(st.sampled_from(["", ".", "!", "?", "…", ":"]))


@st.composite
def boilerplate_line(draw: st.DrawFn) -> str:
    """A boilerplate line as pages print it: odd case, curly quotes, NBSP, an emoji in front."""
    line = draw(st.sampled_from(BOILERPLATE))
    line = draw(st.sampled_from([line, line.upper(), line.lower(), line.replace(" ", "\u00a0"),
                                 line.replace("'", "’")]))
    prefix = draw(st.sampled_from(["", "", "» ", "📱 ", "* ", "  "]))
    return prefix + line


@st.composite
def long_line(draw: st.DrawFn) -> str:
    """A very long line (a paragraph with no breaks, or a minified blob)."""
    unit = draw(st.one_of(prose_line(6), st.sampled_from(["a", "ab ", "x" * 7 + " ", "😀"])))
    return (unit + " ") * draw(st.integers(min_value=40, max_value=400))


def page_line() -> st.SearchStrategy[str]:
    return st.one_of(prose_line(), prose_line(), boilerplate_line(), st.just(""), long_line())


@st.composite
def page_text(draw: st.DrawFn, max_lines: int = 30) -> str:
    """A page: page-like lines joined by LF, CRLF or CR (one ending, or a mix)."""
    lines = draw(st.lists(page_line(), min_size=0, max_size=max_lines))
    if draw(st.booleans()):
        ending = draw(st.sampled_from(ENDINGS))
        text = ending.join(lines)
    else:
        text = ""
        for line in lines:
            text += line + draw(st.sampled_from(ENDINGS))
    return text + draw(st.sampled_from(["", "\n", "\r\n"]))


def any_text() -> st.SearchStrategy[str]:
    """Page-like text most of the time, sometimes arbitrary Unicode (surrogates excluded)."""
    return st.one_of(page_text(), page_text(), st.text(max_size=300))
