from django.urls import reverse

from anlaufstelle.people.models import Household, HouseholdMember


def url(name, person):
    return reverse(f"people:{name}", kwargs={"person_id": person.pk})


def test_a_person_without_household_is_offered_both_ways_in(client_for, stranger, audit_entries):
    response = client_for("reception").get(url("household", stranger))
    html = response.content.decode()
    assert response.status_code == 200
    assert url("household_create", stranger) in html and url("household_join", stranger) in html
    [entry] = audit_entries()
    own = {"basis": "own", "citation": "", "transfer": False}
    # Reception's own agency registered the stranger: its own data, no transfer.
    assert (entry.action, entry.person_ref, entry.detail) == (
        "read",
        stranger.pk,
        {"page": "household", "access": {"contact": own, "identity": own}},
    )


def test_the_household_page_lists_the_members(client_for, person, spouse, family, audit_entries):
    html = client_for("reception").get(url("household", person)).content.decode()
    assert "Familie Shevchenko" in html and "Shevchenko, Iryna" in html
    assert url("membership_edit", person) in html and url("household_leave", person) in html
    assert {e.person_ref for e in audit_entries()} == {person.pk, spouse.pk}


def test_creating_a_household(client_for, stranger, audit_entries):
    response = client_for("reception").post(
        url("household_create", stranger), {"label": "Haddad", "address": ""}
    )
    assert response.status_code == 302
    assert HouseholdMember.objects.get(person=stranger).relation == "head"
    assert audit_entries()[0].action == "create"


def test_creating_a_second_household_is_refused(client_for, person, family, audit_entries):
    response = client_for("reception").post(url("household_create", person), {"label": "Two"})
    assert response.status_code == 200
    assert "This person already belongs to a household." in response.content.decode()
    assert Household.objects.count() == 1
    assert "create" not in [e.action for e in audit_entries()]


def test_finding_another_member_by_name_offers_them(client_for, stranger, spouse, family):
    response = client_for("reception").get(
        url("household", stranger), {"q": "iryna shevchenko"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Shevchenko, Iryna" in html and f'href="?other={spouse.pk}#join"' in html


def test_the_chosen_person_fills_in_the_join_form(client_for, stranger, spouse, family):
    html = client_for("reception").get(url("household", stranger), {"other": spouse.pk})
    assert f'name="other_person_id" value="{spouse.pk}"' in html.content.decode()


def test_searching_for_candidates_is_recorded_as_a_search(
    client_for, stranger, spouse, family, audit_entries
):
    client_for("reception").get(
        url("household", stranger), {"q": "ir"}, headers={"HX-Request": "true"}
    )
    [entry] = audit_entries()
    assert (entry.action, entry.person_ref) == ("search", None)


def test_joining_by_person_number(client_for, stranger, spouse, family, audit_entries):
    response = client_for("reception").post(
        url("household_join", stranger), {"other_person_id": spouse.pk, "relation": "sibling"}
    )
    assert response.status_code == 302
    assert HouseholdMember.objects.get(person=stranger).household == family
    assert audit_entries()[0].action == "create"


def test_joining_a_person_without_household_is_explained(client_for, stranger, person):
    response = client_for("reception").post(
        url("household_join", stranger), {"other_person_id": person.pk, "relation": "child"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This person does not belong to a household yet." in html
    assert f'value="{person.pk}"' in html  # what was typed stays
    assert not HouseholdMember.objects.exists()


def test_joining_as_a_second_head_is_not_offered(client_for, stranger, spouse, family):
    response = client_for("reception").post(
        url("household_join", stranger), {"other_person_id": spouse.pk, "relation": "head"}
    )
    assert "Select a valid choice." in response.content.decode()
    assert not HouseholdMember.objects.filter(person=stranger).exists()


def test_editing_the_household_and_the_relation(client_for, person, spouse, family, audit_entries):
    client = client_for("foreigners_officer")
    response = client.post(
        url("household_edit", spouse), {"label": "Fam. S.", "address": "", "version": 1}
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.label, family.address, family.version) == ("Fam. S.", "", 2)
    response = client.post(url("membership_edit", spouse), {"relation": "other", "version": 1})
    assert response.status_code == 302
    assert HouseholdMember.objects.get(person=spouse).relation == "other"
    assert [e.action for e in audit_entries()] == ["update", "update", "update"]


def test_a_second_head_is_refused_next_to_the_field(client_for, spouse, family):
    response = client_for("reception").post(
        url("membership_edit", spouse), {"relation": "head", "version": 1}
    )
    assert response.status_code == 200
    assert "This household already has a head of household." in response.content.decode()
    assert HouseholdMember.objects.get(person=spouse).relation == "spouse"


def test_leaving_needs_the_confirmation(client_for, spouse, family, audit_entries):
    client = client_for("reception")
    page = client.get(url("household_leave", spouse))
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()
    assert client.post(url("household_leave", spouse), {}).status_code == 200
    assert HouseholdMember.objects.filter(person=spouse).exists()
    response = client.post(url("household_leave", spouse), {"confirm": "True"})
    assert response.status_code == 302
    assert not HouseholdMember.objects.filter(person=spouse).exists()
    assert audit_entries()[-1].action == "delete"


def test_actions_need_a_household_where_they_change_one(client_for, stranger):
    client = client_for("reception")
    assert client.post(url("household_edit", stranger), {"label": "x"}).status_code == 404
    assert client.post(url("membership_edit", stranger), {"relation": "child"}).status_code == 404
    assert client.get(url("household_leave", stranger)).status_code == 404


def test_an_actions_url_opened_by_get_shows_the_page_and_changes_nothing(client_for, stranger):
    response = client_for("reception").get(url("household_create", stranger))
    assert response.status_code == 200
    assert url("household_join", stranger) in response.content.decode()
    assert not Household.objects.exists()


def test_two_desks_editing_the_household_the_second_sees_both_versions(
    client_for, person, spouse, family
):
    first, second = client_for("reception"), client_for("foreigners_officer")
    # Both opened the household page at version 1; the first saves a new address.
    assert 'name="version" value="1"' in first.get(url("household", spouse)).content.decode()
    first.post(
        url("household_edit", spouse), {"label": family.label, "address": "Halle", "version": 1}
    )
    late = second.post(
        url("household_edit", person), {"label": family.label, "address": "Leipzig", "version": 1}
    )
    assert late.status_code == 409
    html = late.content.decode()
    assert "Someone else saved this while you were editing" in html
    assert "Saved meanwhile by someone else: Halle" in html
    assert "Leipzig" in html  # what the second typed is still there
    assert 'name="version" value="2"' in html
    family.refresh_from_db()
    assert (family.address, family.version) == ("Halle", 2)
    # Saving again on the version shown now goes through.
    again = second.post(
        url("household_edit", person), {"label": family.label, "address": "Leipzig", "version": 2}
    )
    assert again.status_code == 302
    family.refresh_from_db()
    assert (family.address, family.version) == ("Leipzig", 3)


def test_two_desks_changing_a_relation_at_once(client_for, spouse, family):
    first, second = client_for("reception"), client_for("foreigners_officer")
    first.post(url("membership_edit", spouse), {"relation": "other", "version": 1})
    late = second.post(url("membership_edit", spouse), {"relation": "child", "version": 1})
    assert late.status_code == 409
    assert HouseholdMember.objects.get(person=spouse).relation == "other"
