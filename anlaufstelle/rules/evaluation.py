"""What one rule answers for one person, before it becomes a :class:`Result`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .common import FAILED, MET, Check


@dataclass(frozen=True)
class Evaluation:
    outcome: str
    eligible_from: date | None = None
    missing: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    deadline: date | None = None


def decide(check: Check, deadline: date | None = None) -> Evaluation:
    """A title's outcome from its combined conditions."""
    if check.state == FAILED:
        return Evaluation("not_eligible", reasons=check.reasons, deadline=None)
    if check.state == MET and check.since is None:
        return Evaluation("eligible", reasons=check.reasons, deadline=deadline)
    if check.state == MET:
        return Evaluation("not_yet", check.since, reasons=check.reasons, deadline=deadline)
    return Evaluation("unknown", missing=check.missing, deadline=deadline)
