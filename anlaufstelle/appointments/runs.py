"""Invitation runs (the Migrationsagentur's invitation system): a group of people is selected
by a criterion, each gets a time on the run's days that levels the load, and then a letter in
their language and, where they gave one, an e-mail. The invited person confirms, moves or
cancels through the link; who has not answered is reminded once.

Who may select: selecting reads the registry (identity, and for expiring documents the
residence data) of every person it lists, so it goes through the one access decision with the
user's own purpose, like a search, and is recorded with the people it showed. Only people whose
data the decision opens to the user are listed; the rest are counted as withheld. So runs are
made by the roles that read people for their work (desk officers, reception): the run is the
task of the agency whose data it reads (the foreigners authority for expiring documents,
privacy/LEGAL-NOTES). Coordinators see the runs and their load on the capacity, without names.

People the decision withholds are refused as a read of their data is: besides the selection's
own entry, one refused entry names them with the decision's reasons, so that the
data-protection officer's "unusual access" page shows, say, a Jobcenter officer selecting by
residence documents (the foreigners authority passes residence data on only as §90 AufenthG
provides, privacy/LEGAL-NOTES). A user without a reading purpose at all (a coordinator) is
refused before anything is read (`checked_purpose`), like every other registry read.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import override

from anlaufstelle.appointments import mails, services, slots
from anlaufstelle.appointments.models import Booking, Channel, Invitation, InvitationRun
from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.core.pdf import render_html
from anlaufstelle.flow.policies import DEFAULT_POLICY, get_policy
from anlaufstelle.flow.simulator import simulate
from anlaufstelle.hall.models import Step
from anlaufstelle.organisation.models import Service
from anlaufstelle.people.models import Document, Person
from anlaufstelle.people.services.base import audit, checked_purpose, record_withheld
from anlaufstelle.privacy import services as access

# A run invites at most this many people: a letter run, not a mass mailing.
MAX_PEOPLE = 2000


def language_of(person: Person) -> str:
    """The first language the person speaks that the product speaks too, else German."""
    return next((code for code in person.languages or [] if code in SPOKEN_LANGUAGES), "de")


def _candidates(criterion: str, weeks: int, agency: Any) -> list[Person]:
    today = timezone.localdate()
    people = Person.objects.filter(merged_into=None)
    if criterion == InvitationRun.Criterion.EXPIRING:
        # Residence documents only: an expiring passport is the embassy's matter, not the
        # foreigners authority's, and is identity data, not residence data.
        expiring = Document.objects.filter(
            person=OuterRef("pk"),
            valid_until__gte=today,
            valid_until__lte=today + timedelta(weeks=weeks),
        ).exclude(kind__in=Document.IDENTITY_KINDS)
        people = people.filter(Exists(expiring))
    else:
        seen = Step.objects.filter(visit__person=OuterRef("pk"), service__agency=agency)
        people = people.exclude(Exists(seen))
    return list(people.order_by("pk")[:MAX_PEOPLE])


def select(user: Any, *, criterion: str, weeks: int, agency: Any) -> list[Person]:
    """The people a run would invite whom the access decision opens to this user (see the
    module doc); recorded like a search, with the people shown."""
    purpose = checked_purpose(user, None, write=False)
    categories = [Category.IDENTITY, Category.CONTACT]
    if criterion == InvitationRun.Criterion.EXPIRING:
        categories.append(Category.RESIDENCE)
    found = _candidates(criterion, weeks, agency)
    decided = access.decide_many(user=user, people=found, categories=categories, purpose=purpose)
    needed = {Category.IDENTITY} | (
        {Category.RESIDENCE} if criterion == InvitationRun.Criterion.EXPIRING else set()
    )
    shown = [p for p in found if needed <= set(decided[p.pk].allowed)]
    withheld = [p for p in found if not needed <= set(decided[p.pk].allowed)]
    # Contact data where the decision opens them; else the letter goes by post only.
    for person in shown:
        if Category.CONTACT not in decided[person.pk].allowed:
            person.email = ""
            person.phone = ""
    audit(
        user=user,
        action=Action.SEARCH,
        purpose=purpose,
        person_id=None,
        categories=categories,
        detail={
            "invitation run": criterion,
            "weeks": weeks,
            "results": len(shown),
            "withheld": len(found) - len(shown),
            "shown": [p.pk for p in shown],
        },
    )
    if withheld:
        record_withheld(
            user=user,
            purpose=purpose,
            withheld=withheld,
            needed=needed,
            decided=decided,
            detail={"invitation run": criterion},
        )
    return shown


@dataclass
class Proposal:
    run: InvitationRun
    invited: list[Invitation]
    unplaced: list[Person]


def _level(
    site: Any, days: Sequence[date], shapes: dict[int, slots.VisitShape], people: list[Person],
    now: datetime,
) -> tuple[dict[int, datetime], list[Person]]:  # fmt: skip
    """A start for each person on one of the days, on the hour whose units are least used
    relative to what the invitation channel may book (ties: the earlier), counted as the
    people are placed.

    The tables are read once for all days; a start qualifies by the rules the booking checks
    again under its lock (`slots.capacity_times`: the lead time, within one opening interval,
    a service's own hours, units left in every step's hour), so that a placed person is a
    booked one."""
    earliest = now + timedelta(minutes=int(settings.APPOINTMENT_LEAD_MINUTES))
    step = timedelta(minutes=slots.slot_minutes())
    units: dict[date, dict[tuple[str, int], int]] = {}
    used: dict[date, dict[tuple[str, int], int]] = {}
    own_hours: dict[date, dict[str, list[tuple[datetime, datetime]]]] = {}
    intervals: dict[date, list[tuple[datetime, datetime]]] = {}
    for day in days:
        units[day] = slots.bookable_units(site, day, Channel.INVITATION)
        used[day] = defaultdict(int, slots.used_units(site, day, now))
        own_hours[day] = slots.service_hours(site, day)
        intervals[day] = slots.opening_hours(site, day)
    # The starts at which a visit of so many minutes lies within an opening interval.
    starts: dict[tuple[date, float], list[datetime]] = {}

    def starts_for(day: date, minutes: float) -> list[datetime]:
        if (day, minutes) not in starts:
            found = []
            for opens, closes in intervals[day]:
                at = opens
                while at + timedelta(minutes=minutes) <= closes:
                    if at >= earliest:
                        found.append(at)
                    at += step
            starts[(day, minutes)] = found
        return starts[(day, minutes)]

    placed: dict[int, datetime] = {}
    unplaced: list[Person] = []
    for person in people:
        shape = shapes[person.pk]
        if not shape.steps:  # the site serves none of the concerns
            unplaced.append(person)
            continue
        hours = [(s, timedelta(minutes=s.offset)) for s in shape.steps]
        best: tuple[float, datetime] | None = None
        for day in days:
            for start in starts_for(day, shape.minutes):
                if not slots._fits(start, shape, units[day], used[day], own_hours[day]):
                    continue
                load = max(
                    (used[day][key] + s.units) / units[day][key]
                    for s, offset in hours
                    for key in [(s.service, timezone.localtime(start + offset).hour)]
                )
                if best is None or (load, start) < best:
                    best = (load, start)
        if best is None:
            unplaced.append(person)
            continue
        start = best[1]
        day = timezone.localdate(start)
        for s, offset in hours:
            used[day][(s.service, timezone.localtime(start + offset).hour)] += s.units
        placed[person.pk] = start
    return placed, unplaced


def propose(run: InvitationRun, people: list[Person], *, now: datetime | None = None) -> Proposal:
    """Book a time for each person (see :func:`_level`), in one transaction, each booking
    checked again against the capacity under the day's lock; store the run's effect on the
    simulated days."""
    now = now or timezone.now()
    days = slots.bookable_days(run.site, run.first_day, run.days)
    # Every person of a run comes for the same concerns, alone: one shape for all.
    shape = slots.visit_shape(run.site, run.concerns, 1)
    shapes = {p.pk: shape for p in people}
    invited: list[Invitation] = []
    with transaction.atomic():
        placed, unplaced = _level(run.site, days, shapes, people, now)
        before = _figures(run.site, days, now, without_run=run)
        for person in people:
            if person.pk not in placed:
                continue
            language = language_of(person)
            try:
                booking = services.book(
                    services.Request(
                        site=run.site, start=placed[person.pk], concerns=tuple(run.concerns),
                        party_size=1, language=language, channel=Channel.INVITATION,
                        email=person.email, phone=person.phone,
                    ),
                    person=person, user=run.created_by, now=now, simulate=False, mail=False,
                )  # fmt: skip
            except services.BookingRefused:
                unplaced.append(person)
                continue
            invited.append(
                Invitation.objects.create(
                    run=run, person=person, booking=booking, language=language
                )
            )
        after = _figures(run.site, days, now)
        run.effect = {
            key: {"without": before.get(key), "with": after.get(key)}
            for key in (day.isoformat() for day in days)
        }
        run.save(update_fields=["effect"])
    return Proposal(run, invited, unplaced)


FIGURES = ("booked", "booked_on_time", "walk_in_mean_wait_minutes", "mean_wait_minutes",
           "share_within_target")  # fmt: skip


def _figures(
    site: Any, days: Sequence[date], now: datetime, *, without_run: InvitationRun | None = None
) -> dict[str, dict[str, float] | None]:
    """Per day: the simulated figures with the bookings held now (without the run's own)."""
    out: dict[str, dict[str, float] | None] = {}
    excluded = set()
    if without_run is not None:
        excluded = set(
            Invitation.objects.filter(run=without_run).values_list("booking_id", flat=True)
        )
    for day in days:
        base = slots.base_day(site, day)
        if base is None:
            out[day.isoformat()] = None
            continue
        opens = slots.opening_hours(site, day)[0][0]
        booked = [
            v for v in slots.booked_visitors(site, day, opens, now)
            if int(v.id[1:]) not in excluded
        ]  # fmt: skip
        visitors = tuple(sorted([*base.visitors, *booked], key=lambda v: v.arrival))
        figures = simulate(
            dataclasses.replace(base, visitors=visitors), get_policy(DEFAULT_POLICY),
            visitors=False,
        ).figures  # fmt: skip
        out[day.isoformat()] = {key: round(getattr(figures, key), 3) for key in FIGURES}
    return out


def send(run: InvitationRun) -> int:
    """Invite everyone proposed: an e-mail to those with an address (the letters are printed
    from :func:`letters_pdf`); returns how many e-mails were queued."""
    queued = 0
    with transaction.atomic():
        locked = InvitationRun.objects.select_for_update().get(pk=run.pk)
        if locked.state != InvitationRun.State.PROPOSED:
            return 0
        for invitation in locked.invitations.select_related("booking", "booking__site"):
            if invitation.booking is not None and invitation.booking.email:
                mails.invitation(invitation.booking)
                queued += 1
        locked.invitations.update(state=Invitation.State.SENT)
        locked.state = InvitationRun.State.SENT
        locked.sent_at = timezone.now()
        locked.save(update_fields=["state", "sent_at"])
    return queued


def discard(run: InvitationRun) -> None:
    """A proposal not sent: its bookings are cancelled, without telling anyone (nobody knew)."""
    with transaction.atomic():
        locked = InvitationRun.objects.select_for_update().get(pk=run.pk)
        if locked.state != InvitationRun.State.PROPOSED:
            return
        for invitation in locked.invitations.select_related("booking"):
            if invitation.booking is not None:
                services.cancel(invitation.booking, mail=False)
        locked.invitations.update(state=Invitation.State.CANCELLED)
        locked.state = InvitationRun.State.DISCARDED
        locked.save(update_fields=["state"])


def answered(booking: Booking, how: str) -> None:
    """The invited person confirmed, moved or cancelled through the link."""
    Invitation.objects.filter(booking=booking, answered_at=None).update(
        state=how, answered_at=timezone.now()
    )


def remind_unanswered(now: datetime | None = None) -> int:
    """Remind once those invited ``APPOINTMENT_INVITATION_REMINDER_DAYS`` ago who have not
    answered and whose time is still ahead; returns how many."""
    now = now or timezone.now()
    due = Invitation.objects.filter(
        state=Invitation.State.SENT,
        answered_at=None,
        reminded_at=None,
        run__sent_at__lte=now - timedelta(days=settings.APPOINTMENT_INVITATION_REMINDER_DAYS),
        booking__state=Booking.State.BOOKED,
        booking__start__gt=now,
    ).exclude(booking__email="")
    reminded = 0
    for invitation in due.select_related("booking", "booking__site"):
        assert invitation.booking is not None
        with transaction.atomic():
            mails.invitation(invitation.booking, reminder=True)
            Invitation.objects.filter(pk=invitation.pk).update(reminded_at=now)
        reminded += 1
    return reminded


def letters_pdf(run: InvitationRun, *, user: Any) -> bytes:
    """One A4 letter per invitation, each in the person's language (right to left where it is
    written so), with name and address as registered, time, place, code, QR code and what to
    bring. Reading the names and addresses for it goes through the access decision for the
    user printing (who need not be the one who selected): a person whose identity it withholds
    gets no letter here, an address it withholds is left out (the letter is handed over then);
    the read is recorded as an export naming the people printed."""
    import segno
    from weasyprint import HTML

    purpose = checked_purpose(user, None, write=False)
    invitations = list(
        run.invitations.exclude(state=Invitation.State.CANCELLED)
        .exclude(booking=None)
        .select_related("person", "booking", "booking__site")
        .order_by("pk")
    )
    decided = access.decide_many(
        user=user,
        people=[i.person for i in invitations],
        categories=[Category.IDENTITY, Category.CONTACT],
        purpose=purpose,
    )
    invitations = [i for i in invitations if Category.IDENTITY in decided[i.person_id].allowed]
    documents = []
    for invitation in invitations:
        booking = invitation.booking
        assert booking is not None
        if Category.CONTACT not in decided[invitation.person_id].allowed:
            invitation.person.address = ""
        url = mails.manage_url(booking)
        context = {
            "person": invitation.person,
            "booking": booking,
            "url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=3, title=""),
        }
        with override(invitation.language):
            context["when"] = mails.when(booking)
            context["to_bring"] = mails.to_bring(booking)
        html = render_html("appointments/letter.html", context, invitation.language)
        documents.append(HTML(string=html).render())
    audit(
        user=user,
        action=Action.EXPORT,
        purpose=purpose,
        person_id=None,
        categories=[Category.IDENTITY, Category.CONTACT],
        detail={"invitation letters": run.pk, "shown": [i.person_id for i in invitations]},
    )
    if not documents:
        return b""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def load(run: InvitationRun) -> list[dict[str, Any]]:
    """Per day of the run: its open hours, and per service the units all bookings use and what
    staff may book in each hour, so that a page shows no hour over capacity."""
    names = {s.code: s.name for s in Service.objects.all()}
    days = []
    for day in slots.bookable_days(run.site, run.first_day, run.days):
        units = slots.bookable_units(run.site, day, Channel.INVITATION)
        used = slots.used_units(run.site, day, timezone.now())
        hours = sorted({hour for _code, hour in units})
        codes = sorted({code for code, _hour in units if any(used.get((code, h)) for h in hours)})
        rows = [
            (names.get(code, code), [(used.get((code, h), 0), units.get((code, h), 0))
                                     for h in hours])
            for code in codes
        ]  # fmt: skip
        days.append({"day": day, "hours": hours, "rows": rows})
    return days
