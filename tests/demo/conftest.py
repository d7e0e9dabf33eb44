from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command


def _run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def run_demo() -> Callable[..., str]:
    """Run `anlaufstelle demo` with the given arguments; returns what it printed."""
    return _run


@pytest.fixture
def demo(db) -> str:
    """A small demo centre (40 people) in the test database; returns what the command printed."""
    return _run("--people", "40")
