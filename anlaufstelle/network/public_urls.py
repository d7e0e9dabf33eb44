"""The pinboard in the guide, beside its other pages (/guide/<lang>/pinboard/)."""

from django.urls import path

from anlaufstelle.network import openmic_views, views

app_name = "pinboard"

urlpatterns = [
    path("<str:lang>/pinboard/", views.board, name="board"),
    path("<str:lang>/pinboard/new/", views.new, name="new"),
    path("<str:lang>/pinboard/<int:post_id>/report/", views.report, name="report"),
    path("<str:lang>/offers/", views.offers, name="offers"),
    path("<str:lang>/open-mic/", openmic_views.board, name="open_mic"),
    path("<str:lang>/open-mic/new/", openmic_views.new, name="open_mic_new"),
]
