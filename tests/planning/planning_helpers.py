"""Helpers for the planning tests: a tiny hand-made day (fast enough to plan in any test), the
shipped samples, and uploads built as a browser sends them.

A plain module with a unique name rather than conftest.py, so that ``from planning_helpers
import`` cannot pick up another directory's conftest."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from anlaufstelle.planning.services import SAMPLES_DIR

RURAL = SAMPLES_DIR / "rural-walk-in.json"
LEIPZIG = SAMPLES_DIR / "leipzig-peak.json"


def _service(sid: str, requires: list[str], typical: float, agency: str) -> dict[str, Any]:
    return {
        "id": sid,
        "agency": agency,
        "requires": requires,
        "typical_minutes": typical,
        "per_person_factor": 0.2,
    }


def make_tiny_day() -> dict[str, Any]:
    """Three services, four staff, one interpreter, twenty visitors in two hours."""
    visitors = []
    for i in range(20):
        steps = {"reception": 2.0, "registration": 4.0 + i % 3}
        if i % 2 == 0:
            steps["residence"] = 6.0 + i % 4
        visitors.append(
            {
                "id": f"V{i:02d}",
                "arrival": 6.0 * i,
                "party_size": 1 + i % 2,
                "language": "uk" if i % 3 else "de",
                "needs_interpreter": i % 3 == 1,
                "steps": steps,
            }
        )
    return {
        "format": "anlaufstelle-scenario/1",
        "name": "tiny-test-day",
        "opening_minutes": 180,
        "target_minutes": 45,
        "walk_minutes": 0.5,
        "services": [
            _service("reception", [], 2, "lotsen"),
            _service("registration", ["reception"], 4, "buergerservice"),
            _service("residence", ["registration"], 6, "auslaenderbehoerde"),
        ],
        "staff": [
            {"id": "S1", "skills": ["reception"], "languages": ["de"], "from": 0, "to": 180},
            {"id": "S2", "skills": ["registration"], "languages": ["de"], "from": 0, "to": 180},
            {"id": "S3", "skills": ["residence"], "languages": ["de"], "from": 0, "to": 180},
            {
                "id": "S4",
                "skills": ["registration", "residence"],
                "languages": ["de", "en"],
                "from": 0,
                "to": 180,
            },
        ],
        "interpreters": [{"id": "I1", "languages": ["uk", "ru"], "from": 0, "to": 180}],
        "visitors": visitors,
    }


def day_file(data: Any, name: str = "day.json") -> SimpleUploadedFile:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, body, content_type="application/json")


def without(data: dict[str, Any], *path: Any) -> dict[str, Any]:
    """A copy of ``data`` with the field at ``path`` removed."""
    out = copy.deepcopy(data)
    target = out
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return out


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def plan_now(client: Any, data: dict[str, Any], **headers: Any) -> Any:
    """Post the planner's form as the page does, run the queued job as a runner would, and
    return the job's page (with htmx headers: the planner fragment) as the user then sees it.
    A form the page refuses comes back as it is."""
    from django.urls import reverse

    from anlaufstelle.planning import jobs
    from anlaufstelle.planning.models import PlanningJob

    before = set(PlanningJob.objects.values_list("pk", flat=True))
    response = client.post(reverse("planning:plan"), data, **headers)
    queued = PlanningJob.objects.exclude(pk__in=before)
    if not queued.exists():
        return response
    job = queued.get()
    if headers:
        assert response.status_code == 200 and "Waiting for the planner" in response.text
    else:
        assert response.status_code == 302 and response["Location"] == job_url(job)
    jobs.run_pending()
    return client.get(job_url(job), **headers)


def job_url(job: Any) -> str:
    from django.urls import reverse

    return reverse("planning:job", kwargs={"job_id": job.pk})
