"""The plain data the matching core works on: a registered person and a search."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class MatchingInputError(ValueError):
    """A field of a record or query has a value the matcher cannot use."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"field '{field}': {message}")
        self.field = field
        self.message = message


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A birth date as far as it is known.

    ``YYYY-01-01`` is kept as a full date, but :attr:`may_be_placeholder` says that asylum
    registration often writes it when only the year is known.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def may_be_placeholder(self) -> bool:
        return self.month == 1 and self.day == 1

    @property
    def is_exact(self) -> bool:
        """A full date that is not the 01.01. placeholder."""
        return self.precision is Precision.DAY and not self.may_be_placeholder

    def isoformat(self) -> str:
        if self.day is not None and self.month is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_birth_date(value: object, field: str = "birth_date") -> BirthDate | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (also ``DD.MM.YYYY``); 00 for an unknown part."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise MatchingInputError(field, f"expected a date string, got {type(value).__name__}")
    text = value.strip()
    m = _ISO.match(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
    else:
        g = _GERMAN.match(text)
        if not g:
            raise MatchingInputError(field, f"expected YYYY-MM-DD or YYYY, got {value!r}")
        day, month, year = g.group(1), g.group(2), g.group(3)
    y = int(year)
    mo = int(month) if month and int(month) else None
    d = int(day) if day and int(day) and mo else None
    if not 1800 <= y <= 2200:
        raise MatchingInputError(field, f"year out of range in {value!r}")
    try:
        dt.date(y, mo or 1, d or 1)
    except ValueError as exc:
        raise MatchingInputError(field, f"no such date {value!r} ({exc})") from None
    return BirthDate(y, mo, d)


_SEXES = {"f": "f", "m": "m", "x": "x", "w": "f", "d": "x", "u": None}


def _parse_sex(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.strip().lower() not in _SEXES:
        raise MatchingInputError("sex", f"expected f, m, x or null, got {value!r}")
    return _SEXES[value.strip().lower()]


def _parse_nationality(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{3}", value.strip()):
        raise MatchingInputError("nationality", f"expected ISO 3166 alpha-3, got {value!r}")
    return value.strip().upper()


def _parse_text(data: Mapping[str, Any], field: str) -> str | None:
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MatchingInputError(field, f"expected text or null, got {type(value).__name__}")
    value = value.strip()
    return value or None


@dataclass(frozen=True, slots=True)
class Query:
    """What is known about the person being looked for; every field may be missing."""

    given_names: str | None = None
    family_name: str | None = None
    name_original: str | None = None
    birth_date: BirthDate | None = None
    sex: str | None = None
    nationality: str | None = None
    birth_place: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """A registered person, as the registry hands them to the matcher."""

    id: str
    given_names: str | None = None
    family_name: str | None = None
    name_original: str | None = None
    birth_date: BirthDate | None = None
    sex: str | None = None
    nationality: str | None = None
    birth_place: str | None = None

    def as_query(self) -> Query:
        """The record as a search, to look for duplicates of it."""
        return Query(
            given_names=self.given_names,
            family_name=self.family_name,
            name_original=self.name_original,
            birth_date=self.birth_date,
            sex=self.sex,
            nationality=self.nationality,
            birth_place=self.birth_place,
        )


def _fields(data: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise MatchingInputError("(line)", f"expected a JSON object, got {type(data).__name__}")
    return {
        "given_names": _parse_text(data, "given_names"),
        "family_name": _parse_text(data, "family_name"),
        "name_original": _parse_text(data, "name_original"),
        "birth_date": parse_birth_date(data.get("birth_date")),
        "sex": _parse_sex(data.get("sex")),
        "nationality": _parse_nationality(data.get("nationality")),
        "birth_place": _parse_text(data, "birth_place"),
    }


def parse_query(data: Mapping[str, Any]) -> Query:
    """Build a :class:`Query` from a JSON object; unknown keys (like ``qid``) are ignored."""
    return Query(**_fields(data))


def parse_record(data: Mapping[str, Any]) -> Record:
    """Build a :class:`Record` from a JSON object; ``id`` is required."""
    fields = _fields(data)
    raw_id = data.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or raw_id == "":
        raise MatchingInputError("id", f"expected a non-empty string, got {raw_id!r}")
    return Record(id=str(raw_id), **fields)
