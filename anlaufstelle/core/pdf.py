"""Documents as PDF, rendered by WeasyPrint from a template in a given language: the same HTML a
browser could print, with the fonts of the Noto family so that Arabic, Farsi and Cyrillic text
prints in real glyphs, right to left where the language is written so."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


def render_html(template: str, context: dict[str, Any], language: str) -> str:
    """The template in `language`, whatever the reader's own; `language_bidi` tells the page
    its direction."""
    with translation.override(language):
        return render_to_string(
            template,
            {
                **context,
                "language": language,
                "language_bidi": translation.get_language_bidi(),
            },
        )


def render_pdf(template: str, context: dict[str, Any], language: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only the PDF pages need.
    from weasyprint import HTML

    return HTML(string=render_html(template, context, language)).write_pdf()
