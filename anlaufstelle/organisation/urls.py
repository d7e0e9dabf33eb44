from django.urls import path

from anlaufstelle.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("services/<slug:code>/", views.service_detail, name="service"),
    path("rights/", views.rights_requests, name="rights_requests"),
    path("rights/<int:request_id>/decide/", views.decide_rights, name="decide_rights"),
]
