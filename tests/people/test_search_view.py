from datetime import date

from django.urls import reverse

from tests.people.conftest import make_person

URL = reverse("people:search")


def test_the_empty_search_page_lists_nobody(client_for, person, audit_entries):
    response = client_for("reception").get(URL)
    assert response.status_code == 200
    assert "Shevchenko" not in response.content.decode()
    assert audit_entries() == []


def test_results_link_to_the_person_and_show_the_original_script(client_for, person, stranger):
    response = client_for("reception").get(URL, {"q": "Oleksandr Shevchenko"})
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("people:detail", kwargs={"person_id": person.pk}) in html
    assert 'dir="auto"' in html and "Олександр Шевченко" in html
    assert 'lang="und-Cyrl"' in html
    assert "Haddad" not in html


def test_a_query_under_two_letters_lists_nobody_and_says_why(client_for, person, audit_entries):
    response = client_for("reception").get(URL, {"q": "s"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter at least 2 letters of a name." in html
    assert "Oleksandr" not in html
    assert audit_entries() == []


def test_a_birth_year_alone_lists_nobody(client_for, person, audit_entries):
    response = client_for("reception").get(URL, {"q": "", "born": "1985"})
    assert "Oleksandr" not in response.content.decode()
    assert audit_entries() == []


def test_a_birth_year_in_the_future_is_refused(client_for, person, audit_entries):
    response = client_for("reception").get(URL, {"q": "Shevchenko", "born": "2999"})
    assert "Enter a year between 1900 and this year." in response.content.decode()
    assert audit_entries() == []


def test_an_impossible_birth_date_is_refused(client_for, person, audit_entries):
    response = client_for("reception").get(URL, {"q": "Shevchenko", "born": "31.02.1990"})
    html = response.content.decode()
    assert "This date does not exist." in html and "Oleksandr" not in html
    assert audit_entries() == []


def test_a_date_in_another_shape_is_explained(client_for, person, audit_entries):
    response = client_for("reception").get(URL, {"q": "Shevchenko", "born": "March 1985"})
    assert 'as month and year (<bdi dir="ltr">03.1985</bdi>)' in response.content.decode()
    assert audit_entries() == []


def test_birth_date_sex_and_nationality_narrow_the_ranking(client_for, person, spouse):
    response = client_for("reception").get(
        URL, {"q": "Shevchenko", "born": "06.1987", "sex": "f", "nationality": "UA"}
    )
    html = response.content.decode()
    assert "Iryna" in html
    assert "Oleksandr" not in html or html.index("Iryna") < html.index("Oleksandr")


def test_each_result_says_why_it_matches(client_for, person):
    html = client_for("reception").get(URL, {"q": "Олександр Шевченко", "born": "14.03.1985"})
    html = html.content.decode()
    assert "Why?" in html
    assert "family name: same in transliteration" in html or "family name: same" in html
    assert "birth date: same (1985-03-14)" in html
    assert "same person" in html


def test_an_htmx_request_gets_just_the_results_fragment(client_for, person):
    response = client_for("reception").get(
        URL, {"q": "Shevchenko Oleksandr"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert "Oleksandr" in html
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(client_for, person):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = client_for("reception").get(URL, {"q": "Shevchenko"}, headers=headers)
    assert "<html" in response.content.decode()


def test_an_htmx_short_query_explains_itself_in_the_fragment(client_for, person):
    response = client_for("reception").get(URL, {"q": "s"}, headers={"HX-Request": "true"})
    assert "Enter at least 2 letters of a name." in response.content.decode()


def test_the_page_searches_as_you_type_and_without_javascript(client_for):
    html = client_for("reception").get(URL).content.decode()
    assert 'hx-trigger="submit, input changed delay:300ms, search"' in html
    assert f'method="get" action="{URL}"' in html
    assert 'id="search-results"' in html


def test_a_search_is_recorded(client_for, person, audit_entries):
    client_for("data_protection").get(URL, {"q": "Oleksandr Shevchenko"})
    [entry] = audit_entries()
    assert (entry.action, entry.purpose, entry.username) == (
        "search",
        "data_protection_review",
        "datenschutz",
    )
    assert entry.detail["results"] == 1 and entry.person_ref is None


def test_many_matches_ask_for_a_narrower_search(client_for, db):
    for day in range(1, 28):
        make_person(family_name="Ali", given_names="Omar", birth_date=date(1990, 3, day))
    html = client_for("reception").get(URL, {"q": "Omar Ali"}).content.decode()
    assert "More people match than are shown." in html
    assert html.count("people/") >= 25


def test_the_register_button_shows_only_to_writers(client_for):
    register = reverse("people:register")
    assert register in client_for("reception").get(URL).content.decode()
    assert register not in client_for("data_protection").get(URL).content.decode()


def test_a_too_common_name_asks_for_more(client_for, person, monkeypatch):
    monkeypatch.setattr("anlaufstelle.matching.index.MAX_POSTINGS", 0)
    html = client_for("reception").get(URL, {"q": "Oleksandr Shevchenko"}).content.decode()
    assert "This name is too common to search on its own." in html


def test_there_is_no_list_of_everyone(client_for, person, stranger):
    client = client_for("reception")
    for query in ({}, {"q": ""}, {"q": " "}, {"q": "*"}, {"q": "%"}, {"q": "_"}):
        html = client.get(URL, query).content.decode()
        assert "Haddad" not in html and "Shevchenko" not in html, query


def results(client, **params):
    """The results fragment alone: the form around it has no scores to check."""
    response = client.get(URL, params, headers={"HX-Request": "true"})
    return response.content.decode()


def test_a_match_is_explained_in_words_not_as_a_percentage(client_for, person, spouse):
    client = client_for("reception")
    exact = results(client, q="Oleksandr Shevchenko", born="14.03.1985")
    assert "probably the same person" in exact
    surname = results(client, q="Shevchenko")
    assert surname.count("name matches") == 2
    namesake = results(client, q="Oleksandr Shevchenko", born="1990")
    assert "name matches, other details differ" in namesake
    similar = results(client, q="Oleksandr Shevchrnko")
    assert "only similar" in similar
    for html in (exact, surname, namesake, similar):
        assert "%" not in html and "Why?" in html


def test_a_given_name_alone_lists_its_holders_and_says_how_many(client_for, db):
    for i in range(55):
        make_person(family_name=f"Bondar{'a' * i}", given_names="Oleksandr")
    html = results(client_for("reception"), q="Олександр")
    assert "Showing 50 of 55 people with this name, best match first." in html
    assert html.count("name matches") == 50
    assert "More people match than are shown." not in html
