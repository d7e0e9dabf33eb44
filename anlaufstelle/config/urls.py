from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("anlaufstelle.core.urls")),
    path("people/", include("anlaufstelle.people.urls")),
    path("organisation/", include("anlaufstelle.organisation.urls")),
    path("audit/", include("anlaufstelle.audit.urls")),
    path("privacy/", include("anlaufstelle.privacy.urls")),
    path("cases/", include("anlaufstelle.cases.urls")),
    path("planning/", include("anlaufstelle.planning.urls")),
    path("hall/", include("anlaufstelle.hall.urls")),
    path("appointments/", include("anlaufstelle.appointments.urls")),
    path("book/", include("anlaufstelle.appointments.public_urls")),
    path("outbox/", include("anlaufstelle.outbox.urls")),
    path("guide/", include("anlaufstelle.guide.urls")),
    path("eligibility/", include("anlaufstelle.eligibility.urls")),
    path("housing/", include("anlaufstelle.housing.urls")),
    path("hotline/", include("anlaufstelle.hotline.urls")),
    path("payouts/", include("anlaufstelle.payouts.urls")),
    path("network/", include("anlaufstelle.network.urls")),
    path("reports/", include("anlaufstelle.reports.urls")),
    path("guide/", include("anlaufstelle.network.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "anlaufstelle.core.views.bad_request"
