"""The flow core's one table of messages: what is wrong with a day, forecast or skill-set file,
or with a planning request, as a stable code and an English %-style template.

A :class:`~anlaufstelle.flow.scenario.ScenarioError` carries the code and its parameters; the
core renders the English line itself (``template % params``, the command line's output), and
the web layer says the same in the user's language with ``gettext(template) % params``
(anlaufstelle/core/messages.py). The templates are wrapped in :func:`gettext_noop` so that
Django's ``makemessages`` extracts them into the catalogues: there is no second table to keep
in step with this one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final


def gettext_noop(message: str) -> str:
    """Mark a template for extraction by makemessages (which knows this name); return it as is.

    The core cannot import Django, whose function of the same name does the same."""
    return message


MESSAGES: Final[dict[str, str]] = {
    # Fields of a day, forecast or skill-set file (flow/scenario.py, flow/generator.py,
    # flow/planner.py).
    "missing": gettext_noop("missing"),
    "expected_object": gettext_noop("expected an object"),
    "expected_list": gettext_noop("expected a list"),
    "expected_string": gettext_noop("expected a string"),
    "expected_nonempty_string": gettext_noop("expected a non-empty string"),
    "expected_string_list": gettext_noop("expected a list of strings"),
    "expected_number": gettext_noop("expected a number"),
    "expected_number_min": gettext_noop("expected a number ≥ %(minimum)s"),
    "expected_number_above": gettext_noop("expected a number > %(minimum)s"),
    "expected_integer": gettext_noop("expected an integer"),
    "expected_integer_min": gettext_noop("expected an integer ≥ %(minimum)s"),
    "expected_bool": gettext_noop("expected true or false"),
    "expected_entry": gettext_noop("expected at least one entry"),
    "expected_service": gettext_noop("expected at least one service"),
    "expected_step": gettext_noop("expected at least one step"),
    # Translators: “from” is the name of the shift's start field in the file; keep it as it is.
    "end_before_start": gettext_noop("expected a number > from (%(start)s)"),
    "duplicate": gettext_noop("duplicate '%(value)s'"),
    "duplicate_id": gettext_noop("duplicate id '%(id)s'"),
    "unknown_service": gettext_noop("unknown service '%(service)s'"),
    "requires_itself": gettext_noop("a service cannot require itself"),
    # Translators: %(cycle)s is a chain of service ids such as "a -> b -> a".
    "cyclic_prerequisites": gettext_noop("cyclic prerequisites: %(cycle)s"),
    # Translators: %(expected)s is the format name the file must declare, %(got)s what it says.
    "wrong_format": gettext_noop("expected '%(expected)s', got '%(got)s'"),
    # Translators: %(reason)s is the operating system's own (English) wording, e.g. "No such
    # file or directory".
    "cannot_read": gettext_noop("cannot read file (%(reason)s)"),
    "not_utf8": gettext_noop("not UTF-8 text"),
    # The JSON parser's own wording is English only: the line and column locate the problem.
    "invalid_json": gettext_noop("invalid JSON at line %(line)s column %(column)s"),
    # The forecast file (flow/generator.py).
    "expected_positive_weight": gettext_noop("expected at least one positive weight"),
    "expected_number_list": gettext_noop("expected a non-empty list of numbers"),
    "expected_service_ids": gettext_noop("expected a list of service ids"),
    "expected_probability": gettext_noop("expected a probability between 0 and 1"),
    "expected_share": gettext_noop("expected a share between 0 and 1"),
    "expected_concerns": gettext_noop("expected bundles or extras that name at least one service"),
    # Translators: the keys of "party_sizes" in a forecast file are party sizes such as "1", "2".
    "expected_party_size_key": gettext_noop("expected a party size (integer ≥ 1) as key"),
    # Translators: keep [low, high] as it is: it is how the field is written in the file.
    "expected_lead_range": gettext_noop("expected [low, high] with low ≤ high"),
    # The skill-set file and the planner (flow/planner.py).
    "expected_skill_sets": gettext_noop("expected a non-empty list of lists of service ids"),
    "expected_skill_set": gettext_noop("expected a non-empty list of service ids"),
    "service_twice": gettext_noop("a service appears twice"),
    # Translators: %(services)s is a comma-separated list of service ids.
    "uncovered_services": gettext_noop("no allowed set covers %(services)s"),
    "no_visitors": gettext_noop("the day has no visitors, so there is nothing to plan for"),
    # A centre as configured, with the visitors of a shipped pattern (planning/centre.py).
    "no_common_concerns": gettext_noop(
        "the centre has no staff, or offers none of the services these visitors come for"
    ),
    "headcount_too_small": gettext_noop(
        "%(headcount)s is too small to cover the %(services)s services the visitors need with "
        "the allowed skill sets"
    ),
    # The bounds of flow/limits.py, and JSON the parser refuses (flow/scenario.py).
    # Translators: %(name)s is a word such as Infinity or NaN that JSON does not allow.
    "not_a_json_number": gettext_noop("%(name)s is not a number JSON allows"),
    "too_many_minutes": gettext_noop(
        "%(value)s minutes is more than the %(limit)s minutes (two days) a day file may span"
    ),
    "expected_number_max": gettext_noop("expected a number ≤ %(maximum)s"),
    "expected_number_range": gettext_noop("expected a number from %(minimum)s to %(maximum)s"),
    "expected_integer_range": gettext_noop("expected an integer from %(minimum)s to %(maximum)s"),
    "too_many_entries": gettext_noop("%(count)s entries are more than the %(limit)s allowed"),
    "nested_too_deeply": gettext_noop("JSON nested more than %(limit)s levels deep"),
    "file_too_large": gettext_noop("the file is larger than %(limit)s MB"),
}


def render(code: str, params: Mapping[str, str]) -> str:
    """The English text of a message."""
    return MESSAGES[code] % params
