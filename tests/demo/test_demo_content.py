"""What the demo centre contains: the Leipzig 2022 story, in every language, with plausible
people."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from anlaufstelle.organisation.models import Agency, Desk, Interpreter, Service, Site
from anlaufstelle.people.models import Document, HouseholdMember, Person

REPO = Path(__file__).resolve().parents[2]

# The days and forecasts the package ships: the demo's services carry the same codes.
DAY_FILES = sorted(
    [*(REPO / "anlaufstelle" / "flow" / "days").glob("*.json"),
     *(REPO / "anlaufstelle" / "flow" / "forecasts").glob("*.json")]
)  # fmt: skip
STORY_AGENCIES = {
    Agency.Kind.CITIZENS_OFFICE,
    Agency.Kind.FOREIGNERS_AUTHORITY,
    Agency.Kind.SOCIAL_OFFICE,
    Agency.Kind.JOBCENTER,
    Agency.Kind.JOB_AGENCY,
    Agency.Kind.YOUTH_OFFICE,
    Agency.Kind.SCHOOL_AUTHORITY,
    Agency.Kind.BANK,
    Agency.Kind.HOUSING,
    Agency.Kind.GUIDES,
}
SCENARIO_SERVICES = {
    "reception", "registration", "residence", "benefits", "payout", "bank", "housing", "jobs",
    "school",
}  # fmt: skip


def test_two_sites_one_of_them_a_pop_up(demo):
    main = Site.objects.get(name="Ankommenszentrum Messe")
    popup = Site.objects.get(is_popup=True)
    assert not main.is_popup
    assert popup.open_from < timezone.localdate() < popup.open_until


def test_every_agency_of_the_story_is_its_own_controller(demo):
    assert set(Agency.objects.values_list("kind", flat=True)) >= STORY_AGENCIES
    for agency in Agency.objects.all():
        agency.full_clean()
        assert agency.controller_name
        assert agency.legal_basis["de"] and agency.legal_basis["en"]


def test_desks_on_both_sites_some_for_anyone(demo):
    assert Desk.objects.count() >= 30
    assert Desk.objects.values("site").distinct().count() == 2
    assert Desk.objects.filter(agencies__isnull=True).count() >= 2
    assert Desk.objects.filter(agencies__kind=Agency.Kind.FOREIGNERS_AUTHORITY).exists()


def test_services_have_names_and_descriptions_in_all_seven_languages(demo):
    languages = {code for code, _name in settings.LANGUAGES}
    assert len(languages) == 7
    for service in Service.objects.all():
        service.full_clean()
        assert {c for c, text in service.names.items() if text.strip()} == languages, service.code
        assert {c for c, text in service.descriptions.items() if text.strip()} == languages
        # Translations are real texts, not copies of the German.
        assert service.names["uk"] != service.names["de"]
        assert service.names["ar"] != service.names["en"]


def test_service_codes_match_the_day_files(demo):
    codes = set(Service.objects.values_list("code", flat=True))
    assert codes >= SCENARIO_SERVICES
    assert len(DAY_FILES) == 4
    for path in DAY_FILES:
        day = json.loads(path.read_text(encoding="utf-8"))
        assert {service["id"] for service in day["services"]} <= codes, path.name


def test_prerequisites_follow_the_story(demo):
    def prerequisites(code: str) -> set[str]:
        service = Service.objects.get(code=code)
        return set(service.prerequisites.values_list("code", flat=True))

    assert {"registration", "residence"} <= prerequisites("benefits")
    assert {"registration", "residence"} <= prerequisites("basic_income")
    assert "benefits" in prerequisites("payout")
    assert "registration" in prerequisites("bank")
    assert "residence" in prerequisites("jobs")
    assert "registration" in prerequisites("school")
    assert prerequisites("reception") == set()


def test_services_carry_leika_key_minutes_and_documents(demo):
    kinds = set(Document.Kind.values)
    for service in Service.objects.all():
        assert len(service.leika_key) == 14 and service.leika_key.isdigit()
        assert service.typical_minutes > 0
    residence = Service.objects.get(code="residence")
    assert "passport" in residence.required_documents
    assert kinds & set(Service.objects.get(code="benefits").required_documents)


def test_interpreters_for_ukrainian_russian_arabic_kurdish_farsi(demo):
    spoken = {code for i in Interpreter.objects.all() for code in i.languages}
    assert {"uk", "ru", "ar", "ku", "fa"} <= spoken
    kinds = set(Interpreter.objects.values_list("kind", flat=True))
    assert kinds == {Interpreter.Kind.EMPLOYED, Interpreter.Kind.VOLUNTEER}


def test_people_mostly_ukrainian_with_names_in_both_scripts(demo):
    people = list(Person.objects.all())
    ukrainians = [p for p in people if "UA" in p.nationalities]
    assert len(ukrainians) > len(people) / 2
    for person in people:
        person.full_clean()
        assert person.family_name.isascii() and person.given_names.isascii()
        assert person.family_name_original and person.given_names_original
    assert all(_has(p.family_name_original, "\u0400", "\u04ff") for p in ukrainians)


def _has(text: str, first: str, last: str) -> bool:
    return any(first <= ch <= last for ch in text)


def test_larger_demo_has_every_kind_of_person(run_demo, db):
    run_demo("--people", "300")
    people = Person.objects.all()
    nationalities = {str(n) for p in people for n in p.nationalities}
    assert {"UA", "SY", "IQ", "AF"} <= nationalities
    assert people.filter(birth_date_placeholder=True, birth_date__month=1, birth_date__day=1)
    assert any(_has(p.given_names_original, "\u0600", "\u06ff") for p in people)
    relations = set(HouseholdMember.objects.values_list("relation", flat=True))
    assert {"head", "spouse", "child"} <= relations
    assert people.filter(schooling__isnull=False).exists()
    assert people.filter(qualifications__isnull=False).exists()
    assert people.filter(work_experience__isnull=False).exists()
    assert people.filter(language_skills__language="de").exists()
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert {"passport", "arrival_certificate", "fiktionsbescheinigung", "residence_permit"} <= kinds
    assert Document.objects.filter(kind="residence_permit", legal_basis="§ 24 AufenthG").exists()
    today = timezone.localdate()
    assert Document.objects.filter(valid_until__lt=today).exists()
    assert Document.objects.filter(valid_until__gte=today).exists()
    assert all(p.phone == "" or p.phone.startswith("+") for p in people)
    assert all(p.email == "" or p.email.endswith("@example.org") for p in people)
