"""What a run learned of the spec's x-assumption decisions: held, contradicted, or untested.

Each expectation a check states on an `x-assumption` element is an observation of that
assumption: it held, or the target contradicted it (a violation, kept as evidence). Labels
are canonical: the element that carries the marker (a property whose schema is a `$ref` to
`ChannelTypes` is `#/components/schemas/ChannelTypes`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from contracts.report import Violation
from contracts.spec import ContractSpec

MODES = ("enforce", "report")


@dataclass(frozen=True)
class Verdict:
    """One assumption of the spec and what the run saw of it."""

    marker: str
    verdict: str  # held, contradicted or untested
    held: int
    evidence: tuple[Violation, ...]


class AssumptionLog:
    """The observations of one run, by the spec element that carries each x-assumption."""

    def __init__(self, spec: ContractSpec) -> None:
        self.spec = spec
        self.reset()

    def reset(self) -> None:
        """Forget every observation."""
        self.held: Counter[str] = Counter()
        self.contradictions: dict[str, list[Violation]] = {}

    def observe_held(self, ref: str) -> None:
        """Count one expectation on the assumption at `ref` that the target met."""
        self.held[self.spec.marker(ref)] += 1

    def observe_violation(self, violation: Violation) -> None:
        """Keep a violation that rests on an assumption as evidence against it."""
        if violation.assumption:
            marker = self.spec.marker(violation.assumption)
            self.contradictions.setdefault(marker, []).append(violation)

    def verdicts(self, markers: list[str]) -> list[Verdict]:
        """Return a verdict for each of `markers` (the spec's), in their order."""
        found = []
        for marker in markers:
            evidence = tuple(self.contradictions.get(marker, ()))
            verdict = "contradicted" if evidence else "held" if self.held[marker] else "untested"
            found.append(Verdict(marker, verdict, self.held[marker], evidence))
        return found


def _evidence(violation: Violation) -> str:
    request = violation.response.request if violation.response is not None else None
    sent = f"{request.method} {request.url}" if request is not None else violation.operation
    return (
        f"      [{violation.check}] {sent}\n"
        f"        expected: {violation.expected}\n        seen:     {violation.seen}"
    )


def table(verdicts: list[Verdict]) -> str:
    """Return the assumptions table printed at the end of every run."""
    counts = Counter(v.verdict for v in verdicts)
    lines = [
        "assumptions (x-assumption decisions; the vendor documents are silent): "
        + ", ".join(f"{counts[name]} {name}" for name in ("held", "contradicted", "untested"))
    ]
    for item in verdicts:
        shown = f"held ({item.held})" if item.verdict == "held" else item.verdict
        lines.append(f"  {shown:<14} {item.marker}")
        lines += [_evidence(violation) for violation in item.evidence]
    return "\n".join(lines)
