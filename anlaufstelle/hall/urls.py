from django.urls import path

from anlaufstelle.hall import views

app_name = "hall"
urlpatterns = [
    path("reception/", views.reception, name="reception"),
    path("ticket/<str:token>/", views.ticket, name="ticket"),
    path("ticket/<str:token>/back/", views.back_again, name="back_again"),
    path("desk/", views.desk, name="desk"),
    path("desk/<slug:action>/", views.desk_action, name="desk_action"),
    path("desk/<int:session_id>/glance/<str:token>/", views.desk_glance, name="desk_glance"),
    path("board/<int:site_id>/<str:token>/", views.board, name="board"),
    path(
        "board/<int:site_id>/<str:token>/calls/<int:step_id>/<int:stamp>.wav",
        views.board_announce,
        name="board_announce",
    ),
    path("status/<str:token>/", views.status, name="status"),
    path("kiosk/<int:site_id>/<str:token>/", views.kiosk, name="kiosk"),
    path(
        "kiosk/<int:site_id>/<str:token>/appointment/",
        views.kiosk_check_in,
        name="kiosk_check_in",
    ),
    path(
        "kiosk/<int:site_id>/<str:token>/ticket/<str:visit>/",
        views.kiosk_ticket,
        name="kiosk_ticket",
    ),
    path("interpreter/", views.interpreter, name="interpreter"),
    path("live/", views.live, name="live"),
    path("live/desks/<int:session_id>/skills/", views.live_skills, name="live_skills"),
    path("live/alarms/<int:event_id>/", views.live_alarm, name="live_alarm"),
]
