"""Quality benchmark over the real pages in ../shared/bench-data (read at run time, never copied).

    python -m bench.quality                          # both sets, every page, both cores
    python -m bench.quality --limit 100              # a quick look
    python -m bench.quality --write docs/benchmarks.md   # refresh the tables in the docs
    python -m bench.quality --leaks /tmp/leaks.json  # every leaked / lost snippet, for rule writers

For every page it runs, in one worker process:

- ``trafilatura``: ``trafilatura.extract(html, include_comments=False)``, timed;
- ``+ clean`` (issue 3, item 6): that text cleaned by ``contentguard clean`` (text level);
- ``contentguard html`` (issue 4, item 5): the raw HTML through contentguard's HTML reader
  (the same trafilatura extraction from one shared parse, plus the markup signals), timed,
  then cleaned; the paywall verdict is counted too.

Extractions are cached between runs (``CACHE``), so a run after a rule change costs only the
cleaning; ``--no-cache`` extracts and times every page afresh.

Metrics (as the WCXB and trafilatura evaluations define them): word-level precision, recall and
F1 with ``\\w+`` tokens lowercased, a bag of words per page, averaged over pages (WCXB has the
full main text; trafilatura's set has snippets only, so its F1 is the snippet P/R/F1 that
trafilatura publishes); the share of labelled "without" snippets still present and the share
of "with" snippets lost (whitespace-normalised, case-insensitive containment).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATA = Path(os.environ.get("CONTENTGUARD_BENCH_DATA", ROOT.parent / "shared" / "bench-data"))
SYSTEMS = ("trafilatura", "clean", "html")
LABELS = {"trafilatura": "trafilatura alone", "clean": "trafilatura + contentguard clean",
          "html": "contentguard on raw HTML"}
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
START, END = "<!-- bench:quality:start -->", "<!-- bench:quality:end -->"
LEAK_KINDS = (  # rough buckets for the "without" snippets still kept, first match wins
    ("newsletter", (r"newsletter|sign ?up|subscribe to our|join our (?:mailing|email)|e-?mail updates|anmelden|"
                   r"abonnieren|suscr[ií]b|inscr[ií]v|inscri")),
    ("share, social, comments", (r"share|facebook|twitter|instagram|youtube|telegram|whatsapp|pinterest|linkedin|"
                                r"tiktok|comment|kommentar|comentario|follow us|folge|spread the word|podcast")),
    ("related content, read-more inserts", (r"read more|related|also read|weiterlesen|schon gelesen|lesen sie|"
                                           r"mehr zum thema|le puede interesar|\blea\b|\bmira\b|vea tambi|"
                                           r"ver tambi|m[aá]s noticias|leia tamb|lire aussi|[aà] lire|popular|"
                                           r"trending|recommended|you may also|you might also|more from|"
                                           r"more stories|top stories|latest")),
    ("app promo", r"app store|google play|the app\b|\bapps?\b|ios and android|herunterladen|descarga"),
    ("paywall, subscription, login", (r"subscriber|subscription|already a member|log ?in|sign ?in|premium|\babo\b|"
                                     r"abonnent|suscriptor|assinante")),
    ("advertising, sponsors, affiliates", (r"advert|anzeige|werbung|sponsor|partner|publicidad|affiliate|"
                                          r"commission|chosen independently|supporting")),
    ("legal, footer", (r"copyright|©|all rights|rechte|privacy|datenschutz|impressum|terms|cookie|aviso legal|"
                      r"pol[ií]tica|nutzung|lizenz|licen[sc]e|sofern nicht")),
    ("dates, bylines, page metadata", (r"\b\d{1,2}:\d{2}\b|\b\d{4}\b|min read|posted|published|updated|"
                                      r"release date|last modified|category|tags?:|\bvon\b|\bby\b|autor|author")),
    ("marketing calls to action", (r"\bbook\b|demo|contact|get started|\btry\b|free trial|\bcall\b|talk to|"
                                  r"request|\bbuy\b|\border\b|\bshop\b|cart|quote|learn more|\bstart|join|"
                                  r"download|register|trusted by")),
)
_LEAK_KINDS = [(name, re.compile(pattern)) for name, pattern in LEAK_KINDS]


def leak_kind(snippet: str) -> str:
    """A rough bucket for a boilerplate snippet, to tell rule writers what still gets through."""
    low = snippet.lower()
    for name, pattern in _LEAK_KINDS:
        if pattern.search(low):
            return name
    return "navigation, labels (4 words or fewer)" if len(snippet.split()) <= 4 else "other"


@dataclass(frozen=True)
class Page:
    """One benchmark page: where its HTML is and what the ground truth says."""

    set: str
    id: str
    html: str
    reference: str | None
    with_: tuple[str, ...]
    without: tuple[str, ...]
    kind: str = ""


def wcxb_pages() -> Iterator[Page]:
    folder = BENCH_DATA / "wcxb-dev"
    for truth in sorted((folder / "ground-truth").glob("*.json")):
        data = json.loads(truth.read_text(encoding="utf-8"))
        gt = data["ground_truth"]
        kind = ((data.get("_internal") or {}).get("page_type") or {}).get("primary", "")
        yield Page("wcxb", truth.stem, str(folder / "html" / f"{truth.stem}.html.gz"), gt.get("main_content") or "",
                   tuple(gt.get("with") or ()), tuple(gt.get("without") or ()), kind)


def trafilatura_pages() -> Iterator[Page]:
    folder = BENCH_DATA / "trafilatura-eval"
    data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    for url, item in sorted(data.items()):
        name = item["file"] + ".gz"
        path = next((p for p in (folder / "html" / "eval" / name, folder / "html" / "cache" / name) if p.exists()),
                    None)
        if path is None:
            continue
        yield Page("trafilatura", url, str(path), None, tuple(item.get("with") or ()),
                   tuple(item.get("without") or ()))


# --- the worker ---------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init(use_cache: bool = True) -> None:
    from contentguard.api import Scanner
    from contentguard.readers.html import HtmlExtractor

    _STATE["use_cache"] = use_cache
    scanner = Scanner(load_entry_points=False)
    _STATE["scanner"] = scanner
    _STATE["extractor"] = HtmlExtractor(signal_paths=scanner.registry.signal_paths())


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def _words(predicted: str, reference: str) -> tuple[float, float, float]:
    pred = Counter(t.lower() for t in _TOKEN.findall(predicted))
    ref = Counter(t.lower() for t in _TOKEN.findall(reference))
    if not ref:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return 0.0, 0.0, 0.0
    overlap = sum((pred & ref).values())
    p, r = overlap / sum(pred.values()), overlap / sum(ref.values())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


CACHE = Path(os.environ.get("CONTENTGUARD_BENCH_CACHE", "/tmp/contentguard-bench/quality"))
"""Extractions (trafilatura's text, the HTML reader's document, their times) kept between runs, so
that a run after a rule change costs only the cleaning. Keyed by the page, the trafilatura version
and the code and signal packs of the HTML reader; ``--no-cache`` measures everything afresh."""


def _extraction_key(page: Page) -> str:
    import hashlib

    digest = _STATE.get("code_digest")
    if digest is None:
        code = hashlib.sha256(_version("trafilatura").encode())
        for path in [ROOT / "src/contentguard/readers/html.py", ROOT / "src/contentguard/signals.py",
                     *sorted((ROOT / "signals").glob("*.yaml"))]:
            code.update(path.read_bytes())
        digest = _STATE["code_digest"] = code.hexdigest()
    return hashlib.sha256(f"{digest}|{page.set}|{page.html}".encode()).hexdigest()[:32]


def _extract(page: Page) -> tuple[str, float, Any, float]:
    """trafilatura's text and time, the HTML reader's Document and time: from the cache when allowed."""
    import trafilatura
    from contentguard.models import Document

    path = CACHE / f"{_extraction_key(page)}.json"
    if _STATE.get("use_cache"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return (data["alone"], data["t_trafilatura"], Document(**data["document"]), data["t_html"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    with gzip.open(page.html, "rb") as stream:
        raw = stream.read()
    started = time.perf_counter()
    alone = trafilatura.extract(raw, include_comments=False) or ""
    t_trafilatura = time.perf_counter() - started
    started = time.perf_counter()
    document = _STATE["extractor"].document(raw)
    t_html = time.perf_counter() - started
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps({"alone": alone, "t_trafilatura": t_trafilatura, "t_html": t_html,
                                         "document": document.model_dump(mode="json")}), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
    return alone, t_trafilatura, document, t_html


def run_page(page: Page) -> dict[str, Any]:
    """Every system on one page: texts scored, times taken, the verdict."""
    scanner = _STATE["scanner"]
    alone, t_trafilatura, document, t_html = _extract(page)
    started = time.perf_counter()
    report = scanner.scan(document, with_cleaned=True)
    t_clean = time.perf_counter() - started
    # the reader's text differs from trafilatura's own only by decoding and restored line breaks:
    # clean trafilatura's text separately only when it differs
    same = alone.strip() == document.text.strip()
    outputs = {"trafilatura": alone, "clean": (report.cleaned or "") if same else scanner.clean(alone) if alone else "",
               "html": report.cleaned or ""}
    result: dict[str, Any] = {"set": page.set, "id": page.id, "kind": page.kind,
                              "times": {"trafilatura": t_trafilatura, "html": t_html, "clean": t_clean},
                              "verdict": report.verdicts.paywall, "truncated": report.verdicts.truncated,
                              "signals": [s["id"] for s in document.metadata.get("signals", ())]}
    for system, text in outputs.items():
        folded = _norm(text)
        entry: dict[str, Any] = {
            "with_lost": [s for s in page.with_ if _norm(s) not in folded],
            "without_kept": [s for s in page.without if _norm(s) in folded],
        }
        if page.reference is not None:
            entry["words"] = _words(text, page.reference)
        result[system] = entry
    return result


# --- aggregation --------------------------------------------------------------------------

def summarise(results: list[dict[str, Any]], pages: dict[tuple[str, str], Page]) -> dict[str, Any]:
    """Per set and system: word P/R/F1 (or snippet P/R/F1), snippet shares, times."""
    summary: dict[str, Any] = {}
    for set_name in ("wcxb", "trafilatura"):
        rows = [r for r in results if r["set"] == set_name]
        if not rows:
            continue
        n_with = sum(len(pages[(set_name, r["id"])].with_) for r in rows)
        n_without = sum(len(pages[(set_name, r["id"])].without) for r in rows)
        systems: dict[str, Any] = {}
        for system in SYSTEMS:
            lost = sum(len(r[system]["with_lost"]) for r in rows)
            kept = sum(len(r[system]["without_kept"]) for r in rows)
            entry: dict[str, Any] = {"with_lost": lost / n_with if n_with else 0.0,
                                     "without_kept": kept / n_without if n_without else 0.0}
            if set_name == "wcxb":
                for i, name in enumerate(("precision", "recall", "f1")):
                    entry[name] = sum(r[system]["words"][i] for r in rows) / len(rows)
                articles = [r for r in rows if r["kind"] == "article"]
                entry["f1_articles"] = sum(r[system]["words"][2] for r in articles) / max(1, len(articles))
            else:
                tp, fn, fp = n_with - lost, lost, kept
                p = tp / (tp + fp) if tp + fp else 0.0
                r_ = tp / (tp + fn) if tp + fn else 0.0
                entry.update(precision=p, recall=r_, f1=2 * p * r_ / (p + r_) if p + r_ else 0.0)
            systems[system] = entry
        kinds: dict[str, list[int]] = {}
        for r in rows:
            for column, system in enumerate(("trafilatura", "html")):
                for snippet in r[system]["without_kept"]:
                    kinds.setdefault(leak_kind(snippet), [0, 0])[column] += 1
        lost_new = [(r["id"], s) for r in rows for s in r["html"]["with_lost"] if s not in r["trafilatura"]["with_lost"]]
        times = {key: sum(r["times"][key] for r in rows) / len(rows) for key in ("trafilatura", "html", "clean")}
        verdicts = Counter(r["verdict"] for r in rows)
        summary[set_name] = {"pages": len(rows), "with": n_with, "without": n_without, "systems": systems,
                             "times": times, "verdicts": dict(verdicts),
                             "truncated": sum(1 for r in rows if r["truncated"]),
                             "leak_kinds": dict(sorted(kinds.items(), key=lambda kv: -kv[1][1])),
                             "with_lost_by_cleaning": len(lost_new),
                             "with_lost_pages": len({page for page, _ in lost_new})}
    return summary


def markdown(summary: dict[str, Any], command: str) -> str:
    """The results tables for docs/benchmarks.md."""
    names = {"wcxb": "WCXB dev split", "trafilatura": "trafilatura evaluation set"}
    out = [(f"Regenerate with `{command}` (trafilatura {_version('trafilatura')}, "
           f"contentguard {_version('contentguard')})."), ""]
    for set_name, data in summary.items():
        out.append(f"### {names[set_name]} ({data['pages']} pages, {data['with']} \"with\" and "
                   f"{data['without']} \"without\" snippets)")
        out.append("")
        if set_name == "wcxb":
            out.append("| system | word P | word R | word F1 | F1 articles | \"without\" kept | \"with\" lost |")
            out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        else:
            out.append("| system | snippet P | snippet R | snippet F1 | \"without\" kept | \"with\" lost |")
            out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        for system in SYSTEMS:
            s = data["systems"][system]
            cells = [f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.4f}"]
            if set_name == "wcxb":
                cells.append(f"{s['f1_articles']:.4f}")
            cells += [f"{100 * s['without_kept']:.1f}%", f"{100 * s['with_lost']:.2f}%"]
            out.append(f"| {LABELS[system]} | " + " | ".join(cells) + " |")
        t = data["times"]
        overhead = (t["html"] - t["trafilatura"]) / t["trafilatura"] if t["trafilatura"] else 0.0
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(data["verdicts"].items()))
        out += ["", (f"Time per page (two workers on two cores, extraction times as measured when each page was first "
                    f"extracted, see `--no-cache`; `python -m bench.html` measures the overhead on a quiet core): "
                    f"trafilatura alone {1000 * t['trafilatura']:.1f} ms; contentguard's HTML "
                    f"reader (decode, one parse, markup signals, the same extraction) {1000 * t['html']:.1f} ms "
                    f"({100 * overhead:+.1f}%); detection and cleaning {1000 * t['clean']:.1f} ms more. "
                    f"Paywall verdicts: {verdicts}; truncated {data['truncated']}."), "",
                (f"\"with\" snippets that cleaning removed: {data['with_lost_by_cleaning']} on "
                f"{data['with_lost_pages']} page(s). \"Without\" snippets still kept, by rough kind:"), "",
                "| kind | trafilatura alone | contentguard |", "| --- | ---: | ---: |"]
        out += [f"| {kind} | {before} | {after} |" for kind, (before, after) in data["leak_kinds"].items()]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _version(name: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def write_docs(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else f"{START}\n{END}\n"
    if START not in text or END not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{block}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="wcxb,trafilatura", help="comma-separated: wcxb, trafilatura")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--write", type=Path, help="replace the results block in this Markdown file")
    parser.add_argument("--json", type=Path, help="write the summary as JSON")
    parser.add_argument("--leaks", type=Path, help="write every leaked and lost snippet per page (outside the repo)")
    parser.add_argument("--no-cache", action="store_true",
                        help=f"extract every page again instead of reading earlier extractions from {CACHE}")
    parser.add_argument("--from-results", type=Path, help="rebuild the tables from a --leaks file instead of running")
    args = parser.parse_args(argv)
    if not BENCH_DATA.is_dir():
        print(f"bench: no benchmark data at {BENCH_DATA}", file=sys.stderr)
        return 2
    pages: list[Page] = []
    for name in args.sets.split(","):
        found = list({"wcxb": wcxb_pages, "trafilatura": trafilatura_pages}[name.strip()]())
        pages += found[: args.limit] if args.limit else found
    by_key = {(p.set, p.id): p for p in pages}
    started = time.perf_counter()
    if args.from_results:
        results = json.loads(args.from_results.read_text(encoding="utf-8"))
        command = "python -m bench.quality" + (f" --limit {args.limit}" if args.limit else "") + \
            (f" --write {args.write}" if args.write else "")
        block = markdown(summarise(results, by_key), command)
        print(block)
        if args.write:
            write_docs(args.write, block)
        return 0
    with ProcessPoolExecutor(max_workers=args.jobs, initializer=_init, initargs=(not args.no_cache,)) as pool:
        results = []
        for done, result in enumerate(pool.map(run_page, pages, chunksize=4), start=1):
            results.append(result)
            if done % 100 == 0:
                print(f"bench: {done}/{len(pages)} pages, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    elapsed = time.perf_counter() - started
    summary = summarise(results, by_key)
    command = "python -m bench.quality" + (f" --limit {args.limit}" if args.limit else "") + \
        (f" --sets {args.sets}" if args.sets != "wcxb,trafilatura" else "") + \
        (f" --write {args.write}" if args.write else "")
    block = markdown(summary, command)
    print(block)
    print(f"{len(pages)} pages in {elapsed:.0f} s with {args.jobs} worker(s)", file=sys.stderr)
    if args.write:
        write_docs(args.write, block)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    if args.leaks:
        args.leaks.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
