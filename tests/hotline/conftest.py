from __future__ import annotations

import pytest

from anlaufstelle.hotline.models import Line
from tests.conftest import in_english

english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture
def line(db):
    return Line.objects.create(code="ua-ru", name="Hotline UA/RU", languages=["uk", "ru"])
