"""SEPA credit-transfer files (pain.001.001.09) and the checks of the accounts in them.

Django-free: the web layer turns payouts into `Transfer`s and translates the problem codes. The
file is built by `sepaxml`, which validates it against its copy of the XSD on export; the tests
validate it again against the copy kept in this repository (schemas/), so an update of the
library that changed its output would be noticed.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaTransfer

# German banks take pain.001.001.09 since November 2025 (DK-Spezifikation 3.7 onwards); it
# wants structured addresses (town and country at least) where an address is given.
SCHEMA = "pain.001.001.09"
NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:" + SCHEMA
XSD_PATH = Path(__file__).parent / "schemas" / (SCHEMA + ".xsd")

# The codes of what can be wrong with an account; the web layer says them in words.
IBAN_INVALID = "iban_invalid"
IBAN_NOT_SEPA = "iban_not_sepa"
BIC_INVALID = "bic_invalid"
BIC_COUNTRY = "bic_country"
NAME_MISSING = "name_missing"
AMOUNT_NOT_POSITIVE = "amount_not_positive"


@dataclass(frozen=True)
class Address:
    """A structured postal address: town and two-letter country are what pain.001.001.09 needs."""

    town: str
    country: str
    street: str = ""
    building: str = ""
    postcode: str = ""

    def as_sepaxml(self) -> dict[str, str]:
        fields = {
            "street_name": self.street,
            "building_number": self.building,
            "postcode": self.postcode,
            "town": self.town,
            "country": self.country.upper(),
        }
        return {k: v for k, v in fields.items() if v}


@dataclass(frozen=True)
class Debtor:
    """The account the centre pays from."""

    name: str
    iban: str
    bic: str
    address: Address


@dataclass(frozen=True)
class Transfer:
    """One line of the file. `ref` names the line to people (the payout's number)."""

    ref: str
    name: str
    iban: str
    amount: Decimal
    purpose: str
    end_to_end_id: str
    bic: str = ""
    address: Address | None = None


@dataclass(frozen=True)
class Problem:
    ref: str
    code: str


class BadTransfers(ValueError):
    """Some lines cannot go into a file; nothing was built."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(", ".join(f"{p.ref}: {p.code}" for p in problems))


@dataclass(frozen=True)
class SepaFile:
    xml: bytes
    message_id: str
    count: int
    control_sum: Decimal


def normalise_iban(value: str) -> str:
    """The IBAN in its compact form, or ValueError (IBAN_INVALID / IBAN_NOT_SEPA)."""
    try:
        iban = IBAN(value)
    except SchwiftyException as exc:
        raise ValueError(IBAN_INVALID) from exc
    if not iban.in_sepa_zone:
        raise ValueError(IBAN_NOT_SEPA)
    return str(iban.compact)


def normalise_bic(value: str, *, iban: str = "") -> str:
    """The BIC in compact form ('' stays ''), or ValueError (BIC_INVALID / BIC_COUNTRY)."""
    value = value.strip().replace(" ", "").upper()
    if not value:
        return ""
    try:
        bic = BIC(value)
    except SchwiftyException as exc:
        raise ValueError(BIC_INVALID) from exc
    # A BIC of another country than the IBAN's is a typing mistake, never a real account.
    if iban and bic.country_code != iban[:2]:
        raise ValueError(BIC_COUNTRY)
    return str(bic.compact)


def check_transfer(transfer: Transfer) -> list[Problem]:
    problems: list[Problem] = []
    iban = ""
    try:
        iban = normalise_iban(transfer.iban)
    except ValueError as exc:
        problems.append(Problem(transfer.ref, str(exc)))
    try:
        normalise_bic(transfer.bic, iban=iban)
    except ValueError as exc:
        problems.append(Problem(transfer.ref, str(exc)))
    if not transfer.name.strip():
        problems.append(Problem(transfer.ref, NAME_MISSING))
    if transfer.amount <= 0:
        problems.append(Problem(transfer.ref, AMOUNT_NOT_POSITIVE))
    return problems


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_exact())


def build_credit_transfer(
    *, debtor: Debtor, transfers: list[Transfer], execution_date: datetime.date
) -> SepaFile:
    """Build one file with every transfer, or raise BadTransfers naming every bad line."""
    problems = [p for t in transfers for p in check_transfer(t)]
    try:
        normalise_iban(debtor.iban)
        normalise_bic(debtor.bic)
    except ValueError as exc:
        problems.append(Problem("debtor", str(exc)))
    if problems:
        raise BadTransfers(problems)
    if not transfers:
        raise ValueError("no transfers")
    config = {
        "name": debtor.name,
        "IBAN": normalise_iban(debtor.iban),
        "BIC": normalise_bic(debtor.bic),
        "batch": True,
        "currency": "EUR",
        "address": debtor.address.as_sepaxml(),
    }
    sepa = SepaTransfer(config, schema=SCHEMA, clean=True)
    for t in transfers:
        iban = normalise_iban(t.iban)
        payment: dict[str, object] = {
            "name": t.name,
            "IBAN": iban,
            "amount": _cents(t.amount),
            "execution_date": execution_date,
            "description": t.purpose,
            "endtoend_id": t.end_to_end_id,
        }
        bic = normalise_bic(t.bic, iban=iban)
        if bic:
            payment["BIC"] = bic
        if t.address is not None:
            payment["address"] = t.address.as_sepaxml()
        sepa.add_payment(payment)
    xml = sepa.export(validate=True)
    return SepaFile(
        xml=xml,
        message_id=sepa.msg_id,
        count=len(transfers),
        control_sum=sum((t.amount for t in transfers), Decimal("0")),
    )


@dataclass(frozen=True)
class ReadTransfer:
    name: str
    iban: str
    bic: str
    amount: Decimal
    end_to_end_id: str
    purpose: str
    town: str
    country: str


@dataclass(frozen=True)
class ReadFile:
    message_id: str
    count: int
    control_sum: Decimal
    debtor_iban: str
    transfers: list[ReadTransfer]


def read_credit_transfer(xml: bytes) -> ReadFile:
    """Read back what a pain.001.001.09 file says: the proof that a file says what was meant."""
    ns = {"p": NAMESPACE}
    root = ET.fromstring(xml)

    def text(node: ET.Element, path: str) -> str:
        found = node.find(path, ns)
        return (found.text or "") if found is not None else ""

    header = "p:CstmrCdtTrfInitn/p:GrpHdr/"
    transfers = [
        ReadTransfer(
            name=text(tx, "p:Cdtr/p:Nm"),
            iban=text(tx, "p:CdtrAcct/p:Id/p:IBAN"),
            bic=text(tx, "p:CdtrAgt/p:FinInstnId/p:BICFI"),
            amount=Decimal(text(tx, "p:Amt/p:InstdAmt")),
            end_to_end_id=text(tx, "p:PmtId/p:EndToEndId"),
            purpose=text(tx, "p:RmtInf/p:Ustrd"),
            town=text(tx, "p:Cdtr/p:PstlAdr/p:TwnNm"),
            country=text(tx, "p:Cdtr/p:PstlAdr/p:Ctry"),
        )
        for tx in root.iterfind("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", ns)
    ]
    return ReadFile(
        message_id=text(root, header + "p:MsgId"),
        count=int(text(root, header + "p:NbOfTxs")),
        control_sum=Decimal(text(root, header + "p:CtrlSum")),
        debtor_iban=text(root, "p:CstmrCdtTrfInitn/p:PmtInf/p:DbtrAcct/p:Id/p:IBAN"),
        transfers=transfers,
    )
