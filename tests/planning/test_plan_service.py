"""The planner behind the page: a proposal of the asked headcount, set against the day's own
staff, and the download that reuses it."""

from __future__ import annotations

import pytest
from planning_helpers import day_file, make_tiny_day

from anlaufstelle.flow import DEFAULT_POLICY, load_day, plan
from anlaufstelle.planning import services
from anlaufstelle.planning.services import (
    SESSION_PLAN,
    PlanningError,
    load_day_choice,
    plan_download,
    plan_for_page,
    run_plan,
)

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


def test_the_download_reuses_the_plan_in_the_session(session, monkeypatch):
    _loaded, outcome = plan_for_page(session=session, key="upload", headcount=3, target_p90=None)
    assert session[SESSION_PLAN]["staff"] == list(outcome.staff)

    def no_planning(**kwargs):
        raise AssertionError("the plan in the session should have been used")

    monkeypatch.setattr(services, "run_plan", no_planning)
    download = plan_download(session=session, key="upload", headcount=3, target_p90=None)
    assert download.data == outcome.download()
    assert download.filename == "plan-tiny-test-day-3.json"


def test_the_download_plans_again_for_other_inputs(session):
    plan_for_page(session=session, key="upload", headcount=3, target_p90=None)
    download = plan_download(session=session, key="upload", headcount=4, target_p90=None)
    assert len(download.data["staff"]) == 4


def test_the_downloaded_staff_make_a_day_with_the_days_visitors(session, tiny_day):
    download = plan_download(session=session, key="upload", headcount=3, target_p90=60)
    day = load_day({**tiny_day, **download.data})
    assert len(day.staff) == 3
    assert len(day.visitors) == len(make_tiny_day()["visitors"])
