"""Fixtures of the planning tests (the helpers live in planning_helpers.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    # The tests import their helpers as `planning_helpers` under any --import-mode.
    sys.path.insert(0, str(HERE))

from planning_helpers import make_tiny_day  # noqa: E402

from tests.conftest import in_english  # noqa: E402

english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture
def tiny_day() -> dict[str, Any]:
    return make_tiny_day()


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator")
