"""The coordinator's pages for what bookings are made against: the capacity per hour and
service of a site's weekday (derived from the staff plan, or set by hand for one hour), and the
site's opening hours. Each view checks the role, calls one service of
:mod:`anlaufstelle.appointments.capacity` and renders; the forms live here because no other page
uses them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from fractions import Fraction
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from anlaufstelle.appointments import capacity as capacities
from anlaufstelle.appointments.models import WEEKDAYS, OpeningHours
from anlaufstelle.core.forms import KernFormMixin
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import Service, Site
from anlaufstelle.planning import centre

# A capacity of more visits than this in one hour of one service is a typing error.
MAX_UNITS = 9999
HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


def _served(site: Site | None) -> QuerySet[Service]:
    """The services the site serves, as the derivation counts them."""
    if site is None:
        return Service.objects.none()
    codes = [s.id for s in centre.site_services(site)]
    return Service.objects.filter(code__in=codes).order_by("pk")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's time picker sends and expects 24-hour "HH:MM" whatever the language.
        super().__init__(attrs=attrs, format="%H:%M")


class DeriveForm(KernFormMixin, forms.Form):
    online_percent = forms.IntegerField(
        label=gettext_lazy("Bookable online (percent)"),
        min_value=0,
        max_value=100,
        initial=35,
        help_text=gettext_lazy("Visitors book these themselves on the public booking page."),
    )
    staff_percent = forms.IntegerField(
        label=gettext_lazy("Bookable by staff only (percent)"),
        min_value=0,
        max_value=100,
        initial=15,
        help_text=gettext_lazy(
            "For follow-ups, the phone and invitations. The rest is kept for walk-ins."
        ),
    )
    only_this_weekday = forms.BooleanField(
        label=gettext_lazy("Only for the weekday shown"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        online, staff = data.get("online_percent"), data.get("staff_percent")
        if online is not None and staff is not None and online + staff > 100:
            self.add_error(
                "staff_percent",
                _("Online and staff only together can be at most 100 percent, not %(sum)d.")
                % {"sum": online + staff},
            )
        return data


class HourForm(KernFormMixin, forms.Form):
    """One hour of one service on the weekday shown."""

    service = forms.ModelChoiceField(label=gettext_lazy("Service"), queryset=Service.objects.none())
    hour = forms.TypedChoiceField(label=gettext_lazy("Hour"), choices=HOURS, coerce=int)
    online = forms.IntegerField(
        label=gettext_lazy("Bookable online"), min_value=0, max_value=MAX_UNITS, initial=0
    )
    staff_only = forms.IntegerField(
        label=gettext_lazy("Bookable by staff only"), min_value=0, max_value=MAX_UNITS, initial=0
    )
    walk_in = forms.IntegerField(
        label=gettext_lazy("Kept for walk-ins"), min_value=0, max_value=MAX_UNITS, initial=0
    )
    # No submission key (core/forms.py, submission_key_field): setting an hour is an update or
    # create of the one row for (site, service, weekday, hour), so the form sent twice leaves
    # the same row as sent once.

    def __init__(self, *args: Any, site: Site | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _served(site)  # type: ignore[attr-defined]


class OpeningHoursForm(KernFormMixin, forms.Form):
    weekday = forms.TypedChoiceField(label=gettext_lazy("Weekday"), choices=WEEKDAYS, coerce=int)
    opens = forms.TimeField(label=gettext_lazy("Opens"), widget=TimeInput)
    closes = forms.TimeField(label=gettext_lazy("Closes"), widget=TimeInput)
    service = forms.ModelChoiceField(
        label=gettext_lazy("Only for the service"),
        queryset=Service.objects.none(),
        required=False,
        help_text=gettext_lazy("Empty: the hours of the whole site."),
    )

    def __init__(self, *args: Any, site: Site | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _served(site)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if isinstance(opens, time) and isinstance(closes, time) and closes <= opens:
            self.add_error("closes", _("The site must close after it opens on the same day."))
        return data


def _site(request: HttpRequest, sites: Sequence[Site]) -> Site | None:
    """The site in the address, else the first; an unknown or mangled one is the first."""
    chosen = request.GET.get("site", "")
    return next((s for s in sites if str(s.pk) == chosen), sites[0] if sites else None)


def _weekday(request: HttpRequest) -> int:
    chosen = request.GET.get("weekday", "")
    return int(chosen) if chosen in {str(day) for day, _label in WEEKDAYS} else 0


def _action(request: HttpRequest) -> str:
    return request.POST.get("action", "") if request.method == "POST" else ""


@require_roles(Role.COORDINATOR)
def capacity(request: HttpRequest) -> HttpResponse:
    """A weekday's capacity per service and hour, derived from the staff plan or set by hand
    for one hour."""
    sites = list(Site.objects.with_desks())
    site, weekday = _site(request, sites), _weekday(request)
    action = _action(request)
    derive_form = DeriveForm(request.POST if action == "derive" else None)
    hour_form = HourForm(request.POST if action == "hour" else None, site=site)
    if site is not None and action == "derive" and derive_form.is_valid():
        data = derive_form.cleaned_data
        try:
            written = capacities.derive(
                site,
                online_share=Fraction(data["online_percent"], 100),
                staff_share=Fraction(data["staff_percent"], 100),
                weekdays=[weekday] if data["only_this_weekday"] else None,
            )
        except ValueError as refused:
            derive_form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                ngettext(
                    "The capacity is derived from the staff plan: %(rows)d hour written.",
                    "The capacity is derived from the staff plan: %(rows)d hours written.",
                    written,
                )
                % {"rows": written},
            )
            return redirect(request.get_full_path())
    if site is not None and action == "hour" and hour_form.is_valid():
        capacities.set_hour(site, weekday=weekday, **hour_form.cleaned_data)
        messages.success(request, _("The hour is saved."))
        return redirect(request.get_full_path())
    context = {
        "sites": sites,
        "site": site,
        "weekdays": WEEKDAYS,
        "weekday": weekday,
        "weekday_label": dict(WEEKDAYS)[weekday],
        "grid": capacities.grid(site, weekday) if site is not None else None,
        "derive_form": derive_form,
        "hour_form": hour_form,
    }
    return render(request, "appointments/capacity.html", context)


@require_roles(Role.COORDINATOR)
def opening_hours(request: HttpRequest) -> HttpResponse:
    """A site's opening hours by weekday: add a row, remove one."""
    sites = list(Site.objects.order_by("name"))
    site = _site(request, sites)
    action = _action(request)
    form = OpeningHoursForm(request.POST if action == "add" else None, site=site)
    if site is not None and action == "add" and form.is_valid():
        capacities.add_opening_hours(site, **form.cleaned_data)
        messages.success(request, _("The opening hours are added."))
        return redirect(request.get_full_path())
    if site is not None and action == "remove":
        raw = request.POST.get("row", "")
        if (
            raw.isascii()
            and raw.isdigit()
            and len(raw) < 10
            and capacities.remove_opening_hours(site, int(raw))
        ):
            messages.success(request, _("The opening hours are removed."))
        else:
            messages.error(request, _("These opening hours do not exist (any more)."))
        return redirect(request.get_full_path())
    # Without a site, none: the site is never empty in a row.
    rows = list(OpeningHours.objects.filter(site=site).select_related("service"))
    by_weekday = [(label, [r for r in rows if r.weekday == day]) for day, label in WEEKDAYS]
    context = {"sites": sites, "site": site, "by_weekday": by_weekday, "form": form}
    return render(request, "appointments/opening_hours.html", context)
