"""Reliability fuzzing: the rule loader, the readers, and the scan and clean invariants, run
in-process with fixed seeds and counted by how each input ended.

The strategies and mutators are those of tests/strategies.py and tests/test_fuzz.py, which run
the same fuzzers with fewer examples on every test run.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Fuzzer:
    """One fuzz target: what it generates, what must hold, and how many inputs a full run tries."""

    name: str
    generated: str
    expected: str
    run: Callable[[int], Counter[str]]
    examples: int


@dataclass
class FuzzResult:
    fuzzer: Fuzzer
    examples: int
    counts: Counter[str]
    seconds: float

    @property
    def ok(self) -> bool:
        """No input ended in an unexpected exception or broke an invariant."""
        return not any(key.startswith(("other:", "VIOLATED")) for key in self.counts)


def _settings(examples: int):  # type: ignore[no-untyped-def]
    from hypothesis import HealthCheck, settings

    return settings(max_examples=examples, database=None, derandomize=True, deadline=None,
                    suppress_health_check=list(HealthCheck))


def fuzz_rules(examples: int) -> Counter[str]:
    from hypothesis import given
    from hypothesis import strategies as st

    from contentguard.errors import RuleError
    from contentguard.rules import parse_rules
    from tests.test_fuzz import mutated_rules

    counts: Counter[str] = Counter()

    @_settings(examples)
    @given(st.one_of(mutated_rules(), mutated_rules(), st.text(max_size=300)))
    def run(text: str) -> None:
        try:
            parse_rules(text, "fuzz.yaml")
            counts["loaded"] += 1
        except RuleError as error:
            one_line = str(error).startswith("fuzz.yaml") and "\n" not in str(error).rstrip("\n")
            counts["RuleError" if one_line else "VIOLATED: one-line RuleError"] += 1
        except Exception as error:  # noqa: BLE001 - this is what the fuzzer counts
            counts[f"other: {type(error).__name__}"] += 1

    run()
    return +counts


def fuzz_readers(examples: int) -> Counter[str]:
    from hypothesis import given
    from hypothesis import strategies as st

    from contentguard.errors import ContentGuardError
    from contentguard.inputs import Inputs
    from contentguard.plugins import get_plugin_manager
    from contentguard.reader import ReadOptions
    from tests.test_fuzz import READER_SEEDS, mutated_input

    counts: Counter[str] = Counter()
    readers = get_plugin_manager(load_entry_points=False).readers()

    with tempfile.TemporaryDirectory() as folder:
        @_settings(examples)
        @given(st.one_of(mutated_input(), st.tuples(st.sampled_from(sorted(READER_SEEDS)), st.binary(max_size=400))),
               st.booleans())
        def run(case: tuple[str, bytes], skip: bool) -> None:
            name, data = case
            (Path(folder) / name).write_bytes(data)
            try:
                list(Inputs(readers, ReadOptions(skip_bad_records=skip)).read(Path(folder) / name, named=True))
                counts["read"] += 1
            except ContentGuardError as error:
                counts["InputError" if "\n" not in str(error) else "VIOLATED: one-line InputError"] += 1
            except Exception as error:  # noqa: BLE001
                counts[f"other: {type(error).__name__}"] += 1

        run()
    return +counts


def fuzz_invariants(examples: int) -> Counter[str]:
    from hypothesis import given

    from contentguard.api import Scanner
    from contentguard.normalize import Normalized
    from tests.strategies import page_text

    scanner = Scanner(load_entry_points=False)
    counts: Counter[str] = Counter()

    @_settings(examples)
    @given(page_text())
    def run(text: str) -> None:
        norm = Normalized.of(text)
        spans = [norm.to_original(k, k + 1) for k, char in enumerate(norm.text) if char == "\n"]
        newlines_ok = spans == [(k, k + 1) for k, char in enumerate(text) if char == "\n"]
        report = scanner.scan(text, with_cleaned=True)
        findings_ok = all(text[f.start:f.end] == f.text and f.line == text.count("\n", 0, f.start) + 1
                          for f in report.findings)
        cleaned = report.cleaned or ""
        it = iter(text)
        clean_ok = all(c in it for c in cleaned) and scanner.clean(cleaned) == cleaned \
            and bool(report.findings or cleaned == text)
        counts["findings"] += len(report.findings)
        counts["pages with findings"] += bool(report.findings)
        for name, ok in (("offset map", newlines_ok), ("finding text/line", findings_ok), ("clean", clean_ok)):
            if not ok:
                counts[f"VIOLATED: {name}"] += 1

    run()
    return +counts


FUZZERS = [
    Fuzzer("rule loader", "mutated rule files (cuts, YAML syntax, tags, aliases, huge numbers) and random text",
           "rules or a one-line RuleError", fuzz_rules, 3000),
    Fuzzer("readers", "mutated and random bytes as .txt, .md, .html, .jsonl and .txt.gz, --skip-bad-records on/off",
           "documents or a one-line InputError", fuzz_readers, 1500),
    Fuzzer("scan and clean", "page-like text: mixed scripts, emoji, combining marks, CRLF/CR, long lines, "
           "boilerplate", "offsets, lines and cleaning invariants hold", fuzz_invariants, 500),
]


def run_fuzzers(selected: list[Fuzzer], quick: bool, log: Callable[[str], None]) -> list[FuzzResult]:
    """Run each fuzzer (a fifth of its examples when ``quick``), logging a line per target."""
    results = []
    for fuzzer in selected:
        examples = fuzzer.examples // 5 if quick else fuzzer.examples
        started = time.monotonic()
        try:
            counts = fuzzer.run(examples)
        except Exception as error:  # noqa: BLE001 - hypothesis re-raises a failing example: a result too
            counts = Counter({f"other: {type(error).__name__} (hypothesis stopped)": 1})
        result = FuzzResult(fuzzer, examples, counts, time.monotonic() - started)
        log(f"{'fuzz':14} {fuzzer.name:20} {'ok' if result.ok else 'NOT AS EXPECTED':15} "
            + ", ".join(f"{key}: {value:,}" for key, value in sorted(counts.items())))
        results.append(result)
    return results
