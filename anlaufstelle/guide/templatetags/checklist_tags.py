"""Links to a visitor's checklist from other pages (the hall's status page and ticket, the
booking page): ``{% load checklist_tags %}<a href="{% checklist_url visit %}">``."""

from __future__ import annotations

from django import template

from anlaufstelle.appointments.models import Booking
from anlaufstelle.guide import checklist
from anlaufstelle.hall.models import Visit

register = template.Library()


@register.simple_tag
def checklist_url(source: Visit | Booking) -> str:
    """The checklist of a hall ticket or a booking, by its own token, in its language (German
    where the product does not speak it)."""
    return checklist.source_url(source)
