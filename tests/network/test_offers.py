"""The partners' offers: in the guide in the visitor's language or in German marked so, by
kind; for the desks as where to refer someone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from anlaufstelle.network import services
from anlaufstelle.network.models import Offer, PartnerProfile
from anlaufstelle.organisation.models import Agency
from tests.conftest import in_english

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture
def offers(db):
    partner = Agency.objects.create(
        code="beratung", name="Beratung e. V.", kind="partner", controller_name="Beratung e. V."
    )
    Offer.objects.create(
        agency=partner, kind="counselling", languages=["de", "uk"], where="Hauptstraße 1",
        title={"de": "Beratung", "uk": "Консультації"},
        description={"de": "Dienstags offen.", "uk": "Відчинено у вівторок."},
    )  # fmt: skip
    Offer.objects.create(
        agency=partner, kind="sports", where="Sportplatz", title={"de": "Fußball"},
        description={"de": "Zweimal die Woche."},
    )  # fmt: skip
    Offer.objects.create(
        agency=partner, kind="course", where="Schule", title={"de": "Alt"},
        description={"de": "Vorbei."}, active=False,
    )  # fmt: skip


def test_offers_in_the_visitors_language_or_german_marked(client, offers):
    page = client.get(reverse("pinboard:offers", kwargs={"lang": "uk"})).content.decode()
    assert "Консультації" in page and "Відчинено у вівторок." in page
    assert 'lang="de"' in page and "Fußball" in page  # no Ukrainian text: German, marked
    assert "Alt" not in page  # not shown


def test_offers_by_kind(offers):
    assert [o.title for o in services.offers("en", kind="sports")] == ["Fußball"]


def test_a_german_title_is_required(offers):
    offer = Offer(
        agency=Agency.objects.get(code="beratung"), kind="other", where="X",
        title={"uk": "Тільки українською"}, description={"de": "Text"},
    )  # fmt: skip
    with pytest.raises(Exception, match="German text is required"):
        offer.full_clean()


def test_the_desks_see_the_offers_to_refer_to(client_for, offers):
    page = client_for("jobcenter_officer").get(reverse("network:offers")).content.decode()
    assert "Beratung e. V." in page and "Fußball" in page


def test_partner_organisations_are_shown_with_whom_they_serve_where_and_when(client, offers):
    PartnerProfile.objects.create(
        agency=Agency.objects.get(code="beratung"), kind="Wohlfahrtsverband",
        contact="0341 555 0300", languages=["uk", "ar"], locations="Hauptstraße 1\nNebenweg 2",
        opening_hours="Mo–Fr 9–15 Uhr", target_groups="Erwachsene",
    )  # fmt: skip
    page = client.get(reverse("pinboard:offers", kwargs={"lang": "en"})).content.decode()
    assert "Our partner organisations" in page and "Wohlfahrtsverband" in page
    assert "Nebenweg 2" in page and "Mo–Fr 9–15 Uhr" in page and "Arabic" in page


def test_the_desks_read_an_offer_in_their_own_language_where_it_has_one(
    client_for, personas, settings
):
    Offer.objects.create(
        agency=personas["partner"].staff_member.agency, kind="debt", where="X",
        title={"de": "Schuldnerberatung", "uk": "Консультація з боргів"},
        description={"de": "Hilfe.", "uk": "Допомога."},
    )  # fmt: skip
    officer = client_for("jobcenter_officer")
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = officer.get(reverse("network:offers")).content.decode()
    assert "Консультація з боргів" in page and "Schuldnerberatung" not in page
