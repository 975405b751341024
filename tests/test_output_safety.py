"""Output safety: a page (or a file name) holding ``<script>``, HTML entities, terminal escape
sequences (CSI, OSC 8 hyperlinks, BEL), bidi overrides or GitHub workflow commands cannot
inject into the text output, the terminal, JSON, SARIF, GitHub annotations or the HTML report."""

from __future__ import annotations

import html.parser
import io
import json
from pathlib import Path

import jsonschema
import pytest
import regex

from contentguard.api import Scanner
from contentguard.models import Document
from contentguard.reporters.text import TextReporter

from .helpers import cli

PROSE = "A paragraph of real article text that is long enough to read like prose, about the council budget.\n"
HOSTILE_LINES = [
    "Download the app \x1b[2J\x1b]8;;http://evil.example/\x07here\x1b]8;;\x07\x07 \u2028",
    "<script>alert(1)</script> Sign up to read this article",
    "Sign up to read this article &lt;b&gt; &amp;amp; \u202eelcitra\u202c",
]
SPAN = ("BEGIN <img src=x onerror=alert(1)>\n::error file=a.txt,line=1::injected %0A %25\r\n"
        "\x1b]8;;http://evil.example/\x07link\x1b]8;;\x07 \x9b31m \u2028 \u2066 END")
RULES = """\
- id: advertising/hostile-span
  category: advertising
  message: 'Span <b title="x">message</b> %0A :: , "quoted"'
  scope: span
  patterns: ['begin(?s:.*?)end']
  action: flag
  examples: {match: ['BEGIN x END']}
"""
# what must never reach a terminal or a JSON consumer raw: C0 (but tab, LF), DEL, C1, separators, bidi
RAW_CONTROL = [chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]] + \
    ["\u2028", "\u2029", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0.json").read_text())


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a hostile page (its name hostile too) and a rule that reports a multi-line span."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.yaml").write_text(RULES)
    name = 'page "<b>",\x1b[1m:x.txt'
    (tmp_path / name).write_text(PROSE + "\n".join(HOSTILE_LINES) + "\n" + SPAN + "\n" + PROSE)
    return tmp_path / name




def scan(capsys, monkeypatch, page: Path, fmt: str) -> str:
    code, out, err = cli(capsys, monkeypatch, "scan", page.name, "--rules", "rules.yaml", "--format", fmt)
    assert code == 1 and err == ""
    return out


def no_raw_control(text: str, allowed: str = "\n") -> None:
    found = sorted({repr(char) for char in text if char in RAW_CONTROL and char not in allowed})
    assert not found, f"raw control characters in the output: {found}"


def test_text_output_neutralises_escapes_and_keeps_one_line_per_finding(capsys, monkeypatch, hostile: Path) -> None:
    out = scan(capsys, monkeypatch, hostile, "text")
    no_raw_control(out)
    lines = out.splitlines()
    findings = [line for line in lines if regex.match(r'page "<b>",\ufffd\[1m:x\.txt:\d+:\d+: ', line)]
    assert len(findings) == 4 and lines[-1].startswith("Found 4 findings")
    assert "Download the app \ufffd[2J\ufffd]8;;http://evil.example/\ufffdhere" in out
    assert "<script>alert(1)</script> Sign up to read this article" in out  # text, shown as it is
    assert "BEGIN <img src=x onerror=alert(1)> ::error file=a.txt,line=1::injected" in out  # one line


def test_terminal_colour_output_carries_only_its_own_escapes() -> None:
    page = PROSE + "\n".join(HOSTILE_LINES) + "\n"
    out = io.StringIO()
    reporter = TextReporter(out, color=True)
    reporter.begin()
    reporter.report(Scanner(load_entry_points=False).scan(Document(text=page, path="p\x1b]0;title\x07.txt")))
    reporter.end()
    text = out.getvalue()
    assert "\x1b[" in text  # rich's own colours
    for sequence in ("\x1b[2J", "\x1b]8;;", "\x1b]0;", "\x07", "\u202e"):
        assert sequence not in text


def test_messages_on_stderr_neutralise_file_names(tmp_path: Path, capsys, monkeypatch) -> None:
    (tmp_path / "bin\x1b[2J\x1b]0;owned\x07.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "ok.txt").write_text("Fine.\n")
    code, out, err = cli(capsys, monkeypatch, "scan", str(tmp_path))
    assert code == 0
    assert err == f"contentguard: {tmp_path}/bin\ufffd[2J\ufffd]0;owned\ufffd.txt: skipped, binary file\n"
    code, out, err = cli(capsys, monkeypatch, "scan", str(tmp_path / "gone\x1b[31m.txt"))
    assert (code, err) == (2, f"contentguard: error: {tmp_path}/gone\ufffd[31m.txt: no such file or directory\n")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_is_valid_escapes_controls_and_keeps_the_data(capsys, monkeypatch, hostile: Path, fmt: str) -> None:
    out = scan(capsys, monkeypatch, hostile, fmt)
    no_raw_control(out)
    documents = json.loads(out)["documents"] if fmt == "json" else [json.loads(line) for line in out.splitlines()]
    [document] = documents
    page = hostile.read_bytes().decode()
    assert document["path"] == hostile.name
    texts = [finding["text"] for finding in document["findings"]]
    assert texts == [page[f["start"]:f["end"]] for f in document["findings"]]
    assert any("\x1b]8;;" in text for text in texts) and SPAN in texts  # escaped on the wire, intact parsed


def test_sarif_is_schema_valid_without_raw_controls(capsys, monkeypatch, hostile: Path) -> None:
    out = scan(capsys, monkeypatch, hostile, "sarif")
    no_raw_control(out)
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA)
    snippets = [result["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
                for result in log["runs"][0]["results"]]
    assert SPAN in snippets
    assert log["runs"][0]["artifacts"][0]["location"]["uri"] == "page%20%22%3Cb%3E%22%2C%1B%5B1m%3Ax.txt"


def _unescape(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_annotations_cannot_start_commands_of_their_own(capsys, monkeypatch, hostile: Path) -> None:
    out = scan(capsys, monkeypatch, hostile, "github")
    no_raw_control(out)
    lines = out.splitlines()
    assert lines[-1] == "contentguard: 4 finding(s)"
    commands = lines[:-1]
    assert len(commands) == 4 and all(line.startswith(("::warning ", "::notice ", "::error ")) for line in commands)
    for line in commands:
        command, properties, message = line.split("::", 1)[1].partition(" ")[0], *line.split(" ", 1)[1].split("::", 1)
        assert dict(p.split("=", 1) for p in properties.split(","))["file"] == \
            'page "<b>"%2C\ufffd[1m%3Ax.txt'  # the name's comma and colon cannot end the property
    span = next(line for line in commands if "hostile-span" in line)
    message = _unescape(span.split("::", 2)[2])
    assert message.startswith('Span <b title="x">message</b> %0A :: , "quoted": "BEGIN <img src=x onerror=alert(1)>\n'
                              "::error file=a.txt,line=1::injected %0A %25\r\n")


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.data: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(value or "" for _, value in attrs)

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def test_html_report_shows_the_page_as_text_only(capsys, monkeypatch, hostile: Path) -> None:
    out = scan(capsys, monkeypatch, hostile, "html")
    no_raw_control(out, allowed="\n\r\u2028\u2029")  # line separators are plain data in HTML
    parser = _Tags()
    parser.feed(out)
    assert parser.tags.count("script") == 1 and "img" not in parser.tags and "b" not in parser.tags
    assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';" in out
    text = "".join(parser.data)
    assert "<script>alert(1)</script> Sign up to read this article" in text  # data, not markup
    assert "&lt;b&gt; &amp;amp;" in text and "\ufffdelcitra\ufffd" in text  # entities stay as written
    assert "<img src=x onerror=alert(1)>" in text and "\ufffd]8;;http://evil.example/\ufffdlink" in text
    assert 'page "<b>",\ufffd[1m:x.txt' in text  # the file name too
    assert any('Span <b title="x">message</b>' in value for value in parser.attributes)  # a title, not markup
