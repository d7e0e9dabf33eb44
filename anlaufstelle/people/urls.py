from django.urls import path

from anlaufstelle.core.converters import register_choice
from anlaufstelle.people import views
from anlaufstelle.people.services import ENTRY_MODELS

register_choice("entry_kind", ENTRY_MODELS)

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("register/", views.register, name="register"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("merges/<int:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/merge/", views.merge, name="merge"),
    path("<int:person_id>/merge/<int:other_id>/", views.merge_compare, name="merge_compare"),
    path("<int:person_id>/household/", views.household, name="household"),
    path("<int:person_id>/household/create/", views.household_create, name="household_create"),
    path("<int:person_id>/household/join/", views.household_join, name="household_join"),
    path("<int:person_id>/household/edit/", views.household_edit, name="household_edit"),
    path("<int:person_id>/household/relation/", views.membership_edit, name="membership_edit"),
    path("<int:person_id>/household/leave/", views.household_leave, name="household_leave"),
    path("<int:person_id>/<entry_kind:kind>/add/", views.entry_add, name="entry_add"),
    path(
        "<int:person_id>/<entry_kind:kind>/<int:entry_id>/edit/",
        views.entry_edit,
        name="entry_edit",
    ),
    path(
        "<int:person_id>/<entry_kind:kind>/<int:entry_id>/delete/",
        views.entry_delete,
        name="entry_delete",
    ),
]
