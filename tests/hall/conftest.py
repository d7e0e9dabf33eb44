"""A site with two desks (registration, then residence, which needs registration first)."""

from __future__ import annotations

import pytest

from anlaufstelle.organisation.models import Desk, Site
from tests.conftest import in_english


@pytest.fixture
def site(agencies, services):
    site = Site.objects.create(name="Ankunftszentrum Test")
    for number, agency in (("1", "reception"), ("2", "foreigners"), ("3", "foreigners")):
        desk = Desk.objects.create(site=site, number=number)
        desk.agencies.add(agencies[agency])
    return site


@pytest.fixture
def desks(site):
    return {d.number: d for d in Desk.objects.filter(site=site)}


@pytest.fixture
def officers(personas, services):
    # The foreigners authority's officer serves residence permits (their skill).
    personas["foreigners_officer"].staff_member.skills.add(services["residence"])
    return {"registration": personas["reception"], "residence": personas["foreigners_officer"]}


english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Estimated waits are cached per hall day; a day of one test is not another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fresh_halls():
    """Each test's database starts empty: no hall a process kept from another test's day."""
    from anlaufstelle.hall import state

    state.forget()


@pytest.fixture(autouse=True)
def hall_replays_checked(monkeypatch):
    """Every event of a live hall in a test also builds the hall again from the database (its
    snapshot and the changes written since) and fails unless it is the hall the event changed:
    a change that bypassed the journal would leave other processes with another hall."""
    from anlaufstelle.hall import state

    monkeypatch.setattr(state, "CHECK", True)
