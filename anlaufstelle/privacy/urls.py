from django.urls import path

from anlaufstelle.privacy import views

app_name = "privacy"
urlpatterns = [
    path("people/<int:person_id>/consents/", views.consent_list, name="consents"),
    path("people/<int:person_id>/consents/new/", views.consent_add, name="consent_add"),
    path("people/<int:person_id>/consents/form.pdf", views.consent_form_pdf, name="consent_form"),
    path(
        "people/<int:person_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "people/<int:person_id>/consents/<int:consent_id>/form.pdf",
        views.consent_pdf,
        name="consent_pdf",
    ),
    path("people/<int:person_id>/access-report/", views.access_report, name="access_report"),
    path("record/", views.record_of_processing, name="record"),
    path("people/<int:person_id>/releases/", views.release_list, name="releases"),
    path(
        "people/<int:person_id>/releases/<int:release_id>/revoke/",
        views.release_revoke,
        name="release_revoke",
    ),
    path("people/<int:person_id>/requests/", views.request_list, name="requests"),
    path(
        "people/<int:person_id>/requests/<int:request_id>/answer/",
        views.request_answer,
        name="request_answer",
    ),
]
