from django.urls import path

from anlaufstelle.reports import views

app_name = "reports"

urlpatterns = [path("", views.index, name="index")]
