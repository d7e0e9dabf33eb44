"""Names hold what they show: no control characters, no characters that turn the direction of
writing, no invisible ones; accents, vowel signs and the joiners a script needs stay."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from anlaufstelle.core.validators import (
    hidden_characters,
    validate_multiline_characters,
    validate_name_characters,
    validate_text_characters,
)


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Ivan\u202egnp.exe", ["U+202E"]),  # right-to-left override: shows "Ivanexe.png"
        ("\u202aIvan\u202c", ["U+202A", "U+202C"]),
        ("\u202bИван\u202d", ["U+202B", "U+202D"]),
        ("\u2066Ivan\u2069 \u2067Petro\u2068", ["U+2066", "U+2069", "U+2067", "U+2068"]),
        ("Iv\u200ban", ["U+200B"]),  # zero-width space
        ("Ivan\u200e", ["U+200E"]),  # left-to-right mark
        ("\u200fمحمد", ["U+200F"]),  # right-to-left mark
        ("\u061cمحمد", ["U+061C"]),  # Arabic letter mark
        ("Iva\x00n", ["U+0000"]),
        ("Ivan\tPetro\n", ["U+0009", "U+000A"]),
        ("Ivan\x7f", ["U+007F"]),
        ("Ivan\x85\x9b", ["U+0085", "U+009B"]),  # C1 controls
        ("Ivan\u00adov", ["U+00AD"]),  # soft hyphen
        ("\ufeffIvan", ["U+FEFF"]),
        ("Ivan\u2028Petro", ["U+2028"]),
        ("Ivan\ue000", ["U+E000"]),  # private use
        ("Iv\u200can", ["U+200C"]),  # a joiner has no use between Latin letters
        ("ابراهیم\u200c", ["U+200C"]),  # nor at the end of a word
        ("\u200dශ්\u200dරී", ["U+200D"]),  # nor at its start
        ("ابراهیم \u200cزاده", ["U+200C"]),  # nor beside a space
    ],
)
def test_hidden_and_turning_characters_are_refused_and_named(name, found):
    assert hidden_characters(name) == found
    with pytest.raises(ValidationError) as refused:
        validate_name_characters(name)
    assert refused.value.code == "hidden_characters"
    assert ", ".join(found) in refused.value.messages[0]


@pytest.mark.parametrize(
    "name",
    [
        "Müller-Lüdenscheidt",
        "Jose\u0301",  # decomposed é: a combining accent
        "Nguyễn Thị",
        "O'Brien",
        "ابراهیم\u200cزاده",  # Persian: ZWNJ inside a word (Ebrahimzadeh)
        "مهدی\u200cپور",
        "ශ්\u200dරී",  # Sinhala "Sri": ZWJ forms the conjunct
        "मोहन",  # Devanagari with a vowel sign (Mc)
        "Олександр Шевченко",
        "محمد علی",
    ],
)
def test_names_as_people_write_them_are_allowed(name):
    assert hidden_characters(name) == []
    validate_name_characters(name)


@pytest.mark.parametrize(
    ("validator", "text", "found"),
    [
        (validate_text_characters, "Electrician\u202e", "U+202E"),
        (validate_text_characters, "Cook\nChef", "U+000A"),  # one line: no line break
        (validate_multiline_characters, "Main St. 1\n06108 Halle\u200b", "U+200B"),
        (validate_multiline_characters, "cares for\u2066 the grandmother", "U+2066"),
    ],
)
def test_free_text_refuses_hidden_characters(validator, text, found):
    with pytest.raises(ValidationError) as raised:
        validator(text)
    assert found in str(raised.value.messages)


@pytest.mark.parametrize(
    "text", ["Main St. 1\r\n06108 Halle", "Зварник\tелектрик", "ابراهیم\u200cزاده"]
)
def test_free_text_of_several_lines_keeps_lines_tabs_and_joiners(text):
    validate_multiline_characters(text)
