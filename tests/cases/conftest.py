"""A case of Olena, registered at reception, led by the Jobcenter; a youth office beside the
agencies of tests/conftest.py, and the media folder in a temporary place."""

from __future__ import annotations

from datetime import date

import pytest

from anlaufstelle.cases import services
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Person
from tests.conftest import _staff, in_english

english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def youth_office(agencies):
    return Agency.objects.create(
        code="jugendamt", name="Jugendamt", kind=Agency.Kind.YOUTH_OFFICE, controller_name="Stadt"
    )


@pytest.fixture
def youth_officer(youth_office):
    return _staff("ja.officer", youth_office, [Role.DESK_OFFICER], first="Jo", last="Jugend")


@pytest.fixture
def sealed_note(personas, case, youth_office, youth_officer):
    """Writes a youth-office note into the case (the youth office takes part through a task):
    sealed, for that agency only."""

    def write(text: str) -> None:
        services.add_task(
            user=personas["jobcenter_officer"],
            case_id=case.pk,
            data={"agency": youth_office, "title": "Hilfeplan"},
        )
        services.add_note(user=youth_officer, case_id=case.pk, category="youth_office", text=text)

    return write


@pytest.fixture
def olena(agencies):
    return Person.objects.create(
        family_name="Koval",
        given_names="Olena",
        birth_date=date(1990, 5, 1),
        registered_by=agencies["reception"],
    )


@pytest.fixture
def case(personas, olena):
    opened, _new = services.open_case(
        user=personas["jobcenter_officer"], person_id=olena.pk, data={"title": "Grundsicherung"}
    )
    return opened
