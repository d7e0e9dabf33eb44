"""The flow core's errors in the coordinator's language (anlaufstelle/planning/errors.py)."""

from __future__ import annotations

import pytest
from django.utils import translation

from anlaufstelle.flow import ScenarioError
from anlaufstelle.flow.scenario import scenario_error
from anlaufstelle.planning.errors import describe

pytestmark = pytest.mark.usefixtures("compiled_catalogues")


def test_the_detail_is_translated_and_the_path_kept():
    exc = scenario_error("staff[2].skills[0]", "unknown_service", service="intake")
    assert describe(exc) == "staff[2].skills[0]: unknown service 'intake'" == str(exc)
    with translation.override("de"):
        assert describe(exc) == "staff[2].skills[0]: unbekannte Dienstleistung „intake“"
    with translation.override("uk"):
        assert describe(exc) == "staff[2].skills[0]: невідома послуга «intake»"


def test_the_whole_file_is_named_in_words():
    exc = scenario_error("(day)", "expected_object")
    with translation.override("de"):
        assert describe(exc) == "(ganze Datei): Objekt erwartet"


def test_a_value_that_is_no_string_is_shown_as_json():
    exc = scenario_error("format", "wrong_format", expected="anlaufstelle-scenario/1", got=None)
    assert describe(exc) == "format: expected 'anlaufstelle-scenario/1', got 'null'" == str(exc)


def test_the_planners_and_the_forecasts_errors_are_said_in_german_too():
    too_small = scenario_error("headcount", "headcount_too_small", headcount=2, services=5)
    share = scenario_error("interpreter_share.uk", "expected_share")
    with translation.override("de"):
        assert describe(too_small).startswith("headcount: 2 Mitarbeitende reichen nicht aus")
        assert describe(share) == "interpreter_share.uk: Anteil zwischen 0 und 1 erwartet"


def test_an_error_without_a_known_code_keeps_the_core_text():
    assert describe(ScenarioError("skill sets: no allowed set covers a")) == (
        "skill sets: no allowed set covers a"
    )
    odd = ScenarioError("x: something new", path="x", code="something_new")
    assert describe(odd) == "x: something new"


def test_a_translation_that_does_not_fit_falls_back_to_the_english(monkeypatch):
    exc = scenario_error("visitors[0].steps.x", "unknown_service", service="x")
    monkeypatch.setattr("anlaufstelle.core.messages.gettext", lambda t: "unbekannt %(servce)s")
    assert describe(exc) == "visitors[0].steps.x: unknown service 'x'"
