"""Messages of the pure cores said in the user's language.

A core (flow, matching) keeps one table of codes and English %-style templates, marked with its
own ``gettext_noop`` so that ``makemessages`` extracts them into the catalogues, and renders the
English itself. The web layer looks the same template up in the catalogue here; there is no
second table.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext


def translate(template: str | None, params: Mapping[str, str], english: str) -> str:
    """``gettext(template) % params`` in the active language. ``english`` (the core's own
    rendering) when the core gave no template, or when a translation does not fit the
    parameters: a message is never lost for a translator's slip."""
    if template is None:
        return english
    try:
        return gettext(template) % dict(params)
    except (KeyError, TypeError, ValueError):
        return english
