"""``rules test``: run every rule's examples through the full engine."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .engine import Engine
from .models import Document, Rule


@dataclass(frozen=True)
class ExampleFailure:
    rule: Rule
    kind: str  # "match" | "no_match"
    example: str

    def describe(self) -> str:
        wanted = "should match but did not" if self.kind == "match" else "should not match but did"
        where = f"{self.rule.source}:{self.rule.source_line}" if self.rule.source else "<rule>"
        return f"{where}: {self.rule.id}: example {wanted}: {self.example!r}"


def check_examples(engine: Engine, rules: list[Rule]) -> Iterator[ExampleFailure]:
    """Yield a failure for each example that does not behave as its rule says.

    Examples run through the engine with every rule loaded, so a multi-line example can
    give a ``near_boilerplate`` rule the neighbours it needs.
    """
    for rule in rules:
        for kind, examples in (("match", rule.examples.match), ("no_match", rule.examples.no_match)):
            for example in examples:
                report = engine.scan(Document(text=example))
                fired = any(f.rule == rule.id for f in report.findings)
                if fired != (kind == "match"):
                    yield ExampleFailure(rule, kind, example)
