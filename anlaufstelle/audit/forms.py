from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action, AuditEntry


class AuditFilterForm(forms.Form):
    person = forms.IntegerField(label=_("Person number"), required=False, min_value=1)
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("all"))] + list(Action.choices)
    )

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        data = self.cleaned_data
        if data.get("person"):
            entries = entries.filter(person_ref=data["person"])
        if data.get("username"):
            entries = entries.filter(username=data["username"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        return entries
