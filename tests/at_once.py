"""Run calls as two desks would: at the same moment, each in its own thread with its own
database connection (PostgreSQL). SQLite in the tests has one connection, so there they run one
after the other, which still checks that the second finds what the first did."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def at_once(*calls: Callable[[], T]) -> list[T]:
    """The calls' results (in the order they finished); a call that raised fails the test."""
    results: list[T] = []
    errors: list[BaseException] = []
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(len(calls) if concurrent else 1)

    def run(call: Callable[[], T]) -> None:
        try:
            start.wait()
            results.append(call())
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            if concurrent:
                connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        if concurrent:
            thread.start()
        else:
            thread.run()
    for thread in threads:
        if concurrent:
            thread.join()
    if errors:
        raise errors[0]
    return results
