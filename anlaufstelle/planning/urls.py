from django.urls import path

from anlaufstelle.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("plan/", views.plan, name="plan"),
    path("jobs/<uuid:job_id>/", views.job, name="job"),
    path("jobs/<uuid:job_id>/download/", views.job_download, name="job_download"),
]
