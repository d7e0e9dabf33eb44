"""The public booking pages (namespace ``book``, under /book/)."""

from django.urls import path

from anlaufstelle.appointments import public

app_name = "book"

urlpatterns = [
    path("", public.languages, name="languages"),
    path("<str:lang>/", public.start, name="start"),
    path("<str:lang>/<int:site_id>/", public.visit, name="visit"),
    path("<str:lang>/<int:site_id>/hold/", public.hold, name="hold"),
    path("<str:lang>/held/<str:token>/", public.details, name="details"),
    path("<str:lang>/b/<str:token>/", public.manage, name="manage"),
    path("<str:lang>/b/<str:token>/move/", public.move, name="move"),
    path("<str:lang>/b/<str:token>/cancel/", public.cancel, name="cancel"),
    path("<str:lang>/b/<str:token>/confirm/", public.confirm, name="confirm"),
]
