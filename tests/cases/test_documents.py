"""Documents of a case: checked by content against PDF, JPEG and PNG, size-limited, kept
outside the web root under a random name, and handed out only through the access decision."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.cases import files
from anlaufstelle.cases.models import CaseDocument
from tests.consents import consent


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def upload(client, case, content: bytes, name: str, category: str = "benefits"):
    return client.post(
        reverse("cases:document_add", kwargs={"case_id": case.pk}),
        {"title": "Bescheid", "category": category, "file": SimpleUploadedFile(name, content)},
    )


def stored_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "case-documents"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_scan_is_kept_under_a_random_name_and_downloaded_as_it_was(client_for, case, settings):
    officer = client_for("jobcenter_officer")
    content = png()
    assert upload(officer, case, content, "Olena Koval Bescheid.png").status_code == 302
    document = CaseDocument.objects.get()
    assert (document.content_type, document.size) == ("image/png", len(content))
    assert stored_files(settings) == [document.stored_as]
    assert "Koval" not in document.stored_as and len(document.stored_as) == 32
    response = officer.get(reverse("cases:document", kwargs={"document_id": document.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "image/png"
    assert f'filename="document-{document.pk}.png"' in response["Content-Disposition"]
    exported = AuditEntry.objects.filter(action="export").latest("seq")
    assert exported.detail["document"] == document.pk and exported.categories == ["benefits"]


@pytest.mark.parametrize(
    "content, name",
    [
        (b"#!/bin/sh\necho hello\n", "bescheid.pdf"),  # a script named as a PDF
        (b"<html><script>alert(1)</script></html>", "scan.png"),
        (b"GIF89a" + b"\x00" * 40, "bild.gif"),  # an image type not on the list
    ],
)
def test_a_file_is_judged_by_its_content_not_its_name(client_for, case, settings, content, name):
    response = upload(client_for("jobcenter_officer"), case, content, name)
    assert response.status_code == 200
    assert "Only PDF, JPEG and PNG files can be kept" in response.content.decode()
    assert not CaseDocument.objects.exists() and stored_files(settings) == []


def test_a_file_over_the_limit_is_refused_and_leaves_nothing(client_for, case, settings):
    settings.CASE_DOCUMENT_MAX_BYTES = 1000
    big = png() + b"\x00" * 2000
    response = upload(client_for("jobcenter_officer"), case, big, "scan.png")
    assert "The file is larger than" in response.content.decode()
    assert not CaseDocument.objects.exists() and stored_files(settings) == []


def test_another_agency_gets_a_document_only_on_a_basis(client_for, personas, case, agencies):
    upload(client_for("jobcenter_officer"), case, png(), "scan.png", category="health")
    document = CaseDocument.objects.get()
    url = reverse("cases:document", kwargs={"document_id": document.pk})
    foreigners = client_for("foreigners_officer")
    assert foreigners.get(url).status_code == 403  # takes no part in the case
    # Taking part through a task, with the person's consent: health stays sealed.
    from anlaufstelle.cases import services

    services.add_task(
        user=personas["jobcenter_officer"],
        case_id=case.pk,
        data={"agency": agencies["foreigners"], "title": "Prüfen"},
    )
    consent(
        case.person, agencies["foreigners"], categories=["identity", "health"], explicit_health=True
    )
    assert foreigners.get(url).status_code == 403
    refused = AuditEntry.objects.filter(action="refused").latest("seq")
    assert refused.detail["access"]["health"] == {"refused": "sealed"}
    page = foreigners.get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Bescheid" not in page


def test_a_stored_name_never_leaves_the_folder():
    for name in ("../etc/passwd", "", "ABC", "0" * 31 + "/"):
        with pytest.raises(ValueError):
            files.path_of(name)
