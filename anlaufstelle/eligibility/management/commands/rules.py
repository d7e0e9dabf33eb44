"""`anlaufstelle rules check --facts FACTS.jsonl [--on YYYY-MM-DD] [--rules-dir DIR]`: every
rule's answer for each person of a file, one JSON line per input line (docs/rules-check.md);
`anlaufstelle rules list`: the rules in force with their versions and digest. The command only
reads and prints; the rules are anlaufstelle/rules."""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.rules import FactsError, RulesError, RuleSet, evaluate, load_rules


class Command(BaseCommand):
    help = (
        "Eligibility rules. `rules check --facts FACTS.jsonl` answers every rule for each "
        "person of a file of facts (one JSON object a line) and prints one JSON line per person; "
        "`rules list` shows the rules, their dated versions and the rules' digest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("check", help="evaluate the rules for people in a file")
        check.add_argument(
            "--facts", required=True, metavar="FACTS.jsonl", help="one person a line; - for stdin"
        )
        check.add_argument(
            "--on", metavar="YYYY-MM-DD", help="the evaluation date (default: today)"
        )
        check.add_argument(
            "--rules-dir", metavar="DIR", help="rules files replacing the built-in ones"
        )
        listing = sub.add_parser("list", help="list the rules and their versions")
        listing.add_argument(
            "--rules-dir", metavar="DIR", help="rules files replacing the built-in ones"
        )
        listing.add_argument("--json", action="store_true", help="one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = _rules(options["rules_dir"])
        if options["subcommand"] == "list":
            self._list(rules, as_json=options["json"])
            return
        on = _on(options["on"])
        lines = _check(options["facts"], on, rules)
        # Everything is evaluated before anything is written: bad input writes nothing.
        for line in lines:
            self.stdout.write(line)

    def _list(self, rules: RuleSet, *, as_json: bool) -> None:
        if as_json:
            data = {"digest": rules.digest, "rules": [r.as_json() for r in rules.rules]}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(_("Rules digest: %(digest)s") % {"digest": rules.digest})
        for rule in rules.rules:
            self.stdout.write(f"{rule.id}  {rule.citation}  ({rule.title})")
            for v in rule.versions:
                until = v.valid_until.isoformat() if v.valid_until else "…"
                state = _("confirmed") if v.confirmed else _("NOT CONFIRMED (proposed law)")
                self.stdout.write(
                    f"    {v.valid_from.isoformat()} – {until}  {v.citation}  [{state}]"
                )


def _rules(option: str | None) -> RuleSet:
    directory = option if option is not None else settings.RULES_DIR
    try:
        return load_rules(Path(directory) if directory else None)
    except RulesError as exc:
        raise CommandError(
            _("the rules cannot be read: %(problem)s") % {"problem": exc}, returncode=2
        ) from None


def _on(value: str | None) -> date:
    if value is None:
        return timezone.localdate()
    with contextlib.suppress(ValueError):
        if len(value) == 10:
            return date.fromisoformat(value)
    raise CommandError(
        _("--on: expected a date YYYY-MM-DD, got '%(value)s'") % {"value": value}, returncode=2
    )


def _read(name: str) -> list[str]:
    if name == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(name).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CommandError(
            _("cannot read %(file)s: %(reason)s") % {"file": name, "reason": exc.strerror},
            returncode=2,
        ) from None
    except UnicodeDecodeError:
        raise CommandError(
            _("cannot read %(file)s: not UTF-8 text") % {"file": name}, returncode=2
        ) from None


def _check(name: str, on: date, rules: RuleSet) -> list[str]:
    out = []
    for number, text in enumerate(_read(name), start=1):
        if not text.strip():
            continue  # an empty line is no person
        where = {"file": name, "line": number}
        try:
            facts = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                _("%(file)s, line %(line)d: not JSON (%(reason)s)") % {**where, "reason": exc.msg},
                returncode=2,
            ) from None
        if not isinstance(facts, dict):
            raise CommandError(
                _("%(file)s, line %(line)d: expected a JSON object") % where, returncode=2
            )
        try:
            results = evaluate(facts, on, rules)
        except FactsError as exc:
            raise CommandError(
                _("%(file)s, line %(line)d: %(problem)s") % {**where, "problem": describe(exc)},
                returncode=2,
            ) from None
        line = {
            "pid": facts.get("pid"),
            "on": on.isoformat(),
            "results": [r.to_json() for r in results],
        }
        out.append(json.dumps(line, ensure_ascii=False))
    return out


def describe(exc: FactsError) -> str:
    """A bad fact in one line in the user's language."""
    expected = {
        "date": _("a date YYYY-MM-DD"),
        "bool": _("true or false"),
        "text": _("a text"),
        "number": _("a number"),
        "whole": _("a whole number"),
        "range": _("a number from %(low)s to %(high)s"),
        "choice": _("one of %(choices)s"),
        "object": _("an object"),
        "list": _("a list"),
    }[exc.problem]
    if exc.params:
        expected = expected % exc.params
    return _("%(field)s: expected %(expected)s, got %(value)s") % {
        "field": exc.field,
        "expected": expected,
        "value": exc.got,
    }
