"""The core's reasons, translatable by code, with the core's English as the fallback."""

from django.utils import translation

from anlaufstelle.matching import Reason
from anlaufstelle.matching.reasons import TEMPLATES
from anlaufstelle.people.reasons import REASON_TEXTS, describe


def test_every_code_of_the_core_has_a_translatable_text():
    assert set(REASON_TEXTS) == set(TEMPLATES)


def test_each_text_says_what_the_core_says_in_english():
    params = {"part": "family name", "query": "Shevchenko", "record": "Schewtschenko"}
    for code in TEMPLATES:
        reason = Reason(code, tuple(sorted(params.items())))
        with translation.override("en"):
            assert describe(reason) == reason.describe(), code


def test_an_unknown_code_falls_back_to_the_cores_text():
    reason = Reason("name.new_kind", (("part", "given name"),))
    assert describe(reason) == reason.describe() == "name.new_kind"
