from django.urls import path

from anlaufstelle.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("plan/", views.plan, name="plan"),
    path("plan/download/", views.download, name="download"),
]
