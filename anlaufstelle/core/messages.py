"""Messages that pure cores give as a stable code with parameters, said in the user's language.

The cores (matching, flow) never import Django, so they render English only; each web layer
keeps a table of translatable templates keyed by the core's codes. A code the table does not
know yet, or parameters that do not fit its template, give None, and the caller shows the
core's English text: a message is never lost for want of a translation.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise


def translate(templates: Mapping[str, Promise], code: str, params: Mapping[str, str]) -> str | None:
    template = templates.get(code)
    if template is None:
        return None
    try:
        return str(template) % dict(params)
    except (KeyError, TypeError, ValueError):
        return None
