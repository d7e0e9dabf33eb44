from django.urls import path

from anlaufstelle.outbox import views

app_name = "outbox"

urlpatterns = [
    path("", views.mails, name="mails"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
