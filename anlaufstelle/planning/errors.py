"""Problems of a day file in the coordinator's language.

The flow core reports a bad day with the field's path, a stable code and parameters
(anlaufstelle/flow/messages.py holds the one table of templates); here the template is said in
the active language. The path stays as it is: it names fields of the JSON file.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.messages import translate
from anlaufstelle.flow import ScenarioError
from anlaufstelle.flow.messages import MESSAGES, render

# Paths that are not a field of the file.
PATH_NAMES: dict[str, Promise] = {
    "(day)": _("(whole file)"),
}


def describe(exc: ScenarioError) -> str:
    """``"<path>: <detail>"`` with the detail in the active language."""
    template = MESSAGES.get(exc.code)
    if template is None:
        return str(exc)
    detail = translate(template, exc.params, render(exc.code, exc.params))
    path = str(PATH_NAMES.get(exc.path, exc.path))
    return f"{path}: {detail}" if path else detail
