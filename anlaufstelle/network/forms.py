from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from anlaufstelle.appointments.forms import check_stamp, shown_stamp
from anlaufstelle.core.forms import CheckboxGrid, DateInput, KernFormMixin, submission_key_field
from anlaufstelle.core.validators import validate_multiline_characters, validate_text_characters
from anlaufstelle.network.models import Offer, PartnerProfile, Post, Topic
from anlaufstelle.people.forms import VersionedEdit, language_choices

# A post stays on the board at most this long; the poster may choose less.
MAX_DAYS = 90


class PostForm(KernFormMixin, forms.ModelForm):
    submission = submission_key_field()

    class Meta:
        model = Post
        fields = ["kind", "language", "title", "body", "contact", "expires_on"]
        widgets = {"expires_on": DateInput(), "body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, language: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("language", language)
            self.initial.setdefault("expires_on", timezone.localdate() + timedelta(days=30))

    def clean_expires_on(self) -> Any:
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("This date has passed."))
        if day > today + timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("A post is shown for at most 90 days."))
        return day


class ScriptGuard(forms.Form):
    """For forms anyone may send through the guide: a field no person fills in (it stands out
    of sight) and the time the form was shown, against scripts that post in bulk."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["shown"] = shown_stamp()

    def clean_shown(self) -> str:
        return check_stamp(self.cleaned_data.get("shown", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be sent. Please try again."))
        return data


class PublicPostForm(ScriptGuard, PostForm):
    """The pinboard's form in the guide."""

    def post_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class DecisionForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[
            ("publish", _("Publish")),
            ("reject", _("Reject")),
            ("withdraw", _("Withdraw")),
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label=_("Reason (for a rejection)"), max_length=200, required=False)


class TextForm(KernFormMixin, forms.Form):
    post = forms.TypedChoiceField(label=_("Post"), coerce=int)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=120, validators=[validate_text_characters])
    body = forms.CharField(
        label=_("Text"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_multiline_characters],
    )

    def __init__(self, *args: Any, posts: list[Post], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["post"]
        field.choices = [(p.pk, p.title) for p in posts]  # type: ignore[attr-defined]


class ReportForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=300,
        validators=[validate_text_characters],
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be sent. Please try again."))
        return data


class TopicForm(KernFormMixin, forms.ModelForm):
    submission = submission_key_field()

    class Meta:
        model = Topic
        fields = ["kind", "language", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, language: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("language", language)

    def topic_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class PublicTopicForm(ScriptGuard, TopicForm):
    """The open mic's form in the guide."""


class AnswerForm(KernFormMixin, forms.Form):
    submission = submission_key_field()
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    body = forms.CharField(
        label=_("Your answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_multiline_characters],
    )


class TopicDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("open", "open"), ("take_up", "take_up"), ("reject", "reject")]
    )
    outcome = forms.CharField(
        required=False, max_length=2000, validators=[validate_multiline_characters]
    )


# --- A partner's own page --------------------------------------------------------------------


def _languages_spoken() -> forms.MultipleChoiceField:
    # Required, as on the model: the desks refer by language.
    return forms.MultipleChoiceField(
        label=capfirst(_("languages spoken")),
        choices=language_choices,
        widget=CheckboxGrid,
    )


class ProfileForm(KernFormMixin, VersionedEdit):
    """What the guide and the desks show of the partner organisation, kept by its advisers."""

    languages = _languages_spoken()
    website = forms.URLField(label=capfirst(_("website")), required=False, assume_scheme="https")

    class Meta:
        model = PartnerProfile
        fields = [
            "kind",
            "contact",
            "website",
            "languages",
            "locations",
            "opening_hours",
            "target_groups",
        ]
        widgets = {"locations": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A profile not yet saved has no version to carry.
        self.fields["version"].required = self.instance.pk is not None


# The class KernFormMixin gives text inputs; the texts by language are added after it ran.
KERN_INPUT = "kern-form-input__input"


class OfferForm(KernFormMixin, VersionedEdit):
    """An offer of the partner, with its title and description in German (required) and in
    each other language of the guide that the partner writes (nothing is machine-translated)."""

    submission = submission_key_field()
    languages = _languages_spoken()

    class Meta:
        model = Offer
        fields = ["kind", "languages", "where", "when", "contact", "target_groups", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = self.instance.pk is not None
        # Adding an offer is a creating form (its key); an edit carries the version instead.
        self.fields["submission"].required = self.instance.pk is None
        for code, name in settings.LANGUAGES:
            german = code == "de"
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=120,
                required=german,
                validators=[validate_text_characters],
                widget=forms.TextInput(attrs={"lang": code, "dir": "auto", "class": KERN_INPUT}),
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name},
                max_length=2000,
                required=german,
                widget=forms.Textarea(
                    attrs={"rows": 3, "lang": code, "dir": "auto", "class": KERN_INPUT}
                ),
                validators=[validate_multiline_characters],
            )
            if not self.is_bound and self.instance.pk:
                self.initial[f"title_{code}"] = self.instance.title.get(code, "")
                self.initial[f"description_{code}"] = self.instance.description.get(code, "")

    def general_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._meta.fields or ()]

    def texts(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        """Per language of the guide: its code, its name, and the title and description."""
        return [
            (code, name, self[f"title_{code}"], self[f"description_{code}"])
            for code, name in settings.LANGUAGES
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for code, _name in settings.LANGUAGES:
            title = cleaned.get(f"title_{code}", "").strip()
            text = cleaned.get(f"description_{code}", "").strip()
            # A language is shown only with both; one of them alone would show half in German.
            if bool(title) != bool(text):
                missing = f"description_{code}" if title else f"title_{code}"
                self.add_error(missing, _("Write both the title and the description, or neither."))
        return cleaned

    def edit_data(self) -> dict[str, Any]:
        """The fields of the offer, with the texts gathered by language."""
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("version", "submission") and not k.startswith(("title_", "description_"))
        }
        data["title"], data["description"] = {}, {}
        for code, _name in settings.LANGUAGES:
            title = self.cleaned_data.get(f"title_{code}", "").strip()
            if title:
                data["title"][code] = title
                data["description"][code] = self.cleaned_data[f"description_{code}"].strip()
        return data


class WithdrawForm(forms.Form):
    version = forms.IntegerField(min_value=1)
