"""Data categories. Every field of a person's data belongs to exactly one, so that access rules,
audit entries, retention and the record of processing can speak of categories, not fields."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact")
    BIOGRAPHY = "biography", _("Migration biography")
    RESIDENCE = "residence", _("Residence")
    BENEFITS = "benefits", _("Benefits")
    HEALTH = "health", _("Health")
    # Sealed: §65 SGB VIII restricts passing on data entrusted to the youth office.
    YOUTH_OFFICE = "youth_office", _("Youth office")


# What each category holds, in words a person understands: the consent form, the access report
# and the record of processing describe the categories with these.
CATEGORY_CONTENTS = {
    Category.IDENTITY: _("name, date and place of birth, sex, nationality"),
    Category.CONTACT: _("phone number, e-mail address, postal address"),
    Category.BIOGRAPHY: _(
        "languages, schooling, qualifications, work experience and further particulars"
    ),
    Category.RESIDENCE: _("residence documents, their numbers and validity"),
    Category.BENEFITS: _("benefits applied for, granted or paid"),
    Category.HEALTH: _("health, disability and care needs"),
    Category.YOUTH_OFFICE: _("counselling and help by the youth office"),
}


# Model fields that are bookkeeping, not a person's data.
TECHNICAL_FIELDS = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "version",
        "person",
        "household",
        "merged_into",
        "merged_at",
        "registered_by",
    }
)
