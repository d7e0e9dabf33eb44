"""The capacity derived from the staff plan (appointments/capacity.py) and the coordinator's
pages of capacity and opening hours.

The site of tests/appointments/conftest.py: desks of the guides (registration, 4 typical
minutes) and of the foreigners authority (residence, 6 typical minutes); reception's officer
can do registration, the foreigners authority's officer residence."""

from __future__ import annotations

import io
from datetime import time
from fractions import Fraction

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from anlaufstelle.appointments import capacity
from anlaufstelle.appointments.models import Capacity, OpeningHours
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import Service, StaffMember

MONDAY, TUESDAY = 0, 1


def _open(site, *hours: tuple[int, time, time], service=None) -> None:
    for weekday, opens, closes in hours:
        OpeningHours.objects.create(
            site=site, weekday=weekday, opens=opens, closes=closes, service=service
        )


def _only_monday_morning(site) -> None:
    """Open on Mondays only, 08:30–10:00."""
    OpeningHours.objects.filter(site=site).delete()
    _open(site, (MONDAY, time(8, 30), time(10)))


def _staff(username: str, agency, *skills: Service) -> None:
    user = get_user_model().objects.create_user(username=username, password="x" * 12)
    member = StaffMember.objects.create(
        user=user, agency=agency, roles=[Role.DESK_OFFICER], languages=["de"]
    )
    member.skills.set(skills)


def _table(site) -> dict[tuple[str, int, int], tuple[int, int, int]]:
    return {
        (r.service.code, r.weekday, r.hour): (r.online, r.staff_only, r.walk_in)
        for r in Capacity.objects.filter(site=site).select_related("service")
    }


# --- derive -------------------------------------------------------------------------------------


def test_derive_gives_the_numbers_worked_out_by_hand(site, services, agencies):
    _only_monday_morning(site)
    # A second registration officer: two people can do registration, one residence.
    _staff("rezeption.2", agencies["reception"], services["registration"])
    written = capacity.derive(site, online_share=0.35, staff_share=0.15)
    # units = floor(staff × 60 / typical minutes × minutes open in the hour / 60)
    # registration, 8 o'clock (open 08:30–09:00): 2 × 60/4 × 30/60 = 15
    #   online floor(15 × 0.35) = floor(5.25) = 5, staff floor(15 × 0.15) = floor(2.25) = 2,
    #   walk-ins 15 − 5 − 2 = 8
    # registration, 9 o'clock (whole hour): 2 × 60/4 × 60/60 = 30
    #   online floor(10.5) = 10, staff floor(4.5) = 4, walk-ins 16
    # residence, 8 o'clock: 1 × 60/6 × 30/60 = 5: online floor(1.75) = 1, staff floor(0.75) = 0,
    #   walk-ins 4
    # residence, 9 o'clock: 1 × 60/6 = 10: online floor(3.5) = 3, staff floor(1.5) = 1, walk-ins 6
    # No row for 10 o'clock: the site closes at 10:00 sharp. No other weekday is open.
    assert _table(site) == {
        ("registration", MONDAY, 8): (5, 2, 8),
        ("registration", MONDAY, 9): (10, 4, 16),
        ("residence", MONDAY, 8): (1, 0, 4),
        ("residence", MONDAY, 9): (3, 1, 6),
    }
    assert written == 4


def test_a_cross_trained_person_is_split_over_their_skills_at_the_site(site, services, agencies):
    _only_monday_morning(site)
    # A third service the site does not serve (the Jobcenter has no desk there): it takes none
    # of the person's time at this site.
    elsewhere = Service.objects.create(
        code="basic_income",
        leika_key="99050001000000",
        agency=agencies["jobcenter"],
        names={"de": "Bürgergeld"},
        typical_minutes=10,
    )
    _staff("springer", agencies["reception"], services["registration"], services["residence"],
           elsewhere)  # fmt: skip
    capacity.derive(site, online_share=1, staff_share=0, weekdays=[MONDAY])
    table = _table(site)
    # registration: reception's officer 1 + the cross-trained person ½ = 1.5 people;
    #   9 o'clock: 1.5 × 60/4 = 22.5 → 22 units, all online.
    # residence: the foreigners authority's officer 1 + ½ = 1.5 people;
    #   9 o'clock: 1.5 × 60/6 = 15 units.
    assert table[("registration", MONDAY, 9)] == (22, 0, 0)
    assert table[("residence", MONDAY, 9)] == (15, 0, 0)
    assert capacity.staff_per_service(site, ["registration", "residence"]) == {
        "registration": Fraction(3, 2),
        "residence": Fraction(3, 2),
    }
    assert not Capacity.objects.filter(service=elsewhere).exists()


def test_closed_hours_lose_their_rows(site, capacity_rows):
    # Before: rows for every day 08–16 (the capacity fixture). Now open Mondays 08:30–10:00 only.
    _only_monday_morning(site)
    capacity.derive(site, online_share=0.35, staff_share=0.15)
    assert {(w, h) for _code, w, h in _table(site)} == {(MONDAY, 8), (MONDAY, 9)}


def test_deriving_one_weekday_leaves_the_others(site, capacity_rows):
    _only_monday_morning(site)
    written = capacity.derive(site, online_share=0.35, staff_share=0.15, weekdays=[MONDAY])
    assert written == 4
    table = _table(site)
    assert {h for _code, w, h in table if w == MONDAY} == {8, 9}
    # Tuesday keeps the fixture's rows although the site is closed then: it was not derived.
    assert table[("residence", TUESDAY, 12)] == (2, 1, 3)


def test_breaks_overlapping_rows_and_a_services_own_hours(site, services):
    OpeningHours.objects.filter(site=site).delete()
    # 08:00–12:00 and 11:00–12:30 overlap (counted once), a break, then 13:15–14:00.
    _open(site, (MONDAY, time(8), time(12)), (MONDAY, time(11), time(12, 30)),
          (MONDAY, time(13, 15), time(14)))  # fmt: skip
    # Residence is served on Mondays only 09:00–10:30.
    _open(site, (MONDAY, time(9), time(10, 30)), service=services["residence"])
    capacity.derive(site, online_share=0, staff_share=0)
    registration = {h: v[2] for (c, _w, h), v in _table(site).items() if c == "registration"}
    residence = {h: v[2] for (c, _w, h), v in _table(site).items() if c == "residence"}
    # registration, one person, 15 an hour: full hours 8–11, half of 12, 45 minutes of 13
    # (15 × 45/60 = 11.25 → 11).
    assert registration == {8: 15, 9: 15, 10: 15, 11: 15, 12: 7, 13: 11}
    # residence, 10 an hour, inside its own hours only: 9 whole, 10 half.
    assert residence == {9: 10, 10: 5}


@pytest.mark.parametrize(
    ("online", "staff", "message"),
    [
        (1.2, 0, "The online share must be between 0 and 1 (0 % and 100 %), not 1.2."),
        (0, -0.1, "The staff-only share must be between 0 and 1 (0 % and 100 %), not -0.1."),
        (0.8, 0.3, "The online share and the staff-only share together must not exceed 1"),
        (float("nan"), 0, "The online share must be between 0 and 1"),
    ],
)
def test_shares_out_of_range_are_refused_and_change_nothing(
    site, capacity_rows, online, staff, message
):
    before = _table(site)
    # Closed on Tuesdays: a derivation that went through would remove Tuesday's rows.
    OpeningHours.objects.filter(site=site, weekday=TUESDAY).delete()
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        capacity.derive(site, online_share=online, staff_share=staff)
    assert _table(site) == before


def test_shares_are_exact():
    # 0.29 in binary is a hair below 0.29: 100 × 0.29 would round down to 28.
    online, staff = capacity.check_shares(0.29, 0.35)
    assert capacity.split(100, online, staff) == (29, 35, 36)


def test_the_grid_has_hours_as_columns_and_services_as_rows(site, services):
    _only_monday_morning(site)
    capacity.derive(site, online_share=0.35, staff_share=0.15)
    grid = capacity.grid(site, MONDAY)
    assert grid.hours == (8, 9) and grid.open_hours == (8, 9)
    assert [row.service.code for row in grid.rows] == ["registration", "residence"]
    assert [(c.hour, c.online, c.staff_only, c.walk_in) for c in grid.rows[1].cells] == [
        (8, 1, 0, 4),
        (9, 3, 1, 6),
    ]
    closed = capacity.grid(site, TUESDAY)
    assert closed.closed and closed.hours == ()


def test_the_demo_opens_its_sites_and_derives_their_capacity(db):
    from django.core.management import call_command

    from anlaufstelle.organisation.models import Site

    call_command("demo", "--people", "5", stdout=io.StringIO())
    messe = Site.objects.get(name="Ankommenszentrum Messe")
    popup = Site.objects.get(is_popup=True)
    hours = {(w, h) for w, h in Capacity.objects.filter(site=messe).values_list("weekday", "hour")}
    # Monday to Friday 08:00–16:00, Thursday until 18:00; closed at the weekend.
    assert hours == {(w, h) for w in range(5) for h in range(8, 18 if w == 3 else 16)}
    assert not Capacity.objects.filter(site=popup, weekday__gte=5).exists()
    # Registration at the main site: the citizens' office's four officers, 4 typical minutes:
    # 4 × 60/4 = 60 an hour; 35 % online = 21, 15 % staff only = 9, 30 for walk-ins.
    row = Capacity.objects.get(site=messe, service__code="registration", weekday=3, hour=17)
    assert (row.online, row.staff_only, row.walk_in) == (21, 9, 30)


# --- the pages ----------------------------------------------------------------------------------


@pytest.fixture
def capacity_rows(capacity):
    """The conftest's capacity: 2 online, 1 staff only, 3 walk-ins in every open hour."""
    return capacity


def _url(name: str, **query) -> str:
    url = reverse(f"appointments:{name}")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_capacity_page_shows_the_table(client_for, site, capacity_rows):
    page = client_for("coordinator").get(_url("capacity", site=site.pk, weekday=TUESDAY))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<caption" in html and "Capacity per hour on Tuesday at Ankunftszentrum Test" in html
    assert html.count('scope="row"') == 2 and html.count('scope="col"') == 1 + 8
    assert '<td class="kern-table__cell" data-hour="8">2<span class="kern-sr-only"> online' in html


def test_the_derive_form_derives_and_says_so(client_for, site, capacity_rows):
    _only_monday_morning(site)
    client = client_for("coordinator")
    url = _url("capacity", site=site.pk, weekday=MONDAY)
    answer = client.post(url, {"action": "derive", "online_percent": 35, "staff_percent": 15})
    assert answer.status_code == 302 and answer["Location"] == url
    assert _table(site)[("registration", MONDAY, 9)] == (5, 2, 8)  # 15: 5.25 → 5, 2.25 → 2
    assert len(_table(site)) == 4
    page = client.get(url).content.decode()
    assert "The capacity is derived from the staff plan: 4 hours written." in page


def test_the_derive_form_for_one_weekday(client_for, site, capacity_rows):
    _only_monday_morning(site)
    client = client_for("coordinator")
    url = _url("capacity", site=site.pk, weekday=MONDAY)
    client.post(url, {"action": "derive", "online_percent": 35, "staff_percent": 15,
                      "only_this_weekday": "on"})  # fmt: skip
    assert _table(site)[("residence", TUESDAY, 9)] == (2, 1, 3)  # not derived


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"online_percent": 80, "staff_percent": 30}, "staff_percent",
         "Online and staff only together can be at most 100 percent, not 110."),
        ({"online_percent": 101, "staff_percent": 0}, "online_percent",
         "Ensure this value is less than or equal to 100."),
        ({"online_percent": "viel", "staff_percent": 10}, "online_percent",
         "Enter a whole number."),
        ({"online_percent": 10, "staff_percent": -1}, "staff_percent",
         "Ensure this value is greater than or equal to 0."),
    ],
)  # fmt: skip
def test_a_bad_percent_is_named_at_its_field_and_changes_nothing(
    client_for, site, capacity_rows, data, field, message
):
    before = _table(site)
    page = client_for("coordinator").post(
        _url("capacity", site=site.pk, weekday=MONDAY), {"action": "derive", **data}
    )
    html = page.content.decode()
    assert page.status_code == 200
    error = html.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]
    assert message in error
    assert _table(site) == before


def test_a_bad_percent_is_named_in_the_users_language(client_for, site, capacity_rows):
    client = client_for("coordinator")
    client.cookies["django_language"] = "de"
    page = client.post(
        _url("capacity", site=site.pk), {"action": "derive", "online_percent": 101,
                                         "staff_percent": 0}
    )  # fmt: skip
    assert "Dieser Wert muss kleiner oder gleich 100 sein." in page.content.decode()


def test_one_hour_is_set_by_hand(client_for, site, services, capacity_rows):
    client = client_for("coordinator")
    url = _url("capacity", site=site.pk, weekday=TUESDAY)
    data = {"action": "hour", "service": services["residence"].pk, "hour": 17, "online": 4,
            "staff_only": 2, "walk_in": 1}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice: the same one row
    assert _table(site)[("residence", TUESDAY, 17)] == (4, 2, 1)
    bad = client.post(url, {**data, "hour": 24, "online": -3})
    assert bad.status_code == 200 and "kern-error" in bad.content.decode()


def test_mangled_choices_show_the_first_site_and_monday(client_for, site):
    page = client_for("coordinator").get(_url("capacity", site="x'", weekday="9"))
    assert page.status_code == 200
    assert "Capacity per hour on Monday at Ankunftszentrum Test" in page.content.decode()


def test_the_opening_hours_page_lists_adds_and_removes(client_for, site, services):
    _only_monday_morning(site)
    client = client_for("coordinator")
    url = _url("opening_hours", site=site.pk)
    html = client.get(url).content.decode()
    assert "08:30" in html and "10:00" in html and "<caption" in html
    answer = client.post(url, {"action": "add", "weekday": TUESDAY, "opens": "09:00",
                               "closes": "12:00", "service": services["residence"].pk})  # fmt: skip
    assert answer.status_code == 302
    added = OpeningHours.objects.get(site=site, weekday=TUESDAY)
    assert (added.opens, added.closes, added.service) == (time(9), time(12), services["residence"])
    assert client.post(url, {"action": "remove", "row": added.pk}).status_code == 302
    assert not OpeningHours.objects.filter(pk=added.pk).exists()
    gone = client.post(url, {"action": "remove", "row": added.pk}, follow=True)
    assert "These opening hours do not exist (any more)." in gone.content.decode()


def test_bad_opening_hours_are_named_at_the_field(client_for, site):
    before = OpeningHours.objects.count()
    client = client_for("coordinator")
    page = client.post(
        _url("opening_hours", site=site.pk),
        {"action": "add", "weekday": 7, "opens": "12:00", "closes": "09:00"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "The site must close after it opens on the same day."
        in html.split('id="id_closes_error"')[1]
    )
    assert 'id="id_weekday_error"' in html
    page = client.post(
        _url("opening_hours", site=site.pk),
        {"action": "add", "weekday": 1, "opens": "25:00", "closes": "x"},
    )
    assert page.status_code == 200 and 'id="id_opens_error"' in page.content.decode()
    for row in ("", "abc", "²", "9" * 30):
        answer = client.post(_url("opening_hours", site=site.pk), {"action": "remove", "row": row})
        assert answer.status_code == 302
    assert OpeningHours.objects.count() == before


def test_another_sites_opening_hours_cannot_be_removed_through_this_one(client_for, site):
    from anlaufstelle.organisation.models import Site

    other = Site.objects.create(name="Andere")
    _open(other, (MONDAY, time(8), time(9)))
    row = OpeningHours.objects.get(site=other)
    client_for("coordinator").post(
        _url("opening_hours", site=site.pk), {"action": "remove", "row": row.pk}
    )
    assert OpeningHours.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("name", ["capacity", "opening_hours"])
def test_a_desk_officer_is_refused(client_for, site, capacity_rows, name):
    before = (_table(site), OpeningHours.objects.count())
    client = client_for("foreigners_officer")
    assert client.get(_url(name, site=site.pk)).status_code == 403
    answer = client.post(
        _url(name, site=site.pk), {"action": "derive", "online_percent": 35, "staff_percent": 15}
    )
    assert answer.status_code == 403
    assert (_table(site), OpeningHours.objects.count()) == before
