"""Template helpers of every page."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Dates, times and the 01.01. placeholder: written left to right in every language. Inside a
# right-to-left sentence the bidi algorithm would otherwise move their dots and reorder their
# parts ("01.01." shows as ".01.01", "02.12.2026 12:04" as "12:04 02.12.2026").
LTR_TOKEN = re.compile(
    r"\d{1,2}\.\d{1,2}\.\d{4}(?:,?\s\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}\.\d{1,2}\.(?!\d)"
    r"|\d{1,2}\.\d{4}"
    r"|\d{1,2}:\d{2}"
)


@register.filter(is_safe=True)
def ltr_isolated(value: Any) -> SafeString:
    """The text, escaped, with each date-like token isolated as left-to-right."""
    escaped = str(conditional_escape(value))
    return mark_safe(LTR_TOKEN.sub(lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>', escaped))
