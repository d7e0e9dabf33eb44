"""What every staff form shares: KERN classes on the widgets, an empty choice that says what
it means, and a list of many choices (countries) that can be searched."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.widgets import LazySelect

from anlaufstelle.core.submissions import new_key

# Django's empty choice; the mixin replaces it by words.
BLANK_DASHES = "---------"
EMPTY_REQUIRED = _("Please choose")
EMPTY_OPTIONAL = _("Not stated")
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
IMPOSSIBLE_DATE = _("This date does not exist. Enter day, month and year, e.g. 31.12.1990.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's date picker sends and expects ISO dates whatever the UI language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SelectWidget(LazySelect):
    """django-countries' lazy select under a name whose `widget_type` is "select", so that
    core/_field.html gives it the KERN select wrapper like any other select."""


class CheckboxGrid(forms.CheckboxSelectMultiple):
    """A few choices side by side (the languages a person speaks)."""

    template_name = "core/widgets/checkbox_grid.html"


class SearchableChoice(forms.CheckboxSelectMultiple):
    """Many choices, several of which may apply (nationalities): a list of checkboxes, the
    chosen ones first, that works without JavaScript; core/app.js adds a filter box and the
    chosen ones as removable buttons. No Ctrl-click, every step by keyboard."""

    template_name = "core/widgets/searchable_choice.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        groups = context["widget"]["optgroups"]
        options = [option for _group, group, _index in groups for option in group]
        # The chosen ones first, so that they are in sight without scrolling (and without JS).
        options.sort(key=lambda option: not option["selected"])
        english = _english_country_names()
        for option in options:
            option["search"] = " ".join(
                (str(option["label"]), english.get(str(option["value"]), ""), str(option["value"]))
            )
        context["widget"]["options"] = options
        context["widget"]["chosen"] = [option for option in options if option["selected"]]
        return context


def _english_country_names() -> dict[str, str]:
    # Staff type the name they know; in an Arabic or Ukrainian interface that may well be the
    # English one, or the ISO code on the passport.
    with translation.override("en"):
        return {code: str(name) for code, name in countries}


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's validation error lands next to the field it concerns, like the form's own."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class _SubmissionKeyField(forms.UUIDField):
    def to_python(self, value: Any) -> Any:
        # A hidden field nobody can correct: a mangled key must not stop the form with an
        # error the page cannot show; the form then acts as one sent without a key.
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


def submission_key_field() -> forms.UUIDField:
    """A creating form's key: made when the form is shown and sent back with it, so that the
    form takes effect once however often it is sent (core/submissions.py). A form sent without
    one (a page from before the field) or with a mangled one acts as before."""
    return _SubmissionKeyField(widget=forms.HiddenInput, initial=new_key, required=False)


class KernFormMixin:
    """Gives every widget the KERN class it needs to look like the rest of the staff pages,
    and the empty choice of a select a label in words."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _name_the_empty_choice(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue  # their templates style each box
            if isinstance(widget, LazySelect) and not isinstance(widget, SelectWidget):
                field.widget = widget = SelectWidget(attrs=widget.attrs, choices=widget.choices)
            if isinstance(widget, forms.CheckboxInput):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.RadioSelect):
                css = "kern-form-check__radio"
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


def _name_the_empty_choice(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        # Its choices stay a query, which a form may still narrow after this (and which is
        # then asked once, when the page is drawn).
        if str(field.empty_label) == BLANK_DASHES:
            field.empty_label = EMPTY_REQUIRED if field.required else EMPTY_OPTIONAL
        return
    choices = getattr(field, "choices", None)
    if choices is None or isinstance(field.widget, forms.SelectMultiple):
        return
    choices = list(choices)
    if choices and choices[0][0] == "" and str(choices[0][1]) == BLANK_DASHES:
        label = EMPTY_REQUIRED if field.required else EMPTY_OPTIONAL
        # Every field with choices (ChoiceField, django-countries' fields) can set them; the
        # base Field that the stubs see here declares no such attribute.
        field.choices = [("", label), *choices[1:]]  # type: ignore[attr-defined]


def staff_label(user: Any) -> str:
    staff = getattr(user, "staff_member", None)
    name = user.get_full_name() or user.get_username()
    return f"{name} ({staff.agency.name})" if staff is not None else name


class StaffChoice(forms.ModelChoiceField):
    """Staff named with their agency, since a case brings several agencies together."""

    def label_from_instance(self, obj: Any) -> str:
        return staff_label(obj)


class StaffChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return staff_label(obj)
