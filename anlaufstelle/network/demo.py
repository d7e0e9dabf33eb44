"""The demo's pinboard: posts of the centre and its partners in German with translations, one
in Ukrainian from the town, and one sent through the guide that waits for moderation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from anlaufstelle.cases.models import Case
from anlaufstelle.cases.services import refer
from anlaufstelle.core.roles import Role
from anlaufstelle.network.models import (
    Answer,
    Offer,
    PartnerProfile,
    Post,
    PostText,
    State,
    Topic,
    TopicState,
)
from anlaufstelle.organisation.models import Agency, StaffMember
from anlaufstelle.privacy.consents import FORM_VERSION
from anlaufstelle.privacy.models import Consent

POSTS: list[dict[str, Any]] = [
    {
        "kind": "job",
        "language": "de",
        "title": "Küchenhilfe in Teilzeit gesucht",
        "body": "Gasthaus im Zentrum sucht ab sofort Unterstützung in der Küche, 20 Stunden "
        "die Woche. Deutschkenntnisse A2 genügen.",
        "contact": "Gasthaus Linde, 0341 555 0100",
        "days": 30,
        "texts": {
            "uk": (
                "Шукаємо помічника на кухню, неповний день",
                "Ресторан у центрі шукає "
                "помічника на кухню, 20 годин на тиждень. Достатньо німецької A2.",
            ),
            "ar": (
                "مطلوب مساعد مطبخ بدوام جزئي",
                "مطعم في وسط المدينة يبحث عن مساعد في "
                "المطبخ، 20 ساعة أسبوعياً. تكفي اللغة الألمانية بمستوى A2.",
            ),
        },
    },
    {
        "kind": "event",
        "language": "de",
        "title": "Sprachcafé jeden Dienstag",
        "body": "Deutsch sprechen bei Kaffee und Tee, 17 bis 19 Uhr im Stadtteilzentrum. "
        "Kinder sind willkommen.",
        "contact": "Stadtteilzentrum Ost",
        "days": 60,
        "texts": {
            "uk": (
                "Мовне кафе щовівторка",
                "Розмовляємо німецькою за кавою та чаєм, з 17 до "
                "19 години в районному центрі. Діти — ласкаво просимо.",
            ),
        },
    },
    {
        "kind": "giveaway",
        "language": "uk",
        "title": "Віддам дитяче ліжечко",
        "body": "Дитяче ліжечко з матрацом, у гарному стані. Забрати в Ґрюнау.",
        "contact": "olena.demo@example.org",
        "days": 14,
        "texts": {},
    },
]
PENDING = {
    "kind": "flat",
    "language": "ru",
    "title": "Сдаётся комната",
    "body": "Комната 14 м² в квартире с двумя соседями, с 1-го числа.",
    "contact": "+49 341 555 0177",
    "days": 30,
}


def load(*, moderator: Any, today: date | None = None) -> int:
    today = today or timezone.localdate()
    now = timezone.now()
    for spec in POSTS:
        post = Post.objects.create(
            **_fields(spec, today),
            state=State.PUBLISHED,
            posted_by=moderator,
            moderated_by=moderator,
            moderated_at=now,
        )
        for language, (title, body) in spec["texts"].items():
            PostText.objects.create(post=post, language=language, title=title, body=body)
    Post.objects.create(**_fields(PENDING, today), state=State.PENDING)
    _open_mic(moderator)
    _offers()
    _referrals()
    return len(POSTS) + 1


# What the lead office writes to the migration counselling with each referral.
REFERRAL_NOTE = "Bitte Beratung zu Schulden und Wohnungssuche; gern auf Ukrainisch oder Russisch."


def _referrals() -> None:
    """Three visitors with a case agreed that the migration counselling may see who they are and
    how to reach them, and their case's lead office referred them there: the partner's adviser
    (`beratung`) finds the referrals on their start page and sees no one else."""
    advice = Agency.objects.get(code="migrationsberatung")
    now = timezone.now()
    for case in Case.objects.select_related("lead", "person").order_by("pk")[:3]:
        person = case.person
        consent = Consent(
            person=person,
            categories=["identity", "contact"],
            purposes=["casework"],
            text_version=FORM_VERSION,
            language=person.languages[0] if person.languages else "de",
            how=Consent.How.SIGNED,
            evidence="Formular in der Migrationsberatung unterschrieben",
            valid_from=now - timedelta(days=2),
            valid_until=now + timedelta(days=365),
        )
        consent.full_clean()
        consent.save()
        consent.recipients.set([advice])
        # One of the lead office's desk officers asks, as at their desk (audited as theirs).
        officer = (
            StaffMember.objects.filter(agency=case.lead, roles__icontains=Role.DESK_OFFICER)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        assert officer is not None, case.lead
        refer(
            user=officer.user,
            case_id=case.pk,
            data={
                "to_agency": advice,
                "categories": ["identity", "contact"],
                "kind": "share",
                "note": REFERRAL_NOTE,
            },
        )


# A partner works with a person's data only on their consent.
CONSENT = {
    "de": "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung der Person)",
    "en": "Art. 6(1)(a) GDPR (the person's consent)",
}


def _offers() -> None:
    """Two partner organisations of the town and what they offer."""
    advice = Agency.objects.get(code="migrationsberatung")  # with its login (demo/story.py)
    club = Agency.objects.create(
        code="sportverein", name="SV Grünau 1990 e. V.", kind=Agency.Kind.PARTNER,
        controller_name="SV Grünau 1990 e. V.", legal_basis=CONSENT,
    )  # fmt: skip
    PartnerProfile.objects.create(
        agency=advice, kind="Wohlfahrtsverband", contact="0341 555 0300",
        website="https://example.org/migrationsberatung", languages=["de", "uk", "ru", "ar"],
        locations="Straße des 18. Oktober 10, 04103 Leipzig", opening_hours="Mo–Fr 9–15 Uhr",
        target_groups="Erwachsene ab 27 Jahren",
    )  # fmt: skip
    PartnerProfile.objects.create(
        agency=club, kind="Sportverein", contact="info@example.org", languages=["de", "uk"],
        locations="Sportplatz Grünau, Stuttgarter Allee\nTurnhalle Schönauer Straße",
        target_groups="Kinder und Jugendliche",
    )  # fmt: skip
    Offer.objects.create(
        agency=advice, kind="counselling", languages=["de", "uk", "ru", "ar"],
        title={"de": "Migrationsberatung", "uk": "Консультації для мігрантів",
               "ar": "استشارات للمهاجرين"},
        description={
            "de": "Beratung zu Aufenthalt, Arbeit, Wohnung und Familie, ohne Termin dienstags.",
            "uk": "Консультації щодо перебування, роботи, житла та сім'ї; у вівторок без запису.",
            "ar": "استشارات حول الإقامة والعمل والسكن والأسرة، بدون موعد يوم الثلاثاء.",
        },
        where="Straße des 18. Oktober 10, 04103 Leipzig", when="Di 9–15 Uhr",
        contact="0341 555 0300", target_groups="Erwachsene ab 27",
    )  # fmt: skip
    Offer.objects.create(
        agency=advice, kind="debt", languages=["de", "ru"],
        title={"de": "Schuldnerberatung"},
        description={"de": "Hilfe bei Schulden und Mahnungen, nach Terminvereinbarung."},
        where="Straße des 18. Oktober 10, 04103 Leipzig", contact="0341 555 0301",
    )  # fmt: skip
    Offer.objects.create(
        agency=club, kind="sports", languages=["de", "uk"],
        title={"de": "Fußball für Kinder und Jugendliche", "uk": "Футбол для дітей і підлітків"},
        description={
            "de": "Training zweimal die Woche, Ausrüstung wird gestellt, kostenlos.",
            "uk": "Тренування двічі на тиждень, спорядження надаємо, безкоштовно.",
        },
        where="Sportplatz Grünau, Stuttgarter Allee", when="Mo und Do 16–18 Uhr",
        target_groups="6 bis 16 Jahre",
    )  # fmt: skip


def _open_mic(moderator: Any) -> None:
    """One topic taken up with an answer, one open, one waiting for moderation."""
    bus = Topic.objects.create(
        kind="problem", language="uk", state=TopicState.TAKEN_UP, decided_by=moderator,
        title="Немає вечірнього автобуса до гуртожитку",
        body="Останній автобус від центру до гуртожитку на Мессе їде о 18:00.",
        outcome="Die Verkehrsbetriebe fahren ab Januar eine Linie bis 21 Uhr.",
    )  # fmt: skip
    Answer.objects.create(
        topic=bus, language="de", author=moderator, agency="Koordinierungsstab",
        body="Wir haben die Verkehrsbetriebe gefragt.",
    )  # fmt: skip
    Topic.objects.create(
        kind="idea", language="de", state=TopicState.OPEN, raised_by=moderator,
        title="Spielecke im Wartebereich", body="Kinder warten oft lange; Spielsachen helfen.",
    )  # fmt: skip
    Topic.objects.create(
        kind="problem", language="ar", state=TopicState.PENDING,
        title="لا توجد ترجمة في مكتب البنك", body="نحتاج مترجماً في مكتب البنك صباحاً.",
    )  # fmt: skip


def _fields(spec: dict[str, Any], today: date) -> dict[str, Any]:
    keep = ("kind", "language", "title", "body", "contact")
    return {**{k: spec[k] for k in keep}, "expires_on": today + timedelta(days=spec["days"])}
