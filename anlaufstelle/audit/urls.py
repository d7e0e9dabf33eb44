from django.urls import path

from anlaufstelle.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("unusual/", views.unusual_access, name="unusual"),
    path("verify/", views.verify_chain, name="verify"),
]
