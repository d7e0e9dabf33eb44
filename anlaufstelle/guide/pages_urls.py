"""The staff-written pages' addresses (public reading and the staff editor), included by the
guide's ``urls``."""

from django.urls import path

from anlaufstelle.guide import pages_views as views

urlpatterns: list = [
    path("staff/pages/", views.staff_list, name="pages_list"),
    path("staff/pages/new/", views.staff_new, name="pages_new"),
    path("staff/pages/<int:page_id>/", views.staff_edit, name="pages_edit"),
    path("staff/pages/<int:page_id>/<str:lang>/", views.staff_translate, name="pages_translate"),
    path("<str:lang>/pages/<slug:slug>/", views.page, name="page"),
]
