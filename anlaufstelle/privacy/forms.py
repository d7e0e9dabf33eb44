"""Forms of the consent pages: what the signed form says, box by box, and a withdrawal."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.categories import Category
from anlaufstelle.core.forms import (
    CheckboxGrid,
    DateInput,
    KernFormMixin,
    StaffChoice,
    submission_key_field,
)
from anlaufstelle.core.languages import UI_LANGUAGE_CODES
from anlaufstelle.organisation.models import Agency
from anlaufstelle.privacy.consents import CONSENT_CATEGORIES, CONSENT_PURPOSES
from anlaufstelle.privacy.models import Consent


def form_languages() -> list[tuple[str, str]]:
    """The languages the form is printed in, each named in its own script."""
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in UI_LANGUAGE_CODES]


class ConsentForm(KernFormMixin, forms.Form):
    """The boxes of the signed paper form, copied as ticked: never more."""

    recipients = forms.ModelMultipleChoiceField(
        label=_("To whom"),
        queryset=Agency.objects.none(),
        widget=CheckboxGrid,
        help_text=_("Only the agencies ticked on the signed form."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Which data"),
        choices=[(c.value, c.label) for c in CONSENT_CATEGORIES],
        widget=CheckboxGrid,
    )
    purposes = forms.MultipleChoiceField(
        label=_("What for"),
        choices=[(p.value, p.label) for p in CONSENT_PURPOSES],
        widget=CheckboxGrid,
    )
    explicit_health = forms.BooleanField(
        label=_("The separate box for health data is ticked and signed"),
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of the form"), choices=form_languages)
    how = forms.ChoiceField(label=_("Given how"), choices=Consent.How.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=300,
        help_text=_("Where the signed form or the protocol is kept, e.g. the scan's reference."),
    )
    given_by = forms.ChoiceField(
        label=_("Given by"), choices=Consent.GivenBy.choices, initial=Consent.GivenBy.PERSON
    )
    guardian_name = forms.CharField(label=_("Guardian's name"), required=False, max_length=200)
    guardian_authority = forms.CharField(
        label=_("Evidence of the guardian's authority"),
        required=False,
        max_length=300,
        help_text=_("e.g. the court's order of guardianship and its file number"),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty if the form names no end."),
    )
    submission = submission_key_field()

    def __init__(self, *args: Any, recipients: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in recipients]).order_by("name")

    def clean_valid_until(self) -> datetime | None:
        day = self.cleaned_data["valid_until"]
        if day is None:
            return None
        # Valid through the whole of the day the form names.
        end = timezone.make_aware(datetime.combine(day, time.max))
        if end <= timezone.now():
            raise forms.ValidationError(_("The end lies in the past."))
        return end


class WithdrawForm(KernFormMixin, forms.Form):
    how = forms.CharField(
        label=_("How the person withdrew"),
        max_length=300,
        help_text=_("e.g. in person at reception, by letter of 3 December"),
    )


class FormLanguageForm(KernFormMixin, forms.Form):
    """Which language to print a blank form in."""

    language = forms.ChoiceField(label=_("Language of the form"), choices=form_languages)


class ReleaseForm(KernFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("Sealed data"))
    user = StaffChoice(
        label=_("For"),
        queryset=get_user_model().objects.none(),
        help_text=_("The one member of staff who may see them."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    until = forms.DateField(label=_("Until"), widget=DateInput)

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Category.choices)
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            (c, labels.get(c, c)) for c in categories
        ]
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.queryset = (
            get_user_model()
            .objects.filter(is_active=True, staff_member__isnull=False)
            .select_related("staff_member__agency")
            .order_by("last_name", "first_name")
        )

    def clean_until(self) -> datetime:
        day = self.cleaned_data["until"]
        end = timezone.make_aware(datetime.combine(day, time.max))
        if end <= timezone.now():
            raise forms.ValidationError(_("The end lies in the past."))
        return end
