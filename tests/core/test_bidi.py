"""Dates and the 01.01. placeholder keep their order inside right-to-left sentences."""

from __future__ import annotations

import pytest

from anlaufstelle.core.templatetags.core_tags import ltr_isolated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.01. هو عنصر نائب", '<bdi dir="ltr">01.01.</bdi> هو عنصر نائب'),
        ("مثل 31.12.1990.", 'مثل <bdi dir="ltr">31.12.1990</bdi>.'),
        ("(03.1985) یا 1985", '(<bdi dir="ltr">03.1985</bdi>) یا 1985'),
        ("02.12.2026 12:04", '<bdi dir="ltr">02.12.2026 12:04</bdi>'),
        ("رقم 5", "رقم 5"),
    ],
)
def test_date_tokens_are_isolated_left_to_right(text, expected):
    assert ltr_isolated(text) == expected


def test_the_text_is_escaped_first():
    assert ltr_isolated("<b>01.01.</b>") == '&lt;b&gt;<bdi dir="ltr">01.01.</bdi>&lt;/b&gt;'
