"""The SEPA core: the file validates against the XSD kept in the repository, reads back to what
was meant, and a bad account refuses the whole file naming its line."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import xmlschema

from anlaufstelle.payouts import sepa

DEBTOR = sepa.Debtor(
    name="Stadt Leipzig Sozialamt",
    iban="DE89 3704 0044 0532 0130 00",
    bic="COBADEFFXXX",
    address=sepa.Address(
        street="Markt", building="1", postcode="04109", town="Leipzig", country="DE"
    ),
)
ON = datetime.date(2026, 12, 7)


def transfers():
    return [
        sepa.Transfer(
            ref="P-1",
            name="Олена Коваленко",
            iban="DE02120300000000202051",
            amount=Decimal("449.00"),
            purpose="SGB II 12/2026",
            end_to_end_id="ANL-P-1",
            address=sepa.Address(town="Leipzig", country="DE", postcode="04315"),
        ),
        sepa.Transfer(
            ref="P-2",
            name="Ivan Petrenko",
            iban="DE02 1001 0010 0006 8201 01",
            bic="PBNKDEFF",
            amount=Decimal("0.05"),
            purpose="AsylbLG 12/2026",
            end_to_end_id="ANL-P-2",
        ),
        sepa.Transfer(
            ref="P-3",
            name="Mariia Shevchenko",
            iban="AT611904300234573201",
            amount=Decimal("1234.56"),
            purpose="SGB XII 12/2026",
            end_to_end_id="ANL-P-3",
        ),
    ]


def test_the_schema_in_the_repository_is_pain_001_001_09():
    assert sepa.XSD_PATH.exists()
    head = sepa.XSD_PATH.read_text()[:400]
    assert 'targetNamespace="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"' in head


def test_the_file_validates_against_the_xsd_and_reads_back():
    made = sepa.build_credit_transfer(debtor=DEBTOR, transfers=transfers(), execution_date=ON)

    schema = xmlschema.XMLSchema(str(sepa.XSD_PATH))
    schema.validate(made.xml.decode())  # raises on any deviation
    assert schema.is_valid(made.xml.decode())

    read = sepa.read_credit_transfer(made.xml)
    assert read.count == 3 == made.count
    assert read.control_sum == Decimal("1683.61") == made.control_sum
    assert read.message_id == made.message_id
    assert read.debtor_iban == "DE89370400440532013000"
    assert [(t.name, t.iban, t.amount, t.end_to_end_id) for t in read.transfers] == [
        ("Olena Kovalenko", "DE02120300000000202051", Decimal("449.00"), "ANL-P-1"),
        ("Ivan Petrenko", "DE02100100100006820101", Decimal("0.05"), "ANL-P-2"),
        ("Mariia Shevchenko", "AT611904300234573201", Decimal("1234.56"), "ANL-P-3"),
    ]
    assert read.transfers[1].bic == "PBNKDEFF"
    # Structured address, as pain.001.001.09 wants it: town and country as their own elements.
    assert (read.transfers[0].town, read.transfers[0].country) == ("Leipzig", "DE")
    assert b"<ReqdExctnDt><Dt>2026-12-07</Dt></ReqdExctnDt>" in made.xml
    assert b"<TwnNm>Leipzig</TwnNm><Ctry>DE</Ctry>" in made.xml


def test_a_changed_file_no_longer_validates():
    """The validation is real: the same file with an unknown charge bearer is refused."""
    made = sepa.build_credit_transfer(debtor=DEBTOR, transfers=transfers(), execution_date=ON)
    broken = made.xml.replace(b"<ChrgBr>SLEV</ChrgBr>", b"<ChrgBr>ANY</ChrgBr>")
    assert not xmlschema.XMLSchema(str(sepa.XSD_PATH)).is_valid(broken.decode())


@pytest.mark.parametrize(
    "iban, bic, code",
    [
        ("DE02120300000000202052", "", sepa.IBAN_INVALID),  # checksum
        ("DE0212030000000020205", "", sepa.IBAN_INVALID),  # length
        ("UA213223130000026007233566001", "", sepa.IBAN_NOT_SEPA),
        ("DE02120300000000202051", "BYLADEM", sepa.BIC_INVALID),
        ("DE02120300000000202051", "BKAUATWW", sepa.BIC_COUNTRY),
    ],
)
def test_a_bad_account_refuses_the_file_naming_the_line(iban, bic, code):
    lines = transfers()
    lines.insert(
        1,
        sepa.Transfer(
            ref="P-9",
            name="Bad Account",
            iban=iban,
            bic=bic,
            amount=Decimal("10"),
            purpose="x",
            end_to_end_id="ANL-P-9",
        ),  # fmt: skip
    )
    with pytest.raises(sepa.BadTransfers) as refused:
        sepa.build_credit_transfer(debtor=DEBTOR, transfers=lines, execution_date=ON)
    assert refused.value.problems == [sepa.Problem("P-9", code)]


def test_every_bad_line_is_named():
    lines = [
        sepa.Transfer(
            ref=f"P-{n}",
            name="x",
            iban="DE00000000000000000000",
            amount=Decimal("1"),
            purpose="x",
            end_to_end_id=f"E{n}",
        )  # fmt: skip
        for n in (4, 5)
    ]
    with pytest.raises(sepa.BadTransfers) as refused:
        sepa.build_credit_transfer(debtor=DEBTOR, transfers=transfers() + lines, execution_date=ON)
    assert [p.ref for p in refused.value.problems] == ["P-4", "P-5"]


def test_ibans_and_bics_are_normalised():
    assert sepa.normalise_iban(" de89 3704 0044 0532 0130 00 ") == "DE89370400440532013000"
    assert sepa.normalise_bic("cobade ff xxx", iban="DE89370400440532013000") == "COBADEFFXXX"
    assert sepa.normalise_bic("") == ""
