"""Unicode normalisation, tokenisation and script detection for person names.

Everything here works on single strings and knows nothing about people; the name logic in
:mod:`anlaufstelle.matching.names` builds on it.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache


class Script(StrEnum):
    """The writing system a name reached the desk in.

    Ukrainian and Russian Cyrillic (and Arabic and Persian Arabic-script) need different
    transliteration tables, so they are told apart where the letters allow it.
    """

    LATIN = "latin"
    UKRAINIAN = "cyrillic-uk"
    RUSSIAN = "cyrillic-ru"
    CYRILLIC = "cyrillic"  # Cyrillic without letters that decide between Ukrainian and Russian
    ARABIC = "arabic"
    PERSIAN = "persian"
    ARABIC_SCRIPT = "arabic-script"  # Arabic script without deciding letters, or both kinds
    MIXED = "mixed"
    UNKNOWN = "unknown"

    @property
    def is_cyrillic(self) -> bool:
        return self in (Script.UKRAINIAN, Script.RUSSIAN, Script.CYRILLIC)

    @property
    def is_arabic(self) -> bool:
        return self in (Script.ARABIC, Script.PERSIAN, Script.ARABIC_SCRIPT)


# Letters that exist in one of the two orthographies only.
_UKRAINIAN_ONLY = frozenset("іїєґІЇЄҐ")
_RUSSIAN_ONLY = frozenset("ыэёъЫЭЁЪ")
# پ چ ژ گ are sounds Arabic lacks; ک and ی are the Persian shapes of kaf and yeh.
_PERSIAN_ONLY = frozenset("پچژگکی")
# ة (ta marbuta), the dotted final yeh and the Arabic kaf do not occur in Persian spelling.
_ARABIC_ONLY = frozenset("ةيكى")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc"


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha() or ("\u00c0" <= ch <= "\u024f" and ch.isalpha())


# Names repeat a great deal across a registry, and a search scores hundreds of them.
@lru_cache(maxsize=65536)
def detect_script(text: str | None) -> Script:
    """Tell the script of a name, and for Cyrillic and Arabic script the language if it shows."""
    if not text:
        return Script.UNKNOWN
    if text.isascii():
        return Script.LATIN if any(ch.isalpha() for ch in text) else Script.UNKNOWN
    text = unicodedata.normalize("NFKC", text)
    latin = cyrillic = arabic = 0
    for ch in text:
        if _is_cyrillic(ch):
            cyrillic += 1
        elif _is_arabic(ch) and ch.isalpha():
            arabic += 1
        elif _is_latin(ch):
            latin += 1
    kinds = sum(1 for n in (latin, cyrillic, arabic) if n)
    if kinds == 0:
        return Script.UNKNOWN
    if kinds > 1:
        return Script.MIXED
    if latin:
        return Script.LATIN
    letters = set(text)
    if cyrillic:
        uk = bool(letters & _UKRAINIAN_ONLY)
        ru = bool(letters & _RUSSIAN_ONLY)
        if uk and not ru:
            return Script.UKRAINIAN
        if ru and not uk:
            return Script.RUSSIAN
        return Script.CYRILLIC
    fa = bool(letters & _PERSIAN_ONLY)
    ar = bool(letters & _ARABIC_ONLY)
    if fa and not ar:
        return Script.PERSIAN
    if ar and not fa:
        return Script.ARABIC
    return Script.ARABIC_SCRIPT


# Apostrophe-like marks: Ukrainian writes ʼ (or ' ’ `) inside names (Марʼяна); Latin spellings
# use them for ayin or soft signs. None of them carries a sound the keys could use.
_APOSTROPHES = "'’‘`´ʼʹʻʽʾʿ′"
# Latin letters whose diacritic stands for a sound a plain letter pair spells elsewhere; simply
# dropping the mark would turn š into s and lose the hush that Schewtschenko and Ševčenko share.
_LATIN_SPECIAL = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "oe",
    "å": "a",
    "ä": "ae",  # as in the machine-readable zone of German documents
    "ö": "oe",
    "ü": "ue",
    "ł": "l",
    "đ": "dj",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ə": "e",
    "š": "sh",
    "ž": "zh",
    # tch, not ch: plain ch is х in German spelling, while č is never anything but ч.
    "č": "tch",
    "ć": "tch",
    "ç": "tch",  # Turkish and Kurdish ç
    "ş": "sh",
    "ś": "sh",
    "ź": "zh",
    "ż": "zh",
    "ğ": "g",
    "ñ": "n",
    "ḥ": "h",
    "ḫ": "kh",
    "ṣ": "s",
    "ḍ": "d",
    "ṭ": "t",
    "ẓ": "z",
    "ġ": "gh",
    "ṯ": "th",
    "ḏ": "dh",
    "ǧ": "j",
}
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,;/()\[\]]+")


_NO_APOSTROPHES = str.maketrans(dict.fromkeys(_APOSTROPHES))
# Where the Latin letters with marks live (Latin-1, Latin Extended A and B, IPA, Latin Extended
# Additional): only these need a look; every other character passes through as it is.
_MARKED_LATIN = re.compile("[\u00c0-\u02af\u1e00-\u1eff]")
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")


@lru_cache(maxsize=4096)
def _fold_letter(ch: str) -> str:
    special = _LATIN_SPECIAL.get(ch)
    if special is not None:
        return special
    if not _is_latin(ch):
        return ch
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    return _LATIN_SPECIAL.get(base, base)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC, case-folded text with apostrophes removed and Latin diacritics resolved.

    Cyrillic and Arabic letters pass through unchanged; only Latin letters are simplified.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_NO_APOSTROPHES)
    text = _MARKED_LATIN.sub(lambda m: _fold_letter(m.group()), text)
    # Arabic tatweel and harakat (short-vowel marks) are optional in writing.
    return _ARABIC_MARKS.sub("", text)


# Latin and Cyrillic letters that look alike; a keyboard layout switch in mid-word (Дeргач
# with a Latin e) is invisible on screen but would break every key.
_LATIN_TO_CYRILLIC = str.maketrans("aeopcxyiBKMHTk", "аеорсхуіВКМНТк")
_CYRILLIC_TO_LATIN = str.maketrans("аеорсхуіВКМНТк", "aeopcxyiBKMHTk")


def _unmix(token: str) -> str:
    cyr = sum(1 for c in token if _is_cyrillic(c))
    if not cyr:
        return token
    lat = sum(1 for c in token if c.isascii() and c.isalpha())
    if not lat:
        return token
    return (
        token.translate(_LATIN_TO_CYRILLIC) if cyr >= lat else token.translate(_CYRILLIC_TO_LATIN)
    )


def tokens(text: str | None) -> list[str]:
    """Split a name field into folded tokens at spaces, hyphens and punctuation."""
    if not text:
        return []
    return [_unmix(t) for t in _SEPARATORS.split(fold(text)) if t and any(c.isalpha() for c in t)]
