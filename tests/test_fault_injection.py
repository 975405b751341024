"""Fault injection for ``fix`` and ``-o``: SIGKILL mid-write, a full disk, read-only targets,
an interrupt. The original is intact every time and no temporary file outlives the next run.

What a killed run leaves: its ``.NAME.XXXXXXXX.contentguard-tmp`` (SIGKILL cannot be caught).
Writers hold an exclusive ``flock`` on their temporary file, which the kernel drops when the
process dies; the next write into that folder deletes unlocked ones, and folder walks never
read them (see atomic.py and docs/reliability.md).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from contentguard import atomic
from contentguard.atomic import atomic_writer, sweep_stale

from .helpers import ARTICLE, CLEANED, PAGE, cli


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".contentguard-tmp"))


# The console script with ``os.fsync`` made to stop: the first fsync comes after the temporary
# file is written and before it is renamed over the target, the widest window a crash can hit.
# The child says "writing" there and sleeps until the test kills it: deterministic, unlike polling.
_STOP_AT_FSYNC = (
    "import os, sys, time\n"
    "def stop(fd):\n"
    "    print('writing', flush=True)\n"
    "    time.sleep(120)\n"
    "os.fsync = stop\n"
    "from contentguard.cli import main\n"
    "sys.argv = ['contentguard', *sys.argv[1:]]\n"
    "main()\n"
)


def run_cli_until_fsync(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """Start the CLI and return once it has written its temporary file and is about to rename it."""
    process = subprocess.Popen([sys.executable, "-c", _STOP_AT_FSYNC, *args, "--no-plugins"], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if line != "writing\n":
        process.kill()
        raise AssertionError(f"the CLI never reached its write: {line!r} {process.stderr.read()!r}")
    return process


# --- SIGKILL mid-write -----------------------------------------------------------------------

def test_sigkill_mid_write_of_clean_output_leaves_the_old_output_whole(tmp_path: Path, capsys, monkeypatch) -> None:
    records = [{"id": n, "text": f"Story {n}. {ARTICLE}Download the app\nSign up to read this article\n{ARTICLE}"}
               for n in range(500)]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records))
    folder = tmp_path / "out"
    folder.mkdir()
    output = folder / "cleaned.jsonl"
    output.write_text("the previous run's output\n")
    process = run_cli_until_fsync("clean", "corpus.jsonl", "-o", "out/cleaned.jsonl", cwd=tmp_path)
    process.send_signal(signal.SIGKILL)
    assert process.wait(30) == -signal.SIGKILL
    assert output.read_text() == "the previous run's output\n"
    [stale] = temporaries(folder)
    assert 0 < (folder / stale).stat().st_size < corpus.stat().st_size

    # a walk never reads the stale file, whatever the input format
    code, out, _ = cli(capsys, monkeypatch, "scan", str(folder), "--input-format", "text", "--format", "json")
    assert [document["path"] for document in json.loads(out)["documents"]] == [str(output)]
    # the next write into the folder deletes it (its writer is dead: nobody holds its lock)
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"text": PAGE}) + "\n")
    code, _, err = cli(capsys, monkeypatch, "clean", str(small), "-o", str(output))
    assert (code, err) == (0, "")
    assert temporaries(folder) == []
    assert json.loads(output.read_text()) == {"text": CLEANED}


def test_sigkill_during_fix_of_a_large_file_leaves_the_original_whole(tmp_path: Path, capsys, monkeypatch) -> None:
    body = "Words about the river and the council budget. " * 100_000  # 4.7 MB on one line
    original = f"{body}\nDownload the app\n{ARTICLE}"
    page = tmp_path / "page.txt"
    page.write_text(original)
    process = run_cli_until_fsync("fix", "page.txt", cwd=tmp_path)
    assert len(temporaries(tmp_path)) == 1  # written, not yet renamed
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert page.read_text() == original  # the rename never happened: the old file, whole
    assert len(temporaries(tmp_path)) == 1

    code, out, err = cli(capsys, monkeypatch, "fix", str(page))
    assert (code, err.splitlines()[-1]) == (1, "contentguard: fixed 1 file(s)")
    assert page.read_text() == f"{body}\n{ARTICLE}"
    assert temporaries(tmp_path) == []


def test_a_live_writers_temporary_file_is_never_swept(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from contentguard.atomic import atomic_writer\n"
        f"with atomic_writer({str(target)!r}) as out:\n"
        "    out.write('half'); out.flush(); print('writing', flush=True); time.sleep(60)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "writing\n"
        [live] = temporaries(tmp_path)
        assert sweep_stale(tmp_path) == [] and temporaries(tmp_path) == [live]
        with atomic_writer(target) as out:  # another writer, same target, meanwhile
            out.write("whole\n")
        assert target.read_text() == "whole\n" and temporaries(tmp_path) == [live]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(30)
    assert sweep_stale(tmp_path) == [live] and temporaries(tmp_path) == []


# --- a full disk -----------------------------------------------------------------------------

def _temporary_fd(fd: int) -> bool:
    return os.readlink(f"/proc/self/fd/{fd}").endswith(".contentguard-tmp")


@pytest.fixture(params=["write", "fsync"])
def disk_full(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """ENOSPC for the temporary file: a real one from /dev/full when it is written, or from fsync."""
    if request.param == "write":
        real_fdopen = os.fdopen

        def fdopen(fd: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            if _temporary_fd(fd):
                full = os.open("/dev/full", os.O_WRONLY) if os.path.exists("/dev/full") else None
                if full is not None:  # every write to /dev/full fails with ENOSPC
                    os.dup2(full, fd)
                    os.close(full)
                    return real_fdopen(fd, *args, **kwargs)  # type: ignore[arg-type]
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_fdopen(fd, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            if _temporary_fd(fd):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
    return request.param


def test_full_disk_during_fix_keeps_the_original(tmp_path: Path, capsys, monkeypatch, disk_full: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE)
    code, out, err = cli(capsys, monkeypatch, "fix", str(page))
    assert code == 2
    assert err == f"contentguard: error: {page}: cannot write: No space left on device\n"
    assert page.read_text() == PAGE and temporaries(tmp_path) == []


def test_full_disk_during_clean_output_keeps_the_old_output(tmp_path: Path, capsys, monkeypatch,
                                                             disk_full: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE * 2000)  # more than one buffer of output
    output = tmp_path / "out.txt"
    output.write_text("old output\n")
    code, out, err = cli(capsys, monkeypatch, "clean", str(page), "-o", str(output))
    assert code == 2
    assert err == f"contentguard: error: {output}: cannot write: No space left on device\n"
    assert output.read_text() == "old output\n" and temporaries(tmp_path) == []


# --- read-only targets, failed renames, interrupts -------------------------------------------

def test_read_only_file_is_refused_even_for_root(tmp_path: Path, capsys, monkeypatch) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE)
    page.chmod(0o444)
    code, out, err = cli(capsys, monkeypatch, "fix", str(page))
    assert (code, err) == (2, f"contentguard: error: {page}: cannot write: the file is read-only\n")
    assert page.read_text() == PAGE and stat.S_IMODE(page.stat().st_mode) == 0o444
    output = tmp_path / "out.txt"
    output.write_text("kept\n")
    output.chmod(0o400)
    code, out, err = cli(capsys, monkeypatch, "clean", str(page), "-o", str(output))
    assert code == 2 and "cannot write: the file is read-only" in err and output.read_text() == "kept\n"


@pytest.mark.parametrize(("where", "error"), [
    ("tempfile.mkstemp", errno.EACCES),  # a read-only folder: no temporary file can be made
    ("os.replace", errno.EROFS),  # a read-only filesystem at the rename
    ("os.replace", errno.EXDEV),
])
def test_failed_temporary_or_rename_keeps_the_original(tmp_path: Path, capsys, monkeypatch, where: str,
                                                       error: int) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    module, name = where.split(".")
    monkeypatch.setattr(getattr(atomic, module), name, refuse)
    code, out, err = cli(capsys, monkeypatch, "fix", str(page))
    assert (code, err) == (2, f"contentguard: error: {page}: cannot write: {os.strerror(error)}\n")
    assert page.read_text() == PAGE and temporaries(tmp_path) == []


def test_interrupt_mid_write_keeps_the_original(tmp_path: Path, capsys, monkeypatch) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE)
    real_fsync = os.fsync

    def interrupted(fd: int) -> None:
        if _temporary_fd(fd):
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", interrupted)
    code, out, err = cli(capsys, monkeypatch, "fix", str(page))
    assert (code, err) == (130, "contentguard: interrupted\n")
    assert page.read_text() == PAGE and temporaries(tmp_path) == []


# --- what is written where -------------------------------------------------------------------

def test_fix_through_a_symlink_keeps_the_link(tmp_path: Path, capsys, monkeypatch) -> None:
    target = tmp_path / "real.txt"
    target.write_text(PAGE)
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    code, out, err = cli(capsys, monkeypatch, "fix", str(link))
    assert code == 1 and link.is_symlink() and target.read_text() == CLEANED


def test_output_to_a_pipe_is_written_not_replaced(tmp_path: Path, capsys, monkeypatch) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    code, out, err = cli(capsys, monkeypatch, "clean", str(page), "-o", str(fifo))
    reader.join(30)
    assert (code, err) == (0, "") and received == [CLEANED]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a pipe, not a regular file put in its place


def test_a_new_output_file_gets_the_umask_mode(tmp_path: Path, capsys, monkeypatch) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE)
    old = os.umask(0o027)
    try:
        code, out, err = cli(capsys, monkeypatch, "clean", str(page), "-o", str(tmp_path / "new.txt"))
    finally:
        os.umask(old)
    assert code == 0 and stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


@pytest.mark.parametrize("args", [["clean", "page.txt"], ["scan", "page.txt"], ["scan", "page.txt", "--format", "json"],
                                  ["fix", "page.txt", "--diff"]])
def test_stdout_on_a_full_disk_is_one_line_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "page.txt").write_text(PAGE)
    with open("/dev/full", "w") as full:  # every write fails with ENOSPC, as a full disk's would
        result = subprocess.run([sys.executable, "-m", "contentguard", *args, "--no-plugins"], cwd=tmp_path,
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (
        2, "contentguard: error: cannot write the output: No space left on device\n")
    assert (tmp_path / "page.txt").read_text() == PAGE
