"""Forms of the people registry. They validate and clean input; saving is the services' job, so
no form here has business logic in `save()` (views never call it)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries.widgets import LazySelect

from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.people.models import (
    Document,
    Household,
    HouseholdMember,
    LanguageSkill,
    Person,
    Qualification,
    Schooling,
    WorkExperience,
)
from anlaufstelle.people.services import MIN_QUERY_LENGTH, search_terms

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
IMPOSSIBLE_DATE = _("This date does not exist. Enter day, month and year, e.g. 31.12.1990.")
NAME_FIELDS = ("family_name", "given_names", "family_name_original", "given_names_original")


def language_choices() -> list[tuple[str, str]]:
    # Sorted by the name in the current language, so staff find a language where they expect it.
    choices = [(code, str(name)) for code, name in SPOKEN_LANGUAGES.items()]
    return sorted(choices, key=lambda choice: choice[1])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's date picker sends and expects ISO dates whatever the UI language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CheckboxGrid(forms.CheckboxSelectMultiple):
    template_name = "people/widgets/checkbox_grid.html"


class SelectWidget(LazySelect):
    """django-countries' lazy select under a name whose `widget_type` is "select", so that
    core/_field.html gives it the KERN select wrapper like any other select."""


class KernFormMixin:
    """Gives every widget the KERN class it needs to look like the rest of the staff pages."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, CheckboxGrid):
                continue
            if isinstance(widget, LazySelect) and not isinstance(widget, SelectWidget):
                field.widget = widget = SelectWidget(attrs=widget.attrs, choices=widget.choices)
            if isinstance(widget, forms.CheckboxInput):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.SelectMultiple):
                # KERN styles single selects only; a list box gets the input look instead.
                css = "kern-form-input__input multi-select"
            elif isinstance(widget, forms.Select):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_INPUT_FORMATS
                field.error_messages["invalid"] = IMPOSSIBLE_DATE


# --- Search ----------------------------------------------------------------------------------


class SearchForm(KernFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("At least 2 characters, in Latin or original script."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "dir": "auto"}),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        error_messages={"min_value": _("Enter a year between 1900 and this year.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data["birth_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("Enter a year between 1900 and this year."))
        return year

    def clean_q(self) -> str:
        query = " ".join(search_terms(self.cleaned_data["q"]))
        if len(query.replace(" ", "")) < MIN_QUERY_LENGTH:
            raise forms.ValidationError(
                _("Enter at least %(n)d characters of a name."), params={"n": MIN_QUERY_LENGTH}
            )
        return query


# --- The person ------------------------------------------------------------------------------


class PersonForm(KernFormMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=capfirst(_("languages spoken")),
        required=False,
        choices=language_choices,
        widget=CheckboxGrid,
    )

    class Meta:
        model = Person
        fields = [
            "family_name",
            "given_names",
            "family_name_original",
            "given_names_original",
            "birth_date",
            "birth_date_precision",
            "birth_date_placeholder",
            "sex",
            "nationalities",
            "stateless",
            "birth_place",
            "birth_country",
            "languages",
            "phone",
            "email",
            "address",
            "particulars",
        ]
        widgets = {
            "birth_date": DateInput(),
            "family_name_original": forms.TextInput(attrs={"dir": "auto"}),
            "given_names_original": forms.TextInput(attrs={"dir": "auto"}),
            "nationalities": forms.SelectMultiple(attrs={"size": 6}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "particulars": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "nationalities": _("Hold Ctrl (or Cmd) to choose more than one."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in NAME_FIELDS:
            # One spelling in the database: the same name typed on a Mac (decomposed) and on
            # Windows (composed) must compare equal.
            if cleaned.get(name):
                cleaned[name] = unicodedata.normalize("NFC", cleaned[name])
        return cleaned


# --- Households ------------------------------------------------------------------------------


class HouseholdForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Household
        fields = ["label", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"label": _("e.g. the family name; helps staff tell households apart.")}


def _joining_relations() -> list[tuple[str, str]]:
    # No preselected relation: staff should choose one, not accept the first by accident.
    relations = HouseholdMember.Relation.choices
    return [("", "---------")] + [(v, label) for v, label in relations if v != "head"]


class JoinHouseholdForm(KernFormMixin, forms.Form):
    other_person_id = forms.IntegerField(
        label=_("Person number of a household member"),
        min_value=1,
        help_text=_("Shown on their page; or find them by name above and choose them."),
    )
    relation = forms.ChoiceField(
        label=capfirst(_("relation to the head of household")),
        choices=_joining_relations,
    )


class MembershipForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["relation"]
        labels = {"relation": capfirst(_("relation to the head of household"))}


# --- Biography and documents -----------------------------------------------------------------


class SchoolingForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Schooling
        fields = ["level", "country", "years", "completed", "certificate"]
        widgets = {"years": forms.NumberInput(attrs={"min": 0, "max": 20})}


class QualificationForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "title", "country", "year", "recognition"]


class WorkExperienceForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = WorkExperience
        fields = ["occupation", "country", "from_year", "to_year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LanguageSkillForm(KernFormMixin, forms.ModelForm):
    language = forms.ChoiceField(
        label=capfirst(_("language")),
        # Blank first: with a preselected language, a forgotten choice would record Albanian.
        choices=lambda: [("", "---------"), *language_choices()],
    )

    class Meta:
        model = LanguageSkill
        fields = ["language", "level", "certified"]


class DocumentForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "number", "issuing_country", "issued_on", "valid_until", "legal_basis"]
        widgets = {"issued_on": DateInput(), "valid_until": DateInput()}

    def clean_number(self) -> str:
        # Numbers are compared and searched as printed on the document, in capitals.
        return self.cleaned_data["number"].upper()


ENTRY_FORMS: dict[str, type[forms.ModelForm]] = {
    "schooling": SchoolingForm,
    "qualification": QualificationForm,
    "work": WorkExperienceForm,
    "language": LanguageSkillForm,
    "document": DocumentForm,
}


class ConfirmForm(forms.Form):
    """The hidden field proves the POST came from the confirmation page, not from a stray form."""

    confirm = forms.BooleanField(required=True, widget=forms.HiddenInput, initial=True)
