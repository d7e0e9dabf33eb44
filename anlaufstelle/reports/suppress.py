"""Small counts are never shown: a cell counting 1 to 4 people is suppressed, so that a report
cannot point at a person. Where a row shows its total, one suppressed cell could be worked out
from the others, so the next smallest cell is suppressed with it. Plain Python: the figures
arrive as counts and leave with `SUPPRESSED` where they are not to be shown."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

MIN_CELL = 5

K = TypeVar("K", bound=Hashable)


class Suppressed:
    """A count not shown (it was 1 to 4, or would give one away); "<5" wherever it is shown."""

    suppressed = True

    def __str__(self) -> str:
        return f"<{MIN_CELL}"

    def __repr__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED = Suppressed()


def suppress(counts: Mapping[K, int]) -> dict[K, int | Suppressed]:
    """The counts with those from 1 to ``MIN_CELL - 1`` replaced by `SUPPRESSED`, and, where
    only one is, the smallest other non-zero count too (the total would give the one away)."""
    out: dict[K, int | Suppressed] = {
        k: (SUPPRESSED if 0 < v < MIN_CELL else v) for k, v in counts.items()
    }
    hidden = [k for k, v in out.items() if v is SUPPRESSED]
    if len(hidden) == 1:
        shown = sorted((v, i) for i, v in enumerate(out.values()) if isinstance(v, int) and v)
        if shown:
            out[list(out)[shown[0][1]]] = SUPPRESSED
    return out
