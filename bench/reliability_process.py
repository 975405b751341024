"""Running one reliability case: a fresh child process under a hard wall-clock cap, its CPU
time and peak memory (``os.wait4``), and what a user would see of it.

Shared by the case modules of ``bench/reliability.py``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ARTICLE = "The council met on Tuesday to agree the budget for the new bridge over the river.\n"
PAGE = f"{ARTICLE}Download the app\n{ARTICLE}"
CLEANED = f"{ARTICLE}{ARTICLE}"
WORDS = ("council river budget school weather market police hospital minister festival station library "
         "harbour museum election bridge report village road water said new week year city plan").split()
# what must never reach a terminal raw: C0 (but tab, LF), DEL, C1, line separators, bidi controls
RAW_CONTROL = {chr(c) for c in [*range(9), *range(11, 32), *range(0x7F, 0xA0), 0x2028, 0x2029,
                                *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


@dataclass
class Run:
    """One finished child process: exit code (negative: killed by that signal), output, cost."""

    code: int
    out: str
    err: str
    wall: float
    cpu: float
    peak_mb: float
    capped: bool = False  # killed by the wall-clock cap


@dataclass
class Outcome:
    """What a case ended with: the line a user sees, whether it was the expected one, the run."""

    happened: str
    ok: bool
    run: Run | None = None


@dataclass
class Case:
    """One thing tried: ``check`` sets it up in an empty folder, runs it and judges the outcome."""

    area: str
    name: str
    tried: str
    expected: str
    check: Callable[[Path], Outcome]


def high_water_mb(pid: int) -> float:
    """A running process's resident-memory high-water mark (``VmHWM``) in MB; 0 when unknown.

    Read from /proc while the child runs, because ``ru_maxrss`` from ``wait4`` is no use here:
    Linux starts an exec'd child's count at its parent's own high-water mark, so every case
    after a big one would show the bench's memory instead of its own.
    """
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def run_child(argv: list[str], cwd: Path, *, limit: float = 600,
              interrupt: tuple[Callable[[], bool], int] | None = None, stdout: IO[bytes] | None = None) -> Run:
    """Run ``argv`` in ``cwd``, killed after ``limit`` seconds; with ``interrupt=(condition, signal)``
    the signal is sent as soon as ``condition()`` holds (polled every half millisecond); ``stdout``
    instead of capturing it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=stdout or out, stderr=err)
        sent = interrupt is None
        capped = False
        peak = 0.0
        while True:
            peak = max(peak, high_water_mb(child.pid))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if not sent and interrupt is not None and interrupt[0]():
                child.send_signal(interrupt[1])
                sent = True
            if not capped and time.monotonic() - started > limit:
                child.send_signal(signal.SIGKILL)
                capped = True
            time.sleep(0.0005 if not sent else 0.01)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Run(child.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   wall, usage.ru_utime + usage.ru_stime, peak or usage.ru_maxrss / 1024, capped)


def contentguard(args: list[str], cwd: Path, *, limit: float = 600,
                 interrupt: tuple[Callable[[], bool], int] | None = None, stdout: IO[bytes] | None = None) -> Run:
    """Run ``contentguard ARGS --no-plugins`` (the installed package, this interpreter) in ``cwd``."""
    return run_child([sys.executable, "-m", "contentguard", *args, "--no-plugins"], cwd, limit=limit,
                     interrupt=interrupt, stdout=stdout)


def first_line(run: Run, folder: Path) -> str:
    """The message a user sees (stderr's first line, else stdout's last), the temporary folder hidden."""
    if run.capped:
        return f"killed at the {run.wall:.0f} s cap: it did not finish"
    if run.err:
        line = run.err.splitlines()[0]
    else:
        line = (run.out.splitlines() or ["(no output)"])[-1]
    line = line.replace(str(folder) + "/", "").replace(str(folder), ".")
    return line if len(line) <= 150 else line[:149] + "…"


def expect(run: Run, folder: Path, code: int, *needles: str, ok: bool = True) -> Outcome:
    """The outcome of a run expected to exit ``code`` with every needle in its output, no traceback."""
    text = run.out + run.err
    passed = ok and run.code == code and all(n in text for n in needles) and "Traceback" not in text
    return Outcome(first_line(run, folder), passed, run)


def temporaries(folder: Path) -> list[Path]:
    """The atomic writer's temporary files in ``folder``."""
    return sorted(p for p in folder.iterdir() if p.name.endswith(".contentguard-tmp"))
