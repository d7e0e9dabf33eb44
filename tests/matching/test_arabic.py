from __future__ import annotations

import pytest

from anlaufstelle.matching.arabic import join_latin_tokens, latin_alternatives, script_skeletons
from anlaufstelle.matching.names import Level, compare_tokens, name_tokens
from anlaufstelle.matching.phonetic import Style
from anlaufstelle.matching.text import tokens


def family(text: str) -> set[str]:
    toks = name_tokens(text, style=Style.UNKNOWN, arabic_context=True)
    assert len(toks) == 1, toks
    return set(toks[0].skel)


@pytest.mark.parametrize(
    "spelling", ["Al-Shami", "El Chami", "ash-Shami", "Al Schami", "Alshami", "Shami", "الشامي"]
)
def test_article_and_sun_letter_assimilation_are_ignored(spelling: str) -> None:
    assert "XM" in family(spelling)


@pytest.mark.parametrize(
    "spelling",
    [
        "Abdul Rahman",
        "Abd al-Rahman",
        "Abd ar-Rahman",
        "Abdelrahman",
        "Abdurrahman",
        "Abdul-Rahman",
        "عبد الرحمن",
        "عبدالرحمن",
    ],
)
def test_abd_compounds_become_one_token(spelling: str) -> None:
    assert "BDRHMN" in family(spelling)


def test_ad_din_compounds_and_son_of_links() -> None:
    assert join_latin_tokens(tokens("Nur ad-Din")) == ["nurdin"]
    assert join_latin_tokens(tokens("Abu Bakr")) == ["abubakr"]
    assert join_latin_tokens(tokens("Ali bin Hassan")) == ["ali", "hassan"]
    assert join_latin_tokens(tokens("Mohammed al-Ahmad")) == ["mohammed", "ahmad"]
    assert "nurdin" in latin_alternatives("nureddin", arabic_context=True)


def test_glued_article_is_tried_only_outside_east_slavic_names() -> None:
    assert "najjar" in latin_alternatives("alnajjar", arabic_context=True)
    assert latin_alternatives("alina", arabic_context=False) == ("alina",)


def test_script_letters_map_to_the_latin_consonant_classes() -> None:
    assert "MHMD" in script_skeletons("محمد")
    assert "KRM" in script_skeletons("کریمی")  # Persian kaf and yeh
    assert {"KSM", "HSM"} <= set(script_skeletons("قاسمی"))  # qaf, spelt gh in Persian
    assert "PRVN" in script_skeletons("پروین")  # و as v
    assert "MSD" in script_skeletons("مسعود")  # و as the vowel u


@pytest.mark.parametrize(
    ("latin", "script"),
    [
        ("Khalil", "خليل"),
        ("Chalil", "خليل"),
        ("Rashid", "رشيد"),
        ("Rachid", "رشيد"),
        ("Yacoub", "يعقوب"),
        ("Zainab", "زينب"),
        ("Reza", "رضا"),
        ("Ibraheem", "إبراهيم"),
        ("Jawad", "جواد"),
    ],
)
def test_latin_spelling_meets_the_script(latin: str, script: str) -> None:
    (a,) = name_tokens(latin, style=Style.UNKNOWN, arabic_context=True)
    (b,) = name_tokens(script, style=Style.UNKNOWN, arabic_context=True)
    assert compare_tokens(a, b).level is Level.TRANSLIT


@pytest.mark.parametrize(
    ("a", "b", "best"),
    [
        ("Mohammed", "Muhammad", Level.CONSONANTS),
        ("Mohammed", "Mehmet", Level.FORM),
        ("Hussein", "Hüseyin", Level.FORM),
        ("Zeinab", "Zaynab", Level.TRANSLIT),
    ],
)
def test_common_spelling_variants(a: str, b: str, best: Level) -> None:
    (x,) = name_tokens(a, style=Style.UNKNOWN, arabic_context=True)
    (y,) = name_tokens(b, style=Style.UNKNOWN, arabic_context=True)
    assert compare_tokens(x, y).level <= best
