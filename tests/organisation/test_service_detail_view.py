"""One service: texts in every language, prerequisites both ways, who may serve it."""

from __future__ import annotations

from django.urls import reverse


def url(code: str) -> str:
    return reverse("organisation:service", kwargs={"code": code})


def test_shows_texts_prerequisites_and_qualified_staff(client_for, services, personas):
    personas["foreigners_officer"].staff_member.skills.add(services["residence"])
    response = client_for("coordinator").get(url("residence"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Aufenthaltstitel" in body and "Residence permit" in body
    assert "99010003000000" in body
    assert url("registration") in body  # the prerequisite, linked
    assert "Anton Amt" in body


def test_a_prerequisite_lists_what_it_enables(client_for, services):
    body = client_for("administrator").get(url("registration")).content.decode()
    assert url("residence") in body
