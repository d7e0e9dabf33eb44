"""The checklist's forms: the guide's questionnaire (sent by GET, so its answers stay in the
address of the visitor's own browser and nowhere else) and the staff choice of concerns."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from anlaufstelle.core.forms import CheckboxGrid
from anlaufstelle.guide import checklist
from anlaufstelle.organisation.models import Service, Site

NEED_CHOICES = [
    ("papers", _("Registering my address and my residence papers")),
    ("money", _("Money to live on (benefits)")),
    ("school", _("A school for my children")),
    ("work", _("Work, training or a language course")),
    ("housing", _("A place to live")),
    ("bank", _("A bank account")),
    ("health", _("Health insurance")),
    ("family", _("Advice for children and families")),
]
ARRIVED_CHOICES = [
    ("new", _("Less than three months")),
    ("settled", _("Three months or more")),
]
FAMILY_CHOICES = [
    ("alone", _("Alone")),
    ("partner", _("With my partner")),
    ("children", _("With my children")),
    ("partner_children", _("With my partner and children")),
]


class ChoiceList(forms.RadioSelect):
    """One of a few answers, as KERN radio buttons one under the other."""

    template_name = "guide/checklist/widgets/choice_list.html"


class QuestionnaireForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Which country do you come from?"),
        required=False,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    arrived = forms.ChoiceField(
        label=_("How long have you been in Germany?"), choices=ARRIVED_CHOICES, widget=ChoiceList
    )
    family = forms.ChoiceField(
        label=_("Who is here with you?"), choices=FAMILY_CHOICES, widget=ChoiceList
    )
    children = forms.IntegerField(
        label=_("How many children?"),
        min_value=0,
        max_value=20,
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "kern-form-input__input", "inputmode": "numeric"}),
    )
    pension_age = forms.BooleanField(
        label=_("I am 67 or older"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "kern-form-check__checkbox"}),
    )
    needs = forms.MultipleChoiceField(
        label=_("What do you need?"), choices=NEED_CHOICES, widget=CheckboxGrid, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [
            ("", _("I would rather not say")),
            *countries,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("family") in ("children", "partner_children") and not data.get("children"):
            self.add_error("children", _("Please say how many children are with you."))
        return data

    def answers(self) -> checklist.Answers:
        data = self.cleaned_data
        return checklist.Answers(
            country=data["country"],
            arrived=data["arrived"],
            family=data["family"],
            children=data["children"] or 0,
            pension_age=data["pension_age"],
            needs=tuple(data["needs"]),
        )


class StaffChecklistForm(forms.Form):
    """What a member of staff prints for a person: the site, the concerns (their open ones
    first chosen), the language."""

    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    services = forms.MultipleChoiceField(label=_("Concerns"), widget=CheckboxGrid, choices=[])
    # Not "language": that is the page header's language switcher's field.
    lang = forms.ChoiceField(
        label=_("Language of the checklist"),
        choices=settings.LANGUAGES,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = Site.objects.with_desks()
        cast(forms.ChoiceField, self.fields["services"]).choices = [
            (s.code, s.name) for s in Service.objects.filter(active=True).order_by("code")
        ]
