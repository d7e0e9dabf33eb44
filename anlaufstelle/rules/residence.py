"""The conditions of the residence titles and tolerations (AufenthG), one function per rule.

Each reads its figures (ages, years, cut-off dates, thresholds) from the version the engine
picked for the application date; docs/rules.md lists the conditions with their citations. A
condition the authority weighs (an integration prognosis, the commitment to the free
democratic basic order beyond the signed declaration) is not guessed: the result names what
the facts decide, and the authority decides the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from .common import (
    Check,
    add_months,
    age_at,
    all_of,
    anniversary,
    any_of,
    cefr_at_least,
    chain_start,
    conviction_ok,
    failed,
    from_day,
    held_on,
    met,
    months_reached,
    relevant,
    unknown,
    years_reached,
)
from .evaluation import Evaluation, decide
from .facts import Facts, Status
from .store import Version

STAY_KINDS = ("duldung", "gestattung", "permit", "fiktion")


# --- shared conditions -------------------------------------------------------------------


def holds(f: Facts, at: date, kinds: Sequence[str], basis: str | None = None) -> bool | None:
    """Whether a status of these kinds (and basis) runs on ``at``; ``None`` when unknown."""
    if f.statuses is None:
        return None
    found = relevant(f.statuses, kinds, basis)
    if found is None:
        return None
    return bool(held_on(found, at))


def holds_104c(f: Facts, at: date) -> bool | None:
    return holds(f, at, ("permit", "fiktion"), "§104c")


def stay(f: Facts, at: date, years: int, v: Version, *, count_light: bool, reason: str) -> Check:
    """``years`` of uninterrupted Duldung, Gestattung or residence title (a Fiktion counts
    as the title it continues); § 60b times only where ``count_light``."""
    if f.statuses is None:
        return unknown("statuses")
    kinds = STAY_KINDS + (("duldung_light",) if count_light else ())
    found = relevant(f.statuses, kinds)
    if found is None:
        return unknown("statuses")
    reached = years_reached(
        found, at, years, gap_months=v.whole("gap_months"), max_gaps=v.whole("max_gaps")
    )
    if reached is None:
        return failed("no_current_status")
    return from_day(reached, at, reason)


def duldung_for(f: Facts, at: date, months: int, reason: str) -> Check:
    """``months`` of Duldung without interruption up to ``at``."""
    if f.statuses is None:
        return unknown("statuses")
    found = relevant(f.statuses, ("duldung",))
    if found is None:
        return unknown("statuses")
    reached = months_reached(found, at, months)
    if reached is None:
        return failed("not_tolerated")
    return from_day(reached, at, reason)


def tolerated(f: Facts, at: date, *, light: bool) -> Check:
    kinds = ("duldung", "duldung_light") if light else ("duldung",)
    held = holds(f, at, kinds)
    if held is None:
        return unknown("statuses")
    if held:
        return met("tolerated")
    if not light and holds(f, at, ("duldung_light",)):
        return failed("duldung_light_excluded")
    return failed("not_tolerated")


def age_window(f: Facts, at: date, min_age: int, limit: int) -> tuple[Check, date | None]:
    """At least ``min_age`` and applying before the ``limit``-th birthday (the application
    must come before the day the age is completed)."""
    if f.birth_date is None:
        return unknown("birth_date"), None
    limit_day = anniversary(f.birth_date, limit)
    if at >= limit_day:
        return failed("age_limit_passed"), None
    since = anniversary(f.birth_date, min_age)
    check = met(
        "age_within_limits",
        since=since if since > at else None,
        until=limit_day,
        late="age_limit_before_conditions",
    )
    return check, limit_day


def flag(value: bool | None, field: str, yes: str, no: str) -> Check:
    if value is None:
        return unknown(field)
    return met(yes) if value else failed(no)


def no_deception(f: Facts) -> Check:
    if f.deception is None:
        return unknown("deception")
    return failed("deception") if f.deception else met("no_deception")


def identity_clarified(f: Facts, at: date) -> Check:
    if f.identity_clarified_on is None:
        return unknown("identity_clarified_on")
    return from_day(f.identity_clarified_on, at, "identity_clarified")


def identity_or_steps(f: Facts, at: date) -> Check:
    """Identity clarified, or all reasonable steps to clarify it documented (CAR rules)."""
    known = [d for d in (f.identity_clarified_on, f.identity_reasonable_steps_on) if d]
    if not known:
        return unknown("identity_clarified_on", "identity_reasonable_steps_on")
    return from_day(min(known), at, "identity_clarified_or_steps")


def identity_by(f: Facts, at: date, by: date | None) -> Check:
    """Identity clarified (or all reasonable steps taken) by ``by``; ``None``: by the
    application, which may still come later."""
    known = [d for d in (f.identity_clarified_on, f.identity_reasonable_steps_on) if d]
    if not known:
        return unknown("identity_clarified_on", "identity_reasonable_steps_on")
    first = min(known)
    if by is None:
        return from_day(first, at, "identity_clarified_in_time")
    if first <= by:
        return met("identity_clarified_in_time")
    return failed("identity_not_clarified_in_time")


def german(level: str | None, needed: str, field: str, yes: str, no: str) -> Check:
    enough = cefr_at_least(level, needed)
    if enough is None:
        return unknown(field)
    return met(yes) if enough else failed(no)


def minor_child(f: Facts, at: date) -> bool | None:
    """Lives with a minor unmarried child; ``None`` when the facts leave it open."""
    if f.children is None:
        return None
    open_ = False
    for c in f.children:
        if c.birth_date is not None and age_at(c.birth_date, at) >= 18:
            continue
        if c.birth_date is not None and c.birth_date > at:
            continue
        answers = (c.birth_date is not None, c.in_household, c.unmarried)
        if all(a is True for a in answers):
            return True
        if all(a is not False for a in answers):
            open_ = True
    return None if open_ else False


def children_at_school(f: Facts, at: date, v: Version) -> Check:
    """Every child of school age in the household goes to school."""
    if f.children is None:
        return unknown("children")
    for c in f.children:
        if c.in_household is False:
            continue
        if c.birth_date is None:
            return unknown("children")
        age = age_at(c.birth_date, at)
        if not v.whole("school_age_from") <= age < v.whole("school_age_until"):
            continue
        if c.attends_school is None:
            return unknown("children")
        if not c.attends_school:
            return failed("child_not_at_school")
    return met("children_at_school")


def _periods_days(spans: Sequence[tuple[date, date | None]], at: date) -> tuple[int, date | None]:
    """Days covered before ``at`` (an ended span up to and with its last day) and the start
    of a span still running on ``at``."""
    days = 0
    running = None
    for start, end in spans:
        if start > at:
            continue
        if end is None or end >= at:
            days += (at - start).days
            running = start
        else:
            days += (end - start).days + 1
    return days, running


def school_years(f: Facts, at: date, years: int) -> Check:
    """``years`` of successful school attendance in Germany (schools and vocational schools),
    possibly in several spells; a year counts as 365.25 days."""
    if f.schooling is None:
        return unknown("schooling")
    spans = []
    for s in f.schooling:
        if s.kind == "university":
            continue
        if s.kind is None or s.start is None or s.successful is None:
            return unknown("schooling")
        if s.successful:
            spans.append((s.start, s.end))
    needed = round(365.25 * years)
    days, running = _periods_days(spans, at)
    if days >= needed:
        return met("school_years")
    if running is not None:
        return met("school_years", since=at + timedelta(days=needed - days))
    return failed("school_years_short")


def employed_for(
    f: Facts, at: date, months: int, min_hours: float, reason: str, short: str
) -> Check:
    """``months`` of one employment subject to social insurance at ``min_hours`` a week or
    more, without interruption, up to ``at``."""
    if f.employment is None:
        return unknown("employment")
    spans = []
    for e in f.employment:
        if e.start is None or e.social_insurance is None or e.hours_per_week is None:
            return unknown("employment")
        if e.social_insurance and e.hours_per_week >= min_hours:
            spans.append(Status("employment", None, e.start, e.end))
    reached = months_reached(spans, at, months)
    if reached is None:
        return failed(short)
    return from_day(reached, at, reason)


def _deadline(*days: date | None) -> date | None:
    found = [d for d in days if d is not None]
    return min(found) if found else None


# --- the rules ---------------------------------------------------------------------------


def _car_holder(v: Version) -> Check:
    """A § 104c holder under the special rules, which end after ``car_until``."""
    end = v.day("car_until") + timedelta(days=1)
    return met("holds_104c", until=end, late="car_rules_ended")


def aufenthg_25a(f: Facts, at: date, v: Version) -> Evaluation:
    """§ 25a Abs. 1 AufenthG: well-integrated young people."""
    age, limit_day = age_window(f, at, v.whole("min_age"), v.whole("age_limit"))
    car = v.has("car_until") and at <= v.day("car_until")
    holder = holds_104c(f, at) if car else False
    if holder:
        # § 25a Abs. 5/6 (CAR rules): no 12 months of Duldung, § 60b times count, identity
        # clarified or all reasonable steps taken.
        status = _car_holder(v)
        years = stay(f, at, v.whole("stay_years"), v, count_light=True, reason="stay_years")
        identity = identity_or_steps(f, at)
    else:
        months = v.whole("duldung_months")
        status = (
            duldung_for(f, at, months, "duldung_months") if months else tolerated(f, at, light=True)
        )
        if holder is None and status.state != "met":
            status = unknown("statuses")
        years = stay(f, at, v.whole("stay_years"), v, count_light=False, reason="stay_years")
        identity = met()
    school = any_of(
        school_years(f, at, v.whole("school_years")),
        flag(
            f.german_qualification,
            "german_qualification",
            "german_qualification",
            "no_german_qualification",
        ),
    )
    if school.state == "failed":
        school = failed("school_years_short")
    check = all_of(age, status, years, school, identity, no_deception(f))
    deadline = _deadline(limit_day, v.day("car_until") if holder else None)
    return decide(check, deadline)


def aufenthg_25b(f: Facts, at: date, v: Version) -> Evaluation:
    """§ 25b Abs. 1 AufenthG: sustainable integration."""
    car = v.has("car_until") and at <= v.day("car_until")
    holder = holds_104c(f, at) if car else False
    if holder:
        status = _car_holder(v)
        identity = identity_or_steps(f, at)
    else:
        status = tolerated(f, at, light=False)
        if holder is None and status.state != "met":
            status = unknown("statuses")
        identity = identity_clarified(f, at)
    long_ = stay(f, at, v.whole("stay_years"), v, count_light=bool(holder), reason="stay_years")
    short = stay(
        f,
        at,
        v.whole("stay_years_with_child"),
        v,
        count_light=bool(holder),
        reason="stay_years_with_child",
    )
    child = minor_child(f, at)
    if child is None and short.state == "met" and long_.state != "met":
        short = all_of(short, unknown("children"))
    elif child is False:
        short = failed("stay_years_short")
    years = any_of(long_, short)
    share = f.livelihood_share_from_work
    if share is not None and share > v.number("livelihood_share"):
        livelihood = met("livelihood_from_work")
    elif f.able_to_work is False:
        livelihood = met("livelihood_waived")
    elif share is not None and share > 0 and child:
        livelihood = met("livelihood_family_exception")
    elif share is None:
        livelihood = unknown("livelihood_share_from_work")
    else:
        livelihood = failed("livelihood_not_from_work")
    convictions = f.convictions
    if convictions is None:
        record = unknown("convictions")
    elif any(c.custodial and not c.youth_sanction_only for c in convictions):
        record = failed("conviction_custodial")
    elif any(c.custodial is None and not c.youth_sanction_only for c in convictions):
        record = unknown("convictions")
    else:
        record = met("no_serious_conviction")
    check = all_of(
        status,
        years,
        flag(
            f.constitution_declaration,
            "constitution_declaration",
            "constitution_declaration",
            "no_constitution_declaration",
        ),
        flag(f.civic_knowledge, "civic_knowledge", "civic_knowledge", "no_civic_knowledge"),
        livelihood,
        german(
            f.german_oral, v.text("german_oral"), "german_oral", "german_oral", "german_oral_short"
        ),
        children_at_school(f, at, v),
        identity,
        no_deception(f),
        record,
    )
    return decide(check, v.day("car_until") if holder else None)


def aufenthg_104c(f: Facts, at: date, v: Version) -> Evaluation:
    """§ 104c AufenthG: the Chancen-Aufenthaltsrecht, and after its end the transition."""
    if not v.flag("new_applications"):
        held = holds_104c(f, at)
        if held is None:
            return decide(unknown("statuses"))
        if not held:
            return decide(failed("104c_new_applications_ended"))
        until = v.day("holders_apply_until")
        return Evaluation("eligible", reasons=("104c_holder_transition",), deadline=until)
    cut_off = v.day("cut_off")
    if f.statuses is None:
        years = unknown("statuses")
    else:
        found = relevant(f.statuses, STAY_KINDS + ("duldung_light",))
        # § 60b times count here (§ 104c Abs. 1 S. 3); the time must run from five years
        # before the cut-off day without interruption up to the application.
        chain = (
            None
            if found is None
            else chain_start(
                found, at, gap_months=v.whole("gap_months"), max_gaps=v.whole("max_gaps")
            )
        )
        if found is None:
            years = unknown("statuses")
        elif chain is None:
            years = failed("no_current_status")
        elif anniversary(chain[0], v.whole("stay_years")) + timedelta(days=chain[1]) > cut_off:
            years = failed("stay_years_on_cut_off_short")
        else:
            years = met("stay_years_on_cut_off")
    check = all_of(
        tolerated(f, at, light=True),
        years,
        flag(
            f.constitution_declaration,
            "constitution_declaration",
            "constitution_declaration",
            "no_constitution_declaration",
        ),
        conviction_ok(
            f.convictions,
            general_rates=v.whole("general_rates"),
            foreigner_rates=v.whole("foreigner_rates"),
        ),
        no_deception(f),
    )
    return decide(check, v.valid_until)


def _training_checks(f: Facts, at: date, v: Version) -> Check:
    """What § 60c and § 16g share: the training, the Duldung and its time, identity by the
    cut-off for the date of entry, no conviction, no imminent removal."""
    t = f.training
    if t is None or t.kind is None:
        training = unknown("training")
    elif t.kind == "helper" and t.commitment is not True:
        training = unknown("training") if t.commitment is None else failed("helper_no_commitment")
    else:
        training = met("training_" + t.kind)
    during = None if t is None else t.started_during_asylum
    status = tolerated(f, at, light=False)
    if during is None:
        case = all_of(status, unknown("training"))
    elif during:
        case = all_of(status, met("training_started_during_asylum"))
    else:
        months = duldung_for(f, at, v.whole("duldung_months"), "duldung_months")
        imminent = f.removal_measures_imminent
        removal = (
            unknown("removal_measures_imminent")
            if imminent is None
            else failed("removal_imminent")
            if imminent
            else met("no_removal_imminent")
        )
        case = all_of(status, months, removal)
    if f.entry_date is None:
        identity = unknown("entry_date")
    elif f.entry_date <= v.day("identity_by_application_entry_until"):
        identity = identity_by(f, at, None)
    elif f.entry_date <= v.day("identity_late_entry_until"):
        identity = identity_by(f, at, min(at, v.day("identity_late_deadline")))
    else:
        identity = identity_by(
            f, at, add_months(f.entry_date, v.whole("identity_months_after_entry"))
        )
    record = conviction_ok(
        f.convictions,
        general_rates=v.whole("general_rates"),
        foreigner_rates=v.whole("foreigner_rates"),
    )
    return all_of(training, case, identity, record, no_deception(f))


def aufenthg_60c(f: Facts, at: date, v: Version) -> Evaluation:
    """§ 60c AufenthG: Ausbildungsduldung."""
    return decide(_training_checks(f, at, v))


def aufenthg_16g(f: Facts, at: date, v: Version) -> Evaluation:
    """§ 16g AufenthG: residence permit for the vocational training of tolerated people; the
    conditions of § 60c and, as a title, the identity clarified (§ 5 Abs. 1 Nr. 1a)."""
    return decide(all_of(_training_checks(f, at, v), identity_clarified(f, at)))


def aufenthg_60d(f: Facts, at: date, v: Version) -> Evaluation:
    """§ 60d AufenthG: Beschäftigungsduldung."""
    if f.entry_date is None:
        entry = unknown("entry_date")
        identity = unknown("entry_date")
    else:
        entry = (
            met("entered_by_cut_off")
            if f.entry_date <= v.day("entry_by")
            else failed("entered_after_cut_off")
        )
        if f.entry_date <= v.day("identity_by_application_entry_until"):
            identity = identity_by(f, at, None)
        elif at < v.day("identity_late_deadline"):
            # Applied before the deadline: the identity is due by the application.
            identity = identity_by(f, at, None)
        else:
            identity = identity_by(f, at, v.day("identity_late_deadline"))
    share = f.livelihood_share_from_work
    livelihood = (
        unknown("livelihood_share_from_work")
        if share is None
        else met("livelihood_from_work")
        if share >= 1
        else failed("livelihood_not_from_work")
    )
    check = all_of(
        entry,
        identity,
        tolerated(f, at, light=False),
        duldung_for(f, at, v.whole("duldung_months"), "duldung_months"),
        employed_for(
            f,
            at,
            v.whole("employment_months"),
            v.number("hours_per_week"),
            "employment_months",
            "employment_short",
        ),
        livelihood,
        german(
            f.german_oral, v.text("german_oral"), "german_oral", "german_oral", "german_oral_short"
        ),
        conviction_ok(
            f.convictions,
            general_rates=v.whole("general_rates"),
            foreigner_rates=v.whole("foreigner_rates"),
        ),
        children_at_school(f, at, v),
    )
    return decide(check)


def aufenthg_19d(f: Facts, at: date, v: Version) -> Evaluation:
    """§ 19d Abs. 1 AufenthG: qualified tolerated people."""
    ways = []
    if f.qualification is None:
        ways.append(unknown("qualification"))
    else:
        for q in f.qualification:
            if q.kind is None or q.completed_on is None:
                ways.append(unknown("qualification"))
            elif q.kind in ("de_training", "de_degree"):
                ways.append(from_day(q.completed_on, at, "qualification_in_germany"))
            else:
                ways.append(
                    all_of(
                        from_day(q.completed_on, at, "foreign_qualification_recognised"),
                        employed_for(
                            f,
                            at,
                            v.whole("recognised_employment_months"),
                            0,
                            "qualified_employment",
                            "employment_short",
                        ),
                    )
                )
    share = f.livelihood_share_from_work
    ways.append(
        all_of(
            employed_for(
                f,
                at,
                v.whole("qualified_employment_months"),
                0,
                "qualified_employment",
                "employment_short",
            ),
            unknown("livelihood_share_from_work")
            if share is None
            else met("no_public_funds")
            if share >= 1
            else failed("public_funds"),
        )
    )
    qualified = any_of(*ways)
    if qualified.state == "failed":
        qualified = failed("no_qualification")
    check = all_of(
        tolerated(f, at, light=True),
        qualified,
        flag(
            f.housing_sufficient, "housing_sufficient", "housing_sufficient", "housing_insufficient"
        ),
        german(
            f.german_level,
            v.text("german_level"),
            "german_level",
            "german_level",
            "german_level_short",
        ),
        no_deception(f),
        conviction_ok(
            f.convictions,
            general_rates=v.whole("general_rates"),
            foreigner_rates=v.whole("foreigner_rates"),
        ),
    )
    return decide(check)
