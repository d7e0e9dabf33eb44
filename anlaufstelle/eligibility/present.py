"""Results of the rules engine in the reader's words: outcomes, missing facts and reasons."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anlaufstelle.eligibility import reasons
from anlaufstelle.rules import Result

# The contract's fact names (docs/rules-check.md), as a desk would ask for them.
FACTS = {
    "birth_date": gettext_lazy("date of birth"),
    "application_date": gettext_lazy("application date"),
    "entry_date": gettext_lazy("first entry to Germany"),
    "statuses": gettext_lazy("residence documents with their dates"),
    "identity_clarified_on": gettext_lazy("date the identity was clarified"),
    "identity_reasonable_steps_on": gettext_lazy(
        "date all reasonable steps to clarify the identity were documented"
    ),
    "fingerprinted_on": gettext_lazy("date of the identity treatment (ED-Behandlung)"),
    "schooling": gettext_lazy("school attendance in Germany"),
    "german_qualification": gettext_lazy("German school-leaving or vocational qualification"),
    "german_oral": gettext_lazy("spoken German (CEFR)"),
    "german_level": gettext_lazy("German (CEFR)"),
    "civic_knowledge": gettext_lazy("knowledge of the legal and social order"),
    "constitution_declaration": gettext_lazy("declaration on the free democratic basic order"),
    "employment": gettext_lazy("employment with hours and social insurance"),
    "livelihood_share_from_work": gettext_lazy("share of the livelihood earned by work"),
    "able_to_work": gettext_lazy("ability to work (§ 8 SGB II)"),
    "children": gettext_lazy("children in the household"),
    "convictions": gettext_lazy("convictions"),
    "deception": gettext_lazy("deception about identity"),
    "training": gettext_lazy("vocational training"),
    "removal_measures_imminent": gettext_lazy("measures to end the stay"),
    "housing_sufficient": gettext_lazy("sufficient housing"),
    "qualification": gettext_lazy("qualifications"),
}

REGIMES = {
    "sgb2": gettext_lazy("SGB II (Jobcenter)"),
    "sgb12": gettext_lazy("SGB XII (social office)"),
    "asylblg": gettext_lazy("AsylbLG (asylum seekers' benefits)"),
    "not_applicable": gettext_lazy("not under temporary protection"),
}


def outcome(result: Result) -> str:
    when = date_format(result.eligible_from, "SHORT_DATE_FORMAT") if result.eligible_from else ""
    if result.outcome in REGIMES:
        text = str(REGIMES[result.outcome])
        return _("%(regime)s from %(date)s") % {"regime": text, "date": when} if when else text
    return {
        "eligible": _("possible"),
        "not_yet": _("possible from %(date)s") % {"date": when},
        "unknown": _("cannot tell yet"),
        "not_eligible": _("not possible"),
    }.get(result.outcome, result.outcome)


def shown(result: Result, titles: dict[str, str]) -> dict[str, Any]:
    return {
        "rule": result.rule,
        "title": titles.get(result.rule, result.rule),
        "citation": result.citation,
        "outcome": result.outcome,
        "text": outcome(result),
        "missing": [str(FACTS.get(name, name)) for name in result.missing],
        "reasons": [reasons.explain(code) for code in result.reasons],
        "deadline": result.deadline,
        "confirmed": result.confirmed,
    }
