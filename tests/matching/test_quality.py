"""The aims of issue 4, on the shared sample and on a generated set."""

from __future__ import annotations

from pathlib import Path

from bench.matching.generate import generate
from bench.matching.quality import _load, evaluate


def test_sample_meets_the_aims(sample_dir: Path) -> None:
    rep = evaluate(
        _load(sample_dir / "records.jsonl"),
        _load(sample_dir / "queries.jsonl"),
        _load(sample_dir / "truth.jsonl"),
    )
    assert rep.recall1 >= 0.97, rep.lines()
    assert rep.recall5 >= 0.99, rep.lines()
    assert rep.false_alarm_rate <= 0.02, rep.lines()
    assert rep.false_duplicate_rate <= 0.02, rep.lines()


def test_generated_set_meets_the_aims() -> None:
    records, queries, truth = generate(seed=11, n_people=1500, n_queries=300)
    rep = evaluate(records, queries, truth)
    assert rep.unregistered > 30 and rep.registered > 200
    assert rep.recall1 >= 0.97, rep.lines()
    assert rep.recall5 >= 0.99, rep.lines()
    assert rep.false_alarm_rate <= 0.02, rep.lines()
    # Every kind of difficulty is present and mostly found.
    for kind in ("translit", "script", "nameform", "typo", "swap", "nodate", "year",
                 "placeholder", "daymonth"):  # fmt: skip
        hit, n = rep.by_kind[kind]
        assert n >= 3 and hit / n >= 0.8, (kind, hit, n)


def test_generator_is_deterministic() -> None:
    assert generate(3, 50, 20) == generate(3, 50, 20)
