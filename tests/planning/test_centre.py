"""The centre as configured becomes a day: its services, staff (skills, languages) and
interpreters, with visitors of a shipped pattern; the planning page can choose it."""

from __future__ import annotations

import pytest

from anlaufstelle.flow import ScenarioError, simulate
from anlaufstelle.flow.policies import get_policy
from anlaufstelle.organisation.models import Desk, Interpreter, Site, StaffMember
from anlaufstelle.planning import centre
from anlaufstelle.planning.services import day_choices, load_day_choice


@pytest.fixture
def site(agencies, services, personas):
    hall = Site.objects.create(name="Rathaus")
    for n, agency in enumerate([agencies["reception"], agencies["foreigners"]], start=1):
        desk = Desk.objects.create(site=hall, number=str(n))
        desk.agencies.add(agency)
    reception = StaffMember.objects.get(user=personas["reception"])
    reception.skills.add(services["registration"])
    reception.languages = ["de", "uk"]
    reception.save()
    StaffMember.objects.get(user=personas["foreigners_officer"]).skills.add(services["residence"])
    # The jobcenter has no desk at this site: its officer is not part of its day.
    StaffMember.objects.get(user=personas["jobcenter_officer"]).skills.add(services["registration"])
    Interpreter.objects.create(name="Olena", kind="volunteer", languages=["uk", "ru"])
    return hall


def test_the_configured_site_is_a_day(site):
    day = centre.site_day(site, "leipzig-peak")
    assert [s.id for s in day.services] == ["registration", "residence"]
    assert day.service("residence").requires == ("registration",)
    assert day.service("residence").typical_minutes == 6.0
    assert day.service("residence").per_person_factor == 0.5
    # The flow core's one formula: typical minutes × (1 + factor × (party size − 1)).
    assert day.service("residence").expected_minutes(3) == 12
    staff = {m.id: m for m in day.staff}
    assert set(staff) == {"rezeption", "abh.officer"}
    assert staff["rezeption"].skills == ("registration",)
    assert staff["rezeption"].languages == ("de", "uk")
    assert (staff["rezeption"].start, staff["rezeption"].end) == (0, day.opening_minutes)
    assert [(x.languages, x.end) for x in day.interpreters] == [(("uk", "ru"), 540.0)]
    # The pattern's visitors, scaled to two staff (the Leipzig peak has 52) and limited to
    # the two concerns this site serves.
    assert 5 <= len(day.visitors) <= 40
    assert {sid for v in day.visitors for sid in v.steps} <= {"registration", "residence"}
    result = simulate(day, get_policy("pooled"))
    assert result.figures.served > 0


def test_the_same_configuration_gives_the_same_day(site):
    assert centre.site_day(site, "leipzig-peak") == centre.site_day(site, "leipzig-peak")


def test_a_site_that_serves_none_of_the_concerns_is_refused(agencies, personas):
    empty = Site.objects.create(name="Außenstelle")
    Desk.objects.create(site=empty, number="1").agencies.add(agencies["city"])
    with pytest.raises(ScenarioError) as caught:
        centre.site_day(empty, "leipzig-peak")
    assert caught.value.code == "no_common_concerns"


def test_the_planning_page_offers_and_loads_the_centre(site, client_for):
    keys = [c.key for c in day_choices({})]
    key = f"centre:{site.pk}:leipzig-peak"
    assert key in keys and f"centre:{site.pk}:burgenland-walk-in" in keys
    loaded = load_day_choice(key=key, session={})
    assert loaded.label == "Rathaus as configured, visitors as at the Leipzig peak"
    response = client_for("coordinator").get("/planning/", {"day": key})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rathaus as configured" in html
    assert "Registration" in html  # the service's name, not its code


@pytest.mark.parametrize("key", ["centre:999:leipzig-peak", "centre:x:leipzig-peak", "centre:1:no"])
def test_an_unknown_centre_key_is_refused_in_words(site, client_for, key):
    response = client_for("coordinator").get("/planning/", {"day": key})
    assert response.status_code == 200
    assert "This day is not available; choose one from the list." in response.content.decode()
