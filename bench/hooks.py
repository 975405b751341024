"""Hook speed: what a pre-commit run of contentguard costs.

    python bench/hooks.py                    # print the table
    python bench/hooks.py --write docs/hooks-benchmark.md

Measures, each as the median of several runs of the installed ``contentguard`` command
in a fresh process (a cold start, as pre-commit runs it):

* ``scan`` and ``fix`` of one small Markdown file;
* ``scan`` and ``fix --diff`` of 500 generated Markdown files in one call (pre-commit
  passes many files per call);
* where the cold start goes: interpreter + imports, building the Scanner (loading and
  compiling the rule packs), and scanning.

The pages are generated here (deterministic, invented text); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("council bridge river budget summer vote residents repair road school library market harbour "
         "festival weather museum station garden report season players coach match score").split()
BOILERPLATE = ["Sign up to read this article", "Download the app", "Already a member? Sign in here",
               "Fourteen days free", "Related Stories", "Subscribe to continue reading"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def page(rng: random.Random, n: int) -> str:
    parts = [f"---\ntitle: Post {n}\ntags: [news]\n---\n", f"# {sentence(rng, 5)[:-1]}\n"]
    for i in range(rng.randint(6, 12)):
        parts.append(" ".join(sentence(rng, rng.randint(12, 24)) for _ in range(rng.randint(2, 4))) + "\n")
        if i % 4 == 1:
            parts.append(f"- **{sentence(rng, 4)[:-1]}** and [a link](https://example.com/{n}/{i})\n")
        if i == 3:
            parts.append("```python\nprint('Sign up to read this article')\n```\n")
        if rng.random() < 0.15:
            parts.append(rng.choice(BOILERPLATE) + "\n")
    return "\n".join(parts)


def timed(command: list[str], cwd: Path, runs: int) -> tuple[float, float, int]:
    """Median wall time and median CPU time (user + system of the child) of ``runs`` runs."""
    walls, cpus = [], []
    code = 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        code = subprocess.run(command, cwd=cwd, capture_output=True).returncode
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus), code


def stage_times(runs: int) -> dict[str, float]:
    script = (
        "import time; t0 = time.perf_counter()\n"
        "import contentguard.cli\n"
        "t1 = time.perf_counter()\n"
        "from contentguard.api import Scanner\n"
        "from contentguard.models import Document\n"
        "s = Scanner(load_entry_points=False)\n"
        "t2 = time.perf_counter()\n"
        "s.scan(Document(text='Intro.\\n\\nSign up to read this article\\n', path='a.md', format='markdown'))\n"
        "t3 = time.perf_counter()\n"
        "print(t1 - t0, t2 - t1, t3 - t2, len(s.rules))\n"
    )
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
        rows.append([float(x) for x in out.split()])
    return {"imports": statistics.median(r[0] for r in rows), "scanner": statistics.median(r[1] for r in rows),
            "scan": statistics.median(r[2] for r in rows), "rules": rows[0][3]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", type=Path, help="Write the results as Markdown to this file.")
    args = parser.parse_args()
    binary = shutil.which("contentguard", path=str(Path(sys.executable).parent)) or shutil.which("contentguard")
    if binary is None:
        sys.exit("contentguard is not installed in this environment")
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        small = root / "small.md"
        small.write_text("# Note\n\nThe council met on Tuesday and voted to repair the bridge.\n\n"
                         "Sign up to read this article\n")
        many = root / "many"
        many.mkdir()
        size = 0
        for n in range(args.files):
            text = page(rng, n)
            size += len(text.encode())
            (many / f"post-{n:03d}.md").write_text(text)
        opts = ["--isolated", "--no-plugins"]
        rows = [
            ("scan, 1 small file (cold start)", *timed([binary, "scan", "small.md", *opts], root, args.runs)),
            ("fix, 1 small file (cold start)", *timed([binary, "fix", "--diff", "small.md", *opts], root, args.runs)),
            (f"scan, {args.files} Markdown files, one call", *timed([binary, "scan", "many", *opts], root,
                                                                     max(1, args.runs // 2))),
            (f"fix --diff, {args.files} Markdown files, one call",
             *timed([binary, "fix", "--diff", "many", *opts], root, max(1, args.runs // 2))),
            ("scan, 1 small file, `languages = [\"en\"]`",
             *timed([binary, "scan", "small.md", *opts, "--language", "en"], root, args.runs)),
            (f"scan, {args.files} Markdown files, one call, `languages = [\"en\"]`",
             *timed([binary, "scan", "many", *opts, "--language", "en"], root, max(1, args.runs // 2))),
            (f"fix --diff, {args.files} Markdown files, one call, `languages = [\"en\"]`",
             *timed([binary, "fix", "--diff", "many", *opts, "--language", "en"], root, max(1, args.runs // 2))),
        ]
        stages = stage_times(args.runs)
    load = os.getloadavg()[0]
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, one process per call; load average {load:.1f} at the end of the run "
        f"(CPU time is the fairer figure on a busy machine). Medians of {args.runs} runs "
        f"({args.files}-file rows: {max(1, args.runs // 2)}); {args.files} generated pages, {size / 1e6:.1f} MB; "
        f"{int(stages['rules'])} rules loaded.",
        "",
        "| what | wall time (s) | CPU time (s) | exit |",
        "| --- | ---: | ---: | ---: |",
        *(f"| {what} | {wall:.2f} | {cpu:.2f} | {code} |" for what, wall, cpu, code in rows),
        "",
        "Where a cold start goes (median, seconds):",
        "",
        "| imports | build Scanner (load + compile rules) | scan one small page |",
        "| ---: | ---: | ---: |",
        f"| {stages['imports']:.2f} | {stages['scanner']:.2f} | {stages['scan']:.3f} |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text("# Hook speed\n\nRegenerate with `python bench/hooks.py --write docs/hooks-benchmark.md`"
                              " (see bench/hooks.py for what is measured).\n\n" + text)


if __name__ == "__main__":
    main()
