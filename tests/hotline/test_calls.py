"""The call log: a call logged once however often its form is sent, bad input named and
nothing saved, call backs with their number deleted when done, a person linked only where
the access decision allows (and recorded), and a task in the person's case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.cases import services as case_services
from anlaufstelle.cases.models import Task
from anlaufstelle.hotline.models import Call
from anlaufstelle.privacy.models import LegalBasis
from tests.people.conftest import make_person

URL = reverse("hotline:calls")


def _form(line, **changes):
    data = {
        "line": str(line.pk),
        "started_at": (timezone.localtime() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"),
        "minutes": "7",
        "language": "uk",
        "topic": "benefits",
        "outcome": "answered",
        "follow_up": "",
        "note": "Frage zur Auszahlung",
    }
    return {**data, **changes}


def test_a_call_is_logged_once_and_listed_today(client_for, line):
    client = client_for("reception")
    key = str(client.get(URL).context["form"]["submission"].value())
    assert client.post(URL, _form(line, submission=key)).status_code == 302
    again = client.post(URL, _form(line, submission=key), follow=True)
    assert "the call was logged once" in again.content.decode()
    (call,) = Call.objects.all()
    assert (call.language, call.topic, call.minutes, call.person_id) == ("uk", "benefits", 7, None)
    page = client.get(URL).content.decode()
    assert "benefits and money" in page and "Ukrainian" in page
    # A call names nobody: logging it read or wrote no person's data.
    assert not AuditEntry.objects.filter(person_ref__isnull=False).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"minutes": "500"}, "minutes", "Enter at most 240 minutes."),
        ({"minutes": "-1"}, "minutes", "greater than or equal to 0"),
        ({"topic": "weather"}, "topic", "Select a valid choice."),
        ({"language": "xx"}, "language", "Select a valid choice."),
        ({"started_at": "2999-01-01T10:00"}, "started_at", "A call cannot begin in the future."),
        ({"follow_up": "callback"}, "callback_number", "A call back needs the number to call."),
        ({"follow_up": "appointment", "booking_code": "ZZZZ-ZZZZ"}, "booking_code", "no booking"),
        ({"outcome": "follow_up"}, "follow_up", "Say which follow-up the call needs."),
        ({"callback_number": "0341 1234"}, "follow_up", "only kept for a call back"),
    ],
)
def test_bad_input_is_named_and_nothing_saved(client_for, line, changes, field, message):
    response = client_for("reception").post(URL, _form(line, **changes))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert not Call.objects.exists()
    assert 'value="Frage zur Auszahlung"' in response.content.decode() or (
        "Frage zur Auszahlung" in response.content.decode()
    )  # the typing is kept


def test_a_call_back_is_listed_until_done_and_its_number_deleted(client_for, line):
    client = client_for("reception")
    due = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        URL,
        _form(
            line,
            outcome="follow_up",
            follow_up="callback",
            callback_number="+49 341 555 0101",
            callback_due=due,
        ),
    )
    call = Call.objects.get()
    page = client.get(URL).content.decode()
    assert "Call backs due" in page and "+49 341 555 0101" in page
    done = reverse("hotline:callback_done", kwargs={"call_id": call.pk})
    response = client.post(done, follow=True)
    assert "its number has been deleted" in response.content.decode()
    call.refresh_from_db()
    assert call.callback_number == "" and call.follow_up_done_at is not None
    assert "+49 341 555 0101" not in client.get(URL).content.decode()
    again = client.post(done, follow=True)
    assert "had been done already" in again.content.decode()


def _call(line, personas, **fields):
    return Call.objects.create(
        line=line, minutes=5, language="ru", topic="residence", outcome="follow_up",
        follow_up="task", taken_by=personas["jobcenter_officer"], **fields,
    )  # fmt: skip


def test_linking_a_person_is_decided_and_recorded(client_for, personas, line):
    person = make_person(family_name="Koval", given_names="Olena")
    call = _call(line, personas)
    client = client_for("jobcenter_officer")
    url = reverse("hotline:link", kwargs={"call_id": call.pk})
    response = client.post(url, {"person": str(person.pk)}, follow=True)
    assert "The call is linked to the person" in response.content.decode()
    call.refresh_from_db()
    assert call.person_id == person.pk
    entry = AuditEntry.objects.filter(person_ref=person.pk, action="update").latest("seq")
    assert entry.detail == {"hotline call": call.pk, "linked": True}
    # Reading the call's page again reads whom it concerns: recorded too.
    client.get(reverse("hotline:call", kwargs={"call_id": call.pk}))
    assert AuditEntry.objects.filter(person_ref=person.pk, action="read").exists()


def test_a_person_the_decision_withholds_cannot_be_linked(client_for, personas, line):
    hidden = make_person(family_name="Melnyk", given_names="Ivan", consented=False)
    # Without the centre's basis for identity data, only a consent would open the record.
    LegalBasis.objects.filter(code="centre-identity").delete()
    call = _call(line, personas)
    url = reverse("hotline:link", kwargs={"call_id": call.pk})
    response = client_for("jobcenter_officer").post(url, {"person": str(hidden.pk)})
    assert response.status_code == 403
    call.refresh_from_db()
    assert call.person_id is None
    refusal = AuditEntry.objects.get(person_ref=hidden.pk, action="refused")
    assert refusal.detail["access"]["identity"]["refused"]  # with its reason


def test_an_unknown_record_number_is_named(client_for, personas, line):
    call = _call(line, personas)
    url = reverse("hotline:link", kwargs={"call_id": call.pk})
    response = client_for("jobcenter_officer").post(url, {"person": "999999"})
    assert response.status_code == 400
    assert "There is no record with this number." in response.content.decode()


def test_the_follow_up_becomes_a_task_in_the_persons_case(client_for, personas, line, agencies):
    person = make_person(family_name="Koval", given_names="Olena")
    officer = personas["jobcenter_officer"]
    case, _new = case_services.open_case(
        user=officer, person_id=person.pk, data={"title": "SGB II"}
    )
    call = _call(line, personas, person=person)
    client = client_for("jobcenter_officer")
    page = client.get(reverse("hotline:call", kwargs={"call_id": call.pk})).content.decode()
    assert "SGB II" in page  # the case to choose
    url = reverse("hotline:task", kwargs={"call_id": call.pk})
    response = client.post(url, {"case": str(case.pk), "title": "Rückruf Bescheid"}, follow=True)
    assert "The task has been added to the case." in response.content.decode()
    task = Task.objects.get(title="Rückruf Bescheid")
    assert (task.case_id, task.agency_id) == (case.pk, agencies["jobcenter"].pk)
    call.refresh_from_db()
    assert call.task_id == task.pk


def test_a_task_needs_a_case_of_the_person(client_for, personas, line):
    person = make_person(family_name="Koval", given_names="Olena")
    call = _call(line, personas, person=person)
    url = reverse("hotline:task", kwargs={"call_id": call.pk})
    response = client_for("jobcenter_officer").post(url, {"case": "12345", "title": "X"})
    assert response.status_code == 400
    assert not Task.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "data_protection", "outsider"])
def test_only_call_takers_log_calls(client_for, line, persona):
    assert client_for(persona).post(URL, _form(line)).status_code == 403
    assert not Call.objects.exists()


def test_a_refused_task_reads_whom_the_call_concerns_once(client_for, personas, line):
    person = make_person(family_name="Koval", given_names="Olena")
    call = _call(line, personas, person=person)
    url = reverse("hotline:task", kwargs={"call_id": call.pk})
    before = AuditEntry.objects.filter(person_ref=person.pk, action="read").count()
    client_for("jobcenter_officer").post(url, {"case": "12345", "title": "X"})
    reads = AuditEntry.objects.filter(person_ref=person.pk, action="read").count() - before
    assert reads == 1
