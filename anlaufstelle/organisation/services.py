"""Rules and reads of the organisation: prerequisite checks and what the overview shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.languages import pick_translation
from anlaufstelle.flow.graph import find_cycle
from anlaufstelle.organisation.models import Agency, Interpreter, Service, Site, StaffMember


def validate_prerequisites(service: Service, prerequisites: Iterable[Service]) -> None:
    """Refuse prerequisites that would make `service` wait for itself, directly or round a
    cycle, since then no visit plan could ever reach it. Raises ValidationError naming the
    cycle, e.g. "Benefits → Payout → Benefits"."""
    prerequisites = list(prerequisites)
    if service.pk is None:
        # A new service is nobody's prerequisite yet; only the service itself could close a
        # cycle, and an unsaved object cannot be among saved choices.
        return
    if any(p.pk == service.pk for p in prerequisites):
        raise ValidationError(
            _("A service cannot be its own prerequisite."), code="self_prerequisite"
        )
    # The whole graph in one query, with this service's edges replaced by the proposed ones.
    graph: dict[int, set[int]] = {}
    through = Service.prerequisites.through
    for from_id, to_id in through.objects.values_list("from_service_id", "to_service_id"):
        graph.setdefault(from_id, set()).add(to_id)
    graph[service.pk] = {p.pk for p in prerequisites}
    # Only this service's edges changed, so any cycle now runs through it.
    path = find_cycle(graph)
    if path:
        names = dict(Service.objects.filter(pk__in=path).values_list("pk", "names"))
        chain = " → ".join(pick_translation(names[pk]) for pk in path)
        raise ValidationError(
            _("These prerequisites form a cycle: %(chain)s."),
            code="prerequisite_cycle",
            params={"chain": chain},
        )


@dataclass(frozen=True)
class Overview:
    sites: QuerySet[Site]
    agencies: list[Agency]
    services: list[Service]
    staff: list[StaffMember]
    interpreters: list[Interpreter]


def services_with_details() -> QuerySet[Service]:
    return Service.objects.select_related("agency").prefetch_related(
        Prefetch("prerequisites", queryset=Service.objects.order_by("code"))
    )


def overview() -> Overview:
    """Everything the organisation page shows, in a fixed number of queries."""
    return Overview(
        sites=Site.objects.annotate(desk_count=Count("desks")).order_by("name"),
        agencies=list(Agency.objects.annotate(service_count=Count("services"))),
        services=list(services_with_details()),
        staff=list(
            StaffMember.objects.select_related("user", "agency")
            .prefetch_related(Prefetch("skills", queryset=Service.objects.order_by("code")))
            .order_by("agency__name", "user__last_name", "user__first_name")
        ),
        interpreters=list(Interpreter.objects.all()),
    )


def service_detail(code: str) -> Service:
    """One service with its neighbours in the prerequisite graph and who may serve it."""
    return (
        services_with_details()
        .prefetch_related(
            Prefetch("enables", queryset=Service.objects.order_by("code")),
            Prefetch(
                "qualified_staff",
                queryset=StaffMember.objects.select_related("user", "agency").order_by(
                    "agency__name", "user__last_name"
                ),
            ),
        )
        .get(code=code)
    )
