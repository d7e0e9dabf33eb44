from __future__ import annotations

import pytest

from anlaufstelle.matching import Script, detect_script
from anlaufstelle.matching.text import fold, tokens


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Олександр Ґоляш", Script.UKRAINIAN),  # ґ
        ("Юлія", Script.UKRAINIAN),  # і
        ("Наталія Їжак", Script.UKRAINIAN),  # ї
        ("Єрошенко", Script.UKRAINIAN),  # є
        ("Дьячков Эдуард", Script.RUSSIAN),  # э
        ("Хрущёв", Script.RUSSIAN),  # ё
        ("Подъячев", Script.RUSSIAN),  # ъ
        ("Рыбаков", Script.RUSSIAN),  # ы
        ("Марина Комар", Script.CYRILLIC),  # nothing decides
        ("فاطمة النجار", Script.ARABIC),  # ة
        ("کریمی", Script.PERSIAN),  # ک ی
        ("پروین", Script.PERSIAN),  # پ
        ("ژیان", Script.PERSIAN),  # ژ
        ("محمد", Script.ARABIC_SCRIPT),  # nothing decides
        ("پروین الشامي", Script.ARABIC_SCRIPT),  # both kinds of letters
        ("Schewtschenko", Script.LATIN),
        ("Hêvî Kühnert", Script.LATIN),
        ("Olga Ольга", Script.MIXED),
        ("", Script.UNKNOWN),
        (None, Script.UNKNOWN),
        ("1234 --", Script.UNKNOWN),
    ],
)
def test_detect_script(text: str | None, script: Script) -> None:
    assert detect_script(text) is script


def test_fold_resolves_diacritics_to_the_sound_they_spell() -> None:
    assert fold("Ševčenko") == "shevtchenko"
    assert fold("Kühnert") == "kuehnert"
    assert fold("Hêvî") == "hevi"
    assert fold("Straße") == "strasse"
    assert fold("Şimşek") == "shimshek"
    assert fold("Çelik") == "tchelik"


def test_fold_drops_apostrophes_and_keeps_other_scripts() -> None:
    assert fold("Марʼяна") == "маряна"
    assert fold("Ya'qub") == "yaqub"
    assert fold("ʿAbd") == "abd"
    assert fold("مُحَمَّد") == "محمد"  # harakat are optional


def test_tokens_split_on_hyphens_and_spaces() -> None:
    assert tokens("Al-Shami  Müller-Lüdenscheidt") == ["al", "shami", "mueller", "luedenscheidt"]
    assert tokens(None) == []
    assert tokens(" - ") == []


def test_tokens_repair_a_keyboard_layout_switch_inside_a_word() -> None:
    # "Дeргач" with a Latin e looks right on screen but is two scripts.
    assert tokens("Дeргач") == ["дергач"]
    assert tokens("Kоваль") == ["коваль"]
    assert tokens("Mаrija") == ["marija"]  # Cyrillic а in a Latin word
