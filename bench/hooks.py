"""Hook speed: what a pre-commit run of contentguard costs.

    python bench/hooks.py                    # print the table
    python bench/hooks.py --write docs/hooks-benchmark.md   # replace the tables in the page

Measures, each as the median of several runs of the installed ``contentguard`` command
in a fresh process (a cold start, as pre-commit runs it):

* ``scan`` and ``fix`` of one small Markdown file;
* ``scan`` and ``fix --diff`` of 500 generated Markdown files in one call (pre-commit
  passes many files per call);
* where the cold start goes: interpreter + imports, building the Scanner (loading and
  compiling the rule packs), and scanning.

Every run loads the installed plugins (contentguard-pii, contentguard-profanity when they
are installed), as a hook does. A hook runs from a pip-installed environment, which has
byte-compiled its modules and, after its first run, contentguard's cache folder (pattern
analysis, validated rule files): the benchmark runs the commands so, with bytecode written
to a temporary ``PYTHONPYCACHEPREFIX`` and a temporary ``CONTENTGUARD_CACHE_DIR`` filled by
one warm-up run. Two rows show what is left out that way: the very first run (an empty
cache folder) and a run without bytecode (``PYTHONDONTWRITEBYTECODE=1``, as an editable
install in an environment that sets it).

The pages are generated here (deterministic, invented text); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ["council", "bridge", "river", "budget", "summer", "vote", "residents", "repair", "road", "school", "library", "market", "harbour", "festival", "weather", "museum", "station", "garden", "report", "season", "players", "coach", "match", "score"]
BOILERPLATE = ["Sign up to read this article", "Download the app", "Already a member? Sign in here",
               "Fourteen days free", "Related Stories", "Subscribe to continue reading"]


FUNCTION_WORDS = ["the", "and", "of", "to", "that", "for", "with", "was", "by", "from", "at", "their", "has", "not"]


def sentence(rng: random.Random, words: int) -> str:
    """Invented prose: content words with English function words between them, as in real
    articles (pages of content words alone read as no language, and get every language's rules)."""
    chosen = [rng.choice(WORDS) if i % 2 == 0 or rng.random() < 0.4 else rng.choice(FUNCTION_WORDS)
              for i in range(words)]
    text = " ".join(chosen)
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


def hook_env(root: Path, *, cache: Path | None = None, bytecode: bool = True) -> dict[str, str]:
    """The environment of an installed hook: bytecode and cache folders inside ``root``."""
    env = {k: v for k, v in os.environ.items() if k not in ("CONTENTGUARD_NO_CACHE", "PYTHONDONTWRITEBYTECODE")}
    env["CONTENTGUARD_CACHE_DIR"] = str(cache or root / "cache")
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    if not bytecode:  # modules without a __pycache__ of their own (an editable install) compile each run
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        del env["PYTHONPYCACHEPREFIX"]
    return env


def timed(command: list[str], cwd: Path, runs: int, env: dict[str, str] | None = None,
          fresh_cache: bool = False) -> tuple[float, float, int]:
    """Median wall time and median CPU time (user + system of the child) of ``runs`` runs.

    ``fresh_cache`` gives every run an empty ``CONTENTGUARD_CACHE_DIR`` (a first run).
    """
    walls, cpus = [], []
    code = 0
    for run in range(runs):
        run_env = dict(env or os.environ)
        if fresh_cache:
            run_env["CONTENTGUARD_CACHE_DIR"] = str(cwd / f"fresh-cache-{run}")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        code = subprocess.run(command, cwd=cwd, capture_output=True, env=run_env, check=False).returncode
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus), code


def stage_times(runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median CPU seconds of each stage of a cold start, measured inside the process."""
    script = (
        "import time; t0 = time.process_time()\n"
        "import contentguard.cli\n"
        "t1 = time.process_time()\n"
        "from contentguard.api import Scanner\n"
        "from contentguard.models import Document\n"
        "s = Scanner()\n"
        "t2 = time.process_time()\n"
        "s.scan(Document(text='Intro.\\n\\nSign up to read this article\\n', path='a.md', format='markdown'))\n"
        "t3 = time.process_time()\n"
        "print(t0, t1 - t0, t2 - t1, t3 - t2, len(s.rules))\n"
    )
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                             env=env).stdout
        rows.append([float(x) for x in out.split()])
    return {"start": statistics.median(r[0] for r in rows), "imports": statistics.median(r[1] for r in rows),
            "scanner": statistics.median(r[2] for r in rows), "scan": statistics.median(r[3] for r in rows),
            "rules": rows[0][4]}


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
        env = hook_env(root)
        opts = ["--isolated"]
        loads = [os.getloadavg()[0]]
        subprocess.run([binary, "scan", "small.md", *opts], cwd=root, capture_output=True, env=env, check=False)  # warm-up
        many_runs = max(1, args.runs // 2)
        rows = [
            ("scan, 1 small file (cold start)", *timed([binary, "scan", "small.md", *opts], root, args.runs, env)),
            ("fix --diff, 1 small file (cold start)",
             *timed([binary, "fix", "--diff", "small.md", *opts], root, args.runs, env)),
            ("scan, 1 small file, first run (empty cache folder)",
             *timed([binary, "scan", "small.md", *opts], root, args.runs, env, fresh_cache=True)),
            ("scan, 1 small file, no bytecode (`PYTHONDONTWRITEBYTECODE=1`)",
             *timed([binary, "scan", "small.md", *opts], root, args.runs, hook_env(root, bytecode=False))),
            ("scan, 1 small file, `--no-plugins`",
             *timed([binary, "scan", "small.md", *opts, "--no-plugins"], root, args.runs, env)),
            ("scan, 1 small file, `languages = [\"en\"]`",
             *timed([binary, "scan", "small.md", *opts, "--language", "en"], root, args.runs, env)),
            (f"scan, {args.files} Markdown files, one call",
             *timed([binary, "scan", "many", *opts], root, many_runs, env)),
            (f"fix --diff, {args.files} Markdown files, one call",
             *timed([binary, "fix", "--diff", "many", *opts], root, many_runs, env)),
            (f"scan, {args.files} Markdown files, one call, `languages = [\"en\"]`",
             *timed([binary, "scan", "many", *opts, "--language", "en"], root, many_runs, env)),
            (f"fix --diff, {args.files} Markdown files, one call, `languages = [\"en\"]`",
             *timed([binary, "fix", "--diff", "many", *opts, "--language", "en"], root, many_runs, env)),
        ]
        stages = stage_times(args.runs, env)
        loads.append(os.getloadavg()[0])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(__file__).parent, check=False).stdout.strip() or "unknown"
    lines = [
        (f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
         f"{platform.python_version()}, one process per call, installed plugins loaded; load average "
         f"{loads[0]:.1f} at the start of the run and {loads[1]:.1f} at the end (CPU time is the fairer "
         f"figure on a busy machine). Medians of {args.runs} runs ({args.files}-file rows: {many_runs}); "
         f"{args.files} generated pages, {size / 1e6:.1f} MB; {int(stages['rules'])} rules loaded; "
         f"commit `{commit}`."),
        "",
        "| what | wall time (s) | CPU time (s) | exit |",
        "| --- | ---: | ---: | ---: |",
        *(f"| {what} | {wall:.2f} | {cpu:.2f} | {code} |" for what, wall, cpu, code in rows),
        "",
        "Where a cold start goes (median CPU seconds inside the process; `python -c` of the stages):",
        "",
        "| interpreter start | imports | build Scanner (plugins, load + compile rules) | scan one small page |",
        "| ---: | ---: | ---: | ---: |",
        f"| {stages['start']:.2f} | {stages['imports']:.2f} | {stages['scanner']:.2f} | {stages['scan']:.2f} |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write(args.write, text)


BEGIN, END = "<!-- bench/hooks.py: begin -->", "<!-- bench/hooks.py: end -->"


def write(path: Path, text: str) -> None:
    """Put the tables between the markers in ``path``, keeping the prose around them."""
    block = f"{BEGIN}\n{text}{END}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        new = head + block + ("\n" + tail if tail else "")
    else:
        new = ("# Hook speed\n\nRegenerate with `python bench/hooks.py --write docs/hooks-benchmark.md`"
               " (see bench/hooks.py for what is measured).\n\n" + block)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
