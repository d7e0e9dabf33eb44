from django.urls import path

from anlaufstelle.eligibility import views

app_name = "eligibility"

urlpatterns = [
    path("screening/", views.screening, name="screening"),
    path("rules/", views.rules, name="rules"),
    path("people/<int:person_id>/", views.perspectives, name="perspectives"),
    path("people/<int:person_id>/facts/", views.facts, name="facts"),
    path("people/<int:person_id>/convictions/add/", views.conviction_add, name="conviction_add"),
    path(
        "people/<int:person_id>/convictions/<int:conviction_id>/delete/",
        views.conviction_delete,
        name="conviction_delete",
    ),
]
