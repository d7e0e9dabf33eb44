from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import CheckboxGrid, DateInput, KernFormMixin
from anlaufstelle.organisation.models import Site

MAX_DAYS = 366


class ReportForm(KernFormMixin, forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites side by side"),
        queryset=Site.objects.order_by("name"),
        required=False,
        widget=CheckboxGrid,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=6)
        if start > end:
            self.add_error("end", _("The end cannot be before the start."))
        elif (end - start).days >= MAX_DAYS:
            self.add_error("start", _("Choose at most a year."))
        data["start"], data["end"] = start, end
        data["sites"] = list(data.get("sites") or Site.objects.order_by("name"))
        return data
