"""Administrators enter each paying agency's account (the debtor of its transfer files) in the
Django admin. Decisions, payouts and cheques are a person's data: they are not here, only on the
paying desks' pages, which ask the access decision and write the audit trail."""

from __future__ import annotations

from django.contrib import admin

from anlaufstelle.payouts.models import PayingAccount


@admin.register(PayingAccount)
class PayingAccountAdmin(admin.ModelAdmin):
    list_display = ["agency", "name", "iban", "bic", "town"]
