from django.urls import path

from anlaufstelle.organisation import twofactor_views, views

app_name = "organisation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("services/<slug:code>/", views.service_detail, name="service"),
    path("rights/", views.rights_requests, name="rights_requests"),
    path("rights/<int:request_id>/decide/", views.decide_rights, name="decide_rights"),
    path("account/second-factor/", twofactor_views.second_factor, name="second_factor"),
]
