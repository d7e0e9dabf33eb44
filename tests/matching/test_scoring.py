"""One test per difficulty kind, through the Index as the registry would use it."""

from __future__ import annotations

from collections.abc import Callable

from anlaufstelle.matching import Index, Match, Query, Record, parse_record, score


def top(index: Index, q: Query) -> tuple[str, Match]:
    results = index.search(q, top=5)
    assert results, "no candidate found"
    return results[0]


def codes(m: Match) -> set[str]:
    return {r.code for r in m.reasons}


def test_cyrillic_query_finds_the_latin_record(index: Index, query: Callable[..., Query]) -> None:
    rid, m = top(index, query(given_names="Дмитро", family_name="Щербак", birth_date="1977-02-14"))
    assert rid == "P9" and m.duplicate


def test_arabic_script_query_finds_the_latin_record(
    index: Index, query: Callable[..., Query]
) -> None:
    # P5 has no original-script name: only the Latin spelling "Mohammad Al Schami".
    rid, m = top(index, query(given_names="محمد", family_name="الشامي", birth_date="1990"))
    assert rid == "P5"
    assert "name.translit" in codes(m)
    # A year against a 01.01. placeholder: a verdict only because nobody else has the name.
    assert m.duplicate and "verdict.unique_name" in codes(m)
    index.add(
        parse_record(
            {"id": "P5b", "given_names": "Muhammad", "family_name": "Al-Shami",
             "birth_date": "1971-04-02", "sex": "m", "nationality": "SYR"}
        )
    )  # fmt: skip
    rid, m = top(index, query(given_names="محمد", family_name="الشامي", birth_date="1990"))
    # With a namesake registered, the year alone is no verdict; the birth place confirms it.
    assert rid == "P5" and not m.duplicate and "verdict.uncorroborated" in codes(m)
    rid, m = top(
        index,
        query(given_names="محمد", family_name="الشامي", birth_date="1990", birth_place="Homs"),
    )
    assert rid == "P5" and m.duplicate


def test_other_transliteration(index: Index, query: Callable[..., Query]) -> None:
    rid, m = top(
        index,
        query(
            given_names="Julija", family_name="Kudrjaschowa", birth_date="2001", birth_place="Kyiv"
        ),
    )
    assert rid == "P4" and m.duplicate
    rid, m = top(index, query(given_names="Swetlana", family_name="Schajworon", sex="f"))
    assert rid == "P8"


def test_name_form(index: Index, query: Callable[..., Query]) -> None:
    rid, m = top(
        index, query(given_names="Alexander", family_name="Schewtschenko", birth_date="1980-05-17")
    )
    assert rid == "P1" and m.duplicate
    assert "name.form" in codes(m)


def test_typo(index: Index, query: Callable[..., Query]) -> None:
    rid, m = top(
        index, query(given_names="Dmytro", family_name="Shcherbsk", birth_date="1977-02-14")
    )
    assert rid == "P9" and m.duplicate
    assert "name.typo" in codes(m)


def test_swapped_names(index: Index, query: Callable[..., Query]) -> None:
    rid, m = top(
        index, query(given_names="Hosseini", family_name="Zeinab", birth_date="1969-12-27")
    )
    assert rid == "P7" and m.duplicate
    assert "name.swapped" in codes(m)


def test_partial_date_and_placeholder(index: Index, query: Callable[..., Query]) -> None:
    rid, m = top(
        index,
        query(
            given_names="Olena", family_name="Shevchenko", birth_date="1982", birth_place="Kharkiv"
        ),
    )
    assert rid == "P3" and m.duplicate
    assert "date.year_only" in codes(m)
    rid, m = top(
        index, query(given_names="Olena", family_name="Shevchenko", birth_date="1982-01-01")
    )
    # The only Olena Shevchenko registered: the year is enough.
    assert rid == "P3" and m.duplicate
    assert {"date.year_placeholder", "verdict.unique_name"} <= codes(m)
    # A namesake born in another year makes the year alone too weak.
    index.add(
        parse_record(
            {"id": "P3b", "given_names": "Olena", "family_name": "Shevchenko",
             "birth_date": "1961-07-30", "sex": "f", "nationality": "UKR"}
        )
    )  # fmt: skip
    rid, m = top(
        index, query(given_names="Olena", family_name="Shevchenko", birth_date="1982-01-01")
    )
    assert rid == "P3" and not m.duplicate
    assert {"date.year_placeholder", "verdict.uncorroborated"} <= codes(m)
    # The same name written exactly alike, with the same sex and nationality, corroborates.
    rid, m = top(
        index,
        query(
            given_names="Olena",
            family_name="Shevchenko",
            birth_date="1982-01-01",
            sex="f",
            nationality="UKR",
        ),
    )
    assert rid == "P3" and m.duplicate


def test_namesakes_with_other_birth_dates_are_not_duplicates(
    index: Index, query: Callable[..., Query]
) -> None:
    # Two Oleksandr Shevchenkos are registered; the date picks one, and the other is no duplicate.
    results = index.search(
        query(given_names="Oleksandr", family_name="Shevchenko", birth_date="1995-11-02"), top=5
    )
    verdicts = {rid: m.duplicate for rid, m in results}
    assert results[0][0] == "P2"
    assert verdicts["P2"] is True and verdicts["P1"] is False
    # A third one, born on another day, is a namesake of both.
    results = index.search(
        query(given_names="Oleksandr", family_name="Shevchenko", birth_date="1988-03-03"), top=5
    )
    assert {r for r, _ in results} >= {"P1", "P2"}
    assert not any(m.duplicate for _, m in results)


def test_twin_with_another_given_name_is_not_a_duplicate(
    record: Callable[..., Record], query: Callable[..., Query]
) -> None:
    olena = record(given_names="Olena", family_name="Shevchenko", birth_date="1982-03-09", sex="f")
    m = score(query(given_names="Oksana", family_name="Shevchenko", birth_date="1982-03-09"), olena)
    assert not m.duplicate
    assert "name.different" in codes(m)


def test_unregistered_person_gets_no_duplicate(index: Index, query: Callable[..., Query]) -> None:
    results = index.search(
        query(given_names="Roksolana", family_name="Dubyna", birth_date="1957-09-14", sex="f"),
        top=10,
    )
    assert not any(m.duplicate for _, m in results)


def test_names_alone_are_no_verdict(index: Index, query: Callable[..., Query]) -> None:
    rid, m = top(index, query(given_names="Iuliia", family_name="Kudriashova"))
    assert rid == "P4"
    assert not m.duplicate  # many people share a name; without a date it is only a candidate


def test_explanation_is_structured_and_readable(
    record: Callable[..., Record], query: Callable[..., Query]
) -> None:
    r = record(
        given_names="Taras",
        family_name="Shevchenko",
        name_original="Тарас Шевченко",
        birth_date="1990-01-01",
        nationality="UKR",
    )
    m = score(query(given_names="Taras", family_name="Schewtschenko", birth_date="1990"), r)
    texts = m.describe()
    assert "family name: same in transliteration (Schewtschenko ≈ Shevchenko)" in texts
    assert any(t.startswith("birth date: year matches") for t in texts)
    family = next(x for x in m.reasons if x.code == "name.translit")
    assert family.param_dict == {
        "part": "family name",
        "query": "Schewtschenko",
        "record": "Shevchenko",
    }
    assert family.weight > 0


def test_score_is_a_probability_that_orders_evidence(
    record: Callable[..., Record], query: Callable[..., Query]
) -> None:
    r = record(given_names="Petro", family_name="Chaban", birth_date="1964-07-24", sex="m")
    full = score(query(given_names="Petro", family_name="Chaban", birth_date="1964-07-24"), r)
    year = score(query(given_names="Petro", family_name="Chaban", birth_date="1964"), r)
    none = score(query(given_names="Petro", family_name="Chaban"), r)
    other = score(query(given_names="Petro", family_name="Chaban", birth_date="1970-02-02"), r)
    assert 1 >= full.score > year.score > none.score > other.score >= 0
    assert full.duplicate and not none.duplicate and not other.duplicate
    assert not year.duplicate  # a year alone does not tell namesakes apart


def test_weak_date_needs_corroboration(
    record: Callable[..., Record], query: Callable[..., Query]
) -> None:
    r = record(
        given_names="Ahmad",
        family_name="Haddad",
        birth_date="1990-01-01",
        sex="m",
        nationality="SYR",
        birth_place="Aleppo",
    )
    # A namesake born in the same year, the record's day a 01.01. placeholder: no verdict.
    namesake = score(query(given_names="Ahmad", family_name="Haddad", birth_date="1990-06-15"), r)
    assert namesake.score >= 0.5 and not namesake.duplicate
    assert "date.year_placeholder" in codes(namesake)
    assert "verdict.uncorroborated" in codes(namesake)
    assert any("may be a namesake" in t for t in namesake.describe())
    # Both sides 01.01. of the same year is no better.
    same_placeholder = score(
        query(given_names="Ahmad", family_name="Haddad", birth_date="1990-01-01"), r
    )
    assert "date.same_placeholder" in codes(same_placeholder)
    assert not same_placeholder.duplicate
    # The same birth place corroborates.
    placed = score(
        query(
            given_names="Ahmad", family_name="Haddad", birth_date="1990-06-15", birth_place="Aleppo"
        ),
        r,
    )
    assert placed.duplicate and "verdict.uncorroborated" not in codes(placed)
    # So do sex and nationality with an exactly written name, but not with a transliteration.
    exact = score(
        query(
            given_names="Ahmad",
            family_name="Haddad",
            birth_date="1990",
            sex="m",
            nationality="SYR",
        ),
        r,
    )
    assert exact.duplicate
    translit = score(
        query(
            given_names="Achmad",
            family_name="Haddad",
            birth_date="1990",
            sex="m",
            nationality="SYR",
        ),
        r,
    )
    assert translit.score >= 0.5 and not translit.duplicate
    # An exact full date needs no corroboration.
    full = record(given_names="Ahmad", family_name="Haddad", birth_date="1990-06-15")
    same_day = query(given_names="Ahmad", family_name="Haddad", birth_date="1990-06-15")
    assert score(same_day, full).duplicate


def test_original_script_names_must_agree_for_the_exact_name_route(
    record: Callable[..., Record], query: Callable[..., Query]
) -> None:
    fields = {"birth_date": "1990-01-01", "sex": "m", "nationality": "SYR"}
    r = record(given_names="Ahmad", family_name="Haddad", name_original="أحمد حداد", **fields)
    same = query(given_names="Ahmad", family_name="Haddad", name_original="أحمد حداد", **fields)
    other = query(given_names="Ahmad", family_name="Haddad", name_original="أحمد هداد", **fields)
    assert score(same, r).duplicate
    assert not score(other, r).duplicate


def test_a_record_can_be_checked_against_another_record(record: Callable[..., Record]) -> None:
    a = record("A", given_names="Abdul Rahman", family_name="Khalil", birth_date="1975-07-07")
    b = record("B", given_names="Abd al-Rahman", family_name="Chalil", birth_date="1975-07-07")
    assert score(a, b).duplicate
