"""Rehearsal: a day file played into a site's live hall, so that staff can train on the real
screens before opening day and the demo shows a hall in motion.

The day's visitors get their tickets at their arrival times, and the day's staff sign in at
desks of the site during their shifts as simulated staff: a bot account each
(``rehearsal.<staff id>``, no password, inactive), at a free desk whose agencies offer their
skills (or one of anyone's desks). A simulated desk presses *call next* whenever it is free,
confirms at once that the visitor came, and presses *done* after the minutes the day file gives
for that step. Everything goes through the hall's services, so the real dispatcher decides, and
officers signed in at other desks serve for real beside the simulated ones.

The hall's time is a clock of the rehearsal's own (hall/clock.py): real time run ``speed`` times
faster, or, with no speed, a clock that jumps from one event of the day to the next, so a
whole day is rehearsed in seconds. Only this process uses it: at a speed above 1 the screens
(other processes) keep real time, so the waits they show fall behind; to train, rehearse at 1.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.flow import Day
from anlaufstelle.flow.scenario import Service, StaffMember
from anlaufstelle.hall import clock, services
from anlaufstelle.hall.models import DeskSession, HallEvent, Step, Visit
from anlaufstelle.organisation.models import Desk, Site
from anlaufstelle.planning.centre import site_services

BOT_PREFIX = "rehearsal."
# How often, at a set speed, simulated desks look whether another process's event called them.
POLL_SECONDS = 1.0
# What happens at one moment, in this order: shifts end before steps end, so a desk whose
# shift is over is not called for the visitor a colleague just finished with (the simulator
# applies a moment's events before it dispatches; each of these events dispatches at once).
_OFF, _END, _ON, _ARRIVE = range(4)


class RehearsalError(Exception):
    """Why a day cannot be rehearsed at the site, in words for the operator; nothing written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Summary:
    tickets: int = 0
    steps: int = 0  # served by simulated staff
    open: int = 0  # of the rehearsal's tickets, not done when it ended
    # Staff ids who found no free desk at the start of their shift (for a while, or at all).
    without_desk: list[str] = field(default_factory=list)


@dataclass(eq=False)
class _Bot:
    index: int  # in the day's staff
    member: StaffMember
    desks: list[Desk]
    user: Any = None
    session: DeskSession | None = None
    busy: bool = False


class _Clock:
    """Real time run ``speed`` times faster from ``start``; without a speed, standing still
    until the rehearsal moves it on."""

    def __init__(self, start: datetime, speed: float | None) -> None:
        self.start = start
        self.speed = speed
        self.at = start
        self.real_start = time.monotonic()

    def now(self) -> datetime:
        if self.speed is None:
            return self.at
        elapsed = (time.monotonic() - self.real_start) * self.speed
        return self.start + timedelta(seconds=elapsed)

    def minutes(self) -> float:
        return (self.now() - self.start).total_seconds() / 60

    def reach(self, minute: float) -> bool:
        """Is it ``minute`` of the day yet? Without a speed it is made so; at a speed this
        waits for it, at most POLL_SECONDS, so that calls from elsewhere are seen meanwhile."""
        if self.speed is None:
            self.at = max(self.at, self.start + timedelta(minutes=minute))
            return True
        left = (minute - self.minutes()) * 60 / self.speed
        if left > 0:
            time.sleep(min(left, POLL_SECONDS))
        return self.minutes() >= minute


def bot_username(staff_id: str) -> str:
    return f"{BOT_PREFIX}{staff_id}"


def start_time(site: Site) -> datetime:
    """Now, or the last event of the site's hall today if a rehearsal ran ahead of real time:
    the hall's time never goes back."""
    now = timezone.now()
    last = HallEvent.objects.filter(day__site=site, day__date=timezone.localdate(now)).aggregate(
        last=Max("at")
    )["last"]
    return max(now, last) if last else now


def check(day: Day, site: Site, start: datetime) -> dict[str, list[Desk]]:
    """The desks each of the day's staff may sign in at, or a RehearsalError; writes nothing."""
    offered = {s.id: s for s in site_services(site)}
    missing = [s.id for s in day.services if s.id not in offered]
    if missing:
        raise RehearsalError(
            _("%(site)s does not offer these services of the day: %(codes)s")
            % {"site": site.name, "codes": ", ".join(missing)}
        )
    needing = sum(1 for v in day.visitors if v.needs_interpreter)
    if day.interpreters or needing:
        raise RehearsalError(
            _(
                "A rehearsal has no interpreters yet, and this day has %(interpreters)d "
                "interpreter(s) and %(visitors)d visitor(s) who need one."
            )
            % {"interpreters": len(day.interpreters), "visitors": needing}
        )
    desks = list(Desk.objects.filter(site=site).prefetch_related("agencies").order_by("number"))
    fits = {}
    for member in day.staff:
        fits[member.id] = _desks_for(member, desks, offered)
        if not fits[member.id]:
            raise RehearsalError(
                _("No desk of %(site)s serves all that staff member %(staff)s does (%(skills)s).")
                % {"site": site.name, "staff": member.id, "skills": ", ".join(member.skills)}
            )
    names = [bot_username(member.id) for member in day.staff]
    too_long = [name for name in names if len(name) > 150]
    if too_long:
        raise RehearsalError(
            _("A staff id is too long for an account name: %(name)s") % {"name": too_long[0]}
        )
    for user in get_user_model().objects.filter(username__in=names):
        if user.has_usable_password() or hasattr(user, "staff_member"):
            raise RehearsalError(
                _("The account %(name)s belongs to a person, not to a rehearsal.")
                % {"name": user.get_username()}
            )
    end = start + timedelta(minutes=_span(day))
    if timezone.localdate(end) != timezone.localdate(start):
        raise RehearsalError(
            _(
                "Begun at %(start)s, this day would run past midnight (until %(end)s); "
                "rehearse it earlier in the day."
            )
            % {
                "start": timezone.localtime(start).strftime("%H:%M"),
                "end": timezone.localtime(end).strftime("%H:%M"),
            }
        )
    return fits


def _desks_for(member: StaffMember, desks: list[Desk], offered: dict[str, Service]) -> list[Desk]:
    """The agencies' own desks first, then anyone's desks (kept for staff of two agencies)."""
    needed = {offered[code].agency for code in member.skills}
    own = [d for d in desks if d.agencies.all() and needed <= {a.code for a in d.agencies.all()}]
    return own + [d for d in desks if not d.agencies.all()]


def _span(day: Day) -> float:
    """Minutes from the rehearsal's start to its last sign-in, sign-off or ticket."""
    return max([s.end for s in day.staff] + [v.arrival for v in day.visitors], default=0.0)


def notices(day: Day, site: Site) -> list[str]:
    """What makes the rehearsed day go otherwise than the day file, said before it begins."""
    offered = {s.id: s for s in site_services(site)}
    ours = {s.id for s in day.services}
    different = [
        service.id
        for service in day.services
        if (there := offered.get(service.id)) is not None
        and (
            abs(there.typical_minutes - service.typical_minutes) > 1e-9
            or abs(there.per_person_factor - service.per_person_factor) > 1e-9
            or {code for code in there.requires if code in ours} != set(service.requires)
        )
    ]
    lines = []
    if different:
        lines.append(
            _(
                "The dispatcher plans with the site's durations and prerequisites, which are "
                "not the day's for: %(codes)s"
            )
            % {"codes": ", ".join(different)}
        )
    if day.walk_minutes:
        lines.append(
            _("In the hall visitors walk on at once, not in the day's %(minutes)s minutes.")
            % {"minutes": f"{day.walk_minutes:g}"}
        )
    return lines


def rehearse(
    day: Day,
    site: Site,
    *,
    speed: float | None = 1.0,
    start: datetime | None = None,
    report: Callable[[str], None] | None = None,
) -> Summary:
    """Play the day into the site's hall (see the module's doc); ``speed`` None is as fast as
    possible. Raises RehearsalError, with nothing written, for a day the site cannot take."""
    start = start or start_time(site)
    fits = check(day, site, start)
    rehearsal = _Rehearsal(day, site, _Clock(start, speed), fits, report or (lambda line: None))
    with clock.installed(rehearsal.clock.now):
        return rehearsal.run()


class _Rehearsal:
    def __init__(
        self,
        day: Day,
        site: Site,
        clock: _Clock,
        fits: dict[str, list[Desk]],
        report: Callable[[str], None],
    ) -> None:
        self.day = day
        self.site = site
        self.clock = clock
        self.report = report
        self.offered = {s.id: s for s in site_services(site)}
        self.bots = [_Bot(j, member, fits[member.id]) for j, member in enumerate(day.staff)]
        self.waiting: list[_Bot] = []  # on shift, no free desk yet
        # (visit, service) → the step's real minutes in the day file.
        self.minutes: dict[tuple[int, str], float] = {}
        self.visits: list[int] = []
        self.events: list[tuple[float, int, int, int]] = []  # (minute, kind, order, index)
        self.order = 0
        self.summary = Summary()

    def push(self, minute: float, kind: int, index: int) -> None:
        self.order += 1
        heapq.heappush(self.events, (minute, kind, self.order, index))

    def run(self) -> Summary:
        for bot in self.bots:
            bot.user = _bot_user(bot.member.id)
            if (left := services.open_session(bot.user)) is not None:
                _release(left)  # from a rehearsal that was stopped hard
        for bot in self.bots:
            self.push(bot.member.start, _ON, bot.index)
            self.push(bot.member.end, _OFF, bot.index)
        for i, visitor in enumerate(self.day.visitors):
            self.push(visitor.arrival, _ARRIVE, i)
        try:
            while self.events:
                minute = self.events[0][0]
                if not self.clock.reach(minute):
                    self.take_calls()
                    continue
                while self.events and self.events[0][0] <= minute:
                    _minute, kind, _order, index = heapq.heappop(self.events)
                    if kind == _ARRIVE:
                        self.arrive(index)
                    else:
                        (self.off, self.end, self.on)[kind](self.bots[index], minute)
                self.seat_waiting(minute)
                self.take_calls()
        finally:
            for bot in self.bots:
                if bot.session is not None:
                    _release(bot.session)
        # In slices: SQLite takes a bounded number of parameters in one query.
        self.summary.open = sum(
            Visit.objects.filter(pk__in=self.visits[n : n + 500])
            .exclude(state=Visit.State.DONE)
            .count()
            for n in range(0, len(self.visits), 500)
        )
        return self.summary

    # --- The day's events ------------------------------------------------------------------

    def arrive(self, i: int) -> None:
        visitor = self.day.visitors[i]
        visit = services.issue_ticket(
            site=self.site,
            services=list(visitor.steps),
            language=visitor.language,
            party_size=visitor.party_size,
            # The hall knows priority only with a reason; a booked time is the one that says
            # nothing about the person.
            priority_reason="appointment" if visitor.priority > 0 else "",
        )
        for code, minutes in visitor.steps.items():
            self.minutes[(visit.pk, code)] = minutes
        self.visits.append(visit.pk)
        self.summary.tickets += 1

    def on(self, bot: _Bot, minute: float) -> None:
        if not self.seat(bot):
            self.waiting.append(bot)
            self.summary.without_desk.append(bot.member.id)
            self.report(
                _("%(staff)s finds no free desk at minute %(minute)d and waits for one.")
                % {"staff": bot.member.id, "minute": minute}
            )

    def off(self, bot: _Bot, minute: float) -> None:
        if bot in self.waiting:
            self.waiting.remove(bot)
        self.take_calls()  # a call that came meanwhile is served to its end
        if bot.session is not None and not bot.busy:
            try:
                services.sign_off(bot.session)
            except services.HallRefused:
                self.take_calls()  # called from elsewhere just now: signs off after that step
            else:
                bot.session = None

    def end(self, bot: _Bot, minute: float) -> None:
        assert bot.session is not None
        services.done(bot.session)
        bot.busy = False
        if minute >= bot.member.end:
            services.sign_off(bot.session)
            bot.session = None
        else:
            services.press_next(bot.session)

    def seat(self, bot: _Bot) -> bool:
        taken = set(
            DeskSession.objects.filter(desk__in=bot.desks, ended__isnull=True).values_list(
                "desk_id", flat=True
            )
        )
        for desk in bot.desks:
            if desk.pk in taken:
                continue
            try:
                bot.session = services.sign_in(
                    user=bot.user, desk=desk, skills=list(bot.member.skills)
                )
            except services.HallRefused:
                continue  # someone took the desk meanwhile
            services.press_next(bot.session)
            return True
        return False

    def seat_waiting(self, minute: float) -> None:
        for bot in list(self.waiting):
            if minute >= bot.member.end or self.seat(bot):
                self.waiting.remove(bot)

    def take_calls(self) -> None:
        """Simulated desks that were called: the visitor is there at once, and the step ends
        after its minutes in the day file (the hall's expected minutes for a step the day
        does not have: a prerequisite the site adds, a ticket from real reception)."""
        seated = {bot.session.pk: bot for bot in self.bots if bot.session is not None}
        called = Step.objects.filter(session_id__in=seated, state=Step.State.CALLED)
        for step in called.select_related("visit", "service"):
            bot = seated[step.session_id or 0]
            assert bot.session is not None
            services.came(bot.session)
            bot.busy = True
            code = step.service.code
            minutes = self.minutes.get((step.visit_id, code))
            if minutes is None:
                minutes = self.offered[code].expected_minutes(step.visit.party_size)
            self.push(self.clock.minutes() + minutes, _END, bot.index)
            self.summary.steps += 1


def _bot_user(staff_id: str) -> Any:
    """The simulated staff member's account, made at their first rehearsal: nobody signs in
    with it (no password, inactive)."""
    User = get_user_model()
    user = User.objects.filter(username=bot_username(staff_id)).first()
    if user is None:
        user = User(username=bot_username(staff_id), is_active=False)
        user.set_unusable_password()
        user.save()
    return user


def _release(session: DeskSession) -> None:
    """A simulated desk closes early (the rehearsal was stopped): the visitor it holds is
    done, then it signs off."""
    try:
        step = services.current_step(session)
        if step is not None and step.state == Step.State.CALLED:
            services.came(session)
        if step is not None:
            services.done(session)
        services.sign_off(session)
    except services.HallRefused:
        pass  # changed meanwhile by another process: nothing of the rehearsal's to finish
