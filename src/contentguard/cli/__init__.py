"""The Typer command line: the only package that prints or exits."""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import pkgutil
import sys

import typer
from rich.markup import escape

from ..errors import ContentGuardError
from .app import app, err


def _register_commands() -> None:
    """Import every module in this package: each adds its command(s) to ``app``."""
    for info in pkgutil.iter_modules(__path__):
        if info.name != "app" and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_register_commands()

__all__ = ["app", "main"]
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}
"""Errors writing to stdout that are the machine's, not a bug's (``contentguard clean page > /dev/full``)."""


def main() -> None:
    """Console-script entry point: user mistakes become one line and exit 2, never a traceback."""
    try:
        # without standalone mode click returns a command's typer.Exit code instead of raising it
        code = app(standalone_mode=False)
    except typer.Exit as exit_:
        sys.exit(exit_.exit_code)
    except ContentGuardError as error:
        err.print(f"contentguard: error: {escape(str(error))}")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("contentguard: interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except OSError as error:  # stdout on a full disk, or gone: one line, not a traceback
        if error.filename is not None or error.errno not in _OUTPUT_ERRORS:
            raise
        with contextlib.suppress(OSError, ValueError):  # the exit's final flush would fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        err.print(f"contentguard: error: cannot write the output: {escape(error.strerror or str(error))}")
        sys.exit(2)
    except Exception as error:  # usage errors arrive as TyperException
        if isinstance(error, typer.exceptions.TyperException):
            err.print(f"contentguard: error: {escape(error.format_message())}")
            sys.exit(error.exit_code)
        if isinstance(error, typer.Abort):
            sys.exit(130)
        raise
    if code == 130:  # typer turns Ctrl-C inside a command into Exit(130), which click returns
        err.print("contentguard: interrupted")
    sys.exit(code if isinstance(code, int) else 0)
