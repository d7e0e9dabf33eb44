from django.urls import path

from anlaufstelle.cases import views
from anlaufstelle.cases.services import MOVES
from anlaufstelle.core.converters import register_choice

register_choice("move", MOVES)

app_name = "cases"
urlpatterns = [
    path("people/<int:person_id>/new/", views.case_open, name="open"),
    path("<int:case_id>/", views.detail, name="detail"),
    path("<int:case_id>/notes/new/", views.note_add, name="note_add"),
    path("<int:case_id>/documents/new/", views.document_add, name="document_add"),
    path("documents/<int:document_id>/", views.document_download, name="document"),
    path("<int:case_id>/tasks/new/", views.task_add, name="task_add"),
    path("tasks/<int:task_id>/", views.task_edit, name="task_edit"),
    path("<int:case_id>/referrals/new/", views.referral_add, name="referral_add"),
    path("referrals/<int:referral_id>/<move:move>/", views.referral_move, name="referral_move"),
    path("<int:case_id>/conferences/new/", views.conference_add, name="conference_add"),
]
