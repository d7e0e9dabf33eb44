from django.urls import path

from anlaufstelle.hotline import views

app_name = "hotline"

urlpatterns = [
    path("", views.calls, name="calls"),
    path("figures/", views.figures, name="figures"),
    path("calls/<int:call_id>/", views.call, name="call"),
    path("calls/<int:call_id>/person/", views.link, name="link"),
    path("calls/<int:call_id>/task/", views.task, name="task"),
    path("calls/<int:call_id>/callback-done/", views.callback_done, name="callback_done"),
]
