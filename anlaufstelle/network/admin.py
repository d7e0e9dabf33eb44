from django.contrib import admin

from anlaufstelle.network.models import Offer, PartnerProfile


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("__str__", "agency", "kind", "active")
    list_filter = ("kind", "active", "agency")


@admin.register(PartnerProfile)
class PartnerProfileAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "contact")
