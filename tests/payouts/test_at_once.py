"""Two desks making a transfer file at the same moment (on PostgreSQL truly at once, in two
threads with their own connections; on SQLite one after the other): every released transfer
is in exactly one file, and each file holds what its rows say."""

from datetime import timedelta

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
