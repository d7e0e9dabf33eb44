"""The personal checklist: a person's steps at the centre in the order their prerequisites allow,
each with what to bring and where to go, in the person's language.

A checklist is built from service codes at one site, wherever they come from: a hall ticket's
visit plan, a booking, the concerns a member of staff chose for a person, or the guide's short
questionnaire (:func:`codes_for_answers`, a small table explained in docs/checklist.md). The
order is the one the centre books and steers by: the flow core adds the prerequisites and
:func:`anlaufstelle.appointments.slots.visit_shape` lays the steps out one after the other, so
the checklist can never disagree with the booking or the hall about what comes first.

Nothing here stores anything: the address of a checklist carries its codes signed
(:func:`make_token`), never a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from anlaufstelle.appointments import mails, slots
from anlaufstelle.appointments.models import Booking
from anlaufstelle.core.categories import Category
from anlaufstelle.hall import services as hall
from anlaufstelle.hall.models import Outcome, Step, Visit
from anlaufstelle.organisation.models import Desk, Service, Site
from anlaufstelle.people.models import Person
from anlaufstelle.planning import centre

SALT = "anlaufstelle.guide.checklist"
# Codes per checklist: far more than any visit has, few enough that a token stays a short URL.
MAX_CODES = 20
MAX_PARTY = 50

# --- The questionnaire's table ------------------------------------------------------------------

#: What a person may say they need, in plain words (the form's labels), and the services each
#: need asks for at the centre. "money" and "papers" depend on the answers: see codes_for_answers.
NEED_SERVICES: dict[str, tuple[str, ...]] = {
    "papers": ("registration", "residence"),
    "money": (),  # the benefit office depends on country and age
    "school": ("school",),
    "work": ("jobs",),
    "housing": ("housing",),
    "bank": ("bank",),
    "health": ("health_insurance",),
    "family": ("youth_office",),
}
# People from Ukraine have temporary protection (§ 24 AufenthG) and, since June 2022, their
# benefits from the Jobcenter (SGB II) up to the pension age, from the social office (SGB XII)
# after it; everybody else who has just arrived gets benefits from the social office (AsylbLG).
TEMPORARY_PROTECTION = frozenset({"UA"})
JOBCENTER_BENEFITS = ("basic_income", "bank")  # the Jobcenter pays by transfer only
SOCIAL_OFFICE_BENEFITS = ("benefits", "payout")  # paid by cheque or transfer at the cash desk
# Who has just arrived registers their address first of all.
NEW_ARRIVAL = ("registration",)


@dataclass(frozen=True)
class Answers:
    """The questionnaire's answers; nothing of it is kept."""

    country: str  # ISO 3166 alpha-2, or "" if not said
    arrived: str  # "new" (less than three months) or "settled"
    family: str  # "alone", "partner", "children" or "partner_children"
    children: int
    pension_age: bool
    needs: tuple[str, ...]

    @property
    def party_size(self) -> int:
        partner = 1 if self.family in ("partner", "partner_children") else 0
        return min(MAX_PARTY, 1 + partner + (self.children if self.has_children else 0))

    @property
    def has_children(self) -> bool:
        return self.family in ("children", "partner_children") and self.children > 0


def codes_for_answers(answers: Answers) -> list[str]:
    """The services the answers ask for, in the table's order (the order of the visit comes
    later from the prerequisites); a service the centre does not offer is dropped later too."""
    codes: list[str] = []
    if answers.arrived == "new":
        codes += NEW_ARRIVAL
        if answers.country in TEMPORARY_PROTECTION:
            codes.append("residence")
    for need in answers.needs:
        if need == "money":
            jobcenter = answers.country in TEMPORARY_PROTECTION and not answers.pension_age
            codes += JOBCENTER_BENEFITS if jobcenter else SOCIAL_OFFICE_BENEFITS
        else:
            codes += NEED_SERVICES.get(need, ())
    if answers.has_children:
        codes.append("school")
    return list(dict.fromkeys(codes))


# --- The checklist ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistStep:
    code: str
    name: str
    description: str
    documents: list[str]
    agency: str
    rooms: list[str]
    desks: list[str]
    time: str = ""  # a booked step's time
    done: bool = False  # a ticket's step already served


@dataclass(frozen=True)
class Checklist:
    site: Site
    language: str
    steps: list[ChecklistStep]
    party_size: int = 1
    when: str = ""  # a booking's day and time
    # Codes asked for that the site does not offer (the page says to ask at reception).
    missing: list[str] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.steps]


def site_codes(site: Site) -> set[str]:
    return {s.id for s in centre.site_services(site)}


def best_site(codes: Iterable[str]) -> Site | None:
    """The site with desks that offers most of the codes (the first by name on a tie)."""
    wanted = set(codes)
    best: tuple[int, Site] | None = None
    for site in Site.objects.with_desks():
        count = len(wanted & site_codes(site))
        if best is None or count > best[0]:
            best = (count, site)
    return best[1] if best and best[0] else None


def build(
    *,
    site: Site,
    codes: Sequence[str],
    language: str,
    party_size: int = 1,
    times: dict[str, datetime] | None = None,
    when: str = "",
    done: Iterable[str] = (),
) -> Checklist:
    """The checklist for these services at the site in ``language``: their prerequisites added,
    in the order the centre books them. ``times`` are a booking's steps' times, ``when`` its day
    and time as its e-mails give them."""
    shape = slots.visit_shape(site, codes, max(1, min(MAX_PARTY, party_size)))
    ordered = list(shape.codes)
    offered = site_codes(site)
    missing = [c for c in dict.fromkeys(codes) if c not in offered]
    services = {
        s.code: s for s in Service.objects.filter(code__in=ordered).select_related("agency")
    }
    desks = list(
        Desk.objects.filter(site=site, agencies__in=[s.agency for s in services.values()])
        .distinct()
        .prefetch_related("agencies")
        .order_by("number")
    )
    steps = []
    finished = set(done)
    with override(language):
        for code in ordered:
            service = services[code]
            own = [d for d in desks if any(a.pk == service.agency_id for a in d.agencies.all())]
            at = (times or {}).get(code)
            steps.append(
                ChecklistStep(
                    code=code,
                    name=service.name,
                    description=service.description,
                    # The booking mail's words for what to bring (Service.document_labels).
                    documents=service.document_labels,
                    agency=service.agency.name,
                    rooms=list(dict.fromkeys(d.room for d in own if d.room)),
                    desks=[d.number for d in own],
                    time=f"{timezone.localtime(at):%H:%M}" if at else "",
                    done=code in finished,
                )
            )
    return Checklist(
        site=site,
        language=language,
        steps=steps,
        party_size=party_size,
        when=when,
        missing=missing,
    )


# --- Addresses ----------------------------------------------------------------------------------


class BadToken(Exception):
    """A checklist address that was not made here, or was changed."""


def make_token(*, site: Site, codes: Sequence[str], party_size: int = 1) -> str:
    """The signed part of a checklist's address: site, codes and party size, nothing of a
    person. It does not expire: the checklist is kept on the phone."""
    data: dict[str, Any] = {"site": site.pk, "s": list(dict.fromkeys(codes))[:MAX_CODES]}
    if party_size > 1:
        data["n"] = party_size
    return signing.dumps(data, salt=SALT, compress=True)


@dataclass(frozen=True)
class Request:
    site: Site
    codes: list[str]
    party_size: int


def read_token(token: str) -> Request:
    """What a token asks for; ``BadToken`` if it was tampered with or names no site here."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise BadToken(token) from exc
    if not isinstance(data, dict):
        raise BadToken(token)
    codes, site_id, party = data.get("s"), data.get("site"), data.get("n", 1)
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise BadToken(token)
    if not isinstance(site_id, int) or not isinstance(party, int):
        raise BadToken(token)
    site = Site.objects.filter(pk=site_id).first()
    if site is None:
        raise BadToken(token)
    return Request(site=site, codes=codes[:MAX_CODES], party_size=max(1, min(MAX_PARTY, party)))


def source_url(source: Visit | Booking) -> str:
    """The address of a ticket's or booking's checklist, in its language if the product speaks
    it (a ticket issued at reception may be in any language a visitor speaks)."""
    name = "guide:checklist_ticket" if isinstance(source, Visit) else "guide:checklist_booking"
    return reverse(name, args=[ui_language([source.language]), source.token])


def ui_language(codes: Iterable[str]) -> str:
    """The first of a person's languages that the product speaks, else German."""
    spoken = dict(settings.LANGUAGES)
    return next((c for c in codes if c in spoken), settings.LANGUAGE_CODE)


# --- Where the codes come from ------------------------------------------------------------------


# A step's outcome that means it is behind the visitor.
SERVED = ("", Outcome.DONE)


def for_ticket(*, token: str, language: str) -> Checklist | None:
    """A hall ticket's visit plan (the ticket's own token, as its status page takes it)."""
    visit = Visit.objects.select_related("day__site").filter(token=token).first()
    if visit is None:
        return None
    steps = list(visit.steps.order_by("order").values_list("service__code", "state", "outcome"))
    return build(
        site=visit.day.site,
        codes=[code for code, _state, _outcome in steps],
        language=language,
        party_size=visit.party_size,
        # Served: ticked on the list (a step sent away for missing papers is still to do).
        done=[c for c, state, outcome in steps if state == Step.State.DONE and outcome in SERVED],
    )


def for_booking(*, token: str, language: str) -> Checklist | None:
    """A booking by its token (as the public booking page takes it), with its steps' times; a
    time only held while its form is filled in is no booking yet."""
    booking = (
        Booking.objects.select_related("site")
        .exclude(state=Booking.State.HELD)
        .filter(token=token)
        .first()
    )
    if booking is None:
        return None
    steps = list(booking.steps.select_related("service").order_by("order"))
    return build(
        site=booking.site,
        codes=[s.service.code for s in steps],
        language=language,
        party_size=booking.party_size,
        times={s.service.code: s.start for s in steps},
        when=_booked_when(booking, language),
    )


def _booked_when(booking: Booking, language: str) -> str:
    with override(language):
        return mails.when(booking)


@dataclass(frozen=True)
class PersonConcerns:
    person: Person
    language: str
    site: Site | None
    codes: list[str]
    party_size: int


def person_concerns(*, user: Any, person_id: int, now: datetime) -> PersonConcerns:
    """What a person still has to do, for a member of staff: the services of their coming
    bookings and of their hall tickets not yet done (or sent away for missing documents), and
    the first language of theirs the product speaks. The read of the person goes through the
    people services, which ask the access decision and audit it (``AccessRefused`` if refused)."""
    person = hall.read_person(
        user,
        person_id,
        categories=(Category.IDENTITY, Category.BIOGRAPHY),
        detail={"for": "checklist"},
    )
    bookings = list(
        Booking.objects.filter(person=person, state=Booking.State.BOOKED, start__gte=now)
        .select_related("site")
        .order_by("start")
    )
    open_steps = list(
        Step.objects.filter(visit__person=person)
        .exclude(state=Step.State.DONE, outcome__in=SERVED)
        .exclude(outcome__in=[Outcome.NOT_RESPONSIBLE, Outcome.DECLINED])
        .select_related("service", "visit__day__site")
        .order_by("-visit__created", "order")
    )
    codes: list[str] = []
    for booking in bookings:
        codes += booking.steps.order_by("order").values_list("service__code", flat=True)
    codes += [s.service.code for s in open_steps]
    site = (
        bookings[0].site
        if bookings
        else open_steps[0].visit.day.site
        if open_steps
        else best_site(codes)
    )
    party = bookings[0].party_size if bookings else 1
    return PersonConcerns(
        person=person,
        language=ui_language(person.languages or []),
        site=site,
        codes=list(dict.fromkeys(codes)),
        party_size=party,
    )
