"""The cheque log: numbers without gaps, handed over with a confirmation, cashed or cancelled,
and a day's list that balances: issued = handed over + cancelled + still open."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from anlaufstelle.payouts import services
from anlaufstelle.payouts.models import Cheque, ChequeCounter, Payout
from tests.payouts.conftest import cheque_data, decision_for, released, transfer_data
from tests.people.conftest import make_person


@pytest.fixture
def payouts(entering, releasing, payee):
    decision = decision_for(entering, payee)
    return [released(entering, releasing, decision, cheque_data(f"{100 + n}.00")) for n in range(5)]


def test_cheque_numbers_run_without_gaps_even_past_a_refusal(entering, releasing, payouts, payee):
    first = services.issue_cheque(user=entering, payout_id=payouts[0].pk)[0]
    # A refused issue (a transfer payout, not a cheque one) takes no number.
    transfer = released(entering, releasing, payouts[0].decision, transfer_data())
    with pytest.raises(services.NotPossible):
        services.issue_cheque(user=entering, payout_id=transfer.pk)
    # Nor does a second cheque for a payout that has one.
    with pytest.raises(services.NotPossible):
        services.issue_cheque(user=entering, payout_id=payouts[0].pk)
    rest = [services.issue_cheque(user=entering, payout_id=p.pk)[0] for p in payouts[1:]]
    numbers = [first.number] + [c.number for c in rest]
    assert numbers == list(range(1, 6))
    assert ChequeCounter.objects.get().last == 5


def test_the_same_form_sent_twice_issues_one_cheque(entering, payouts):
    from uuid import uuid4

    key = uuid4()
    one, new = services.issue_cheque(user=entering, payout_id=payouts[0].pk, submission=key)
    two, again = services.issue_cheque(user=entering, payout_id=payouts[0].pk, submission=key)
    assert new and not again and one == two
    assert Cheque.objects.count() == 1


def test_handing_over_needs_a_confirmation_and_cashing_pays_the_payout(entering, payouts):
    cheque = services.issue_cheque(user=entering, payout_id=payouts[0].pk)[0]
    with pytest.raises(ValidationError):
        services.hand_over(user=entering, cheque_id=cheque.pk, confirmation="  ")
    cheque.refresh_from_db()
    assert cheque.status == Cheque.Status.ISSUED

    services.hand_over(user=entering, cheque_id=cheque.pk, confirmation="signed the list")
    payouts[0].refresh_from_db()
    assert payouts[0].status == Payout.Status.EXPORTED
    with pytest.raises(services.NotPossible):  # not twice
        services.hand_over(user=entering, cheque_id=cheque.pk, confirmation="again")

    services.mark_cashed(user=entering, cheque_id=cheque.pk)
    cheque.refresh_from_db()
    payouts[0].refresh_from_db()
    assert cheque.status == Cheque.Status.CASHED and payouts[0].status == Payout.Status.EXECUTED
    with pytest.raises(services.NotPossible):  # a cashed cheque is not cancelled
        services.cancel_cheque(user=entering, cheque_id=cheque.pk, reason="x")


def test_a_cancelled_cheque_keeps_its_number_and_the_payout_gets_a_new_one(entering, payouts):
    spoilt = services.issue_cheque(user=entering, payout_id=payouts[0].pk)[0]
    services.cancel_cheque(user=entering, cheque_id=spoilt.pk, reason="printed wrongly")
    fresh = services.issue_cheque(user=entering, payout_id=payouts[0].pk)[0]
    assert (spoilt.number, fresh.number) == (1, 2)
    spoilt.refresh_from_db()
    assert spoilt.status == Cheque.Status.CANCELLED and spoilt.cancel_reason == "printed wrongly"


def test_the_days_list_balances(entering, payouts):
    cheques = [services.issue_cheque(user=entering, payout_id=p.pk)[0] for p in payouts]
    services.hand_over(user=entering, cheque_id=cheques[0].pk, confirmation="signed")
    services.hand_over(user=entering, cheque_id=cheques[1].pk, confirmation="signed")
    services.mark_cashed(user=entering, cheque_id=cheques[1].pk)
    services.cancel_cheque(user=entering, cheque_id=cheques[2].pk, reason="spoilt")

    day = services.day_list(user=entering, day=timezone.localdate())
    assert [c.number for c in day.cheques] == [1, 2, 3, 4, 5]
    assert (day.issued.count, day.issued.amount) == (5, Decimal("510.00"))
    assert (day.handed_over.count, day.handed_over.amount) == (2, Decimal("201.00"))
    assert (day.cancelled.count, day.cancelled.amount) == (1, Decimal("102.00"))
    assert (day.still_open.count, day.still_open.amount) == (2, Decimal("207.00"))
    assert day.balances
    assert (day.first, day.last) == (1, 5)


def test_a_day_list_with_a_number_missing_does_not_balance(entering, payouts):
    cheques = [services.issue_cheque(user=entering, payout_id=p.pk)[0] for p in payouts[:3]]
    day = services.day_list(user=entering, day=timezone.localdate())
    assert day.balances
    # A cheque removed behind the service's back: the list shows the gap.
    day.cheques.remove(cheques[1])
    day.first, day.last = 1, 3
    day.issued = services.Figure("issued", 2, cheques[0].amount + cheques[2].amount)
    day.still_open = services.Figure("open", 2, cheques[0].amount + cheques[2].amount)
    assert not day.balances


def test_another_agencys_cheque_is_listed_without_its_free_text(entering, agencies, client_for):
    from django.urls import reverse

    from anlaufstelle.core.roles import Role
    from anlaufstelle.organisation.models import Agency
    from tests.conftest import _staff

    county = Agency.objects.create(
        code="jc-kreis", name="Jobcenter Landkreis", kind="jobcenter", controller_name="Kreis"
    )
    first = _staff("jc.kreis", county, [Role.DESK_OFFICER])
    second = _staff("jc.kreis2", county, [Role.DESK_OFFICER])
    person = make_person(family_name="Melnyk", given_names="Ivan")
    payout = released(first, second, decision_for(first, person), cheque_data())
    cheque, _new = services.issue_cheque(user=first, payout_id=payout.pk)
    services.hand_over(user=first, cheque_id=cheque.pk, confirmation="Ausweis FX4711 gezeigt")
    theirs = Client()
    theirs.force_login(first)
    assert "Ausweis FX4711 gezeigt" in theirs.get(reverse("payouts:cheques")).content.decode()
    ours = client_for("jobcenter_officer").get(reverse("payouts:cheques")).content.decode()
    assert str(cheque) in ours and "Jobcenter Landkreis" in ours
    assert "Ausweis FX4711 gezeigt" not in ours
