"""The hall's state as the database keeps it, and as a process keeps it between events.

Every event of a site runs under the day's row lock (hall/services.py). Reading, parsing and
building the whole `Hall` for each event cost 17 ms at a thousand visitors, and packing it again
7 ms, all while the other desks of the site wait for the lock. So:

- each process keeps the `Hall` of its last event in memory, with the day's `version` and event
  number (`seq`) after it. The next event in the same process finds the version unchanged and
  uses it as it is;
- every event writes what it changed (`flow.journal`) as a `HallChange` row numbered `seq`. A
  process whose kept hall is a few events behind (another process had the events meanwhile)
  replays the changes since, which takes well under a millisecond an event;
- the whole state is packed onto the day's row only every `SNAPSHOT_EVERY` events. A process
  without a usable hall (just started, or long idle) builds it from that snapshot and replays
  the changes after it.

A rolled-back event leaves neither its change row nor its version behind, and a kept hall is
used only if the change row of its `seq` carries its version; so what an event reads is always
the committed state, and a process killed at any moment leaves it whole behind.
"""

from __future__ import annotations

import gc
import logging
import secrets
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import orjson

from anlaufstelle.flow.errors import HallError
from anlaufstelle.flow.hall import Hall
from anlaufstelle.flow.journal import Journal, replay

if TYPE_CHECKING:
    from anlaufstelle.hall.models import HallDay

log = logging.getLogger(__name__)

# zlib's fastest level: 424 KB of snapshot become 25 KB in under 2 ms; higher levels save little.
LEVEL = 1

# Events between two snapshots of the whole state. Building a hall replays at most this many;
# a kept hall further behind than this is built from the snapshot instead.
SNAPSHOT_EVERY = 100

# Times `current` reads the snapshot and the changes after it before it gives up: a snapshot
# written between its two reads needs one more, a hundred events meanwhile another.
READS = 3

# Halls kept per process: one a day for each site that runs one, with room to spare.
KEEP_DAYS = 32

# Tests set this: every event then builds the hall again from the database and compares it with
# the one it changed, so a change that bypassed the journal shows at once.
CHECK = False

_lock = threading.Lock()
# Day id → (version, seq, hall) of the last event this process committed or is committing.
_halls: dict[int, tuple[int, int, Hall]] = {}


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


def take(day_id: int) -> tuple[int, int, Hall] | None:
    """The hall this process kept for the day, with its version and seq; it is removed from
    memory meanwhile, so an event that fails halfway leaves no half-changed hall behind."""
    with _lock:
        return _halls.pop(day_id, None)


def keep(day_id: int, version: int, seq: int, hall: Hall) -> None:
    """Keep the hall an event wrote as `version`, event `seq`. Kept before the commit, under the
    row lock: if the transaction rolls back, that version is never the row's nor a change's,
    and the hall is unused."""
    with _lock:
        _halls[day_id] = (version, seq, hall)
        # Yesterday's halls are never asked for again: only the most recently used stay.
        while len(_halls) > KEEP_DAYS:
            del _halls[next(iter(_halls))]


def forget() -> None:
    """Drop every kept hall (tests that change the database behind the services' back)."""
    with _lock:
        _halls.clear()


# --- With the database ---------------------------------------------------------------------------


def _changes(day_id: int, after: int, upto: int) -> list[tuple[int, int, bytes]]:
    from anlaufstelle.hall.models import HallChange

    rows = HallChange.objects.filter(day_id=day_id, seq__gt=after, seq__lte=upto).order_by("seq")
    return [(seq, version, bytes(ops)) for seq, version, ops in rows.values_list(
        "seq", "version", "ops"
    )]  # fmt: skip


def _replayed(hall: Hall, rows: list[tuple[int, int, bytes]]) -> Hall:
    with _no_collection():
        for _seq, _version, ops in rows:
            replay(hall, orjson.loads(ops))
    return hall


def _complete(rows: list[tuple[int, int, bytes]], after: int, upto: int) -> bool:
    return [row[0] for row in rows] == list(range(after + 1, upto + 1))


def _caught_up(day: HallDay, kept: tuple[int, int, Hall]) -> Hall | None:
    """The kept hall brought up to `day`'s last event by replaying the changes since, if they
    are all still there and the kept hall is the committed state of its event."""
    version, seq, hall = kept
    if not 0 < seq < day.seq or day.seq - seq > SNAPSHOT_EVERY:
        return None
    rows = _changes(day.pk, seq - 1, day.seq)
    if not _complete(rows, seq - 1, day.seq) or rows[0][1] != version:
        return None  # the kept event was rolled back, or its changes are gone
    try:
        return _replayed(hall, rows[1:])
    except HallError:
        # Cannot happen while every change goes through the journal; the snapshot serves.
        log.exception("hall day %s: replay from event %s failed", day.pk, seq)
        return None


def for_event(day: HallDay) -> Hall:
    """The hall of `day` after its last event; `day` is the row the event has locked, with its
    `seq` and `version` (not necessarily its `state`)."""
    kept = take(day.pk)
    if kept is not None:
        if kept[0] == day.version:
            return kept[2]
        hall = _caught_up(day, kept)
        if hall is not None:
            return hall
    return current(day.pk)


def current(day_id: int) -> Hall:
    """The day's hall now, built from its snapshot and the changes after it, as committed (or as
    this transaction sees them); to read (the coordinator's view, the export) or for an event.
    Without a lock: if a snapshot is written meanwhile and the changes it replaces are gone, it
    reads again, a few times; changes missing every time are an error, not a wait."""
    from anlaufstelle.hall.models import HallDay

    for _attempt in range(READS):
        blob, after, upto = HallDay.objects.values_list("state", "snapshot_seq", "seq").get(
            pk=day_id
        )
        rows = _changes(day_id, after, upto)
        if _complete(rows, after, upto):
            return _replayed(load(blob), rows)
    raise HallError(f"hall day {day_id}: changes {after + 1}..{upto} are not all stored")


def write(day: HallDay, journal: Journal) -> None:
    """Write down the event that made `journal`'s changes to the hall of locked `day`: its
    change row, the day's new version and seq (with `next_number` and `next_return`), and
    every SNAPSHOT_EVERY events the whole state, dropping the changes no kept hall can need."""
    from anlaufstelle.hall.models import HallChange

    hall = journal.hall
    day.seq += 1
    day.version = new_version()
    HallChange.objects.create(
        day_id=day.pk, seq=day.seq, version=day.version, ops=orjson.dumps(journal.ops)
    )
    # With the counters the event may have moved on the row.
    fields = ["seq", "version", "next_number", "next_return"]
    if day.seq - day.snapshot_seq >= SNAPSHOT_EVERY:
        day.state = dump(hall)
        day.snapshot_seq = day.seq
        fields += ["state", "snapshot_seq"]
        HallChange.objects.filter(day_id=day.pk, seq__lte=day.seq - SNAPSHOT_EVERY).delete()
    day.save(update_fields=fields)
    if CHECK:
        again = current(day.pk).snapshot()
        if again != hall.snapshot():
            raise HallError(f"hall day {day.pk}: event {day.seq} does not replay to the same hall")
    keep(day.pk, day.version, day.seq, hall)
