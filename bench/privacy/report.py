"""The information about a person's data (Art. 15 GDPR) at scale: how long the page and the PDF
take for a person of the demo centre whose record was read `--reads` times by other agencies,
among `--people` people.

    python bench/privacy/report.py [--people 2000] [--reads 500] [--json]

The database must be empty (it is migrated and filled here).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.django_setup import setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--reads", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.people < 1 or args.reads < 0 or args.repeat < 1:
        print("report bench: --people ≥ 1, --reads ≥ 0, --repeat ≥ 1", file=sys.stderr)
        return 2
    vendor = setup_django("report")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from anlaufstelle.demo.builder import load_demo
    from anlaufstelle.people.models import Person
    from anlaufstelle.privacy import services as access

    if Person.objects.exists():
        print("report bench: the database is not empty", file=sys.stderr)
        return 2
    load_demo(people=args.people)
    users = get_user_model().objects
    officer, dpo = users.get(username="jobcenter"), users.get(username="datenschutz")
    person = Person.objects.filter(consents__recipients__code="jobcenter").first()
    assert person is not None, "no person of the demo consented to the jobcenter"
    client = Client(HTTP_HOST="localhost")
    client.force_login(officer)
    page = reverse("people:detail", kwargs={"person_id": person.pk})
    for _ in range(args.reads):
        client.get(page)  # each read recorded with its basis: a transfer
    decided = access.decide(
        user=officer, person=person, categories=["identity"], purpose="casework"
    )
    assert decided.allowed, "the jobcenter may read the person"
    client.force_login(dpo)
    url = reverse("privacy:access_report", kwargs={"person_id": person.pk})
    timings: dict[str, list[float]] = {"html": [], "pdf": []}
    for _ in range(args.repeat):
        for form, query in (("html", "?language=uk"), ("pdf", "?language=ar&format=pdf")):
            started = time.perf_counter()
            response = client.get(url + query)
            timings[form].append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
    figures = {
        "database": vendor,
        "people": args.people,
        "reads_of_the_person": args.reads,
        "html_ms_median": round(1000 * statistics.median(timings["html"]), 1),
        "html_ms_max": round(1000 * max(timings["html"]), 1),
        "pdf_ms_median": round(1000 * statistics.median(timings["pdf"]), 1),
        "pdf_ms_max": round(1000 * max(timings["pdf"]), 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>22}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
