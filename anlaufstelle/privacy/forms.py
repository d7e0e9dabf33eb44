"""Forms of the consent pages: what the signed form says, box by box, and a withdrawal."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.categories import Category
from anlaufstelle.core.forms import (
    CheckboxGrid,
    DateInput,
    KernFormMixin,
    SearchableChoice,
    StaffChoice,
    StaffChoices,
    submission_key_field,
)
from anlaufstelle.core.languages import UI_LANGUAGE_CODES
from anlaufstelle.organisation.models import Agency
from anlaufstelle.privacy.consents import CONSENT_CATEGORIES, CONSENT_PURPOSES
from anlaufstelle.privacy.models import Consent, LegalBasis


def end_of(day: date | None) -> datetime | None:
    """The end of the day a form names (valid through the whole of it); refused if it has
    passed."""
    if day is None:
        return None
    end = timezone.make_aware(datetime.combine(day, time.max))
    if end <= timezone.now():
        raise forms.ValidationError(_("The end lies in the past."))
    return end


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
        required=False,
        help_text=_("Only the agencies ticked on the signed form."),
    )
    named = StaffChoices(
        label=_("Only these persons"),
        queryset=get_user_model().objects.none(),
        widget=SearchableChoice,
        required=False,
        help_text=_(
            "Where the form names a person rather than their agency: they see what the "
            "consent covers, their colleagues do not."
        ),
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

    def __init__(
        self, *args: Any, recipients: list[Agency], staff: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in recipients]).order_by("name")
        named = self.fields["named"]
        assert isinstance(named, forms.ModelMultipleChoiceField)
        named.queryset = staff

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("recipients") or data.get("named") or self.has_error("named")):
            self.add_error("recipients", _("Name at least one agency or person, as on the form."))
        return data

    def clean_valid_until(self) -> datetime | None:
        return end_of(self.cleaned_data["valid_until"])


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
    submission = submission_key_field()

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

    def clean_until(self) -> datetime | None:
        return end_of(self.cleaned_data["until"])


class WrittenRequestForm(KernFormMixin, forms.Form):
    """A written request of an authority, as received: who asks, under which basis, its
    reference, when it came and until when it may be answered."""

    agency = forms.ModelChoiceField(label=_("Requesting agency"), queryset=Agency.objects.none())
    basis = forms.ModelChoiceField(label=_("Legal basis"), queryset=LegalBasis.objects.none())
    reference = forms.CharField(
        label=_("Reference of the request"),
        max_length=200,
        help_text=_("The requesting agency's file number or letter date, as on the request."),
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    valid_until = forms.DateField(
        label=_("To be answered by"),
        required=False,
        widget=DateInput,
        help_text=_("The reading it allows ends then, or when you mark it answered."),
    )
    submission = submission_key_field()

    def __init__(
        self, *args: Any, bases: list[LegalBasis], agencies: list[Agency], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        basis = self.fields["basis"]
        assert isinstance(agency, forms.ModelChoiceField)
        assert isinstance(basis, forms.ModelChoiceField)
        agency.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
        basis.queryset = LegalBasis.objects.filter(pk__in=[b.pk for b in bases])
        # Where there is only one choice, it is made.
        for field, choices in ((agency, agencies), (basis, bases)):
            if len(choices) == 1:
                field.initial = choices[0].pk

    def clean_received_on(self) -> datetime:
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The day lies in the future."))
        return timezone.make_aware(datetime.combine(day, time.min))

    def clean_valid_until(self) -> datetime | None:
        return end_of(self.cleaned_data["valid_until"])
