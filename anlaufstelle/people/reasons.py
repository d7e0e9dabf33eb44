"""The matching core's reasons in the staff's language.

The core explains a match with stable codes and parameters and keeps the one table of their
templates (anlaufstelle/matching/reasons.py), from which makemessages extracts them; here the
template is looked up in the active language. A code without a template keeps the core's text.
"""

from __future__ import annotations

from django.utils.translation import gettext

from anlaufstelle.core.messages import translate
from anlaufstelle.matching import Match, Reason
from anlaufstelle.matching.reasons import TEMPLATES


def describe(reason: Reason) -> str:
    params = reason.param_dict
    if "part" in params:
        # The core names the part of a name in words it marks for translation too.
        params["part"] = gettext(params["part"])
    return translate(TEMPLATES.get(reason.code), params, reason.describe())


def explain(match: Match) -> list[str]:
    """The reasons of a match, each a sentence for the page."""
    return [describe(reason) for reason in match.reasons]
