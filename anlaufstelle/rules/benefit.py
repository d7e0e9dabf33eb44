"""Which regime pays benefits to a person under temporary protection (§ 24 AufenthG).

Before 1 June 2022 the AsylbLG; from then SGB II (able to work) or SGB XII (not able to work,
or at retirement age) once the identity treatment (ED) and the § 24 title or Fiktion are there
(with a grace period for those who held their document by 31 May 2022); under the planned
Leistungsrechtsanpassungsgesetz, people whose first § 24 title or Fiktion dates after
31 March 2025 go back to the AsylbLG, after a transition. The day that counts is the
evaluation date: a regime is about who pays now, not about an application.
"""

from __future__ import annotations

from datetime import date, timedelta

from .common import add_months, age_at, held_on, month_after, relevant, retirement_age_reached
from .evaluation import Evaluation
from .facts import Facts
from .store import Version


def _branch(
    f: Facts, at: date, v: Version, effective: date, reasons: tuple[str, ...]
) -> Evaluation:
    """SGB II or SGB XII, by the ability to work and the age (§ 7, § 7a, § 8 SGB II)."""
    if f.birth_date is not None and at >= retirement_age_reached(f.birth_date):
        return Evaluation("sgb12", effective, reasons=(*reasons, "retirement_age"))
    if f.birth_date is not None and age_at(f.birth_date, at) < v.whole("sgb2_min_age"):
        # Under 15: Sozialgeld in the household of an employable parent (§ 19 SGB II).
        return Evaluation("sgb2", effective, reasons=(*reasons, "child_in_household"))
    if f.able_to_work is False:
        return Evaluation("sgb12", effective, reasons=(*reasons, "not_able_to_work"))
    missing = tuple(
        name
        for name, value in (("birth_date", f.birth_date), ("able_to_work", f.able_to_work))
        if value is None
    )
    if missing:
        return Evaluation("unknown", missing=missing)
    return Evaluation("sgb2", effective, reasons=(*reasons, "able_to_work"))


def _regime_2022(f: Facts, first: date, at: date, v: Version) -> Evaluation:
    """The regime after the switch of 1 June 2022 (§ 74 SGB II, § 146 SGB XII)."""
    switch = v.day("sgb_from")
    grace = v.day("ed_grace_until")
    ed = f.fingerprinted_on
    if first <= v.day("documents_by"):
        if ed is not None and ed <= grace:
            effective, reason = switch, "switch_2022_document_by_cut_off"
        elif ed is not None:
            effective, reason = max(switch, month_after(ed)), "fingerprinted_after_grace"
        elif at <= grace:
            effective, reason = switch, "fingerprinting_grace"
        else:
            return Evaluation("unknown", missing=("fingerprinted_on",))
    else:
        if ed is None:
            return Evaluation("unknown", missing=("fingerprinted_on",))
        effective, reason = max(switch, month_after(max(ed, first))), "switch_after_document_and_ed"
    if at < effective:
        return Evaluation("asylblg", first, reasons=("asylblg_until_switch",), deadline=effective)
    return _branch(f, at, v, effective, (reason,))


def benefit_regime(f: Facts, at: date, v: Version) -> Evaluation:
    if f.statuses is None:
        return Evaluation("unknown", missing=("statuses",))
    found = relevant(f.statuses, ("permit", "fiktion"), "§24")
    if found is None:
        return Evaluation("unknown", missing=("statuses",))
    if not held_on(found, at):
        return Evaluation("not_applicable", reasons=("not_temporary_protection",))
    first = min(s.start for s in found if s.start is not None)
    if not v.has("sgb_from"):
        return Evaluation("asylblg", first, reasons=("asylblg_temporary_protection",))
    if not v.has("asylblg_first_title_after"):
        return _regime_2022(f, first, at, v)
    if first <= v.day("asylblg_first_title_after"):
        kept = _regime_2022(f, first, at, v)
        if kept.outcome == "unknown":
            return kept
        return Evaluation(
            kept.outcome,
            kept.eligible_from,
            reasons=(*kept.reasons, "first_title_by_cut_off"),
            deadline=kept.deadline,
        )
    start = v.valid_from
    transition_end = add_months(start, v.whole("transition_months")) - timedelta(days=1)
    before = _regime_2022(f, first, start - timedelta(days=1), v)
    was_sgb = before.outcome in ("sgb2", "sgb12")
    if at > transition_end:
        # Whatever paid before, the transition is over.
        since = transition_end + timedelta(days=1) if was_sgb else None
        if before.outcome == "asylblg":
            since = first
        return Evaluation("asylblg", since, reasons=("first_title_after_cut_off",))
    if before.outcome == "unknown":
        return before
    if was_sgb:
        now = _branch(f, at, v, before.eligible_from or start, before.reasons)
        if now.outcome == "unknown":
            return now
        return Evaluation(
            now.outcome,
            now.eligible_from,
            reasons=(*now.reasons, "transition_until_end_of_approval"),
            deadline=transition_end,
        )
    return Evaluation("asylblg", first, reasons=("first_title_after_cut_off",))
