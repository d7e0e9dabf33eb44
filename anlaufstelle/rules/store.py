"""Rules as data: one TOML file per rule, read, checked and fingerprinted.

A file holds the rule's id, title and citation and a list of dated versions with their
parameters (ages, years, cut-off dates, thresholds). The conditions are code (one module per
rule) that read those parameters, so correcting a date or adding a version with other figures
is an edit of the file, not of the code. docs/rules.md describes the format for the lawyer.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .facts import CEFR

DATA_DIR = Path(__file__).resolve().parent / "data"

# A parameter's kind; a trailing "?" marks one a version may leave out.
KINDS = ("int", "number", "date", "cefr", "text", "bool")


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file, the rule and the field."""


@dataclass(frozen=True)
class Version:
    valid_from: date
    valid_until: date | None
    citation: str
    source: str
    confirmed: bool
    open_points: tuple[str, ...]
    parameters: Mapping[str, Any]

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def has(self, name: str) -> bool:
        return name in self.parameters

    def whole(self, name: str) -> int:
        value: int = self.parameters[name]
        return value

    def number(self, name: str) -> float:
        value: float = self.parameters[name]
        return value

    def day(self, name: str) -> date:
        value: date = self.parameters[name]
        return value

    def text(self, name: str) -> str:
        value: str = self.parameters[name]
        return value

    def flag(self, name: str) -> bool:
        value: bool = self.parameters[name]
        return value

    def as_json(self) -> dict[str, Any]:
        return {
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "citation": self.citation,
            "source": self.source,
            "confirmed": self.confirmed,
            "open": list(self.open_points),
            "parameters": {k: _plain(v) for k, v in sorted(self.parameters.items())},
        }


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    citation: str
    versions: tuple[Version, ...]
    file: str

    def version_on(self, day: date) -> Version | None:
        for v in self.versions:
            if v.covers(day):
                return v
        return None

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.id,
            "title": self.title,
            "citation": self.citation,
            "versions": [v.as_json() for v in self.versions],
        }


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    digest: str
    files: tuple[str, ...] = field(default=())

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


@dataclass(frozen=True)
class Schema:
    """What the code of one rule reads from its versions: parameter → kind (``"date?"`` for
    one that may be left out), and which parameters go together (``needs(parameters)`` names
    the ones missing for the parameters given)."""

    rule_id: str
    parameters: Mapping[str, str]
    needs: Callable[[Mapping[str, Any]], list[str]] = lambda _p: []


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def digest_of(rules: tuple[Rule, ...]) -> str:
    text = json.dumps([r.as_json() for r in rules], sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_file(path: Path, schemas: Mapping[str, Schema]) -> tuple[Rule, str]:
    """One rules file as a rule, with its ``mode`` (``replace`` or ``extend``)."""
    name = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{name}: cannot be read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"{name}: not a TOML file: {exc}") from None
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RulesError(f"{name}: id: missing (one of {', '.join(schemas)})")
    where = f"{name}: rule {rule_id}"
    if rule_id not in schemas:
        raise RulesError(f"{where}: id: no such rule (rules: {', '.join(schemas)})")
    schema = schemas[rule_id]
    mode = raw.get("mode", "replace")
    if mode not in ("replace", "extend"):
        raise RulesError(f"{where}: mode: expected 'replace' or 'extend', got {mode!r}")
    _only(raw, {"id", "title", "citation", "mode", "versions"}, where)
    title = _text(raw, "title", where, required=mode == "replace")
    citation = _text(raw, "citation", where, required=mode == "replace")
    items = raw.get("versions")
    if not isinstance(items, list) or not items:
        raise RulesError(f"{where}: versions: expected at least one [[versions]] table")
    versions = tuple(
        _version(item, schema, f"{where}: versions[{i}]") for i, item in enumerate(items)
    )
    return Rule(rule_id, title, citation, versions, name), mode


def _only(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in raw:
        if key not in allowed:
            raise RulesError(
                f"{where}: {key}: unknown field (fields: {', '.join(sorted(allowed))})"
            )


def _text(raw: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = raw.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value.strip()):
        raise RulesError(f"{where}: {key}: expected a text, got {value!r}")
    return value


def _day(raw: Mapping[str, Any], key: str, where: str) -> date:
    return _date_param(raw.get(key), f"{where}.{key}")


def _version(item: Any, schema: Schema, where: str) -> Version:
    if not isinstance(item, dict):
        raise RulesError(f"{where}: expected a table")
    allowed = {"valid_from", "valid_until", "citation", "source", "confirmed", "open", "parameters"}
    for key in item:
        if key not in allowed:
            raise RulesError(f"{where}.{key}: unknown field (fields: {', '.join(sorted(allowed))})")
    valid_from = _day(item, "valid_from", where)
    valid_until = _day(item, "valid_until", where) if "valid_until" in item else None
    if valid_until is not None and valid_until < valid_from:
        raise RulesError(f"{where}.valid_until: {valid_until} is before valid_from {valid_from}")
    confirmed = item.get("confirmed")
    if not isinstance(confirmed, bool):
        raise RulesError(f"{where}.confirmed: expected true or false, got {confirmed!r}")
    points = item.get("open", [])
    if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
        raise RulesError(f"{where}.open: expected a list of texts")
    params = item.get("parameters", {})
    if not isinstance(params, dict):
        raise RulesError(f"{where}.parameters: expected a table")
    checked: dict[str, Any] = {}
    for key, value in params.items():
        kind = schema.parameters.get(key)
        if kind is None:
            known = ", ".join(sorted(schema.parameters))
            raise RulesError(f"{where}.parameters.{key}: unknown parameter (parameters: {known})")
        checked[key] = _parameter(value, kind.rstrip("?"), f"{where}.parameters.{key}")
    lacking = [
        k for k, kind in schema.parameters.items() if not kind.endswith("?") and k not in checked
    ]
    lacking += [k for k in schema.needs(checked) if k not in checked and k not in lacking]
    if lacking:
        raise RulesError(f"{where}.parameters.{lacking[0]}: missing")
    return Version(
        valid_from,
        valid_until,
        _text(item, "citation", where),
        _text(item, "source", where),
        confirmed,
        tuple(points),
        MappingProxyType(checked),
    )


def _parameter(value: Any, kind: str, where: str) -> Any:
    if kind == "date":
        return _date_param(value, where)
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if kind == "cefr" and value in CEFR:
        return value
    if kind == "text" and isinstance(value, str):
        return value
    if kind == "bool" and isinstance(value, bool):
        return value
    expected = {
        "int": "a whole number",
        "number": "a number",
        "cefr": "a CEFR level (" + ", ".join(CEFR) + ")",
        "text": "a text",
        "bool": "true or false",
    }[kind]
    raise RulesError(f"{where}: expected {expected}, got {value!r}")


def _date_param(value: Any, where: str) -> date:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(value)
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise RulesError(f"{where}: expected a date YYYY-MM-DD, got {value!r}")
    return value


def _check_versions(rule: Rule) -> Rule:
    ordered = tuple(sorted(rule.versions, key=lambda v: v.valid_from))
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.valid_until is None or earlier.valid_until >= later.valid_from:
            until = earlier.valid_until.isoformat() if earlier.valid_until else "open end"
            raise RulesError(
                f"{rule.file}: rule {rule.id}: versions overlap: {earlier.valid_from}–{until} "
                f"and the one from {later.valid_from}"
            )
    return Rule(rule.id, rule.title, rule.citation, ordered, rule.file)


def _merge(base: Rule, extra: Rule) -> Rule:
    # An "extend" file adds versions and replaces the ones starting on the same day.
    replaced = {v.valid_from for v in extra.versions}
    versions = tuple(v for v in base.versions if v.valid_from not in replaced) + extra.versions
    return Rule(
        base.id, extra.title or base.title, extra.citation or base.citation, versions, extra.file
    )


def load(rules_dir: Path | None, schemas: Mapping[str, Schema]) -> RuleSet:
    by_id: dict[str, Rule] = {}
    for path in sorted(DATA_DIR.glob("*.toml")):
        rule, _mode = read_file(path, schemas)
        by_id[rule.id] = _check_versions(rule)
    for rule_id in schemas:
        if rule_id not in by_id:
            raise RulesError(f"{DATA_DIR}: rule {rule_id}: no file")
    files = [r.file for r in by_id.values()]
    if rules_dir is not None:
        directory = Path(rules_dir)
        if not directory.is_dir():
            raise RulesError(f"{directory}: not a directory")
        seen: dict[str, str] = {}
        for path in sorted(directory.glob("*.toml")):
            rule, mode = read_file(path, schemas)
            if rule.id in seen:
                raise RulesError(f"{path}: rule {rule.id}: also in {seen[rule.id]}")
            seen[rule.id] = str(path)
            merged = _merge(by_id[rule.id], rule) if mode == "extend" else rule
            by_id[rule.id] = _check_versions(merged)
            files.append(str(path))
    rules = tuple(by_id[rule_id] for rule_id in schemas)
    return RuleSet(rules, digest_of(rules), tuple(files))
