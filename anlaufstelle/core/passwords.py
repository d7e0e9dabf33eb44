"""Passwords that the standard validators let through but an attacker tries first.

Django's validators refuse short, numeric and listed common passwords and those close to the
user's name. Staff passwords are guessed differently: a season, month or the organisation's name
with a year and a symbol ("Sommer2024!", "Anlaufstelle-2022"), or one piece repeated
("abh-abh-abh"). This validator refuses those shapes, and any password that holds the user name.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words guessed first in a German public office: seasons, months, greetings, the product and
# "password", in German and English. Compared after folding case and accents.
GUESSED_WORDS = frozenset(
    [
        "fruehling",
        "fruhling",
        "sommer",
        "herbst",
        "winter",
        "spring",
        "summer",
        "autumn",
        "fall",
        "januar",
        "februar",
        "maerz",
        "marz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
        "january",
        "february",
        "march",
        "may",
        "june",
        "july",
        "october",
        "december",
        "passwort",
        "password",
        "kennwort",
        "willkommen",
        "welcome",
        "hallo",
        "hello",
        "geheim",
        "secret",
        "anlaufstelle",
        "ankommenszentrum",
        "stadt",
        "amt",
        "rathaus",
        "admin",
        "administrator",
    ]
)
# What people append to a word to satisfy a policy: digits, symbols, separators.
_DECORATION = re.compile(r"[\d\W_]+")


def _fold(text: str) -> str:
    text = text.casefold()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _repeats_one_piece(letters: str) -> bool:
    n = len(letters)
    return any(
        n % size == 0 and letters[:size] * (n // size) == letters for size in range(1, n // 2 + 1)
    )


class GuessablePasswordValidator:
    """Refuses a guessed word with decoration, one piece repeated, and the user name inside."""

    def validate(self, password: str, user: Any = None) -> None:
        folded = _fold(password)
        words = [w for w in _DECORATION.split(folded) if w]
        if words and all(w in GUESSED_WORDS for w in words):
            raise ValidationError(
                _("This password is a word that is guessed first, with a number or sign added."),
                code="password_guessable_word",
            )
        letters = _DECORATION.sub("", folded) or folded
        if _repeats_one_piece(letters) or len(set(folded)) < 4:
            raise ValidationError(
                _("This password repeats the same few characters."),
                code="password_repetitive",
            )
        username = _fold(getattr(user, "username", "") or "") if user is not None else ""
        if len(username) >= 3 and any(
            part and len(part) >= 3 and part in folded for part in re.split(r"[.\-_@]", username)
        ):
            raise ValidationError(
                _("This password contains your user name."), code="password_contains_username"
            )

    def get_help_text(self) -> str:
        return _(
            "Not a season, month or a word like “password” with a number or sign added, no "
            "repeated piece, and not your user name."
        )
