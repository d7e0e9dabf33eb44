"""Staffing planner: who should work tomorrow, with which skills, and how many are enough.

:func:`plan` proposes the staff of a day for a given headcount (how many people with which
skill set, and which interpreter per language profile), minimising the mean wait under the
default policy. A staffing is judged on the day itself *and* on ``variations`` days generated
from a forecast derived from it (:func:`~anlaufstelle.flow.generator.forecast_from_day`), so the
plan is robust instead of fitted to one trace of arrivals and durations.

:func:`smallest_headcount` searches the smallest headcount whose plan meets a p90 target for
the time in centre.

Choices made here:

- Everybody planned works the same shift: from the earliest ``from`` to the latest ``to`` of the
  day's staff (the opening hours if the day has none); interpreters keep the day's shift the
  same way. Staggered shifts are not planned.
- Allowed skill sets (unless given): every single service, and every pair of services whose
  agencies plausibly cross-train, see :data:`RELATED_AGENCIES` (plus pairs within one agency
  and within one agency family, e.g. ``sozialamt`` and ``sozialamt-unterkunft``).
- Interpreters: the day's interpreter count (unless ``interpreter_count`` is given) split over
  the language profiles the day's interpreters have (e.g. ``uk+ru``, ``ar+ku``, ``fa``), in
  proportion to the step minutes of visitors needing each profile's languages.
- The objective for one trace is the mean wait per visitor where an unserved visitor counts as
  waiting the whole opening time (+ the amount the p90 exceeds ``target_p90``, if given); the
  plan minimises half the day's objective plus half the mean over the variations. The figures
  reported are the usual ones (mean wait over served visitors).
- The search starts from a headcount split in proportion to the work per service and then
  moves one person at a time from the least to the most congested part of the hall, or
  changes one interpreter's profile, keeping a move only if the objective improves.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .generator import forecast_from_day, generate_day
from .limits import MAX_HEADCOUNT, MAX_INTERPRETERS, MAX_SERVICES, MAX_SKILL_SETS, MAX_VARIATIONS
from .policies import DEFAULT_POLICY, get_policy
from .scenario import (
    Day,
    Interpreter,
    ScenarioError,
    StaffMember,
    _check_count,
    _number,
    interpreter_to_dict,
    load_day,
    parse_json,
    scenario_error,
    staff_to_dict,
    with_staff,
)
from .simulator import Figures, Result, percentile, simulate, visit_plans

SkillSet = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """How far a :func:`plan` has come, reported after every simulated trace: a caller shows it
    and may stop the planner by raising from its callback (the planner keeps no state that an
    exception could leave half-written)."""

    evaluations: int  # simulations run so far
    round: int  # improving rounds of the main search done so far
    rounds: int  # at most this many; the search often stops earlier


#: Agency pairs whose staff plausibly work each other's desks ("Jedermanns-Arbeitsplätze"):
#: registration and foreigners authority share identity and residence checks; the social
#: office pays out through its cash desk and also runs accommodation; job agency and jobcenter
#: both place people in work; jobcenter and social office both pay subsistence (the 2022
#: Rechtskreiswechsel moved Ukrainians from one to the other); guides (Lotsen) at reception can
#: do simple registrations.
RELATED_AGENCIES: frozenset[frozenset[str]] = frozenset(
    frozenset(p)
    for p in (
        ("buergerservice", "auslaenderbehoerde"),
        ("sozialamt", "kasse"),
        ("sozialamt", "sozialamt-unterkunft"),
        ("sozialamt", "jobcenter"),
        ("arbeitsagentur", "jobcenter"),
        ("lotsen", "buergerservice"),
        ("jugendamt", "lasub"),
    )
)


def _family(agency: str) -> str:
    return agency.split("-", 1)[0]


def agencies_related(a: str, b: str) -> bool:
    """Same agency, same family (``sozialamt``/``sozialamt-unterkunft``), or listed as related."""
    return a == b or _family(a) == _family(b) or frozenset((a, b)) in RELATED_AGENCIES


def allowed_skill_sets(day: Day) -> list[SkillSet]:
    """Every single service, then every pair of services of related agencies, then the skill
    sets the day's own staff have (they are evidently possible in this centre); each set in
    service order."""
    sets: list[SkillSet] = [(s.id,) for s in day.services]
    for i, a in enumerate(day.services):
        for b in day.services[i + 1 :]:
            if agencies_related(a.agency, b.agency):
                sets.append((a.id, b.id))
    for member in day.staff:
        own = _in_service_order(day, member.skills)
        if own not in sets:
            sets.append(own)
    return sets


def _in_service_order(day: Day, skills: Iterable[str]) -> SkillSet:
    wanted = set(skills)
    return tuple(s.id for s in day.services if s.id in wanted)


def parse_skill_sets(obj: Any, day: Day, source: str = "skill sets") -> list[SkillSet]:
    """Validate a skill-set file: a JSON list of lists of service ids."""
    if not isinstance(obj, list) or not obj:
        raise scenario_error(source, "expected_skill_sets")
    _check_count(obj, source, MAX_SKILL_SETS)
    out: list[SkillSet] = []
    seen: set[SkillSet] = set()
    for i, item in enumerate(obj):
        if not isinstance(item, list) or not item:
            raise scenario_error(f"{source}[{i}]", "expected_skill_set")
        _check_count(item, f"{source}[{i}]", MAX_SERVICES)
        for j, sid in enumerate(item):
            if not isinstance(sid, str) or sid not in day.service_index:
                raise scenario_error(f"{source}[{i}][{j}]", "unknown_service", service=sid)
        if len(set(item)) != len(item):
            raise scenario_error(f"{source}[{i}]", "service_twice")
        wanted = set(item)
        ordered = tuple(s.id for s in day.services if s.id in wanted)
        if ordered not in seen:
            seen.add(ordered)
            out.append(ordered)
    return out


def load_skill_sets_text(text: str, day: Day, source: str) -> list[SkillSet]:
    return parse_skill_sets(parse_json(text, source), day, source)


@dataclass(frozen=True, slots=True)
class Staffing:
    """How many people per skill set, and how many interpreters per language profile."""

    staff: tuple[tuple[SkillSet, int], ...]
    interpreters: tuple[tuple[tuple[str, ...], int], ...]

    @property
    def headcount(self) -> int:
        return sum(n for _, n in self.staff)

    def key(self) -> tuple[Any, ...]:
        return (
            tuple(sorted((k, n) for k, n in self.staff if n)),
            tuple(sorted((k, n) for k, n in self.interpreters if n)),
        )


@dataclass(frozen=True, slots=True)
class PlanResult:
    headcount: int
    staff: tuple[StaffMember, ...]
    interpreters: tuple[Interpreter, ...]
    figures: Figures  # the day itself under the policy, with the planned staff
    robust_mean_wait: float  # mean wait over the day and its variations
    robust_p90: float  # mean p90 time in centre over the day and its variations
    meets_target: bool | None  # None when no target was given
    evaluations: int
    seconds: float
    skill_mix: tuple[tuple[SkillSet, int], ...]
    interpreter_mix: tuple[tuple[tuple[str, ...], int], ...]
    # The day's own staff under the same policy, when the plan is for their headcount (and the
    # day's interpreters): the proposal is never worse than they are on the figures shown.
    current: Figures | None = None
    # True when no plan found beats the day's own staff: the proposal *is* that staff.
    kept_current: bool = False
    # Then: the smallest headcount whose plan beats the day's own staff, and that plan's day
    # figures (None if none did within the headcounts tried).
    better_headcount: int | None = None
    better_figures: Figures | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "headcount": self.headcount,
            "staff": [staff_to_dict(s) for s in self.staff],
            "interpreters": [interpreter_to_dict(x) for x in self.interpreters],
            "figures": self.figures.as_dict(),
            "robust_mean_wait_minutes": self.robust_mean_wait,
            "robust_p90_minutes": self.robust_p90,
            "meets_target": self.meets_target,
            "skill_mix": [{"skills": list(k), "count": n} for k, n in self.skill_mix],
            "interpreter_mix": [
                {"languages": list(k), "count": n} for k, n in self.interpreter_mix
            ],
            "evaluations": self.evaluations,
            "seconds": round(self.seconds, 2),
            "current_figures": None if self.current is None else self.current.as_dict(),
            "kept_current_staff": self.kept_current,
            "better_headcount": self.better_headcount,
            "better_figures": (
                None if self.better_figures is None else self.better_figures.as_dict()
            ),
        }


@dataclass
class _Evaluation:
    objective: float
    mean_wait: float
    p90: float
    meets: bool
    results: list[Result] = field(default_factory=list)

    @property
    def day(self) -> Figures:
        """The figures of the day itself (the first trace)."""
        return self.results[0].figures


class _Planner:
    def __init__(
        self,
        day: Day,
        *,
        skill_sets: Sequence[SkillSet] | None,
        target_p90: float | None,
        interpreter_count: int | None,
        variations: int,
        seed: int,
        policy: str,
        progress: Callable[[PlanProgress], None] | None = None,
        rounds: int = 0,
    ) -> None:
        self.day = day
        self.progress = progress
        self.rounds = rounds
        self.round = 0
        self.target = target_p90
        self.policy = policy
        self.sets = list(skill_sets) if skill_sets is not None else allowed_skill_sets(day)
        self.traces = [day] + variations_of(day, variations, seed)
        # The visitors of each trace stay the same whatever the staff: plan their visits once.
        self.plans = [visit_plans(d) for d in self.traces]
        starts = [s.start for s in day.staff]
        ends = [s.end for s in day.staff]
        self.shift = (min(starts), max(ends)) if day.staff else (0.0, day.opening_minutes)
        i_starts = [x.start for x in day.interpreters]
        i_ends = [x.end for x in day.interpreters]
        self.i_shift = (min(i_starts), max(i_ends)) if day.interpreters else self.shift
        self.interpreter_count = (
            len(day.interpreters) if interpreter_count is None else interpreter_count
        )
        profiles = list(dict.fromkeys(x.languages for x in day.interpreters))
        self.profiles = profiles
        # Work per service over all traces, the basis of the first split.
        load: dict[str, float] = {s.id: 0.0 for s in day.services}
        for d in self.traces:
            for v in d.visitors:
                for sid, minutes in v.steps.items():
                    load[sid] += minutes
        self.load = load
        self.needed = [s.id for s in day.services if load[s.id] > 0]
        self.cache: dict[tuple[Any, ...], _Evaluation] = {}
        self.evaluations = 0

    # -- building -----------------------------------------------------------------------------

    def initial(self, headcount: int) -> Staffing:
        uncovered = [s for s in self.needed if not any(s in k for k in self.sets)]
        if uncovered:
            raise scenario_error("skill sets", "uncovered_services", services=", ".join(uncovered))
        counts: dict[SkillSet, int] = dict.fromkeys(self.sets, 0)

        def capacity(service: str) -> float:
            return sum(n / len(k) for k, n in counts.items() if service in k)

        def best_set(service: str) -> SkillSet:
            # Prefer the set that covers the service alone; otherwise the smallest one.
            return min((k for k in self.sets if service in k), key=lambda k: (len(k), k))

        if headcount >= len(self.needed):
            for sid in self.needed:
                if capacity(sid) == 0:
                    counts[best_set(sid)] += 1
        else:
            # Too few people for one per service: cover with the widest sets first.
            left = set(self.needed)
            while left:
                widest = max(self.sets, key=lambda k: (len(left & set(k)), -len(k)))
                counts[widest] += 1
                left -= set(widest)
        while sum(counts.values()) < headcount:
            sid = max(self.needed, key=lambda s: self.load[s] / max(capacity(s), 1e-9))
            counts[best_set(sid)] += 1
        return Staffing(tuple((k, n) for k, n in counts.items() if n), self.initial_interpreters())

    def initial_interpreters(self) -> tuple[tuple[tuple[str, ...], int], ...]:
        if not self.profiles or self.interpreter_count <= 0:
            return ()
        demand: dict[tuple[str, ...], float] = dict.fromkeys(self.profiles, 0.0)
        for d in self.traces:
            for v in d.visitors:
                if v.needs_interpreter:
                    speakers = [p for p in self.profiles if v.language in p]
                    for p in speakers:
                        demand[p] += sum(v.steps.values()) / len(speakers)
        total = sum(demand.values())
        n = self.interpreter_count
        if total <= 0:
            shares = {p: n / len(self.profiles) for p in self.profiles}
        else:
            shares = {p: n * demand[p] / total for p in self.profiles}
        counts = {p: int(shares[p]) for p in self.profiles}
        # Each profile with demand gets one before any gets a second by remainder.
        for p in sorted(self.profiles, key=lambda p: -demand[p]):
            if counts[p] == 0 and demand[p] > 0 and sum(counts.values()) < n:
                counts[p] = 1
        while sum(counts.values()) < n:
            p = max(self.profiles, key=lambda p: shares[p] - counts[p])
            counts[p] += 1
        while sum(counts.values()) > n:
            p = max(self.profiles, key=lambda p: counts[p] - shares[p])
            counts[p] -= 1
        return tuple((p, c) for p, c in counts.items() if c)

    def materialise(
        self, staffing: Staffing
    ) -> tuple[tuple[StaffMember, ...], tuple[Interpreter, ...]]:
        order = {s.id: i for i, s in enumerate(self.day.services)}
        rows = sorted(staffing.staff, key=lambda kv: [order[s] for s in kv[0]])
        staff: list[StaffMember] = []
        for skills, n in rows:
            profiles = self._language_profiles(skills)
            for m in range(n):
                staff.append(
                    StaffMember(
                        f"P{len(staff) + 1:03d}",
                        skills,
                        profiles[m % len(profiles)],
                        self.shift[0],
                        self.shift[1],
                    )
                )
        interpreters: list[Interpreter] = []
        for profile, n in staffing.interpreters:
            for _ in range(n):
                interpreters.append(
                    Interpreter(
                        f"I{len(interpreters) + 1:03d}", profile, self.i_shift[0], self.i_shift[1]
                    )
                )
        return tuple(staff), tuple(interpreters)

    def _language_profiles(self, skills: SkillSet) -> list[tuple[str, ...]]:
        """The languages planned people with these skills speak: those of the day's own staff
        with the same skills (in turn), else of own staff sharing a skill, else the most common
        profile of the day's staff. Staff languages count (a speaker needs no interpreter), so
        a plan keeps the languages the centre has where they are."""
        own = self.day.staff
        same = [m.languages for m in own if _in_service_order(self.day, m.skills) == skills]
        if same:
            return same
        near = [m.languages for m in own if set(m.skills) & set(skills)]
        pool = near or [m.languages for m in own]
        if not pool:
            return [("de",)]
        return [Counter(pool).most_common(1)[0][0]]

    # -- judging ------------------------------------------------------------------------------

    def evaluate(self, staffing: Staffing, *, keep: bool = False) -> _Evaluation:
        key = staffing.key()
        cached = self.cache.get(key)
        if cached is not None and (cached.results or not keep):
            return cached
        staff, interpreters = self.materialise(staffing)
        return self._judge(key, staff, interpreters, keep=keep)

    def evaluate_current(self) -> _Evaluation:
        """The day's own staff and interpreters, shifts and languages as they are."""
        key = ("current",)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        return self._judge(key, self.day.staff, self.day.interpreters, keep=False)

    def _judge(
        self,
        key: tuple[Any, ...],
        staff: tuple[StaffMember, ...],
        interpreters: tuple[Interpreter, ...],
        *,
        keep: bool,
    ) -> _Evaluation:
        objectives: list[float] = []
        waits: list[float] = []
        p90s: list[float] = []
        results: list[Result] = []
        meets = True
        for trace, plans in zip(self.traces, self.plans, strict=True):
            result = simulate(
                with_staff(trace, staff, interpreters),
                get_policy(self.policy),
                plans=plans,
                visitors=False,
            )
            self.evaluations += 1
            if self.progress is not None:
                self.progress(PlanProgress(self.evaluations, self.round, self.rounds))
            f = result.figures
            objective = _objective(f, trace.opening_minutes)
            if self.target is not None:
                objective += max(0.0, f.p90_minutes - self.target)
                if f.p90_minutes > self.target + 1e-9:
                    meets = False
            if f.served < f.visitors:
                meets = False
            objectives.append(objective)
            waits.append(f.mean_wait_minutes)
            p90s.append(f.p90_minutes)
            if keep or not results:
                results.append(result)
        ev = _Evaluation(
            objective=_blend(objectives),
            mean_wait=sum(waits) / len(waits),
            p90=sum(p90s) / len(p90s),
            meets=meets,
            results=results,
        )
        self.cache[key] = ev
        return ev

    # -- searching ----------------------------------------------------------------------------

    def moves(self, staffing: Staffing, ev: _Evaluation, width: int) -> Iterable[Staffing]:
        result = ev.results[0]
        # Queue minutes per service on the day itself: where people wait.
        queued = {s.id: s.mean_queued_minutes * s.steps for s in result.services}
        util = {s.id: s.utilisation for s in result.services}
        counts = dict(staffing.staff)
        hot = sorted(self.needed, key=lambda s: -queued.get(s, 0.0))[:2]
        receivers = [k for k in self.sets if any(s in k for s in hot)]
        receivers.sort(key=lambda k: -sum(queued.get(s, 0.0) for s in k) / len(k))
        receivers = receivers[: width + 1]

        def spare(k: SkillSet) -> float:
            # Low queue and low utilisation: the people least missed there.
            return sum(queued.get(s, 0.0) + 100.0 * util.get(s, 0.0) for s in k) / len(k)

        donors = sorted((k for k, n in counts.items() if n > 0), key=spare)[:width]
        for donor in donors:
            for receiver in receivers:
                if donor == receiver:
                    continue
                new = dict(counts)
                new[donor] -= 1
                new[receiver] = new.get(receiver, 0) + 1
                if all(any(s in k and n > 0 for k, n in new.items()) for s in self.needed):
                    yield Staffing(
                        tuple((k, n) for k, n in new.items() if n), staffing.interpreters
                    )
        # Cross-train: turn one person's set into an overlapping one that covers a hot service
        # (or back), which pools capacity without changing the headcount.
        hot3 = set(sorted(self.needed, key=lambda s: -queued.get(s, 0.0))[:3])
        for k, n in counts.items():
            if n <= 0:
                continue
            for k2 in self.sets:
                if k2 == k or not (set(k) & set(k2)) or not (hot3 & (set(k) | set(k2))):
                    continue
                if not (set(k) < set(k2) or set(k2) < set(k)):
                    continue
                new = dict(counts)
                new[k] -= 1
                new[k2] = new.get(k2, 0) + 1
                if all(any(s in kk and nn > 0 for kk, nn in new.items()) for s in self.needed):
                    yield Staffing(
                        tuple((kk, nn) for kk, nn in new.items() if nn), staffing.interpreters
                    )
        profiles = dict(staffing.interpreters)
        if len(self.profiles) > 1 and profiles:
            for a in self.profiles:
                if profiles.get(a, 0) == 0:
                    continue
                for b in self.profiles:
                    if a == b:
                        continue
                    new_i = dict(profiles)
                    new_i[a] -= 1
                    new_i[b] = new_i.get(b, 0) + 1
                    yield Staffing(staffing.staff, tuple((p, c) for p, c in new_i.items() if c))

    def compares_with_current(self, headcount: int) -> bool:
        """A plan is set against the day's own staff when it is for as many people and as many
        interpreters as the day has."""
        return (
            bool(self.day.staff)
            and headcount == len(self.day.staff)
            and (self.interpreter_count == len(self.day.interpreters))
        )

    def current_staffing(self, headcount: int) -> Staffing | None:
        """The skill sets of the day's own staff as counts, grown or shrunk to ``headcount``
        (where the most or least work per person is), with the first interpreter split; None
        when the allowed sets do not include them or they cannot cover the services."""
        own = [_in_service_order(self.day, m.skills) for m in self.day.staff]
        if not own or any(k not in self.sets for k in own):
            return None
        counts = Counter(own)

        def per_person(k: SkillSet) -> float:
            return sum(self.load[sid] for sid in k) / max(counts[k], 1)

        while sum(counts.values()) > headcount:
            counts[min((k for k in counts if counts[k]), key=per_person)] -= 1
        while sum(counts.values()) < headcount:
            counts[max(counts, key=lambda k: per_person(k) * counts[k] / (counts[k] + 1))] += 1
        staff = tuple((k, n) for k, n in counts.items() if n)
        if not all(any(sid in k for k, _ in staff) for sid in self.needed):
            return None
        return Staffing(staff, self.initial_interpreters())

    def search(self, headcount: int, rounds: int, width: int) -> tuple[Staffing, _Evaluation]:
        # Start from the better of a split by work per service and the day's own skill sets.
        seeds = [self.initial(headcount)]
        own = self.current_staffing(headcount)
        if own is not None and own.key() != seeds[0].key():
            seeds.append(own)
        judged = [(seed, self.evaluate(seed, keep=False)) for seed in seeds]
        current, ev = min(judged, key=lambda pair: pair[1].objective)
        for done in range(rounds):
            self.round = max(self.round, done)
            best: tuple[Staffing, _Evaluation] | None = None
            for candidate in self.moves(current, ev, width):
                cand_ev = self.evaluate(candidate)
                if cand_ev.objective < ev.objective - 1e-9 and (
                    best is None or cand_ev.objective < best[1].objective
                ):
                    best = (candidate, cand_ev)
            if best is None:
                break
            current, ev = best
        self.round = max(self.round, rounds)
        return current, ev


def _objective(f: Figures, opening_minutes: float) -> float:
    """Mean wait per visitor, an unserved visitor counting as a whole day of waiting.

    Mean wait over *served* visitors alone would reward a staffing that leaves the hardest
    visitors (say, everyone needing a missing interpreter) unserved.
    """
    if not f.visitors:
        return 0.0
    unserved = f.visitors - f.served
    return (f.mean_wait_minutes * f.served + opening_minutes * unserved) / f.visitors


def _blend(values: list[float]) -> float:
    """The day itself weighs as much as all its variations together: it is the best forecast
    there is, while the variations keep the plan from fitting one trace of arrivals."""
    if len(values) == 1:
        return values[0]
    return 0.5 * values[0] + 0.5 * sum(values[1:]) / (len(values) - 1)


def variations_of(day: Day, count: int, seed: int = 0) -> list[Day]:
    """``count`` days drawn from a forecast of ``day`` (seeds ``seed+1 ..``), with its staff."""
    if count <= 0 or not day.visitors:
        return []
    forecast = forecast_from_day(day)
    return [load_day(generate_day(forecast, seed + i + 1)) for i in range(count)]


def plan(
    day: Day,
    headcount: int,
    skill_sets: Sequence[SkillSet] | None = None,
    target_p90: float | None = None,
    *,
    interpreter_count: int | None = None,
    variations: int = 2,
    seed: int = 0,
    rounds: int = 10,
    width: int = 2,
    policy: str = DEFAULT_POLICY,
    progress: Callable[[PlanProgress], None] | None = None,
) -> PlanResult:
    """Propose ``headcount`` staff (and the interpreters) for the day; see the module doc.

    ``rounds`` bounds the number of improving moves, ``width`` the donors and receivers tried
    per round; ``variations`` is the number of generated days judged besides the day itself.
    ``progress`` is called after every simulated trace (see :class:`PlanProgress`).
    """
    if headcount < 1:
        raise scenario_error("headcount", "expected_integer_min", minimum=1)
    if headcount > MAX_HEADCOUNT:
        raise scenario_error(
            "headcount", "expected_integer_range", minimum=1, maximum=MAX_HEADCOUNT
        )
    check_request(target_p90, variations=variations, interpreter_count=interpreter_count)
    if not day.visitors:
        raise scenario_error("visitors", "no_visitors")
    started = time.perf_counter()
    planner = _Planner(
        day,
        skill_sets=skill_sets,
        target_p90=target_p90,
        interpreter_count=interpreter_count,
        variations=variations,
        seed=seed,
        policy=policy,
        progress=progress,
        rounds=rounds,
    )
    if not _coverable(planner, headcount):
        raise scenario_error(
            "headcount", "headcount_too_small", headcount=headcount, services=len(planner.needed)
        )
    staffing, ev = planner.search(headcount, rounds, width)
    if not planner.compares_with_current(headcount):
        return _result(planner, staffing, ev, time.perf_counter() - started)
    current = planner.evaluate_current()
    if not_worse(ev, current):
        return _result(planner, staffing, ev, time.perf_counter() - started, current=current)
    # No plan found beats the day's own staff at their headcount: say so, keep them, and look
    # for the smallest larger headcount whose plan does.
    better: _Evaluation | None = None
    for more in range(headcount + 1, headcount + max(2, math.ceil(headcount / 2)) + 1):
        _, candidate = planner.search(more, min(rounds, 3), width)
        if not_worse(candidate, current) and candidate.objective < current.objective:
            better = candidate
            better_headcount: int | None = more
            break
    else:
        better_headcount = None
    return _current_result(
        planner, current, better_headcount, better, time.perf_counter() - started
    )


def check_request(
    target_p90: float | None, *, variations: int, interpreter_count: int | None = None
) -> None:
    """Refuse a planning request outside the bounds of flow/limits.py before any simulating:
    a NaN or infinite target would make every comparison false, and a huge count of
    variations or interpreters would take hours rather than fail."""
    if target_p90 is not None:
        _number(target_p90, "target_p90", strict=True)
    if not 0 <= variations <= MAX_VARIATIONS:
        raise scenario_error(
            "variations", "expected_integer_range", minimum=0, maximum=MAX_VARIATIONS
        )
    if interpreter_count is not None and not 0 <= interpreter_count <= MAX_INTERPRETERS:
        raise scenario_error(
            "interpreters", "expected_integer_range", minimum=0, maximum=MAX_INTERPRETERS
        )


def not_worse(plan: _Evaluation, current: _Evaluation) -> bool:
    """Is a plan at least as good as the current staff on every figure a coordinator is
    shown: visitors served and mean wait on the day itself, mean wait over the day and its
    variations, and meeting the target where one is set?"""
    eps = 1e-9
    return (
        plan.day.served >= current.day.served
        and plan.day.mean_wait_minutes <= current.day.mean_wait_minutes + eps
        and plan.mean_wait <= current.mean_wait + eps
        and (plan.meets or not current.meets)
    )


def _coverable(planner: _Planner, headcount: int) -> bool:
    # Greedy set cover: good enough to tell whether pairs make a small headcount possible.
    left = set(planner.needed)
    used = 0
    while left:
        best = max(planner.sets, key=lambda k: len(left & set(k)))
        if not left & set(best):
            return False
        left -= set(best)
        used += 1
    return used <= headcount


def _result(
    planner: _Planner,
    staffing: Staffing,
    ev: _Evaluation,
    seconds: float,
    *,
    current: _Evaluation | None = None,
) -> PlanResult:
    staff, interpreters = planner.materialise(staffing)
    return _plan_result(
        planner,
        ev,
        staff,
        interpreters,
        staffing.staff,
        staffing.interpreters,
        seconds,
        current=None if current is None else current.day,
    )


def _current_result(
    planner: _Planner,
    current: _Evaluation,
    better_headcount: int | None,
    better: _Evaluation | None,
    seconds: float,
) -> PlanResult:
    """The day's own staff, presented as the proposal because no plan beat them."""
    day = planner.day
    return _plan_result(
        planner,
        current,
        day.staff,
        day.interpreters,
        tuple(Counter(_in_service_order(day, m.skills) for m in day.staff).items()),
        tuple(Counter(x.languages for x in day.interpreters).items()),
        seconds,
        current=current.day,
        kept_current=True,
        better_headcount=better_headcount,
        better_figures=None if better is None else better.day,
    )


def _plan_result(
    planner: _Planner,
    ev: _Evaluation,
    staff: tuple[StaffMember, ...],
    interpreters: tuple[Interpreter, ...],
    skill_mix: tuple[tuple[SkillSet, int], ...],
    interpreter_mix: tuple[tuple[tuple[str, ...], int], ...],
    seconds: float,
    **against_current: Any,
) -> PlanResult:
    return PlanResult(
        headcount=sum(n for _, n in skill_mix),
        staff=staff,
        interpreters=interpreters,
        figures=ev.day,
        robust_mean_wait=ev.mean_wait,
        robust_p90=ev.p90,
        meets_target=None if planner.target is None else ev.meets,
        evaluations=planner.evaluations,
        seconds=seconds,
        skill_mix=skill_mix,
        interpreter_mix=interpreter_mix,
        **against_current,
    )


@dataclass(frozen=True, slots=True)
class HeadcountResult:
    target_p90: float
    headcount: int | None  # None: not reachable (see reason)
    plan: PlanResult | None
    tried: tuple[tuple[int, bool, float], ...]  # (headcount, met, robust p90) in search order
    reason: str
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "target_p90": self.target_p90,
            "headcount": self.headcount,
            "plan": None if self.plan is None else self.plan.as_dict(),
            "tried": [{"headcount": h, "met": m, "p90_minutes": p} for h, m, p in self.tried],
            "reason": self.reason,
            "seconds": round(self.seconds, 2),
        }


def lower_bound_p90(day: Day) -> float:
    """The p90 time in centre if nobody ever waited: no staffing can do better."""
    return percentile([v.lower_bound(day.walk_minutes) for v in day.visitors], 0.9)


def smallest_headcount(
    day: Day,
    target_p90: float = 45.0,
    skill_sets: Sequence[SkillSet] | None = None,
    *,
    max_headcount: int | None = None,
    variations: int = 2,
    seed: int = 0,
    rounds: int = 3,
    final_rounds: int = 10,
    policy: str = DEFAULT_POLICY,
    progress: Callable[[int, bool], None] | None = None,
) -> HeadcountResult:
    """The smallest headcount whose plan serves everyone with p90 ≤ target on every trace.

    A target below the p90 of the visitors' lower bounds is unreachable and reported at once.
    Otherwise the headcount doubles from a floor (the work divided by the shift) until the
    target is met, then bisects. Plans during the search use ``rounds`` improving moves; the
    final one ``final_rounds``. Bisection assumes that more staff never hurts, which holds for
    the plans in practice though a heuristic plan cannot promise it.
    """
    check_request(target_p90, variations=variations)
    started = time.perf_counter()
    floor_p90 = lower_bound_p90(day)
    if floor_p90 > target_p90:
        return HeadcountResult(
            target_p90,
            None,
            None,
            (),
            f"unreachable: the p90 of the visitors' own step minutes is {floor_p90:.1f} > "
            f"{target_p90:g}, even with no waiting at all",
            time.perf_counter() - started,
        )
    kwargs: dict[str, Any] = {
        "skill_sets": skill_sets,
        "target_p90": target_p90,
        "variations": variations,
        "seed": seed,
        "policy": policy,
    }
    shift = (
        max(s.end for s in day.staff) - min(s.start for s in day.staff)
        if day.staff
        else day.opening_minutes
    )
    work = sum(sum(v.steps.values()) for v in day.visitors)
    needed = len({s for v in day.visitors for s in v.steps})
    lo = max(1, needed if skill_sets is None else 1, math.ceil(work / shift))
    cap = max_headcount or min(MAX_HEADCOUNT, max(4 * lo, lo + 40))
    tried: list[tuple[int, bool, float]] = []
    plans: dict[int, PlanResult] = {}

    def probe(h: int) -> bool:
        try:
            p = plan(day, h, rounds=rounds, **kwargs)
        except ScenarioError:
            tried.append((h, False, math.inf))
            return False
        plans[h] = p
        met = bool(p.meets_target)
        tried.append((h, met, p.robust_p90))
        if progress is not None:
            progress(h, met)
        return met

    good: int | None = None
    bad = lo - 1
    h = lo
    while h <= cap:
        if probe(h):
            good = h
            break
        bad = h
        h = min(cap, h * 2) if h < cap else cap + 1
    if good is None:
        return HeadcountResult(
            target_p90,
            None,
            None,
            tuple(tried),
            f"not met up to {cap} staff"
            + (
                f" with {len(day.interpreters)} interpreters (their number is kept; more "
                "interpreters may be what is missing)"
                if any(v.needs_interpreter for v in day.visitors)
                else ""
            ),
            time.perf_counter() - started,
        )
    while good - bad > 1:
        mid = (good + bad) // 2
        if probe(mid):
            good = mid
        else:
            bad = mid
    final = plan(day, good, rounds=final_rounds, **kwargs)
    if not final.meets_target:
        # The longer search found a different optimum for the mean wait; keep the probe's plan.
        final = plans[good]
    return HeadcountResult(
        target_p90, good, final, tuple(tried), "met", time.perf_counter() - started
    )
