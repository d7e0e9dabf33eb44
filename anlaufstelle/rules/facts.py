"""A person's facts as the rules read them, parsed once from the contract's input object.

Absent and ``None`` mean *unknown*, never *no*: every field stays ``None`` until a value is
given, and the rules turn ``None`` into the outcome ``unknown`` with the field's name in
``missing``. Bad values raise :class:`FactsError` naming the field, so a wrong date is never
read as an unknown one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")

STATUS_KINDS = ("gestattung", "duldung", "duldung_light", "permit", "fiktion", "none")
SCHOOLING_KINDS = ("school", "vocational", "university")
TRAINING_KINDS = ("qualified", "helper")
QUALIFICATION_KINDS = ("de_training", "de_degree", "foreign_recognised")
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


class FactsError(ValueError):
    """A fact that cannot be read. ``field`` is its path in the input (``statuses[0].from``),
    ``problem`` what was expected: ``date``, ``bool``, ``text``, ``number``, ``whole``,
    ``range`` (``params`` low, high), ``choice`` (``params`` choices), ``object`` or ``list``;
    ``got`` the value as given (shortened). ``str()`` is one English line; the web layer and
    the command build their own from the parts."""

    EXPECTED = {
        "date": "a date YYYY-MM-DD",
        "bool": "true or false",
        "text": "a text",
        "number": "a number",
        "whole": "a whole number",
        "range": "a number from {low} to {high}",
        "choice": "one of {choices}",
        "object": "an object",
        "list": "a list",
    }

    def __init__(self, field: str, problem: str, got: Any, **params: str) -> None:
        self.field = field
        self.problem = problem
        self.params = params
        self.got = _shown(got)
        expected = self.EXPECTED[problem].format(**params)
        super().__init__(f"{field}: expected {expected}, got {self.got}")


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Status:
    kind: str | None
    basis: str | None
    start: date | None
    end: date | None  # None: lasts (or unknown end when the whole entry is vague)


@dataclass(frozen=True)
class Schooling:
    start: date | None
    end: date | None
    kind: str | None
    successful: bool | None


@dataclass(frozen=True)
class Employment:
    start: date | None
    end: date | None
    hours_per_week: float | None
    social_insurance: bool | None


@dataclass(frozen=True)
class Child:
    birth_date: date | None
    in_household: bool | None
    unmarried: bool | None
    attends_school: bool | None


@dataclass(frozen=True)
class Conviction:
    daily_rates: int | None
    foreigner_only: bool | None
    youth_sanction_only: bool | None
    custodial: bool | None


@dataclass(frozen=True)
class Training:
    kind: str | None
    start: date | None
    commitment: bool | None
    started_during_asylum: bool | None


@dataclass(frozen=True)
class Qualification:
    kind: str | None
    completed_on: date | None


@dataclass(frozen=True)
class Facts:
    pid: Any
    birth_date: date | None
    application_date: date | None
    entry_date: date | None
    statuses: tuple[Status, ...] | None
    identity_clarified_on: date | None
    identity_reasonable_steps_on: date | None
    fingerprinted_on: date | None
    schooling: tuple[Schooling, ...] | None
    german_qualification: bool | None
    german_oral: str | None
    german_level: str | None
    civic_knowledge: bool | None
    constitution_declaration: bool | None
    employment: tuple[Employment, ...] | None
    livelihood_share_from_work: float | None
    able_to_work: bool | None
    children: tuple[Child, ...] | None
    convictions: tuple[Conviction, ...] | None
    deception: bool | None
    training: Training | None
    removal_measures_imminent: bool | None
    housing_sufficient: bool | None
    qualification: tuple[Qualification, ...] | None


def parse_facts(raw: Mapping[str, Any]) -> Facts:
    """The contract's input object (dates as ``YYYY-MM-DD`` strings, or ``date`` objects) as
    :class:`Facts`. Fields the rules do not know are ignored."""
    if not isinstance(raw, Mapping):
        raise FactsError("facts", "object", raw)
    r = _Reader(raw, "")
    return Facts(
        pid=raw.get("pid"),
        birth_date=r.date("birth_date"),
        application_date=r.date("application_date"),
        entry_date=r.date("entry_date"),
        statuses=r.items("statuses", _status),
        identity_clarified_on=r.date("identity_clarified_on"),
        identity_reasonable_steps_on=r.date("identity_reasonable_steps_on"),
        fingerprinted_on=r.date("fingerprinted_on"),
        schooling=r.items("schooling", _schooling),
        german_qualification=r.bool("german_qualification"),
        german_oral=r.choice("german_oral", CEFR),
        german_level=r.choice("german_level", CEFR),
        civic_knowledge=r.bool("civic_knowledge"),
        constitution_declaration=r.bool("constitution_declaration"),
        employment=r.items("employment", _employment),
        livelihood_share_from_work=r.number("livelihood_share_from_work", 0, 1),
        able_to_work=r.bool("able_to_work"),
        children=r.items("children", _child),
        convictions=r.items("convictions", _conviction),
        deception=r.bool("deception"),
        training=r.one("training", _training),
        removal_measures_imminent=r.bool("removal_measures_imminent"),
        housing_sufficient=r.bool("housing_sufficient"),
        qualification=r.items("qualification", _qualification),
    )


def _status(r: _Reader) -> Status:
    basis = r.text("basis")
    # "§ 24", "§24" and " §24 " name the same norm.
    basis = None if basis is None else "".join(basis.split())
    return Status(r.choice("kind", STATUS_KINDS), basis, r.date("from"), r.date("to"))


def _schooling(r: _Reader) -> Schooling:
    return Schooling(
        r.date("from"), r.date("to"), r.choice("kind", SCHOOLING_KINDS), r.bool("successful")
    )


def _employment(r: _Reader) -> Employment:
    return Employment(
        r.date("from"),
        r.date("to"),
        r.number("hours_per_week", 0, 168),
        r.bool("social_insurance"),
    )


def _child(r: _Reader) -> Child:
    return Child(
        r.date("birth_date"), r.bool("in_household"), r.bool("unmarried"), r.bool("attends_school")
    )


def _conviction(r: _Reader) -> Conviction:
    rates = r.number("daily_rates", 0, 100_000)
    if rates is not None and rates != int(rates):
        raise FactsError(r.path("daily_rates"), "whole", rates)
    return Conviction(
        None if rates is None else int(rates),
        r.bool("foreigner_only"),
        r.bool("youth_sanction_only"),
        r.bool("custodial"),
    )


def _training(r: _Reader) -> Training:
    return Training(
        r.choice("kind", TRAINING_KINDS),
        r.date("start"),
        r.bool("commitment"),
        r.bool("started_during_asylum"),
    )


def _qualification(r: _Reader) -> Qualification:
    return Qualification(r.choice("kind", QUALIFICATION_KINDS), r.date("completed_on"))


class _Reader:
    def __init__(self, raw: Mapping[str, Any], prefix: str) -> None:
        self.raw = raw
        self.prefix = prefix

    def path(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def date(self, name: str) -> date | None:
        value = self.raw.get(name)
        if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
            return value
        if isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise FactsError(self.path(name), "date", value)

    def bool(self, name: str) -> bool | None:
        value = self.raw.get(name)
        if value is None or isinstance(value, bool):
            return value
        raise FactsError(self.path(name), "bool", value)

    def text(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None or isinstance(value, str):
            return value
        raise FactsError(self.path(name), "text", value)

    def number(self, name: str, low: float, high: float) -> float | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FactsError(self.path(name), "number", value)
        if not low <= value <= high:
            raise FactsError(self.path(name), "range", value, low=f"{low:g}", high=f"{high:g}")
        return value

    def choice(self, name: str, choices: Sequence[str]) -> str | None:
        value = self.raw.get(name)
        if value is None or value in choices:
            return value
        raise FactsError(self.path(name), "choice", value, choices=", ".join(choices))

    def one(self, name: str, build: Callable[[_Reader], T]) -> T | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise FactsError(self.path(name), "object", value)
        return build(_Reader(value, f"{self.path(name)}."))

    def items(self, name: str, build: Callable[[_Reader], T]) -> tuple[T, ...] | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if not isinstance(value, list):
            raise FactsError(self.path(name), "list", value)
        out: list[T] = []
        for i, item in enumerate(value):
            where = f"{self.path(name)}[{i}]"
            if not isinstance(item, Mapping):
                raise FactsError(where, "object", item)
            out.append(build(_Reader(item, f"{where}.")))
        return tuple(out)
