"""The retention schedule applied: what is due is listed by --dry-run and erased by --apply,
the person whole (nothing left in the database, the search or on disk) or only the categories
due; a legal hold keeps the person; the audit trail records each erasure and still verifies."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.audit.services import verify
from anlaufstelle.cases import services as cases
from anlaufstelle.cases.models import Case, CaseDocument, Note
from anlaufstelle.payouts.models import BenefitDecision, Cheque, Payout
from anlaufstelle.people import namesearch
from anlaufstelle.people.models import Document, Person, PersonMerge, PersonNameKey
from anlaufstelle.privacy import retention
from anlaufstelle.privacy.models import Consent, LegalHold, RetentionRule
from tests.consents import consent

YEARS_AGO = timezone.now() - timedelta(days=6 * 366)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def long_ago(person: Person, when=YEARS_AGO) -> Person:
    """Registered and last seen `when` (auto_now would say today)."""
    Person.objects.filter(pk=person.pk).update(created_at=when, updated_at=when)
    person.refresh_from_db()
    return person


@pytest.fixture
def old(personas, agencies):
    person = Person.objects.create(
        family_name="Melnyk",
        given_names="Bohdan",
        birth_date=date(1970, 2, 3),
        phone="+49 341 555 0199",
        registered_by=agencies["reception"],
    )
    namesearch.refresh_keys(person)
    Document.objects.create(person=person, kind="duldung", number="D0000001")
    consent(person, agencies["jobcenter"])
    case, _new = cases.open_case(
        user=personas["jobcenter_officer"], person_id=person.pk, data={"title": "Alt"}
    )
    cases.add_note(user=personas["jobcenter_officer"], case_id=case.pk, category="benefits",
                   text="alte Notiz")  # fmt: skip
    cases.upload_document(
        user=personas["jobcenter_officer"], case_id=case.pk, upload=io.BytesIO(b"%PDF-1.4\n%%EOF"),
        size=15, title="Bescheid", category="benefits",
    )  # fmt: skip
    twin = Person.objects.create(family_name="Melnyk", given_names="Bohdan", merged_into=person)
    PersonMerge.objects.create(survivor=person, merged=twin, merged_by="rezeption")
    for model, stamp in ((Note, "created_at"), (CaseDocument, "uploaded_at")):
        model.objects.filter(case__person=person).update(**{stamp: YEARS_AGO})
    Case.objects.filter(person=person).update(opened_at=YEARS_AGO)
    return long_ago(person)


def test_a_dry_run_lists_what_is_due_and_changes_nothing(old, capsys):
    before = AuditEntry.objects.count()
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"person {old.pk}: everything" in out and "nothing changed" in out
    assert Person.objects.filter(pk=old.pk).exists() and AuditEntry.objects.count() == before


def test_an_erased_person_leaves_nothing_behind_and_the_trail_still_verifies(
    old, settings, django_capture_on_commit_callbacks
):
    ids = [old.pk, *Person.objects.filter(merged_into=old).values_list("pk", flat=True)]
    folder = settings.MEDIA_ROOT / "case-documents"
    assert len(list(folder.iterdir())) == 1
    # The file goes once the erasure has committed.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention", "--apply", stdout=io.StringIO())
    assert not Person.objects.filter(pk__in=ids).exists()
    assert not PersonNameKey.objects.filter(person_id__in=ids).exists()
    assert not PersonMerge.objects.exists() and not Consent.objects.exists()
    assert not Case.objects.exists() and not Note.objects.exists()
    assert not CaseDocument.objects.exists() and list(folder.iterdir()) == []
    found = namesearch.find(namesearch.text_query("Bohdan Melnyk"), limit=10)
    assert found.hits == []
    erased = AuditEntry.objects.filter(action="delete", person_ref=old.pk).latest("seq")
    assert erased.username == "retention" and erased.detail["retention"]["whole"] is True
    assert "Melnyk" not in str(erased.detail) and "alte Notiz" not in str(erased.detail)
    assert verify(checkpoint_files=[]).ok


def test_a_legal_hold_keeps_the_person(old, capsys):
    LegalHold.objects.create(person=old, reason="Klage vor dem Verwaltungsgericht")
    call_command("retention", "--apply")
    assert "(kept: legal hold)" in capsys.readouterr().out
    assert Person.objects.filter(pk=old.pk).exists() and Note.objects.exists()


def test_a_lifted_hold_keeps_nothing(old):
    LegalHold.objects.create(person=old, reason="x", lifted_at=timezone.now())
    call_command("retention", "--apply", stdout=io.StringIO())
    assert not Person.objects.filter(pk=old.pk).exists()


def test_someone_seen_recently_is_kept(old, personas):
    Person.objects.filter(pk=old.pk).update(updated_at=timezone.now())
    assert retention.due() == []


def test_only_the_shorter_period_of_health_notes_runs_out(personas, agencies):
    """Health data are kept 36 months, the registry 60: four years after the last contact the
    health note goes, the person and the benefits note stay."""
    four_years = timezone.now() - timedelta(days=4 * 366)
    person = Person.objects.create(
        family_name="Kravets", given_names="Iryna", registered_by=agencies["reception"]
    )
    case, _new = cases.open_case(
        user=personas["jobcenter_officer"], person_id=person.pk, data={"title": "A"}
    )
    officer = personas["jobcenter_officer"]
    cases.add_note(user=officer, case_id=case.pk, category="health", text="Diabetes")
    cases.add_note(user=officer, case_id=case.pk, category="benefits", text="Bescheid")
    Note.objects.filter(case=case).update(created_at=four_years)
    Case.objects.filter(pk=case.pk).update(opened_at=four_years)
    long_ago(person, four_years)
    [plan] = retention.due()
    assert not plan.whole and plan.categories == ["health"]
    retention.apply([plan])
    assert list(Note.objects.values_list("text", flat=True)) == ["Bescheid"]
    assert Person.objects.filter(pk=person.pk).exists()
    entry = AuditEntry.objects.filter(action="delete").latest("seq")
    assert entry.detail["retention"]["case_items"] == 1 and entry.categories == ["health"]


def test_the_command_needs_to_be_told_what_to_do():
    with pytest.raises(CommandError) as refused:
        call_command("retention")
    assert refused.value.returncode == 2


def test_a_person_seen_after_the_list_was_made_is_not_erased(old):
    plans = retention.due()
    assert [p.person_id for p in plans] == [old.pk]
    Person.objects.filter(pk=old.pk).update(updated_at=timezone.now())  # a desk meanwhile
    assert retention.apply(plans) == []
    assert Person.objects.filter(pk=old.pk).exists()


def test_payment_records_go_with_the_person_and_keep_them_while_not_due(old, personas, agencies):
    decision = BenefitDecision.objects.create(
        person=old, agency=agencies["jobcenter"], regime="sgb2", amount_per_month="563.00",
        period_from=date(2019, 1, 1), period_until=date(2019, 12, 31), reference="JC-1",
        decided_by=personas["jobcenter_officer"],
    )  # fmt: skip
    payout = Payout.objects.create(
        decision=decision, amount="563.00", period_from=date(2019, 1, 1),
        period_until=date(2019, 1, 31), method="cheque", status="released",
        created_by=personas["reception"], released_by=personas["jobcenter_officer"],
    )  # fmt: skip
    Cheque.objects.create(
        number=1, payout=payout, amount="563.00", issued_by=personas["jobcenter_officer"]
    )
    # The Jobcenter keeps benefits data longer than this person has been away: kept whole.
    rule = {"start": "last_contact", "citation": "§ 84 SGB X"}
    RetentionRule.objects.update_or_create(
        agency_kind="jobcenter", category="benefits", defaults={"months": 600, **rule}
    )
    plans = [p for p in retention.due() if p.person_id == old.pk]
    assert plans and not plans[0].whole
    retention.apply(plans)
    assert Person.objects.filter(pk=old.pk).exists() and Cheque.objects.exists()
    # Once it is due too, the person goes with the payment records and nothing stops the run.
    RetentionRule.objects.filter(agency_kind="jobcenter", category="benefits").update(months=12)
    long_ago(old)  # the partial erasure just now counts as no contact
    assert [p.whole for p in retention.due() if p.person_id == old.pk] == [True]
    retention.apply(retention.due())
    assert not Person.objects.filter(pk=old.pk).exists()
    assert not Cheque.objects.exists() and not Payout.objects.exists()
    assert not BenefitDecision.objects.exists()
