"""``contentguard fix``: clean files in place, atomically (the pre-commit fixer)."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Annotated

import regex
import typer
from rich.markup import escape

from ..atomic import TextEncoding, write_text_atomic
from ..errors import ContentGuardError
from ..inputs import BINARY_SNIFF, Inputs, looks_binary
from ..models import Document
from ..reader import ReadOptions
from ..reporters.text import printable
from .app import (EncodingOpt, IgnoreOpt, LanguageOpt, MinConfidenceOpt, NoPluginsOpt, PluginOpt, RulesOpt,
                  SelectOpt, app, err, fail, warn)
from .config import ConfigOpt, IsolatedOpt, _workspace

FIXABLE = {"text": "text", "markdown": "markdown", "html": "html-source"}
"""Reader format -> the format fix scans it as. HTML is fixed on its source (tags, scripts,
styles, comments and code masked), and only where a removed line's markup is balanced."""
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TAG = regex.compile(r"<!--|-->|<(/?)([A-Za-z][\w:-]*)\b[^>]*?(/?)>|[<>]")


@app.command()
def fix(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to clean in place.")],
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff of what would change; write "
                                       "nothing.")] = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    rules: RulesOpt = [],  # noqa: B006 - typer reads defaults
    plugin: PluginOpt = [],  # noqa: B006
    no_plugins: NoPluginsOpt = False,
    select: SelectOpt = [],  # noqa: B006
    ignore: IgnoreOpt = [],  # noqa: B006
    language: LanguageOpt = [],  # noqa: B006
    min_confidence: MinConfidenceOpt = 0.0,
    encoding: EncodingOpt = "utf-8",
) -> None:
    """Remove boilerplate from text, Markdown and HTML files in place (exit 1 when a file changed).

    Each file is written atomically (a temporary file beside it, fsync, rename) with its
    encoding, byte-order mark, line endings and permissions kept. Suppressions and the
    config apply as in scan; an interrupted run leaves every file whole.
    """
    if "-" in paths:
        fail("fix rewrites files in place; use `contentguard clean -` for stdin")
    workspace = _workspace(rules, plugin, no_plugins, select, ignore, language, min_confidence,
                           config=config, isolated=isolated)
    inputs = Inputs(workspace.registry.readers(), ReadOptions(encoding=encoding), notice=warn)
    changed = failed = 0
    for path, named in inputs.files(paths):
        reader = inputs.reader_for(path) or (inputs.readers.get("text") if named else None)
        fmt = reader.name if reader is not None else None
        if fmt not in FIXABLE:
            if named:
                warn(f"{path}: skipped, {reader.name if reader else 'unknown'} files are not fixed in place")
            continue
        try:
            changed += _fix_one(workspace, path, fmt, encoding, diff=diff)
        except ContentGuardError as error:
            failed += 1
            err.print(f"contentguard: error: {escape(str(error))}")
    if workspace.errors or failed:
        raise typer.Exit(2)
    if changed:
        warn(f"{'would fix' if diff else 'fixed'} {changed} file(s)")
    raise typer.Exit(1 if changed else 0)


def _fix_one(workspace, path: Path, fmt: str, default_encoding: str, *, diff: bool) -> bool:  # type: ignore[no-untyped-def]
    """Clean one file; True when it changed (or would, with ``diff``)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ContentGuardError(f"{path}: cannot read: {error.strerror or error}") from None
    if looks_binary(data[:BINARY_SNIFF]):
        warn(f"{path}: skipped, binary file")
        return False
    encoding = TextEncoding.sniff(data, default_encoding)
    text = encoding.decode(data, str(path))
    document = Document(text=text, path=str(path), format=FIXABLE[fmt])
    if document.format == "html-source":
        cleaned, removed = workspace.clean_lines(document)
        lines = text.split("\n")
        broken = sorted(i + 1 for i in removed if not balanced(lines[i]))
        if broken:
            raise ContentGuardError(f"{path}:{broken[0]}: not fixed: removing this line would break the "
                                    "HTML (its tags open or close elsewhere); remove it by hand")
        crowded = sorted(i + 1 for i in removed if text_blocks(lines[i]) > 1)
        if crowded:  # minified HTML: the boilerplate's line is also the article's (or the whole page)
            raise ContentGuardError(f"{path}:{crowded[0]}: not fixed: this line holds more blocks of text than "
                                    "the boilerplate; remove it by hand")
    else:
        report = workspace.scan(document, with_cleaned=True)
        for problem in report.problems:
            err.print(f"contentguard: error: {escape(str(path))}: {escape(problem.source)}: "
                      f"{escape(problem.message)}")
        cleaned = report.cleaned
    if cleaned is None or cleaned == text:
        return False
    if diff:
        name = path.as_posix()
        for line in difflib.unified_diff(text.splitlines(keepends=True), cleaned.splitlines(keepends=True),
                                         f"a/{name}", f"b/{name}"):
            sys.stdout.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return True
    write_text_atomic(path, cleaned, encoding)
    removed = len(text.splitlines()) - len(cleaned.splitlines())
    typer.echo(printable(f"{path}: fixed, {removed} line(s) removed"))
    return True


BLOCK = {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div",
         "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
         "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
         "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
_NO_TEXT = {"script", "style", "template", "noscript"}


def text_blocks(line: str) -> int:
    """How many runs of visible text an HTML source line holds that a block boundary (a block
    element opening or closing, ``<br>``) separates: a boilerplate line holds one."""
    stack: list[str] = []
    blocks, segment, counted, at = 0, 0, -1, 0
    for match in [*_TAG.finditer(line), None]:
        visible = line[at:match.start() if match else len(line)]
        if visible.strip() and not (stack and stack[-1] in _NO_TEXT) and counted != segment:
            blocks, counted = blocks + 1, segment
        if match is None:
            break
        at = match.end()
        name = (match.group(2) or "").lower()
        if name in BLOCK:
            segment += 1
        if name and not match.group(1) and name not in VOID and not match.group(3):
            stack.append(name)
        elif name and match.group(1) and stack and stack[-1] == name:
            stack.pop()
    return blocks


def balanced(line: str) -> bool:
    """Whether every element opened on an HTML source line is closed on it, and vice versa."""
    stack: list[str] = []
    for match in _TAG.finditer(line):
        token = match.group(0)
        if token in ("<!--", "-->", "<", ">"):
            return False  # a comment or a tag that spans lines
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in VOID or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack
