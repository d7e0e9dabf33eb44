"""Checks on text that every write path runs (model field validators, so forms, services and
imports alike)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The two joiners shape letters without being seen: ZWNJ (U+200C) keeps Persian letters apart
# inside a word (the "-zadeh" of Ebrahimzadeh, ابراهیم‌زاده), ZWJ (U+200D) forms conjuncts in
# Sinhala and other Indic scripts (ශ්‍රී, "Sri"). Between two letters of such a script they are
# part of the spelling; anywhere else (at an edge, beside a space or a Latin letter) they only
# hide a difference, so that two names look alike and are not.
JOINERS = frozenset("\u200c\u200d")

# Unicode categories a name never needs: controls (C0, DEL, C1: tab, newline, NUL, ...), format
# characters (bidi embeddings, overrides and isolates U+202A-E and U+2066-9, the marks
# U+200E/F and U+061C, zero-width space U+200B, soft hyphen, BOM, tags, ...), private-use
# characters, surrogates, and line or paragraph separators. A right-to-left override makes
# "Ivan\u202egnp.exe" show as "Ivanexe.png"; the others are invisible. Combining marks (Mn, Mc,
# Me) are letters' accents and vowel signs and stay allowed.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})


def _joins_letters(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return all(
        char
        and unicodedata.category(char)[0] in "LM"
        and not unicodedata.name(char, "").startswith("LATIN")
        for char in (before, after)
    )


def hidden_characters(text: str) -> list[str]:
    """The characters of `text` that a name may not hold, as U+XXXX, each once, in order."""
    found: list[str] = []
    for index, char in enumerate(text):
        if char in JOINERS:
            refused = not _joins_letters(text, index)
        else:
            refused = unicodedata.category(char) in REFUSED_CATEGORIES
        code = f"U+{ord(char):04X}"
        if refused and code not in found:
            found.append(code)
    return found


NAME_HIDDEN = _(
    "A name cannot hold invisible control characters or characters that change the direction "
    "of writing. Type the name again by hand (found: %(found)s)."
)
TEXT_HIDDEN = _(
    "This text cannot hold invisible control characters or characters that change the "
    "direction of writing. Type it again by hand (found: %(found)s)."
)
# Lines and tabs are part of a text of several lines (an address, a note); nothing else hidden.
LINE_BREAKS = frozenset("\n\r\t")


def validate_name_characters(value: str) -> None:
    _refuse_hidden(hidden_characters(value), NAME_HIDDEN)


def validate_text_characters(value: str) -> None:
    """Free text of one line (a title, an occupation, a household's label): the same hidden
    characters as in a name are refused, since they hide what the text says just as well."""
    _refuse_hidden(hidden_characters(value), TEXT_HIDDEN)


def validate_multiline_characters(value: str) -> None:
    """Free text of several lines (an address, particulars, a description)."""
    found = hidden_characters(value)
    _refuse_hidden(
        [code for code in found if chr(int(code[2:], 16)) not in LINE_BREAKS], TEXT_HIDDEN
    )


def _refuse_hidden(found: list[str], message: Any) -> None:
    if found:
        raise ValidationError(message, code="hidden_characters", params={"found": ", ".join(found)})


def validate_country_code(value: str) -> None:
    """A country's two-letter ISO code, in capitals (what a SEPA file's address takes)."""
    from django_countries import countries

    if value and (value != value.upper() or value not in countries):
        raise ValidationError(
            _("Enter a country's two-letter code in capitals, e.g. DE."), code="country"
        )
