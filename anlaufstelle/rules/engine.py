"""The engine: which version of each rule applies, and what it answers for a person."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import benefit, residence
from .evaluation import Evaluation
from .facts import Facts, parse_facts
from .store import RuleSet, Schema, Version, load

RuleFunction = Callable[[Facts, date, Version], Evaluation]

_STAY = {"gap_months": "int", "max_gaps": "int"}
_RATES = {"general_rates": "int", "foreigner_rates": "int"}
_SCHOOL_AGE = {"school_age_from": "int", "school_age_until": "int"}
_TRAINING = {
    "duldung_months": "int",
    "identity_by_application_entry_until": "date",
    "identity_late_entry_until": "date",
    "identity_late_deadline": "date",
    "identity_months_after_entry": "int",
    **_RATES,
}


def _needs_104c(p: Mapping[str, Any]) -> list[str]:
    if p.get("new_applications") is False:
        return ["holders_apply_until"]
    return ["cut_off", "stay_years", *_STAY, *_RATES]


def _needs_benefit(p: Mapping[str, Any]) -> list[str]:
    needed = []
    if "sgb_from" in p or "asylblg_first_title_after" in p:
        needed += ["sgb_from", "documents_by", "ed_grace_until"]
    if "asylblg_first_title_after" in p:
        needed.append("transition_months")
    return needed


@dataclass(frozen=True)
class Definition:
    schema: Schema
    function: RuleFunction
    # "application": the version valid on the application date; "evaluation": on the
    # evaluation date (who pays benefits is a question of the day, not of an application).
    day: str = "application"


DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        Schema(
            "aufenthg-25a",
            {
                "min_age": "int",
                "age_limit": "int",
                "stay_years": "int",
                "school_years": "int",
                "duldung_months": "int",
                "car_until": "date?",
                **_STAY,
            },
        ),
        residence.aufenthg_25a,
    ),
    Definition(
        Schema(
            "aufenthg-25b",
            {
                "stay_years": "int",
                "stay_years_with_child": "int",
                "livelihood_share": "number",
                "german_oral": "cefr",
                "car_until": "date?",
                **_STAY,
                **_SCHOOL_AGE,
            },
        ),
        residence.aufenthg_25b,
    ),
    Definition(
        Schema(
            "aufenthg-104c",
            {
                "new_applications": "bool",
                "cut_off": "date?",
                "stay_years": "int?",
                "gap_months": "int?",
                "max_gaps": "int?",
                "general_rates": "int?",
                "foreigner_rates": "int?",
                "holders_apply_until": "date?",
            },
            _needs_104c,
        ),
        residence.aufenthg_104c,
    ),
    Definition(Schema("aufenthg-60c", dict(_TRAINING)), residence.aufenthg_60c),
    Definition(
        Schema(
            "aufenthg-60d",
            {
                "entry_by": "date",
                "identity_by_application_entry_until": "date",
                "identity_late_deadline": "date",
                "duldung_months": "int",
                "employment_months": "int",
                "hours_per_week": "number",
                "german_oral": "cefr",
                **_RATES,
                **_SCHOOL_AGE,
            },
        ),
        residence.aufenthg_60d,
    ),
    Definition(
        Schema(
            "aufenthg-19d",
            {
                "recognised_employment_months": "int",
                "qualified_employment_months": "int",
                "german_level": "cefr",
                **_RATES,
            },
        ),
        residence.aufenthg_19d,
    ),
    Definition(Schema("aufenthg-16g", dict(_TRAINING)), residence.aufenthg_16g),
    Definition(
        Schema(
            "benefit-regime",
            {
                "sgb2_min_age": "int",
                "sgb_from": "date?",
                "documents_by": "date?",
                "ed_grace_until": "date?",
                "asylblg_first_title_after": "date?",
                "transition_months": "int?",
            },
            _needs_benefit,
        ),
        benefit.benefit_regime,
        day="evaluation",
    ),
)

SCHEMAS: dict[str, Schema] = {d.schema.rule_id: d.schema for d in DEFINITIONS}
_BY_ID = {d.schema.rule_id: d for d in DEFINITIONS}


@dataclass(frozen=True)
class Result:
    """What one rule answers for one person on one day (the contract's result object)."""

    rule: str
    citation: str
    version_from: date | None
    outcome: str
    eligible_from: date | None
    missing: tuple[str, ...]
    reasons: tuple[str, ...]
    deadline: date | None
    confirmed: bool

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "citation": self.citation,
            "version_from": _iso(self.version_from),
            "outcome": self.outcome,
            "eligible_from": _iso(self.eligible_from),
            "missing": list(self.missing),
            "reasons": list(self.reasons),
            "deadline": _iso(self.deadline),
        }
        if not self.confirmed:
            out["confirmed"] = False
        return out


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@lru_cache(maxsize=1)
def _builtin() -> RuleSet:
    return load(None, SCHEMAS)


_OVERRIDES: dict[tuple[str, tuple[tuple[str, int, int], ...]], RuleSet] = {}


def load_rules(rules_dir: Path | str | None = None) -> RuleSet:
    """The rules: the built-in files (read once), or with ``rules_dir``'s files replacing or
    extending them (read again whenever a file there is added, removed or changed). Raises
    :class:`RulesError` naming the file, rule and field at fault."""
    if rules_dir is None or str(rules_dir) == "":
        return _builtin()
    directory = Path(rules_dir)
    try:
        stamp = tuple(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(directory.glob("*.toml"))
        )
    except OSError:
        stamp = ()
    key = (str(directory.resolve()), stamp)
    if key not in _OVERRIDES:
        loaded = load(directory, SCHEMAS)
        _OVERRIDES.clear()  # one folder in use at a time; keep no stale copies
        _OVERRIDES[key] = loaded
    return _OVERRIDES[key]


def evaluate(
    facts: Mapping[str, Any] | Facts, on: date, rules: RuleSet | None = None
) -> list[Result]:
    """Every rule's answer for a person's facts on ``on``, in the order of the rules.
    Raises :class:`FactsError` for a fact that cannot be read."""
    ruleset = rules if rules is not None else _builtin()
    f = facts if isinstance(facts, Facts) else parse_facts(facts)
    application = f.application_date or on
    results = []
    for rule in ruleset.rules:
        definition = _BY_ID[rule.id]
        day = on if definition.day == "evaluation" else application
        version = rule.version_on(day)
        if version is None:
            results.append(
                Result(
                    rule.id,
                    rule.citation,
                    None,
                    _not_in_force(definition),
                    None,
                    (),
                    ("not_in_force",),
                    None,
                    True,
                )
            )
            continue
        e = definition.function(f, day, version)
        results.append(
            Result(
                rule.id,
                version.citation,
                version.valid_from,
                e.outcome,
                e.eligible_from,
                e.missing,
                e.reasons,
                e.deadline,
                version.confirmed,
            )
        )
    return results


def _not_in_force(definition: Definition) -> str:
    return "not_applicable" if definition.day == "evaluation" else "not_eligible"
