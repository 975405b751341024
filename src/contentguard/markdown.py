"""Markdown awareness: a same-length view of a Markdown file that detectors match on.

``mask_markdown`` replaces every character that must never be flagged, and every piece
of markup, with a space. Newlines and carriage returns are kept, so the view has exactly
the length and the line structure of the original, and an offset into the view *is* an
offset into the file: findings point at the original characters with no mapping at all.

Never flagged (blanked whole): front matter (``---`` YAML or ``+++`` TOML), fenced and
indented code blocks, ``<script>``/``<style>``/``<pre>`` blocks, HTML comments (so the
``contentguard:`` directives too), inline code, images with their alt text, link targets
and reference definitions, autolinks and bare URLs.

Markup blanked so that matching sees a line's text: heading marks, block quote marks,
list bullets and numbers, task boxes, emphasis and strike-through runs, link brackets,
HTML tags, backslashes of escapes, table pipes and delimiter rows, thematic breaks and
setext underlines. ``- **Subscribe** to [continue reading](/x)`` is seen as
``Subscribe to continue reading``, and a finding on it covers those words in the file.
"""

from __future__ import annotations

import regex

from .models import Document

_FENCE = regex.compile(r"^ {0,3}(`{3,}|~{3,})")
_RAW_BLOCK = regex.compile(r"^ {0,3}<(script|style|pre|textarea)(?:[\s>]|$)", regex.IGNORECASE)
_THEMATIC = regex.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_TABLE_DELIMITER = regex.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REFERENCE = regex.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S")
_INDENT = regex.compile(r"^(?: {4}| {0,3}\t)")
_LIST_ITEM = regex.compile(r"^[ \t]*(?:>[ \t]?)*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_BLOCK_MARK = regex.compile(
    r"[ \t]*(?:"
    r">[ \t]?"                                   # block quote
    r"|\#{1,6}(?=[ \t]|$)"                       # ATX heading
    r"|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)(?:[ \t]+\[[ xX]\](?=[ \t]|$))?"  # list item, task box
    r")"
)
_HEADING_CLOSE = regex.compile(r"[ \t]+#+[ \t]*$")
_INLINE = regex.compile(
    r"(?P<code>`+)"
    r"|(?P<comment><!--)"
    r"|(?P<image>!\[)"
    r"|(?P<link>\[)"
    r"|(?P<autolink><(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+\.[^\s<>]+)>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>)"
    r"|(?P<url>(?<![\w/])(?:https?://|www\.)[^\s<>()\[\]]+)"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<emph>\*{1,3}|_{1,3}|~{2})"
    r"|(?P<pipe>\|)"
)
_URL_TAIL = ".,;:!?'\""


def mask_markdown(text: str) -> str:
    """The view of ``text`` that matching sees: never-flagged parts and markup as spaces."""
    return _Masker(text).run()


_HTML_HIDDEN = regex.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|pre|code|textarea|template|svg|math|head)\b.*?(?:</\1\s*>|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<[!?/]?[A-Za-z][^>]*>?",
    regex.DOTALL | regex.IGNORECASE,
)


def mask_html(text: str) -> str:
    """The same kind of view for HTML *source*: tags, comments, scripts, styles and code blanked.

    Used by ``fix`` on ``.html`` files (format ``html-source``), whose findings must point
    into the file itself; ``scan`` reads HTML through the main-text extractor instead.
    """
    out = list(text)
    for match in _HTML_HIDDEN.finditer(text):
        for i in range(*match.span()):
            if out[i] not in "\n\r":
                out[i] = " "
    return "".join(out)


MASKS = {"markdown": mask_markdown, "html-source": mask_html}
"""Formats matched through a same-length masked view of their text."""


def markdown_view(document: Document) -> Document:
    """A Document with the masked text of a Markdown (or HTML source) ``document``; else itself."""
    mask = MASKS.get(document.format)
    if mask is None:
        return document
    masked = mask(document.text)
    if masked == document.text:
        return document
    return Document(text=masked, path=document.path, format=document.format, id=document.id,
                    source=document.source, metadata=document.metadata)


class _Masker:
    """One pass over the lines, block structure first, then the inline markup of each line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out = list(text)
        self.in_comment = False

    def blank(self, start: int, end: int) -> None:
        out = self.out
        for i in range(start, end):
            if out[i] not in "\n\r":
                out[i] = " "

    def run(self) -> str:
        text = self.text
        if not any(c in text for c in "#*_`~[]<>|!\\-+=:.)\t") and "    " not in text:
            return text
        lines: list[tuple[int, int]] = []
        start = 0
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            stop = end - 1 if end > start and text[end - 1] == "\r" else end
            lines.append((start, stop))
            start = end + 1
        index = self._front_matter(lines)
        fence: str | None = None
        raw_block: str | None = None
        previous_blank = True  # an indented code block starts after a blank line or a heading
        in_code = False
        in_list = False
        while index < len(lines):
            start, end = lines[index]
            line = text[start:end]
            index += 1
            blank = not line.strip()
            if fence is not None:
                self.blank(start, end)
                stripped = line.strip()
                if stripped.startswith(fence) and not stripped.strip(fence[0]) and len(line) - len(line.lstrip(" ")) < 4:
                    fence = None
                continue
            if raw_block is not None:
                self.blank(start, end)
                if f"</{raw_block}" in line.lower():
                    raw_block = None
                continue
            if self.in_comment:
                close = text.find("-->", start, end)
                if close == -1:
                    self.blank(start, end)
                    continue
                self.blank(start, close + 3)
                self.in_comment = False
                self._inline(close + 3, end)
                previous_blank = False
                continue
            if blank:
                previous_blank = True
                continue
            indented = bool(_INDENT.match(line))
            if indented and not in_list and (previous_blank or in_code):
                in_code = True
                self.blank(start, end)
                continue
            in_code = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif previous_blank and not indented:
                in_list = False
            previous_blank = line.lstrip(" ").startswith("#")
            match = _FENCE.match(line)
            if match and not (match.group(1)[0] == "`" and "`" in line[match.end():]):
                fence = match.group(1)
                self.blank(start, end)
                continue
            match = _RAW_BLOCK.match(line)
            if match:
                self.blank(start, end)
                tag = match.group(1).lower()
                if f"</{tag}" not in line.lower()[match.end():]:
                    raw_block = tag
                continue
            if _THEMATIC.match(line) or _TABLE_DELIMITER.match(line) and "-" in line and (
                    "|" in line or _THEMATIC.match(line)) or _REFERENCE.match(line):
                self.blank(start, end)
                continue
            self._line(start, end)
        return "".join(self.out)

    def _front_matter(self, lines: list[tuple[int, int]]) -> int:
        """Blank YAML (``---``) or TOML (``+++``) front matter; return the first line after it."""
        if not lines:
            return 0
        first = self.text[lines[0][0]:lines[0][1]].rstrip()
        if first not in ("---", "+++"):
            return 0
        closers = ("---", "...") if first == "---" else ("+++",)
        for number in range(1, len(lines)):
            start, end = lines[number]
            if self.text[start:end].rstrip() in closers:
                self.blank(lines[0][0], end)
                return number + 1
        return 0

    def _line(self, start: int, end: int) -> None:
        """Blank the block marks at the head of a line, then its inline markup."""
        text = self.text
        position = start
        heading = False
        for _ in range(6):  # nested marks: "> - [ ] item", "1. > quote"
            match = _BLOCK_MARK.match(text, position, end)
            if not match or match.end() == position:
                break
            heading = heading or "#" in match.group(0)
            self.blank(match.start(), match.end())
            position = match.end()
        if heading:
            close = _HEADING_CLOSE.search(text, position, end)
            if close:
                self.blank(close.start(), close.end())
                end = close.start()
        self._inline(position, end)

    def _inline(self, start: int, end: int) -> None:
        text = self.text
        position = start
        while position < end:
            match = _INLINE.search(text, position, end)
            if match is None:
                return
            kind = match.lastgroup
            m_start, m_end = match.span()
            position = m_end
            if kind == "code":
                close = regex.compile(rf"(?<!`){match.group(0)}(?!`)").search(text, m_end, end)
                if close:
                    self.blank(m_start, close.end())
                    position = close.end()
            elif kind == "comment":
                close = text.find("-->", m_end)
                if close == -1 or close + 3 > end:
                    self.blank(m_start, end)
                    self.in_comment = True
                    return
                self.blank(m_start, close + 3)
                position = close + 3
            elif kind in ("image", "link"):
                position = self._link(m_start, m_end, end, image=kind == "image")
            elif kind in ("autolink", "tag", "escape"):
                self.blank(m_start, m_end if kind != "escape" else m_start + 1)
            elif kind == "url":
                tail = m_end
                while tail > m_start and text[tail - 1] in _URL_TAIL:
                    tail -= 1
                self.blank(m_start, tail)
            elif kind == "emph":
                before = text[m_start - 1] if m_start > start else " "
                after = text[m_end] if m_end < end else " "
                if before.isspace() and after.isspace():
                    continue  # "5 * 3" is not emphasis
                if match.group(0)[0] == "_" and before.isalnum() and after.isalnum():
                    continue  # snake_case
                self.blank(m_start, m_end)
            elif kind == "pipe":
                self.blank(m_start, m_end)

    def _link(self, opener: int, inner: int, end: int, *, image: bool) -> int:
        """Handle ``[text](target)``, ``[text][ref]`` and images; return where to go on."""
        text = self.text
        close = _matching(text, inner, end, "[", "]")
        if close is None:
            return inner
        after = close + 1
        target_end: int | None = None
        if after < end and text[after] == "(":
            paren = _matching(text, after + 1, end, "(", ")")
            target_end = paren + 1 if paren is not None else None
        elif after < end and text[after] == "[":
            bracket = _matching(text, after + 1, end, "[", "]")
            target_end = bracket + 1 if bracket is not None else None
        if target_end is None:
            return inner  # "[sic]" or a shortcut reference: keep the text as it is
        if image:
            self.blank(opener, target_end)  # alt text is never flagged
        else:
            self.blank(opener, inner)
            self._inline(inner, close)
            self.blank(close, target_end)
        return target_end


def _matching(text: str, start: int, end: int, opener: str, closer: str) -> int | None:
    """Index of the ``closer`` that balances an already-open ``opener`` (escapes skipped)."""
    depth = 0
    i = start
    while i < end:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return None
