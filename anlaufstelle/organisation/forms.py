"""Forms of the organisation, used by the Django admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import Interpreter, Service, StaffMember
from anlaufstelle.organisation.services import validate_prerequisites

LANGUAGE_CHOICES = sorted(
    ((code, f"{name} ({code})") for code, name in SPOKEN_LANGUAGES.items()),
    key=lambda choice: choice[0],
)


class ServiceAdminForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "code",
            "leika_key",
            "agency",
            "names",
            "descriptions",
            "pictogram",
            "prerequisites",
            "typical_minutes",
            "per_person_factor",
            "required_documents",
            "active",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        prerequisites = self.cleaned_data.get("prerequisites")
        if prerequisites is not None:
            try:
                validate_prerequisites(self.instance, prerequisites)
            except ValidationError as exc:
                self.add_error("prerequisites", exc)
        return self.cleaned_data


class StaffMemberAdminForm(forms.ModelForm):
    # Lists of codes are stored as JSON; ticking boxes beats typing ["reception"].
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("languages"), choices=LANGUAGE_CHOICES, required=False
    )

    class Meta:
        model = StaffMember
        fields = ["user", "agency", "roles", "skills", "languages"]


class InterpreterAdminForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(label=_("languages"), choices=LANGUAGE_CHOICES)

    class Meta:
        model = Interpreter
        fields = ["name", "user", "kind", "languages", "phone"]
