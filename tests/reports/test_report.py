"""The report: visitors, waits and the 45-minute target from the hall's tickets; the
demographics with small counts suppressed in the page, the CSV and the spreadsheet alike;
each reading and export recorded; only the coordination and administrators read it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.hall.models import HallDay, Step, Visit
from anlaufstelle.organisation.models import Site
from anlaufstelle.reports.figures import build
from anlaufstelle.reports.suppress import SUPPRESSED
from tests.conftest import in_english
from tests.people.conftest import make_person

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)

DAY = date(2026, 11, 30)
URL = reverse("reports:index")


def _at(hour, minute=0):
    return timezone.make_aware(datetime(DAY.year, DAY.month, DAY.day, hour, minute))


@pytest.fixture
def hall(services):
    site = Site.objects.create(name="Messe", address="Messeallee 1")
    day = HallDay.objects.create(site=site, date=DAY, opened_at=_at(8), state=b"")
    return site, day, services["residence"]


def _ticket(day, service, number, *, stay, wait=10, person=None, language="uk", done=True):
    created = _at(9, number % 60)
    visit = Visit.objects.create(
        day=day, number=number, language=language, created=created, person=person,
        state=Visit.State.DONE if done else Visit.State.MISSED,
        finished=created + timedelta(minutes=stay) if done else None,
    )  # fmt: skip
    Step.objects.create(
        visit=visit, service=service, order=0, state="done" if done else "waiting",
        called_at=created + timedelta(minutes=wait),
        started_at=created + timedelta(minutes=wait + 1) if done else None,
        ended_at=created + timedelta(minutes=stay) if done else None,
        outcome="done" if done else "",
    )  # fmt: skip
    return visit


def test_visitors_waits_and_the_target(hall):
    site, day, service = hall
    _ticket(day, service, 1, stay=30, wait=5)
    _ticket(day, service, 2, stay=40, wait=15)
    _ticket(day, service, 3, stay=60, wait=25)
    _ticket(day, service, 4, stay=0, done=False, wait=10)
    report = build(start=DAY, end=DAY, sites=[site])
    waits = report.table("waits").rows[0]
    # tickets, people, served, missed, mean wait, mean time in centre, within 45 minutes
    assert waits == ["Messe", 4, 4, 3, 1, 13.8, 43.3, 66.7]
    assert report.table("per_day").rows == [["30.11.2026", 4, 66.7, 4]]
    assert report.table("services").rows[0][:2] == [service.name, 3]


def _people(hall, nationalities):
    site, day, service = hall
    number = 0
    for code, count in nationalities.items():
        for _n in range(count):
            number += 1
            person = make_person(
                family_name=f"P{number}", given_names="Test", nationalities=[code],
                birth_date=date(1990, 1, 1), sex="f",
            )  # fmt: skip
            _ticket(day, service, number, stay=20, person=person)


def test_a_count_under_five_is_suppressed_in_every_view_and_export(hall, client_for):
    _people(hall, {"UA": 8, "SY": 6, "AF": 2})
    nationalities = build(start=DAY, end=DAY, sites=[hall[0]]).table("nationalities")
    assert sorted(nationalities.rows, key=lambda r: r[0]) == [
        ["Afghanistan", SUPPRESSED],
        ["Syria", SUPPRESSED],
        ["Ukraine", 8],
    ]
    client = client_for("coordinator")
    params = {"start": DAY.isoformat(), "end": DAY.isoformat()}
    page = client.get(URL, params).content.decode()
    section = page.split('id="t-nationalities"')[1].split("</section>")[0]
    assert "Afghanistan" in section and ">2<" not in section and ">6<" not in section
    assert section.count("&lt;5</abbr>") == 2 and ">8<" in section
    exported = client.get(URL, {**params, "format": "csv"}).content.decode()
    rows = list(csv.reader(io.StringIO(exported)))
    start = rows.index(["Nationality"])
    block = {r[0]: r[1] for r in rows[start + 2 : start + 5]}
    assert block == {"Ukraine": "8", "Syria": "<5", "Afghanistan": "<5"}
    book = load_workbook(io.BytesIO(client.get(URL, {**params, "format": "xlsx"}).content))
    sheet = {row[0]: row[1] for row in book["Nationality"].iter_rows(min_row=3, values_only=True)}
    assert sheet["Syria"] == "<5" and sheet["Afghanistan"] == "<5" and sheet["Ukraine"] == 8
    # Five people of one age band are shown; the same five by sex too.
    assert build(start=DAY, end=DAY, sites=[hall[0]]).table("sexes").rows == [["female", 16]]


def test_reading_and_exporting_are_recorded_without_names(hall, client_for):
    _people(hall, {"UA": 5})
    client = client_for("coordinator")
    params = {"start": DAY.isoformat(), "end": DAY.isoformat()}
    client.get(URL, params)
    client.get(URL, {**params, "format": "csv"})
    read, exported = AuditEntry.objects.filter(detail__has_key="report").order_by("seq")
    assert (read.action, exported.action) == ("read", "export")
    assert read.detail["people counted"] == 5 and read.person_ref is None
    assert exported.detail["format"] == "csv"


def test_a_bad_range_is_named_and_nothing_read(client_for):
    response = client_for("coordinator").get(URL, {"start": "2026-12-05", "end": "2026-12-01"})
    assert response.status_code == 400
    assert "The end cannot be before the start." in response.content.decode()
    assert not AuditEntry.objects.filter(detail__has_key="report").exists()


@pytest.mark.parametrize("persona", ["reception", "jobcenter_officer", "data_protection"])
def test_only_the_coordination_reads_reports(client_for, persona):
    assert client_for(persona).get(URL).status_code == 403


def test_referrals_to_partners_by_partner_and_where_they_stand(hall, agencies, personas):
    from anlaufstelle.cases.models import Case, Referral

    site, _day, _service = hall
    partner = personas["partner"].staff_member.agency
    person = make_person(family_name="Koval", given_names="Olena")
    case = Case.objects.create(person=person, title="Schulden", lead=agencies["jobcenter"])
    moment = _at(10)
    for status in ("requested", "accepted", "accepted", "rejected"):
        Referral.objects.create(
            case=case, from_agency=agencies["jobcenter"], to_agency=partner,
            categories=["identity"], status=status, requested_at=moment,
        )  # fmt: skip
    # A referral inside the house and one before the range are not the network's.
    Referral.objects.create(
        case=case, from_agency=agencies["jobcenter"], to_agency=agencies["foreigners"],
        categories=["identity"], requested_at=moment,
    )  # fmt: skip
    Referral.objects.create(
        case=case, from_agency=agencies["jobcenter"], to_agency=partner,
        categories=["identity"], requested_at=moment - timedelta(days=3),
    )  # fmt: skip
    rows = build(start=DAY, end=DAY, sites=[site]).table("partners").rows
    # partner, referrals, requested, accepted, completed, rejected, revoked
    assert rows == [["Migrationsberatung", 4, 1, 2, 0, 1, 0]]


def test_a_birth_date_after_the_range_counts_as_an_unknown_age(hall):
    site, day, service = hall
    later = make_person(family_name="Späť", given_names="Test", birth_date=DAY + timedelta(days=9))
    _ticket(day, service, 1, stay=20, person=later)
    ages = build(start=DAY, end=DAY, sites=[site]).table("ages").rows
    assert [row[0] for row in ages] == ["unknown"]
