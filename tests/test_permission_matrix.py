"""The one permission matrix: every URL of the URL conf × every persona of tests/conftest.py and
an anonymous visitor, asked by GET, by POST (with an empty body) and, where the URL names an
object, for an object that does not exist.

- Anonymous visitors of a staff page are sent to the login, whatever they ask for.
- A refused persona gets 403 for every column, so a refusal never tells whether the object
  exists, and nothing in the database changes.
- An allowed persona gets the page (405 for a GET of a POST-only action, or a POST of a GET-only
  page), is never refused by a POST and never meets a 500; for an object that does not exist,
  404.
- The Django admin guards itself (staff accounts only): every persona is sent to its login.

- Allowed by role but refused by the access decision for the object (`decided`: not their
  agency's case, not the holder of the data): 403, recorded as a refusal, nothing else changed.
- The purpose axis: the purposes each persona may claim to read and to write
  (`test_purpose_axis`), and every URL that names a person's data records each allowed
  persona's read under that persona's purpose.

A URL that is added without a row here fails `test_every_url_is_in_the_matrix`."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from anlaufstelle.appointments.models import Booking, InvitationRun, OpeningHours
from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.cases import files as case_files
from anlaufstelle.cases import services as case_services
from anlaufstelle.cases.models import CaseDocument
from anlaufstelle.eligibility.models import Conviction
from anlaufstelle.flow import day_to_dict, load_day_file
from anlaufstelle.guide import checklist as guide_checklist
from anlaufstelle.guide.models import GuidePage
from anlaufstelle.hall import services as hall_services
from anlaufstelle.hall.announce import call_stamp
from anlaufstelle.hall.views import board_token, glance_token, kiosk_token
from anlaufstelle.hotline.models import Call, Line
from anlaufstelle.housing.models import Accommodation, Bed, Placement, Room, WaitingEntry
from anlaufstelle.network.models import Offer, Post, Topic
from anlaufstelle.organisation.models import Agency, Desk, RightsRequest, Service, Site
from anlaufstelle.outbox.models import Mail
from anlaufstelle.payouts.models import BenefitDecision, Cheque, Payout, PayoutRun
from anlaufstelle.people.models import (
    Household,
    HouseholdMember,
    Person,
    PersonMerge,
    Schooling,
)
from anlaufstelle.planning.models import PlanningJob
from anlaufstelle.planning.services import SAMPLES_DIR, PlanOutcome, outcome_to_json
from anlaufstelle.privacy.models import LegalBasis, Release, TransferRequest
from tests.consents import consent

ANONYMOUS = "anonymous"
READERS = {"reception", "foreigners_officer", "jobcenter_officer", "data_protection"}
WRITERS = {"reception", "foreigners_officer", "jobcenter_officer"}
MANAGERS = {"coordinator", "administrator"}
DATA_PROTECTION = {"data_protection"}
# A partner organisation's adviser: a person's page and the case file, decided like anyone's
# (core/roles.py FILE_READERS, FILE_WRITERS); never the registry's forms or the hall.
PARTNER = {"partner"}
FILE_READERS = READERS | PARTNER
FILE_WRITERS = WRITERS | PARTNER
ANY_ROLE = READERS | MANAGERS | PARTNER
STAFF_BOOKERS = {"reception", "foreigners_officer", "jobcenter_officer"}
EVERYONE = "everyone"  # public: every persona and anonymous visitors

# URL kwargs that name an object, and a value that names none.
MISSING: dict[str, int | str] = {
    "person_id": 999_999,
    "other_id": 999_998,
    "merge_id": 999_999,
    "entry_id": 999_999,
    "conviction_id": 999_999,
    "accommodation_id": 999_999,
    "waiting_id": 999_999,
    "placement_id": 999_999,
    "call_id": 999_999,
    "post_id": 999_999,
    "topic_id": 999_999,
    "code": "no-such-service",
    "request_id": 999_999,
    "job_id": "00000000-0000-0000-0000-000000000000",
    "token": "no-such-token",
    "site_id": 999_999,
    "session_id": 999_999,
    "event_id": 999_999,
    "visit": "no-such-visit",
    "step_id": 999_999,
    "stamp": 0,  # a call at another moment (a recall has a new one)
    "consent_id": 999_999,
    "case_id": 999_999,
    "task_id": 999_999,
    "document_id": 999_999,
    "referral_id": 999_999,
    "release_id": 999_999,
    "pk": 999_999,
    "page_id": 999_999,
    "slug": "no-such-page",
    "decision_id": 999_999,
    "payout_id": 999_999,
    "run_id": 999_999,
    "cheque_id": 999_999,
    "offer_id": 999_999,
}
# URL kwargs that name no object (a checklist's signed address carries its services itself).
NOT_OBJECTS = {"kind", "action", "move", "lang", "signed"}


@dataclass(frozen=True)
class Row:
    allowed: set[str] | str
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda o: {})
    post_only: bool = False
    post: str = "served"
    get: str | None = None  # what an allowed persona's GET gets, where not the usual
    # Allowed by their role, refused by the access decision for this object (not their
    # agency's to decide): 403 for the object, 404 for one that does not exist.
    decided: set[str] = field(default_factory=set)


def _person(o):
    return {"person_id": o["person"].pk}


def _consent(o):
    return {"person_id": o["person"].pk, "consent_id": o["consent"].pk}


def _case(o):
    return {"case_id": o["case"].pk}


CALL_TAKERS = {"reception", "foreigners_officer", "jobcenter_officer"}
PAYERS = {"jobcenter_officer"}


def _payout(o):
    return {"payout_id": o["payout"].pk}


def _payout_run(o):
    return {"run_id": o["payout_run"].pk}


def _cheque(o):
    return {"cheque_id": o["cheque"].pk}


MODERATORS = {"coordinator", "administrator"}


def _call(o):
    return {"call_id": o["call"].pk}


def _entry(o):
    return {"person_id": o["person"].pk, "kind": "schooling", "entry_id": o["schooling"].pk}


MATRIX: dict[str, Row] = {
    "core:welcome": Row(EVERYONE),
    "core:login": Row(EVERYONE),
    # The code step of a sign-in waits for a password first: without one, back to the login.
    "core:login_code": Row(EVERYONE, get="login", post="login"),
    "core:logout": Row(EVERYONE, post_only=True, post="login"),
    "core:healthz": Row(EVERYONE, post="405"),
    "core:session_alive": Row(ANY_ROLE, post_only=True),
    "core:password_change": Row(ANY_ROLE),
    "set_language": Row(EVERYONE),
    "core:home": Row(ANY_ROLE),
    "people:search": Row(FILE_READERS),
    "people:register": Row(WRITERS),
    "people:duplicates": Row(DATA_PROTECTION),
    "people:merge_undo": Row(DATA_PROTECTION, lambda o: {"merge_id": o["merge"].pk}),
    # The person's consent names every agency, the partner's too (objects below).
    "people:detail": Row(FILE_READERS, _person),
    # The screening is the foreigners authority's (eligibility/services.py may_screen).
    "eligibility:screening": Row({"foreigners_officer"}, post="405"),
    "eligibility:rules": Row(
        {"foreigners_officer", "jobcenter_officer"} | MANAGERS | DATA_PROTECTION, post="405"
    ),
    "eligibility:perspectives": Row(FILE_READERS, _person, post="405"),
    "eligibility:facts": Row({"foreigners_officer"}, _person),
    "eligibility:conviction_add": Row({"foreigners_officer"}, _person),
    # Housing is the desks of a housing agency, which no persona here works for: every other
    # desk is refused, and recorded (tests/housing serves them). The vacancy figures name no
    # one and are the coordinator's too.
    "housing:accommodations": Row(set()),
    "housing:accommodation": Row(set(), lambda o: {"accommodation_id": o["housing"].pk}),
    "housing:vacancies": Row({"coordinator"}, post="405"),
    "housing:waiting": Row(set()),
    "housing:propose": Row(set(), lambda o: {"waiting_id": o["waiting"].pk}),
    "housing:allocate": Row(set(), lambda o: {"waiting_id": o["waiting"].pk}, post_only=True),
    "housing:withdraw": Row(set(), lambda o: {"waiting_id": o["waiting"].pk}, post_only=True),
    "housing:person": Row(set(), _person),
    "housing:move_out": Row(set(), lambda o: {"placement_id": o["placement"].pk}, post_only=True),
    # The hotline: calls are taken at reception and the desks; the figures name no one.
    "hotline:calls": Row(CALL_TAKERS),
    "hotline:figures": Row(CALL_TAKERS | {"coordinator", "administrator"}, post="405"),
    "hotline:call": Row(CALL_TAKERS, _call, post="405"),
    "hotline:link": Row(CALL_TAKERS, _call, post_only=True),
    "hotline:task": Row(CALL_TAKERS, _call, post_only=True),
    "hotline:callback_done": Row(CALL_TAKERS, _call, post_only=True),
    # Payouts: the desks of a paying agency (here the Jobcenter); the coordinator's
    # reconciliation names no one (payouts/services.py).
    "payouts:person": Row(PAYERS, _person, post="405"),
    "payouts:decision_add": Row(PAYERS, _person),
    "payouts:payout_add": Row(PAYERS, lambda o: {"decision_id": o["benefit_decision"].pk}),
    "payouts:queue": Row(PAYERS, post="405"),
    "payouts:release": Row(PAYERS, _payout, post_only=True),
    "payouts:cancel": Row(PAYERS, _payout, post_only=True),
    "payouts:runs": Row(PAYERS | {"coordinator"}, post="405"),
    "payouts:run_new": Row(PAYERS, post_only=True),
    "payouts:run_file": Row(PAYERS, _payout_run, post="405"),
    "payouts:run_executed": Row(PAYERS, _payout_run, post_only=True),
    "payouts:cheques": Row(PAYERS, post="405"),
    "payouts:cheque_day": Row(PAYERS, post="405"),
    "payouts:cheque_issue": Row(PAYERS, _payout, post_only=True),
    "payouts:cheque_pdf": Row(PAYERS, _cheque, post="405"),
    "payouts:cheque_hand_over": Row(PAYERS, _cheque, post_only=True),
    "payouts:cheque_cashed": Row(PAYERS, _cheque, post_only=True),
    "payouts:cheque_cancel": Row(PAYERS, _cheque, post_only=True),
    "eligibility:conviction_delete": Row(
        {"foreigners_officer"},
        lambda o: {"person_id": o["person"].pk, "conviction_id": o["conviction"].pk},
    ),
    "people:edit": Row(WRITERS, _person),
    "people:merge": Row(WRITERS, _person),
    "people:merge_compare": Row(
        WRITERS, lambda o: {"person_id": o["person"].pk, "other_id": o["loner"].pk}
    ),
    "people:household": Row(WRITERS, _person),
    "people:household_create": Row(WRITERS, lambda o: {"person_id": o["loner"].pk}),
    "people:household_join": Row(WRITERS, lambda o: {"person_id": o["loner"].pk}),
    "people:household_edit": Row(WRITERS, _person),
    "people:membership_edit": Row(WRITERS, _person),
    "people:household_leave": Row(WRITERS, _person),
    "people:entry_add": Row(WRITERS, lambda o: {"person_id": o["person"].pk, "kind": "schooling"}),
    "people:entry_edit": Row(WRITERS, _entry),
    "people:entry_delete": Row(WRITERS, _entry),
    "organisation:overview": Row(MANAGERS),
    "organisation:service": Row(MANAGERS, lambda o: {"code": o["service"].code}),
    "organisation:rights_requests": Row({"administrator"}, post="405"),
    "organisation:second_factor": Row(ANY_ROLE),
    "organisation:decide_rights": Row(
        {"administrator"}, lambda o: {"request_id": o["rights_request"].pk}, post_only=True
    ),
    "hall:reception": Row({"reception"}),
    "hall:ticket": Row({"reception"}, lambda o: {"token": o["visit"].token}, post="405"),
    "hall:back_again": Row({"reception"}, lambda o: {"token": o["visit"].token}, post_only=True),
    "hall:live": Row({"coordinator"}),
    # Interpreters' accounts only: none of the personas is one (tests/hall/test_interpreters.py).
    "hall:interpreter": Row(set()),
    "hall:live_skills": Row(
        {"coordinator"}, lambda o: {"session_id": o["session"].pk}, post_only=True
    ),
    "hall:live_alarm": Row({"coordinator"}, lambda o: {"event_id": o["alarm"].pk}, post_only=True),
    "hall:desk": Row({"foreigners_officer", "jobcenter_officer"}),
    "hall:desk_action": Row(
        {"foreigners_officer", "jobcenter_officer"}, lambda o: {"action": "next"}, post_only=True
    ),
    # A free desk's look whether it was called: its key is in the address, as a board's.
    "hall:desk_glance": Row(
        EVERYONE,
        lambda o: {"session_id": o["session"].pk, "token": glance_token(o["session"].pk)},
        post="405",
    ),
    "hall:board": Row(
        EVERYONE, lambda o: {"site_id": o["site"].pk, "token": board_token(o["site"])}, post="405"
    ),
    "hall:board_announce": Row(
        EVERYONE,
        lambda o: {
            "site_id": o["site"].pk,
            "token": board_token(o["site"]),
            "step_id": o["step"].pk,
            "stamp": call_stamp(o["step"]),
        },
        post="405",
    ),
    "hall:status": Row(EVERYONE, lambda o: {"token": o["visit"].token}, post="405"),
    "hall:kiosk": Row(
        EVERYONE, lambda o: {"site_id": o["site"].pk, "token": kiosk_token(o["site"])}, post="405"
    ),
    "hall:kiosk_ticket": Row(
        EVERYONE,
        lambda o: {
            "site_id": o["site"].pk,
            "token": kiosk_token(o["site"]),
            "visit": o["visit"].token,
        },
        post="405",
    ),
    "privacy:consents": Row(READERS, _person),
    # A consent is recorded by the agency that holds the data: here reception's.
    "privacy:consent_add": Row(
        WRITERS, _person, decided={"foreigners_officer", "jobcenter_officer"}
    ),
    "privacy:consent_form": Row(READERS, _person),
    "privacy:consent_withdraw": Row(WRITERS, _consent),
    "privacy:consent_pdf": Row(READERS, _consent),
    "privacy:access_report": Row(DATA_PROTECTION, _person),
    "privacy:record": Row({"data_protection", "administrator"}),
    # The Jobcenter holds a sealed health note of the person: only its desk officer releases it
    # (a partner's advisers release their own organisation's, of which there is none here).
    "privacy:releases": Row(
        {"foreigners_officer", "jobcenter_officer", "partner"},
        _person,
        decided={"foreigners_officer", "partner"},
    ),
    "privacy:release_revoke": Row(
        {"foreigners_officer", "jobcenter_officer", "partner"},
        lambda o: {"person_id": o["person"].pk, "release_id": o["release"].pk},
        post_only=True,
        decided={"foreigners_officer", "partner"},
    ),
    # The Jobcenter answers the foreigners authority's written requests; the foreigners
    # authority answers none.
    "privacy:requests": Row(
        {"foreigners_officer", "jobcenter_officer"}, _person, decided={"foreigners_officer"}
    ),
    "privacy:request_answer": Row(
        {"foreigners_officer", "jobcenter_officer"},
        lambda o: {"person_id": o["person"].pk, "request_id": o["transfer"].pk},
        post_only=True,
        decided={"foreigners_officer"},
    ),
    # The case is led by the Jobcenter, and the foreigners authority is asked to take part:
    # reception's agency takes no part (refused, and recorded).
    # The partner has no referral in this case: refused like reception.
    "cases:open": Row(FILE_WRITERS, _person),
    "cases:detail": Row(FILE_READERS, _case, decided={"reception", "partner"}),
    "cases:note_add": Row(FILE_WRITERS, _case, decided={"reception", "partner"}),
    "cases:document_add": Row(FILE_WRITERS, _case, decided={"reception", "partner"}),
    "cases:document": Row(
        FILE_READERS,
        lambda o: {"document_id": o["document"].pk},
        decided={"reception", "partner"},
    ),
    "cases:task_add": Row(FILE_WRITERS, _case, decided={"reception", "partner"}),
    # Only staff of the task's agency change it.
    "cases:task_edit": Row(
        FILE_WRITERS,
        lambda o: {"task_id": o["task"].pk},
        decided={"reception", "foreigners_officer", "partner"},
    ),
    "cases:referral_add": Row(FILE_WRITERS, _case, decided={"reception", "partner"}),
    # The receiving agency answers a referral.
    "cases:referral_move": Row(
        FILE_WRITERS,
        lambda o: {"referral_id": o["referral"].pk, "move": "accept"},
        decided={"reception", "jobcenter_officer", "partner"},
    ),
    "cases:conference_add": Row(FILE_WRITERS, _case, decided={"reception", "partner"}),
    "audit:log": Row(DATA_PROTECTION),
    "audit:unusual": Row(DATA_PROTECTION, post="405"),
    "audit:verify": Row(DATA_PROTECTION, post="405"),
    "planning:index": Row(MANAGERS, post="405"),
    "planning:upload": Row(MANAGERS, post_only=True),
    "planning:plan": Row(MANAGERS, post_only=True),
    "planning:job": Row(MANAGERS, lambda o: {"job_id": o["job"].pk}, post="405"),
    "planning:job_download": Row(MANAGERS, lambda o: {"job_id": o["job"].pk}, post="405"),
    # What bookings are made against: the sites' capacity and opening hours.
    "appointments:capacity": Row({"coordinator"}),
    "appointments:opening_hours": Row({"coordinator"}),
    # Bookings: reception and desks book and check in; the coordinator plans what to offer.
    "appointments:bookings": Row(STAFF_BOOKERS),
    "appointments:new": Row(STAFF_BOOKERS),
    "appointments:check_in": Row({"reception"}, post_only=True),
    "appointments:detail": Row(STAFF_BOOKERS, lambda o: {"pk": o["booking"].pk}, post="405"),
    "appointments:move": Row(STAFF_BOOKERS, lambda o: {"pk": o["booking"].pk}, post_only=True),
    "appointments:cancel": Row(STAFF_BOOKERS, lambda o: {"pk": o["booking"].pk}, post_only=True),
    "appointments:offer": Row({"coordinator"}),
    # The outbox shows recipients' addresses: coordinators and administrators.
    "outbox:mails": Row(MANAGERS, post="405"),
    "outbox:retry": Row(MANAGERS, lambda o: {"pk": o["mail"].pk}, post_only=True),
    # The public booking pages: anyone, in the language of the address.
    "book:languages": Row(EVERYONE, post="405"),
    "book:start": Row(EVERYONE, lambda o: {"lang": "en"}, post="405"),
    "book:visit": Row(EVERYONE, lambda o: {"lang": "en", "site_id": o["site"].pk}, post="405"),
    "book:hold": Row(EVERYONE, lambda o: {"lang": "en", "site_id": o["site"].pk}, post_only=True),
    "book:details": Row(EVERYONE, lambda o: {"lang": "en", "token": o["held"].token}),
    "book:manage": Row(EVERYONE, lambda o: {"lang": "en", "token": o["booking"].token}, post="405"),
    "book:move": Row(
        EVERYONE, lambda o: {"lang": "en", "token": o["booking"].token}, post_only=True
    ),
    "book:confirm": Row(
        EVERYONE, lambda o: {"lang": "en", "token": o["booking"].token}, post_only=True
    ),
    "appointments:runs": Row(
        {"reception", "foreigners_officer", "jobcenter_officer", "coordinator"}
    ),
    "appointments:run": Row(
        {"reception", "foreigners_officer", "jobcenter_officer", "coordinator"},
        lambda o: {"pk": o["run"].pk},
        post="served",
    ),
    "book:cancel": Row(
        EVERYONE, lambda o: {"lang": "en", "token": o["booking"].token}, post_only=True
    ),
    "hall:kiosk_check_in": Row(
        EVERYONE, lambda o: {"site_id": o["site"].pk, "token": kiosk_token(o["site"])}
    ),
    # The personal checklist: public in the visitor's language, storing nothing (the signed
    # address carries services, not a person); a person's for those who meet visitors.
    "guide:checklist_questionnaire": Row(EVERYONE, lambda o: {"lang": "en"}, post="405"),
    "guide:checklist": Row(
        EVERYONE,
        lambda o: {
            "lang": "en",
            "signed": guide_checklist.make_token(site=o["site"], codes=["registration"]),
        },
        post="405",
    ),
    "guide:checklist_ticket": Row(
        EVERYONE, lambda o: {"lang": "en", "token": o["visit"].token}, post="405"
    ),
    "guide:checklist_booking": Row(
        EVERYONE, lambda o: {"lang": "en", "token": o["booking"].token}, post="405"
    ),
    "guide:checklist_person": Row(WRITERS, _person, post="405"),
    # The guide's staff-written pages: read by anyone; written by coordinators and administrators.
    "guide:page": Row(EVERYONE, lambda o: {"lang": "en", "slug": o["guide_page"].slug}, post="405"),
    "guide:pages_list": Row(MANAGERS, post="405"),
    "guide:pages_new": Row(MANAGERS, post="served"),
    "guide:pages_edit": Row(MANAGERS, lambda o: {"page_id": o["guide_page"].pk}, post="served"),
    "guide:pages_translate": Row(
        MANAGERS, lambda o: {"page_id": o["guide_page"].pk, "lang": "uk"}, post="served"
    ),
    # The guide's service pages and their service worker: public, in the visitor's language.
    "guide:index": Row(EVERYONE, lambda o: {"lang": "en"}, post="405"),
    # The pinboard: read, posted to and reported in the guide; moderated by the coordination.
    "pinboard:board": Row(EVERYONE, lambda o: {"lang": "en"}, post="405"),
    "pinboard:new": Row(EVERYONE, lambda o: {"lang": "en"}),
    "pinboard:report": Row(EVERYONE, lambda o: {"lang": "en", "post_id": o["post"].pk}),
    "network:moderation": Row(MODERATORS),
    # The crisis staff's report: counts only, for the coordination.
    "reports:index": Row(MODERATORS, post="405"),
    "network:decide": Row(MODERATORS, lambda o: {"post_id": o["post"].pk}, post_only=True),
    "network:translate": Row(MODERATORS, post_only=True),
    # The open mic: read and raised in the guide; answered by anyone of the house.
    "pinboard:open_mic": Row(EVERYONE, lambda o: {"lang": "en"}, post="405"),
    "pinboard:open_mic_new": Row(EVERYONE, lambda o: {"lang": "en"}),
    "network:open_mic": Row(ANY_ROLE),
    # Everyone of the house puts posts up, and takes their own organisation's off; moderators
    # any (the post here came through the guide).
    "network:posts": Row(ANY_ROLE),
    "network:withdraw": Row(
        ANY_ROLE,
        lambda o: {"post_id": o["post"].pk},
        post_only=True,
        decided=ANY_ROLE - MODERATORS,
    ),
    # A partner's own organisation: its profile and offers.
    "network:partner": Row(PARTNER, post="405"),
    "network:partner_profile": Row(PARTNER),
    "network:offer_new": Row(PARTNER),
    "network:offer_edit": Row(PARTNER, lambda o: {"offer_id": o["offer"].pk}),
    "network:offers": Row(ANY_ROLE, post="405"),
    "pinboard:offers": Row(EVERYONE, lambda o: {"lang": "en"}, post="405"),
    "network:answer": Row(ANY_ROLE, lambda o: {"topic_id": o["topic"].pk}, post_only=True),
    "network:decide_topic": Row(MODERATORS, lambda o: {"topic_id": o["topic"].pk}, post_only=True),
    "guide:service": Row(EVERYONE, lambda o: {"lang": "en", "code": "registration"}, post="405"),
    "guide:worker": Row(EVERYONE, lambda o: {"lang": "en"}, post="served"),
}
# Example values for the admin's URL parameters; the admin sends non-staff away before it
# looks anything up.
ADMIN_EXAMPLES = {
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "app_label": "organisation",
    "url": "no-such-page/",
}
# Where the admin's answer to every persona is not its login: the login itself, which is the
# site's two-step login, and the logout, which sends those not signed in to the admin to its
# start page (and that to the login).
ADMIN_OTHERWISE = {"admin:login": "login", "admin:logout": "admin"}

# What an allowed persona may get for a request the view takes (the page, a redirect, a form
# error, 405 for a method it does not take), as opposed to refused, not found or an error.
SERVED = {"page", "served", "405"}


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple]:
    """(key, route) of every URL: the key is its name with namespace, else its route."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else None
            yield name or route, route


def _admin_path(route: str) -> str:
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: ADMIN_EXAMPLES[m[1]], route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ADMIN_EXAMPLES[m[1]], path)
    return "/" + path.replace("^", "").replace("$", "")


ADMIN = {key: route for key, route in _patterns(get_resolver()) if route.startswith("admin/")}


def test_every_url_is_in_the_matrix():
    keys = {key for key, _route in _patterns(get_resolver())}
    assert keys - set(ADMIN) == set(MATRIX)


def test_every_url_parameter_is_known_to_name_an_object_or_not():
    for key, route in _patterns(get_resolver()):
        if key in MATRIX:
            names = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
            assert names <= set(MISSING) | NOT_OBJECTS, f"{key}: which of {names} name objects?"


@pytest.fixture
def objects(services, personas, agencies, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Registered at reception, with the consent most visitors give there: the roles decide
    # here; what the access decision refuses without a consent, tests/privacy shows.
    registered = {"registered_by": agencies["reception"]}
    person = Person.objects.create(family_name="Koval", given_names="Olena", sex="f", **registered)
    loner = Person.objects.create(family_name="Melnyk", given_names="Ivan", sex="m", **registered)
    given = consent(person)
    consent(loner)
    household = Household.objects.create(label="Koval")
    HouseholdMember.objects.create(household=household, person=person, relation="head")
    schooling = Schooling.objects.create(person=person, level="primary", years=4)
    twin = Person.objects.create(family_name="Koval", given_names="Olena", merged_into=person)
    merge = PersonMerge.objects.create(survivor=person, merged=twin, merged_by="rezeption")
    return {
        **_case_file(person, personas, agencies),
        "person": person,
        "loner": loner,
        "schooling": schooling,
        "conviction": Conviction.objects.create(person=person, daily_rates=30),
        **_housing(person, loner),
        "offer": Offer.objects.create(
            agency=personas["partner"].staff_member.agency,
            kind="debt",
            title={"de": "Schuldnerberatung"},
            description={"de": "Beratung bei Schulden."},
            where="Musterstraße 1",
        ),
        "topic": Topic.objects.create(
            kind="idea", language="de", title="T", body="B", state="open"
        ),
        "post": Post.objects.create(
            kind="job",
            language="de",
            title="Job",
            body="Text",
            contact="Firma",
            expires_on=timezone.localdate() + timedelta(days=5),
            state="published",
        ),
        "call": Call.objects.create(
            line=Line.objects.create(code="ua", name="UA", languages=["uk"]),
            minutes=3,
            language="uk",
            topic="other",
            outcome="answered",
            taken_by=personas["reception"],
        ),
        "merge": merge,
        "consent": given,
        "service": services["residence"],
        "guide_page": GuidePage.objects.create(
            slug="wohnen", topic="housing", title="Wohnen", body="Eine Wohnung finden."
        ),
        "job": _planning_job(personas["coordinator"]),
        **_hall(agencies),
        "rights_request": RightsRequest.objects.create(
            staff=personas["coordinator"].staff_member,
            roles=["coordinator", "data_protection"],
            requested_by=personas["coordinator"],
        ),
        **_payouts(person, personas, agencies),
    }


def _payouts(person, personas, agencies) -> dict[str, Any]:
    """A Jobcenter decision for the person with a payout waiting for release, a transfer
    file and a cheque."""
    officer = personas["jobcenter_officer"]
    decision = BenefitDecision.objects.create(
        person=person, agency=agencies["jobcenter"], regime="sgb2", amount_per_month=563,
        period_from=timezone.localdate(), period_until=timezone.localdate(), decided_by=officer,
    )  # fmt: skip
    payout = Payout.objects.create(
        decision=decision, amount=563, period_from=decision.period_from,
        period_until=decision.period_until, method="cheque", created_by=officer,
    )  # fmt: skip
    run = PayoutRun.objects.create(
        agency=agencies["jobcenter"], execution_date=timezone.localdate(), message_id="M-1",
        xml="<Document/>", count=0, control_sum=0, created_by=officer,
    )  # fmt: skip
    cheque = Cheque.objects.create(number=1, payout=payout, amount=563, issued_by=officer)
    return {"benefit_decision": decision, "payout": payout, "payout_run": run, "cheque": cheque}


def _housing(person, loner) -> dict[str, Any]:
    """An accommodation with a bed the person lives in, and the other person waiting."""
    housing = Agency.objects.create(
        code="wohnen", name="Wohnungsverwaltung", kind="housing", controller_name="Stadt"
    )
    place = Accommodation.objects.create(
        name="Haus A", kind="shared", address="Weg 1", cost=20, takes_families=True
    )
    bed = Bed.objects.create(room=Room.objects.create(accommodation=place, label="1"), label="1")
    return {
        "housing": place,
        "placement": Placement.objects.create(person=person, bed=bed, agency=housing),
        "waiting": WaitingEntry.objects.create(
            person=loner, agency=housing, size=1, group="single_man"
        ),
    }


def _case_file(person, personas, agencies) -> dict[str, Any]:
    """A case of the person led by the Jobcenter, with a task, a document, and a referral to
    the foreigners authority that waits for its answer."""
    officer = personas["jobcenter_officer"]
    case, _new = case_services.open_case(user=officer, person_id=person.pk, data={"title": "A"})
    task = case_services.add_task(
        user=officer, case_id=case.pk, data={"agency": agencies["jobcenter"], "title": "T"}
    )
    stored = case_files.store(io.BytesIO(b"%PDF-1.4\n%%EOF\n"))
    document = CaseDocument.objects.create(
        case=case,
        agency=agencies["jobcenter"],
        category="benefits",
        title="D",
        stored_as=stored.name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )
    referral, _new = case_services.refer(
        user=officer,
        case_id=case.pk,
        data={"to_agency": agencies["foreigners"], "categories": ["identity"]},
    )
    case_services.add_note(user=officer, case_id=case.pk, category="health", text="sealed")
    release = Release.objects.create(
        person=person,
        category="health",
        user=personas["foreigners_officer"],
        granted_by=officer,
        reason="R",
        until=timezone.now() + timedelta(days=1),
    )
    return {
        "case": case,
        "task": task,
        "document": document,
        "referral": referral,
        "release": release,
        # The foreigners authority's written request, which the Jobcenter answers.
        "transfer": TransferRequest.objects.create(
            person=person,
            agency=agencies["foreigners"],
            basis=LegalBasis.objects.get(code="sgb-x-71-2-aufenthg-87-1"),
            reference="ABH-1",
        ),
    }


def _hall(agencies) -> dict[str, Any]:
    """A site with a desk and a ticket issued there, called to the desk."""
    site = Site.objects.create(name="Halle")
    desk = Desk.objects.create(site=site, number="1")
    desk.agencies.add(agencies["reception"])
    visit = hall_services.issue_ticket(site=site, services=["registration"], language="uk")
    officer = get_user_model().objects.create_user(username="hall-officer", password="x" * 12)
    session = hall_services.sign_in(user=officer, desk=desk, skills=["registration"])
    step = hall_services.call_next(session)
    assert step is not None, "the desk calls the visitor"
    alarm = hall_services.alarm(session)
    return {
        "site": site,
        "visit": visit,
        "session": session,
        "alarm": alarm,
        "step": step,
        **_bookings(site),
    }


def _bookings(site) -> dict[str, Any]:
    """The site open every day, a booking for tomorrow and a time held on the public page."""
    tomorrow = timezone.localtime() + timedelta(days=1)
    for weekday in range(7):
        OpeningHours.objects.create(site=site, weekday=weekday, opens="08:00", closes="16:00")

    def booking(state: str, **more: Any) -> Booking:
        made = Booking.objects.create(
            site=site, start=tomorrow, end=tomorrow + timedelta(minutes=5), language="en",
            channel="online", state=state, **more,
        )  # fmt: skip
        made.steps.create(service=Service.objects.get(code="registration"), order=0,
                          start=tomorrow)  # fmt: skip
        return made

    mail = Mail.objects.create(
        to="v@example.org", subject="s", body="b", language="en", kind="booking",
        state=Mail.State.FAILED,
    )  # fmt: skip
    reception = get_user_model().objects.get(username="rezeption")
    run = InvitationRun.objects.create(
        site=site, concerns=["registration"], criterion="expiring",
        first_day=timezone.localdate(), created_by=reception,
    )  # fmt: skip
    return {
        "run": run,
        "mail": mail,
        "booking": booking(Booking.State.BOOKED),
        "held": booking(Booking.State.HELD, held_until=timezone.now() + timedelta(minutes=10)),
    }


def _planning_job(owner) -> PlanningJob:
    """A finished planning job with an empty proposal (no planner run needed to serve it)."""
    outcome = PlanOutcome(
        headcount=1, target_p90=None, skill_mix=(), interpreter_mix=(), groups=(), columns=(),
        figures=(), meets_target=None, robust_p90=0.0, robust_mean_wait=0.0, seconds=0.0,
        evaluations=0, staff=(), interpreters=(),
    )  # fmt: skip
    return PlanningJob.objects.create(
        owner=owner, day_key="sample:rural-walk-in", day_label="d",
        day=day_to_dict(load_day_file(SAMPLES_DIR / "rural-walk-in.json")), digest="d",
        headcount=1, language="en", state=PlanningJob.State.DONE,
        outcome=outcome_to_json(outcome),
    )  # fmt: skip


def _database() -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused request changed nothing but the audit
    trail's record of the refusal."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label != "audit"
    } | {"audit entries other than refusals": _audit_other_than_refusals()}


def _audit_other_than_refusals() -> list[tuple]:
    return list(AuditEntry.objects.exclude(action="refused").order_by("seq").values_list("seq"))


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302):
        target = urlsplit(response["Location"]).path
        redirects = {"core:login": "login", "admin:login": "admin login", "admin:index": "admin"}
        for name, word in redirects.items():
            if target == reverse(name):
                return word
    if status >= 500:
        return f"error {status}"
    words = {200: "page", 403: "refused", 404: "not found", 405: "405"}
    return words.get(status, "served")


def _agrees(expected: str, actual: str) -> bool:
    return actual in SERVED if expected == "served" else actual == expected


@pytest.fixture(scope="module")
def browser() -> Client:
    """One test client for the module: each new one loads the middleware again, and WhiteNoise
    then walks every static file."""
    return Client()


class _Asker:
    """Asks as one user or another and collects every answer other than the expected one."""

    def __init__(self, client: Client, users: dict[str, Any]) -> None:
        self.client = client
        self.users = users
        self.differences: list[str] = []

    def sign_in(self, who: str) -> dict[str, str]:
        """A new session for `who` (none for anonymous visitors); returns its cookies."""
        self.client.cookies.clear()
        if self.users[who] is not None:
            self.client.force_login(self.users[who])
        return {name: morsel.value for name, morsel in self.client.cookies.items()}

    def ask(self, who: str, method: str, url: str, expected: str, cookies: dict[str, str]):
        """Asks with the cookies of `who`'s session (a response's new cookies are dropped)."""
        client = self.client
        client.cookies.clear()
        for name, value in cookies.items():
            client.cookies[name] = value
        response = client.get(url) if method == "GET" else client.post(url, {})
        actual = _outcome(response)
        if not _agrees(expected, actual):
            self.differences.append(f"{method} {url} as {who}: {actual}, not {expected}")


def _missing_variants(kwargs: dict[str, Any]) -> list[dict[str, Any]]:
    """The kwargs again with each object in turn replaced by one that does not exist."""
    return [{**kwargs, name: MISSING[name]} for name in kwargs if name in MISSING]


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_matrix(key, personas, objects, browser):
    row = MATRIX[key]
    users = {ANONYMOUS: None, **personas}
    assert row.allowed == EVERYONE or row.allowed <= set(personas), "unknown persona"
    allowed = set(users) if row.allowed == EVERYONE else row.allowed
    kwargs = row.kwargs(objects)
    url = reverse(key, kwargs=kwargs)
    missing = [reverse(key, kwargs=variant) for variant in _missing_variants(kwargs)]
    asker = _Asker(browser, users)
    sessions = {who: asker.sign_in(who) for who in users}

    # Those who may not use the URL first, on a database that must stay as it is.
    before = _database()
    for who in sorted(set(users) - allowed):
        answer = "login" if who == ANONYMOUS else "refused"
        for address in [url, *missing]:
            asker.ask(who, "GET", address, answer, sessions[who])
            asker.ask(who, "POST", address, answer, sessions[who])
    assert not asker.differences, "\n".join(asker.differences)
    assert _database() == before, "a refused request changed the database"

    # Allowed by role, refused by the access decision: the refusal is recorded, nothing else.
    for who in sorted(row.decided):
        for method in ("GET", "POST"):
            asker.ask(who, method, url, "refused", sessions[who])
            for address in missing:
                asker.ask(who, method, address, "not found", sessions[who])
    assert not asker.differences, "\n".join(asker.differences)
    assert _database() == before, "a request the decision refused changed the database"

    # The POST to the URL itself comes last, since it may end the session (the logout).
    get = row.get or ("405" if row.post_only else "served" if row.allowed == EVERYONE else "page")
    for who in sorted(allowed - row.decided):
        asker.ask(who, "GET", url, get, sessions[who])
        for method in ("GET", "POST"):
            for address in missing:
                asker.ask(who, method, address, "not found", sessions[who])
        asker.ask(who, "POST", url, row.post, sessions[who])
    assert not asker.differences, "\n".join(asker.differences)


@pytest.mark.django_db
def test_the_admin_sends_every_persona_to_its_login(personas, browser):
    asker = _Asker(browser, {ANONYMOUS: None, **personas})
    sessions = {who: asker.sign_in(who) for who in asker.users}
    before = _database()
    for key, route in sorted(ADMIN.items()):
        path = _admin_path(route)
        # The example reaches this very URL (the resolver drops the "^" of a regex).
        assert resolve(path).route == route.replace("^", ""), key
        answer = ADMIN_OTHERWISE.get(key, "admin login")
        for who, cookies in sessions.items():
            asker.ask(who, "GET", path, answer, cookies)
            asker.ask(who, "POST", path, answer, cookies)
    assert not asker.differences, "\n".join(asker.differences)
    assert _database() == before


# The purpose axis: which purposes each persona may claim, to read and to write, and so which
# one its reads of a person's data are recorded under (people/services/base.py).
PURPOSES: dict[str, dict[str, set[str]]] = {
    "reception": {"read": {"registration"}, "write": {"registration"}},
    "foreigners_officer": {"read": {"casework"}, "write": {"casework"}},
    "jobcenter_officer": {"read": {"casework"}, "write": {"casework"}},
    "data_protection": {
        "read": {"data_protection_review", "data_protection_correction"},
        "write": set(),
    },
    "coordinator": {"read": set(), "write": set()},
    "administrator": {"read": set(), "write": set()},
    "partner": {"read": {"casework"}, "write": {"casework"}},
    "outsider": {"read": set(), "write": set()},
}
# The purpose a persona's reads are recorded under, where it may claim several.
RECORDED = {
    "reception": "registration",
    "foreigners_officer": "casework",
    "jobcenter_officer": "casework",
    "data_protection": "data_protection_review",
    "partner": "casework",
}
PERSON_OBJECTS = {
    "person_id",
    "case_id",
    "task_id",
    "document_id",
    "referral_id",
    "consent_id",
    "entry_id",
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PURPOSES))
def test_purpose_axis(who, personas):
    from django.core.exceptions import PermissionDenied

    from anlaufstelle.core.purposes import Purpose
    from anlaufstelle.people.services.base import checked_purpose

    for mode in ("read", "write"):
        for purpose in Purpose.values:
            try:
                checked_purpose(personas[who], purpose, write=mode == "write")
                allowed = True
            except PermissionDenied:
                allowed = False
            assert allowed == (purpose in PURPOSES[who][mode]), (who, mode, purpose)


# Every URL that names a person's data (a person, a case, a consent …).
PERSON_URLS = sorted(
    key
    for key, route in _patterns(get_resolver())
    if key in MATRIX and set(re.findall(r"<(?:\w+:)?(\w+)>", route)) & PERSON_OBJECTS
)


@pytest.mark.parametrize("key", PERSON_URLS)
def test_every_read_of_a_person_is_recorded_under_the_personas_purpose(
    key, personas, objects, browser
):
    row = MATRIX[key]
    url = reverse(key, kwargs=row.kwargs(objects))
    for who in sorted(set(row.allowed) - row.decided):
        browser.cookies.clear()
        browser.force_login(personas[who])
        before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = browser.get(url)
        assert response.status_code in (200, 302, 405), (key, who, response.status_code)
        entries = AuditEntry.objects.filter(seq__gt=before, username=personas[who].username)
        purposes = set(entries.values_list("purpose", flat=True))
        assert purposes == {RECORDED[who]}, (key, who, purposes)
