"""The coordinator's pages of capacity and opening hours, included into the app's URL conf
(namespace ``appointments``, mounted at ``/appointments/``)."""

from django.urls import URLPattern, path

from anlaufstelle.appointments import coordination

urlpatterns_coordination: list[URLPattern] = [
    path("capacity/", coordination.capacity, name="capacity"),
    path("opening-hours/", coordination.opening_hours, name="opening_hours"),
]
