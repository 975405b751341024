"""The reliability battery: bad input, hostile rule files, crashes mid-write, hostile pages in
every output format, and fuzzing; what was tried, what happened, how long it took.

    python bench/reliability.py                              # print the report
    python bench/reliability.py --write docs/reliability.md  # regenerate the docs page
    python bench/reliability.py --quick                      # the big inputs a tenth of their size
    python bench/reliability.py --only one-long-line --only faults   # some cases (names or areas)

Each case runs ``contentguard`` (the package installed for this interpreter) in a fresh
process, as a user would, under a hard wall-clock cap; its CPU time and peak memory are the
child's own (``os.wait4``). The fuzzers run in-process with fixed seeds. Every input is
generated here; nothing is downloaded. The exit status is 1 when any case or fuzz target
ended otherwise than expected (the report is still written), else 0. The cases live in
bench/reliability_input.py, reliability_rules.py and reliability_faults.py; the fuzzers in
bench/reliability_fuzz.py; the prose of the page in bench/reliability_doc.py.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0] or ".").resolve() == ROOT / "bench":
    # run as a script: bench/ itself must not be on the path (bench/html.py would shadow the
    # standard library's html); the bench.* and tests.* modules are found from the root
    sys.path[0] = str(ROOT)
elif str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import reliability_faults, reliability_input, reliability_rules
from bench.reliability_doc import GUARANTEES, INTRO
from bench.reliability_fuzz import FUZZERS, FuzzResult, run_fuzzers
from bench.reliability_process import Case, Outcome


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def all_cases(quick: bool) -> list[Case]:
    return [*reliability_input.cases(quick), *reliability_rules.cases(quick), *reliability_faults.cases(quick)]


def run_cases(selected: list[Case]) -> list[tuple[Case, Outcome]]:
    """Run each case in a fresh empty folder; a case that breaks is a result, not a crash."""
    results = []
    for case in selected:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                outcome = case.check(Path(tmp))
            except Exception as error:  # noqa: BLE001 - a broken case is a result too
                outcome = Outcome(f"the case itself failed: {type(error).__name__}: {error}", False)
        results.append((case, outcome))
        log(f"{case.area:14} {case.name:20} {'ok' if outcome.ok else 'NOT AS EXPECTED':15} {outcome.happened}")
    return results


def cell(text: str) -> str:
    """Text as a Markdown table cell: pipes, emphasis and page markup shown as written."""
    for char, escaped in (("&", "&amp;"), ("|", "\\|"), ("*", "\\*"), ("_", "\\_"), ("<", "&lt;"), (">", "&gt;"),
                          ("\n", " ")):
        text = text.replace(char, escaped)
    return text


def case_table(results: list[tuple[Case, Outcome]]) -> list[str]:
    lines = ["| area | case | what was tried | expected | what happened | exit | wall s | CPU s | peak MB | as expected |",
             "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | :---: |"]
    for case, outcome in results:
        run = outcome.run
        numbers = f"{run.code} | {run.wall:.1f} | {run.cpu:.1f} | {run.peak_mb:.0f}" if run else "– | – | – | –"
        lines.append(f"| {case.area} | `{case.name}` | {cell(case.tried)} | {cell(case.expected)} | "
                     f"{cell(outcome.happened)} | {numbers} | {'yes' if outcome.ok else '**NO**'} |")
    return lines


def fuzz_table(results: list[FuzzResult]) -> list[str]:
    lines = ["| target | inputs | what was generated | expected | how the inputs ended | wall s | as expected |",
             "| --- | ---: | --- | --- | --- | ---: | :---: |"]
    for result in results:
        counts = ", ".join(f"{key}: {value:,}" for key, value in sorted(result.counts.items()))
        lines.append(f"| {result.fuzzer.name} | {result.examples:,} | {cell(result.fuzzer.generated)} | "
                     f"{cell(result.fuzzer.expected)} | {cell(counts)} | {result.seconds:.0f} | "
                     f"{'yes' if result.ok else '**NO**'} |")
    return lines


def report(results: list[tuple[Case, Outcome]], fuzzed: list[FuzzResult], quick: bool, only: list[str],
           seconds: float, load: float) -> str:
    """The Markdown page: the introduction, the run's headline, both tables, the guarantees."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "src"], cwd=ROOT,
                           capture_output=True, text=True, check=False).stdout.strip()
    failed = [case.name for case, outcome in results if not outcome.ok] + \
        [result.fuzzer.name for result in fuzzed if not result.ok]
    inputs = sum(result.examples for result in fuzzed)
    summary = (f"**{len(results) - sum(not o.ok for _, o in results)} of {len(results)} cases**"
               + (f" and **{len(fuzzed) - sum(not r.ok for r in fuzzed)} of {len(fuzzed)} fuzz targets** "
                  f"({inputs:,} generated inputs)" if fuzzed else "") + " ended as expected"
               + (f"; not as expected: {', '.join(failed)}" if failed else "") + ".")
    size = ("**Sizes: `--quick`** (the big pages a tenth of full size, the fault files half, the fuzzers a "
            "fifth of their inputs); the table's 'what was tried' column gives the size measured."
            if quick else "Sizes: full (the table's 'what was tried' column gives each size).")
    lines = [
        INTRO,
        f"Run on {datetime.date.today()} at commit `{commit}`{' (with uncommitted changes in src/)' if dirty else ''}"
        f" on {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, as "
        f"{'root' if os.geteuid() == 0 else 'an ordinary user'}; {seconds:.0f} s in all; load average "
        f"{load:.1f} at the start and {os.getloadavg()[0]:.1f} at the end (times grow with other work on "
        "the machine, CPU time and memory much less)"
        + (f"; only {', '.join(only)}" if only else "") + f". {size}",
        "",
        summary,
        "",
        "## Cases",
        "",
        ("Each case is a fresh `contentguard … --no-plugins` process in an empty folder (its path shown as `.`); "
        "*exit* is its exit status (−9: killed by SIGKILL), *wall s* its wall-clock time, *CPU s* and "
        "*peak MB* its own user+system time and resident-memory high-water mark (`VmHWM`, read every 10 ms "
        "while it runs). A case is as expected only if the "
        "exit status, the message, the files left behind and (for the big pages) the time and memory caps "
        "all are."),
        "",
        *case_table(results),
        "",
    ]
    if fuzzed:
        lines += ["## Fuzzing", "",
                  ("In-process, with hypothesis's fixed (derandomized) seeds, so a rerun tries the same inputs. "
                  "'other: …' would be an exception that is not the one-line error a user is meant to see; "
                  "'VIOLATED: …' an invariant that broke."), "", *fuzz_table(fuzzed), ""]
    lines.append(GUARANTEES)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, help="Write the report (Markdown) to this file instead of stdout.")
    parser.add_argument("--quick", action="store_true",
                        help="The big pages a tenth of their size, the fault files half, the fuzzers a fifth.")
    parser.add_argument("--only", action="append", default=[],
                        help="A case name, an area, 'fuzz' or a fuzz target (repeatable).")
    args = parser.parse_args()
    cases = all_cases(args.quick)
    selected = [c for c in cases if not args.only or c.name in args.only or c.area in args.only]
    fuzzers = [f for f in FUZZERS if not args.only or "fuzz" in args.only or f.name in args.only]
    known = {c.name for c in cases} | {c.area for c in cases} | {"fuzz"} | {f.name for f in FUZZERS}
    if unknown := [o for o in args.only if o not in known]:
        parser.error(f"unknown case or area: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    started, load = time.monotonic(), os.getloadavg()[0]
    results = run_cases(selected)
    fuzzed = run_fuzzers(fuzzers, args.quick, log)
    text = report(results, fuzzed, args.quick, args.only, time.monotonic() - started, load)
    if args.write:
        args.write.write_text(text)
        log(f"wrote {args.write}")
    else:
        print(text)
    sys.exit(1 if any(not o.ok for _, o in results) or any(not r.ok for r in fuzzed) else 0)


if __name__ == "__main__":
    main()
