"""Shared helpers of the rules tests: one person's answer for one rule."""

from __future__ import annotations

from datetime import date
from typing import Any

from anlaufstelle.rules import Result, evaluate


def d(text: str) -> date:
    return date.fromisoformat(text)


def answer(rule: str, facts: dict[str, Any], on: str) -> Result:
    found = [r for r in evaluate(facts, d(on)) if r.rule == rule]
    assert len(found) == 1
    return found[0]


def status(
    kind: str, start: str, end: str | None = None, basis: str | None = None
) -> dict[str, Any]:
    return {"kind": kind, "basis": basis, "from": start, "to": end}


def check(result: Result, expected: dict[str, Any]) -> None:
    """The result's fields named in ``expected`` (dates as text) are as expected."""
    got = result.to_json()
    got["confirmed"] = result.confirmed
    for key, value in expected.items():
        if key == "reasons_include":
            for reason in value:
                assert reason in got["reasons"], (reason, got)
            continue
        assert got[key] == value, (key, got)
