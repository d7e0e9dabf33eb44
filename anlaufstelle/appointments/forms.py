"""Booking forms: what the visit is (concerns, people, day), the time, and how to reach the
visitor. The public forms ask nothing else about the person."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from anlaufstelle.appointments import slots
from anlaufstelle.appointments.models import Channel, InvitationRun
from anlaufstelle.core.forms import KernFormMixin, submission_key_field
from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.hall.forms import PictogramChoices, offer_concerns
from anlaufstelle.organisation.models import Agency, Service, Site

# Days ahead a visitor can book.
BOOKING_DAYS = 14
# A form sent sooner than this after it was shown was not filled in by a person.
MIN_FILL_SECONDS = 3
_SIGNING_SALT = "anlaufstelle.appointments.shown"


def day_label(day: date) -> str:
    return date_format(day, "l, j. F Y")


class VisitForm(forms.Form):
    """The visit: concerns at a site, how many people, which day."""

    concerns = forms.MultipleChoiceField(
        label=_("What is your concern?"), widget=PictogramChoices, choices=()
    )
    party_size = forms.IntegerField(
        label=_("How many people come together?"), min_value=1, max_value=10, initial=1
    )
    needs_interpreter = forms.BooleanField(label=_("I need an interpreter"), required=False)
    day = forms.ChoiceField(label=_("Which day?"), choices=())

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site = site
        offer_concerns(self.fields["concerns"], site)
        days = slots.bookable_days(site, timezone.localdate(), BOOKING_DAYS)
        self.fields["day"].choices = [  # type: ignore[attr-defined]
            (d.isoformat(), day_label(d)) for d in days
        ]

    def shape(self) -> slots.VisitShape:
        data = self.cleaned_data
        return slots.visit_shape(
            self.site, data["concerns"], data["party_size"], data["needs_interpreter"]
        )

    @property
    def chosen_day(self) -> date:
        return date.fromisoformat(self.cleaned_data["day"])


def shown_stamp() -> str:
    return signing.dumps(time.time(), salt=_SIGNING_SALT)


class TimeForm(forms.Form):
    """The time, chosen among those offered; with the visit's fields sent again (hidden)."""

    start = forms.ChoiceField(
        label=_("Which time?"),
        widget=forms.RadioSelect(attrs={"class": "booking-slots"}),
        choices=(),
    )
    submission = submission_key_field()
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, times: list[datetime], public: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Staff are signed in: the check for scripts is the public pages' only.
        self.public = public
        self.times = {t.isoformat(): t for t in times}
        self.fields["start"].choices = [  # type: ignore[attr-defined]
            (value, f"{timezone.localtime(t):%H:%M}") for value, t in self.times.items()
        ]
        if not self.is_bound and public:
            self.initial["shown"] = shown_stamp()

    def clean_shown(self) -> str:
        stamp = self.cleaned_data.get("shown", "")
        return check_stamp(stamp) if self.public else stamp

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A refusal of the stamp (a hidden field) is said above the form, where it is seen.
        for error in self.errors.pop("shown", []):
            self.add_error(None, error)
        return data

    @property
    def start_time(self) -> datetime:
        return self.times[self.cleaned_data["start"]]


def check_stamp(stamp: str) -> str:
    """Refuse a form sent back faster than a person fills it in (a script): no captcha, no
    third party, and a person never notices."""
    try:
        shown = float(signing.loads(stamp, salt=_SIGNING_SALT, max_age=3600))
    except (signing.BadSignature, TypeError, ValueError):
        raise forms.ValidationError(
            _("The page was open too long. Please choose again."), code="stale"
        ) from None
    if time.time() - shown < MIN_FILL_SECONDS:
        raise forms.ValidationError(
            _("Please take a moment to check your choice, then send it again."), code="fast"
        )
    return stamp


class ContactForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("For the confirmation with the list of documents, and a reminder."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    agree = forms.BooleanField(
        label=_(
            "I agree that the centre keeps my e-mail address and phone number to send me the "
            "confirmation and a reminder. They are deleted after the appointment."
        ),
    )
    # Never filled in by a person (hidden from sight and from screen readers); scripts that
    # fill in every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["shown"] = shown_stamp()

    def clean_shown(self) -> str:
        return check_stamp(self.cleaned_data.get("shown", ""))

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(ch.isdigit() or ch in "+ -/()" for ch in phone):
            raise forms.ValidationError(_("Enter a phone number of digits, spaces and + only."))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be sent. Please try again."))
        return data


def _sites_and_concerns(form: forms.Form) -> None:
    """The sites that take bookings, and the services of their desks as concerns."""
    sites = slots.booking_sites()
    form.fields["site"].queryset = sites  # type: ignore[attr-defined]
    services = Service.objects.filter(active=True, agency__desks__site__in=sites).distinct()
    form.fields["concerns"].choices = [  # type: ignore[attr-defined]
        (s.code, s.name) for s in services.order_by("pk")
    ]


class StaffBookingForm(KernFormMixin, forms.Form):
    """Reception, a desk (follow-up) or the phone books a visit for a visitor."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)
    concerns = forms.MultipleChoiceField(
        label=_("Concerns"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    party_size = forms.IntegerField(
        label=_("People served together"), min_value=1, max_value=50, initial=1
    )
    language = forms.ChoiceField(label=_("Visitor's language"), choices=())
    needs_interpreter = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(
        label=_("Booked"),
        choices=[(c.value, c.label) for c in (Channel.RECEPTION, Channel.DESK, Channel.PHONE)],
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _sites_and_concerns(self)
        self.fields["language"].choices = list(SPOKEN_LANGUAGES.items())  # type: ignore[attr-defined]

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day

    def shape(self) -> slots.VisitShape:
        data = self.cleaned_data
        return slots.visit_shape(
            data["site"], data["concerns"], data["party_size"], data["needs_interpreter"]
        )


class ApplyOfferForm(KernFormMixin, forms.Form):
    staff_share = forms.IntegerField(
        label=_("Share bookable by staff only (percent)"),
        min_value=0,
        max_value=100,
        initial=30,
        help_text=_("For follow-ups, the phone and invitation runs; the rest is bookable online."),
    )


class OverbookingForm(KernFormMixin, forms.Form):
    allowed = forms.BooleanField(label=_("Overbook by the measured no-show rate"), required=False)
    at_most = forms.IntegerField(
        label=_("At most this many percent more"), min_value=0, max_value=100, initial=20
    )


class RunForm(KernFormMixin, forms.Form):
    """An invitation run: whom, for which concerns, over which days."""

    criterion = forms.ChoiceField(
        label=_("Who is invited"), choices=InvitationRun.Criterion.choices
    )
    weeks = forms.IntegerField(
        label=_("Documents expiring within (weeks)"), min_value=1, max_value=52, initial=8
    )
    agency = forms.ModelChoiceField(
        label=_("Not yet seen by"),
        queryset=Agency.objects.order_by("name"),
        required=False,
        help_text=_("For people not yet seen: the agency that has not seen them."),
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)
    concerns = forms.MultipleChoiceField(
        label=_("Concerns"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=20, initial=5)
    submission = submission_key_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _sites_and_concerns(self)

    def clean_first_day(self) -> date:
        day: date = self.cleaned_data["first_day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("criterion") == InvitationRun.Criterion.NOT_SEEN and not data.get("agency"):
            self.add_error("agency", _("Choose the agency that has not seen them."))
        return data
