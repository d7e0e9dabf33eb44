from __future__ import annotations

import pytest

from anlaufstelle.matching import parse_birth_date
from anlaufstelle.matching.compare import (
    compare_dates,
    compare_nationality,
    compare_places,
    compare_sex,
)


def dates(a: str | None, b: str | None) -> tuple[str, float, bool]:
    ev = compare_dates(parse_birth_date(a), parse_birth_date(b))
    assert ev.reason is not None
    return ev.reason.code, ev.weight, ev.veto


def test_same_full_date_is_strong_evidence() -> None:
    code, weight, veto = dates("1980-05-17", "1980-05-17")
    assert code == "date.same" and weight > 5 and not veto


def test_placeholder_and_year_only_match_the_year_only() -> None:
    code, w_placeholder, veto = dates("2012-01-01", "2012-09-01")
    assert code == "date.year_placeholder" and 0 < w_placeholder < 5 and not veto
    code, w_year, veto = dates("1997", "1997-10-10")
    assert code == "date.year_only" and 0 < w_year < 5 and not veto
    code, w_same_placeholder, _ = dates("1990-01-01", "1990-01-01")
    assert code == "date.same_placeholder"
    assert w_year <= w_same_placeholder < dates("1990-05-05", "1990-05-05")[1]


def test_day_and_month_swapped() -> None:
    code, weight, veto = dates("1951-06-10", "1951-10-06")
    assert code == "date.daymonth" and weight > 0 and not veto


@pytest.mark.parametrize(
    ("a", "b", "code"),
    [
        ("1980-05-17", "1980-07-02", "date.different"),
        ("1980-05-17", "1981-05-17", "date.year_different"),
        ("1980", "1995", "date.year_different"),
        ("1980-05-13", "1980-05-18", "date.day_typo"),
    ],
)
def test_other_birth_dates_rule_out_a_duplicate(a: str, b: str, code: str) -> None:
    got, weight, veto = dates(a, b)
    assert got == code and weight < 0 and veto


def test_vague_dates_one_year_apart_are_only_a_mild_conflict() -> None:
    code, weight, veto = dates("1980", "1981-03-03")
    assert code == "date.year_close" and -5 < weight < 0 and not veto


def test_unknown_date_is_neutral() -> None:
    assert dates(None, "1980-01-02")[:2] == ("date.unknown", 0.0)


def test_sex() -> None:
    assert compare_sex("f", "f").weight > 0
    different = compare_sex("f", "m")
    assert different.weight < 0 and different.veto
    assert compare_sex("x", "m").weight == 0 and compare_sex(None, "m").reason is None


def test_ukr_rus_is_weak_evidence_not_a_veto() -> None:
    related = compare_nationality("UKR", "RUS")
    unrelated = compare_nationality("UKR", "SYR")
    assert related.reason is not None and related.reason.code == "nationality.related"
    assert unrelated.weight < related.weight <= 0 < compare_nationality("UKR", "UKR").weight
    assert not related.veto and not unrelated.veto


def test_birth_place_across_transliterations() -> None:
    assert compare_places("Харків", "Kharkiv").weight > 0
    assert compare_places("Charkiw", "Kharkiv").weight > 0
    assert compare_places("Lviv", "Kharkiv").weight < 0
    assert compare_places(None, "Kharkiv").weight == 0
