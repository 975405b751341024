"""Errors raised by contentguard. The CLI catches ContentGuardError and nothing else."""

from __future__ import annotations


class ContentGuardError(Exception):
    """Base class: a user-facing problem, printed as one line and exit code 2."""


class RuleError(ContentGuardError):
    """A rule file is malformed: ``FILE:LINE: RULE-ID: what is wrong``."""

    def __init__(self, path: str, line: int | None, rule_id: str | None, problem: str) -> None:
        self.path, self.line, self.rule_id, self.problem = path, line, rule_id, problem
        where = f"{path}:{line}" if line else path
        who = f" {rule_id}:" if rule_id else ""
        super().__init__(f"{where}:{who} {problem}")


class PluginError(ContentGuardError):
    """A plugin failed to load, registered something invalid, or raised inside a hook."""


class InputError(ContentGuardError):
    """An input file or record cannot be read."""


class ConfigError(ContentGuardError):
    """A configuration file or option is invalid."""
