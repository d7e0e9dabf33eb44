"""The configuration of lawful sharing, which the centre's lawyer and data-protection officer
correct without a programmer; consents, releases and written requests until their own pages
exist."""

from __future__ import annotations

from django.contrib import admin

from anlaufstelle.privacy.models import (
    Consent,
    LegalBasis,
    LegalHold,
    Release,
    RetentionRule,
    TransferRequest,
)


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "citation", "on_request", "valid_from", "valid_until"]
    list_filter = ["on_request"]
    search_fields = ["code", "title", "citation"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["pk", "person", "how", "valid_from", "valid_until", "withdrawn_at"]
    list_filter = ["how", "given_by"]
    raw_id_fields = ["person", "recorded_by"]
    filter_horizontal = ["recipients", "named"]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["pk", "person", "category", "user", "until", "revoked_at"]
    raw_id_fields = ["person", "user", "granted_by"]


@admin.register(TransferRequest)
class TransferRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "person", "agency", "basis", "reference", "received_at", "answered_at"]
    raw_id_fields = ["person", "recorded_by"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["agency_kind", "category", "months", "start", "citation"]
    list_filter = ["agency_kind", "category"]


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    list_display = ["pk", "person", "reason", "placed_at", "until", "lifted_at"]
    raw_id_fields = ["person", "placed_by"]
