"""Person matching: find a person across scripts, transliterations and name forms.

Pure Python, no Django: the registry adapts its rows to :class:`Record` and :class:`Query`,
stores :func:`index_keys` per person, looks candidates up with :func:`query_keys` and ranks
them with :func:`score`. :class:`Index` does the same in memory.
"""

from __future__ import annotations

from .index import Index
from .keys import LISTING_KEY_PREFIXES, given_name_keys, index_keys, one_word, query_keys
from .model import (
    BirthDate,
    MatchingInputError,
    Precision,
    Query,
    Record,
    parse_birth_date,
    parse_query,
    parse_record,
)
from .names import name_variants
from .reasons import Reason
from .scoring import Match, Strength, score, settle
from .text import Script, detect_script
from .translit import Scheme, latin_variants, transliterate

__all__ = [
    "LISTING_KEY_PREFIXES",
    "BirthDate",
    "Index",
    "Match",
    "MatchingInputError",
    "Precision",
    "Query",
    "Reason",
    "Record",
    "Scheme",
    "Script",
    "Strength",
    "detect_script",
    "given_name_keys",
    "index_keys",
    "latin_variants",
    "name_variants",
    "one_word",
    "parse_birth_date",
    "parse_query",
    "parse_record",
    "query_keys",
    "score",
    "settle",
    "transliterate",
]
