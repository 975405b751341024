"""Reliability cases, faults while writing (``fix`` and ``-o``): SIGKILL and Ctrl-C mid-write, a
full disk, a read-only file, a pipe as the output. The original must be intact every time and
no temporary file may outlive the next run.

Faults are real where the machine allows: the signals are sent to the running process as soon
as its temporary file has bytes in it; the full disk is a 64 KB tmpfs when this process may
mount one, else ENOSPC injected into fsync (the table says which). The same cases, made
deterministic, are tests/test_fault_injection.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from bench.reliability_process import (ARTICLE, CLEANED, PAGE, Case, Outcome, contentguard, expect, first_line,
                                       run_child, temporaries)

AREA = "faults"


def corpus(tmp: Path, records: int) -> Path:
    """A JSONL corpus of ``records`` pages, each with an app promo and a paywall line to remove."""
    path = tmp / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": n, "text": f"Story {n}. {PAGE}Sign up to read this article\n"}) + "\n"
                            for n in range(records)))
    return path


def _written(folder: Path) -> bool:
    """True once a temporary file in ``folder`` has bytes in it (the write is under way)."""
    names = temporaries(folder)
    with contextlib.suppress(OSError):
        return bool(names) and names[0].stat().st_size > 0
    return False


def sigkill_clean(records: int) -> Case:
    def check(tmp: Path) -> Outcome:
        corpus(tmp, records)
        out = tmp / "out"
        out.mkdir()
        (out / "cleaned.jsonl").write_text("previous output\n")
        run = contentguard(["clean", "corpus.jsonl", "-o", "out/cleaned.jsonl"], tmp,
                           interrupt=(lambda: _written(out), signal.SIGKILL))
        intact = (out / "cleaned.jsonl").read_text() == "previous output\n"
        stale = [p.stat().st_size for p in temporaries(out)]
        (tmp / "small.jsonl").write_text(json.dumps({"text": PAGE}) + "\n")
        again = contentguard(["clean", "small.jsonl", "-o", "out/cleaned.jsonl"], tmp)
        swept = not temporaries(out) and json.loads((out / "cleaned.jsonl").read_text()) == {"text": CLEANED}
        ok = run.code == -signal.SIGKILL and intact and len(stale) == 1 and again.code == 0 and swept
        if run.code != -signal.SIGKILL:
            return Outcome(f"not killed in time: exit {run.code} ({first_line(run, tmp)})", False, run)
        return Outcome(f"killed with {stale[0] if stale else 0:,} bytes written: old output intact "
                       f"({'yes' if intact else 'NO'}), {len(stale)} stale temporary file, swept by the next "
                       f"run ({'yes' if swept else 'NO'})", ok, run)
    return Case(AREA, "sigkill-clean", f"SIGKILL while clean -o writes a {records:,}-record corpus",
                "old output intact; stale temporary swept next run", check)


def sigkill_fix(megabytes: int) -> Case:
    def check(tmp: Path) -> Outcome:
        sentence = "Words about the river and the council budget. "
        original = f"{sentence * (megabytes * 1_000_000 // len(sentence))}\nDownload the app\n{ARTICLE}"
        (tmp / "page.txt").write_text(original)
        run = contentguard(["fix", "page.txt"], tmp, interrupt=(lambda: _written(tmp), signal.SIGKILL))
        intact = (tmp / "page.txt").read_text() == original
        sizes = [p.stat().st_size for p in temporaries(tmp)]
        stale = len(sizes)
        again = contentguard(["fix", "page.txt"], tmp)
        ok = run.code == -signal.SIGKILL and intact and stale == 1 and again.code == 1 and not temporaries(tmp)
        if run.code != -signal.SIGKILL:
            return Outcome(f"not killed in time: exit {run.code} ({first_line(run, tmp)})", False, run)
        return Outcome(f"killed with {sizes[0] if sizes else 0:,} of {len(original.encode()):,} bytes written: "
                       f"original intact ({'yes' if intact else 'NO'}), {stale} stale "
                       f"temporary file; the next fix swept it and fixed the file "
                       f"({'yes' if again.code == 1 and not temporaries(tmp) else 'NO'})", ok, run)
    return Case(AREA, "sigkill-fix", f"SIGKILL while fix writes a {megabytes} MB file", "original intact", check)


def sigint_clean(records: int) -> Case:
    def check(tmp: Path) -> Outcome:
        corpus(tmp, records)
        (tmp / "cleaned.jsonl").write_text("previous output\n")
        run = contentguard(["clean", "corpus.jsonl", "-o", "cleaned.jsonl"], tmp,
                           interrupt=(lambda: _written(tmp), signal.SIGINT))
        ok = run.code == 130 and (tmp / "cleaned.jsonl").read_text() == "previous output\n" and not temporaries(tmp)
        return Outcome(first_line(run, tmp) + "; old output intact, no temporary file left" if ok
                       else first_line(run, tmp), ok, run)
    return Case(AREA, "sigint-clean", f"Ctrl-C (SIGINT) while clean -o writes {records:,} records",
                "exit 130, 'interrupted'; nothing left behind", check)


@contextlib.contextmanager
def tiny_disk(tmp: Path) -> Iterator[tuple[Path, bool]]:
    """A 64 KB tmpfs (True) when this process may mount one, else a plain folder (False)."""
    disk = tmp / "disk"
    disk.mkdir()
    mounted = False
    if os.geteuid() == 0:
        mount = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)]
        with contextlib.suppress(OSError):
            mounted = subprocess.run(mount, capture_output=True, check=False).returncode == 0
    try:
        yield disk, mounted
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], capture_output=True, check=False)


# the console script with fsync failing with ENOSPC for the writer's temporary file
ENOSPC_SHIM = """\
import errno, os, sys
real = os.fsync
def fsync(fd):
    if os.readlink(f'/proc/self/fd/{fd}').endswith('.contentguard-tmp'):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    real(fd)
os.fsync = fsync
from contentguard.cli import main
sys.argv = ['contentguard', *sys.argv[1:]]
main()
"""


def disk_full(tmp: Path) -> Outcome:
    with tiny_disk(tmp) as (disk, mounted):
        (disk / "page.txt").write_text(PAGE * 300)  # 50 KB of the 64: the rewrite does not fit
        (tmp / "big.txt").write_text(PAGE * 3000)
        if mounted:
            run = contentguard(["fix", "disk/page.txt"], tmp)
            again = contentguard(["clean", "big.txt", "-o", "disk/page.txt"], tmp)
            how = "64 KB tmpfs"
        else:
            shim = [sys.executable, "-c", ENOSPC_SHIM]
            run = run_child([*shim, "fix", "disk/page.txt", "--no-plugins"], tmp)
            again = run_child([*shim, "clean", "big.txt", "-o", "disk/page.txt", "--no-plugins"], tmp)
            how = "ENOSPC injected into fsync (this process may not mount a tmpfs)"
        intact = (disk / "page.txt").read_text() == PAGE * 300 and not temporaries(disk)
    ok = run.code == again.code == 2 and intact and all(
        r.err == "contentguard: error: disk/page.txt: cannot write: No space left on device\n" for r in (run, again))
    return Outcome(f"{how}: {first_line(run, tmp)}; the same for clean -o; original intact, no temporary "
                   "file left" if ok else f"{how}: {first_line(run, tmp)} / {first_line(again, tmp)}", ok, run)


def read_only(tmp: Path) -> Outcome:
    (tmp / "page.txt").write_text(PAGE)
    (tmp / "page.txt").chmod(0o444)
    run = contentguard(["fix", "page.txt"], tmp)
    return expect(run, tmp, 2, "cannot write: the file is read-only",
                  ok=(tmp / "page.txt").read_text() == PAGE and not temporaries(tmp))


def output_fifo(tmp: Path) -> Outcome:
    (tmp / "page.txt").write_text(PAGE)
    os.mkfifo(tmp / "pipe")
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append((tmp / "pipe").read_text()), daemon=True)
    reader.start()
    run = contentguard(["clean", "page.txt", "-o", "pipe"], tmp, limit=60)
    reader.join(10)
    ok = run.code == 0 and got == [CLEANED] and (tmp / "pipe").is_fifo()
    return Outcome("written into the pipe; the pipe is still a pipe" if ok else first_line(run, tmp), ok, run)


def stdout_full(tmp: Path) -> Outcome:
    (tmp / "page.txt").write_text(PAGE * 3000)
    with open("/dev/full", "wb") as full:  # every write fails with ENOSPC
        run = contentguard(["clean", "page.txt"], tmp, stdout=full)
    return expect(run, tmp, 2, "contentguard: error: cannot write the output: No space left on device",
                  ok=len(run.err.splitlines()) == 1 and (tmp / "page.txt").read_text() == PAGE * 3000)


def cases(quick: bool) -> list[Case]:
    """The fault cases; ``quick`` halves the files written."""
    records, megabytes = (10_000, 14) if quick else (20_000, 28)
    return [
        sigkill_clean(records),
        sigkill_fix(megabytes),
        sigint_clean(records),
        Case(AREA, "disk-full", "fix and clean -o onto a full disk", "exit 2; original intact", disk_full),
        Case(AREA, "stdout-full", "clean > /dev/full (stdout on a full disk)", "exit 2, one line, no traceback",
             stdout_full),
        Case(AREA, "read-only", f"fix of a chmod 444 file{', as root' if os.geteuid() == 0 else ''}",
             "exit 2; file untouched", read_only),
        Case(AREA, "output-fifo", "clean -o into a FIFO", "written into it, not replaced", output_fifo),
    ]
