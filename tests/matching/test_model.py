from __future__ import annotations

import pytest

from anlaufstelle.matching import (
    BirthDate,
    MatchingInputError,
    Precision,
    parse_birth_date,
    parse_query,
    parse_record,
)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("1980-05-17", BirthDate(1980, 5, 17), Precision.DAY),
        ("1980", BirthDate(1980), Precision.YEAR),
        ("1980-05", BirthDate(1980, 5), Precision.MONTH),
        ("17.05.1980", BirthDate(1980, 5, 17), Precision.DAY),
        ("1980-00-00", BirthDate(1980), Precision.YEAR),  # 00 for an unknown part
        ("1980-05-00", BirthDate(1980, 5), Precision.MONTH),
    ],
)
def test_birth_dates_keep_their_precision(
    text: str, expected: BirthDate, precision: Precision
) -> None:
    d = parse_birth_date(text)
    assert d == expected
    assert d is not None and d.precision is precision


def test_first_of_january_may_be_a_placeholder() -> None:
    d = parse_birth_date("1990-01-01")
    assert d is not None and d.may_be_placeholder and not d.is_exact
    d = parse_birth_date("1990-01-02")
    assert d is not None and not d.may_be_placeholder and d.is_exact


@pytest.mark.parametrize(
    "bad", ["1990-13-01", "1990-02-30", "90-01-01", "yesterday", 3.5, ["1990"]]
)
def test_bad_birth_dates_name_the_field(bad: object) -> None:
    with pytest.raises(MatchingInputError) as exc:
        parse_birth_date(bad)
    assert exc.value.field == "birth_date"
    assert "birth_date" in str(exc.value)


def test_parse_record_tolerates_missing_and_null_fields() -> None:
    r = parse_record({"id": "P1", "family_name": "Huk", "sex": None, "nationality": None})
    assert r.id == "P1" and r.family_name == "Huk"
    assert r.given_names is None and r.birth_date is None and r.sex is None
    q = parse_query({"qid": "Q1"})
    assert q.family_name is None and q.birth_date is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"family_name": "Huk"}, "id"),
        ({"id": "P1", "sex": "female-ish"}, "sex"),
        ({"id": "P1", "nationality": "Ukraine"}, "nationality"),
        ({"id": "P1", "given_names": 42}, "given_names"),
        ({"id": "P1", "birth_date": "1990-02-31"}, "birth_date"),
    ],
)
def test_parse_record_names_the_bad_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(MatchingInputError) as exc:
        parse_record(data)
    assert exc.value.field == field


def test_values_are_normalised() -> None:
    r = parse_record({"id": 7, "sex": "W", "nationality": "ukr", "given_names": "  Olena "})
    assert (r.id, r.sex, r.nationality, r.given_names) == ("7", "f", "UKR", "Olena")
