"""The pinboard of the centre's network (jobs, flats, events, things to give away): posted by
staff, or by anyone through the guide and then moderated; each post in its own language with
translations staff add, an expiry, and reports of abuse. No visitor's data: a post says what
is offered and how to reach whoever offers it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.fields import staff_field
from anlaufstelle.core.languages import validate_language_codes, validate_translations
from anlaufstelle.core.validators import validate_multiline_characters, validate_text_characters


class Kind(models.TextChoices):
    JOB = "job", _("job")
    FLAT = "flat", _("flat or room")
    EVENT = "event", _("event")
    GIVEAWAY = "giveaway", _("to give away")


class State(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Post(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=120, validators=[validate_text_characters])
    body = models.TextField(_("text"), max_length=2000, validators=[validate_multiline_characters])
    contact = models.CharField(
        _("how to reach whoever offers it"),
        max_length=200,
        validators=[validate_text_characters],
        help_text=_("An organisation, a phone number or an e-mail address of the one offering."),
    )
    expires_on = models.DateField(_("shown until"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
        help_text=_("Empty for a post sent through the guide."),
    )
    created = models.DateTimeField(_("posted"), default=timezone.now)
    moderated_by = staff_field(_("moderated by"), keep=False)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason"), max_length=200, blank=True)
    # Optimistic version: two moderators deciding at once, the second is told.
    version = models.PositiveIntegerField(default=1)
    # A form sent twice posts once.
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("pinboard post")
        verbose_name_plural = _("pinboard posts")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title


class PostText(models.Model):
    """The post in another language, written by staff (nothing is machine-translated)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=120, validators=[validate_text_characters])
    body = models.TextField(_("text"), max_length=2000, validators=[validate_multiline_characters])

    class Meta:
        verbose_name = _("translation of a post")
        verbose_name_plural = _("translations of posts")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "language"], name="network_one_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post_id} ({self.language})"


class Report(models.Model):
    """A reader's report of abuse; three open reports take a post off the board until a
    moderator has looked at it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(
        _("what is wrong"), max_length=300, validators=[validate_text_characters]
    )
    created = models.DateTimeField(_("reported"), default=timezone.now)
    handled_at = models.DateTimeField(_("looked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"report on {self.post_id}"


class Raised(models.TextChoices):
    PROBLEM = "problem", _("a problem")
    IDEA = "idea", _("an idea")


class TopicState(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    OPEN = "open", _("open")
    TAKEN_UP = "taken_up", _("taken up")
    REJECTED = "rejected", _("rejected")


class Topic(models.Model):
    """The "open mic": anyone raises a problem or an idea in their language, others answer,
    and the coordination marks it taken up with what came of it."""

    kind = models.CharField(_("kind"), max_length=10, choices=Raised.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=120, validators=[validate_text_characters])
    body = models.TextField(_("text"), max_length=2000, validators=[validate_multiline_characters])
    state = models.CharField(
        _("state"), max_length=10, choices=TopicState.choices, default=TopicState.PENDING
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
        help_text=_("Empty for a topic raised through the guide."),
    )
    created = models.DateTimeField(_("raised"), default=timezone.now)
    outcome = models.TextField(
        _("what came of it"), blank=True, validators=[validate_multiline_characters]
    )
    decided_by = staff_field(_("decided by"), keep=False)
    version = models.PositiveIntegerField(default=1)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("open-mic topic")
        verbose_name_plural = _("open-mic topics")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="answers")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(
        _("answer"), max_length=2000, validators=[validate_multiline_characters]
    )
    author = staff_field(_("by"))
    agency = models.CharField(_("for"), max_length=200, blank=True)
    created = models.DateTimeField(_("answered"), default=timezone.now)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"answer to {self.topic_id}"


class OfferKind(models.TextChoices):
    COUNSELLING = "counselling", _("counselling")
    COURSE = "course", _("course")
    SPORTS = "sports", _("sports and leisure")
    CHILDCARE = "childcare", _("childcare")
    DEBT = "debt", _("debt advice")
    HEALTH = "health", _("health")
    OTHER = "other", _("other")


class Offer(models.Model):
    """What a partner organisation (or an agency of the house) offers: shown in the guide in
    the visitor's language, and to the desks as where to refer someone. Texts by language code,
    German required; set up in the Django admin."""

    agency = models.ForeignKey(
        "organisation.Agency",
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("offered by"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=OfferKind.choices)
    title = models.JSONField(
        _("title"),
        validators=[validate_translations],
        help_text=_("By language code; German required."),
    )
    description = models.JSONField(
        _("description"),
        validators=[validate_translations],
        help_text=_("By language code; German required."),
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, validators=[validate_language_codes]
    )
    where = models.CharField(_("where"), max_length=200, validators=[validate_text_characters])
    when = models.CharField(
        _("when"), max_length=200, blank=True, validators=[validate_text_characters]
    )
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, validators=[validate_text_characters]
    )
    target_groups = models.CharField(
        _("for whom"), max_length=200, blank=True, validators=[validate_text_characters]
    )
    active = models.BooleanField(_("shown"), default=True)
    # Optimistic version: two advisers of the partner editing the offer at once, the second
    # is told.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return str(self.title.get("de", ""))


class PartnerProfile(models.Model):
    """What the guide and the desks need to know of a partner organisation (an agency of the
    kind "partner organisation"): whom it serves, in which languages, where and when."""

    agency = models.OneToOneField(
        "organisation.Agency",
        on_delete=models.CASCADE,
        related_name="partner_profile",
        verbose_name=_("organisation"),
        limit_choices_to={"kind": "partner"},
    )
    kind = models.CharField(
        _("kind of organisation"),
        max_length=120,
        validators=[validate_text_characters],
        help_text=_("e.g. welfare association, sports club, migrant organisation"),
    )
    contact = models.CharField(_("contact"), max_length=200, validators=[validate_text_characters])
    website = models.URLField(_("website"), blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, validators=[validate_language_codes]
    )
    locations = models.TextField(
        _("locations"), validators=[validate_multiline_characters], help_text=_("One per line.")
    )
    opening_hours = models.CharField(
        _("opening hours"), max_length=200, blank=True, validators=[validate_text_characters]
    )
    target_groups = models.CharField(
        _("for whom"), max_length=200, blank=True, validators=[validate_text_characters]
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return str(self.agency)
