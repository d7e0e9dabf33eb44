"""Each table on examples from its own standard."""

from __future__ import annotations

import pytest

from anlaufstelle.matching import Scheme, Script, latin_variants, transliterate


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        # Examples printed in KMU resolution No. 55 (2010)
        ("Згорани", "zghorany"),
        ("Розгон", "rozghon"),
        ("Щербухи", "shcherbukhy"),
        ("Юрій", "yurii"),
        ("Олексій", "oleksii"),
        ("Їжакевич", "yizhakevych"),
        ("Кадиївка", "kadyivka"),
        ("Йосипівка", "yosypivka"),
        ("Знамʼянка", "znamianka"),
        ("Яготин", "yahotyn"),
        ("Костянтин", "kostiantyn"),
        ("Гадяч", "hadiach"),
        ("Ґорґани", "gorgany"),
        ("Єнакієве", "yenakiieve"),
        ("Феодосія", "feodosiia"),
    ],
)
def test_ukrainian_national_2010(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, Scheme.UK_NATIONAL) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Шевченко", "schewtschenko"),
        ("Щербак", "schtscherbak"),
        ("Юлія", "julija"),
        ("Жайворон", "schajworon"),
        ("Хоменко", "chomenko"),
        ("Саєнко", "sajenko"),
        ("Цибуля", "zybulja"),
        ("Василь", "wassyl"),
        ("Олеся", "olessja"),  # ss between vowels
    ],
)
def test_ukrainian_duden(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, Scheme.UK_DUDEN) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Юлия", "iuliia"),
        ("Щербаков", "shcherbakov"),
        ("Подъячев", "podieiachev"),  # ъ is ie in ICAO 9303
        ("Ёлкин", "elkin"),
        ("Эдуард", "eduard"),
        ("Рыжов", "ryzhov"),
        ("Дьячков", "diachkov"),
        ("Цветаева", "tsvetaeva"),
    ],
)
def test_russian_icao(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, Scheme.RU_ICAO) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Воронцов", "woronzow"),
        ("Щукина", "schtschukina"),
        ("Хрущёв", "chruschtschow"),  # ё after щ is o
        ("Ёлкин", "jolkin"),
        ("Елена", "jelena"),  # word-initial е is je
        ("Горький", "gorki"),  # -ий ending
        ("Ильин", "iljin"),  # soft sign before a vowel
        ("Селезнева", "selesnewa"),
    ],
)
def test_russian_duden(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, Scheme.RU_DUDEN) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Елена", "yelena"), ("Юлия", "yuliya"), ("Ёлкин", "yolkin"), ("Андреев", "andreyev")],
)
def test_russian_bgn_pcgn(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, Scheme.RU_BGN) == latin


def test_ukrainian_english_spelling_of_older_documents() -> None:
    assert transliterate("Юлія", Scheme.UK_ENGLISH) == "yuliya"
    assert transliterate("Андрій", Scheme.UK_ENGLISH) == "andriy"


def test_variants_offer_every_table_of_the_language() -> None:
    shcherbak = {v for v, _ in latin_variants("щербак", Script.UKRAINIAN)}
    assert {"shcherbak", "schtscherbak"} <= shcherbak
    yuliia = {v for v, _ in latin_variants("юлія", Script.UKRAINIAN)}
    assert {"yuliia", "julija", "yuliya"} <= yuliia
    # Undecided Cyrillic tries both languages' tables.
    both = {s for _, s in latin_variants("марина", Script.CYRILLIC)}
    assert Scheme.UK_NATIONAL in both
    assert Scheme.RU_ICAO in both or Scheme.RU_BGN in both or Scheme.RU_DUDEN in both


def test_non_cyrillic_scripts_have_no_variants() -> None:
    assert latin_variants("oleksandr", Script.LATIN) == ()
