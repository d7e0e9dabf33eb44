from django.urls import URLPattern, path

from anlaufstelle.appointments import views
from anlaufstelle.appointments.coordination_urls import urlpatterns_coordination

app_name = "appointments"

urlpatterns: list[URLPattern] = [
    path("", views.bookings, name="bookings"),
    path("new/", views.new, name="new"),
    path("check-in/", views.check_in, name="check_in"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("offer/", views.offer_page, name="offer"),
    path("invitations/", views.invitation_runs, name="runs"),
    path("invitations/<int:pk>/", views.invitation_run, name="run"),
    *urlpatterns_coordination,
]
