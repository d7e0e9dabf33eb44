from django.urls import path

from anlaufstelle.network import views

app_name = "network"

urlpatterns = [
    path("pinboard/", views.moderation, name="moderation"),
    path("pinboard/<int:post_id>/decide/", views.decide, name="decide"),
    path("pinboard/translate/", views.translate, name="translate"),
]
