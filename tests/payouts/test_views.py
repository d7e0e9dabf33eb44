"""The payout pages as the desks use them: bad input gets a clear message and changes nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import xmlschema
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.eligibility.models import RecordedFacts
from anlaufstelle.payouts import sepa
from anlaufstelle.payouts.models import BenefitDecision, Cheque, Payout, PayoutRun
from anlaufstelle.people.models import Document
from tests.payouts.conftest import cheque_data, decision_for, released, transfer_data


@pytest.fixture
def as_user():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def test_a_decision_is_recorded_from_the_persons_page(as_user, entering, payee):
    client = as_user(entering)
    page = client.get(reverse("payouts:person", kwargs={"person_id": payee.pk}))
    assert page.status_code == 200
    assert "No benefit decision is recorded." in page.content.decode()

    form = client.get(reverse("payouts:decision_add", kwargs={"person_id": payee.pk}))
    key = form.context["form"]["submission"].initial
    data = {
        "submission": key,
        "regime": "sgb2",
        "amount_per_month": "563.00",
        "period_from": "2026-12-01",
        "period_until": "2027-05-31",
    }
    url = reverse("payouts:decision_add", kwargs={"person_id": payee.pk})
    done = client.post(url, data, follow=True)
    assert "The benefit decision has been recorded." in done.content.decode()
    again = client.post(url, data, follow=True)  # the same form sent twice
    assert "the decision was recorded once" in again.content.decode()
    assert BenefitDecision.objects.count() == 1
    assert "SGB II (Jobcenter)" in done.content.decode()


def test_a_decision_ending_before_it_begins_is_refused(as_user, entering, payee):
    client = as_user(entering)
    url = reverse("payouts:decision_add", kwargs={"person_id": payee.pk})
    data = {
        "regime": "sgb2",
        "amount_per_month": "563.00",
        "period_from": "2026-12-01",
        "period_until": "2026-11-30",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "The period cannot end before it begins." in response.content.decode()
    assert not BenefitDecision.objects.exists()


def test_a_bad_iban_is_named_at_its_field_and_nothing_is_written(as_user, entering, payee):
    decision = decision_for(entering, payee)
    client = as_user(entering)
    url = reverse("payouts:payout_add", kwargs={"decision_id": decision.pk})
    data = {
        **{k: str(v) for k, v in transfer_data(iban="DE02120300000000202052").items()},
        "period_from": "2026-12-01",
        "period_until": "2026-12-31",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "the IBAN is not valid" in response.content.decode()
    assert not Payout.objects.exists()


@pytest.mark.parametrize(("typed", "saved"), [("D1", None), ("XX", None), ("de", "DE")])
def test_the_holders_country_is_a_real_two_letter_code(as_user, entering, payee, typed, saved):
    # A code the bank's schema takes no file with is refused at the form, not when the file is
    # made; small letters are the same country.
    decision = decision_for(entering, payee)
    url = reverse("payouts:payout_add", kwargs={"decision_id": decision.pk})
    data = {k: str(v) for k, v in transfer_data(holder_country=typed).items()}
    data.update(period_from="2026-12-01", period_until="2026-12-31")
    response = as_user(entering).post(url, data)
    if saved is None:
        assert response.status_code == 400
        assert "two-letter code in capitals" in response.content.decode()
        assert not Payout.objects.exists()
    else:
        assert response.status_code == 302
        assert Payout.objects.get().holder_country == saved


def test_released_by_a_second_person_exported_and_executed(
    as_user, entering, releasing, payee, account
):
    decision = decision_for(entering, payee)
    client = as_user(entering)
    url = reverse("payouts:payout_add", kwargs={"decision_id": decision.pk})
    data = {k: str(v) for k, v in transfer_data().items()}
    data.update(period_from="2026-12-01", period_until="2026-12-31")
    assert client.post(url, data).status_code == 302
    payout = Payout.objects.get()

    own = client.get(reverse("payouts:queue")).content.decode()
    assert "entered by you" in own
    refused = client.post(
        reverse("payouts:release", kwargs={"payout_id": payout.pk}),
        {"version": payout.version},
        follow=True,
    )
    assert "a second person must release it" in refused.content.decode()

    second = as_user(releasing)
    done = second.post(
        reverse("payouts:release", kwargs={"payout_id": payout.pk}),
        {"version": payout.version},
        follow=True,
    )
    assert "The payout is released." in done.content.decode()

    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    made = client.post(reverse("payouts:run_new"), {"execution_date": day}, follow=True)
    assert "with 1 transfers, 563.00 EUR" in made.content.decode()
    run = PayoutRun.objects.get()
    download = client.get(reverse("payouts:run_file", kwargs={"run_id": run.pk}))
    assert download["Content-Disposition"] == f'attachment; filename="{run.filename}"'
    assert xmlschema.XMLSchema(str(sepa.XSD_PATH)).is_valid(download.content.decode())
    assert sepa.read_credit_transfer(download.content).control_sum == Decimal("563.00")

    client.post(reverse("payouts:run_executed", kwargs={"run_id": run.pk}))
    payout.refresh_from_db()
    assert payout.status == Payout.Status.EXECUTED


def test_the_coordinator_sees_figures_naming_no_one(as_user, entering, releasing, payee, personas):
    decision = decision_for(entering, payee)
    released(entering, releasing, decision, transfer_data())
    page = as_user(personas["coordinator"]).get(reverse("payouts:runs")).content.decode()
    assert "released transfers in no file yet" in page
    assert "Koval" not in page and "Make the transfer file" not in page


def test_cheques_issued_handed_over_and_the_day_balances(as_user, entering, releasing, payee):
    decision = decision_for(entering, payee)
    payouts = [released(entering, releasing, decision, cheque_data()) for _ in range(2)]
    client = as_user(entering)
    log = client.get(reverse("payouts:cheques")).content.decode()
    for payout in payouts:  # each has its button to issue a cheque
        assert log.count(f'action="/payouts/{payout.pk}/cheque/"') == 1
    for payout in payouts:
        page = client.get(reverse("payouts:cheques"))
        key = page.content.decode().split('name="submission" value="')[1].split('"')[0]
        client.post(
            reverse("payouts:cheque_issue", kwargs={"payout_id": payout.pk}),
            {"submission": key, "payout": payout.pk},
        )
    assert list(Cheque.objects.values_list("number", flat=True)) == [1, 2]
    first = Cheque.objects.get(number=1)
    empty = client.post(
        reverse("payouts:cheque_hand_over", kwargs={"cheque_id": first.pk}),
        {"confirmation": ""},
        follow=True,
    )
    assert "nothing was changed" in empty.content.decode()
    client.post(
        reverse("payouts:cheque_hand_over", kwargs={"cheque_id": first.pk}),
        {"confirmation": "signed the list"},
    )
    first.refresh_from_db()
    assert first.status == Cheque.Status.HANDED_OVER
    day = client.get(reverse("payouts:cheque_day")).content.decode()
    assert "Balanced: issued = handed over + cancelled + still open" in day
    assert "000001" in day and "000002" in day and "signed the list" in day


def test_another_agencys_desk_is_refused(as_user, personas, payee):
    client = as_user(personas["foreigners_officer"])
    assert client.get(reverse("payouts:person", kwargs={"person_id": payee.pk})).status_code == 403
    assert client.get(reverse("payouts:runs")).status_code == 403


def test_the_decision_form_offers_the_regime_the_rules_evaluate(as_user, entering, payee):
    """Temporary protection since 2022, fingerprinted, able to work: SGB II by the rules in
    force; the form offers it, and the decision keeps it beside the officer's choice."""
    Document.objects.create(
        person=payee, kind="residence_permit", number="P-1", issued_on=date(2022, 4, 1),
        valid_until=date(2027, 3, 4), legal_basis="§ 24 AufenthG",
    )  # fmt: skip
    RecordedFacts.objects.create(person=payee, fingerprinted_on=date(2022, 4, 1), able_to_work=True)
    url = reverse("payouts:decision_add", kwargs={"person_id": payee.pk})
    client = as_user(entering)
    form = client.get(url)
    assert "By the rules in force: SGB II (Jobcenter)" in form.content.decode()
    assert form.context["form"]["regime"].initial == "sgb2"
    client.post(
        url,
        {
            "regime": "sgb2", "amount_per_month": "563.00", "period_from": "2026-12-01",
            "period_until": "2027-05-31",
        },
    )  # fmt: skip
    assert BenefitDecision.objects.get().regime_by_rules == "sgb2"
