"""The definitions every rule shares, encoded once: three-valued checks and how they combine,
ages and anniversaries, uninterrupted years of status, the conviction threshold."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .facts import CEFR, Conviction, Status

MET, FAILED, UNKNOWN = "met", "failed", "unknown"


@dataclass(frozen=True)
class Check:
    """One condition, or a combination, on the day of the application.

    ``MET`` with ``since`` set: met only from that (later) day on, if nothing else changes;
    ``until`` set: met only before that day (an age limit), ``late`` the reason when the
    ``since`` of another condition comes too late for it. ``FAILED`` carries the reasons it
    failed, ``UNKNOWN`` the input fields whose absence leaves it open."""

    state: str
    reasons: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    late: str = ""


def met(
    *reasons: str, since: date | None = None, until: date | None = None, late: str = ""
) -> Check:
    return Check(MET, reasons, since=since, until=until, late=late)


def failed(*reasons: str) -> Check:
    return Check(FAILED, reasons)


def unknown(*fields: str) -> Check:
    return Check(UNKNOWN, missing=fields)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def all_of(*checks: Check) -> Check:
    """Every condition: one known failure decides (a missing fact is not needed to say no)."""
    bad = [c for c in checks if c.state == FAILED]
    if bad:
        return failed(*_unique(r for c in bad for r in c.reasons))
    good = [c for c in checks if c.state == MET]
    since = max((c.since for c in good if c.since), default=None)
    limits = [c for c in good if c.until]
    until = min(limits, key=lambda c: c.until or date.max) if limits else None
    if since and until and until.until and since >= until.until:
        return failed(until.late or "too_late")
    open_ = [c for c in checks if c.state == UNKNOWN]
    if open_:
        # The known parts still say how early it could be met at best.
        earliest = max((c.since for c in (*good, *open_) if c.since), default=None)
        return Check(UNKNOWN, missing=_unique(f for c in open_ for f in c.missing), since=earliest)
    return Check(
        MET,
        _unique(r for c in good for r in c.reasons),
        since=since,
        until=until.until if until else None,
        late=until.late if until else "",
    )


def any_of(*checks: Check) -> Check:
    """One of several ways: met now beats an open question, which beats met later unless it
    could only be met later still."""
    for c in checks:
        if c.state == MET and c.since is None:
            return c
    later = [c for c in checks if c.state == MET]
    best = min(later, key=lambda c: c.since or date.min) if later else None
    open_ = [c for c in checks if c.state == UNKNOWN]
    # An open way matters only if it could be met before the best known one.
    if best is not None and best.since is not None:
        open_ = [c for c in open_ if c.since is None or c.since < best.since]
    if open_:
        return unknown(*_unique(f for c in open_ for f in c.missing))
    if best is not None:
        return best
    return failed(*_unique(r for c in checks for r in c.reasons))


def from_day(reached: date, at: date, *reasons: str) -> Check:
    """Met from ``reached``: now if that is on or before ``at``, else later (``not_yet``)."""
    return met(*reasons, since=reached if reached > at else None)


# --- dates -------------------------------------------------------------------------------


def anniversary(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February falls on 1 March in common years (a person
    born on 29 February completes a year at the end of 28 February, § 188 Abs. 2 BGB)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def month_after(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return add_months(day.replace(day=1), 1)


def age_at(birth: date, on: date) -> int:
    """Completed years of life on ``on``."""
    years = on.year - birth.year
    return years if on >= anniversary(birth, years) else years - 1


def retirement_age_reached(birth: date) -> date:
    """The Regelaltersgrenze of § 7a SGB II: 65 for those born before 1947, then one month a
    year more up to 1958, two months a year from 1959, 67 from 1964."""
    year = birth.year
    if year < 1947:
        months = 0
    elif year <= 1958:
        months = year - 1946
    elif year <= 1963:
        months = 12 + 2 * (year - 1958)
    else:
        months = 24
    # The limit is reached at the end of the month in which the age is completed.
    return month_after(add_months(anniversary(birth, 65), months) - timedelta(days=1))


def cefr_at_least(level: str | None, needed: str) -> bool | None:
    return None if level is None else CEFR.index(level) >= CEFR.index(needed)


# --- status periods ----------------------------------------------------------------------


def _blocks(periods: Iterable[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    """Overlapping or adjacent periods joined; ``None`` as the end means it lasts."""
    out: list[tuple[date, date | None]] = []
    for start, end in sorted(periods, key=lambda p: p[0]):
        if out:
            last_start, last_end = out[-1]
            if last_end is None or start <= last_end + timedelta(days=1):
                if last_end is not None and (end is None or end > last_end):
                    out[-1] = (last_start, end)
                continue
        out.append((start, end))
    return out


def relevant(
    statuses: Sequence[Status], kinds: Iterable[str], basis: str | None = None
) -> list[Status] | None:
    """The statuses of the given kinds (and basis), or ``None`` when one of them, or the kind
    of any entry, is too vague to count (no kind, or no start)."""
    wanted = set(kinds)
    out = []
    for s in statuses:
        if s.kind is None:
            return None
        if s.kind in wanted and (basis is None or s.basis == basis):
            if s.start is None:
                return None
            out.append(s)
    return out


def held_on(statuses: Sequence[Status], at: date) -> list[Status]:
    """Statuses that run on ``at``; one whose end lies ahead counts as running."""
    return [
        s
        for s in statuses
        if s.start is not None and s.start <= at and (s.end is None or s.end >= at)
    ]


def chain_start(
    statuses: Sequence[Status], at: date, *, gap_months: int = 0, max_gaps: int = 0
) -> tuple[date, int] | None:
    """Start of the uninterrupted time up to ``at`` in the given statuses, and the days of
    harmless interruptions inside it (at most ``max_gaps`` of at most ``gap_months`` each);
    ``None`` if no status runs on ``at``."""
    blocks = _blocks((s.start, s.end) for s in statuses if s.start is not None)
    blocks = [b for b in blocks if b[0] <= at]
    if not blocks or (blocks[-1][1] is not None and blocks[-1][1] < at):
        return None
    start = blocks[-1][0]
    gap_days = 0
    for gaps, (prev_start, prev_end) in enumerate(reversed(blocks[:-1])):
        assert prev_end is not None  # only the last block may last
        if gaps >= max_gaps or add_months(prev_end, gap_months) < start - timedelta(days=1):
            break
        gap_days += (start - prev_end).days - 1
        start = prev_start
    return start, gap_days


def years_reached(
    statuses: Sequence[Status], at: date, years: int, *, gap_months: int, max_gaps: int
) -> date | None:
    """The day ``years`` of uninterrupted status are complete (harmless interruptions do not
    count towards them), or ``None`` if the time does not run on ``at``."""
    found = chain_start(statuses, at, gap_months=gap_months, max_gaps=max_gaps)
    if found is None:
        return None
    start, gap_days = found
    return anniversary(start, years) + timedelta(days=gap_days)


def months_reached(statuses: Sequence[Status], at: date, months: int) -> date | None:
    """The day ``months`` of one status without interruption are complete."""
    found = chain_start(statuses, at)
    return None if found is None else add_months(found[0], months)


# --- convictions -------------------------------------------------------------------------


def conviction_ok(
    convictions: Sequence[Conviction] | None, *, general_rates: int, foreigner_rates: int
) -> Check:
    """No conviction for an intentional offence, ignoring fines of at most ``general_rates``
    daily rates in total, or at most ``foreigner_rates`` when all were for offences only
    foreigners can commit, and juvenile sanctions short of youth custody (§ 104c Abs. 1 Nr. 3,
    § 19d Abs. 1 Nr. 7, § 60d Abs. 1 Nr. 7 AufenthG)."""
    if convictions is None:
        return unknown("convictions")
    total = 0
    only_foreigner = True
    for c in convictions:
        if c.youth_sanction_only:
            continue
        if c.custodial is None:
            return unknown("convictions")
        if c.custodial:
            return failed("conviction_custodial")
        if c.daily_rates is None or c.foreigner_only is None:
            return unknown("convictions")
        total += c.daily_rates
        only_foreigner = only_foreigner and c.foreigner_only
    if not convictions or total == 0:
        return met("no_convictions")
    limit = foreigner_rates if only_foreigner else general_rates
    if total > limit:
        return failed("conviction_fines_over_limit")
    return met("convictions_below_limit")
