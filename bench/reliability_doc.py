"""The prose of docs/reliability.md around the measured tables: how to regenerate the page, and
what each area guarantees, with links to the tests that hold it. The limits quoted are read
from the code, so a regenerated page states the values in force."""

from __future__ import annotations

from contentguard.detectors.phrase import LONG_LINE, PATTERN_TIMEOUT, TIMEOUT_CHARS
from contentguard.inputs import BINARY_SNIFF
from contentguard.rules import MAX_NESTING, MAX_PATTERN_WEIGHT, MAX_RULE_FILE_BYTES

TESTS = "../tests"

INTRO = f"""\
# Reliability: what was tried and what happened

Bad input, hostile rule files, crashes in the middle of a write, hostile pages in every output
format, and fuzzing: each case below was run as a user would run it, and the table says what
happened. Regenerate this page with

    python bench/reliability.py --write docs/reliability.md          # full sizes, 7-10 minutes
    python bench/reliability.py --quick --write docs/reliability.md  # big inputs a tenth the size

(`python -m bench.reliability` works too; `--only NAME` runs one case or area). The command
exits 1 when any case ended otherwise than expected, so it can gate a release. The same cases,
smaller and deterministic, run on every test run: [test_bad_input.py]({TESTS}/test_bad_input.py),
[test_hostile_rules.py]({TESTS}/test_hostile_rules.py),
[test_fault_injection.py]({TESTS}/test_fault_injection.py),
[test_output_safety.py]({TESTS}/test_output_safety.py) and [test_fuzz.py]({TESTS}/test_fuzz.py)
(with the page-like strategies in [strategies.py]({TESTS}/strategies.py)).
"""

GUARANTEES = f"""\
## What is guaranteed

### Errors are one line, with an exit code

Every error a user can cause — a bad file, a bad option, a bad rule file, a failed write — is
one line on stderr, `contentguard: error: …`, naming the file (and the byte offset, record line
or rule file line where there is one), and the run exits 2; never a traceback. `scan` exits 0
when nothing at or above `--fail-on` was found and 1 when something was; `fix` exits 1 when it
changed a file; Ctrl-C exits 130 with `contentguard: interrupted`; output that cannot be written
(`contentguard clean page.txt > /dev/full`) is `cannot write the output: No space left on
device`, exit 2; a closed pipe (`| head`) ends the run quietly. Tests:
[test_bad_input.py]({TESTS}/test_bad_input.py), [test_hostile_rules.py]({TESTS}/test_hostile_rules.py),
[test_fault_injection.py]({TESTS}/test_fault_injection.py).

### Bad input

- **Encodings.** Input is UTF-8 unless a byte-order mark says UTF-8, UTF-16 or UTF-32 (either
  byte order); invalid bytes are an error naming the file and the byte offset, with the way
  out: `--encoding latin-1`, or `--errors replace` to keep going. `fix` writes a file back in
  its own codec, with its BOM and its line endings (CRLF, LF or CR), or refuses to rewrite it
  when its bytes would not round-trip.
- **Binary files** (a NUL byte in the first {BINARY_SNIFF:,} bytes and no UTF-16/32 BOM): named on the
  command line, an error; met in a folder walk, a one-line notice (`skipped, binary file`) and
  the walk goes on. A NUL further in is just a character.
- **Empty files** are documents with nothing in them (exit 0); an empty JSONL file holds no records.
- **JSONL corpora.** A malformed line, a record that is not an object, one without the text
  field (`--text-field` names another) or with a non-string one, or JSON nested too deeply, is
  an error with the file and line number. `--skip-bad-records` skips each with a notice and
  ends with `skipped N bad record(s)`; the good records are cleaned and written. Records
  round-trip exactly, lone surrogates (`"\\ud83d"`) included. A `.gz` cut short is an error
  after the records before the cut (a notice in a walk).
- **HTML** deeply nested or broken is parsed, never a crash: misnested tags, unclosed comments
  and scripts still give their text. A page nested deeper than libxml2's default 256 levels
  (which parses to an empty body) is read again with its huge-tree option, good to 2,048
  levels; past that it yields no text (`No findings`, not a failure). `fix` works on the
  HTML source and removes a line only when the tags opened on it close on it and it holds a
  single block of text: a page minified onto one line is refused (`not fixed: this line holds
  more blocks of text than the boilerplate`), never emptied.
- **Folders.** Symlink loops are walked once (`skipped, a symlink loop`), unreadable files are
  a notice in a walk and an error when named, FIFOs and other special files in a walk are not
  opened (a FIFO named on the command line is read, like `<(…)`), dangling links and folders
  named like files are passed over, and hidden and VCS folders are not walked.
- **Big pages** finish in bounded time and memory: a 50 MB page on one line and a page of a
  million short lines are in the table with their time and peak memory (with `--quick`, a
  tenth of that). Lines longer than
  {LONG_LINE:,} characters (and than a rule's `max_line_chars`) are not searched by line-scope
  rules, which could never keep a hit there.

### Hostile rule files

Rule files are data and can never run code: they are parsed into YAML nodes, and any tag other
than plain data (`!!python/object/apply:…`, `!custom`, `!!binary`, merge keys) is refused before
anything is constructed. Aliases are refused before they expand (an alias bomb costs nothing),
as are files over {MAX_RULE_FILE_BYTES:,} bytes, nesting deeper than {MAX_NESTING} levels, unknown keys,
non-string patterns, invalid expressions and patterns whose nested repeat counts multiply to
more than {MAX_PATTERN_WEIGHT:,} (compiling them would take gigabytes). Each refusal is one line,
`FILE:LINE: what is wrong` (with the rule id and field when it is inside a rule), exit 2, at
load — before any page is read.

A pattern that backtracks catastrophically on a page (`(a+)+$`) is stopped by a timeout of
{PATTERN_TIMEOUT:.0f} s per document, or {PATTERN_TIMEOUT:.0f} s per {TIMEOUT_CHARS:,} characters of a longer one (a linear
pattern needs more than a second on a 30 MB page, which is no reason to call it runaway). The
message names the file, the rule and the pattern; the other rules' findings are still reported
and the run exits 2. Tests: [test_hostile_rules.py]({TESTS}/test_hostile_rules.py).

### Writing files: `fix` and `-o`

- **Atomic.** Every write (`fix`, `clean -o`, `scan -o`) goes to `.NAME.XXXXXXXX.contentguard-tmp`
  beside the target, is fsynced, then renamed over it, so the target is always the old file or
  the new one, whole: a full disk, a read-only filesystem, a failed rename or Ctrl-C leaves
  the original as it was and removes the temporary file, with a one-line error.
- **Temporaries and sweeping.** SIGKILL cannot be caught, so a killed run leaves its temporary
  file (the original is still intact). The writer holds an exclusive `flock` on it while
  writing, which the kernel drops when the process dies; the next write into that folder
  deletes every `*.contentguard-tmp` nobody holds a lock on (a live writer's file is left
  alone), and folder walks never read such files, whatever `--input-format` says. A killed run
  that is never followed by another write there leaves the file: delete it by hand.
- **Read-only files** (no write bit) are refused — `cannot write: the file is read-only` —
  even for root, whom the permission bits would not stop.
- **Modes, links, devices.** A rewritten file keeps its mode and (where allowed) owner; a new
  one gets the umask's mode. A symlink is written through (the link stays a link). Devices and
  pipes (`-o /dev/null`, a FIFO) are written directly, never replaced.

Tests: [test_fault_injection.py]({TESTS}/test_fault_injection.py) stops the CLI at its fsync (the
file written, not yet renamed) and SIGKILLs it there, and simulates a full disk with
`/dev/full` and with ENOSPC from fsync; the table above sends the signals to a real write of a
large file.

### Output safety

A page or a file name holding `<script>`, HTML entities, terminal escape sequences (CSI, OSC 8
hyperlinks, BEL), bidi overrides or GitHub workflow commands cannot inject into any output:
terminal text, stderr messages, GitHub annotations and the HTML report show control characters
and bidi overrides as U+FFFD; JSON, JSONL and SARIF keep them as `\\uXXXX` escapes (DEL, C1,
U+2028/2029 and lone surrogates too), so a consumer gets the page's exact text; the HTML report
escapes all page text, carries a Content-Security-Policy, and runs only its own script. Tests:
[test_output_safety.py]({TESTS}/test_output_safety.py).

### Fuzzing

Hypothesis strategies generate page-like text (mixed scripts, emoji, combining marks, CRLF,
very long lines, boilerplate the rules find) for the normaliser's offset map and the scan and
clean invariants, and mutate rule files and input files for the loader and every reader:
each input gives rules or documents, or the one-line error, never another exception. The
suite runs a bounded number of examples on every run (CI included); the table above runs more.
Tests: [test_fuzz.py]({TESTS}/test_fuzz.py), [strategies.py]({TESTS}/strategies.py).
"""
