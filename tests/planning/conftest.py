"""Fixtures of the planning tests (the helpers live in planning_helpers.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    # The tests import their helpers as `planning_helpers` under any --import-mode.
    sys.path.insert(0, str(HERE))

from planning_helpers import make_tiny_day  # noqa: E402


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions name messages by their English msgid, whatever catalogs are compiled."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def tiny_day() -> dict[str, Any]:
    return make_tiny_day()


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator")
