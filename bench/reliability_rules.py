"""Reliability cases, hostile rule files and hostile pages: rule files that try to blow up the
loader, run code or backtrack forever; pages and file names that try to inject into every
output format.

The same cases, smaller, are tests/test_hostile_rules.py and tests/test_output_safety.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from bench.reliability_process import ARTICLE, RAW_CONTROL, Case, Outcome, contentguard, expect

RULE = "- id: paywall/hostile\n  category: paywall\n  message: m\n  {field}\n  examples: {{match: [x]}}\n"
LAUGHS = "a: &a [" + ", ".join(["lol"] * 9) + "]\n" + "".join(
    f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi")) + "rules: *i\n"


def with_rules(text: str, *needles: str, code: int = 2, limit: float = 300) -> Callable[[Path], Outcome]:
    """Scan a small page with rule file ``text``; it must exit ``code`` saying every needle, and
    whatever the file asks to run must not have run (no ``pwned`` file)."""
    def check(tmp: Path) -> Outcome:
        (tmp / "rules.yaml").write_text(text.replace("{marker}", str(tmp / "pwned")))
        (tmp / "page.txt").write_text("Story.\n" + "a" * 60 + "!\n")
        run = contentguard(["scan", "page.txt", "--rules", "rules.yaml"], tmp, limit=limit)
        outcome = expect(run, tmp, code, *needles)
        if (tmp / "pwned").exists():
            outcome.ok, outcome.happened = False, "CODE RAN: " + outcome.happened
        return outcome
    return check


def huge_rules(tmp: Path) -> Outcome:
    (tmp / "rules.yaml").write_text(RULE.format(field="phrases: [x]") * 60_000)
    (tmp / "page.txt").write_text("Story.\n")
    return expect(contentguard(["scan", "page.txt", "--rules", "rules.yaml"], tmp), tmp, 2,
                  "rule file is larger than 5,000,000 bytes")


def catastrophic(tmp: Path) -> Outcome:
    (tmp / "rules.yaml").write_text(
        "- id: paywall/backtracking\n  category: paywall\n  message: m\n  scope: span\n"
        "  patterns: ['(a+)+$', '(x+x+)+y', '(a|aa)+$', '(.*a){20}']\n  examples: {match: [aaa]}\n")
    (tmp / "page.txt").write_text("Story.\n" + "a" * 60 + "!\n" + "x" * 60 + "\n")
    run = contentguard(["scan", "page.txt", "--rules", "rules.yaml", "--select", "paywall/backtracking"], tmp,
                       limit=120)
    lines = run.err.splitlines()
    stopped = sum("timed out after 1.0s and was stopped" in line for line in lines)
    ok = run.code == 2 and stopped >= 1 and all("paywall/backtracking: pattern" in line for line in lines)
    return Outcome(f"exit {run.code}; {stopped} of 4 patterns stopped by the timeout, each line naming "
                   "paywall/backtracking; the regex module finishes the others itself", ok, run)


HOSTILE = ("Download the app \x1b[2J\x1b]8;;http://evil.example/\x07here\x1b]8;;\x07\x07 \u2028\n"
           "<script>alert(1)</script> Sign up to read this article\n"
           "Sign up to read this article &lt;b&gt; &amp;amp; \u202eelcitra\u202c\n")


def hostile_output(fmt: str) -> Callable[[Path], Outcome]:
    """Scan a hostile page with a hostile name in format ``fmt``: no raw control characters out."""
    def check(tmp: Path) -> Outcome:
        name = 'page "<b>",\x1b[1m:x.txt'
        (tmp / name).write_text(ARTICLE + HOSTILE + "::error file=a.txt::injected %0A\n")
        run = contentguard(["scan", name, "--format", fmt], tmp)
        allowed = {"\n", "\r", "\u2028", "\u2029"} if fmt == "html" else {"\n"}
        raw = sorted({f"U+{ord(c):04X}" for c in run.out if c in RAW_CONTROL and c not in allowed})
        parsed = True
        if fmt in ("json", "sarif"):
            try:
                json.loads(run.out)
            except ValueError:
                parsed = False
        scripts = run.out.count("<script>alert(1)</script>") if fmt == "html" else 0
        commands = [line for line in run.out.splitlines() if line.startswith("::")] if fmt == "github" else []
        ok = run.code == 1 and not run.err and parsed and not raw and not scripts and \
            (fmt != "github" or len(commands) == 3)
        return Outcome(f"exit {run.code}; raw control characters: {', '.join(raw) or 'none'}"
                       + ("" if parsed else "; NOT VALID JSON")
                       + ("; page markup only as text" if fmt == "html" and not scripts else "")
                       + (f"; {len(commands)} workflow commands for 3 findings" if fmt == "github" else ""), ok, run)
    return check


def cases(quick: bool) -> list[Case]:
    """The hostile-rule and output-safety cases (all small: ``quick`` changes nothing)."""
    rules = "hostile rules"
    return [
        Case(rules, "billion-laughs", "a YAML alias bomb (9^9 'lol's)", "exit 2 at load, no expansion",
             with_rules(LAUGHS, "YAML aliases (*name) are not allowed")),
        Case(rules, "python-tag", "!!python/object/apply:os.system ['touch pwned']", "exit 2; nothing runs",
             with_rules(RULE.format(field="message: !!python/object/apply:os.system ['touch {marker}']"),
                        "YAML tag '!!python/object/apply:os.system' is not allowed")),
        Case(rules, "deep-nesting", "options nested 900 levels deep", "exit 2 at load",
             with_rules(RULE.format(field="options: " + "{a: " * 900 + "1" + "}" * 900),
                        "nested more than 64 levels")),
        Case(rules, "huge-file", "a 6 MB rule file (60,000 rules)", "exit 2 at load", huge_rules),
        Case(rules, "unknown-key", "a rule with an unknown key", "exit 2, file:line: rule: key",
             with_rules(RULE.format(field="phrases: [x]\n  run: rm -rf /"),
                        "rules.yaml:5: paywall/hostile: run: unknown key")),
        Case(rules, "non-string-pattern", "patterns: [123, {a: b}]", "exit 2 at load",
             with_rules(RULE.format(field="patterns: [123, {a: b}]"), "rules.yaml:4: paywall/hostile: patterns.0")),
        Case(rules, "repeat-bomb", "pattern (?:(?:a{1000}){1000}){1000} (12 GB to compile)",
             "exit 2 at load, without compiling", with_rules(RULE.format(
                 field="patterns: ['(?:(?:a{1000}){1000}){1000}']"), "nested repeat counts multiply")),
        Case(rules, "catastrophic", "(a+)+$, (x+x+)+y, (a|aa)+$, (.*a){20} on 60-character lines",
             "stopped by the timeout, naming the rule", catastrophic),
        *(Case("output safety", f"hostile-{fmt}", "a page and file name with ESC [2J, OSC 8, BEL, <script>, "
               "entities, bidi overrides, ::error", expected, hostile_output(fmt))
          for fmt, expected in [("text", "no raw controls"), ("json", "valid JSON, no raw controls"),
                                ("sarif", "valid JSON, no raw controls"),
                                ("github", "one command per finding, no raw controls"),
                                ("html", "page markup only as text")]),
    ]
