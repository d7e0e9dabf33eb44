"""Dispatch policies: the one piece of code shared by the live hall and the simulator.

A policy answers two questions, both without real durations:

``route(visitor, eligible, hall)``
    A visitor became ready (arrived, or walked away from a desk). ``eligible`` lists the steps
    whose prerequisites are done, in the day's service order. The policy returns the queues the
    visitor joins (a non-empty subset). The silo policy joins one queue; the pooled policy all.

``choose(now, staff, hall)``
    A staff member is free. Return the :class:`~anlaufstelle.flow.policyview.Call` to make (a step
    from a queue of one of their skills, plus the interpreter where the visitor needs one) or
    ``None`` to stay free.

Staff languages count: a visitor who needs an interpreter needs none at a desk whose staff
member speaks the visitor's language (:func:`needs_interpreter`); the hall refuses a call that
brings an interpreter there.

When a policy is asked (the contract the simulator and the live hall share, kept by
:func:`anlaufstelle.flow.hall.dispatch`):

- a free staff member is asked when they become free or come on shift, when a step joins a
  queue of one of their skills, when an interpreter becomes free or a visitor who needs one
  arrives at a queue while someone in their queues needs one, and when a colleague's shift
  ends;
- staff free at the same moment are asked in the order of the day's staff list; if anyone
  called in that round, those who declined are asked again (a policy may decline to leave a
  visitor to a better-suited desk that is free at the same moment);
- two free staff members with the same skills, languages and shift end are interchangeable:
  if one declines, the other is not asked in the same round;
- a policy is *not* re-asked merely because time passed, so one that returns ``None`` while a
  feasible step waits, and no better-suited free desk takes it, leaves the desk idle until
  the next change. The policies here never do that.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import islice
from typing import Protocol

from .policyview import (
    Call,
    HallView,
    InterpreterView,
    StaffView,
    VisitorView,
    WaitingStep,
)


class Policy(Protocol):
    name: str

    def route(
        self, visitor: VisitorView, eligible: Sequence[str], hall: HallView
    ) -> Sequence[str]: ...

    def choose(self, now: float, staff: StaffView, hall: HallView) -> Call | None: ...


def needs_interpreter(visitor: VisitorView, staff: StaffView) -> bool:
    """Does this staff member need an interpreter to serve this visitor? Not if they speak the
    visitor's language themselves."""
    return visitor.plan.needs_interpreter and visitor.plan.language not in staff.languages


def first_free_interpreter(language: str, hall: HallView) -> InterpreterView | None:
    free = hall.free_interpreters.get(language)
    if not free:
        return None
    return free[min(free)]


class SiloPolicy:
    """Today's ticket systems, as docs/day-format.md describes them.

    The visitor takes the steps in the fixed order of the day's ``services``: on becoming ready
    they join the queue of the first remaining service in that order whose prerequisites are
    done (for a day whose service order respects prerequisites this is simply the next one).
    A free staff member calls the visitor who has waited longest in any queue they serve
    (ties: who joined first); a visitor who cannot be served because no interpreter of their
    language is free (and the staff member does not speak it) is passed over. The interpreter
    is the first free one in the day's list.
    """

    name = "silo"

    def route(self, visitor: VisitorView, eligible: Sequence[str], hall: HallView) -> Sequence[str]:
        return eligible[:1]

    def choose(self, now: float, staff: StaffView, hall: HallView) -> Call | None:
        best: WaitingStep | None = None
        best_interp: InterpreterView | None = None
        for service in staff.skills:
            queue = hall.queues.get(service)
            if not queue:
                continue
            for step in queue.values():
                if best is not None and (step.since, step.seq) >= (best.since, best.seq):
                    break  # queues are in join order: nobody further back waited longer
                interp = None
                if needs_interpreter(step.visitor, staff):
                    interp = first_free_interpreter(step.visitor.language, hall)
                    if interp is None:
                        continue
                best, best_interp = step, interp
                break
        return None if best is None else Call(best, best_interp)


class PooledPolicy:
    """The project's default: one pooled hall instead of a row of silos.

    Routing: a ready visitor joins the queue of *every* step their prerequisites allow, so
    whichever qualified desk frees up first can call them (pooling across desks and across
    cross-trained staff), and nobody waits at a busy desk while another of their steps could
    be done.

    Calling: among the steps in the staff member's queues that can start now (interpreter free
    where needed) it calls the one with the highest score; it leaves a desk idle while such a
    step waits only to defer (below), within one moment. The score, in minutes, is

    * ``− w_rem × expected remaining visit`` (shortest remaining work first: the classic rule
      for a low mean time in system; a visitor nearly done leaves sooner and frees the hall),
    * ``+ w_late × time in the centre so far`` (ageing, so long visits are not starved and the
      p90 ratio stays low),
    * ``− w_short × expected step minutes`` (short jobs first at this desk),
    * ``+ w_tail × the step's tail`` (expected minutes of the longest chain of the visitor's
      steps that hang on this one: steps that unlock others go first),
    * ``+ w_pressure × queue pressure`` of the service (expected waiting minutes per on-shift
      desk), so a cross-trained staff member works where capacity is shortest and a person
      with a rare skill does what only they can do,
    * ``− w_elsewhere`` if the visitor also waits in another queue that has a free desk right
      now that can serve them (that desk will take them; this one serves someone who has no
      other option),
    * ``+ w_priority × priority`` for visitors given a priority by reception,
    * ``+ w_language`` for a visitor who needs an interpreter in a language this staff member
      speaks: served here, they need none, and the interpreter stays free for someone else,
    * ``+ w_booked`` for the first step of a booked visitor once ``booked_grace`` minutes
      have passed since their booked time (``+ w_booked_later`` for their later steps):
      booked visitors start on time, and a walk-in who has waited ``w_booked / w_late``
      minutes longer still goes first, so nobody starves.

    For the same reason a desk whose staff member does not speak such a visitor's language
    leaves them to a desk of the service that is free at the same moment and does.

    Deferring (``defer``): a step that no other step of the visit waits for is left to a desk
    of a service with fewer staff on shift that is free at the same moment, has the visitor
    in its queue and can serve them now (for a visitor who needs an interpreter: it speaks
    their language, or an interpreter is free for them). That desk is asked in the same round
    (see the module doc), so the visitor does the scarce step while it is free and the
    plentiful one later, when one of its many desks will be free again.

    Interpreters are the scarce resource on many days, and one interpreter shared round-robin
    by many visitors makes all of them late. So (``escort``) an interpreter is kept for the
    visitor they just worked with while that visitor walks to the next desk, unless the other
    visitor has less expected work left; and among free interpreters the one whose *other*
    languages are least in demand is chosen, keeping multilingual interpreters for the
    languages only they cover.

    Queues are scanned from the front, at most ``scan_limit`` entries each, which bounds the
    cost of a call in a very long queue.
    """

    name = "pooled"

    def __init__(
        self,
        *,
        w_rem: float = 2.0,
        w_late: float = 0.2,
        w_short: float = 2.0,
        w_tail: float = 0.5,
        w_pressure: float = 0.5,
        w_elsewhere: float = 10.0,
        w_priority: float = 10.0,
        w_language: float = 5.0,
        w_booked: float = 25.0,
        w_booked_later: float = 0.0,
        booked_grace: float = 7.0,
        escort: bool = True,
        defer: bool = True,
        scan_limit: int = 60,
        interpreter_scan: int = 16,
    ) -> None:
        self.w_rem = w_rem
        self.w_late = w_late
        self.w_short = w_short
        self.w_tail = w_tail
        self.w_pressure = w_pressure
        self.w_elsewhere = w_elsewhere
        self.w_priority = w_priority
        self.w_language = w_language
        self.w_booked = w_booked
        self.w_booked_later = w_booked_later
        self.booked_grace = booked_grace
        self.escort = escort
        self.defer = defer
        self.scan_limit = scan_limit
        self.interpreter_scan = interpreter_scan

    def route(self, visitor: VisitorView, eligible: Sequence[str], hall: HallView) -> Sequence[str]:
        return eligible

    def _kept(self, interp: InterpreterView, visitor: VisitorView, hall: HallView) -> bool:
        """Is the interpreter better kept for the visitor they are walking with?"""
        last = hall.escorting.get(interp.index)
        return (
            last is not None
            and last is not visitor
            and last.remaining_minutes <= visitor.remaining_minutes
        )

    def _interpreter_limit(self, language: str, hall: HallView) -> float:
        """A waiting visitor can have an interpreter now iff their expected remaining minutes
        are below this: −inf if none is free, +inf if one is free and walks with nobody,
        otherwise the most work left among the visitors the free ones walk with."""
        free = hall.free_interpreters.get(language)
        if not free:
            return -math.inf
        if not self.escort or hall.free_unescorted.get(language, 0) > 0:
            return math.inf
        escorting = hall.escorting
        most = -math.inf
        for i in free:
            walking = escorting.get(i)
            if walking is not None and walking.remaining_minutes > most:
                most = walking.remaining_minutes
        return math.inf if most == -math.inf else most

    def _interpreter(
        self, language: str, visitor: VisitorView, hall: HallView
    ) -> InterpreterView | None:
        free = hall.free_interpreters.get(language)
        if not free:
            return None
        escorting = hall.escorting if self.escort else {}
        best: InterpreterView | None = None
        best_cost = math.inf
        seen: set[tuple[str, ...]] = set()
        profiles = hall.interpreter_profiles.get(language, 0)
        # The first few free interpreters, in the order they became free, show every profile
        # that matters in a real hall; a bound keeps a huge generated day fast.
        for n, interp in enumerate(free.values()):
            if n >= self.interpreter_scan:
                break
            profile = interp.languages
            if profile in seen or (interp.index in escorting and self._kept(interp, visitor, hall)):
                continue
            seen.add(profile)
            cost = sum(hall.interpreter_scarcity(lang) for lang in profile if lang != language)
            if cost < best_cost:
                best, best_cost = interp, cost
            if len(seen) == profiles:
                break  # every profile of the language is seen: the rest would be skipped
        if best is None:
            # Every scanned one is kept for a walking visitor; take any that is not.
            for interp in free.values():
                if not (interp.index in escorting and self._kept(interp, visitor, hall)):
                    return interp
        return best

    def _servable_at(
        self,
        service: str,
        visitor: VisitorView,
        staff: StaffView,
        hall: HallView,
        limits: dict[str, float],
    ) -> bool:
        """Can another free desk of ``service`` serve this visitor, who needs an interpreter,
        now: one that speaks their language, or any with an interpreter free for them? (Deferring
        to a desk that cannot call them would leave both desks idle.)"""
        language = visitor.plan.language
        # This staff member is one of the service's free desks if they serve it; they are
        # not "another" desk.
        own = 1 if service in staff.skills and language in staff.languages else 0
        if language in hall.free_speakers.spoken and hall.free_speakers(service, language) > own:
            return True
        limit = limits.get(language)
        if limit is None:
            limit = limits[language] = self._interpreter_limit(language, hall)
        return visitor.remaining_minutes < limit

    def choose(self, now: float, staff: StaffView, hall: HallView) -> Call | None:
        queues = hall.queues
        skills = staff.skills
        on_shift = hall.staff_on_shift
        waiting_work = hall.waiting_work
        w_rem, w_late, w_short, w_tail = self.w_rem, self.w_late, self.w_short, self.w_tail
        w_elsewhere, w_priority, limit = self.w_elsewhere, self.w_priority, self.scan_limit
        w_pressure, defer = self.w_pressure, self.defer
        w_booked, w_booked_later = self.w_booked, self.w_booked_later
        booked_grace = self.booked_grace
        speaks = staff.languages
        free_speakers = hall.free_speakers
        spoken = free_speakers.spoken
        best: WaitingStep | None = None
        best_score = -math.inf
        limits: dict[str, float] = {}
        free_staff = hall.free_staff
        for service in skills:
            queue = queues.get(service)
            if not queue:
                continue
            # The queue's pressure: expected waiting minutes per on-shift desk.
            base = w_pressure * (waiting_work.get(service, 0.0) / max(1, on_shift.get(service, 0)))
            for step in islice(queue.values(), limit):
                visitor = step.visitor
                plan = visitor.plan
                if plan.needs_interpreter and plan.language not in speaks:
                    if plan.language in spoken and free_speakers(service, plan.language):
                        # A desk free right now speaks the visitor's language: leave the
                        # visitor to it and the interpreter to someone else (that desk is
                        # asked in the same round).
                        continue
                    limit_i = limits.get(plan.language)
                    if limit_i is None:
                        limit_i = limits[plan.language] = self._interpreter_limit(
                            plan.language, hall
                        )
                    if not visitor.remaining_minutes < limit_i:
                        continue
                score = (
                    base
                    + w_late * (now - plan.arrival)
                    - w_rem * visitor.remaining_minutes
                    - w_short * step.expected_minutes
                    + w_tail * step.tail_minutes
                )
                if plan.priority:
                    score += w_priority * plan.priority
                appt = plan.appointment
                if appt is not None and now >= appt + booked_grace:
                    # The booked time and the grace have passed: from now on ahead of the
                    # walk-ins (a visitor who came late is ahead at once).
                    score += w_booked_later if visitor.completed else w_booked
                if plan.needs_interpreter and plan.language in speaks:
                    # This desk saves an interpreter for someone else.
                    score += self.w_language
                if score <= best_score:
                    # What follows only lowers the score or skips the step.
                    continue
                if visitor.remaining_steps > 1:
                    deferred = False
                    # A step nothing else waits for can as well come later.
                    leaf = defer and step.tail_minutes <= step.expected_minutes
                    for s in visitor.queued:
                        # Another queue of this visitor with a desk free right now that can
                        # serve them now (with an interpreter, or speaking their language).
                        if (
                            s != service
                            and free_staff[s] > (1 if s in skills else 0)
                            and (
                                not plan.needs_interpreter
                                or self._servable_at(s, visitor, staff, hall, limits)
                            )
                        ):
                            if leaf and on_shift[s] < on_shift[service]:
                                deferred = True
                                break
                            score -= w_elsewhere
                    if deferred:
                        continue
                if score > best_score:
                    best, best_score = step, score
        if best is None:
            return None
        interp = None
        if needs_interpreter(best.visitor, staff):
            interp = self._interpreter(best.visitor.plan.language, best.visitor, hall)
        return Call(best, interp)


POLICIES: dict[str, Callable[[], Policy]] = {
    "silo": SiloPolicy,
    "pooled": PooledPolicy,
}

DEFAULT_POLICY = "pooled"


def get_policy(name: str) -> Policy:
    """A fresh policy by name; raises KeyError naming the known ones."""
    try:
        factory = POLICIES[name]
    except KeyError:
        known = ", ".join(sorted(POLICIES))
        raise KeyError(f"unknown policy {name!r} (known: {known})") from None
    return factory()
