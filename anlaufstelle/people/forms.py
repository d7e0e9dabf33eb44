"""Forms of the people registry. They validate and clean input; saving is the services' job, so
no form here has business logic in `save()` (views never call it)."""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from anlaufstelle.core.forms import (
    BLANK_DASHES,
    CheckboxGrid,
    DateInput,
    KernFormMixin,
    SearchableChoice,
    submission_key_field,
)
from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.matching import BirthDate, MatchingInputError, parse_birth_date
from anlaufstelle.people.models import (
    Document,
    Household,
    HouseholdMember,
    LanguageSkill,
    Person,
    Qualification,
    Schooling,
    Sex,
    WorkExperience,
)
from anlaufstelle.people.services import MIN_QUERY_LENGTH, search_terms
from anlaufstelle.people.services.base import field_value
from anlaufstelle.people.templatetags.people_tags import country_names, language_names

NAME_FIELDS = ("family_name", "given_names", "family_name_original", "given_names_original")
# Passport names are printed in Latin letters (ICAO 9303); the own script has its own fields.
PASSPORT_NAME_FIELDS = {
    "family_name": "family_name_original",
    "given_names": "given_names_original",
}


def language_choices() -> list[tuple[str, str]]:
    # Sorted by the name in the current language, so staff find a language where they expect it.
    choices = [(code, str(name)) for code, name in SPOKEN_LANGUAGES.items()]
    return sorted(choices, key=lambda choice: choice[1])


def non_latin_letters(text: str) -> bool:
    """Whether a name has a letter of another script than Latin (Cyrillic, Arabic, ...)."""
    return any(
        char.isalpha() and not unicodedata.name(char, "").startswith("LATIN") for char in text
    )


# --- Search ----------------------------------------------------------------------------------


def _sex_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("any")), *Sex.choices]


def _country_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("any")), *((code, str(name)) for code, name in countries)]


class SearchForm(KernFormMixin, forms.Form):
    """One name field for any script or spelling, plus what else reception may know.

    The name is read as "given names family name" in any order; "Family, Given" with a
    comma says which part is which (see people/namesearch.py `text_query`)."""

    q = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_(
            "The whole name in any script or spelling, e.g. Anna Petrenko or "
            "Анна Петренко; write “Family, Given” to say which part is which."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "dir": "auto"}),
    )
    born = forms.CharField(
        label=_("Birth date or year"),
        required=False,
        max_length=10,
        help_text=_("e.g. 14.03.1985, 03.1985 or 1985"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(label=_("sex"), required=False, choices=_sex_choices)
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, choices=_country_choices
    )

    def clean_born(self) -> BirthDate | None:
        return parse_search_date(self.cleaned_data["born"])

    def clean_q(self) -> str:
        query = " ".join(search_terms(self.cleaned_data["q"]))
        if sum(1 for char in query if char.isalpha()) < MIN_QUERY_LENGTH:
            raise forms.ValidationError(
                _("Enter at least %(n)d letters of a name."), params={"n": MIN_QUERY_LENGTH}
            )
        return query


_MONTH_YEAR = re.compile(r"^(\d{1,2})[./](\d{4})$")
SEARCH_DATE_FORMAT = _(
    "Enter the date as day, month and year (14.03.1985), as month and year (03.1985) or as "
    "the year (1985)."
)
SEARCH_DATE_MISSING = _("This date does not exist. Enter day, month and year, e.g. 31.12.1990.")


def parse_search_date(text: str) -> BirthDate | None:
    """A birth date as far as the searcher knows it: a day, a month or only a year (00 for an
    unknown day or month, as the matching core reads it)."""
    text = (text or "").strip()
    if not text:
        return None
    month_year = _MONTH_YEAR.match(text)
    if month_year:
        text = f"{month_year.group(2)}-{int(month_year.group(1)):02d}"
    if not re.fullmatch(r"\d{4}(-\d{1,2}(-\d{1,2})?)?|\d{1,2}\.\d{1,2}\.\d{4}", text):
        raise forms.ValidationError(SEARCH_DATE_FORMAT, code="invalid")
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        y, m, d = text.split("-")
        text = f"{y}-{int(m):02d}-{int(d):02d}"
    elif re.fullmatch(r"\d{4}-\d{1,2}", text):
        y, m = text.split("-")
        text = f"{y}-{int(m):02d}"
    year = int(text[-4:] if "." in text else text[:4])
    if not 1900 <= year <= timezone.localdate().year:
        raise forms.ValidationError(_("Enter a year between 1900 and this year."), code="year")
    try:
        born = parse_birth_date(text)
    except MatchingInputError:
        raise forms.ValidationError(SEARCH_DATE_MISSING, code="invalid_date") from None
    return born


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
            "nationalities": SearchableChoice(),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "particulars": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "family_name": _("In Latin letters, as printed in the passport."),
            "given_names": _("In Latin letters, as printed in the passport."),
            "family_name_original": _("As the person writes it in their own script."),
            "given_names_original": _("As the person writes it in their own script."),
            "nationalities": _("Tick every nationality the person holds."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The placeholder belongs to the date: directly after it, not after the precision.
        order = list(self.fields)
        order.remove("birth_date_placeholder")
        order.insert(order.index("birth_date") + 1, "birth_date_placeholder")
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        # ModelForm.clean returns cleaned_data; read it directly (the stubs allow None).
        super().clean()
        cleaned = self.cleaned_data
        for name in NAME_FIELDS:
            # One spelling in the database: the same name typed on a Mac (decomposed) and on
            # Windows (composed) must compare equal.
            if cleaned.get(name):
                cleaned[name] = unicodedata.normalize("NFC", cleaned[name])
        for name, original in PASSPORT_NAME_FIELDS.items():
            if non_latin_letters(cleaned.get(name) or ""):
                self.add_error(
                    name,
                    forms.ValidationError(
                        _(
                            "Write the name in Latin letters, as printed in the passport. "
                            "The name in its own script belongs in the field “%(field)s”."
                        ),
                        code="not_latin",
                        params={"field": self.fields[original].label},
                    ),
                )
        return cleaned


class VersionedEdit(forms.ModelForm):
    """An edit form that carries the version of the row it was filled in on (two desks at once:
    see `audited_update`), and shows both versions when someone saved meanwhile."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def edit_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def showing_conflict(self, stored: Any) -> Any:
        """This form again, as typed, on the version saved meanwhile; each field whose saved
        value differs from what was typed shows the saved one, so nothing is lost either way."""
        # A bound form of a POST holds a QueryDict; its copy can be changed.
        data = cast(QueryDict, self.data).copy()
        data["version"] = str(stored.version)
        again = type(self)(data, instance=copy.copy(stored))
        again.is_valid()
        for name in self._meta.fields or ():
            if name not in again.cleaned_data:
                continue
            typed = copy.copy(stored)
            setattr(typed, name, again.cleaned_data[name])
            if field_value(typed, name) != field_value(stored, name):
                again.add_error(
                    name,
                    forms.ValidationError(
                        _("Saved meanwhile by someone else: %(value)s"),
                        code="edited_meanwhile",
                        params={"value": saved_text(stored, name)},
                    ),
                )
        return again


class PersonEditForm(VersionedEdit, PersonForm):
    """The person form for a change."""

    def person_data(self) -> dict[str, Any]:
        return self.edit_data()


def saved_text(row: Any, name: str) -> str:
    """A stored value as a reader knows it: names of countries, languages and choices."""
    value = getattr(row, name)
    field = row._meta.get_field(name)
    text: str | Promise
    if name == "languages":
        text = language_names(value)
    elif isinstance(field, CountryField):
        text = country_names(value if field.multiple else [value])
    elif getattr(field, "choices", None):
        text = getattr(row, f"get_{name}_display")()
    elif isinstance(value, bool):
        text = _("yes") if value else _("no")
    else:
        text = "" if value is None else formats.localize(value)
    return str(text) or str(_("(empty)"))


class RegisterForm(PersonForm):
    """The person form with the confirmation that the duplicate check asks for."""

    different_person = forms.BooleanField(
        label=_("This is a different person"),
        required=False,
        help_text=_("Tick only after checking the records above: none of them is this person."),
    )
    submission = submission_key_field()

    def person_data(self) -> dict[str, Any]:
        skip = {"different_person", "submission"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


# --- Merging ---------------------------------------------------------------------------------


class MergeChoiceForm(KernFormMixin, forms.Form):
    other = forms.IntegerField(
        label=_("Person number of the other record"),
        min_value=1,
        help_text=_("Shown on their page; or find them by name below."),
    )


class MergeForm(KernFormMixin, forms.Form):
    survivor = forms.TypedChoiceField(
        label=_("Which record stays?"),
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_(
            "The other record's entries, documents and household move to it; it stays findable."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Both records are the same person"),
        help_text=_("The merge is recorded; a data-protection officer can undo it."),
    )

    def __init__(self, *args: Any, people: tuple[Person, Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (p.pk, _("No. %(number)s: %(name)s") % {"number": p.pk, "name": p}) for p in people
        ]


# --- Households ------------------------------------------------------------------------------


class HouseholdForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Household
        fields = ["label", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"label": _("e.g. the family name; helps staff tell households apart.")}


def _joining_relations() -> list[tuple[str, str | Promise]]:
    # No preselected relation: staff should choose one, not accept the first by accident.
    relations = HouseholdMember.Relation.choices
    return [("", BLANK_DASHES)] + [(v, label) for v, label in relations if v != "head"]


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


class HouseholdEditForm(VersionedEdit, HouseholdForm):
    """The household form for a change (two desks at once: see `VersionedEdit`)."""


class MembershipEditForm(VersionedEdit, MembershipForm):
    """The relation form for a change."""


# --- Biography and documents -----------------------------------------------------------------


class SchoolingForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Schooling
        fields = [
            "level",
            "country",
            "years",
            "completed",
            "certificate",
            "started_on",
            "ended_on",
            "successful",
        ]
        widgets = {
            "years": forms.NumberInput(attrs={"min": 0, "max": 20}),
            "started_on": DateInput(),
            "ended_on": DateInput(),
        }


class QualificationForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "title", "country", "year", "completed_on", "recognition"]
        widgets = {"completed_on": DateInput()}


class WorkExperienceForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = WorkExperience
        fields = [
            "occupation",
            "country",
            "from_year",
            "to_year",
            "description",
            "started_on",
            "ended_on",
            "hours_per_week",
            "social_insurance",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "started_on": DateInput(),
            "ended_on": DateInput(),
        }


class LanguageSkillForm(KernFormMixin, forms.ModelForm):
    language = forms.ChoiceField(
        label=capfirst(_("language")),
        # Blank first: with a preselected language, a forgotten choice would record Albanian.
        choices=lambda: [("", BLANK_DASHES), *language_choices()],
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


@functools.cache
def entry_edit_form(kind: str) -> type[forms.ModelForm]:
    """The entry form of `kind` with the version it was filled in on."""
    base = ENTRY_FORMS[kind]
    return type(f"Edit{base.__name__}", (VersionedEdit, base), {})


@functools.cache
def entry_add_form(kind: str) -> type[forms.ModelForm]:
    """The entry form of `kind` with the key that makes adding take effect once."""
    base = ENTRY_FORMS[kind]
    return type(f"Add{base.__name__}", (base,), {"submission": submission_key_field()})


class ConfirmForm(forms.Form):
    """The hidden field proves the POST came from the confirmation page, not from a stray form."""

    confirm = forms.BooleanField(required=True, widget=forms.HiddenInput, initial=True)
