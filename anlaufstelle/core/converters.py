"""URL parts that take one of a few known words (an entry kind, a referral's move): anything
else is a 404 before a view runs."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.urls import register_converter


def register_choice(name: str, values: Iterable[str]) -> None:
    """Register `<name:...>` for exactly these words."""

    class Choice:
        regex = "|".join(re.escape(v) for v in values)

        def to_python(self, value: str) -> str:
            return value

        def to_url(self, value: str) -> str:
            return value

    register_converter(Choice, name)
