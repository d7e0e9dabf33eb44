"""Counts over a day, integrated as they change: the series of the simulator's charts.

The hall tells a :class:`Tally` every change of a count (visitors waiting, visitors in the
centre, the length of each queue) at the moment it happens, in time order. The tally adds up
count × minutes per bin of ``width`` minutes as it goes, and keeps each count's peak, so the
day's changes are never stored.
"""

from __future__ import annotations


class Tally:
    """Time-weighted sums per bin and peaks of ``keys`` counts, each starting at 0 at time 0."""

    __slots__ = ("width", "bins", "sums", "value", "last", "peak")

    def __init__(self, keys: int, width: float, bins: int) -> None:
        self.width = width
        self.bins = bins
        self.sums = [[0.0] * bins for _ in range(keys)]
        self.value = [0] * keys
        self.last = [0.0] * keys
        self.peak = [0] * keys

    def change(self, t: float, key: int, delta: int) -> None:
        """Count ``key`` changes by ``delta`` at time ``t`` (never before its last change)."""
        v = self.value[key]
        before = self.last[key]
        if t > before:
            if v:
                self._add(self.sums[key], before, t, v)
            self.last[key] = t
        v += delta
        self.value[key] = v
        if v > self.peak[key]:
            self.peak[key] = v

    def _add(self, row: list[float], a: float, b: float, v: int) -> None:
        width = self.width
        bins = self.bins
        i = int(a // width)
        while a < b and i < bins:
            edge = min(b, (i + 1) * width)
            row[i] += v * (edge - a)
            a = edge
            i += 1

    def averages(self, end: float) -> list[tuple[float, ...]]:
        """Per count, its time-weighted average in each bin, counting each count as it last
        was until ``end``; rounded to 4 digits."""
        width = self.width
        out = []
        for key, row in enumerate(self.sums):
            row = list(row)
            if self.value[key] and end > self.last[key]:
                self._add(row, self.last[key], end, self.value[key])
            out.append(tuple(round(x / width, 4) for x in row))
        return out
