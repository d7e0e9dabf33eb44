"""Arabic names in Arabic script and in Latin spelling: article, compounds, consonant keys.

Arabic script writes no short vowels, so the only key both spellings share is the sequence of
consonants, coded into the classes of :mod:`anlaufstelle.matching.phonetic` (ق and q and k
are one class, ش and sh and ch and sch another).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product
from typing import Final

from .phonetic import skeleton_of

# Each Arabic-script letter with the consonant classes it is spelt with in Latin letters.
# "" is a letter that Latin spellings render as a vowel or not at all.
_LETTERS: Final[dict[str, tuple[str, ...]]] = {
    "ا": ("",), "آ": ("",), "أ": ("",), "إ": ("",), "ٱ": ("",), "ى": ("",), "ة": ("",),
    "ء": ("",), "ئ": ("",), "ؤ": ("",), "ع": ("",), "ي": ("",), "ی": ("",), "ې": ("",),
    "ے": ("",), "ە": ("",),
    # و is both the consonant w/v (Walid, Parvin) and the long vowel u/o (Masoud).
    "و": ("", "V"),
    "ب": ("B",), "پ": ("P",), "ت": ("T",), "ط": ("T",),
    "ث": ("T", "S"),  # th, but s in Persian and Turkish (Osman)
    "ج": ("X",), "چ": ("X",), "ژ": ("X",), "ش": ("X",),
    "ح": ("H",), "خ": ("H",), "ه": ("H",), "غ": ("H",), "گ": ("H",),
    "د": ("D",),
    "ذ": ("S", "D"),  # dh, z in Persian, d in Levantine speech
    "ض": ("D", "S"),  # d, z in Persian (Ramazan, Reza)
    "ظ": ("S", "D"),
    "ر": ("R",), "ڕ": ("R",), "ز": ("S",), "س": ("S",), "ص": ("S",),
    "ف": ("F",), "ڤ": ("V",),
    "ق": ("K", "H"),  # q, but gh in Persian (Sadeghi)
    "ك": ("K",), "ک": ("K",),
    "ل": ("L",), "ڵ": ("L",), "م": ("M",), "ن": ("N",),
}  # fmt: skip
MAX_VARIANTS: Final = 8

_ARTICLE_SCRIPT: Final = "ال"
_SON_OF_SCRIPT: Final = frozenset({"بن", "ابن", "بنت"})
_COMPOUND_HEADS_SCRIPT: Final = ("عبد", "ابو", "أبو")

# The Latin article before a "moon letter" keeps its l; before a "sun letter" it takes that
# letter's sound (ash-Shami, ad-Din, ar-Rahman), so the consonant is doubled across the hyphen.
_ARTICLES_L: Final = frozenset({"al", "el", "ul", "il", "ol"})
_SUN_ARTICLES: Final = {
    f"{v}{c}": c
    for v in ("a", "e", "u", "i")
    for c in ("t", "th", "d", "dh", "r", "z", "s", "sh", "n")
}
_SON_OF_LATIN: Final = frozenset({"bin", "ben", "ibn", "bint", "binti"})
_ABD_FORMS: Final = frozenset(
    {"abd", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdu", "abdur", "abdus", "abdi"}
)
_ABU_FORMS: Final = frozenset({"abu", "abou", "abo", "bou"})
_DIN_FORMS: Final = frozenset({"din", "deen", "dine", "dean", "ddin", "ddine"})
# Glued article: Alshami, Elchami, Alali (al-ʿAli). Only tried outside East Slavic names.
_GLUED_ARTICLE: Final = re.compile(r"^(?:al|el)([a-z]{3,})$")
_SUN_GLUED: Final = re.compile(r"^[aeu](t|d|r|z|s|n)\1([aeiouy].{1,})$")
_GLUED_DIN: Final = re.compile(r"^([a-z]{2,}?)[aeiou]d?d(?:in|een|ine)$")


def is_arabic_token(token: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in token)


def _abd_root(rest: str) -> str:
    """The name after Abd- with its article removed (ul-Rahman, ur-Rahman, al-Aziz)."""
    stripped = rest.lstrip("aeiou")
    if stripped != rest and stripped.startswith("l") and len(stripped) > 2:
        return stripped[1:]
    if len(stripped) > 2 and stripped[0] == stripped[1] and stripped[0] not in "aeiou":
        return stripped[1:]
    return stripped or rest


def latin_alternatives(token: str, arabic_context: bool) -> tuple[str, ...]:
    """A folded Latin token, and without the glued article or compound joint if it has one."""
    out = [token]
    if token.startswith("abd") and len(token) > 5 and token not in _ABD_FORMS:
        out = ["abd" + _abd_root(token[3:])]
        return tuple(out)
    if not arabic_context:
        return tuple(out)
    m = _GLUED_ARTICLE.match(token)
    if m:
        out.append(m.group(1))
    m = _SUN_GLUED.match(token)
    if m:
        out.append(token[2:])
    m = _GLUED_DIN.match(token)
    if m and len(token) > 6:
        out.append(m.group(1) + "din")
    return tuple(dict.fromkeys(out))


def join_latin_tokens(tokens: list[str]) -> list[str]:
    """Drop separate articles and 'son of' links, and join compounds into one token.

    Abd al-Rahman, Abdul Rahman and Abd ar-Rahman become ``abdrahman``; Nur ad-Din becomes
    ``nurdin``; Abu Bakr becomes ``abubakr``.
    """
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        if nxt is not None and (
            tok in _ARTICLES_L or (tok in _SUN_ARTICLES and nxt.startswith(_SUN_ARTICLES[tok]))
        ):
            # An article belongs to the following word; if the previous token is Abd or Abu
            # the article sits inside a compound and the root follows.
            if out and out[-1] in ("abd", "abu") and nxt not in _DIN_FORMS:
                out[-1] = out[-1] + nxt
            elif out and nxt in _DIN_FORMS:
                out[-1] = out[-1] + "din"
            else:
                out.append(nxt)
            i += 2
            continue
        if tok in _SON_OF_LATIN and out and nxt is not None:
            i += 1
            continue
        if tok in _ABD_FORMS and nxt is not None:
            out.append("abd")
            if nxt not in _ARTICLES_L and nxt not in _SUN_ARTICLES:
                out[-1] = "abd" + nxt
                i += 2
            else:
                i += 1
            continue
        if tok in _ABU_FORMS and nxt is not None:
            out.append("abu")
            if nxt not in _ARTICLES_L and nxt not in _SUN_ARTICLES:
                out[-1] = "abu" + nxt
                i += 2
            else:
                i += 1
            continue
        if tok in _DIN_FORMS and out:
            out[-1] = out[-1] + "din"
            i += 1
            continue
        out.append(tok)
        i += 1
    return out


def join_script_tokens(tokens: list[str]) -> list[str]:
    """The Arabic-script counterpart of :func:`join_latin_tokens`."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in _SON_OF_SCRIPT and out and nxt is not None:
            i += 1
            continue
        if tok in _COMPOUND_HEADS_SCRIPT and nxt is not None:
            out.append(tok + nxt)
            i += 2
            continue
        if nxt is not None and nxt.startswith(_ARTICLE_SCRIPT) and nxt[2:] == "دين":
            out.append(tok + nxt)
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _strip_script_article(token: str) -> str:
    for head in _COMPOUND_HEADS_SCRIPT:
        if token.startswith(head) and len(token) > len(head) + 1:
            rest = token[len(head) :]
            if rest.startswith(_ARTICLE_SCRIPT) and len(rest) > 3:
                rest = rest[2:]
            return head + rest
    if token.startswith(_ARTICLE_SCRIPT) and len(token) > 3:
        token = token[2:]
    # ...ad-Din written as one word: نورالدين
    pos = token.find(_ARTICLE_SCRIPT + "د", 2)
    if pos > 0:
        token = token[:pos] + token[pos + 2 :]
    return token


@lru_cache(maxsize=65536)
def script_skeletons(token: str) -> tuple[str, ...]:
    """Consonant skeletons of an Arabic-script word, article removed, most likely first."""
    word = _strip_script_article(token)
    units: list[tuple[str, ...]] = []
    for i, ch in enumerate(word):
        classes = _LETTERS.get(ch)
        if classes is None:
            continue
        if ch == "و" and (i == 0 or (i > 0 and word[i - 1] == "ا")):
            classes = ("V", "")  # a word-initial و, or one after alef, is a consonant
        units.append(classes)
    results: list[str] = []
    for combo in product(*units):
        key = skeleton_of("".join(combo))
        if key not in results:
            results.append(key)
        if len(results) >= MAX_VARIANTS:
            break
    return tuple(results)
