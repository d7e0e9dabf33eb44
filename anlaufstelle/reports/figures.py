"""The crisis staff's figures for a range of days and one or more sites side by side: visitors
per day and hour, waits and time in the centre against the 45-minute target, per service,
agency and language; appointments kept; payouts; housing occupancy; hotline calls; and the
visitors' demographics with small counts suppressed (reports/suppress.py).

Every figure leaves here as a `Table` with its suppression already applied, so that the page,
the CSV and the spreadsheet cannot show more than each other."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from statistics import mean
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from anlaufstelle.appointments.models import Booking
from anlaufstelle.cases.models import Referral
from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.hall.models import Step, Visit
from anlaufstelle.hall.services import TARGET_MINUTES
from anlaufstelle.hotline.models import Call
from anlaufstelle.housing import services as housing
from anlaufstelle.organisation.models import Agency, Site
from anlaufstelle.payouts.models import Payout
from anlaufstelle.people.models import HouseholdMember, Person
from anlaufstelle.reports.suppress import SUPPRESSED, suppress

AGE_BANDS = [(0, 5), (6, 17), (18, 26), (27, 44), (45, 64), (65, 200)]
TOP_NATIONALITIES = 8


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    # A label, then numbers: None where there is no figure (no visitor that day), SUPPRESSED
    # where a count of people is not shown.
    rows: list[list[Any]]
    chart: int | None = None  # the value column drawn as bars
    note: str = ""
    suppressed: bool = False

    @property
    def bars(self) -> list[tuple[str, Any, int]]:
        """(label, value, bar length in per cent of the largest) of the chart's column."""
        if self.chart is None:
            return []
        values = [
            float(r[self.chart]) if isinstance(r[self.chart], (int, float, Decimal)) else 0.0
            for r in self.rows
        ]
        most = max(values, default=0) or 1
        return [
            (str(r[0]), r[self.chart], round(100 * v / most))
            for r, v in zip(self.rows, values, strict=True)
        ]


@dataclass
class Report:
    start: date
    end: date
    sites: list[Site]
    tables: list[Table] = field(default_factory=list)
    people_counted: int = 0

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


@dataclass
class _Visit:
    site: int
    day: date
    hour: int
    language: str
    state: str
    party: int
    person: int | None
    wait: float | None  # minutes to the first call
    stay: float | None  # minutes from the ticket to done


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz),
    )


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def _visits(start: date, end: date, sites: list[Site], steps: list[Step]) -> list[_Visit]:
    found = Visit.objects.filter(day__date__range=(start, end), day__site__in=sites)
    first_call: dict[int, datetime] = {}
    for step in steps:
        called, first = step.called_at, first_call.get(step.visit_id)
        if called is not None and (first is None or called < first):
            first_call[step.visit_id] = called
    out = []
    for pk, site, day, created, finished, state, language, party, person in found.values_list(
        "pk", "day__site_id", "day__date", "created", "finished", "state", "language",
        "party_size", "person_id",
    ):  # fmt: skip
        called = first_call.get(pk)
        out.append(
            _Visit(
                site=site,
                day=day,
                hour=timezone.localtime(created).hour,
                language=language,
                state=state,
                party=party,
                person=person,
                wait=_minutes(called - created) if called else None,
                stay=_minutes(finished - created)
                if finished and state == Visit.State.DONE
                else None,
            )
        )
    return out


def _share(visits: list[_Visit]) -> float | None:
    stays = [v.stay for v in visits if v.stay is not None]
    if not stays:
        return None
    return round(100 * sum(1 for s in stays if s <= TARGET_MINUTES) / len(stays), 1)


def _mean(values: list[float]) -> float | None:
    return round(mean(values), 1) if values else None


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def build(*, start: date, end: date, sites: list[Site]) -> Report:
    """Every table of the report; the people counted for the demographics are returned too,
    for the audit entry the caller writes."""
    report = Report(start, end, sites)
    # The steps once, for the waits to the first call and for the services and agencies.
    steps = list(
        Step.objects.filter(
            visit__day__date__range=(start, end), visit__day__site__in=sites
        ).select_related("service__agency")
    )
    visits = _visits(start, end, sites, steps)
    by_site: dict[int, list[_Visit]] = defaultdict(list)
    for v in visits:
        by_site[v.site].append(v)
    report.tables += [
        _per_day(report, visits),
        _per_hour(report, visits),
        _waits(report, by_site),
        *_services(steps),
        _languages(visits),
        _appointments(start, end, sites),
        _payouts(start, end),
        _housing(end),
        _hotline(start, end),
        _partners(start, end),
    ]
    people = sorted({v.person for v in visits if v.person is not None})
    report.people_counted = len(people)
    report.tables += _demographics(people, end)
    return report


def _site_columns(report: Report, label: str) -> list[str]:
    return [f"{s.name}: {label}" for s in report.sites]


def _per_day(report: Report, visits: list[_Visit]) -> Table:
    grouped: dict[tuple[date, int], list[_Visit]] = defaultdict(list)
    for v in visits:
        grouped[(v.day, v.site)].append(v)
    rows = []
    for day in _days(report.start, report.end):
        row: list[Any] = [day.strftime("%d.%m.%Y")]
        total = 0
        for site in report.sites:
            found = grouped[(day, site.pk)]
            total += len(found)
            row += [len(found), _share(found)]
        rows.append([*row, total])
    header = [_("day")]
    for site in report.sites:
        header += [f"{site.name}: {_('visitors')}", f"{site.name}: {_('within 45 minutes (%)')}"]
    return Table(
        "per_day", _("Visitors per day"), [*header, _("all sites")], rows, chart=len(header)
    )


def _per_hour(report: Report, visits: list[_Visit]) -> Table:
    counts = Counter((v.hour, v.site) for v in visits)
    hours = sorted({v.hour for v in visits}) or list(range(8, 17))
    rows = []
    for hour in hours:
        values = [counts[(hour, s.pk)] for s in report.sites]
        rows.append([f"{hour:02d}:00", *values, sum(values)])
    header = [_("hour of arrival"), *_site_columns(report, _("visitors")), _("all sites")]
    return Table("per_hour", _("Visitors by hour of arrival"), header, rows, chart=len(header) - 1)


def _waits(report: Report, by_site: dict[int, list[_Visit]]) -> Table:
    rows = []
    for site in report.sites:
        found = by_site[site.pk]
        rows.append(
            [
                site.name,
                len(found),
                sum(v.party for v in found),
                sum(1 for v in found if v.state == Visit.State.DONE),
                sum(1 for v in found if v.state in (Visit.State.MISSED, Visit.State.ABSENT)),
                _mean([v.wait for v in found if v.wait is not None]),
                _mean([v.stay for v in found if v.stay is not None]),
                _share(found),
            ]
        )
    header = [
        _("site"),
        _("tickets"),
        _("people"),
        _("served"),
        _("missed"),
        _("mean wait to the first call (min)"),
        _("mean time in the centre (min)"),
        _("within 45 minutes (%)"),
    ]
    return Table("waits", _("Waits and time in the centre"), header, rows, chart=7)


def _services(steps: list[Step]) -> list[Table]:
    per_service: dict[str, Counter[str]] = defaultdict(Counter)
    desk_minutes: dict[str, list[float]] = defaultdict(list)
    per_agency: dict[str, Counter[str]] = defaultdict(Counter)
    agency_visits: dict[str, set[int]] = defaultdict(set)
    for step in steps:
        name = step.service.name
        agency = step.service.agency.name
        per_service[name][step.outcome or "open"] += 1
        if step.outcome:
            per_agency[agency]["steps"] += 1
            agency_visits[agency].add(step.visit_id)
        if step.started_at and step.ended_at:
            desk_minutes[name].append(_minutes(step.ended_at - step.started_at))
    outcomes = ["done", "documents_missing", "not_responsible", "declined", "open"]
    service_rows = [
        [name, *[counts[o] for o in outcomes], _mean(desk_minutes[name])]
        for name, counts in sorted(per_service.items())
    ]
    services = Table(
        "services",
        _("Per service"),
        [
            _("service"),
            _("done"),
            _("documents missing"),
            _("not responsible here"),
            _("the visitor declined"),
            _("not served"),
            _("mean minutes at the desk"),
        ],
        service_rows,
        chart=1,
    )
    agencies = Table(
        "agencies",
        _("Per agency"),
        [_("agency"), _("steps served"), _("visitors served")],
        [
            [name, counts["steps"], len(agency_visits[name])]
            for name, counts in sorted(per_agency.items())
        ],
        chart=1,
    )
    return [services, agencies]


def _languages(visits: list[_Visit]) -> Table:
    grouped: dict[str, list[_Visit]] = defaultdict(list)
    for v in visits:
        grouped[v.language].append(v)
    counts = suppress({lang: len(found) for lang, found in grouped.items()})
    rows = []
    for lang, found in sorted(grouped.items(), key=lambda item: -len(item[1])):
        shown = counts[lang]
        share = SUPPRESSED if shown is SUPPRESSED else _share(found)
        rows.append([str(SPOKEN_LANGUAGES.get(lang, lang)), shown, share])
    return Table(
        "languages",
        _("Visitors by language"),
        [_("language"), _("visitors"), _("within 45 minutes (%)")],
        rows,
        chart=1,
        suppressed=any(c is SUPPRESSED for c in counts.values()),
    )


def _appointments(start: date, end: date, sites: list[Site]) -> Table:
    first, last = _span(start, end)
    bookings = (
        Booking.objects.filter(start__gte=first, start__lt=last, site__in=sites)
        .values("site_id", "state")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in bookings:
        counts[row["site_id"]][row["state"]] += row["n"]
    rows = []
    for site in sites:
        c = counts[site.pk]
        due = c[Booking.State.CHECKED_IN] + c[Booking.State.MISSED]
        kept = round(100 * c[Booking.State.CHECKED_IN] / due, 1) if due else None
        rows.append(
            [
                site.name,
                c[Booking.State.BOOKED] + due,
                c[Booking.State.CHECKED_IN],
                c[Booking.State.MISSED],
                c[Booking.State.CANCELLED],
                kept,
            ]
        )
    header = [
        _("site"),
        _("booked"),
        _("kept"),
        _("not come"),
        _("cancelled"),
        _("kept of those due (%)"),
    ]
    return Table("appointments", _("Appointments"), header, rows, chart=2)


def _payouts(start: date, end: date) -> Table:
    first, last = _span(start, end)
    released = (
        Payout.objects.filter(released_at__gte=first, released_at__lt=last)
        .values("method")
        .annotate(n=Count("pk"), total=Sum("amount"))
    )
    rows = [
        [
            str(Payout.Method(row["method"]).label),
            row["n"],
            (row["total"] or Decimal(0)).quantize(Decimal("0.01")),
        ]
        for row in released.order_by("method")
    ]
    return Table(
        "payouts",
        _("Payouts released"),
        [_("method"), _("payouts"), _("amount (EUR)")],
        rows,
        chart=2,
    )


def _housing(end: date) -> Table:
    rows = [
        [
            o.accommodation.name if o.accommodation else _("all accommodations"),
            o.beds,
            o.occupied,
            o.free,
        ]
        for o in housing.occupancy(on=end)
    ]
    return Table(
        "housing",
        _("Housing occupancy on the last day"),
        [_("accommodation"), _("beds"), _("occupied"), _("free")],
        rows,
        chart=2,
    )


def _hotline(start: date, end: date) -> Table:
    first, last = _span(start, end)
    per_day = Counter(
        timezone.localdate(at)
        for at in Call.objects.filter(started_at__gte=first, started_at__lt=last).values_list(
            "started_at", flat=True
        )
    )
    rows = [[day.strftime("%d.%m.%Y"), per_day[day]] for day in _days(start, end)]
    return Table("hotline", _("Hotline calls per day"), [_("day"), _("calls")], rows, chart=1)


def _partners(start: date, end: date) -> Table:
    """Referrals to partner organisations asked in the range, by partner and where they stand
    now: how much of the house's work the network takes."""
    first, last = _span(start, end)
    asked = (
        Referral.objects.filter(
            requested_at__gte=first, requested_at__lt=last, to_agency__kind=Agency.Kind.PARTNER
        )
        .values("to_agency__name", "status")
        .annotate(n=Count("pk"))
    )
    states = [
        Referral.Status.REQUESTED,
        Referral.Status.ACCEPTED,
        Referral.Status.COMPLETED,
        Referral.Status.REJECTED,
        Referral.Status.REVOKED,
    ]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in asked:
        counts[row["to_agency__name"]][row["status"]] += row["n"]
    rows = [
        [name, sum(by.values()), *(by[state] for state in states)]
        for name, by in sorted(counts.items())
    ]
    return Table(
        "partners",
        _("Referrals to partner organisations"),
        [_("partner organisation"), _("referrals"), *(str(state.label) for state in states)],
        rows,
        chart=1,
    )


def _demographics(people: list[int], on: date) -> list[Table]:
    found = Person.objects.filter(pk__in=people).only("birth_date", "sex", "nationalities")
    ages: Counter[str] = Counter()
    sexes: Counter[str] = Counter()
    nationalities: Counter[str] = Counter()
    for person in found:
        if person.birth_date:
            age = (on - person.birth_date).days // 365
            # A birth date after the range's end (a placeholder, a typing mistake) has no band.
            band = next(
                ((f"{a}–{b}" if b < 200 else f"{a}+") for a, b in AGE_BANDS if a <= age <= b),
                _("unknown"),
            )
            ages[band] += 1
        else:
            ages[_("unknown")] += 1
        sexes[str(person.get_sex_display() or _("unknown"))] += 1
        codes = [str(c) for c in person.nationalities] or ["—"]
        nationalities[codes[0]] += 1
    sizes: Counter[str] = Counter()
    households = Counter(
        HouseholdMember.objects.filter(person_id__in=people).values_list("household_id", flat=True)
    )
    members = Counter(
        HouseholdMember.objects.filter(household_id__in=households).values_list(
            "household_id", flat=True
        )
    )
    alone = len(people) - sum(households.values())
    for household_id, counted in households.items():
        size = members[household_id]
        sizes[str(size) if size < 6 else "6+"] += counted
    if alone:
        sizes["1"] += alone
    top = dict(nationalities.most_common(TOP_NATIONALITIES))
    rest = sum(nationalities.values()) - sum(top.values())
    if rest:
        top[_("other")] = rest
    band_order = [f"{a}–{b}" if b < 200 else f"{a}+" for a, b in AGE_BANDS] + [_("unknown")]
    return [
        _counted("ages", _("Age"), _("age"), {k: ages[k] for k in band_order if k in ages}),
        _counted("sexes", _("Sex"), _("sex"), dict(sexes)),
        _counted("nationalities", _("Nationality"), _("nationality"), _country_names(top)),
        _counted(
            "households",
            _("Household size"),
            _("people in the household"),
            {k: sizes[k] for k in ["1", "2", "3", "4", "5", "6+"] if k in sizes},
        ),
    ]


def _country_names(counts: dict[str, int]) -> dict[str, int]:
    return {str(countries.name(code)) if len(code) == 2 else code: n for code, n in counts.items()}


def _counted(key: str, title: str, label: str, counts: dict[str, int]) -> Table:
    shown = suppress(counts)
    return Table(
        key,
        title,
        [label, _("people")],
        [[k, v] for k, v in shown.items()],
        chart=1,
        note=_(
            "Counts from 1 to 4 are not shown, nor one more where the total would give them away."
        ),
        suppressed=any(v is SUPPRESSED for v in shown.values()),
    )
