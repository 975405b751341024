"""Helpers for testing contentguard plugins, and a pytest plugin with fixtures.

Run a detector on a text and check what it found::

    from contentguard.testing import assert_findings, run_detector

    findings = run_detector(ShoutDetector, "Well HELLO there")
    assert_findings(findings, [("HELLO", "test")])

Check every example of a plugin's rule pack (``examples: match/no_match``)::

    from contentguard.testing import assert_rule_examples

    assert_rule_examples(plugins=[contentguard_shout])

Or load the plugins under test into a harness: a plugin manager holding the built-in
plugins and only the plugins you name (no installed entry points), with only their rules::

    harness = PluginHarness(plugins=[contentguard_shout])
    harness.findings("Well HELLO there")

Installed with contentguard, this module is also a pytest plugin (entry point ``pytest11``)
that provides the fixtures ``contentguard_plugins`` (override it to list your plugins),
``contentguard_registry`` and ``contentguard_harness``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .api import select_rules
from .cleaning import clean
from .detector import Detector
from .engine import Engine
from .models import Document, Finding, Report, Rule
from .plugins import Registry, get_plugin_manager
from .rules import load_rules, rule_files
from .selftest import ExampleFailure, check_examples
from .signals import check_examples as check_signal_examples
from .signals import load_signal_pack

__all__ = [
    "ExampleFailure",
    "PluginHarness",
    "assert_findings",
    "assert_rule_examples",
    "check_rule_examples",
    "make_rule",
    "run_detector",
    "spans",
]

Expected = str | tuple[Any, ...] | dict[str, Any]
"""One expected finding: its text; ``(text, category)``; ``(start, end)``;
``(start, end, category)``; or a dict of Finding fields to compare."""


def make_rule(detector: str | type[Detector], *, rule_id: str | None = None, category: str = "test",
              options: dict[str, Any] | None = None, scope: str = "span", action: str = "flag",
              **fields: Any) -> Rule:
    """A Rule for ``detector`` with test defaults (span scope, ``flag`` action, id ``test/<name>``).

    ``fields`` are any other Rule fields (``phrases``, ``severity``, ``confidence``, ``examples``…).
    """
    name = detector if isinstance(detector, str) else detector.name
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "detector"
    fields.setdefault("message", f"{name} test rule")
    fields.setdefault("examples", {"match": ["(not checked)"]})
    fields.setdefault("source", "<test rule>")
    return Rule(id=rule_id or f"{category}/{slug}", category=category, detector=name, options=options or {},
                scope=scope, action=action, **fields)  # type: ignore[arg-type]


def run_detector(detector: type[Detector], text: str | Document, *, options: dict[str, Any] | None = None,
                 rules: Sequence[Rule] | None = None, **rule_fields: Any) -> list[Finding]:
    """Run one Detector subclass on ``text`` through the engine and return its findings.

    Without ``rules`` it runs with one rule from ``make_rule(detector, options=..., **rule_fields)``.
    The rules' ``options:`` are validated as in a real scan, and a detector that raises fails
    with an AssertionError naming the error (a real scan would record it as a problem).
    """
    chosen = list(rules) if rules is not None else [make_rule(detector, options=options, **rule_fields)]
    engine = Engine({detector.name: detector}, chosen)
    report = engine.scan(text if isinstance(text, Document) else Document(text=text))
    _raise_problems(report)
    return report.findings


def spans(findings: Iterable[Finding]) -> list[tuple[int, int, str, str]]:
    """``(start, end, text, category)`` of each finding: compact to compare or print."""
    return [(f.start, f.end, f.text, f.category) for f in findings]


def _describe_expected(item: Expected) -> dict[str, Any]:
    if isinstance(item, str):
        return {"text": item}
    if isinstance(item, dict):
        return dict(item)
    if isinstance(item, tuple):
        if len(item) == 2 and all(isinstance(v, int) for v in item):
            return {"start": item[0], "end": item[1]}
        if len(item) == 3 and isinstance(item[0], int) and isinstance(item[1], int):
            return {"start": item[0], "end": item[1], "category": item[2]}
        if len(item) == 2 and all(isinstance(v, str) for v in item):
            return {"text": item[0], "category": item[1]}
    raise TypeError(f"cannot read expected finding {item!r}: use a text, (text, category), (start, end), "
                    "(start, end, category) or a dict of Finding fields")


def _fits(finding: Finding, wanted: dict[str, Any]) -> bool:
    for key, value in wanted.items():
        actual = getattr(finding, key)
        if hasattr(actual, "value"):  # Severity
            actual = actual.value
        if actual != value:
            return False
    return True


def assert_findings(findings: Iterable[Finding] | Report, expected: Sequence[Expected], *,
                    exact: bool = True) -> None:
    """Assert the findings are ``expected``, in order of position (``exact=False``: among them).

    Each expected item compares only the fields it names; see ``Expected``. The error lists
    what was found, so a failing test shows the whole picture.
    """
    found = list(findings.findings if isinstance(findings, Report) else findings)
    found.sort(key=lambda f: (f.start, f.end, f.rule))
    wants = [_describe_expected(item) for item in expected]
    listing = "\n".join(f"  {f.start}-{f.end} {f.category} {f.rule} {f.text!r}" for f in found) or "  (none)"
    if exact:
        problems = []
        if len(found) != len(wants):
            problems.append(f"expected {len(wants)} findings, found {len(found)}")
        for index, (finding, wanted) in enumerate(zip(found, wants)):
            if not _fits(finding, wanted):
                problems.append(f"finding {index}: expected {wanted}")
        if problems:
            raise AssertionError("; ".join(problems) + "\nfound:\n" + listing)
        return
    missing = [wanted for wanted in wants if not any(_fits(f, wanted) for f in found)]
    if missing:
        raise AssertionError(f"no finding matches {missing}\nfound:\n{listing}")


def _raise_problems(report: Report) -> None:
    if report.problems:
        raise AssertionError("; ".join(f"{p.source}: {p.message}" for p in report.problems))


class PluginHarness:
    """The plugins under test, loaded the way a scan loads them, and only their rules.

    ``plugins`` are modules (imported), module names or ``.py`` paths; no installed
    (entry-point) plugin is loaded, the built-in ones are. ``rules`` are extra rule files or
    folders. The harness scans with the rules the plugins under test register plus ``rules``;
    ``builtin_rules=True`` adds the built-in packs (the engine runs them all, as a real scan).
    ``select`` and ``ignore`` pick rules by id, alias or category, as on the command line.
    A plugin that fails to load or to register fails the construction with its error.
    """

    def __init__(self, plugins: Sequence[object] = (), *, rules: Sequence[str | Path] = (),
                 builtin_rules: bool = False, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> None:
        self.registry: Registry = get_plugin_manager(load_entry_points=False, local=list(plugins))
        self.detectors = self.registry.detectors()
        contributions = self.registry.contributions()
        self._fail_on_errors()
        under_test = {name for name, info in self.registry.info.items() if info.kind == "local"}
        own_paths = [Path(p) for name in under_test for p in contributions.get(name, {}).get("rule paths", [])]
        self.signal_paths: list[Path] = [Path(p) for name in under_test
                                         for p in contributions.get(name, {}).get("signal paths", [])]
        """The markup signal packs the plugins under test register."""
        own_paths += [Path(p) for p in rules]
        if builtin_rules:
            own_files = {path.resolve() for path in rule_files(own_paths)}
            every = load_rules([*self.registry.rule_paths(), *(Path(p) for p in rules)])
            self.rules: list[Rule] = [rule for rule in every if Path(rule.source).resolve() in own_files]
        else:
            self.rules = every = load_rules(own_paths)
        if select or ignore:
            self.rules = select_rules(self.rules, select=select, ignore=ignore)
            every = select_rules(every, select=select, ignore=ignore)
        """The rules under test: those of the plugins under test and ``rules``."""
        self.engine = Engine(self.detectors, every)

    def _fail_on_errors(self) -> None:
        if self.registry.errors:
            raise AssertionError("; ".join(self.registry.errors))

    def scan(self, text: str | Document) -> Report:
        """Scan ``text``; a detector that raises fails the test with its error."""
        report = self.engine.scan(text if isinstance(text, Document) else Document(text=text))
        _raise_problems(report)
        return report

    def findings(self, text: str | Document) -> list[Finding]:
        """The findings of a scan of ``text``, in order of position."""
        return self.scan(text).findings

    def clean(self, text: str) -> str:
        """``text`` cleaned with the findings of one scan (masks applied, lines removed)."""
        return clean(text, self.findings(text))

    def check_examples(self) -> list[ExampleFailure]:
        """Every rule example under test that does not behave as its rule says."""
        return list(check_examples(self.engine, self.rules))

    def assert_examples(self) -> int:
        """Fail naming each rule example that misbehaves; return how many examples ran."""
        if not self.rules:
            raise AssertionError("no rules to check: the plugins under test register no rule pack")
        failures = self.check_examples()
        if failures:
            raise AssertionError("\n".join(failure.describe() for failure in failures))
        return sum(len(r.examples.match) + len(r.examples.no_match) for r in self.rules)

    def check_signal_examples(self) -> list[str]:
        """Every example of the plugins' signal packs that does not behave (one message each)."""
        return check_signal_examples(load_signal_pack(self.signal_paths))

    def assert_signal_examples(self) -> int:
        """Fail naming each signal example that misbehaves; return how many examples ran."""
        if not self.signal_paths:
            raise AssertionError("no signals to check: the plugins under test register no signal pack")
        pack = load_signal_pack(self.signal_paths)
        failures = check_signal_examples(pack)
        if failures:
            raise AssertionError("\n".join(failures))
        return sum(len(s.examples.match) + len(s.examples.no_match) for s in pack.specs)


def check_rule_examples(*, plugins: Sequence[object] = (), rules: Sequence[str | Path] = (),
                        builtin_rules: bool = False) -> list[ExampleFailure]:
    """Run the examples of the rules that ``plugins`` register (and of ``rules``).

    ``builtin_rules=True`` loads the built-in packs beside them, exactly as ``contentguard
    rules test`` does (it matters only to ``near_boilerplate`` rules, whose neighbours may be
    built-in boilerplate).
    """
    return PluginHarness(plugins, rules=rules, builtin_rules=builtin_rules).check_examples()


def assert_rule_examples(*, plugins: Sequence[object] = (), rules: Sequence[str | Path] = (),
                         builtin_rules: bool = False) -> int:
    """Fail naming every rule example that misbehaves; return how many examples ran."""
    return PluginHarness(plugins, rules=rules, builtin_rules=builtin_rules).assert_examples()


try:
    import pytest
except ImportError:  # pragma: no cover - the helpers work without pytest
    pass
else:

    @pytest.fixture
    def contentguard_plugins() -> list[object]:
        """The plugins under test (modules, module names or .py paths). Override this fixture."""
        return []

    @pytest.fixture
    def contentguard_registry(contentguard_plugins: list[object]) -> Registry:
        """A fresh plugin manager holding the built-in plugins and only the plugins under test."""
        registry = get_plugin_manager(load_entry_points=False, local=contentguard_plugins)
        if registry.errors:
            raise AssertionError("; ".join(registry.errors))
        return registry

    @pytest.fixture
    def contentguard_harness(contentguard_plugins: list[object]) -> PluginHarness:
        """A PluginHarness for the plugins under test."""
        return PluginHarness(contentguard_plugins)
