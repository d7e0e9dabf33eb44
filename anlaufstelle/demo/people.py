"""Generated visitors of the demo centre: households of refugees from Ukraine (most of them, as in
Leipzig 2022), from Syria and Iraq (Arabic- and Kurdish-speaking) and from Afghanistan (Dari
and Farsi). Every value is invented by Faker or a seeded random generator; nothing is real data.

The generator only builds unsaved model instances; `builder.py` validates and saves them. For a
given seed and day the output is the same, because every draw comes from one `random.Random`
and Faker instances seeded with the same seed.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from anlaufstelle.demo.names import ARABIC_SCRIPT_POOLS, NamePair, feminine_surname, romanise
from anlaufstelle.people.models import (
    DatePrecision,
    Document,
    Household,
    HouseholdMember,
    LanguageSkill,
    Person,
    Qualification,
    Recognition,
    Schooling,
    Sex,
    WorkExperience,
)

Relation = HouseholdMember.Relation
Kind = Document.Kind


@dataclass(frozen=True)
class Origin:
    key: str
    weight: int
    nationality: str
    # "uk"/"ru": Cyrillic names from Faker; "ar"/"ku"/"fa": curated Arabic-script pairs.
    script: str
    languages: tuple[str, ...]
    places: tuple[str, ...]
    school_certificate: str = ""

    @property
    def from_ukraine(self) -> bool:
        return self.nationality == "UA"


UA_PLACES = (
    "Kyiv", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Kherson", "Chernihiv",
    "Sumy", "Lviv", "Vinnytsia", "Poltava", "Bucha", "Irpin",
)  # fmt: skip
EAST_UA_PLACES = (
    "Kharkiv", "Donetsk", "Luhansk", "Mariupol", "Odesa", "Zaporizhzhia", "Kramatorsk",
    "Sievierodonetsk", "Berdiansk",
)  # fmt: skip
UA_CERTIFICATE = "Атестат про повну загальну середню освіту"
SY_CERTIFICATE = "الشهادة الثانوية العامة"

ORIGINS = [
    Origin("ua", 60, "UA", "uk", ("uk", "ru"), UA_PLACES, UA_CERTIFICATE),
    # Russian-speaking Ukrainians, mostly from the east: Russian names, ICAO spelling.
    Origin("ua_ru", 15, "UA", "ru", ("ru", "uk"), EAST_UA_PLACES, UA_CERTIFICATE),
    Origin(
        "sy",
        8,
        "SY",
        "ar",
        ("ar",),
        ("Aleppo", "Damascus", "Homs", "Hama", "Idlib", "Deir ez-Zor", "Latakia"),
        SY_CERTIFICATE,
    ),
    Origin(
        "sy_ku",
        4,
        "SY",
        "ku",
        ("ku", "ar"),
        ("Qamishli", "Afrin", "Kobani", "Hasakah", "Amuda"),
        SY_CERTIFICATE,
    ),
    Origin(
        "iq_ku",
        4,
        "IQ",
        "ku",
        ("ku", "ar"),
        ("Duhok", "Sinjar", "Zakho", "Erbil", "Mosul"),
        "شهادة الدراسة الإعدادية",
    ),
    Origin(
        "af",
        9,
        "AF",
        "fa",
        ("prs",),
        ("Kabul", "Herat", "Mazar-i-Sharif", "Kunduz", "Ghazni", "Bamyan", "Jalalabad"),
        "شهادت‌نامه صنف دوازدهم",
    ),
]
IRANIAN_PLACES = ("Tehran", "Mashhad", "Isfahan", "Shiraz")

LEIPZIG_POSTCODES = (
    "04103", "04105", "04107", "04109", "04155", "04177", "04179", "04229", "04275", "04277",
    "04299", "04315", "04317", "04318", "04347", "04356",
)  # fmt: skip
SHELTER_ADDRESS = "Notunterkunft Messe, Halle 1, Messe-Allee 1, 04356 Leipzig"

UA_QUALIFICATIONS = [
    ("academic", "Lehrer für Mathematik", "Lehrerin für Mathematik"),
    ("academic", "Arzt (Allgemeinmedizin)", "Ärztin (Allgemeinmedizin)"),
    ("academic", "Ingenieur Maschinenbau", "Ingenieurin Maschinenbau"),
    ("academic", "Ökonom (Master)", "Ökonomin (Master)"),
    ("academic", "Softwareentwickler (Bachelor Informatik)", "Softwareentwicklerin (Bachelor)"),
    ("academic", "Jurist", "Juristin"),
    ("academic", "Buchhalter (Bachelor)", "Buchhalterin (Bachelor)"),
    ("vocational", "Pflegefachmann", "Pflegefachfrau"),
    ("vocational", "Erzieher", "Erzieherin"),
    ("vocational", "Friseur", "Friseurin"),
    ("vocational", "Koch", "Köchin"),
    ("vocational", "Elektriker", "Elektrikerin"),
    ("vocational", "Schweißer", "Schweißerin"),
    ("vocational", "Berufskraftfahrer", "Berufskraftfahrerin"),
]
OTHER_QUALIFICATIONS = [
    ("vocational", "Schneider", "Schneiderin"),
    ("vocational", "Elektriker", "Elektrikerin"),
    ("vocational", "Kfz-Mechaniker", "Kfz-Mechanikerin"),
    ("academic", "Apotheker", "Apothekerin"),
    ("academic", "Bauingenieur", "Bauingenieurin"),
    ("academic", "Lehrer (Grundschule)", "Lehrerin (Grundschule)"),
    ("academic", "Betriebswirt (Bachelor)", "Betriebswirtin (Bachelor)"),
    ("academic", "Hebamme (Diplom)", "Hebamme (Diplom)"),
]
JOBS = [
    ("Verkäufer", "Verkäuferin"),
    ("Lagerarbeiter", "Lagerarbeiterin"),
    ("Bauarbeiter", "Bauhelferin"),
    ("Landwirt", "Landwirtin"),
    ("Kellner", "Kellnerin"),
    ("Reinigungskraft", "Reinigungskraft"),
    ("Fahrer", "Fahrerin"),
    ("Näher", "Näherin"),
    ("Bäcker", "Bäckerin"),
]
RECOGNITION_WEIGHTS = {
    Recognition.NOT_APPLIED: 40,
    Recognition.PENDING: 25,
    Recognition.FULL: 10,
    Recognition.PARTIAL: 10,
    Recognition.REFUSED: 5,
    Recognition.NOT_REQUIRED: 10,
}
PARTICULARS = [
    "Alleinerziehend, sucht einen Kita-Platz.",
    "Pflegt die Großmutter im Haushalt.",
    "Kann nur vormittags Termine wahrnehmen.",
    "Hat einen Hund dabei, braucht eine passende Unterkunft.",
    "Möchte bald in Leipzig arbeiten, Führerschein Klasse B.",
    "Wartet auf Angehörige, die noch unterwegs sind.",
]
UA_PASSPORT_SERIES = (
    "FA", "FB", "FC", "FE", "FF", "FH", "FK", "FM", "FN", "FP", "FR", "FS", "FT", "FU", "FX",
    "GA", "GB", "EA", "EB", "EK", "EM", "ET",
)  # fmt: skip
EAT_ALPHABET = "CFGHJKLMNPRTVWXYZ0123456789"


@dataclass
class PersonDraft:
    person: Person
    relation: str | None = None
    schooling: list[Schooling] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)
    work: list[WorkExperience] = field(default_factory=list)
    language_skills: list[LanguageSkill] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    def related(self) -> list:
        return [
            *self.schooling,
            *self.qualifications,
            *self.work,
            *self.language_skills,
            *self.documents,
        ]


@dataclass
class HouseholdDraft:
    household: Household | None
    members: list[PersonDraft]


@dataclass(frozen=True)
class Member:
    relation: str
    sex: str
    age: int


class PeopleGenerator:
    def __init__(self, *, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.fakers = {"uk": Faker("uk_UA"), "ru": Faker("ru_RU"), "de": Faker("de_DE")}
        for faker in self.fakers.values():
            faker.seed_instance(seed)

    def households(self, count: int) -> list[HouseholdDraft]:
        """Households until exactly `count` people exist; the last one may be cut short."""
        drafts: list[HouseholdDraft] = []
        total = 0
        weights = [origin.weight for origin in ORIGINS]
        while total < count:
            origin = self.rng.choices(ORIGINS, weights)[0]
            members = self._composition(origin)[: count - total]
            drafts.append(self._household(origin, members))
            total += len(members)
        return drafts

    # --- who lives together -------------------------------------------------------------

    def _composition(self, origin: Origin) -> list[Member]:
        rng = self.rng
        r = rng.random()
        if origin.from_ukraine:
            # 2022: mostly women with children and older people; men of 18–60 mostly stayed.
            if r < 0.25:
                sex = Sex.FEMALE if rng.random() < 0.6 else Sex.MALE
                age = rng.randint(18, 78) if sex == Sex.FEMALE else rng.randint(60, 80)
                return [Member(Relation.HEAD, sex, age)]
            if r < 0.80:
                mother = rng.randint(24, 46)
                members = [Member(Relation.HEAD, Sex.FEMALE, mother)]
                members += self._children(mother, rng.randint(1, 3))
                if r >= 0.65:
                    grandmother = min(mother + rng.randint(20, 30), 88)
                    members.append(Member(Relation.PARENT, Sex.FEMALE, grandmother))
                return members
            if r < 0.90:
                mother = rng.randint(26, 44)
                father = max(18, mother + rng.randint(-3, 6))
                members = [Member(Relation.HEAD, Sex.MALE, father)]
                members.append(Member(Relation.SPOUSE, Sex.FEMALE, mother))
                return members + self._children(mother, rng.randint(3, 4))
            husband = rng.randint(62, 84)
            return [
                Member(Relation.HEAD, Sex.MALE, husband),
                Member(Relation.SPOUSE, Sex.FEMALE, max(60, husband - rng.randint(0, 5))),
            ]
        if r < 0.35:
            sex = Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
            return [Member(Relation.HEAD, sex, rng.randint(18, 35))]
        if r < 0.80:
            mother = rng.randint(22, 42)
            members = [
                Member(Relation.HEAD, Sex.MALE, mother + rng.randint(0, 8)),
                Member(Relation.SPOUSE, Sex.FEMALE, mother),
            ]
            return members + self._children(mother, rng.randint(2, 5))
        if r < 0.90:
            mother = rng.randint(22, 40)
            return [Member(Relation.HEAD, Sex.FEMALE, mother), *self._children(mother, 2)]
        head = rng.randint(18, 26)
        sibling_sex = rng.choice([Sex.MALE, Sex.FEMALE])
        return [
            Member(Relation.HEAD, Sex.MALE, head),
            Member(Relation.SIBLING, sibling_sex, rng.randint(16, head)),
        ]

    def _children(self, mother_age: int, count: int) -> list[Member]:
        oldest = max(0, min(17, mother_age - 18))
        return [
            Member(
                Relation.CHILD, self.rng.choice([Sex.FEMALE, Sex.MALE]), self.rng.randint(0, oldest)
            )
            for _ in range(count)
        ]

    # --- one household ------------------------------------------------------------------

    def _household(self, origin: Origin, members: list[Member]) -> HouseholdDraft:
        rng = self.rng
        arrival = self.today - timedelta(days=rng.randint(2, 240))
        if rng.random() < 0.15:
            address = SHELTER_ADDRESS
        elif rng.random() < 0.8:
            address = self._german_address()
        else:
            address = ""  # just arrived, no address yet
        family = self._family_name(origin)
        drafts = []
        for member in members:
            # In Arabic and Afghan naming a wife keeps her own family name.
            own_family = (
                self._family_name(origin)
                if member.relation in (Relation.SPOUSE, Relation.PARENT) and not origin.from_ukraine
                else family
            )
            drafts.append(self._person(origin, member, own_family, address, arrival))
        household = None
        if len(members) > 1:
            household = Household(label=f"Familie {drafts[0].person.family_name}", address=address)
        else:
            drafts[0].relation = None
        return HouseholdDraft(household, drafts)

    def _family_name(self, origin: Origin) -> str | NamePair:
        if origin.script in ("uk", "ru"):
            return self.fakers[origin.script].last_name_male()
        return self.rng.choice(ARABIC_SCRIPT_POOLS[origin.script][2])

    def _german_address(self) -> str:
        faker = self.fakers["de"]
        postcode = self.rng.choice(LEIPZIG_POSTCODES)
        return f"{faker.street_name()} {self.rng.randint(1, 120)}, {postcode} Leipzig"

    def _names(self, origin: Origin, sex: str, family: str | NamePair) -> tuple[str, ...]:
        """(family Latin, given Latin, family original, given original)."""
        if origin.script in ("uk", "ru"):
            assert isinstance(family, str)
            faker = self.fakers[origin.script]
            if sex == Sex.FEMALE:
                family = feminine_surname(family, origin.script)
                given = faker.first_name_female()
            else:
                given = faker.first_name_male()
            lang = origin.script
            return romanise(family, lang), romanise(given, lang), family, given
        assert isinstance(family, tuple)
        male, female, _families = ARABIC_SCRIPT_POOLS[origin.script]
        given_pair = self.rng.choice(female if sex == Sex.FEMALE else male)
        return family[0], given_pair[0], family[1], given_pair[1]

    def _person(
        self, origin: Origin, member: Member, family: str | NamePair, address: str, arrival: date
    ) -> PersonDraft:
        rng = self.rng
        family_latin, given_latin, family_original, given_original = self._names(
            origin, member.sex, family
        )
        birth_date, precision, placeholder = self._birth_date(origin, member.age)
        birth_country = origin.nationality
        birth_place = rng.choice(origin.places)
        languages = list(origin.languages)
        if origin.key == "af" and rng.random() < 0.25:
            # Many Afghans grew up in Iran and speak Farsi.
            birth_country, birth_place = "IR", rng.choice(IRANIAN_PLACES)
            languages = ["fa", "prs"]
        elif origin.key == "af" and rng.random() < 0.2:
            languages.append("ps")
        adult = member.age >= 16
        if member.age < 3:
            languages = languages[:1]
        elif adult and rng.random() < 0.35:
            languages.append("en")
        person = Person(
            family_name=family_latin,
            given_names=given_latin,
            family_name_original=family_original,
            given_names_original=given_original,
            birth_date=birth_date,
            birth_date_precision=precision,
            birth_date_placeholder=placeholder,
            sex=member.sex,
            # django-stubs types every CountryField as the CharField it extends (a str); with
            # multiple=True it holds a list of codes.
            nationalities=[origin.nationality],  # type: ignore[misc]
            birth_place=birth_place,
            birth_country=birth_country,
            languages=languages,
            address=address,
        )
        if adult:
            person.phone = self._phone(origin) if rng.random() < 0.85 else ""
            if rng.random() < 0.3:
                person.email = self._email(given_latin, family_latin)
            if rng.random() < 0.1:
                person.particulars = rng.choice(PARTICULARS)
        draft = PersonDraft(person, relation=member.relation)
        self._biography(draft, origin, member)
        self._documents(draft, origin, member, arrival)
        return draft

    def _birth_date(self, origin: Origin, age: int) -> tuple[date, str, bool]:
        rng = self.rng
        born = self.today - timedelta(days=365 * age + rng.randint(0, 364))
        if not origin.from_ukraine:
            r = rng.random()
            if r < 0.35:
                # Asylum registrations fill in 01.01. when only the year is known.
                return date(born.year, 1, 1), DatePrecision.YEAR, True
            if r < 0.42:
                return date(born.year, born.month, 1), DatePrecision.MONTH, False
        return born, DatePrecision.DAY, False

    def _phone(self, origin: Origin) -> str:
        rng = self.rng
        digits = "".join(rng.choice(string.digits) for _ in range(7))
        if origin.from_ukraine and rng.random() < 0.6:
            operator = rng.choice(["50", "63", "66", "67", "68", "73", "93", "95", "96", "97"])
            return f"+380 {operator} {digits[:3]} {digits[3:5]} {digits[5:]}"
        return f"+49 15{rng.choice('1279')}{rng.randint(0, 9)} {digits}"

    def _email(self, given: str, family: str) -> str:
        local = f"{given}.{family}".lower()
        local = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch in ".-"))
        return f"{local}{self.rng.randint(1, 99)}@example.org"

    # --- migration biography ------------------------------------------------------------

    def _biography(self, draft: PersonDraft, origin: Origin, member: Member) -> None:
        rng = self.rng
        birth_year = self.today.year - member.age
        country = origin.nationality if draft.person.birth_country != "IR" else "IR"
        if 6 <= member.age < 16:
            level = Schooling.Level.PRIMARY if member.age < 11 else Schooling.Level.LOWER_SECONDARY
            draft.schooling.append(
                Schooling(level=level, country=country, years=member.age - 6, completed=False)
            )
        if member.age >= 3:
            for position, language in enumerate(draft.person.languages):
                skill: str = LanguageSkill.Level.NATIVE
                if position > 0:
                    skill = rng.choice(["B2", "C1", "C2", LanguageSkill.Level.NATIVE])
                    if language in ("en", "ps"):
                        skill = rng.choice(["A2", "B1", "B2", "C1"])
                draft.language_skills.append(LanguageSkill(language=language, level=skill))
            german = rng.choices([None, "A1", "A2", "B1"], [40, 40, 15, 5])[0]
            if german:
                draft.language_skills.append(
                    LanguageSkill(language="de", level=german, certified=german != "A1")
                )
        if member.age < 16:
            return
        draft.schooling.append(self._schooling(origin, country, member.age))
        qualification = None
        share = 0.65 if origin.from_ukraine else 0.3
        if member.age >= 20 and rng.random() < share:
            pool = UA_QUALIFICATIONS if origin.from_ukraine else OTHER_QUALIFICATIONS
            kind, male, female = rng.choice(pool)
            year = min(birth_year + rng.randint(19, 26), self.today.year)
            qualification = female if member.sex == Sex.FEMALE else male
            draft.qualifications.append(
                Qualification(
                    kind=kind,
                    title=qualification,
                    country=country,
                    year=year if year >= 1940 else None,
                    recognition=rng.choices(
                        list(RECOGNITION_WEIGHTS), list(RECOGNITION_WEIGHTS.values())
                    )[0],
                )
            )
        if member.age >= 19 and rng.random() < 0.75:
            occupation = qualification or rng.choice(JOBS)[member.sex == Sex.FEMALE]
            start = max(1940, birth_year + rng.randint(17, 25))
            start = min(start, self.today.year - 1)
            end = min(self.today.year - 1, start + rng.randint(1, 30))
            draft.work.append(
                WorkExperience(
                    occupation=occupation,
                    country=country,
                    from_year=start,
                    to_year=end,
                    description=f"{end - start + 1} Jahre, "
                    + rng.choice(["Vollzeit", "Teilzeit", "selbstständig", "saisonal"]),
                )
            )

    def _schooling(self, origin: Origin, country: str, age: int) -> Schooling:
        rng = self.rng
        Level = Schooling.Level
        if origin.from_ukraine:
            weights = {
                Level.UPPER_SECONDARY: 78,
                Level.VOCATIONAL_SCHOOL: 20,
                Level.LOWER_SECONDARY: 2,
            }
        elif origin.key == "af":
            weights = {
                Level.NONE: 20,
                Level.PRIMARY: 30,
                Level.LOWER_SECONDARY: 25,
                Level.UPPER_SECONDARY: 25,
            }
        else:
            weights = {
                Level.PRIMARY: 15,
                Level.LOWER_SECONDARY: 30,
                Level.UPPER_SECONDARY: 45,
                Level.VOCATIONAL_SCHOOL: 10,
            }
        level = rng.choices(list(weights), list(weights.values()))[0]
        years = {
            Level.NONE: 0,
            Level.PRIMARY: rng.randint(4, 6),
            Level.LOWER_SECONDARY: rng.randint(8, 9),
            Level.UPPER_SECONDARY: rng.randint(11, 12),
            Level.VOCATIONAL_SCHOOL: rng.randint(11, 13),
        }[level]
        years = min(years, age - 5)
        completed = level != Level.NONE and (age >= 19 or rng.random() < 0.5)
        certificate = (
            origin.school_certificate if level == Level.UPPER_SECONDARY and completed else ""
        )
        return Schooling(
            level=level, country=country, years=years, completed=completed, certificate=certificate
        )

    # --- documents ----------------------------------------------------------------------

    def _documents(self, draft: PersonDraft, origin: Origin, member: Member, arrival: date) -> None:
        self._draw_documents(draft, origin, member, arrival)
        # A paper drawn back from the arrival, or a child born here after it, could otherwise
        # date from before the holder's birth, which the registry refuses.
        born = draft.person.birth_date
        for document in draft.documents:
            if born and document.issued_on and document.issued_on < born:
                if document.valid_until:
                    document.valid_until += born - document.issued_on
                document.issued_on = born

    def _draw_documents(
        self, draft: PersonDraft, origin: Origin, member: Member, arrival: date
    ) -> None:
        rng = self.rng
        docs = draft.documents
        adult = member.age >= 16
        if origin.from_ukraine:
            if rng.random() < (0.9 if adult else 0.6):
                issued = self._issued_before(arrival, years=10 if adult else 4)
                validity = 10 if adult else 4
                docs.append(
                    Document(
                        kind=Kind.PASSPORT,
                        number=rng.choice(UA_PASSPORT_SERIES) + self._digits(6),
                        issuing_country="UA",
                        issued_on=issued,
                        valid_until=_add_years(issued, validity),
                    )
                )
            elif adult:
                issued = self._issued_before(arrival, years=10)
                docs.append(
                    Document(
                        kind=Kind.ID_CARD,
                        number=self._digits(9),
                        issuing_country="UA",
                        issued_on=issued,
                        valid_until=_add_years(issued, 10),
                    )
                )
            if rng.random() < 0.75:
                self._add(
                    docs,
                    Kind.FIKTIONSBESCHEINIGUNG,
                    "§ 81 Abs. 3 AufenthG",
                    arrival + timedelta(days=rng.randint(0, 14)),
                    182,
                    "F" + self._digits(7),
                )
            if (self.today - arrival).days > 60 and rng.random() < 0.7:
                self._add(
                    docs,
                    Kind.RESIDENCE_PERMIT,
                    "§ 24 AufenthG",
                    arrival + timedelta(days=rng.randint(45, 120)),
                    730,
                    self._eat_number(),
                )
            return
        if rng.random() < 0.45:
            prefix, length, validity = {"SY": ("N0", 7, 6), "IQ": ("A", 8, 8), "AF": ("P0", 7, 5)}[
                origin.nationality
            ]
            issued = self._issued_before(arrival, years=validity)
            docs.append(
                Document(
                    kind=Kind.PASSPORT,
                    number=prefix + self._digits(length),
                    issuing_country=origin.nationality,
                    issued_on=issued,
                    valid_until=_add_years(issued, validity),
                )
            )
        if rng.random() < 0.85:
            self._add(docs, Kind.ARRIVAL_CERTIFICATE, "§ 63a AsylG", arrival, 182, self._digits(9))
        if (self.today - arrival).days > 120 and rng.random() < 0.4:
            basis = rng.choice(["§ 25 Abs. 2 AufenthG", "§ 25 Abs. 1 AufenthG"])
            self._add(
                docs,
                Kind.RESIDENCE_PERMIT,
                basis,
                arrival + timedelta(days=rng.randint(100, 120)),
                365 * 3,
                self._eat_number(),
            )
        elif origin.nationality in ("AF", "IQ") and adult and rng.random() < 0.2:
            self._add(
                docs,
                Kind.DULDUNG,
                "§ 60a AufenthG",
                arrival + timedelta(days=rng.randint(60, 110)),
                91,
                "D" + self._digits(8),
            )

    def _add(
        self, docs: list[Document], kind: str, basis: str, issued: date, days: int, number: str
    ) -> None:
        if issued > self.today:
            return  # not issued yet
        docs.append(
            Document(
                kind=kind,
                number=number,
                issuing_country="DE",
                issued_on=issued,
                valid_until=issued + timedelta(days=days),
                legal_basis=basis,
            )
        )

    def _issued_before(self, arrival: date, *, years: int) -> date:
        # Up to 1.4 validity periods back, so that some papers have expired on arrival.
        return arrival - timedelta(days=self.rng.randint(30, int(365 * years * 1.4)))

    def _digits(self, n: int) -> str:
        return "".join(self.rng.choice(string.digits) for _ in range(n))

    def _eat_number(self) -> str:
        return "Y" + "".join(self.rng.choice(EAT_ALPHABET) for _ in range(8))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
