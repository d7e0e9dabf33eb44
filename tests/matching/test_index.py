from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

from anlaufstelle.matching import Index, Query, Record, index_keys, parse_record, query_keys
from anlaufstelle.matching.keys import MAX_RECORD_KEYS


def test_keys_are_few_and_short(people: list[dict[str, Any]]) -> None:
    counts = []
    for p in people:
        keys = index_keys(parse_record(p))
        counts.append(len(keys))
        assert 0 < len(keys) <= MAX_RECORD_KEYS
        assert all(len(k) <= 24 for k in keys)
    assert statistics.mean(counts) < 25


def test_query_keys_meet_record_keys_across_spellings(
    record: Callable[..., Record], query: Callable[..., Query]
) -> None:
    r = record(given_names="Oleksandr", family_name="Shevchenko", birth_date="1980-05-17")
    stored = index_keys(r)
    for q in (
        query(given_names="Олександр", family_name="Шевченко"),
        query(given_names="Shevchenko", family_name="Oleksandr"),  # swapped
        query(given_names="Alexander", family_name="Schewtschenko", birth_date="1980"),
        query(given_names="Oleksandr", family_name="Shevcenko"),  # typo
    ):
        assert stored & query_keys(q), q


def test_add_replace_remove(record: Callable[..., Record], query: Callable[..., Query]) -> None:
    idx = Index()
    idx.add(record("P1", given_names="Olha", family_name="Bandera", birth_date="1965-08-15"))
    q = query(given_names="Olga", family_name="Bandera", birth_date="1965-08-15")
    assert [rid for rid, _ in idx.search(q)] == ["P1"]
    # Same id again replaces the record and its keys.
    idx.add(record("P1", given_names="Ivan", family_name="Franko", birth_date="1956-08-27"))
    assert len(idx) == 1
    assert idx.search(q) == []
    idx.remove("P1")
    idx.remove("unknown")
    assert len(idx) == 0 and "P1" not in idx
    assert idx.search(query(given_names="Ivan", family_name="Franko")) == []


def test_search_ranks_and_caps(index: Index, query: Callable[..., Query]) -> None:
    results = index.search(query(family_name="Shevchenko"), top=2)
    assert len(results) == 2
    assert results[0][1].score >= results[1][1].score
    assert {rid for rid, _ in results} <= {"P1", "P2", "P3"}


def test_candidate_cap_bounds_the_work(
    record: Callable[..., Record], query: Callable[..., Query]
) -> None:
    idx = Index(max_candidates=5)
    for i in range(20):
        idx.add(
            record(f"P{i}", given_names="Ivan", family_name="Petrenko", birth_date=f"{1950 + i}")
        )
    assert len(idx.candidates(query(given_names="Ivan", family_name="Petrenko"))) == 5
