"""The hall's state as the database keeps it, and as a process keeps it between events.

Every event of a site runs under the day's row lock (hall/services.py). Reading, parsing and
building the whole `Hall` for each event, and writing all of it back as jsonb, cost more than
100 ms at a thousand visitors; so the state is stored as compressed JSON, and each process keeps
the `Hall` of its last event in memory with the day's `version` it wrote. The next event in the
same process finds the version unchanged and skips the load; after another process's event (or a
rollback) the versions differ and the state is read from the row. The snapshot is still written
with every event, so a process killed at any moment leaves the committed state behind.
"""

from __future__ import annotations

import gc
import secrets
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from anlaufstelle.flow.hall import Hall

# zlib's fastest level: 424 KB of snapshot become 25 KB in under 2 ms; higher levels save little.
LEVEL = 1

# Halls kept per process: one a day for each site that runs one, with room to spare.
KEEP_DAYS = 32

_lock = threading.Lock()
# Day id → (version, hall) of the last event this process committed or is committing.
_halls: dict[int, tuple[int, Hall]] = {}


def pack(data: dict[str, Any]) -> bytes:
    return zlib.compress(orjson.dumps(data), LEVEL)


def unpack(blob: bytes | memoryview) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(zlib.decompress(blob))
    return data


@contextmanager
def _no_collection() -> Iterator[None]:
    """Building or reading a snapshot makes tens of thousands of small objects at once, which
    set off the garbage collector's scans again and again (a 1.3 ms snapshot took 6 ms); none
    of them is garbage yet, so the scans wait until the snapshot is made."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def dump(hall: Hall) -> bytes:
    """The hall's state as stored."""
    with _no_collection():
        return pack(hall.snapshot())


def load(blob: bytes | memoryview) -> Hall:
    """The hall of a stored state."""
    with _no_collection():
        return Hall.from_snapshot(unpack(blob))


def new_version() -> int:
    """A random 63-bit number: the next version of a day's state."""
    return secrets.randbits(63)


def take(day_id: int, version: int) -> Hall | None:
    """The hall this process kept for the day if it is of `version`; it is removed from the
    memory meanwhile, so an event that fails halfway leaves no half-changed hall behind."""
    with _lock:
        kept = _halls.pop(day_id, None)
    if kept is None or kept[0] != version:
        return None
    return kept[1]


def keep(day_id: int, version: int, hall: Hall) -> None:
    """Keep the hall an event wrote as `version`. Kept before the commit, under the row lock:
    if the transaction rolls back, that version is never the row's, and the hall is unused."""
    with _lock:
        _halls[day_id] = (version, hall)
        # Yesterday's halls are never asked for again: only the most recently used stay.
        while len(_halls) > KEEP_DAYS:
            del _halls[next(iter(_halls))]


def forget() -> None:
    """Drop every kept hall (tests that change the database behind the services' back)."""
    with _lock:
        _halls.clear()
