"""What contentguard's HTML handling adds to trafilatura's own extraction time.

    python -m bench.html                 # 300 pages of each set, 3 rounds
    python -m bench.html --limit 0       # every page

One process, so the two do not compete for a core: for each page, trafilatura alone
(``trafilatura.extract(html_bytes, include_comments=False)``) and contentguard's HTML reader
(decoding, one lxml parse shared by the markup-signal scan and the same trafilatura
extraction, the signals, the block re-segmentation of short pages) run alternately,
``--rounds`` times; the fastest time of each is kept, which removes most of the noise of a
busy machine. Detection and cleaning are not part of this figure (see bench.quality).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time

from .quality import trafilatura_pages, wcxb_pages


def main(argv: list[str] | None = None) -> int:
    import trafilatura

    from contentguard.readers.html import HtmlExtractor

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=300, help="pages of each set (0: all)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    extractor = HtmlExtractor()
    rows = []
    for name, pages in (("wcxb", wcxb_pages), ("trafilatura", trafilatura_pages)):
        chosen = list(pages())
        chosen = chosen[: args.limit] if args.limit else chosen
        alone_total = ours_total = 0.0
        with_signals = 0
        for page in chosen:
            with gzip.open(page.html, "rb") as stream:
                raw = stream.read()
            alone = ours = float("inf")
            for _ in range(args.rounds):
                started = time.perf_counter()
                trafilatura.extract(raw, include_comments=False)
                alone = min(alone, time.perf_counter() - started)
                started = time.perf_counter()
                document = extractor.document(raw)
                ours = min(ours, time.perf_counter() - started)
            alone_total += alone
            ours_total += ours
            with_signals += bool(document.metadata["signals"])
        n = len(chosen)
        rows.append((name, n, 1000 * alone_total / n, 1000 * ours_total / n,
                     100 * (ours_total - alone_total) / alone_total, with_signals))
    print("| set | pages | trafilatura alone | contentguard HTML reader | added | pages with signals |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, n, alone_ms, ours_ms, added, signals in rows:
        print(f"| {name} | {n} | {alone_ms:.1f} ms | {ours_ms:.1f} ms | {added:+.1f}% | {signals} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
