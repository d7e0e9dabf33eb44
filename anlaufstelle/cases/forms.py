"""Forms of the case file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from anlaufstelle.cases.models import Case, Conference, Referral, Task
from anlaufstelle.cases.services import YOUTH_OFFICE_KINDS
from anlaufstelle.core.categories import Category
from anlaufstelle.core.forms import (
    CheckboxGrid,
    DateInput,
    KernFormMixin,
    StaffChoice,
    StaffChoices,
    submission_key_field,
)
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.organisation.models import Agency


def categories_for(agency: Agency | None) -> list[tuple[str, Any]]:
    """The categories an agency writes in: the youth office's own only by the youth office."""
    return [
        (c.value, c.label)
        for c in Category
        if c != Category.YOUTH_OFFICE or (agency is not None and agency.kind in YOUTH_OFFICE_KINDS)
    ]


class CaseForm(KernFormMixin, forms.ModelForm):
    submission = submission_key_field()

    class Meta:
        model = Case
        fields = ["title", "for_household"]


class NoteForm(KernFormMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Data category"),
        help_text=_(
            "Health and youth-office notes are sealed: only your agency's desk officers see them."
        ),
    )
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, agency: Agency | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories_for(agency)  # type: ignore[attr-defined]


class DocumentForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Data category"))
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG or PNG; the type is checked from the content.")
    )

    def __init__(self, *args: Any, agency: Agency | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories_for(agency)  # type: ignore[attr-defined]


class TaskForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = ["agency", "title", "due", "remind_on", "owner"]
        widgets = {"due": DateInput, "remind_on": DateInput}
        field_classes = {"owner": StaffChoice}

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = (
            get_user_model()
            .objects.filter(staff_member__agency__in=agencies, is_active=True)
            .order_by("last_name", "first_name")
        )


class TaskEditForm(KernFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Task
        fields = ["status", "due", "remind_on"]
        widgets = {"due": DateInput, "remind_on": DateInput}


class ReferralForm(KernFormMixin, forms.Form):
    to_agency = forms.ModelChoiceField(label=_("To"), queryset=Agency.objects.none())
    kind = forms.ChoiceField(label=_("Asking them to"), choices=Referral.Kind.choices)
    categories = forms.MultipleChoiceField(
        label=_("Data passed on"),
        choices=[(c.value, c.label) for c in Category],
        widget=CheckboxGrid,
        help_text=_("Each needs a legal basis or the person's consent for the receiving agency."),
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[(Purpose.CASEWORK.value, Purpose.CASEWORK.label)]
    )
    note = forms.CharField(
        label=_("Note for the receiving agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    submission = submission_key_field()

    def __init__(self, *args: Any, own: Agency | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_agency"]
        assert isinstance(field, forms.ModelChoiceField)
        others = Agency.objects.order_by("name")
        field.queryset = others.exclude(pk=own.pk) if own is not None else others


class ReasonForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConferenceForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Conference
        fields = ["held_on", "agencies", "participants", "agenda", "minutes", "category"]
        widgets = {
            "held_on": DateInput,
            "agencies": CheckboxGrid,
            "participants": CheckboxGrid,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }
        field_classes = {"participants": StaffChoices}

    def __init__(self, *args: Any, agencies: list[Agency], own: Agency | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agencies"]
        assert isinstance(agency_field, forms.ModelMultipleChoiceField)
        agency_field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        people = self.fields["participants"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = get_user_model().objects.filter(
            staff_member__agency__in=agencies, is_active=True
        )
        self.fields["category"].choices = categories_for(own)  # type: ignore[attr-defined]
