"""The legal bases the demo centre ships (`anlaufstelle demo` installs them), following the
legal notes collected for the project (docs/data-protection.md). They are configuration: the
centre's lawyer confirms or corrects each row in the admin, and adds versions with their dates;
no code names them. A centre without any row shares nothing without a consent.

Data of the registry are held by the agency that registered the person; data of a case by the
agency that wrote them. A read by another agency is a transfer and needs one of these rows, or
the person's consent. Sealed categories (health, youth office) are opened by a release only.
"""

from __future__ import annotations

from typing import Any

# Public agencies of a centre (not a bank, a partner organisation or "other").
PUBLIC = [
    "citizens_office",
    "foreigners_authority",
    "social_office",
    "jobcenter",
    "job_agency",
    "youth_office",
    "school_authority",
    "housing",
    "guides",
]
# Bodies of § 35 SGB I among the kinds of agency (the social-law bodies).
SOCIAL_LAW = ["social_office", "jobcenter", "job_agency", "youth_office"]

BASES: list[dict[str, Any]] = [
    {
        "code": "centre-identity",
        "title": "Stammdaten der Anlaufstelle",
        "citation": "Art. 6 Abs. 1 lit. e, Art. 26 DSGVO (Vereinbarung der Verantwortlichen)",
        "from_kinds": ["*"],
        "to_kinds": PUBLIC,
        "categories": ["identity"],
        "purposes": ["registration", "casework"],
        "note": "Name, date of birth and nationality, so that each public agency of the house "
        "finds the person it serves. Assumes a joint-controller agreement of the centre's "
        "agencies; to be confirmed by the centre's lawyer.",
    },
    {
        "code": "sgb-x-69-1-1",
        "title": "Übermittlung für die Erfüllung sozialer Aufgaben",
        "citation": "§ 69 Abs. 1 Nr. 1 SGB X",
        "from_kinds": SOCIAL_LAW,
        "to_kinds": SOCIAL_LAW,
        "categories": ["identity", "contact", "biography", "residence", "benefits"],
        "purposes": ["casework"],
        "note": "Between bodies of § 35 SGB I, as far as needed for the recipient's task under "
        "the SGB; the purpose is recorded with each read.",
    },
    {
        "code": "sgb-x-71-2-aufenthg-87-1",
        "title": "Auskunft an die Ausländerbehörde auf Ersuchen",
        "citation": "§ 71 Abs. 2 S. 1 Nr. 1 SGB X i. V. m. § 87 Abs. 1 AufenthG",
        "from_kinds": SOCIAL_LAW,
        "to_kinds": ["foreigners_authority"],
        "categories": ["identity", "benefits"],
        "purposes": ["casework"],
        "on_request": True,
        "note": "Only on a written request of the foreigners authority, recorded as such; "
        "limited to the grant or refusal of benefits. Health data never (§ 71 Abs. 2 S. 2 "
        "SGB X).",
    },
    {
        "code": "aufenthg-87-1",
        "title": "Unterrichtung der Ausländerbehörde auf Ersuchen",
        "citation": "§ 87 Abs. 1 AufenthG",
        "from_kinds": ["citizens_office", "housing", "guides"],
        "to_kinds": ["foreigners_authority"],
        "categories": ["identity", "contact", "residence"],
        "purposes": ["casework"],
        "on_request": True,
        "note": "Public bodies other than schools inform the foreigners authority on its "
        "request of facts they know, as far as needed. Schools are never obliged.",
    },
    {
        "code": "aufenthg-90",
        "title": "Unterrichtung durch die Ausländerbehörde",
        "citation": "§ 90 AufenthG",
        "from_kinds": ["foreigners_authority"],
        "to_kinds": ["social_office", "jobcenter", "job_agency"],
        "categories": ["identity", "residence"],
        "purposes": ["casework"],
        "note": "Residence status and permission to work, as far as they matter for benefits "
        "or work.",
    },
    {
        "code": "gdpr-39-review",
        "title": "Prüfung durch die Datenschutzbeauftragte",
        "citation": "Art. 38 Abs. 2, Art. 39 Abs. 1 lit. b DSGVO",
        "from_kinds": ["*"],
        "to_kinds": ["*"],
        "categories": ["identity", "contact", "biography", "residence", "benefits"],
        "purposes": ["data_protection_review"],
        "note": "The data-protection officer monitors compliance; sealed data only by release.",
    },
]

# How long the registry keeps each category, counted from the last contact. The notes name the
# rule (erase what is no longer needed: § 84 Abs. 2 SGB X, Art. 17 Abs. 1 lit. a DSGVO) but no
# periods: these are the demo centre's assumption, for the lawyer to set per agency.
_NEEDED = "§ 84 Abs. 2 SGB X, Art. 17 Abs. 1 lit. a DSGVO"
RETENTION: list[dict[str, Any]] = [
    {
        "agency_kind": "*",
        "category": category,
        "months": 60,
        "start": "last_contact",
        "citation": _NEEDED,
        "note": "Assumption of the demo centre; to be set by the lawyer.",
    }
    for category in ["identity", "contact", "biography", "residence", "benefits"]
] + [
    {
        "agency_kind": "*",
        "category": category,
        "months": 36,
        "start": "last_contact",
        "citation": _NEEDED,
        "note": "Assumption of the demo centre; to be set by the lawyer.",
    }
    for category in ["health", "youth_office"]
]
