from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import DateInput, KernFormMixin, submission_key_field
from anlaufstelle.eligibility.models import FACTS, Conviction, RecordedFacts
from anlaufstelle.eligibility.services import TITLES
from anlaufstelle.people.forms import VersionedEdit

DATES = (
    "entry_date",
    "identity_clarified_on",
    "identity_reasonable_steps_on",
    "fingerprinted_on",
    "training_start",
)


class ScreeningForm(KernFormMixin, forms.Form):
    on = forms.DateField(label=_("Evaluate on"), required=False, widget=DateInput())
    rule = forms.ChoiceField(label=_("Title"), required=False)

    def __init__(self, *args: Any, titles: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["rule"]).choices = [("", _("all titles"))] + [
            (rule, titles[rule]) for rule in TITLES
        ]

    def day(self) -> Any:
        return self.cleaned_data.get("on") or timezone.localdate()


class RecordedFactsForm(KernFormMixin, VersionedEdit):
    class Meta:
        model = RecordedFacts
        fields = list(FACTS)
        widgets = {name: DateInput() for name in DATES}

    def __init__(self, *args: Any, convictions: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.convictions = convictions
        if not self.is_bound and not self.instance.pk:
            self.fields["version"].initial = 1
        share = self.fields["livelihood_share_from_work"]
        share.help_text = _("0 to 1, e.g. 0.6")
        share.validators += [MinValueValidator(0), MaxValueValidator(1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        for name in DATES:
            if name != "training_start" and data.get(name) and data[name] > today:
                self.add_error(name, _("This date cannot be in the future."))
        if data.get("no_convictions") and self.convictions:
            self.add_error(
                "no_convictions",
                _("A conviction is recorded below. Remove it first, or leave this field empty."),
            )
        return data


class ConvictionForm(KernFormMixin, forms.ModelForm):
    submission = submission_key_field()

    class Meta:
        model = Conviction
        fields = [
            "sentenced_on",
            "daily_rates",
            "foreigner_only",
            "youth_sanction_only",
            "custodial",
        ]
        widgets = {"sentenced_on": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        details = [data.get(name) for name in Conviction.FIELD_CATEGORIES]
        if not self.errors and all(value is None for value in details):
            raise forms.ValidationError(_("Enter at least one detail of the conviction."))
        return data

    def clean_sentenced_on(self) -> Any:
        day = self.cleaned_data.get("sentenced_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return day
