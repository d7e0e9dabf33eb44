"""The personal checklist's addresses, included by the guide's ``urls``: public ones in the
visitor's language, and a person's checklist for staff."""

from django.urls import path

from anlaufstelle.guide import checklist_views as views

urlpatterns: list = [
    path("<str:lang>/checklist/", views.questionnaire, name="checklist_questionnaire"),
    path("<str:lang>/checklist/k/<str:signed>/", views.signed, name="checklist"),
    path("<str:lang>/checklist/ticket/<str:token>/", views.ticket, name="checklist_ticket"),
    path("<str:lang>/checklist/booking/<str:token>/", views.booking, name="checklist_booking"),
    path("staff/people/<int:person_id>/checklist/", views.person, name="checklist_person"),
]
