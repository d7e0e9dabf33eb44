from django.urls import path

from anlaufstelle.guide import checklist_urls, pages_urls, views

app_name = "guide"

urlpatterns: list = [
    *checklist_urls.urlpatterns,
    *pages_urls.urlpatterns,
    path("<str:lang>/", views.index, name="index"),
    path("<str:lang>/sw.js", views.worker, name="worker"),
    path("<str:lang>/services/<str:code>/", views.service, name="service"),
]
