from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.log import LogFilter
from anlaufstelle.audit.models import Action
from anlaufstelle.core.forms import DateInput, KernFormMixin
from anlaufstelle.organisation.models import Agency


def _action_choices() -> list[tuple[str, str | Promise]]:
    # From the model's choices, so that a new action appears here with its label.
    return [("", _("all")), *Action.choices]


def _agency_choices() -> list[tuple[str, str | Promise]]:
    # Entries keep the agency's name as it was when they were written.
    names = Agency.objects.order_by("name").values_list("name", flat=True)
    return [("", _("all")), *((name, name) for name in names)]


class AuditFilterForm(KernFormMixin, forms.Form):
    person = forms.IntegerField(label=_("Person number"), required=False, min_value=1)
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=_action_choices)
    agency = forms.ChoiceField(label=_("Agency"), required=False, choices=_agency_choices)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        super().clean()
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return self.cleaned_data

    def log_filter(self) -> LogFilter:
        data = self.cleaned_data
        return LogFilter(
            person=data.get("person"),
            username=data.get("username") or "",
            action=data.get("action") or "",
            agency=data.get("agency") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
