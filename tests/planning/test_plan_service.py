"""The planner behind the page: a proposal of the asked headcount, set against the day's own
staff, kept by a job and read back for the page and the download."""

from __future__ import annotations

import json

import pytest
from planning_helpers import day_file

from anlaufstelle.flow import DEFAULT_POLICY, load_day, plan
from anlaufstelle.planning import services
from anlaufstelle.planning.services import PlanningError, load_day_choice, run_plan

# Service names come from the organisation's configuration.
pytestmark = pytest.mark.django_db


@pytest.fixture
def session(tiny_day):
    session: dict = {}
    load_day_choice(key=None, session=session, upload=day_file(tiny_day, "tiny.json"))
    return session


def test_the_proposal_has_the_asked_headcount_and_the_cores_figures(tiny_day):
    day = load_day(tiny_day)
    loaded = services.LoadedDay("upload", "tiny", day, "digest")
    outcome = run_plan(loaded=loaded, headcount=3, target_p90=None)
    core = plan(day, 3, variations=services.WEB_VARIATIONS)
    assert outcome.headcount == 3
    assert len(outcome.staff) == 3
    assert sum(row.count for row in outcome.skill_mix) == 3
    assert outcome.meets_target is None
    # Columns: the day's own staff under silo and the default policy, then the proposal.
    assert [c.key for c in outcome.columns] == [
        "own:silo",
        f"own:{DEFAULT_POLICY}",
        "plan:silo",
        f"plan:{DEFAULT_POLICY}",
    ]
    p90 = next(row for row in outcome.figures if row.key == "p90_minutes")
    assert p90.cells[-1].value == core.figures.p90_minutes
    assert outcome.interpreter_mix == (services.MixRow("Ukrainian + Russian", 1),)


def test_a_target_is_reported_as_met_or_missed(tiny_day):
    loaded = services.LoadedDay("upload", "tiny", load_day(tiny_day), "digest")
    assert run_plan(loaded=loaded, headcount=4, target_p90=500).meets_target is True
    assert run_plan(loaded=loaded, headcount=3, target_p90=1).meets_target is False


def test_too_small_a_headcount_is_a_planning_error(tiny_day):
    loaded = services.LoadedDay("upload", "tiny", load_day(tiny_day), "digest")
    with pytest.raises(PlanningError, match="No plan possible: headcount: 1 is too small"):
        run_plan(loaded=loaded, headcount=1, target_p90=None)


def test_a_day_without_visitors_has_nothing_to_plan(tiny_day):
    loaded = services.LoadedDay("upload", "tiny", load_day(dict(tiny_day, visitors=[])), "d")
    with pytest.raises(PlanningError, match="no visitors"):
        run_plan(loaded=loaded, headcount=3, target_p90=None)


def test_an_outcome_kept_by_a_job_reads_back_the_same(session):
    loaded = load_day_choice(key="upload", session=session)
    outcome = run_plan(loaded=loaded, headcount=3, target_p90=60)
    kept = json.loads(json.dumps(services.outcome_to_json(outcome)))
    assert services.outcome_from_json(kept) == outcome


def test_the_planner_reports_its_progress_and_can_be_stopped(session):
    loaded = load_day_choice(key="upload", session=session)
    seen = []

    def progress(p):
        seen.append(p)
        if len(seen) == 5:
            raise TimeoutError

    with pytest.raises(TimeoutError):
        run_plan(loaded=loaded, headcount=3, target_p90=None, progress=progress)
    assert [p.evaluations for p in seen] == [1, 2, 3, 4, 5]
    assert all(p.rounds == 10 and 0 <= p.round <= p.rounds for p in seen)


def test_the_filename_names_the_day_and_the_headcount():
    assert services.plan_filename("Tiny test day", "upload", 3) == "plan-tiny-test-day-3.json"
    assert services.plan_filename("", "sample:rural-walk-in", 9) == "plan-rural-walk-in-9.json"
