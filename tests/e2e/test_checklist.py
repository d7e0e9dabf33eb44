"""The personal checklist in chromium: a family from Ukraine answers the guide's questions in
Ukrainian and prints its checklist; the printed steps come in the order their prerequisites
allow. The questionnaire and the checklist pass axe in Ukrainian and in Arabic."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.e2e.helpers import on_the_server, sign_in
from tests.e2e.test_accessibility import _shot, assert_accessible, new_page

pytestmark = pytest.mark.e2e

# The demo's names of the family's steps in Ukrainian, in the order the centre takes them:
# reception first (registration needs it), registration before the residence permit, both
# before the Jobcenter's benefits; the bank and the school after registration.
IN_ORDER = [
    "Прийом і супровід",
    "Реєстрація місця проживання",
    "Дозвіл на проживання та тимчасова довідка",
    "Базове забезпечення для шукачів роботи (SGB II)",
]
AFTER_REGISTRATION = ["Відкриття базового рахунку", "Зарахування до школи"]


def answer_as_a_family_from_ukraine(page, lang: str = "uk") -> None:
    page.goto(f"/guide/{lang}/checklist/")
    page.select_option("select[name=country]", "UA")
    page.check("input[name=arrived][value=new]")
    page.check("input[name=family][value=partner_children]")
    page.fill("input[name=children]", "2")
    page.check("input[name=needs][value=papers]")
    page.check("input[name=needs][value=money]")
    page.locator("form.checklist-questions button[type=submit]").click()
    page.wait_for_url(f"**/guide/{lang}/checklist/k/**")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_family_from_ukraine_prints_its_steps_in_order(browser, live_url, tmp_path):
    page = new_page(browser, live_url, "uk", width=900)
    page.goto("/guide/uk/checklist/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert_accessible(page)
    answer_as_a_family_from_ukraine(page)
    assert_accessible(page)
    names = [_flat(n) for n in page.locator(".checklist-step__name").all_inner_texts()]
    positions = [next(i for i, n in enumerate(names) if want in n) for want in IN_ORDER]
    assert positions == sorted(positions), names
    registration = positions[1]
    for later in AFTER_REGISTRATION:
        assert next(i for i, n in enumerate(names) if later in n) > registration, names
    assert page.locator(".checklist-keep__qr svg").count() == 1
    _shot(page, "checklist-uk", tmp_path)

    # Printed as the browser prints it (A4, the print style sheet): the same steps in order.
    printed = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = _flat(" ".join(p.extract_text() for p in printed.pages))
    found = [text.find(name) for name in IN_ORDER]
    assert all(p >= 0 for p in found) and found == sorted(found), (found, text[:400])
    # The page's own header and language links are not on paper.
    assert "English" not in text

    # The PDF link gives the checklist as the server renders it, in the same order.
    response = page.request.get(page.url + "?format=pdf")
    assert response.headers["content-type"] == "application/pdf"
    served = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages))
    found = [served.find(name) for name in IN_ORDER]
    assert all(p >= 0 for p in found) and found == sorted(found), (found, served[:400])
    page.context.close()


def test_the_checklist_in_arabic_reads_right_to_left_and_passes_axe(browser, live_url, tmp_path):
    page = new_page(browser, live_url, "ar", width=360)
    page.goto("/guide/ar/checklist/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    _shot(page, "checklist-questions-ar", tmp_path)
    answer_as_a_family_from_ukraine(page, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "تسجيل السكن" in page.locator(".checklist-steps").inner_text()
    assert_accessible(page)
    # A changed address: the message in Arabic's page, and a way back to the questions.
    response = page.goto(page.url.rstrip("/")[:-4] + "xxxx/")
    assert response is not None and response.status == 400
    assert page.locator("[role=alert]").count() == 1
    assert_accessible(page)
    page.context.close()


# A person of the demo who speaks Ukrainian, registered at reception (whose agency holds the
# registry's data): reception may read them.
A_UKRAINIAN = """
from anlaufstelle.people.models import Person
people = Person.objects.filter(merged_into=None).order_by("pk")
print(next(p.pk for p in people if "uk" in p.languages))
"""


def test_reception_prints_a_persons_checklist(browser, live_url, server_env, tmp_path):
    person = on_the_server(server_env, "shell", "-v", "0", "-c", A_UKRAINIAN).split()[-1]
    page = new_page(browser, live_url, "de")
    sign_in(page, "rezeption")
    page.goto(f"/guide/staff/people/{person}/checklist/")
    form = page.locator("form.checklist-staff-form")
    form.locator("select[name=site]").select_option(label="Ankommenszentrum Messe")
    for code in ("residence", "school"):
        form.locator(f"input[name=services][value={code}]").check()
    form.locator("select[name=lang]").select_option("uk")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#checklist-heading")
    names = [_flat(n) for n in page.locator(".checklist-step__name").all_inner_texts()]
    registration = next(i for i, n in enumerate(names) if "Реєстрація місця проживання" in n)
    residence = next(i for i, n in enumerate(names) if "Дозвіл на проживання" in n)
    assert registration < residence, names
    assert_accessible(page)
    _shot(page, "checklist-staff-de", tmp_path)
    # The address handed out opens the same checklist without signing in, naming no one.
    href = page.locator(".checklist a.checklist-public").get_attribute("href")
    assert f"/{person}/" not in href
    visitor = new_page(browser, live_url, "uk")
    visitor.goto(href)
    assert "Реєстрація місця проживання" in visitor.locator(".checklist-steps").inner_text()
    visitor.context.close()
    page.context.close()
