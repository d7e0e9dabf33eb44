"""An in-memory index: the same look-up-then-score flow the registry runs on its key table.

Both look candidates up the same way (:func:`choose_keys`, :func:`key_weight`): the query's
keys are read rarest first within a budget, and each person is ranked by the summed weight of
the keys they share with the query. A shared rare key (a full birth date with the family
initial, an unusual family name) says more than several shared common ones: in a registry of a
million, hundreds of people named Husseini share the family key and its typo variants with a
query for Javad Husseini, and counting keys alone would crowd out the one born on the queried
day who shares only the date key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

from .keys import index_keys, query_keys
from .model import Query, Record
from .scoring import Match, features, score_features, settle

# Scoring is most of a search's time. Measured with bench/matching/registry.py at a million
# generated people: of the registered people found among 200 candidates, 390 of 394 rank
# within the first 100, and none of the other four is ranked first by the score (recall@1
# 0.785 with 100 or 200, recall@5 0.928 against 0.931); at 200,000 in memory no figure changes.
MAX_CANDIDATES: Final = 100
# Fewer people than this share a usable key with the search: every namesake is among them,
# so `settle` may judge a name unique (judged before the cut to the scored candidates).
COMPLETE_BELOW: Final = 200
# A key shared by more people than this says little about any of them (a common family name
# on its own); its people are not read. Searches stay fast at a million people, and one made
# of such keys only says that the name is too common.
MAX_POSTINGS: Final = 2000
# The postings one search may read, spent on its rarest keys first. Summing them is most of a
# search's time in the database; at a million generated people 10,000 rank as 20,000 did
# (recall@1 0.785, recall@5 0.928; at 200,000 in memory no figure changes).
ROW_BUDGET: Final = 10000
# Weights are integers so that every database sums them exactly like Python does (the same
# ties, the same order); a key held by one person weighs about 14 units of a shared-by-10,000.
_WEIGHT_UNIT: Final = 100
_RARE: Final = 10000


def key_weight(postings: int) -> int:
    """How much sharing a key held by `postings` people says (an inverse frequency)."""
    return round(_WEIGHT_UNIT * math.log2(1 + _RARE / max(1, postings)))


def choose_keys(postings: Mapping[str, int]) -> tuple[list[str], bool]:
    """The keys worth reading, rarest first within the budget; and whether any were left out
    for being too common. Keys nobody holds are dropped."""
    usable: list[str] = []
    budget, skipped = ROW_BUDGET, False
    for key in sorted(postings, key=lambda k: (postings[k], k)):
        n = postings[key]
        if n == 0:
            continue
        if n > MAX_POSTINGS or n > budget:
            skipped = True
            continue
        usable.append(key)
        budget -= n
    return usable, skipped


class Index:
    """Records stored under their blocking keys; a search scores the best-keyed candidates."""

    def __init__(self, max_candidates: int = MAX_CANDIDATES) -> None:
        self.max_candidates = max_candidates
        self._by_key: dict[str, set[str]] = {}
        self._records: dict[str, Record] = {}
        self._keys: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._records

    def add(self, record: Record) -> None:
        """Store a record; a record with the same id replaces the earlier one."""
        if record.id in self._records:
            self.remove(record.id)
        keys = index_keys(record)
        self._records[record.id] = record
        self._keys[record.id] = keys
        for k in keys:
            self._by_key.setdefault(k, set()).add(record.id)

    def remove(self, record_id: str) -> None:
        """Forget a record; unknown ids are ignored."""
        self._records.pop(record_id, None)
        for k in self._keys.pop(record_id, set()):
            ids = self._by_key.get(k)
            if ids is not None:
                ids.discard(record_id)
                if not ids:
                    del self._by_key[k]

    def candidates(self, query: Query) -> list[str]:
        """Ids sharing keys with the query, the weightiest shared keys first, capped."""
        return self._candidates(query)[0]

    def _candidates(self, query: Query) -> tuple[list[str], bool]:
        """The candidates to score, and whether they hold every namesake (`complete`)."""
        postings = {k: len(self._by_key.get(k, ())) for k in query_keys(query)}
        usable, skipped = choose_keys(postings)
        weights: dict[str, int] = {}
        for k in usable:
            w = key_weight(postings[k])
            for rid in self._by_key[k]:
                weights[rid] = weights.get(rid, 0) + w
        ranked = sorted(weights, key=lambda rid: (-weights[rid], rid))
        complete = not skipped and len(ranked) < COMPLETE_BELOW
        return ranked[: self.max_candidates], complete

    def search(self, query: Query, top: int = 10) -> list[tuple[str, Match]]:
        """The best-scoring records for a query, best first."""
        qf = features(query)
        ids, complete = self._candidates(query)
        scored = [(rid, score_features(qf, features(self._records[rid]))) for rid in ids]
        scored = settle(scored, complete=complete)
        scored.sort(key=lambda item: (-item[1].score, item[0]))
        return scored[:top]
