"""The live hall's clock: the time of every event, ticket and desk session.

It is Django's clock, except where a rehearsal (hall/rehearsal.py) runs a day faster than real
time or jumps from event to event: it installs a clock of its own for the code it runs, and
the web requests of other threads and processes keep the real one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

_source: ContextVar[Callable[[], datetime] | None] = ContextVar("hall_clock", default=None)


def now() -> datetime:
    source = _source.get()
    return timezone.now() if source is None else source()


def localdate() -> date:
    """The hall's date now, in the centre's time zone."""
    return timezone.localdate(now())


@contextmanager
def installed(source: Callable[[], datetime]) -> Iterator[None]:
    """Within the block, the hall's time is ``source()`` (aware datetimes that never go back)."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)
