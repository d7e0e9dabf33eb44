"""Every reason code of the pure core is marked for translation with the very same English text,
so that a page shows each code in the reader's language."""

from __future__ import annotations

from django.utils import translation

from anlaufstelle.eligibility.reasons import EXPLANATIONS, explain
from anlaufstelle.rules import REASONS


def test_the_translatable_texts_are_the_cores_texts() -> None:
    assert list(EXPLANATIONS) == list(REASONS)
    with translation.override("en"):
        for code, (text, _citation) in REASONS.items():
            assert str(EXPLANATIONS[code]) == text, code


def test_explain_gives_text_and_citation_and_shows_an_unknown_code_as_it_is() -> None:
    with translation.override("en"):
        assert explain("deception")[0].startswith("Own false statements")
        assert "§ 25a Abs. 1 S. 3" in explain("deception")[1]
        assert explain("from_a_newer_rules_file") == ("from_a_newer_rules_file", "")


def test_the_built_in_titles_are_marked_for_translation() -> None:
    from anlaufstelle.eligibility.reasons import TITLES, title
    from anlaufstelle.rules import load_rules

    with translation.override("en"):
        assert {r.id: r.title for r in load_rules().rules} == {k: str(v) for k, v in TITLES.items()}
        assert title("aufenthg-25a", "A lawyer's own title") == "A lawyer's own title"
