"""Loading the demo centre and reading back its logins.

Seed data is written directly, not through the services a person's request goes through, but
every row is validated with `full_clean()` and every person created gets its audit entry, so the
demo looks like a centre that has been working with the software.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.appointments import capacity, slots
from anlaufstelle.appointments import services as appointments
from anlaufstelle.appointments.models import Booking, Channel, OpeningHours
from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.cases.models import Case, Note, Task
from anlaufstelle.config import env
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.demo import history, story
from anlaufstelle.demo.audiences import AUDIENCES
from anlaufstelle.demo.names import ARABIC_SCRIPT_POOLS, romanise
from anlaufstelle.demo.people import HouseholdDraft, PeopleGenerator, PersonDraft
from anlaufstelle.eligibility.models import RecordedFacts
from anlaufstelle.guide import demo as guide_demo
from anlaufstelle.hotline import demo as hotline_demo
from anlaufstelle.housing import demo as housing_demo
from anlaufstelle.network import demo as network_demo
from anlaufstelle.organisation.models import (
    Agency,
    Desk,
    Interpreter,
    Service,
    Site,
    StaffMember,
)
from anlaufstelle.payouts import demo as payouts_demo
from anlaufstelle.people.models import (
    Document,
    Household,
    HouseholdMember,
    LanguageSkill,
    Person,
    Qualification,
    Schooling,
    WorkExperience,
)
from anlaufstelle.people.namesearch import build_keys
from anlaufstelle.privacy import services as access
from anlaufstelle.privacy.consents import FORM_VERSION
from anlaufstelle.privacy.models import Consent
from anlaufstelle.privacy.services import install_defaults

DEFAULT_SEED = 2022
AUDIT_PURPOSE = Purpose.DEMO


@dataclass(frozen=True)
class DemoResult:
    sites: int
    agencies: int
    services: int
    desks: int
    staff: int
    interpreters: int
    people: int
    households: int


def demo_password() -> str:
    return env.get(story.DEMO_PASSWORD_ENV) or story.DEMO_PASSWORD


def has_data() -> bool:
    """`--if-empty` means: no agency yet, so nobody has set up a centre in this database."""
    return Agency.objects.exists()


@transaction.atomic
def load_demo(
    *, seed: int = DEFAULT_SEED, people: int = 300, today: date | None = None
) -> DemoResult:
    today = today or timezone.localdate()
    rng = random.Random(seed)
    generator = PeopleGenerator(seed=seed, today=today)
    sites = _sites(today)
    agencies = _agencies()
    install_defaults()
    services = _services(agencies)
    desks = _desks(sites, agencies)
    staff = _staff(agencies, services, generator, rng)
    interpreters = _interpreters(generator, rng)
    _opening_hours_and_capacity(sites)
    guide_demo.load()
    _bookings(sites[story.BOOKING_SITE], rng, today)
    households = generator.households(people)
    # Reception registered them: the registry's data are held by its agency.
    person_count = _save_people(households, seed=seed, registered_by=agencies[story.RECEPTION])
    _consents(households, agencies, rng)
    _cases(households, agencies, rng, seed=seed)
    _tolerations(households, random.Random(seed + 25), today)
    history.load(
        sites=list(sites.values()),
        people=list(Person.objects.values_list("pk", flat=True)),
        rng=random.Random(seed + 41),
        today=today,
    )
    network_demo.load(moderator=get_user_model().objects.get(username="koordination"), today=today)
    hotline_demo.load(
        taker=get_user_model().objects.get(username="lotse"),
        rng=random.Random(seed + 31),
        today=today,
    )
    housing_demo.load(agency=agencies["wohnungsverwaltung"], today=today)
    payouts_demo.load(agencies=agencies, today=today)
    return DemoResult(
        sites=len(sites),
        agencies=len(agencies),
        services=len(services),
        desks=desks,
        staff=staff,
        interpreters=interpreters,
        people=person_count,
        households=sum(1 for draft in households if draft.household is not None),
    )


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def _sites(today: date) -> dict[str, Site]:
    def day(offset: int | None) -> date | None:
        return None if offset is None else today + timedelta(days=offset)

    return {
        spec.key: _saved(
            Site(
                name=spec.name,
                address=spec.address,
                is_popup=spec.is_popup,
                open_from=day(spec.open_from_days),
                open_until=day(spec.open_until_days),
            )
        )
        for spec in story.SITES
    }


def _agencies() -> dict[str, Agency]:
    return {
        spec.code: _saved(
            Agency(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                controller_name=spec.controller,
                controller_contact=f"datenschutz.{spec.code}@example.org",
                legal_basis={"de": spec.legal_basis_de, "en": spec.legal_basis_en},
            )
        )
        for spec in story.AGENCIES
    }


def _services(agencies: dict[str, Agency]) -> dict[str, Service]:
    services = {
        spec.code: _saved(
            Service(
                code=spec.code,
                leika_key=spec.leika_key,
                agency=agencies[spec.agency],
                names=spec.names,
                descriptions=spec.descriptions,
                audience=AUDIENCES.get(spec.code, {}),
                pictogram=story.PICTOGRAMS.get(spec.code, ""),
                typical_minutes=Decimal(spec.typical_minutes),
                per_person_factor=Decimal(spec.per_person_factor),
                required_documents=list(spec.required_documents),
            )
        )
        for spec in story.SERVICES
    }
    for spec in story.SERVICES:
        services[spec.code].prerequisites.set([services[code] for code in spec.prerequisites])
    return services


def _desks(sites: dict[str, Site], agencies: dict[str, Agency]) -> int:
    count = 0
    for group in story.DESKS:
        for n in range(1, group.count + 1):
            desk = _saved(
                Desk(site=sites[group.site], number=f"{group.prefix}{n:02d}", room=group.room)
            )
            desk.agencies.set([agencies[code] for code in group.agencies])
            count += 1
    return count


def _staff(
    agencies: dict[str, Agency],
    services: dict[str, Service],
    generator: PeopleGenerator,
    rng: random.Random,
) -> int:
    User = get_user_model()
    faker = generator.fakers["de"]
    # One hash for all: Argon2 costs ~0.1 s a call, and the demo logins share one password.
    password = demo_password()
    password_hash = make_password(password)
    specs = list(story.LOGINS)
    for spec in story.LOGINS:
        for n in range(2, story.EXTRA_OFFICERS.get(spec.username, 0) + 2):
            extra = rng.sample(story.EXTRA_LANGUAGES, rng.randint(0, 2))
            languages = tuple(dict.fromkeys(("de", *extra)))
            specs.append(
                story.StaffSpec(
                    f"{spec.username}.{n}", spec.agency, spec.roles, spec.skills, languages
                )
            )
    for spec in specs:
        female = rng.random() < 0.55
        user = User(
            username=spec.username,
            first_name=faker.first_name_female() if female else faker.first_name_male(),
            last_name=faker.last_name(),
            email=f"{spec.username}@example.org",
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
            password=password_hash,
        )
        validate_password(password, user)
        _saved(user)
        member = _saved(
            StaffMember(
                user=user,
                agency=agencies[spec.agency],
                roles=[str(role) for role in spec.roles],
                languages=list(spec.languages),
            )
        )
        member.skills.set([services[code] for code in spec.skills])
    return len(specs)


def _opening_hours_and_capacity(sites: dict[str, Site]) -> None:
    """Each site's opening hours, and its capacity derived from the staff just created."""
    for key, rows in story.OPENING_HOURS.items():
        for weekday, opens, closes in rows:
            _saved(
                OpeningHours(
                    site=sites[key],
                    weekday=weekday,
                    opens=time.fromisoformat(opens),
                    closes=time.fromisoformat(closes),
                )
            )
        capacity.derive(
            sites[key],
            online_share=Decimal(story.ONLINE_SHARE),
            staff_share=Decimal(story.STAFF_SHARE),
        )


def _bookings(site: Site, rng: random.Random, today: date) -> None:
    """Bookings of the coming days (as visitors and reception make them, without e-mail) and
    of the past weeks, some not come, so that the appointment pages and the no-show figures
    have something to show."""
    evening = timezone.make_aware(datetime.combine(today - timedelta(days=1), time(18)))
    for day in slots.bookable_days(site, today + timedelta(days=1), story.BOOKING_DAYS):
        for _n in range(story.BOOKINGS_PER_DAY):
            concerns = rng.choice(story.BOOKED_CONCERNS)
            party = rng.choice((1, 1, 1, 2, 3))
            shape = slots.visit_shape(site, concerns, party)
            channel = rng.choice((Channel.ONLINE, Channel.ONLINE, Channel.RECEPTION))
            times = slots.capacity_times(site, day, shape, channel, evening)
            if not times:
                continue
            appointments.book(
                appointments.Request(
                    site=site, start=rng.choice(times), concerns=concerns, party_size=party,
                    language=rng.choice(story.BOOKING_LANGUAGES), channel=channel,
                ),
                now=evening, simulate=False, mail=False,
            )  # fmt: skip
    registration = Service.objects.get(code="registration")
    for n in range(story.PAST_BOOKINGS):
        start = timezone.make_aware(
            datetime.combine(today - timedelta(days=1 + n % 28), time(8 + n % 8))
        )
        missed = rng.random() < story.NO_SHOW_SHARE
        booking = Booking.objects.create(
            site=site, start=start, end=start + timedelta(minutes=5),
            language=rng.choice(story.BOOKING_LANGUAGES), channel=Channel.ONLINE,
            state=Booking.State.MISSED if missed else Booking.State.CHECKED_IN,
        )  # fmt: skip
        booking.steps.create(service=registration, order=0, start=start)
        # Made one day to two weeks ahead (the no-show figures count by how far ahead).
        made = start - timedelta(days=rng.choice((0, 1, 2, 5, 14)), hours=2)
        Booking.objects.filter(pk=booking.pk).update(created=made)


def _interpreters(generator: PeopleGenerator, rng: random.Random) -> int:
    for spec in story.INTERPRETERS:
        female = rng.random() < 0.6
        if spec.origin in ("uk", "ru"):
            faker = generator.fakers[spec.origin]
            given = faker.first_name_female() if female else faker.first_name_male()
            family = faker.last_name_female() if female else faker.last_name_male()
            name = f"{romanise(given, spec.origin)} {romanise(family, spec.origin)}"
        else:
            male_names, female_names, families = ARABIC_SCRIPT_POOLS[spec.origin]
            given = rng.choice(female_names if female else male_names)[0]
            name = f"{given} {rng.choice(families)[0]}"
        digits = "".join(rng.choice("0123456789") for _ in range(6))
        user = None
        if spec is story.INTERPRETERS[0]:
            user = _saved(
                get_user_model()(
                    username=story.INTERPRETER_LOGIN,
                    first_name=name.split(" ")[0],
                    email=f"{story.INTERPRETER_LOGIN}@example.org",
                    password=make_password(demo_password()),
                )
            )
        _saved(
            Interpreter(
                name=name,
                user=user,
                kind=spec.kind,
                languages=list(spec.languages),
                phone=f"+49 341 {digits[:3]} {digits[3:]}",
            )
        )
    return len(story.INTERPRETERS)


def _consents(
    households: list[HouseholdDraft], agencies: dict[str, Agency], rng: random.Random
) -> None:
    """What the demo's visitors agreed to at reception (story.CONSENTS): most let the public
    agencies of the house see their registry data, some only the benefit offices, a few
    nothing, and one in ten of those who agreed has withdrawn since."""
    now = timezone.now()
    kinds = [name for name, _share, _agencies, _categories in story.CONSENTS]
    weights = [share for _name, share, _agencies, _categories in story.CONSENTS]
    by_kind = {name: (codes, categories) for name, _share, codes, categories in story.CONSENTS}
    for household in households:
        for draft in household.members:
            codes, categories = by_kind[rng.choices(kinds, weights)[0]]
            if not codes:
                continue
            given = now - timedelta(days=rng.randint(1, 60))
            withdrawn = rng.random() < 0.1
            consent = Consent(
                person=draft.person,
                categories=list(categories),
                purposes=[Purpose.CASEWORK, Purpose.REGISTRATION],
                text_version=FORM_VERSION,
                language=draft.person.languages[0] if draft.person.languages else "de",
                how=Consent.How.SIGNED,
                evidence=_("signed form kept at reception"),
                valid_from=given,
                valid_until=given + timedelta(days=365),
                withdrawn_at=now - timedelta(days=1) if withdrawn else None,
                withdrawn_how=_("in person at reception") if withdrawn else "",
            )
            consent.full_clean()
            consent.save()
            consent.recipients.set([agencies[code] for code in codes])


def _tolerations(households: list[HouseholdDraft], rng: random.Random, today: date) -> None:
    """Some adults from outside Ukraine without a residence title live on a
    Duldung, renewed every six months since their asylum claim ended, for the screening to find
    (docs/eligibility.md); the foreigners authority has recorded part of their file."""
    adults = [
        draft.person
        for household in households
        for draft in household.members
        if draft.person.birth_date
        and 18 <= (today - draft.person.birth_date).days // 365 <= 40
        and {str(c) for c in draft.person.nationalities} - {"UA"}
    ]
    titled = set(
        Document.objects.filter(kind=Document.Kind.RESIDENCE_PERMIT).values_list(
            "person_id", flat=True
        )
    )
    candidates = [p for p in adults if p.pk not in titled]
    # People whose file the foreigners authority's desk may read (their consent), so that the
    # screening shows them; the rest of the registry stays as generated.
    desk = get_user_model().objects.filter(username="abh").first()
    if desk is not None:
        decided = access.decide_many(
            user=desk,
            people=candidates,
            categories=[Category.IDENTITY, Category.RESIDENCE, Category.BIOGRAPHY],
            purpose=Purpose.CASEWORK,
        )
        candidates.sort(key=lambda p: len(decided[p.pk].refused))
    chosen = candidates[:10]
    for index, person in enumerate(chosen):
        came = today - timedelta(days=rng.randint(365 * 2, 365 * 8))
        Document.objects.filter(person=person).exclude(kind__in=Document.IDENTITY_KINDS).delete()
        tolerated = came + timedelta(days=rng.randint(200, 500))
        Document.objects.create(
            person=person, kind=Document.Kind.ARRIVAL_CERTIFICATE,
            number=f"{rng.randrange(10**9):09d}", issuing_country="DE", issued_on=came,
            valid_until=tolerated, legal_basis="§ 63a AsylG",
        )  # fmt: skip
        issued = tolerated
        while issued <= today:
            Document.objects.create(
                person=person, kind=Document.Kind.DULDUNG,
                number=f"D{rng.randrange(10**8):08d}", issuing_country="DE", issued_on=issued,
                valid_until=issued + timedelta(days=182), legal_basis="§ 60a Abs. 2 AufenthG",
            )  # fmt: skip
            issued += timedelta(days=182)
        if index < 4:  # a complete file: the rules can answer yes, or from when
            RecordedFacts.objects.create(
                person=person,
                entry_date=came,
                identity_clarified_on=came + timedelta(days=90),
                fingerprinted_on=came + timedelta(days=3),
                german_oral="B1",
                german_qualification=False,
                constitution_declaration=True,
                civic_knowledge=True,
                able_to_work=True,
                livelihood_share_from_work=Decimal("0.80"),
                housing_sufficient=True,
                no_convictions=True,
                deception=False,
                removal_measures_imminent=False,
            )
            _working_here(person, came, rng)
        elif rng.random() < 0.7:
            RecordedFacts.objects.create(
                person=person,
                entry_date=came,
                identity_clarified_on=came + timedelta(days=rng.randint(30, 700)),
                german_oral=rng.choice(["A1", "A2", "B1", ""]),
                constitution_declaration=rng.choice([True, None]),
                civic_knowledge=rng.choice([True, False, None]),
                livelihood_share_from_work=Decimal(rng.choice(["0.30", "0.60", "1.00"])),
                no_convictions=rng.choice([True, True, None]),
                deception=rng.choice([False, False, None]),
            )
        record(
            actor=Actor.from_user(None),
            action=Action.UPDATE,
            purpose=AUDIT_PURPOSE,
            person_id=person.pk,
            categories={Category.RESIDENCE.value},
            detail={"source": "anlaufstelle demo", "toleration since": str(tolerated)},
        )


def _working_here(person: Person, came: date, rng: random.Random) -> None:
    """A job in Germany with its hours and social insurance, and for some a German course of
    vocational school, as the registry records them for the rules (§§ 25b, 60d, 25a)."""
    WorkExperience.objects.create(
        person=person, occupation=rng.choice(["Lagerhelfer", "Koch", "Pflegehelfer"]),
        country="DE", from_year=(came + timedelta(days=400)).year,
        started_on=came + timedelta(days=400), hours_per_week=Decimal(rng.choice([20, 30, 39])),
        social_insurance=True,
    )  # fmt: skip
    if rng.random() < 0.5:
        Schooling.objects.create(
            person=person, level=Schooling.Level.VOCATIONAL_SCHOOL, country="DE",
            started_on=came + timedelta(days=120), successful=True,
        )  # fmt: skip


def _cases(
    households: list[HouseholdDraft], agencies: dict[str, Agency], rng: random.Random, *, seed: int
) -> None:
    """A case file for some of the visitors (story.CASES): a case led by a benefit office with
    a task for this week and a note; every third also with the youth office and its sealed
    note. Written as the seed's system user, audited."""
    people = [draft.person for household in households for draft in household.members]
    now = timezone.now()
    actor = Actor.from_user(None)
    chosen = rng.sample(people, k=max(1, int(len(people) * story.CASE_SHARE)))
    for n, person in enumerate(chosen):
        lead = agencies[rng.choice(story.CASE_LEADS)]
        title, task_title, note = rng.choice(story.CASES)
        case = Case(person=person, title=title, lead=lead, opened_at=now)
        case.full_clean()
        case.save()
        Task.objects.create(
            case=case,
            agency=lead,
            title=task_title,
            due=timezone.localdate() + timedelta(days=rng.randint(-2, 7)),
        )
        Note.objects.create(case=case, agency=lead, category=Category.BENEFITS, text=note)
        written = {Category.IDENTITY.value, Category.BENEFITS.value}
        if n % 3 == 0:  # every third, the first among them
            youth = agencies[story.YOUTH_OFFICE]
            Task.objects.create(case=case, agency=youth, title=story.YOUTH_TASK)
            Note.objects.create(
                case=case, agency=youth, category=Category.YOUTH_OFFICE, text=story.YOUTH_NOTE
            )
            written.add(Category.YOUTH_OFFICE.value)
        record(
            actor=actor,
            action=Action.CREATE,
            purpose=AUDIT_PURPOSE,
            person_id=person.pk,
            categories=written,
            detail={"source": "anlaufstelle demo", "seed": seed, "case": case.pk},
        )


def _save_people(households: list[HouseholdDraft], *, seed: int, registered_by: Agency) -> int:
    """Bulk inserts (one statement per table) after validating every row; then the audit."""
    members = [draft for household in households for draft in household.members]
    for draft in members:
        draft.person.registered_by = registered_by
        draft.person.full_clean()
    people = Person.objects.bulk_create([draft.person for draft in members])
    build_keys(people)
    saved = [(h.household, h.members) for h in households if h.household is not None]
    for household, _drafts in saved:
        household.full_clean()
    Household.objects.bulk_create([household for household, _drafts in saved])
    memberships = []
    for household, drafts in saved:
        for draft in drafts:
            # Only a person on their own has no relation, and they have no household.
            assert draft.relation is not None
            memberships.append(
                HouseholdMember(household=household, person=draft.person, relation=draft.relation)
            )
    for membership in memberships:
        membership.full_clean(exclude=["household", "person"], validate_unique=False)
    HouseholdMember.objects.bulk_create(memberships)
    by_model: dict[type, list] = {}
    for draft in members:
        for obj in draft.related():
            obj.person = draft.person
            # The person exists (just inserted); skip the per-row lookup and unique queries.
            obj.full_clean(exclude=["person"], validate_unique=False, validate_constraints=False)
            by_model.setdefault(type(obj), []).append(obj)
    for model in (Schooling, Qualification, WorkExperience, LanguageSkill, Document):
        model.objects.bulk_create(by_model.get(model, []))
    actor = Actor.from_user(None)
    for draft in members:
        record(
            actor=actor,
            action=Action.CREATE,
            purpose=AUDIT_PURPOSE,
            person_id=draft.person.pk,
            categories=_categories(draft),
            detail={"source": "anlaufstelle demo", "seed": seed},
        )
    return len(people)


def _categories(draft: PersonDraft) -> set[str]:
    person = draft.person
    categories = {Category.IDENTITY}
    if person.phone or person.email or person.address:
        categories.add(Category.CONTACT)
    if person.languages or draft.schooling or draft.qualifications or draft.work:
        categories.add(Category.BIOGRAPHY)
    if draft.documents:
        categories.add(Category.RESIDENCE)
    return {str(c) for c in categories}


# --- reading back the logins -------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    username: str
    roles: str
    agency: str
    password: str  # the demo password, or a note that it was changed


def demo_logins() -> tuple[list[Login], list[str]]:
    """The named logins that exist in this database, and the further desk officers' names."""
    names = [spec.username for spec in story.LOGINS]
    members = {
        m.user.username: m
        for m in StaffMember.objects.select_related("user", "agency").filter(
            user__username__in=names
        )
    }
    password = demo_password()
    checked: dict[str, bool] = {}

    def password_of(encoded: str) -> str:
        # Identical hashes (the demo sets one for all) need checking only once.
        if encoded not in checked:
            checked[encoded] = check_password(password, encoded)
        return password if checked[encoded] else "(changed)"

    logins = [
        Login(
            username=name,
            roles=members[name].get_roles_display(),
            agency=members[name].agency.name,
            password=password_of(members[name].user.password),
        )
        for name in names
        if name in members
    ]
    if logins:
        for x in Interpreter.objects.filter(user__isnull=False).select_related("user"):
            if x.user is not None:
                logins.append(
                    Login(
                        username=x.user.username,
                        roles=str(_("Interpreter")),
                        agency=f"{x.name} ({', '.join(x.languages)})",
                        password=password_of(x.user.password),
                    )
                )
    extras = [
        username
        for username in get_user_model()
        .objects.filter(username__contains=".")
        .order_by("username")
        .values_list("username", flat=True)
        if _is_extra(username, names)
    ]
    return logins, extras


def _is_extra(username: str, names: list[str]) -> bool:
    base, _dot, number = username.rpartition(".")
    return base in names and number.isdigit()
