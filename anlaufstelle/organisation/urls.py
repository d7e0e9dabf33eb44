from django.urls import path

from anlaufstelle.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("services/<slug:code>/", views.service_detail, name="service"),
]
