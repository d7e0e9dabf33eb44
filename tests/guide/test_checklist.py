"""The checklist's workflow: the questionnaire's table, the order the prerequisites allow, what
to bring and where, in the person's language, and the signed address."""

from __future__ import annotations

import pytest
from django.core import signing
from django.utils import timezone

from anlaufstelle.demo import builder
from anlaufstelle.guide import checklist
from anlaufstelle.organisation.models import Service
from anlaufstelle.privacy.services import install_defaults


@pytest.fixture
def centre(db):
    """The demo centre's sites, agencies, services and desks (no people): the Messe site
    offers every service, the station's pop-up only registration and residence."""
    sites = builder._sites(timezone.localdate())
    agencies = builder._agencies()
    install_defaults()
    builder._services(agencies)
    builder._desks(sites, agencies)
    return sites


def ukrainian_family(**more) -> checklist.Answers:
    values = {
        "country": "UA",
        "arrived": "new",
        "family": "partner_children",
        "children": 2,
        "pension_age": False,
        "needs": ("papers", "money", "health"),
    }
    return checklist.Answers(**{**values, **more})


def test_a_family_from_ukraine_needs_registration_residence_jobcenter_bank_and_school():
    codes = checklist.codes_for_answers(ukrainian_family())
    assert codes == [
        "registration",
        "residence",
        "basic_income",
        "bank",
        "health_insurance",
        "school",
    ]
    assert ukrainian_family().party_size == 4


def test_benefits_come_from_the_social_office_after_pension_age_and_for_others():
    older = checklist.codes_for_answers(ukrainian_family(pension_age=True, family="alone"))
    assert "benefits" in older and "payout" in older and "basic_income" not in older
    assert "school" not in older
    syrian = checklist.codes_for_answers(ukrainian_family(country="SY"))
    # Temporary protection (§ 24) is for people from Ukraine: no residence step from the table.
    assert "residence" not in syrian[:1] and "benefits" in syrian
    settled = checklist.codes_for_answers(
        ukrainian_family(arrived="settled", needs=("work",), family="alone")
    )
    assert settled == ["jobs"]


def test_the_steps_come_in_the_order_their_prerequisites_allow(centre):
    codes = checklist.codes_for_answers(ukrainian_family())
    found = checklist.build(site=centre["messe"], codes=codes, language="uk", party_size=4)
    order = found.codes
    # Reception comes in as registration's prerequisite; health insurance is not offered.
    assert order[0] == "reception"
    for before, after in [
        ("reception", "registration"),
        ("registration", "residence"),
        ("residence", "basic_income"),
        ("registration", "bank"),
        ("registration", "school"),
    ]:
        assert order.index(before) < order.index(after), (before, after, order)
    assert set(order) == {
        "reception",
        "registration",
        "residence",
        "basic_income",
        "bank",
        "school",
    }
    assert found.missing == ["health_insurance"]
    # Every step's prerequisites come before it.
    for step in order:
        for need in Service.objects.get(code=step).prerequisites.values_list("code", flat=True):
            assert order.index(need) < order.index(step)


def test_each_step_says_in_the_language_what_to_bring_and_where(centre):
    found = checklist.build(site=centre["messe"], codes=["registration"], language="uk")
    registration = found.steps[-1]
    assert registration.name == "Реєстрація місця проживання"
    assert registration.documents[0] == "закордонний паспорт"
    assert registration.agency == "Bürgerservice"
    assert registration.rooms == ["Zone B"]
    assert registration.desks == ["B01", "B02", "B03", "B04"]
    german = checklist.build(site=centre["messe"], codes=["registration"], language="de")
    assert german.steps[-1].documents[0] == "Reisepass"


def test_a_site_that_offers_less_lists_less(centre):
    codes = ["registration", "residence", "school"]
    assert checklist.best_site(codes) == centre["messe"]
    found = checklist.build(site=centre["hbf"], codes=codes, language="en")
    assert "school" not in found.codes and found.missing == ["school"]


def test_the_token_carries_codes_and_site_and_refuses_a_change(centre):
    token = checklist.make_token(site=centre["messe"], codes=["residence", "school"], party_size=3)
    asked = checklist.read_token(token)
    assert asked.site == centre["messe"] and asked.codes == ["residence", "school"]
    assert asked.party_size == 3
    with pytest.raises(checklist.BadToken):
        checklist.read_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    forged = signing.dumps({"site": "x", "s": ["residence"]}, salt=checklist.SALT)
    with pytest.raises(checklist.BadToken):
        checklist.read_token(forged)
    gone = signing.dumps({"site": 999_999, "s": ["residence"]}, salt=checklist.SALT)
    with pytest.raises(checklist.BadToken):
        checklist.read_token(gone)


def test_the_persons_language_is_the_first_the_product_speaks(settings):
    assert checklist.ui_language(["ti", "ar", "en"]) == "ar"
    assert checklist.ui_language(["ti"]) == settings.LANGUAGE_CODE


def test_a_desk_of_two_agencies_is_named_once(centre):
    found = checklist.build(site=centre["messe"], codes=["school", "youth_office"], language="en")
    school = next(s for s in found.steps if s.code == "school")
    assert school.desks == ["F01", "F02"] and school.rooms == ["Familienbereich"]
