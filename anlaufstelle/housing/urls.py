from django.urls import path

from anlaufstelle.housing import views

app_name = "housing"

urlpatterns = [
    path("", views.accommodations, name="accommodations"),
    path("accommodations/<int:accommodation_id>/", views.accommodation, name="accommodation"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("waiting/", views.waiting, name="waiting"),
    path("waiting/<int:waiting_id>/", views.propose, name="propose"),
    path("waiting/<int:waiting_id>/allocate/", views.allocate, name="allocate"),
    path("waiting/<int:waiting_id>/withdraw/", views.withdraw, name="withdraw"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("placements/<int:placement_id>/move-out/", views.move_out, name="move_out"),
]
