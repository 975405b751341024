"""HTML input: extraction with trafilatura, markup signals, paywall verdicts, the CLI options.

The pages in tests/html/ are invented; each says the verdict it must get in a comment,
``expect: paywall=<none|metered|soft|hard> truncated=<true|false>`` (no comment: none).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from contentguard.api import Scanner
from contentguard.cli import app
from contentguard.reader import ExtractionSettings
from contentguard.readers.html import HtmlExtractor, declared_charset, decode_html, resegment
from contentguard.signals import bundled_signals, check_examples, load_signal_pack, parse_fragment

PAGES = Path(__file__).parent / "html"
_EXPECT = regex.compile(r"expect: paywall=(\w+) truncated=(\w+)")


def page_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def expected(path: Path) -> tuple[str, bool]:
    data = page_bytes(path)
    text = data.decode("utf-16") if data.startswith(b"\xff\xfe") else data.decode("latin-1")
    match = _EXPECT.search(text)
    return (match.group(1), match.group(2) == "true") if match else ("none", False)


ALL_PAGES = sorted(p for p in PAGES.iterdir() if p.is_file())


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, [*args, "--no-plugins"], input=input)


def test_the_page_set_covers_every_vendor_and_signal_kind():
    names = {p.name for p in ALL_PAGES}
    pack = load_signal_pack([bundled_signals()])
    vendors = {spec.id.split("/")[1].split("-")[0] for spec in pack.specs if spec.id.startswith("vendor/")}
    for vendor in vendors:
        assert any(name.startswith(f"vendor-{vendor}") for name in names), f"no test page for {vendor}"
    for prefix in ("signal-", "clean-", "broken-", "encoding-"):
        assert sum(name.startswith(prefix) for name in names) >= 3, prefix
    verdicts = {expected(p)[0] for p in ALL_PAGES}
    assert verdicts == {"none", "metered", "soft", "hard"}


@pytest.mark.parametrize("path", ALL_PAGES, ids=lambda p: p.name)
def test_every_page_gets_its_verdict(scanner: Scanner, path: Path):
    report = scanner.scan_html(page_bytes(path))
    paywall, truncated = expected(path)
    assert (report.verdicts.paywall, report.verdicts.truncated) == (paywall, truncated), report.verdicts.evidence
    if paywall == "none":
        assert report.verdicts.evidence == []
    else:
        assert report.verdicts.evidence
    for finding in report.findings:
        assert report.document.text[finding.start:finding.end] == finding.text


def test_evidence_names_signals_and_finding_rules(scanner: Scanner):
    report = scanner.scan_html(page_bytes(PAGES / "signal-text-teaser.html"))
    assert report.verdicts.evidence[0].startswith("paywall/")
    assert " at line " in report.verdicts.evidence[0]
    assert report.verdicts.evidence[-1].startswith("only ")
    report = scanner.scan_html(page_bytes(PAGES / "vendor-piano-container.html"))
    assert any(e.startswith("vendor/piano-container: <div class=\"tp-container-inner\">") for e in report.verdicts.evidence)
    assert any("teaser followed by a paywall container" in e for e in report.verdicts.evidence)
    report = scanner.scan_html(page_bytes(PAGES / "vendor-laterpay.html"))
    assert any("declares wordCount 1240" in e for e in report.verdicts.evidence)


def test_extracted_text_keeps_one_block_per_line(scanner: Scanner):
    document = scanner.html_document(page_bytes(PAGES / "clean-recipe.html"))
    lines = document.text.splitlines()
    assert document.format == "html" and document.source == "trafilatura"
    assert any(line.startswith("This soup comes together in about forty minutes") for line in lines)
    assert any(line.startswith("Soften the chopped onion") for line in lines)
    assert not any("All rights reserved" in line for line in lines)
    assert document.text.endswith("\n")


def test_short_page_fallback_is_split_back_into_blocks():
    tree = parse_fragment("<html><body><h1>A title here</h1><p>First paragraph of the teaser text.</p>"
                          "<p>Subscribe to continue reading</p></body></html>")
    joined = "A title here First paragraph of the teaser text. Subscribe to continue reading"
    assert resegment(joined, tree) == ("A title here\nFirst paragraph of the teaser text.\n"
                                       "Subscribe to continue reading")


def test_encodings_are_sniffed(scanner: Scanner):
    latin = scanner.html_document(page_bytes(PAGES / "encoding-latin1.html"))
    assert "accueilli plus de quarante mille spectateurs" in latin.text
    assert "création" in latin.text and latin.metadata["html"]["encoding"] == "cp1252"
    utf16 = scanner.html_document(page_bytes(PAGES / "encoding-utf16.html"))
    assert "großer Mehrheit beschlossen" in utf16.text
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">') \
        == "windows-1250"
    assert decode_html("ß".encode() + b'<meta charset="latin-1">') == ("ß<meta charset=\"latin-1\">", "utf-8")
    assert decode_html('<meta charset="koi8-r">Привет'.encode("koi8-r"))[0].endswith("Привет")


def test_built_in_signal_examples_all_pass():
    pack = load_signal_pack([bundled_signals()])
    assert len(pack.specs) >= 25
    assert check_examples(pack) == []


def test_signal_file_errors_name_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: vendor/x\n  message: m\n  kind: sometimes\n  scripts: [x.js]\n  examples: {match: [a]}\n")
    with pytest.raises(Exception, match=r"bad.yaml:3: vendor/x: kind: Input should be"):
        load_signal_pack([bad])
    bad.write_text("- id: vendor/x\n  message: m\n  examples: {match: [a]}\n")
    with pytest.raises(Exception, match=r"bad.yaml:1: vendor/x: a signal needs scripts"):
        load_signal_pack([bad])


def test_cli_scan_html_file_says_where_findings_point(tmp_path: Path):
    result = run("scan", str(PAGES / "signal-text-teaser.html"))
    assert result.exit_code == 1
    out = result.stdout
    assert "signal-text-teaser.html:4:1: paywall/sign-up-to-read [paywall]" in out
    assert "signal-text-teaser.html: verdict: paywall hard, truncated" in out
    assert "evidence: only 42 words of article before the paywall prompt" in out
    assert "text extracted by trafilatura; lines and columns point into the extracted text" in out


def test_cli_folder_of_pages_jsonl_and_fail_on_paywall(tmp_path: Path):
    (tmp_path / "a.html").write_bytes(page_bytes(PAGES / "vendor-zephr.html"))
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(page_bytes(PAGES / "clean-recipe.html")))
    result = run("scan", str(tmp_path), "--format", "jsonl", "--fail-on", "never", "--fail-on-paywall")
    assert result.exit_code == 1
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(r["path"]).name, r["format"], r["source"], r["verdicts"]["paywall"]) for r in reports] == [
        ("a.html", "html", "trafilatura", "soft"), ("b.htm.gz", "html", "trafilatura", "none")]
    assert reports[0]["verdicts"]["evidence"] == [("vendor/zephr: script src=https://cdn.zephr.com/zephr-browser/1.4/"
                                                  "zephr-browser.umd.js")]


def test_cli_json_paywalled_page_without_the_flag_exits_0():
    result = run("scan", str(PAGES / "signal-meta-metered.html"), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0
    document = json.loads(result.stdout)["documents"][0]
    assert document["verdicts"] == {"paywall": "metered", "truncated": False,
                                    "evidence": ["meta/content-tier-metered: meta article:content_tier=metered"]}


def test_cli_jsonl_html_field_scans_and_cleans_into_the_text_field(tmp_path: Path):
    corpus = tmp_path / "pages.jsonl"
    records = [{"id": "p1", "url": "https://example.test/a", "html": page_bytes(PAGES / "signal-text-teaser.html").decode()},
               {"id": "p2", "html": page_bytes(PAGES / "clean-recipe.html").decode()}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = run("scan", str(corpus), "--html-field", "html", "--format", "jsonl")
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["verdicts"]["paywall"], r["source"]) for r in reports] == [
        ("p1", "hard", "trafilatura"), ("p2", "none", "trafilatura")]
    result = run("clean", str(corpus), "--html-field", "html")
    cleaned = [json.loads(line) for line in result.stdout.splitlines()]
    assert cleaned[0]["html"] == records[0]["html"] and cleaned[0]["url"] == records[0]["url"]
    assert cleaned[0]["text"].startswith("Council votes to rebuild the old river bridge\n")
    assert "Subscribe to continue reading" not in cleaned[0]["text"]
    assert "Soften the chopped onion" in cleaned[1]["text"]


def test_cli_clean_html_prints_the_cleaned_extracted_article():
    result = run("clean", str(PAGES / "signal-text-teaser.html"))
    assert result.exit_code == 0
    assert result.stdout == ("Council votes to rebuild the old river bridge\nBy Staff Reporter\n"
                             "The town council of Marlow Ferry voted seven to two on Tuesday evening to rebuild the "
                             "old river bridge, ending a debate that has divided residents for more than four years.\n")


def test_extraction_settings_reach_trafilatura(scanner: Scanner, tmp_path: Path):
    prose = "<p>" + "The committee published its annual figures for the county roads this week. " * 4 + "</p>"
    page = (f"<html><body><article><h1>Road figures</h1>{prose}<table><tr><td>Potholes filled</td>"
            f"<td>1204</td></tr></table>{prose}</article></body></html>")
    assert "Potholes filled" in scanner.html_document(page).text
    assert "Potholes filled" not in scanner.html_document(page, settings=ExtractionSettings(include_tables=False)).text
    path = tmp_path / "table.html"
    path.write_text(page)
    result = run("clean", str(path), "--no-tables", "--favor", "precision", "--include-comments", "--fast-extraction")
    assert result.exit_code == 0
    assert "county roads" in result.stdout and "Potholes filled" not in result.stdout
    result = run("clean", str(path), "--favor", "speed")
    assert result.exit_code == 2
    assert result.stderr.strip() == "contentguard: error: --favor must be precision or recall, not 'speed'"


def test_stdin_html_with_input_format():
    html = page_bytes(PAGES / "signal-meta-locked.html").decode()
    result = run("scan", "-", "--input-format", "html", "--format", "jsonl", input=html)
    assert json.loads(result.stdout)["verdicts"]["paywall"] == "hard"


def test_python_api_extraction_settings(scanner: Scanner):
    html = page_bytes(PAGES / "vendor-substack.html")
    report = scanner.scan_html(html, settings=ExtractionSettings(favor_precision=True), with_cleaned=True)
    assert report.verdicts.paywall == "hard" and report.verdicts.truncated
    assert report.document.metadata["html"]["settings"]["favor_precision"] is True
    assert "This post is for paid subscribers" not in (report.cleaned or "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<!--", "-->",
                                 "<meta charset='x-unknown'>", '<div class="paywall">', "<html>", "\x00", "é",
                                 '<script type="application/ld+json">{"isAccessibleForFree": false',
                                 "Subscribe to continue reading", "word " * 30]), max_size=30),
       st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_any_markup_gives_a_document_and_a_verdict(scanner: Scanner, parts: list[str], encoding: str):
    html = "".join(parts).encode(encoding, "replace")
    report = scanner.scan_html(html)
    assert report.verdicts.paywall in ("none", "metered", "soft", "hard")
    assert all(report.document.text[f.start:f.end] == f.text for f in report.findings)


def test_extractor_reuses_one_pack(tmp_path: Path):
    extractor = HtmlExtractor(signal_paths=[bundled_signals()])
    first = extractor.document("<html><body><p>Hello</p></body></html>")
    second = extractor.document(b"<html><body><div class='regwall'></div></body></html>")
    assert first.metadata["signals"] == []
    assert [s["id"] for s in second.metadata["signals"]] == ["markup/regwall"]
