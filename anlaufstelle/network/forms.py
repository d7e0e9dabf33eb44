from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.appointments.forms import check_stamp, shown_stamp
from anlaufstelle.core.forms import DateInput, KernFormMixin, submission_key_field
from anlaufstelle.network.models import Post, Topic

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
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, posts: list[Post], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["post"]
        field.choices = [(p.pk, p.title) for p in posts]  # type: ignore[attr-defined]


class ReportForm(KernFormMixin, forms.Form):
    reason = forms.CharField(label=_("What is wrong with this post?"), max_length=300)
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
        label=_("Your answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TopicDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("open", "open"), ("take_up", "take_up"), ("reject", "reject")]
    )
    outcome = forms.CharField(required=False, max_length=2000)
