"""A partner organisation keeps its own profile and offers (shown at once in the guide and to
the desks), and everyone of the house puts posts on the pinboard and takes their own
organisation's off."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.network.models import Offer, PartnerProfile, Post, State
from tests.conftest import in_english

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)

PROFILE = {
    "kind": "Wohlfahrtsverband",
    "contact": "0341 555 0300",
    "website": "https://example.org/beratung",
    "languages": ["de", "uk"],
    "locations": "Musterstraße 1, 04103 Leipzig",
    "opening_hours": "Mo–Fr 9–15 Uhr",
    "target_groups": "Erwachsene",
}


def _offer(**texts: str) -> dict[str, object]:
    return {
        "submission": str(uuid.uuid4()),
        "kind": "debt",
        "languages": ["de", "uk"],
        "where": "Musterstraße 1",
        "when": "Di 10–12 Uhr",
        "contact": "0341 555 0300",
        "target_groups": "Erwachsene",
        "active": "on",
        "title_de": "Schuldnerberatung",
        "description_de": "Wir helfen bei Schulden.",
        **texts,
    }


@pytest.fixture
def adviser(client_for):
    return client_for("partner")


def test_the_partner_writes_its_profile_and_the_desks_see_it(adviser, client_for, personas):
    page = reverse("network:partner_profile")
    assert adviser.get(page).status_code == 200
    assert adviser.post(page, PROFILE).status_code == 302
    saved = PartnerProfile.objects.get(agency=personas["partner"].staff_member.agency)
    assert saved.languages == ["de", "uk"] and saved.version == 1
    desks = client_for("jobcenter_officer").get(reverse("network:offers")).content.decode()
    assert "Musterstraße 1, 04103 Leipzig" in desks


def test_two_advisers_editing_the_profile_at_once_the_second_is_told(adviser, personas):
    page = reverse("network:partner_profile")
    adviser.post(page, PROFILE)
    adviser.post(page, {**PROFILE, "version": 1, "opening_hours": "Mo 9–12 Uhr"})
    stale = adviser.post(page, {**PROFILE, "version": 1, "opening_hours": "Fr 9–12 Uhr"})
    assert stale.status_code == 409
    assert "Saved meanwhile by someone else" in stale.content.decode()
    saved = PartnerProfile.objects.get(agency=personas["partner"].staff_member.agency)
    assert saved.opening_hours == "Mo 9–12 Uhr" and saved.version == 2


def test_an_offer_in_ukrainian_is_shown_in_the_guide_in_ukrainian(adviser, client):
    sent = _offer(title_uk="Консультація з боргів", description_uk="Допомагаємо з боргами.")
    assert adviser.post(reverse("network:offer_new"), sent).status_code == 302
    # The same form sent again adds the offer once.
    adviser.post(reverse("network:offer_new"), sent)
    offer = Offer.objects.get()
    assert offer.title == {"de": "Schuldnerberatung", "uk": "Консультація з боргів"}
    guide = client.get(reverse("pinboard:offers", kwargs={"lang": "uk"})).content.decode()
    assert "Консультація з боргів" in guide
    arabic = client.get(reverse("pinboard:offers", kwargs={"lang": "ar"})).content.decode()
    assert "Schuldnerberatung" in arabic  # no Arabic text: the German one


def test_a_title_without_its_description_is_refused_and_nothing_is_added(adviser):
    answer = adviser.post(reverse("network:offer_new"), _offer(title_ar="استشارة الديون"))
    assert answer.status_code == 400
    assert "Write both the title and the description, or neither." in answer.content.decode()
    assert not Offer.objects.exists()


def test_the_partner_edits_and_hides_its_offer(adviser, client):
    adviser.post(reverse("network:offer_new"), _offer())
    offer = Offer.objects.get()
    page = reverse("network:offer_edit", kwargs={"offer_id": offer.pk})
    assert "Schuldnerberatung" in adviser.get(page).content.decode()
    edited = _offer(title_de="Schuldner- und Insolvenzberatung", version=1)
    del edited["active"]
    assert adviser.post(page, edited).status_code == 302
    offer.refresh_from_db()
    assert offer.title["de"] == "Schuldner- und Insolvenzberatung" and not offer.active
    guide = client.get(reverse("pinboard:offers", kwargs={"lang": "de"})).content.decode()
    assert "Insolvenzberatung" not in guide
    stale = adviser.post(page, _offer(title_de="Alt", version=1))
    assert stale.status_code == 409
    offer.refresh_from_db()
    assert offer.title["de"] == "Schuldner- und Insolvenzberatung"


def test_another_organisations_offer_is_refused(adviser, agencies):
    other = Offer.objects.create(
        agency=agencies["jobcenter"],
        kind="course",
        title={"de": "Bewerbungstraining"},
        description={"de": "Jeden Montag."},
        where="Jobcenter",
    )
    page = reverse("network:offer_edit", kwargs={"offer_id": other.pk})
    assert adviser.get(page).status_code == 403
    assert adviser.post(page, _offer(version=1)).status_code == 403
    other.refresh_from_db()
    assert other.title == {"de": "Bewerbungstraining"}


def test_a_desk_officer_cannot_keep_a_partners_page(client_for):
    assert client_for("jobcenter_officer").get(reverse("network:partner")).status_code == 403


def _post(who: Client, title: str) -> None:
    answer = who.post(
        reverse("network:posts"),
        {
            "submission": str(uuid.uuid4()),
            "kind": "event",
            "language": "de",
            "title": title,
            "body": "Jeden Donnerstag um 17 Uhr.",
            "contact": "Migrationsberatung",
            "expires_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    assert answer.status_code == 302


def test_the_partners_post_is_on_the_board_at_once_and_its_colleague_takes_it_off(
    adviser, client, personas
):
    _post(adviser, "Sprachcafé")
    post = Post.objects.get(title="Sprachcafé")
    assert post.state == State.PUBLISHED and post.posted_by == personas["partner"]
    board = client.get(reverse("pinboard:board", kwargs={"lang": "de"})).content.decode()
    assert "Sprachcafé" in board
    # Another organisation's officer neither lists it nor takes it off.
    officer = Client()
    officer.force_login(personas["jobcenter_officer"])
    assert "Sprachcafé" not in officer.get(reverse("network:posts")).content.decode()
    withdraw = reverse("network:withdraw", kwargs={"post_id": post.pk})
    assert officer.post(withdraw, {"version": post.version}).status_code == 403
    post.refresh_from_db()
    assert post.state == State.PUBLISHED
    # Its own organisation does.
    assert "Sprachcafé" in adviser.get(reverse("network:posts")).content.decode()
    assert adviser.post(withdraw, {"version": post.version}).status_code == 302
    post.refresh_from_db()
    assert post.state == State.WITHDRAWN
    board = client.get(reverse("pinboard:board", kwargs={"lang": "de"})).content.decode()
    assert "Sprachcafé" not in board


def test_a_withdrawal_on_a_version_moved_on_changes_nothing(adviser):
    _post(adviser, "Sprachcafé")
    post = Post.objects.get()
    withdraw = reverse("network:withdraw", kwargs={"post_id": post.pk})
    answer = adviser.post(withdraw, {"version": post.version + 1}, follow=True)
    assert "The post was changed meanwhile" in answer.content.decode()
    post.refresh_from_db()
    assert post.state == State.PUBLISHED


def test_a_profile_without_its_languages_is_refused_and_nothing_saved(adviser):
    answer = adviser.post(reverse("network:partner_profile"), {**PROFILE, "languages": []})
    assert answer.status_code == 400
    assert "This field is required." in answer.content.decode()
    assert not PartnerProfile.objects.exists()
