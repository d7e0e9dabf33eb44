"""The core's reasons in the staff's language, with the core's English as the fallback."""

import pytest
from django.utils import translation

from anlaufstelle.matching import Reason
from anlaufstelle.people.reasons import describe

pytestmark = pytest.mark.usefixtures("compiled_catalogues")


def test_a_reason_reads_in_english_as_the_core_says_it():
    reason = Reason("name.translit", (("part", "family name"), ("query", "Schewtschenko"),
                                      ("record", "Shevchenko")))  # fmt: skip
    with translation.override("en"):
        assert (
            describe(reason)
            == reason.describe()
            == ("family name: same in transliteration (Schewtschenko ≈ Shevchenko)")
        )


def test_a_german_user_reads_the_reason_and_the_part_of_the_name_in_german():
    reason = Reason("name.exact", (("part", "given name"), ("query", "Olena")))
    with translation.override("de"):
        assert describe(reason) == "Vorname: gleich (Olena)"
    verdict = Reason("verdict.uncorroborated")
    with translation.override("de"):
        assert describe(verdict).startswith("nicht als Dublette markiert")


def test_an_unknown_code_falls_back_to_the_cores_text():
    reason = Reason("name.new_kind", (("part", "given name"),))
    assert describe(reason) == reason.describe() == "name.new_kind"
