from typing import Any

from django import template

from anlaufstelle.core.categories import Category
from anlaufstelle.privacy.services import basis_words

register = template.Library()


@register.filter
def category_label(value: str) -> str:
    return str(dict(Category.choices).get(value, value))


@register.filter(name="basis_words")
def basis_words_filter(value: Any) -> str:
    """A referral's basis of one category ({"basis": ..., "citation": ...}) in words."""
    if not isinstance(value, dict):
        return ""
    return basis_words(str(value.get("basis", "")), str(value.get("citation", "")))
