"""bench/rules/check.py runs and prints its figures as JSON."""

from __future__ import annotations

import contextlib
import io
import json

from bench.rules.check import main


def test_the_benchmark_prints_people_per_second_and_every_rules_outcomes() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--people", "200", "--repeat", "1", "--json"]) == 0
    figures = json.loads(out.getvalue())
    assert figures["people"] == 200 and figures["people_per_second"] > 0
    assert len(figures["outcomes"]) == 8
    assert all(sum(counts.values()) == 200 for counts in figures["outcomes"].values())
