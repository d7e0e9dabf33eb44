"""`anlaufstelle demo`: loading, --if-empty, and what it says."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.organisation.models import Agency, Desk, Service
from anlaufstelle.people.models import Person


@pytest.mark.django_db
def test_loads_a_small_centre_quickly(run_demo):
    started = time.monotonic()
    output = run_demo("--people", "40")
    assert time.monotonic() - started < 10
    assert "demo loaded" in output
    assert Person.objects.count() == 40
    assert Desk.objects.count() >= 30


def test_if_empty_leaves_a_loaded_database_unchanged(demo, run_demo):
    counts = _counts()
    output = run_demo("--if-empty", "--people", "10")
    assert "nothing loaded" in output
    assert _counts() == counts


@pytest.mark.django_db
def test_if_empty_leaves_a_database_with_an_agency_alone(agencies, run_demo):
    output = run_demo("--if-empty")
    assert "nothing loaded" in output
    assert Person.objects.count() == 0
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_if_empty_loads_into_an_empty_database(run_demo):
    output = run_demo("--if-empty", "--people", "5")
    assert "demo loaded" in output
    assert Person.objects.count() == 5


def test_a_second_load_without_if_empty_is_refused(demo, run_demo):
    counts = _counts()
    with pytest.raises(CommandError, match="already has agencies"):
        run_demo("--people", "5")
    assert _counts() == counts


def test_one_audit_entry_per_person_created(demo):
    entries = AuditEntry.objects.filter(action="create", purpose="demo").exclude(
        detail__has_key="case"
    )
    assert entries.count() == 40
    assert set(entries.values_list("username", flat=True)) == {"system"}
    assert set(entries.values_list("person_ref", flat=True)) == set(
        Person.objects.values_list("pk", flat=True)
    )


def test_print_logins_names_every_login_and_loads_nothing(demo, run_demo):
    counts = _counts()
    output = run_demo("--print-logins", "--url", "http://demo.example:8080/")
    assert _counts() == counts
    assert "http://demo.example:8080/login/" in output
    assert "http://demo.example:8080/admin/" in output
    for username in ("rezeption", "abh", "jobcenter", "sozialamt", "koordination", "admin"):
        assert f"  {username} " in output
    assert "abh.2" in output  # the further desk officers


@pytest.mark.django_db
def test_print_logins_on_an_empty_database_says_so(run_demo):
    assert "No demo logins" in run_demo("--print-logins")


def _counts() -> tuple[int, ...]:
    return (
        Agency.objects.count(),
        Service.objects.count(),
        Desk.objects.count(),
        Person.objects.count(),
        get_user_model().objects.count(),
        AuditEntry.objects.count(),
    )


def test_some_visitors_have_a_case_with_a_task_and_a_note_each_audited(demo):
    from anlaufstelle.cases.models import Case, Note, Task

    cases = Case.objects.all()
    assert 1 <= cases.count() < 40
    for case in cases:
        assert case.lead.code in ("jobcenter", "sozialamt")
        assert Task.objects.filter(case=case, agency=case.lead).count() == 1
        assert Note.objects.filter(case=case, agency=case.lead, category="benefits").exists()
    recorded = AuditEntry.objects.filter(action="create", purpose="demo", detail__has_key="case")
    assert sorted(recorded.values_list("detail__case", flat=True)) == sorted(
        cases.values_list("pk", flat=True)
    )
