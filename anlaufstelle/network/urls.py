from django.urls import path

from anlaufstelle.network import openmic_views, views

app_name = "network"

urlpatterns = [
    path("pinboard/", views.moderation, name="moderation"),
    path("pinboard/<int:post_id>/decide/", views.decide, name="decide"),
    path("pinboard/translate/", views.translate, name="translate"),
    path("offers/", views.staff_offers, name="offers"),
    path("open-mic/", openmic_views.staff, name="open_mic"),
    path("open-mic/<int:topic_id>/answer/", openmic_views.answer, name="answer"),
    path("open-mic/<int:topic_id>/decide/", openmic_views.decide, name="decide_topic"),
]
