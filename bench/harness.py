"""The contentguard benchmark: throughput, latency, scaling and memory, in one run.

    python -m bench.harness                      # the full run behind docs/performance.md
    python -m bench.harness --quick              # a smaller run for a quick look

It measures, with the full default rule packs (installed plugins left out):

- throughput of ``contentguard scan --format jsonl`` and ``contentguard clean`` as a user runs
  them (a fresh process each time, interpreter start-up included), with one job and with
  ``--jobs N``, on the generated corpus (``bench/generate.py``) and on real pages (the HTML
  in ``../shared/bench-data``, read at run time, its text extracted once with trafilatura
  and cached outside the repository);
- in the same run, the floor: a script that only reads and writes the same JSONL with the
  standard library's json (the ratio to it is the figure that holds across machines), and
  datatrove's C4 quality filter with its shipped defaults on the same documents;
- per-document latency (p50, p99) in one process;
- how the time grows with document size (1 KB to 1 MB) and with the number of rules (10 to
  1,000 synthetic rules), and peak RSS (the whole process tree) as the corpus grows.

Every timing is the median of ``--repeat`` runs. Nothing here is a test: it prints a report
(Markdown) and, with ``--json``, writes the raw numbers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from . import generate

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATA = ROOT.parent / "shared" / "bench-data"
CACHE = Path(os.environ.get("CONTENTGUARD_BENCH_CACHE", "/tmp/contentguard-bench"))
PYTHON = sys.executable
CLI = [PYTHON, "-m", "contentguard"]
MB = 1_000_000


# --- corpora -----------------------------------------------------------------------------

def generated_corpus(docs: int, seed: int) -> Path:
    """The generated corpus, written once per (docs, seed) into the cache."""
    path = CACHE / f"generated-{seed}-{docs}.jsonl"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        generate.write_corpus(path.with_suffix(".tmp"), docs, seed)
        path.with_suffix(".tmp").replace(path)
    return path


def _html_files(bench_data: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted((bench_data / "wcxb-dev" / "html").glob("*")):
        if path.is_file():
            yield f"wcxb/{path.name.split('.')[0]}", path
    evaldata = bench_data / "trafilatura-eval" / "evaldata.json"
    if evaldata.exists():
        entries = json.loads(evaldata.read_text(encoding="utf-8"))
        for entry in sorted({e["file"] for e in entries.values()}):
            for folder in ("cache", "eval"):
                path = bench_data / "trafilatura-eval" / "html" / folder / f"{entry}.gz"
                if path.exists():
                    yield f"trafilatura/{entry}", path
                    break


def _extract(item: tuple[str, str]) -> dict[str, str] | None:
    import trafilatura  # the one place the bench needs it, in pool workers

    ident, name = item
    data = Path(name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    text = trafilatura.extract(data, include_comments=False, include_tables=True)
    return {"id": ident, "text": text + "\n"} if text and text.strip() else None


def real_corpus(bench_data: Path, limit: int | None = None) -> Path | None:
    """Text of the real pages, extracted with trafilatura once and cached (None: no pages)."""
    path = CACHE / "real-pages.jsonl"
    if path.exists():
        if limit is None:
            return path
        subset = CACHE / f"real-pages-{limit}.jsonl"
        with open(path, encoding="utf-8") as stream, open(subset, "w", encoding="utf-8") as out:
            for number, line in enumerate(stream):
                if number >= limit:
                    break
                out.write(line)
        return subset
    files = [(ident, str(p)) for ident, p in _html_files(bench_data)]
    if not files:
        return None
    import multiprocessing

    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"extracting text from {len(files)} real pages with trafilatura (once; cached in {CACHE})",
          file=sys.stderr)
    with multiprocessing.get_context("spawn").Pool(os.cpu_count()) as pool, \
            open(path.with_suffix(".tmp"), "w", encoding="utf-8") as out:
        for record in pool.imap(_extract, files, chunksize=8):
            if record is not None:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    path.with_suffix(".tmp").replace(path)
    return path


def load_texts(path: Path, limit: int | None = None) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            texts.append(json.loads(line)["text"])
            if limit is not None and len(texts) >= limit:
                break
    return texts


# --- measuring processes -----------------------------------------------------------------

def _tree_rss(process: Any) -> int:
    import psutil

    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_process(argv: Sequence[str], *, stdout: Path | None = None) -> tuple[float, int, float]:
    """Wall seconds, the peak RSS of the whole process tree (sampled every 10 ms) and the CPU
    seconds (user + system) of the tree: on a busy machine the CPU time is the steadier figure."""
    import psutil

    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(list(argv), stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            process = psutil.Process(child.pid)
            while not done.is_set():
                peak = max(peak, _tree_rss(process))
                time.sleep(0.01)
        except psutil.Error:
            pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = child.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if stdout:
        out.close()  # type: ignore[union-attr]
    if child.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited {child.returncode}: {err.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, peak, cpu


def median_run(argv: Sequence[str], repeat: int, stdout: Path | None = None) -> dict[str, Any]:
    runs = [run_process(argv, stdout=stdout) for _ in range(repeat)]
    return {"seconds": statistics.median(r[0] for r in runs), "peak_rss": max(r[1] for r in runs),
            "cpu": statistics.median(r[2] for r in runs), "runs": [round(r[0], 3) for r in runs]}


def floor(source: str, target: str) -> None:
    """Only read and write the JSONL with the standard library (the I/O floor)."""
    with open(source, encoding="utf-8") as stream, open(target, "w", encoding="utf-8") as out:
        for line in stream:
            record = json.loads(line)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


# --- in-process measurements ---------------------------------------------------------------

def _scanner(**options: Any) -> Any:
    from contentguard.api import Scanner

    return Scanner(load_entry_points=False, **options)


def latencies(texts: Sequence[str], *, cleaned: bool) -> list[float]:
    """Seconds per document for Document + scan (+ clean) in this process."""
    from contentguard.models import Document

    scanner = _scanner()
    times = []
    clock = time.process_time  # CPU time: others' load on the machine does not count
    for text in texts:
        started = clock()
        scanner.scan(Document(text=text), with_cleaned=cleaned)
        times.append(clock() - started)
    return times


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def datatrove_c4(texts: Sequence[str]) -> dict[str, Any]:
    """datatrove's C4QualityFilter (shipped defaults) on the same texts, in this process."""
    try:
        from datatrove.data import Document as DTDocument
        from datatrove.pipeline.filters import C4QualityFilter
    except ImportError as error:
        return {"error": f"datatrove is not installed ({error}); pip install datatrove spacy"}
    c4 = C4QualityFilter()
    try:
        c4.filter(DTDocument(text=texts[0], id="warm-up"))  # loads its tokenizer
    except ImportError as error:
        return {"error": f"datatrove's C4 filter cannot run: {error}"}
    started = time.process_time()
    kept = 0
    for number, text in enumerate(texts):
        result = c4.filter(DTDocument(text=text, id=str(number)))
        kept += bool(result[0] if isinstance(result, tuple) else result)
    seconds = time.process_time() - started
    return {"docs": len(texts), "seconds": seconds, "kept": kept,
            "bytes": sum(len(t.encode("utf-8")) for t in texts)}


def time_docs(scanner: Any, texts: Sequence[str], *, cleaned: bool, repeat: int) -> float:
    """Median seconds to scan (and clean) every text once."""
    from contentguard.models import Document

    runs = []
    for _ in range(repeat):
        started = time.process_time()
        for text in texts:
            scanner.scan(Document(text=text), with_cleaned=cleaned)
        runs.append(time.process_time() - started)
    return statistics.median(runs)


def size_scaling(repeat: int, total_bytes: int, sizes: Sequence[int]) -> list[dict[str, float]]:
    """Seconds per document as documents grow from 1 KB to 1 MB (same total bytes per size)."""
    scanner = _scanner()
    rows = []
    for size in sizes:
        rng = random.Random(size)
        count = max(2, total_bytes // size)
        texts = [generate.page(rng, size, "en") for _ in range(count)]
        nbytes = sum(len(t.encode("utf-8")) for t in texts)
        for cleaned in (False, True):
            seconds = time_docs(scanner, texts, cleaned=cleaned, repeat=repeat)
            rows.append({"size": size, "cleaned": cleaned, "docs": count, "bytes": nbytes,
                         "per_doc_ms": 1000 * seconds / count, "mb_s": nbytes / seconds / MB})
    return rows


def synthetic_rules(count: int, seed: int = 11) -> str:
    """``count`` phrase and pattern rules over the generator's vocabulary, as YAML."""
    rng = random.Random(seed)
    words = generate.WORDS_BY_LANGUAGE["en"]
    out = ["defaults:", "  category: bench-synthetic", "  languages: [en]", "rules:"]
    for number in range(count):
        phrases = [" ".join(rng.choice(words) for _ in range(rng.randint(2, 4))) for _ in range(4)]
        out.append(f"  - id: bench-synthetic/rule-{number}")
        out.append(f"    message: synthetic rule {number}")
        out.append("    phrases: [" + ", ".join(json.dumps(p) for p in phrases) + "]")
        if number % 2:
            first, second = rng.choice(words), rng.choice(words)
            out.append(f"    patterns: ['\\b{first}\\w* (?:\\w+ ){{0,3}}{second}\\b']")
        out.append(f"    examples: {{match: [{json.dumps(phrases[0])}]}}")
    return "\n".join(out) + "\n"


def rule_scaling(texts: Sequence[str], repeat: int, counts: Sequence[int]) -> list[dict[str, float]]:
    """Scan time for the same documents with 10 to 1,000 synthetic rules (and only those)."""
    rows = []
    for count in counts:
        path = CACHE / f"synthetic-rules-{count}.yaml"
        path.write_text(synthetic_rules(count), encoding="utf-8")
        scanner = _scanner(rules=[path], select=["bench-synthetic"])
        assert len(scanner.rules) == count, len(scanner.rules)
        seconds = time_docs(scanner, texts, cleaned=False, repeat=repeat)
        rows.append({"rules": count, "seconds": seconds, "per_doc_ms": 1000 * seconds / len(texts)})
    return rows


def pattern_costs(texts: Sequence[str], top: int = 15) -> dict[str, Any]:
    """CPU time each rule pattern takes inside the phrase detector, the costliest first.

    A pattern that is not line-confined (it may match a newline: ``\\s``, ``[^x]``) runs on the
    whole page; a confined one runs only on the short lines where all of its literal groups occur.
    A line-anchored one (``^``…) is tried only at line starts.
    """
    from contentguard.detectors.phrase import PhraseDetector
    from contentguard.models import Document

    scanner = _scanner()
    detector = next(d for d in scanner.engine.detectors if isinstance(d, PhraseDetector))
    cost: dict[int, float] = {}

    class Timed:
        def __init__(self, pattern: Any, slot: int) -> None:
            self.inner, self.slot, self.pattern = pattern, slot, pattern.pattern

        def finditer(self, *args: Any, **kwargs: Any) -> list[Any]:
            started = time.process_time()
            found = list(self.inner.finditer(*args, **kwargs))
            cost[self.slot] = cost.get(self.slot, 0.0) + time.process_time() - started
            return found

        def match(self, *args: Any, **kwargs: Any) -> Any:  # line-anchored patterns (see phrase._anchored)
            started = time.process_time()
            found = self.inner.match(*args, **kwargs)
            cost[self.slot] = cost.get(self.slot, 0.0) + time.process_time() - started
            return found

        def search(self, *args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            found = self.inner.search(*args, **kwargs)
            cost[self.slot] = cost.get(self.slot, 0.0) + time.process_time() - started
            return found

    from contentguard.rules import compile_pattern

    detector._compiled = [Timed(compile_pattern(source), slot)  # type: ignore[misc]
                          for slot, (_, source) in enumerate(detector._patterns)]
    detector._shifted = [Timed(compile_pattern("\\n" + source), slot) if detector._anchored[slot] else None
                         for slot, (_, source) in enumerate(detector._patterns)]
    started = time.process_time()
    for text in texts:
        list(detector.detect(Document(text=text)))
    total = time.process_time() - started
    regex_total = sum(cost.values())
    rows = []
    for slot, seconds in sorted(cost.items(), key=lambda item: -item[1])[:top]:
        index, source = detector._patterns[slot]
        rows.append({"rule": detector.rules[index].id, "ms_per_doc": 1000 * seconds / len(texts),
                     "confined": detector._confined[slot], "prefiltered": slot not in detector._always,
                     "anchored": detector._anchored[slot],
                     "pattern": source[:90]})
    unconfined = sum(s for slot, s in cost.items() if not detector._confined[slot])
    return {"docs": len(texts), "detector_ms": 1000 * total / len(texts),
            "regex_ms": 1000 * regex_total / len(texts), "unconfined_share": unconfined / (regex_total or 1),
            "patterns": len(detector._patterns), "unconfined": detector._confined.count(False),
            "always": len(detector._always), "top": rows}


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of log(y) on log(x): 1 is linear, below 1 sub-linear."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


# --- the run -----------------------------------------------------------------------------

def throughput(corpus: Path, label: str, *, jobs: int, repeat: int, results: dict[str, Any]) -> None:
    size = corpus.stat().st_size
    docs = sum(1 for _ in open(corpus, "rb"))
    out = CACHE / "out.jsonl"
    rows: dict[str, dict[str, Any]] = {}
    rows["json read+write (stdlib), the floor"] = median_run(
        [PYTHON, "-m", "bench.harness", "--floor", str(corpus), str(out)], repeat)
    rows["contentguard scan --format jsonl"] = median_run(
        [*CLI, "scan", str(corpus), "--format", "jsonl", "--no-plugins", "-o", str(out)], repeat)
    rows["contentguard clean"] = median_run([*CLI, "clean", str(corpus), "--no-plugins", "-o", str(out)], repeat)
    if jobs > 1:
        rows[f"contentguard scan --format jsonl --jobs {jobs}"] = median_run(
            [*CLI, "scan", str(corpus), "--format", "jsonl", "--no-plugins", "-o", str(out),
             "--jobs", str(jobs)], repeat)
        rows[f"contentguard clean --jobs {jobs}"] = median_run(
            [*CLI, "clean", str(corpus), "--no-plugins", "-o", str(out), "--jobs", str(jobs)], repeat)
    floor_row = rows["json read+write (stdlib), the floor"]
    for row in rows.values():
        row["docs_s"] = docs / row["seconds"]
        row["mb_s"] = size / row["seconds"] / MB
        row["mb_s_cpu"] = size / row["cpu"] / MB
        row["x_floor"] = row["seconds"] / floor_row["seconds"]
        row["x_floor_cpu"] = row["cpu"] / floor_row["cpu"]
    results["throughput"][label] = {"docs": docs, "bytes": size, "rows": rows}
    out.unlink(missing_ok=True)


def startup(repeat: int) -> float:
    empty = CACHE / "one.jsonl"
    empty.write_text('{"id": "1", "text": "A line.\\n"}\n', encoding="utf-8")
    return median_run([*CLI, "clean", str(empty), "--no-plugins"], repeat)["seconds"]


def rss_growth(sizes: Sequence[int], seed: int, jobs: int) -> list[dict[str, Any]]:
    rows = []
    for docs in sizes:
        corpus = generated_corpus(docs, seed)
        out = CACHE / "out.jsonl"
        row: dict[str, Any] = {"docs": docs, "bytes": corpus.stat().st_size}
        for j in sorted({1, jobs}):
            seconds, peak, cpu = run_process([*CLI, "clean", str(corpus), "--no-plugins", "-o", str(out),
                                              *(["--jobs", str(j)] if j > 1 else [])])
            row[f"jobs{j}"] = {"seconds": seconds, "peak_rss": peak, "cpu": cpu}
        rows.append(row)
        out.unlink(missing_ok=True)
    return rows


def report(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    lines = [f"Machine: {results['machine']}; Python {results['python']}; "
             f"{results['rules']} rules in the default packs; median of {results['repeat']} runs.", ""]
    lines.append(f"CLI start-up (one-record corpus): {results['startup']:.2f} s, included in every CLI row.")
    lines.append("")
    for label, block in results["throughput"].items():
        lines.append(f"### {label}: {block['docs']:,} documents, {block['bytes'] / MB:.1f} MB")
        lines.append("")
        lines.append("| what | wall s | docs/s | MB/s | × floor | CPU s | MB per CPU-s | × floor, CPU | peak RSS |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, row in block["rows"].items():
            lines.append(f"| {name} | {row['seconds']:.2f} | {row['docs_s']:,.0f} | {row['mb_s']:.2f} | "
                         f"{row['x_floor']:.1f} | {row['cpu']:.2f} | {row['mb_s_cpu']:.2f} | "
                         f"{row['x_floor_cpu']:.1f} | {row['peak_rss'] / 2**20:.0f} MiB |")
        extra = results["in_process"].get(label)
        if extra:
            lines.append("")
            lines.append("In one process, per document (no JSON I/O; CPU time):")
            lines.append("")
            lines.append("| what | docs/s | MB/s | p50 ms | p99 ms |")
            lines.append("| --- | ---: | ---: | ---: | ---: |")
            for name, row in extra.items():
                if "error" in row:
                    lines.append(f"| {name} | {row['error']} | | | |")
                    continue
                p50 = f"{row['p50'] * 1000:.3f}" if "p50" in row else "—"
                p99 = f"{row['p99'] * 1000:.3f}" if "p99" in row else "—"
                lines.append(f"| {name} | {row['docs_s']:,.0f} | {row['mb_s']:.1f} | {p50} | {p99} |")
        lines.append("")
    if "size_slope_large" in results:
        lines.append("### Time vs document size (English pages)")
        lines.append("")
        lines.append("| size | docs | ms per doc | MB/s | ms per doc, clean | MB/s, clean |")
        lines.append("| ---: | ---: | ---: | ---: | ---: | ---: |")
        by_size: dict[int, dict[bool, dict[str, float]]] = {}
        for row in results.get("size_scaling", []):
            by_size.setdefault(row["size"], {})[row["cleaned"]] = row
        for size, pair in by_size.items():
            scan, clean = pair[False], pair[True]
            lines.append(f"| {size // 1024} KB | {scan['docs']} | {scan['per_doc_ms']:.3f} | {scan['mb_s']:.1f} | "
                         f"{clean['per_doc_ms']:.3f} | {clean['mb_s']:.1f} |")
        sizes = list(by_size)
        lines.append("")
        lines.append(f"log-log slope of time per document on size: scan {results['size_slope'][0]:.2f}, "
                     f"clean {results['size_slope'][1]:.2f} (1.0 is linear); from 16 KB to 1 MB: scan "
                     f"{results['size_slope_large'][0]:.2f}, clean {results['size_slope_large'][1]:.2f}"
                     if sizes else "")
        lines.append("")
        lines.append(f"### Time vs rule count (synthetic rules only, {results['rule_docs']} generated pages, scan)")
        lines.append("")
        lines.append("| rules | ms per doc |")
        lines.append("| ---: | ---: |")
        for row in results["rule_scaling"]:
            lines.append(f"| {row['rules']:,} | {row['per_doc_ms']:.3f} |")
        lines.append("")
        lines.append(f"log-log slope of time on rule count: {results['rule_slope']:.2f} (below 1 is sub-linear)")
        lines.append("")
    costs = results.get("pattern_costs")
    if costs:
        lines.append(f"### Where the time goes: rule patterns ({costs['docs']} generated pages, CPU time)")
        lines.append("")
        lines.append(f"Phrase detector {costs['detector_ms']:.2f} ms per page, of which regular expressions "
                     f"{costs['regex_ms']:.2f} ms; {costs['patterns']} patterns, {costs['unconfined']} not "
                     f"line-confined (they take {100 * costs['unconfined_share']:.0f}% of the regex time), "
                     f"{costs['always']} without a literal prefilter.")
        lines.append("")
        lines.append("| rule | ms per page | line-confined | line-anchored | prefiltered | pattern (start) |")
        lines.append("| --- | ---: | --- | --- | --- | --- |")
        for row in costs["top"]:
            pattern = row["pattern"].replace("|", "\\|").replace("`", "'")
            anchored = "yes" if row.get("anchored") else "no"
            lines.append(f"| {row['rule']} | {row['ms_per_doc']:.3f} | {'yes' if row['confined'] else 'no'} | "
                         f"{anchored} | {'yes' if row['prefiltered'] else 'no'} | `{pattern}` |")
        lines.append("")
    if results.get("rss_growth"):
        lines.append("### Peak RSS (process tree) as the corpus grows, `contentguard clean`")
        lines.append("")
        jobs_keys = [k for k in results["rss_growth"][0] if k.startswith("jobs")] if results["rss_growth"] else []
        lines.append("| docs | MB | " + " | ".join(f"{k.replace('jobs', '--jobs ')} RSS | s" for k in jobs_keys) + " |")
        lines.append("| ---: | ---: | " + " | ".join("---: | ---:" for _ in jobs_keys) + " |")
        for row in results["rss_growth"]:
            cells = " | ".join(f"{row[k]['peak_rss'] / 2**20:.0f} MiB | {row[k]['seconds']:.1f} ({row[k]['cpu']:.1f} CPU)"
                               for k in jobs_keys)
            lines.append(f"| {row['docs']:,} | {row['bytes'] / MB:.0f} | {cells} |")
    return "\n".join(lines) + "\n"


def in_process(texts: Sequence[str], *, with_datatrove: int) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    for name, cleaned in (("contentguard scan", False), ("contentguard scan + clean", True)):
        times = latencies(texts, cleaned=cleaned)
        total = sum(times)
        rows[name] = {"docs_s": len(texts) / total, "mb_s": nbytes / total / MB,
                      "p50": percentile(times, 0.5), "p99": percentile(times, 0.99)}
    if with_datatrove:
        subset = texts[:with_datatrove]
        c4 = datatrove_c4(subset)
        if "error" in c4:
            rows["datatrove C4QualityFilter (defaults)"] = c4
        else:
            rows[f"datatrove C4QualityFilter (defaults), first {len(subset):,} docs"] = {
                "docs_s": c4["docs"] / c4["seconds"], "mb_s": c4["bytes"] / c4["seconds"] / MB}
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="contentguard benchmark (see docs/performance.md)")
    parser.add_argument("--docs", type=int, default=10_000, help="generated documents (default 10,000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the median is reported")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--bench-data", type=Path, default=BENCH_DATA)
    parser.add_argument("--datatrove-docs", type=int, default=1000,
                        help="documents for datatrove's C4 filter (it is slow); 0 to skip")
    parser.add_argument("--real-docs", type=int, help="only the first N real pages (default: all)")
    parser.add_argument("--rss-docs", type=int, nargs="+", help="corpus sizes for the memory rows "
                        "(default: docs/4, docs, docs*4)")
    parser.add_argument("--size-mb", type=float, default=2.0, help="MB of pages per size in the size rows")
    parser.add_argument("--rule-docs", type=int, default=1000, help="pages for the rule-count rows")
    parser.add_argument("--quick", action="store_true", help="fewer documents and runs")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--floor", nargs=2, metavar=("IN", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, metavar="JSON", help="only print the report of an earlier --json")
    args = parser.parse_args(argv)
    if args.floor:
        floor(*args.floor)
        return
    if args.report:
        print(report(json.loads(args.report.read_text(encoding="utf-8"))))
        return
    if args.quick:
        args.docs, args.repeat, args.datatrove_docs, args.size_mb, args.rule_docs = 2000, 1, 200, 1.0, 300
    os.chdir(ROOT)
    CACHE.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "python": platform.python_version(),
        "repeat": args.repeat, "throughput": {}, "in_process": {},
        "rules": len(_scanner().rules),
    }
    results["startup"] = startup(args.repeat)
    corpora = {f"Generated pages (seed {args.seed})": generated_corpus(args.docs, args.seed)}
    real = real_corpus(args.bench_data)
    if real is not None and args.real_docs:
        real = real_corpus(args.bench_data, args.real_docs)
    if real is not None:
        corpora["Real pages (../shared/bench-data, text by trafilatura)"] = real
    else:
        print(f"no real pages under {args.bench_data}; skipped", file=sys.stderr)
    for label, corpus in corpora.items():
        print(f"throughput: {label}", file=sys.stderr)
        throughput(corpus, label, jobs=args.jobs, repeat=args.repeat, results=results)
        _save(args.json, results)
        results["in_process"][label] = in_process(load_texts(corpus), with_datatrove=args.datatrove_docs)
        _save(args.json, results)
    print("scaling", file=sys.stderr)
    sizes = [1024, 4096, 16384, 65536, 262144, 1048576]
    results["size_scaling"] = size_scaling(args.repeat, int(args.size_mb * 2**20), sizes)
    for position, key in ((0, "size_slope"), (2, "size_slope_large")):
        pairs = [r for r in results["size_scaling"] if r["size"] >= sizes[position]]
        results[key] = [slope([r["size"] for r in pairs if r["cleaned"] is c],
                              [r["per_doc_ms"] for r in pairs if r["cleaned"] is c]) for c in (False, True)]
    rule_texts = load_texts(generated_corpus(args.docs, args.seed), args.rule_docs)
    results["rule_docs"] = len(rule_texts)
    counts = [10, 30, 100, 300, 1000]
    results["rule_scaling"] = rule_scaling(rule_texts, args.repeat, counts)
    results["rule_slope"] = slope(counts, [r["seconds"] for r in results["rule_scaling"]])
    _save(args.json, results)
    results["pattern_costs"] = pattern_costs(rule_texts[:300])
    _save(args.json, results)
    print("memory", file=sys.stderr)
    growth = args.rss_docs or ([args.docs // 4, args.docs, args.docs * 4] if not args.quick else [500, 2000])
    results["rss_growth"] = rss_growth(growth, args.seed, args.jobs)
    _save(args.json, results)
    print(report(results))


def _save(path: Path | None, results: dict[str, Any]) -> None:
    if path is not None:
        path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
