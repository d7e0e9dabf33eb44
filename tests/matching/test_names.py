from __future__ import annotations

import pytest

from anlaufstelle.matching.names import Level, build_name, compare_tokens, name_tokens
from anlaufstelle.matching.phonetic import Style


def level(a: str, b: str) -> Level:
    (x,) = name_tokens(a, style=Style.UNKNOWN, arabic_context=False)
    (y,) = name_tokens(b, style=Style.UNKNOWN, arabic_context=False)
    return compare_tokens(x, y).level


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alexander", "Oleksandr"),
        ("Александр", "Oleksandr"),
        ("Helene", "Olena"),
        ("Jelena", "Олена"),
        ("Andreas", "Andrii"),
        ("Georg", "Юрій"),
        ("Natalja", "Наталія"),
        ("Katharina", "Kateryna"),
        ("Dmitri", "Dmytro"),
    ],
)
def test_name_forms_across_languages(a: str, b: str) -> None:
    assert level(a, b) <= Level.FORM


@pytest.mark.parametrize(
    ("a", "b"),
    [("Олександр", "Oleksandr"), ("Щербак", "Schtscherbak"), ("Юлія", "Julija")],
)
def test_cyrillic_meets_its_transliterations(a: str, b: str) -> None:
    assert level(a, b) <= Level.TRANSLIT


@pytest.mark.parametrize(
    ("a", "b"),
    [("Fomekno", "Fomenko"), ("Nsumov", "Naumov"), ("Radcheko", "Radchenko"), ("Hamtan", "Hamdan")],
)
def test_typos_are_similar_not_different(a: str, b: str) -> None:
    assert level(a, b) is Level.TYPO


@pytest.mark.parametrize(
    ("a", "b"), [("Doroina", "Doronina"), ("Tovstkha", "Tovstukha"), ("Shcherabk", "Shcherbak")]
)
def test_typos_that_keep_the_consonants(a: str, b: str) -> None:
    assert level(a, b) is Level.CONSONANTS


@pytest.mark.parametrize(
    ("a", "b"), [("Olena", "Oksana"), ("Petro", "Pavlo"), ("Ivanenko", "Kovalenko")]
)
def test_other_names_are_different(a: str, b: str) -> None:
    assert level(a, b) is Level.DIFFERENT


def test_record_bags_hold_passport_and_original_tokens() -> None:
    name = build_name("Nataliia Pavlivna", "Tereshchenko", "Наталія Терещенко", "UKR")
    assert [t.text for t in name.given] == ["nataliia", "pavlivna", "наталія"]
    assert [t.text for t in name.family] == ["tereshchenko", "терещенко"]
    assert name.given[1].is_patronymic
    assert not name.given[0].is_patronymic


def test_name_variants_give_plausible_latin_spellings() -> None:
    from anlaufstelle.matching import name_variants

    assert {"Oleksandr", "Olexandr", "Alexander"} <= set(name_variants("Олександр"))
    assert {"Shcherbak", "Schtscherbak"} <= set(name_variants("Щербак"))
    assert {"Yuliia", "Julija", "Yulia"} <= set(name_variants("Юлія"))
    assert "Muhammad" in name_variants("محمد")
