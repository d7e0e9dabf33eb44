from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from anlaufstelle.people.models import (
    Document,
    LanguageSkill,
    Person,
    Qualification,
    Schooling,
    WorkExperience,
)


def url(person):
    return reverse("people:detail", kwargs={"person_id": person.pk})


def fill_biography(person, numbers):
    for i in numbers:
        Schooling.objects.create(person=person, level="primary", years=i)
        Qualification.objects.create(person=person, kind="vocational", title=f"Welder {i}")
        WorkExperience.objects.create(person=person, occupation=f"Cook {i}")
        LanguageSkill.objects.create(
            person=person, language=["de", "en", "fr", "pl"][i], level="A1"
        )
        Document.objects.create(person=person, kind="passport", number=f"P{i}")


def test_the_page_shows_the_person_in_both_scripts(client_for, person):
    response = client_for("foreigners_officer").get(url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Shevchenko, Oleksandr" in html
    assert 'class="kern-body kern-body--large original-script" lang="und-Cyrl" dir="auto"' in html
    assert "14.03.1985" in html and "Ukrainian, Russian" in html


def test_household_members_link_to_their_pages(client_for, person, spouse, family):
    html = client_for("reception").get(url(person)).content.decode()
    assert "Familie Shevchenko" in html
    assert f'href="{url(spouse)}"' in html
    assert "spouse or partner" in html


def test_biography_and_documents_are_listed_and_expired_ones_flagged(client_for, person):
    today = timezone.localdate()
    Schooling.objects.create(person=person, level="upper_secondary", country="UA", years=11)
    LanguageSkill.objects.create(person=person, language="de", level="A2")
    Document.objects.create(
        person=person, kind="fiktionsbescheinigung", number="F1", valid_until=today - timedelta(1)
    )
    Document.objects.create(
        person=person, kind="passport", number="P1", valid_until=today + timedelta(300)
    )
    html = client_for("reception").get(url(person)).content.decode()
    assert "upper secondary school" in html and "German" in html and "A2" in html
    assert html.count("kern-badge--danger") == 1
    assert html.index("document--expired") > html.index("F1") - 400


def test_the_page_is_recorded_as_a_read(client_for, person, audit_entries):
    Document.objects.create(person=person, kind="passport", number="P1")
    client_for("foreigners_officer").get(url(person))
    [entry] = audit_entries()
    assert (entry.action, entry.person_ref, entry.purpose) == ("read", person.pk, "casework")
    assert entry.username == "abh.officer" and entry.agency == "Ausländerbehörde"
    assert entry.categories == ["biography", "contact", "identity"]


def test_the_query_count_does_not_grow_with_the_entries(
    client_for, person, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for("reception")
    client.get(url(person))  # the first audit entry ever also creates the chain head
    fill_biography(person, [0])
    with django_assert_max_num_queries(40) as one:
        client.get(url(person))
    fill_biography(person, [1, 2, 3])
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url(person))


def test_writers_see_edit_links_and_readers_do_not(client_for, person):
    Schooling.objects.create(person=person, level="primary")
    edit = reverse("people:edit", kwargs={"person_id": person.pk})
    add = reverse("people:entry_add", kwargs={"person_id": person.pk, "kind": "document"})
    assert edit in client_for("reception").get(url(person)).content.decode()
    html = client_for("data_protection").get(url(person)).content.decode()
    assert edit not in html and add not in html


def test_an_unknown_person_is_404_and_unrecorded(client_for, db, audit_entries):
    response = client_for("reception").get(reverse("people:detail", kwargs={"person_id": 99}))
    assert response.status_code == 404
    assert audit_entries() == []


def test_a_person_without_birth_date_or_household_shows_calmly(client_for, db):
    bare = Person.objects.create(family_name="Doe", birth_date=date(2000, 1, 1))
    html = client_for("reception").get(url(bare)).content.decode()
    assert "Not part of a household." in html and "Nothing recorded." in html
