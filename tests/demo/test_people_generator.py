"""The generator of demo people: deterministic for a seed, Latin names by the passport tables."""

from __future__ import annotations

from datetime import date

from anlaufstelle.demo.names import feminine_surname, romanise
from anlaufstelle.demo.people import PeopleGenerator

DAY = date(2026, 11, 1)


def _snapshot(seed: int) -> list[tuple]:
    households = PeopleGenerator(seed=seed, today=DAY).households(60)
    return [
        (
            d.person.family_name,
            d.person.given_names_original,
            d.person.birth_date,
            d.relation,
            [(doc.kind, doc.number) for doc in d.documents],
        )
        for h in households
        for d in h.members
    ]


def test_same_seed_same_people():
    assert _snapshot(7) == _snapshot(7)


def test_other_seed_other_people():
    assert _snapshot(7) != _snapshot(8)


def test_exactly_the_number_asked_for():
    for count in (1, 13, 60):
        households = PeopleGenerator(seed=1, today=DAY).households(count)
        assert sum(len(h.members) for h in households) == count


def test_households_of_several_have_a_head_and_singles_none():
    for household in PeopleGenerator(seed=3, today=DAY).households(80):
        relations = [d.relation for d in household.members]
        if household.household is None:
            assert relations == [None]
        else:
            assert relations[0] == "head" and relations.count("head") == 1


def test_romanise_by_the_passport_tables():
    # Ukrainian national system of 2010 (as in Ukrainian passports), Russian ICAO 9303.
    assert romanise("Олександр", "uk") == "Oleksandr"
    assert romanise("Юлія Згурська", "uk") == "Yuliia Zghurska"
    assert romanise("Мар'яна", "uk") == "Mariana"
    assert romanise("Александр", "ru") == "Aleksandr"
    assert romanise("Наталья-Юлия", "ru") == "Natalia-Iuliia"


def test_feminine_surnames():
    assert feminine_surname("Іванов", "uk") == "Іванова"
    assert feminine_surname("Журський", "uk") == "Журська"
    assert feminine_surname("Коваленко", "uk") == "Коваленко"
    assert feminine_surname("Смирнов", "ru") == "Смирнова"
    assert feminine_surname("Толстой", "ru") == "Толстая"
