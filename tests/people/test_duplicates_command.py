"""`anlaufstelle duplicates [--json]`: the whole report for the operator, recorded as the
system."""

import json
from datetime import date

from django.core.management import call_command

from tests.people.conftest import make_person


def test_the_command_lists_the_pairs_as_json(person, stranger, capsys, audit_entries):
    planted = make_person(
        family_name="Schewtschenko", given_names="Alexander", birth_date=date(1985, 3, 14)
    )
    call_command("duplicates", "--json")
    out, err = capsys.readouterr()
    [line] = [json.loads(row) for row in out.splitlines()]
    assert line["ids"] == [person.pk, planted.pk] and line["score"] > 0.5
    assert "birth date: same (1985-03-14)" in line["reasons"]
    assert "1 probable duplicate pairs" in err
    [entry] = audit_entries()
    assert (entry.username, entry.action, entry.purpose) == (
        "system",
        "search",
        "data_protection_review",
    )


def test_the_command_prints_a_table_without_json(person, capsys):
    call_command("duplicates")
    assert "0 probable duplicate pairs" in capsys.readouterr().out
