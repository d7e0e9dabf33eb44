"""Fixtures for the pure matching core: records in the contract's shape and the labelled sample."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from anlaufstelle.matching import Index, Query, Record, parse_query, parse_record

ROOT = Path(__file__).resolve().parents[2]

SAMPLE = ROOT / "tests" / "data" / "matching"


@pytest.fixture
def record() -> Callable[..., Record]:
    """Make a record from keyword fields, with contract defaults for the rest."""

    def make(id: str = "P1", **fields: Any) -> Record:
        return parse_record({"id": id, **fields})

    return make


@pytest.fixture
def query() -> Callable[..., Query]:
    def make(**fields: Any) -> Query:
        return parse_query(fields)

    return make


PEOPLE: list[dict[str, Any]] = [
    {"id": "P1", "given_names": "Oleksandr", "family_name": "Shevchenko",
     "name_original": "Олександр Шевченко", "birth_date": "1980-05-17", "sex": "m",
     "nationality": "UKR", "birth_place": "Kharkiv"},
    {"id": "P2", "given_names": "Oleksandr", "family_name": "Shevchenko",
     "name_original": "Олександр Шевченко", "birth_date": "1995-11-02", "sex": "m",
     "nationality": "UKR", "birth_place": "Lviv"},
    {"id": "P3", "given_names": "Olena Petrivna", "family_name": "Shevchenko",
     "name_original": "Олена Шевченко", "birth_date": "1982-03-09", "sex": "f",
     "nationality": "UKR", "birth_place": "Kharkiv"},
    {"id": "P4", "given_names": "Iuliia", "family_name": "Kudriashova",
     "name_original": "Юлия Кудряшова", "birth_date": "2001", "sex": "f",
     "nationality": "RUS", "birth_place": "Kyiv"},
    {"id": "P5", "given_names": "Mohammad", "family_name": "Al Schami",
     "name_original": None, "birth_date": "1990-01-01", "sex": "m",
     "nationality": "SYR", "birth_place": "Homs"},
    {"id": "P6", "given_names": "Abdulrahman", "family_name": "Khalil",
     "name_original": "عبد الرحمن خليل", "birth_date": "1975-07-07", "sex": "m",
     "nationality": "IRQ", "birth_place": "Mosul"},
    {"id": "P7", "given_names": "Zeinab", "family_name": "Hosseini",
     "name_original": "زينب حسینی", "birth_date": "1969-12-27", "sex": "f",
     "nationality": "IRN", "birth_place": "Herat"},
    {"id": "P8", "given_names": "Svitlana", "family_name": "Zhaivoron",
     "name_original": "Світлана Жайворон", "birth_date": "1953-05-08", "sex": "f",
     "nationality": "UKR", "birth_place": "Dnipro"},
    {"id": "P9", "given_names": "Dmytro", "family_name": "Shcherbak",
     "name_original": "Дмитро Щербак", "birth_date": "1977-02-14", "sex": "m",
     "nationality": "UKR", "birth_place": "Odesa"},
    {"id": "P10", "given_names": "Hilde", "family_name": "Kühnert", "name_original": None,
     "birth_date": "1971-09-14", "sex": "f", "nationality": "DEU", "birth_place": "Zschopau"},
]  # fmt: skip


@pytest.fixture
def people() -> list[dict[str, Any]]:
    return [dict(p) for p in PEOPLE]


@pytest.fixture
def index(people: list[dict[str, Any]]) -> Index:
    idx = Index()
    for p in people:
        idx.add(parse_record(p))
    return idx


@pytest.fixture
def sample_dir() -> Path:
    """The project's own labelled sample (tests/data/matching/README.md)."""
    return SAMPLE
