"""Reliability cases, bad input: encodings, binary, empty and NUL-laden files, broken JSONL and
gzip, nested and broken HTML, hostile folders, and pages too big to be polite.

The same cases, smaller, are tests/test_bad_input.py.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
from collections.abc import Callable
from pathlib import Path

from bench.reliability_process import (ARTICLE, CLEANED, PAGE, WORDS, Case, Outcome, contentguard, expect,
                                       first_line)

AREA = "bad input"


def invalid_utf8(tmp: Path) -> Outcome:
    (tmp / "page.txt").write_bytes(b"Caf\xe9 story.\nDownload the app\n")
    return expect(contentguard(["scan", "page.txt"], tmp), tmp, 2, "not valid utf-8 at byte 3")


def errors_replace(tmp: Path) -> Outcome:
    (tmp / "page.txt").write_bytes(b"Caf\xe9 story.\nDownload the app\n")
    return expect(contentguard(["scan", "page.txt", "--errors", "replace"], tmp), tmp, 1, "page.txt:2:1:")


def encoding_latin1(tmp: Path) -> Outcome:
    (tmp / "page.txt").write_bytes(b"Caf\xe9 story.\nDownload the app\n")
    run = contentguard(["clean", "page.txt", "--encoding", "latin-1"], tmp)
    ok = run.code == 0 and run.out == "Café story.\n" and not run.err
    return Outcome(f"exit {run.code}; cleaned text {run.out.strip()!r}" if ok else first_line(run, tmp), ok, run)


def utf16_bom(tmp: Path) -> Outcome:
    (tmp / "page.txt").write_bytes(codecs.BOM_UTF16_LE + PAGE.replace("\n", "\r\n").encode("utf-16-le"))
    run = contentguard(["fix", "page.txt"], tmp)
    kept = (tmp / "page.txt").read_bytes() == codecs.BOM_UTF16_LE + CLEANED.replace("\n", "\r\n").encode("utf-16-le")
    return expect(run, tmp, 1, "fixed 1 file(s)", ok=kept)


def utf16_cut(tmp: Path) -> Outcome:
    (tmp / "page.txt").write_bytes(codecs.BOM_UTF16_LE + "Story".encode("utf-16-le") + b"A")
    return expect(contentguard(["scan", "page.txt"], tmp), tmp, 2, "not valid utf-16-le at byte 12")


def binary_named(tmp: Path) -> Outcome:
    (tmp / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return expect(contentguard(["scan", "image.txt"], tmp), tmp, 2, "looks like a binary file")


def binary_walked(tmp: Path) -> Outcome:
    (tmp / "site").mkdir()
    (tmp / "site" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp / "site" / "page.txt").write_text(PAGE)
    return expect(contentguard(["scan", "site"], tmp), tmp, 1, "image.txt: skipped, binary file",
                  "Found 1 finding in 1 document(s)")


def empty_files(tmp: Path) -> Outcome:
    for name in ("a.txt", "b.md", "c.html", "d.jsonl"):
        (tmp / name).write_bytes(b"")
    return expect(contentguard(["scan", "."], tmp), tmp, 0, "No findings in 3 document(s)")


def nul_bytes(tmp: Path) -> Outcome:
    (tmp / "late.txt").write_bytes(ARTICLE.encode() * 120 + b"Stray\x00NUL.\nDownload the app\n")
    return expect(contentguard(["scan", "late.txt"], tmp), tmp, 1, "late.txt:122:1:")


def jsonl_malformed(tmp: Path) -> Outcome:
    (tmp / "c.jsonl").write_text(json.dumps({"text": PAGE}) + '\n{"text": "cut\n' + json.dumps({"text": PAGE}) + "\n")
    return expect(contentguard(["scan", "c.jsonl"], tmp), tmp, 2, "c.jsonl:2: invalid JSON")


def jsonl_skip(tmp: Path) -> Outcome:
    lines = [json.dumps({"id": 1, "text": PAGE}), '{"text": "cut', json.dumps({"id": 3}),
             json.dumps({"text": 4}), "[1]", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
             json.dumps({"id": 7, "text": PAGE})]
    (tmp / "c.jsonl").write_text("\n".join(lines) + "\n")
    run = contentguard(["clean", "c.jsonl", "--skip-bad-records", "-o", "out.jsonl"], tmp)
    kept = [json.loads(line)["id"] for line in (tmp / "out.jsonl").read_text().splitlines()] == [1, 7]
    outcome = expect(run, tmp, 0, "skipped 5 bad record(s)", "nested too deeply", ok=kept)
    outcome.happened = (run.err.splitlines() or ["(nothing on stderr)"])[-1] + "; records 1 and 7 cleaned"
    return outcome


def jsonl_missing_field(tmp: Path) -> Outcome:
    (tmp / "c.jsonl").write_text(json.dumps({"body": PAGE}) + "\n")
    return expect(contentguard(["scan", "c.jsonl"], tmp), tmp, 2, "c.jsonl:1: record has no 'text' field")


def jsonl_surrogates(tmp: Path) -> Outcome:
    record = {"text": f"Broken emoji \ud83d.\n{PAGE}", "note": "\udfff"}
    (tmp / "c.jsonl").write_text(json.dumps(record) + "\n")
    run = contentguard(["clean", "c.jsonl", "-o", "out.jsonl"], tmp)
    kept = run.code == 0 and json.loads((tmp / "out.jsonl").read_text()) == {
        **record, "text": f"Broken emoji \ud83d.\n{CLEANED}"}
    return Outcome("the record round-trips, the lone surrogates as \\ud83d and \\udfff" if kept
                   else first_line(run, tmp), kept, run)


def gzip_corrupt(tmp: Path) -> Outcome:
    data = gzip.compress(("".join(json.dumps({"text": PAGE}) + "\n" for _ in range(500))).encode())
    (tmp / "c.jsonl.gz").write_bytes(data[: len(data) // 2])
    run = contentguard(["scan", "c.jsonl.gz", "--format", "jsonl"], tmp)
    outcome = expect(run, tmp, 2, "cannot read: Compressed file ended before the end-of-stream marker was reached",
                     ok=0 < len(run.out.splitlines()) < 500)
    outcome.happened += f" (after {len(run.out.splitlines())} of 500 records were reported)"
    return outcome


def html_nested(tmp: Path) -> Outcome:
    (tmp / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + "<p>Deep text.</p>" + "</div>" * 100_000
                                   + "<p>Download the app</p></body></html>")
    run = contentguard(["scan", "deep.html", "--format", "json"], tmp)
    chars = json.loads(run.out)["documents"][0]["stats"]["chars"] if run.code in (0, 1) else -1
    return Outcome(f"exit {run.code}; past libxml2's 2,048 levels (huge tree) the page yields {chars} characters of text",
                   run.code == 0 and not run.err, run)


def html_broken(tmp: Path) -> Outcome:
    (tmp / "broken.html").write_text("<html><body><article><p>Story <b>text <div></p></span><p>Download the app"
                                     "<table><tr><td>cell</p><!-- open comment <script>var a = '</script>")
    run = contentguard(["clean", "broken.html"], tmp)
    return Outcome(f"exit {run.code}; text kept: {run.out.strip()!r}",
                   run.code == 0 and "Download the app" in run.out and not run.err, run)


def html_one_line_fix(tmp: Path) -> Outcome:
    html = f"<html><body><p>{ARTICLE.strip()}</p><p>Download the app</p></body></html>"
    (tmp / "minified.html").write_text(html)
    run = contentguard(["fix", "minified.html"], tmp)
    return expect(run, tmp, 2, "minified.html:1: not fixed: this line holds more blocks of text",
                  ok=(tmp / "minified.html").read_text() == html)


def walk_hazards(tmp: Path) -> Outcome:
    site = tmp / "site"
    (site / "sub").mkdir(parents=True)
    (site / "sub" / "loop").symlink_to("..")
    (site / "dangling.txt").symlink_to("nowhere.txt")
    (site / "folder.txt").mkdir()
    os.mkfifo(site / "pipe.txt")
    (site / "unreadable.txt").symlink_to("/proc/self/mem")  # EIO on read, even for root
    (site / "sub" / "page.txt").write_text(PAGE)
    outcome = expect(contentguard(["scan", "site"], tmp, limit=120), tmp, 1,
                     "unreadable.txt: skipped, Input/output error", "sub/loop: skipped, a symlink loop",
                     "Found 1 finding in 1 document(s)")
    if outcome.ok:
        outcome.happened = "two notices (unreadable.txt, sub/loop); the pipe is not opened; 1 page scanned"
    return outcome


def unreadable_named(tmp: Path) -> Outcome:
    (tmp / "unreadable.txt").symlink_to("/proc/self/mem")
    return expect(contentguard(["scan", "unreadable.txt"], tmp), tmp, 2, "cannot read: Input/output error")


def single_line(megabytes: int) -> Callable[[Path], Outcome]:
    """A page of ``megabytes`` MB on one line, then one app promo on a line of its own."""
    def check(tmp: Path) -> Outcome:
        words = "council budget river bridge school market sign up download app subscribe related stories "
        with (tmp / "line.txt").open("w") as page:
            page.write(words * (megabytes * 1_000_000 // len(words) + 1) + "\nDownload the app\n")
        run = contentguard(["scan", "line.txt", "--format", "json"], tmp, limit=60 + 6 * megabytes)
        try:
            findings = json.loads(run.out)["documents"][0]["findings"]
        except (ValueError, KeyError, IndexError):
            findings = []
        ok = run.code == 1 and not run.err and [f["line"] for f in findings] == [2] and run.peak_mb < 1500
        return Outcome(f"exit {run.code}, 1 finding (line 2), no pattern timed out" if ok else first_line(run, tmp),
                       ok, run)
    return check


def short_lines(count: int) -> Callable[[Path], Outcome]:
    """``count`` short lines of words, every 1,000th an app promo."""
    def check(tmp: Path) -> Outcome:
        rng = random.Random(9)
        with (tmp / "lines.txt").open("w") as page:
            for number in range(count):
                page.write("Download the app\n" if number % 1000 == 0 else
                           " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 8))).capitalize() + ".\n")
        run = contentguard(["scan", "lines.txt", "--format", "jsonl"], tmp, limit=60 + count / 1000)
        try:
            promos = [f["line"] for f in json.loads(run.out)["findings"] if f["rule"] == "app-promo/download-the-app"]
        except (ValueError, KeyError):
            promos = []
        ok = run.code == 1 and not run.err and promos == list(range(1, count, 1000)) and run.peak_mb < 2000
        return Outcome(f"exit {run.code}, {len(promos):,} of {len(range(0, count, 1000)):,} app promos found, "
                       "no pattern timed out" if promos and not run.err else
                       f"exit {run.code}, {len(run.out):,} characters of output: {first_line(run, tmp)}", ok, run)
    return check


def cases(quick: bool) -> list[Case]:
    """The bad-input cases; ``quick`` makes the two big pages a tenth of their size."""
    megabytes, lines = (5, 100_000) if quick else (50, 1_000_000)
    return [
        Case(AREA, "invalid-utf8", "a .txt with a Latin-1 byte", "exit 2, file and byte offset", invalid_utf8),
        Case(AREA, "errors-replace", "the same with --errors replace", "scanned, finding on line 2", errors_replace),
        Case(AREA, "encoding", "the same with --encoding latin-1, cleaned", "exit 0, 'Café' decoded",
             encoding_latin1),
        Case(AREA, "utf16-bom", "UTF-16 LE with BOM and CRLF, fixed in place", "fixed; BOM, codec, CRLF kept",
             utf16_bom),
        Case(AREA, "utf16-cut", "UTF-16 cut in the middle of a character", "exit 2, byte offset", utf16_cut),
        Case(AREA, "binary-named", "a PNG named on the command line", "exit 2, 'looks like a binary file'",
             binary_named),
        Case(AREA, "binary-walked", "a PNG in a walked folder", "notice, walk goes on", binary_walked),
        Case(AREA, "empty", "empty .txt, .md, .html, .jsonl", "exit 0, nothing found", empty_files),
        Case(AREA, "nul-bytes", "a NUL byte past the first 8 KB", "scanned as text", nul_bytes),
        Case(AREA, "jsonl-malformed", "a JSONL line cut mid-string", "exit 2 with the line number", jsonl_malformed),
        Case(AREA, "jsonl-skip", "5 bad records of 7 (bad JSON, no field, non-string, array, 100k-deep) with "
             "--skip-bad-records", "skipped and counted; good records cleaned", jsonl_skip),
        Case(AREA, "jsonl-no-field", "a record without the text field", "exit 2 with the line number",
             jsonl_missing_field),
        Case(AREA, "jsonl-surrogates", "lone surrogates (\\ud83d) in records, clean -o", "records round-trip exactly",
             jsonl_surrogates),
        Case(AREA, "gzip-cut", "a 500-record .jsonl.gz cut in half", "records before the cut reported, then exit 2",
             gzip_corrupt),
        Case(AREA, "html-nested", "100,000 nested <div>s", "finishes; no crash", html_nested),
        Case(AREA, "html-broken", "misnested tags, unclosed comment and script", "text extracted", html_broken),
        Case(AREA, "html-one-line-fix", "fix of a page minified onto one line: article and app promo",
             "exit 2, file untouched (the line holds more than the promo)", html_one_line_fix),
        Case(AREA, "walk-hazards", "a folder with a symlink loop, a FIFO, a dangling link, a folder named x.txt and "
             "a file that cannot be read (/proc/self/mem)", "notices; the walk finishes", walk_hazards),
        Case(AREA, "unreadable-named", "that unreadable file named", "exit 2, 'cannot read'", unreadable_named),
        Case(AREA, "one-long-line", f"a {megabytes} MB file on one line",
             "exit 1, no timeouts, peak < 1,500 MB", single_line(megabytes)),
        Case(AREA, "many-short-lines", f"{lines:,} short lines ({lines * 31 // 1_000_000} MB), "
             f"{lines // 1000:,} of them app promos", "all found, no timeouts, peak < 2,000 MB", short_lines(lines)),
    ]
