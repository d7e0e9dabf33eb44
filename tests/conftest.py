"""Shared fixtures: a small organisation and the named personas every view test uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import Agency, Service, StaffMember
from anlaufstelle.privacy.services import install_defaults
from tests.audit_guard import set_all_guards

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings, request):
    """Argon2 is slow by design; tests that are not about hashing use a fast hasher."""
    if "argon2" not in request.node.name:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def audit_checkpoints(settings, tmp_path):
    """Each test appends its audit checkpoints to a file of its own, never to the repository's
    var/, and starts with the schedule fresh (a checkpoint is due at the first commit)."""
    from anlaufstelle.audit import checkpoints

    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    checkpoints.schedule.reset()
    yield settings.AUDIT_CHECKPOINT_FILE
    # Nothing left to write after the test, when the file setting is back to var/.
    checkpoints.schedule.reset()


@pytest.fixture(autouse=True)
def announcements(settings, tmp_path):
    """The call board's rendered sentences go to the test's own folder, never to var/."""
    settings.HALL_ANNOUNCE_DIR = tmp_path / "announcements"
    return settings.HALL_ANNOUNCE_DIR


@pytest.fixture(autouse=True)
def planning_runner(settings):
    """Tests run queued planning jobs themselves (planning/jobs.run_pending) inside their own
    transaction: a detached runner process could not see the test database."""
    settings.PLANNING_RUNNER = "external"


def in_english(settings):
    """Messages are named by their English text (the msgid), whatever the default language and
    the compiled catalogues. A folder's conftest turns it on for its tests:
    `english = pytest.fixture(autouse=True)(in_english)`."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def compiled_catalogues() -> None:
    """Tests that read a page in German (or any other language) need the compiled catalogues;
    without them Django quietly shows English, so say so instead of failing obscurely."""
    stale = []
    for language, _name in settings.LANGUAGES:
        po = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(str(mo))
    if stale:
        pytest.fail(
            "compiled catalogues missing or older than their .po: "
            + ", ".join(stale)
            + " (make test compiles them; or run `anlaufstelle compilemessages`)"
        )


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def agencies(db):
    def make(code: str, name: str, kind: str) -> Agency:
        return Agency.objects.create(
            code=code,
            name=name,
            kind=kind,
            controller_name=f"Stadt Musterstadt, {name}",
            legal_basis={"de": "Art. 6 Abs. 1 lit. e DSGVO"},
        )

    # The legal bases the demo centre ships (privacy/defaults.py): what the access decision
    # allows between these agencies without a consent.
    install_defaults()
    return {
        "reception": make("lotsen", "Lotsendienst", Agency.Kind.GUIDES),
        "foreigners": make("abh", "Ausländerbehörde", Agency.Kind.FOREIGNERS_AUTHORITY),
        "jobcenter": make("jobcenter", "Jobcenter", Agency.Kind.JOBCENTER),
        "city": make("stadt", "Stadtverwaltung", Agency.Kind.OTHER),
    }


@pytest.fixture
def services(agencies):
    registration = Service.objects.create(
        code="registration",
        leika_key="99115001000000",
        agency=agencies["reception"],
        names={"de": "Anmeldung", "en": "Registration"},
        typical_minutes=4,
        per_person_factor=0.4,
    )
    residence = Service.objects.create(
        code="residence",
        leika_key="99010003000000",
        agency=agencies["foreigners"],
        names={"de": "Aufenthaltstitel", "en": "Residence permit"},
        typical_minutes=6,
        per_person_factor=0.5,
    )
    residence.prerequisites.add(registration)
    return {"registration": registration, "residence": residence}


def _staff(username: str, agency: Agency | None, roles: list[str], **names: str):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=names.get("first", ""),
        last_name=names.get("last", ""),
    )
    if agency is not None:
        StaffMember.objects.create(user=user, agency=agency, roles=roles, languages=["de"])
    return user


@pytest.fixture
def personas(agencies):
    """The people of the tests: each stands for one kind of user of the centre."""
    return {
        "reception": _staff(
            "rezeption", agencies["reception"], [Role.RECEPTION], first="Rita", last="Empfang"
        ),
        "foreigners_officer": _staff(
            "abh.officer", agencies["foreigners"], [Role.DESK_OFFICER], first="Anton", last="Amt"
        ),
        "jobcenter_officer": _staff(
            "jc.officer", agencies["jobcenter"], [Role.DESK_OFFICER], first="Jana", last="Job"
        ),
        "coordinator": _staff(
            "koordination", agencies["city"], [Role.COORDINATOR], first="Kai", last="Koordinator"
        ),
        "data_protection": _staff(
            "datenschutz", agencies["city"], [Role.DATA_PROTECTION], first="Dora", last="Daten"
        ),
        "administrator": _staff(
            "admin", agencies["city"], [Role.ADMINISTRATOR], first="Ada", last="Admin"
        ),
        # An adviser of a partner organisation, which no legal basis of the house reaches.
        "partner": _staff(
            "berater",
            Agency.objects.create(
                code="mbe",
                name="Migrationsberatung",
                kind=Agency.Kind.PARTNER,
                controller_name="Caritasverband Musterstadt e. V.",
                legal_basis={"de": "Art. 6 Abs. 1 lit. a DSGVO"},
            ),
            [Role.PARTNER],
            first="Paula",
            last="Partner",
        ),
        "outsider": _staff("aussen", None, []),
    }


@pytest.fixture
def client_for(personas):
    def make(name: str) -> Client:
        client = Client()
        client.force_login(personas[name])
        return client

    return make


@pytest.fixture
def _audit_guard_back(django_db_blocker):
    """Set up before the database fixture, so torn down after its final emptying: puts the
    audit tables' append-only guards back."""
    yield
    with django_db_blocker.unblock():
        set_all_guards(True)


@pytest.fixture
def committed_db(_audit_guard_back, transactional_db):
    """Rows committed for real, so that other connections (two desks at once, in threads) see
    them. Such a test ends by emptying every table, which the audit tables' append-only guards
    refuse: the guards are lifted for that and put back afterwards (`_audit_guard_back`)."""
    yield
    set_all_guards(False)
