"""Romanisation of Cyrillic names by the tables people actually meet in documents.

* Ukrainian: the national system (Cabinet of Ministers resolution No. 55 of 27 January 2010,
  used in Ukrainian passports), the German Duden spelling (Schewtschenko) and the common
  English spelling of older documents (Yuliya, Andriy).
* Russian: ICAO Doc 9303 (used in Russian passports since 2013), the German Duden spelling
  (Woronzow) and BGN/PCGN, the usual English spelling (Yelena, Dmitriy).

Each table maps one lower-case letter to its Latin value; context rules (word-initial forms,
the Ukrainian зг → zgh, Duden's ss between vowels) are in :func:`transliterate`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Final

from .text import Script


class Scheme(StrEnum):
    UK_NATIONAL = "uk-national-2010"
    UK_DUDEN = "uk-duden"
    UK_ENGLISH = "uk-english"
    RU_ICAO = "ru-icao-9303"
    RU_DUDEN = "ru-duden"
    RU_BGN = "ru-bgn-pcgn"

    @property
    def is_german(self) -> bool:
        return self in (Scheme.UK_DUDEN, Scheme.RU_DUDEN)


_Table = dict[str, str]

_UK_NATIONAL: Final[_Table] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
}  # fmt: skip
# The national system writes є ї й ю я with y- only at the start of a word.
_UK_NATIONAL_INITIAL: Final[_Table] = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_UK_DUDEN: Final[_Table] = {
    "а": "a", "б": "b", "в": "w", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "je",
    "ж": "sch", "з": "s", "и": "y", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ь": "",
    "ю": "ju", "я": "ja",
}  # fmt: skip

_UK_ENGLISH: Final[_Table] = {
    **_UK_NATIONAL, "є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ь": "",
}  # fmt: skip

_RU_ICAO: Final[_Table] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}  # fmt: skip

_RU_DUDEN: Final[_Table] = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
    "з": "s", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z",
    "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "ju", "я": "ja",
}  # fmt: skip

_RU_BGN: Final[_Table] = {
    **_RU_ICAO, "ё": "yo", "й": "y", "ъ": "", "ю": "yu", "я": "ya", "ь": "",
}  # fmt: skip

_TABLES: Final[dict[Scheme, _Table]] = {
    Scheme.UK_NATIONAL: _UK_NATIONAL,
    Scheme.UK_DUDEN: _UK_DUDEN,
    Scheme.UK_ENGLISH: _UK_ENGLISH,
    Scheme.RU_ICAO: _RU_ICAO,
    Scheme.RU_DUDEN: _RU_DUDEN,
    Scheme.RU_BGN: _RU_BGN,
}

_APOSTROPHES: Final = frozenset("'’ʼʹ`")
_VOWELS: Final = frozenset("аеёєиіїоуыэюяaeiouy")
# Letters after which a Russian е/ё is pronounced (and written by BGN and Duden) with y/j.
_IOTATING: Final = frozenset("аеёєиіїоуыэюяъь")


def transliterate(word: str, scheme: Scheme) -> str:
    """Romanise one lower-case Cyrillic word; letters that are not Cyrillic pass through."""
    table = _TABLES[scheme]
    out: list[str] = []
    # The apostrophe (Знамʼянка) only separates sounds; the tables write nothing for it.
    word = "".join(c for c in word.lower() if c not in _APOSTROPHES)
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < len(word) else ""
        value = table.get(ch)
        if value is None:
            out.append(ch)
            continue
        if scheme is Scheme.UK_NATIONAL:
            if ch == "г" and prev == "з":
                # The resolution's own rule, so that зг is not read as the digraph zh.
                value = "gh"
            elif i == 0 and ch in _UK_NATIONAL_INITIAL:
                value = _UK_NATIONAL_INITIAL[ch]
        elif scheme in (Scheme.RU_BGN, Scheme.RU_DUDEN):
            if ch == "е" and (i == 0 or prev in _IOTATING):
                value = "ye" if scheme is Scheme.RU_BGN else "je"
            elif ch == "ё" and prev and prev in "жшчщ":
                value = "o"
            elif ch == "ь" and scheme is Scheme.RU_DUDEN and nxt in ("е", "и", "о"):
                value = "j"  # Duden writes the soft sign before a vowel as j (Iljin)
            elif ch == "й" and scheme is Scheme.RU_DUDEN and prev and prev in "иы" and not nxt:
                value = ""  # the adjectival ending -ий/-ый: Dostojewski, Gorki
        elif scheme is Scheme.UK_DUDEN and ch == "ь" and nxt == "о":
            value = "j"  # the soft sign before о is heard as a glide: Ljowotschkin
        if ch == "с" and scheme.is_german and prev in _VOWELS and nxt in _VOWELS:
            value = "ss"  # a single s between vowels would be read as a voiced z in German
        out.append(value)
    return "".join(out)


def schemes_for(script: Script) -> tuple[Scheme, ...]:
    """The tables worth trying for a word in this script."""
    if script is Script.UKRAINIAN:
        return (Scheme.UK_NATIONAL, Scheme.UK_DUDEN, Scheme.UK_ENGLISH)
    if script is Script.RUSSIAN:
        return (Scheme.RU_ICAO, Scheme.RU_DUDEN, Scheme.RU_BGN)
    if script is Script.CYRILLIC:
        return tuple(Scheme)
    return ()


@lru_cache(maxsize=65536)
def latin_variants(word: str, script: Script) -> tuple[tuple[str, Scheme], ...]:
    """All distinct romanisations of a Cyrillic word with the scheme that produced each."""
    seen: dict[str, Scheme] = {}
    for scheme in schemes_for(script):
        seen.setdefault(transliterate(word, scheme), scheme)
    return tuple(seen.items())
