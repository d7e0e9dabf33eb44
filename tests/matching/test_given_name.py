"""Latin spellings of one Arabic or Persian name meet as their script does; a search of one
name word gets the keys of the people with that given name; a match says in words what it
rests on."""

from __future__ import annotations

from itertools import combinations

import pytest

from anlaufstelle.matching import (
    BirthDate,
    Query,
    Record,
    Strength,
    given_name_keys,
    index_keys,
    one_word,
    score,
)
from anlaufstelle.matching.names import Level, compare_tokens, make_token
from anlaufstelle.matching.phonetic import Style, phonetic
from anlaufstelle.matching.text import detect_script, fold


def token(word: str, arabic_context: bool = True):  # type: ignore[no-untyped-def]
    return make_token(fold(word), detect_script(word), Style.UNKNOWN, arabic_context)


def level(a: str, b: str) -> Level:
    return compare_tokens(token(a), token(b)).level


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mohammed", "Mohammad", "Muhammad", "Mohamed", "Muhammed", "Mouhamed"),
        ("Ahmed", "Ahmad"),
        ("Mehdi", "Mahdi"),
        ("Hamed", "Hamid"),
        ("Esmail", "Ismail", "Esmaeil"),
        ("Yousef", "Yusuf", "Youssef"),
        ("Omer", "Omar", "Umar"),
        ("Hossein", "Husain", "Hussein", "Hosein"),
        ("Fatemeh", "Fatima"),
        ("Reza", "Raza"),
    ],
)
def test_vowel_spellings_of_one_arabic_name_are_one_transliteration(spellings: tuple[str]) -> None:
    for a, b in combinations(spellings, 2):
        assert level(a, b) <= Level.TRANSLIT, (a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jamal", "Jamil"),  # جمال and جميل: a long a is not a long i
        ("Hassan", "Hossein"),  # حسن and حسين
        ("Omar", "Amir"),  # عمر and امیر
        ("Mohammed", "Mahmoud"),  # محمد and محمود
        ("Kamal", "Kamil"),
    ],
)
def test_different_names_with_the_same_consonants_stay_apart(a: str, b: str) -> None:
    assert level(a, b) > Level.TRANSLIT


def test_only_an_arabic_or_persian_context_reads_e_as_any_vowel() -> None:
    assert phonetic("mohammed") == ("MOHAMED",)
    assert set(phonetic("mohammed", arabic=True)) >= {"MOHAMED", "MOHAMAD", "MOHAMOD"}
    # A Ukrainian Olena is not read as Olona.
    assert compare_tokens(token("Olena", False), token("Olona", False)).level > Level.TRANSLIT


def test_the_reason_says_same_in_transliteration() -> None:
    match = score(
        Query(given_names="Mohammed", family_name="Haddad"),
        Record(id="1", given_names="Muhammad", family_name="Haddad"),
    )
    assert "name.translit" in [r.code for r in match.reasons]
    assert "name.form" not in [r.code for r in match.reasons]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mohammed", True),
        ("محمد", True),
        ("Abdul Rahman", True),  # one compound name
        ("Oleksandr Shevchenko", False),
        ("", False),
    ],
)
def test_one_word_is_a_single_name(text: str, expected: bool) -> None:
    assert one_word(Query(name_original=text or None)) is expected


def test_structured_names_are_never_one_word() -> None:
    assert not one_word(Query(family_name="Mohammed"))
    assert given_name_keys(Query(given_names="Oleksandr", family_name="Shevchenko")) == []


def held(record: Record) -> set[str]:
    return index_keys(record)


def listed(query: str) -> set[str]:
    return {key for tier in given_name_keys(Query(name_original=query)) for key in tier}


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("Mohammed", Record(id="1", given_names="Muhammad", family_name="Rezaei")),
        ("Muhammad", Record(id="1", given_names="Mohammed", family_name="Haddad")),
        ("Mohammad", Record(id="1", given_names="Mohamed", family_name="Haddad")),
        ("محمد", Record(id="1", given_names="Mohammad", family_name="Amiri", nationality="AFG")),
        (
            "Олександр",
            Record(id="1", given_names="Oleksandr", family_name="Shevchenko", nationality="UKR"),
        ),
        ("Alexander", Record(id="1", name_original="Олександр Шевченко")),
        ("Oleksandr", Record(id="1", given_names="Aleksandr", family_name="Ivanov")),
    ],
)
def test_a_given_name_meets_its_holders_in_any_spelling_or_script(
    query: str, record: Record
) -> None:
    assert listed(query) & held(record)


def test_a_family_name_or_another_given_name_is_not_listed() -> None:
    record = Record(id="1", given_names="Mahmoud", family_name="Mohammed")
    # The family name is found by the name keys; the listing is about given names only.
    assert not listed("Mohammed") & held(record)
    assert not listed("Jamil") & held(Record(id="2", given_names="Jamal", family_name="Haddad"))


def test_the_spellings_come_before_the_other_forms() -> None:
    spellings, forms = given_name_keys(Query(name_original="Alexander"))
    assert forms == ["Nalexander"]
    assert all(key.startswith("G") for key in spellings)


FULL = Record(
    id="1",
    given_names="Oleksandr",
    family_name="Shevchenko",
    birth_date=BirthDate(1985, 3, 14),
    sex="m",
)


@pytest.mark.parametrize(
    ("query", "strength"),
    [
        (
            Query(
                family_name="Shevchenko", given_names="Oleksandr", birth_date=BirthDate(1985, 3, 14)
            ),
            Strength.SAME_PERSON,
        ),
        (Query(name_original="Shevchenko"), Strength.NAME_MATCHES),
        (Query(name_original="Олександр Шевченко"), Strength.NAME_MATCHES),
        (
            Query(name_original="Oleksandr Shevchenko", birth_date=BirthDate(1990)),
            Strength.NAME_ONLY,
        ),
        (Query(name_original="Oleksandr Shevchenko", sex="f"), Strength.NAME_ONLY),
        (Query(name_original="Petro Shevchenko"), Strength.SIMILAR),
        (Query(name_original="Oleksandr Shevchrnko"), Strength.SIMILAR),
    ],
)
def test_a_match_says_what_it_rests_on(query: Query, strength: Strength) -> None:
    assert score(query, FULL).strength is strength


def test_an_exact_family_name_alone_is_a_matching_name_though_its_score_is_low() -> None:
    match = score(Query(name_original="Shevchenko"), FULL)
    assert match.score < 0.2 and match.strength is Strength.NAME_MATCHES


def test_a_given_name_alone_is_explained_as_the_given_name() -> None:
    match = score(
        Query(name_original="Mohammed"), Record(id="1", given_names="Mohammad", family_name="Noori")
    )
    said = match.describe()
    assert "given name: same in transliteration (Mohammed ≈ Mohammad)" in said
    assert "family name: not in the search" in said
