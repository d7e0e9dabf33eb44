"""Transfer files: the released transfers of an agency in one pain.001.001.09 file that
validates against the XSD in the repository and reads back; a bad account refuses the whole
file naming the payout; a payout is never in two files; reconciliation."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import xmlschema
from django.utils import timezone

from anlaufstelle.audit.models import Action
from anlaufstelle.payouts import sepa, services
from anlaufstelle.payouts.models import Payout, PayoutRun
from tests.payouts.conftest import cheque_data, decision_for, released, transfer_data
from tests.people.conftest import make_person
from tests.trail import person_trail


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


@pytest.fixture
def three(entering, releasing, payee, account):
    """Three released transfers of two people, and one cheque payout that stays out."""
    other = make_person(family_name="Melnyk", given_names="Ivan")
    first = decision_for(entering, payee)
    second = decision_for(entering, other, amount="449.00")
    return [
        released(entering, releasing, first, transfer_data("563.00")),
        released(entering, releasing, first, transfer_data("12.34")),
        released(
            entering,
            releasing,
            second,
            transfer_data("449.00", iban="AT611904300234573201", holder="Іван Мельник"),
        ),
        released(entering, releasing, first, cheque_data()),
    ]


def test_the_file_validates_against_the_xsd_and_reads_back(entering, three):
    run = services.build_run(user=entering, execution_date=tomorrow())

    xml = run.xml.encode()
    assert xmlschema.XMLSchema(str(sepa.XSD_PATH)).is_valid(run.xml)
    read = sepa.read_credit_transfer(xml)
    assert read.count == run.count == 3
    assert read.control_sum == run.control_sum == Decimal("1024.34")
    assert read.message_id == run.message_id
    assert read.debtor_iban == "DE89370400440532013000"
    assert sorted((t.end_to_end_id, t.amount, t.iban, t.name) for t in read.transfers) == sorted(
        [
            (f"ANL-{three[0].pk}", Decimal("563.00"), "DE02120300000000202051", "Olena Koval"),
            (f"ANL-{three[1].pk}", Decimal("12.34"), "DE02120300000000202051", "Olena Koval"),
            (f"ANL-{three[2].pk}", Decimal("449.00"), "AT611904300234573201", "Ivan Mel'nik"),
        ]
    )
    assert all(t.town == "Leipzig" and t.country == "DE" for t in read.transfers)
    assert all(
        t.purpose.startswith("SGB II (Jobcenter) 01.12.2026-31.12.2026") for t in read.transfers
    )

    statuses = dict(Payout.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in three] == ["exported", "exported", "exported", "released"]
    assert set(Payout.objects.filter(run=run).values_list("pk", flat=True)) == {
        p.pk for p in three[:3]
    }
    exports = person_trail().filter(action=Action.EXPORT)
    assert sorted(e.person_ref for e in exports) == sorted(
        {p.decision.person_id for p in three[:3]}
    )


def test_a_bad_iban_refuses_the_run_naming_the_payout_and_nothing_is_written(entering, three):
    # An account that passed when entered and fails now (a record from before a check, an
    # import): the file checks every account again.
    Payout.objects.filter(pk=three[1].pk).update(iban="DE02120300000000202052")
    before = list(Payout.objects.order_by("pk").values_list("pk", "status", "run", "version"))
    exports = person_trail().filter(action=Action.EXPORT).count()

    with pytest.raises(services.NotPossible) as refused:
        services.build_run(user=entering, execution_date=tomorrow())

    assert str(refused.value.message) == (
        "No file was made. Correct or cancel these payouts first: "
        f"A-{three[1].pk}: the IBAN is not valid"
    )
    assert not PayoutRun.objects.exists()
    assert (
        list(Payout.objects.order_by("pk").values_list("pk", "status", "run", "version")) == before
    )
    assert person_trail().filter(action=Action.EXPORT).count() == exports
    refusal = person_trail().filter(action=Action.REFUSED).last()
    assert refusal.detail["rule"] == f"bad accounts: A-{three[1].pk} iban_invalid"


def test_a_payout_is_never_in_two_files(entering, releasing, payee, three):
    first = services.build_run(user=entering, execution_date=tomorrow())
    with pytest.raises(services.NotPossible) as refused:
        services.build_run(user=releasing, execution_date=tomorrow())
    assert str(refused.value.message) == "There is no released transfer to pay."
    later = released(entering, releasing, three[0].decision, transfer_data("7.00"))
    second = services.build_run(user=releasing, execution_date=tomorrow())
    assert second.count == 1 and list(second.payouts.all()) == [later]
    assert first.payouts.count() == 3


def test_no_file_without_a_paying_account(entering, releasing, payee):
    decision = decision_for(entering, payee)
    released(entering, releasing, decision, transfer_data())
    with pytest.raises(services.NotPossible) as refused:
        services.build_run(user=entering, execution_date=tomorrow())
    assert "no paying account" in str(refused.value.message)
    assert not PayoutRun.objects.exists()


def test_marking_a_run_executed_pays_its_payouts_and_leaves_nothing_outstanding(
    entering, personas, three
):
    run = services.build_run(user=entering, execution_date=tomorrow())
    figures = {
        str(f.label): (f.count, f.amount)
        for f in services.reconciliation(user=entering).outstanding
    }
    assert figures["transfers in a file not yet executed"] == (3, Decimal("1024.34"))
    assert figures["released cheque payouts without a cheque"] == (1, Decimal("120.00"))

    assert services.mark_executed(user=entering, run_id=run.pk) is True
    assert services.mark_executed(user=entering, run_id=run.pk) is False  # once
    run.refresh_from_db()
    assert run.status == "executed" and run.executed_by == entering
    assert set(run.payouts.values_list("status", flat=True)) == {"executed"}

    coordinator = services.reconciliation(user=personas["coordinator"])
    figures = {str(f.label): (f.count, f.amount) for f in coordinator.outstanding}
    assert figures["transfers in a file not yet executed"] == (0, Decimal("0.00"))
    assert coordinator.open_payouts == []  # the coordinator's figures name no one
    assert [r.pk for r in coordinator.runs] == [run.pk]


def test_a_file_is_downloaded_as_stored_and_the_export_recorded(entering, three):
    run = services.build_run(user=entering, execution_date=tomorrow())
    again = services.run_file(user=entering, run_id=run.pk)
    assert again.xml == run.xml
    # Recorded as each person's export, with the file's name.
    downloads = [e for e in person_trail().filter(action=Action.EXPORT) if "download" in e.detail]
    assert {e.detail["download"] for e in downloads} == {run.filename}
    assert {e.person_ref for e in downloads} == set(
        run.payouts.values_list("decision__person_id", flat=True)
    )
    assert all("identity" in e.categories for e in downloads)


def test_the_remittance_line_is_in_german_whatever_the_officers_language(entering, three):
    from django.utils import translation

    payout = Payout.objects.select_related("decision").first()
    payout.decision.regime = "sgb12"
    with translation.override("ar"):
        shown = str(payout.decision.get_regime_display())
        line = services.remittance(payout.decision, payout)
    assert "الاجتماعية" in shown  # the officer's page names the regime in Arabic …
    assert line.startswith("SGB XII (Sozialamt) ")  # … the bank statement in German
    assert payout.period_from.strftime("%d.%m.%Y") in line
