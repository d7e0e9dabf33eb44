"""The reason codes of the rules engine with their explanations marked for translation.

The pure core (anlaufstelle/rules/reasons.py) keeps the English text and the citation; this
mapping holds the same English texts inside gettext_lazy so that makemessages extracts them and
a page can show a code in the reader's language. tests/rules/test_reasons_translated.py keeps
the two alike."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anlaufstelle.rules import REASONS

EXPLANATIONS: dict[str, Promise] = {
    "tolerated": _("Holds a Duldung on the application day."),
    "not_tolerated": _("Holds no Duldung on the application day."),
    "duldung_light_excluded": _(
        "Holds only a Duldung for persons with unclarified identity (§ 60b), which does not count."
    ),
    "holds_104c": _(
        "Holds a Chancen-Aufenthaltsrecht, so the special rules for its holders apply."
    ),
    "car_rules_ended": _(
        "The special rules for holders of the Chancen-Aufenthaltsrecht end before the other "
        "conditions would be met."
    ),
    "duldung_months": _("Has held a Duldung without interruption for the required months."),
    "stay_years": _(
        "Has stayed the required years without interruption, tolerated, permitted or with"
        " a residence title."
    ),
    "stay_years_with_child": _(
        "Has stayed the shorter required time that applies when living with a minor "
        "unmarried child."
    ),
    "stay_years_short": _(
        "Does not live with a minor unmarried child, so the shorter stay does not apply."
    ),
    "no_current_status": _(
        "No Duldung, permission to stay or residence title runs on the application day, "
        "so there is no uninterrupted stay up to it."
    ),
    "stay_years_on_cut_off": _(
        "Had stayed five years without interruption on 31 October 2022 and still does."
    ),
    "stay_years_on_cut_off_short": _(
        "Had not stayed five years without interruption on 31 October 2022."
    ),
    "104c_new_applications_ended": _(
        "New applications for the Chancen-Aufenthaltsrecht are no longer possible."
    ),
    "104c_holder_transition": _(
        "Holds the Chancen-Aufenthaltsrecht until it expires; it can only be continued as"
        " a residence permit under § 25a or § 25b, applied for before it expires."
    ),
    "not_in_force": _("The rule was not in force on the day that counts."),
    "age_within_limits": _("Is old enough and applies before the age limit."),
    "age_limit_passed": _("Applies after the age limit."),
    "age_limit_before_conditions": _(
        "Reaches the age limit before the other conditions would be met."
    ),
    "too_late": _("A time limit passes before the conditions would be met."),
    "school_years": _("Has attended school in Germany successfully for the required years."),
    "school_years_short": _(
        "Has not attended school in Germany successfully for the required years and has "
        "no German school or vocational qualification."
    ),
    "german_qualification": _(
        "Has a recognised German school-leaving or vocational qualification."
    ),
    "no_german_qualification": _("Has no German school-leaving or vocational qualification."),
    "german_oral": _("Speaks German at the required level."),
    "german_oral_short": _("Does not yet speak German at the required level."),
    "german_level": _("Has German at the required level."),
    "german_level_short": _("Does not yet have German at the required level."),
    "constitution_declaration": _(
        "Has signed the declaration of commitment to the free democratic basic order."
    ),
    "no_constitution_declaration": _(
        "Has not signed the declaration of commitment to the free democratic basic order."
    ),
    "civic_knowledge": _("Has shown basic knowledge of the legal and social order."),
    "no_civic_knowledge": _("Has not shown basic knowledge of the legal and social order."),
    "children_at_school": _("Every child of school age in the household goes to school."),
    "child_not_at_school": _("A child of school age in the household does not go to school."),
    "livelihood_from_work": _("Work covers the required share of the household's needs."),
    "livelihood_not_from_work": _(
        "Work does not cover the required share of the household's needs."
    ),
    "livelihood_family_exception": _(
        "A family with minor children that needs supplementary benefits only for a time; "
        "the authority judges whether it is temporary."
    ),
    "livelihood_waived": _(
        "Not able to work, so the livelihood condition is waived (illness, disability or age)."
    ),
    "employment_months": _(
        "Has been employed subject to social insurance for the required months and hours."
    ),
    "employment_short": _(
        "Has no current employment subject to social insurance of the required hours."
    ),
    "qualified_employment": _(
        "Has been employed subject to social insurance for the required time."
    ),
    "no_public_funds": _("Lives without public funds from work."),
    "public_funds": _("Depends on public funds in part."),
    "qualification_in_germany": _(
        "Has completed a qualified vocational training or a degree in Germany."
    ),
    "foreign_qualification_recognised": _("Has a recognised foreign degree."),
    "no_qualification": _(
        "Has neither a German qualification, nor a recognised foreign degree with the "
        "employment, nor the years of qualified employment."
    ),
    "housing_sufficient": _("Has sufficient housing."),
    "housing_insufficient": _("Has no sufficient housing."),
    "training_qualified": _("Has a qualified vocational training."),
    "training_helper": _(
        "Has an assistant or helper training with a commitment to a qualified training after it."
    ),
    "helper_no_commitment": _(
        "Has a helper training but no commitment to a qualified training after it."
    ),
    "training_started_during_asylum": _(
        "Started the training as an asylum seeker and continues it after the rejection."
    ),
    "removal_imminent": _("Concrete measures to end the stay are under way."),
    "no_removal_imminent": _("No concrete measures to end the stay are under way."),
    "identity_clarified": _("The identity is clarified."),
    "identity_clarified_or_steps": _(
        "The identity is clarified, or every reasonable step to clarify it has been taken."
    ),
    "identity_clarified_in_time": _(
        "The identity was clarified, or every reasonable step taken, in time."
    ),
    "identity_not_clarified_in_time": _(
        "The identity was not clarified, nor every reasonable step taken, by the deadline."
    ),
    "entered_by_cut_off": _("Entered Germany by the cut-off date."),
    "entered_after_cut_off": _("Entered Germany after the cut-off date."),
    "no_deception": _("No own false statements or deception about identity prevented removal."),
    "deception": _(
        "Own false statements or deception about identity or nationality prevented removal."
    ),
    "no_convictions": _("No conviction."),
    "convictions_below_limit": _(
        "Convicted only to fines within the limit that is ignored (50 daily rates, or 90 "
        "for offences only foreigners can commit)."
    ),
    "conviction_fines_over_limit": _("Convicted to fines above the limit that is ignored."),
    "conviction_custodial": _("Sentenced to prison or youth custody."),
    "no_serious_conviction": _("No sentence to prison or youth custody."),
    "not_temporary_protection": _(
        "Holds no residence permit or Fiktionsbescheinigung for temporary protection."
    ),
    "asylblg_temporary_protection": _(
        "Under temporary protection before 1 June 2022, benefits came from the AsylbLG."
    ),
    "asylblg_until_switch": _(
        "The AsylbLG pays until the end of the month in which both the identity treatment"
        " and the residence document are done."
    ),
    "switch_2022_document_by_cut_off": _(
        "Held the residence document by 31 May 2022 and had the identity treatment in "
        "time, so the switch took effect on 1 June 2022."
    ),
    "fingerprinting_grace": _(
        "Held the residence document by 31 May 2022; the identity treatment may still "
        "follow within the grace period."
    ),
    "fingerprinted_after_grace": _(
        "The identity treatment came after the grace period, so the switch took effect "
        "the month after it."
    ),
    "switch_after_document_and_ed": _(
        "The switch takes effect the month after both the identity treatment and the "
        "residence document."
    ),
    "able_to_work": _("Able to work: the Jobcenter pays (SGB II)."),
    "not_able_to_work": _("Not able to work: the social office pays (SGB XII)."),
    "retirement_age": _("Has reached the retirement age: the social office pays (SGB XII)."),
    "child_in_household": _(
        "A child under 15 receives benefits in the household of an employable parent (SGB II)."
    ),
    "first_title_by_cut_off": _(
        "The first temporary protection title or Fiktionsbescheinigung dates from 31 "
        "March 2025 or earlier, so the switch back to the AsylbLG does not apply."
    ),
    "first_title_after_cut_off": _(
        "The first temporary protection title or Fiktionsbescheinigung dates after 31 "
        "March 2025, so the AsylbLG pays."
    ),
    "transition_until_end_of_approval": _(
        "Benefits already approved continue until the approval ends, at the latest to the"
        " end of the third month after the change."
    ),
}


# The built-in rules' titles (the `title` of each file in anlaufstelle/rules/data/), for pages;
# a rules file from RULES_DIR may give another title, which is then shown as it is.
TITLES: dict[str, Promise] = {
    "aufenthg-25a": _("Residence for well-integrated young people"),
    "aufenthg-25b": _("Residence for sustainable integration"),
    "aufenthg-104c": _("Chancen-Aufenthaltsrecht (opportunity residence)"),
    "aufenthg-60c": _("Ausbildungsduldung (toleration for vocational training)"),
    "aufenthg-60d": _("Beschäftigungsduldung (toleration for employment)"),
    "aufenthg-19d": _("Residence for qualified tolerated people"),
    "aufenthg-16g": _("Residence for vocational training of tolerated people"),
    "benefit-regime": _("Benefit regime under temporary protection"),
}


def title(rule_id: str, given: str) -> str:
    """A rule's title in the active language when it is the built-in one."""
    if rule_id in TITLES and str(TITLES[rule_id]) == given:
        return str(TITLES[rule_id])
    return given


def explain(code: str) -> tuple[str, str]:
    """A reason code's explanation in the active language and its citation; an unknown code
    (from rules files newer than this code) is shown as it is."""
    if code not in EXPLANATIONS:
        return code, ""
    return str(EXPLANATIONS[code]), REASONS[code][1]
