"""Two desks making a transfer file at the same moment (on PostgreSQL truly at once, in two
threads with their own connections; on SQLite one after the other): every released transfer
is in exactly one file, and each file holds what its rows say."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from anlaufstelle.payouts import sepa, services
from anlaufstelle.payouts.models import Payout, PayoutRun
from tests.at_once import at_once
from tests.payouts.conftest import decision_for, released, transfer_data


def test_two_files_made_at_once_never_share_a_payout(
    committed_db, entering, releasing, payee, account
):
    decision = decision_for(entering, payee)
    payouts = [
        released(entering, releasing, decision, transfer_data(f"{10 + n}.00")) for n in range(40)
    ]
    day = timezone.localdate() + timedelta(days=1)

    def make(user):
        def call():
            try:
                return services.build_run(user=user, execution_date=day)
            except services.NotPossible:
                return None  # the other desk took every payout

        return call

    runs = [r for r in at_once(make(entering), make(releasing)) if r is not None]

    assert runs, "at least one file was made"
    in_files = [
        t.end_to_end_id
        for run in runs
        for t in sepa.read_credit_transfer(run.xml.encode()).transfers
    ]
    assert sorted(in_files) == sorted(f"ANL-{p.pk}" for p in payouts)  # each once, none twice
    assert sum(r.count for r in runs) == 40
    for run in PayoutRun.objects.all():
        assert run.payouts.count() == run.count
    assert not Payout.objects.filter(status="released").exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks held by another connection: PostgreSQL"
)
def test_a_file_skips_the_payouts_another_desk_is_collecting(
    committed_db, entering, releasing, payee, account
):
    """While one desk holds the locks of some payouts (collecting them into its file), another
    desk's file takes the rest at once, without waiting and without taking the locked ones."""
    decision = decision_for(entering, payee)
    payouts = [
        released(entering, releasing, decision, transfer_data(f"{10 + n}.00")) for n in range(6)
    ]
    locked = {p.pk for p in payouts[:3]}
    day = timezone.localdate() + timedelta(days=1)
    holding = threading.Event()
    done = threading.Event()

    def hold_locks():
        try:
            with transaction.atomic():
                list(Payout.objects.select_for_update().filter(pk__in=locked))
                holding.set()
                done.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_locks)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        run = services.build_run(user=releasing, execution_date=day)
    finally:
        done.set()
        holder.join()
    assert set(run.payouts.values_list("pk", flat=True)) == {p.pk for p in payouts[3:]}
    later = services.build_run(user=entering, execution_date=day)
    assert set(later.payouts.values_list("pk", flat=True)) == locked
