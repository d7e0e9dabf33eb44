"""Problems of a day file in the coordinator's language.

The flow core reports a bad day with the field's path, a stable code and parameters
(anlaufstelle/flow/scenario.py) and renders English only. Here each code has a translatable
template; an error without a code, or with one this table does not know yet, falls back to the
core's English text. The path stays as it is: it names fields of the JSON file.
"""

from __future__ import annotations

import json

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.messages import translate
from anlaufstelle.flow import ScenarioError

ERROR_TEXTS: dict[str, Promise] = {
    # The day parser (flow/scenario.py).
    "missing": _("missing"),
    "expected_object": _("expected an object"),
    "expected_list": _("expected a list"),
    "expected_string": _("expected a string"),
    "expected_nonempty_string": _("expected a non-empty string"),
    "expected_string_list": _("expected a list of strings"),
    "expected_number": _("expected a number"),
    "expected_number_min": _("expected a number ≥ %(minimum)s"),
    "expected_number_above": _("expected a number > %(minimum)s"),
    "expected_integer": _("expected an integer"),
    "expected_integer_min": _("expected an integer ≥ %(minimum)s"),
    "expected_bool": _("expected true or false"),
    "expected_entry": _("expected at least one entry"),
    "expected_service": _("expected at least one service"),
    "expected_step": _("expected at least one step"),
    # “from” is the name of the shift's start field in the file.
    "end_before_start": _("expected a number > from (%(start)s)"),
    "duplicate": _("duplicate '%(value)s'"),
    "duplicate_id": _("duplicate id '%(id)s'"),
    "unknown_service": _("unknown service '%(service)s'"),
    "requires_itself": _("a service cannot require itself"),
    "cyclic_prerequisites": _("cyclic prerequisites: %(cycle)s"),
    "wrong_format": _("expected '%(expected)s', got '%(got)s'"),
    # The operating system's reason and the JSON parser's wording are English, so they are left
    # out; the line and column locate the problem.
    "cannot_read": _("cannot read the file"),
    "not_utf8": _("not UTF-8 text"),
    "invalid_json": _("invalid JSON at line %(line)s column %(column)s"),
    # The web's own checks (planning/services.py).
    "not_a_json_number": _("%(name)s is not a number JSON allows"),
    "too_many_minutes": _(
        "%(value)s minutes is more than the %(limit)s minutes (two days) a day file may span"
    ),
    # The planner (flow/planner.py).
    "headcount_too_small": _(
        "%(headcount)s is too small to cover the %(services)s services the visitors need with "
        "the allowed skill sets"
    ),
}

# Paths that are not a field of the file.
PATH_NAMES: dict[str, Promise] = {
    "(day)": _("(whole file)"),
}


def _param(value: object) -> str:
    # Strings are shown as written in the file; anything else (a number, null, true) as JSON.
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def describe(exc: ScenarioError) -> str:
    """``"<path>: <detail>"`` with the detail in the active language."""
    detail = translate(ERROR_TEXTS, exc.code, {k: _param(v) for k, v in exc.params.items()})
    if detail is None:
        return str(exc)
    path = str(PATH_NAMES.get(exc.path, exc.path))
    return f"{path}: {detail}" if path else detail
