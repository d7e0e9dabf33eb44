"""The housing desk's forms: a person onto the waiting list, an allocation, a move-out, and the
vacancy overview's range of days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import DateInput, KernFormMixin, submission_key_field
from anlaufstelle.housing.models import Group, WaitingEntry
from anlaufstelle.housing.services import MAX_DAYS


class WaitingForm(KernFormMixin, forms.Form):
    group = forms.ChoiceField(label=_("group"), choices=Group.choices)
    whole_household = forms.BooleanField(
        label=_("the whole household moves together"),
        required=False,
        initial=True,
        help_text=_("Every member of the person's household in the registry gets a bed."),
    )
    needs_accessible = forms.BooleanField(
        label=_("needs a step-free place"),
        required=False,
        help_text=_("Someone of them uses a wheelchair or cannot climb stairs."),
    )
    urgency = forms.TypedChoiceField(
        label=_("urgency"),
        choices=WaitingEntry.Urgency.choices,
        coerce=int,
        initial=WaitingEntry.Urgency.NORMAL,
    )
    since = forms.DateField(label=_("waiting since"), required=False, widget=DateInput())
    submission = submission_key_field()

    def clean_since(self) -> Any:
        since = self.cleaned_data.get("since")
        if since and since > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return since


class FindForm(KernFormMixin, forms.Form):
    person = forms.IntegerField(label=_("record number"), min_value=1)


class AllocateForm(KernFormMixin, forms.Form):
    beds = forms.CharField(widget=forms.HiddenInput)
    split = forms.BooleanField(
        label=_("I split this household across accommodations on purpose"),
        required=False,
    )

    def clean_beds(self) -> list[int]:
        raw = self.cleaned_data["beds"]
        try:
            ids = [int(part) for part in raw.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Choose a proposal.")) from None
        if not ids:
            raise forms.ValidationError(_("Choose a proposal."))
        return ids


class MoveOutForm(KernFormMixin, forms.Form):
    on = forms.DateField(label=_("moved out on"), required=False, widget=DateInput())

    def clean_on(self) -> Any:
        on = self.cleaned_data.get("on") or timezone.localdate()
        if on > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return on


class RangeForm(KernFormMixin, forms.Form):
    start = forms.DateField(label=_("first day"), required=False, widget=DateInput())
    end = forms.DateField(label=_("last day"), required=False, widget=DateInput())

    def days(self) -> tuple[Any, Any]:
        today = timezone.localdate()
        data = getattr(self, "cleaned_data", {})
        start = data.get("start") or today - timedelta(days=13)
        end = data.get("end") or today
        return start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            start, end = self.days()
            if end < start:
                raise forms.ValidationError(_("The end comes before the start."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("Choose at most %(n)s days.") % {"n": MAX_DAYS})
        return data
