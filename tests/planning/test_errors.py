"""The day parser's errors in the coordinator's language (anlaufstelle/planning/errors.py)."""

from __future__ import annotations

import re

from django.utils import translation

from anlaufstelle.flow import ScenarioError
from anlaufstelle.flow.scenario import MESSAGES, _fail
from anlaufstelle.planning.errors import ERROR_TEXTS, describe


def test_every_code_of_the_parser_has_a_translatable_text_with_the_same_params():
    for code, english in MESSAGES.items():
        assert code in ERROR_TEXTS, code
        core = set(re.findall(r"{(\w+)", english))
        web = set(re.findall(r"%\((\w+)\)s", str(ERROR_TEXTS[code])))
        # The web may leave out the English-only reason of the OS or the JSON parser.
        assert web == core - {"reason"}, code


def test_the_detail_is_translated_and_the_path_kept():
    exc = _fail("staff[2].skills[0]", "unknown_service", service="intake")
    assert describe(exc) == "staff[2].skills[0]: unknown service 'intake'"
    with translation.override("de"):
        assert describe(exc) == "staff[2].skills[0]: unbekannte Dienstleistung „intake“"
    with translation.override("uk"):
        assert describe(exc) == "staff[2].skills[0]: невідома послуга «intake»"


def test_a_value_that_is_no_string_is_shown_as_json():
    exc = _fail("format", "wrong_format", expected="anlaufstelle-scenario/1", got=None)
    assert describe(exc) == "format: expected 'anlaufstelle-scenario/1', got 'null'"


def test_an_error_without_a_known_code_keeps_the_core_text():
    assert describe(ScenarioError("skill sets: no allowed set covers a")) == (
        "skill sets: no allowed set covers a"
    )
    odd = ScenarioError("x: something new", path="x", code="something_new")
    assert describe(odd) == "x: something new"
