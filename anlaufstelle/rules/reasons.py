"""The reason codes of the results, each with its English explanation and citation.

English is the source language; anlaufstelle/eligibility/reasons.py marks the same texts for
translation (a test keeps the two alike). A code names what the facts showed, for or against.
"""

from __future__ import annotations

_A = "AufenthG"

REASONS: dict[str, tuple[str, str]] = {
    # Status and stay
    "tolerated": ("Holds a Duldung on the application day.", f"§ 60a {_A}"),
    "not_tolerated": ("Holds no Duldung on the application day.", f"§ 60a {_A}"),
    "duldung_light_excluded": (
        "Holds only a Duldung for persons with unclarified identity (§ 60b), which does not count.",
        f"§ 60b Abs. 5 {_A}",
    ),
    "holds_104c": (
        "Holds a Chancen-Aufenthaltsrecht, so the special rules for its holders apply.",
        f"§ 25a Abs. 5, § 25b Abs. 7 {_A}",
    ),
    "car_rules_ended": (
        "The special rules for holders of the Chancen-Aufenthaltsrecht end before the other "
        "conditions would be met.",
        f"§ 25a Abs. 5, § 25b Abs. 7 {_A}",
    ),
    "duldung_months": (
        "Has held a Duldung without interruption for the required months.",
        f"§ 25a Abs. 1 S. 1 Nr. 1, § 60c Abs. 2 Nr. 2, § 60d Abs. 1 Nr. 2 {_A}",
    ),
    "stay_years": (
        "Has stayed the required years without interruption, tolerated, permitted or with a "
        "residence title.",
        f"§ 25a Abs. 1 S. 1 Nr. 2, § 25b Abs. 1 S. 2 Nr. 1 {_A}",
    ),
    "stay_years_with_child": (
        "Has stayed the shorter required time that applies when living with a minor unmarried "
        "child.",
        f"§ 25b Abs. 1 S. 2 Nr. 1 {_A}",
    ),
    "stay_years_short": (
        "Does not live with a minor unmarried child, so the shorter stay does not apply.",
        f"§ 25b Abs. 1 S. 2 Nr. 1 {_A}",
    ),
    "no_current_status": (
        "No Duldung, permission to stay or residence title runs on the application day, so "
        "there is no uninterrupted stay up to it.",
        f"§ 25a Abs. 1, § 25b Abs. 1, § 104c Abs. 1 {_A}",
    ),
    "stay_years_on_cut_off": (
        "Had stayed five years without interruption on 31 October 2022 and still does.",
        f"§ 104c Abs. 1 S. 1 {_A}",
    ),
    "stay_years_on_cut_off_short": (
        "Had not stayed five years without interruption on 31 October 2022.",
        f"§ 104c Abs. 1 S. 1 {_A}",
    ),
    "104c_new_applications_ended": (
        "New applications for the Chancen-Aufenthaltsrecht are no longer possible.",
        f"§ 104c {_A} (Übergangsregelung)",
    ),
    "104c_holder_transition": (
        "Holds the Chancen-Aufenthaltsrecht until it expires; it can only be continued as a "
        "residence permit under § 25a or § 25b, applied for before it expires.",
        f"§ 104c {_A} (Übergangsregelung)",
    ),
    "not_in_force": (
        "The rule was not in force on the day that counts.",
        "",
    ),
    # Age
    "age_within_limits": (
        "Is old enough and applies before the age limit.",
        f"§ 25a Abs. 1 S. 1 Nr. 3 {_A}",
    ),
    "age_limit_passed": (
        "Applies after the age limit.",
        f"§ 25a Abs. 1 S. 1 Nr. 3 {_A}",
    ),
    "age_limit_before_conditions": (
        "Reaches the age limit before the other conditions would be met.",
        f"§ 25a Abs. 1 S. 1 Nr. 3 {_A}",
    ),
    "too_late": ("A time limit passes before the conditions would be met.", ""),
    # School, language, integration
    "school_years": (
        "Has attended school in Germany successfully for the required years.",
        f"§ 25a Abs. 1 S. 1 Nr. 2 {_A}",
    ),
    "school_years_short": (
        "Has not attended school in Germany successfully for the required years and has no "
        "German school or vocational qualification.",
        f"§ 25a Abs. 1 S. 1 Nr. 2 {_A}",
    ),
    "german_qualification": (
        "Has a recognised German school-leaving or vocational qualification.",
        f"§ 25a Abs. 1 S. 1 Nr. 2 {_A}",
    ),
    "no_german_qualification": (
        "Has no German school-leaving or vocational qualification.",
        f"§ 25a Abs. 1 S. 1 Nr. 2 {_A}",
    ),
    "german_oral": (
        "Speaks German at the required level.",
        f"§ 25b Abs. 1 S. 2 Nr. 4, § 60d Abs. 1 Nr. 5 {_A}",
    ),
    "german_oral_short": (
        "Does not yet speak German at the required level.",
        f"§ 25b Abs. 1 S. 2 Nr. 4, § 60d Abs. 1 Nr. 5 {_A}",
    ),
    "german_level": ("Has German at the required level.", f"§ 19d Abs. 1 Nr. 3 {_A}"),
    "german_level_short": (
        "Does not yet have German at the required level.",
        f"§ 19d Abs. 1 Nr. 3 {_A}",
    ),
    "constitution_declaration": (
        "Has signed the declaration of commitment to the free democratic basic order.",
        f"§ 25b Abs. 1 S. 2 Nr. 2, § 104c Abs. 1 S. 1 Nr. 1 {_A}",
    ),
    "no_constitution_declaration": (
        "Has not signed the declaration of commitment to the free democratic basic order.",
        f"§ 25b Abs. 1 S. 2 Nr. 2, § 104c Abs. 1 S. 1 Nr. 1 {_A}",
    ),
    "civic_knowledge": (
        "Has shown basic knowledge of the legal and social order.",
        f"§ 25b Abs. 1 S. 2 Nr. 2 {_A}",
    ),
    "no_civic_knowledge": (
        "Has not shown basic knowledge of the legal and social order.",
        f"§ 25b Abs. 1 S. 2 Nr. 2 {_A}",
    ),
    "children_at_school": (
        "Every child of school age in the household goes to school.",
        f"§ 25b Abs. 1 S. 2 Nr. 5, § 60d Abs. 1 Nr. 10 {_A}",
    ),
    "child_not_at_school": (
        "A child of school age in the household does not go to school.",
        f"§ 25b Abs. 1 S. 2 Nr. 5, § 60d Abs. 1 Nr. 10 {_A}",
    ),
    # Livelihood and work
    "livelihood_from_work": (
        "Work covers the required share of the household's needs.",
        f"§ 25b Abs. 1 S. 2 Nr. 3, § 60d Abs. 1 Nr. 4 {_A}",
    ),
    "livelihood_not_from_work": (
        "Work does not cover the required share of the household's needs.",
        f"§ 25b Abs. 1 S. 2 Nr. 3, § 60d Abs. 1 Nr. 4 {_A}",
    ),
    "livelihood_family_exception": (
        "A family with minor children that needs supplementary benefits only for a time; the "
        "authority judges whether it is temporary.",
        f"§ 25b Abs. 1 S. 3 {_A}",
    ),
    "livelihood_waived": (
        "Not able to work, so the livelihood condition is waived (illness, disability or age).",
        f"§ 25b Abs. 3 {_A}",
    ),
    "employment_months": (
        "Has been employed subject to social insurance for the required months and hours.",
        f"§ 60d Abs. 1 Nr. 3 {_A}",
    ),
    "employment_short": (
        "Has no current employment subject to social insurance of the required hours.",
        f"§ 60d Abs. 1 Nr. 3, § 19d Abs. 1 Nr. 1 {_A}",
    ),
    "qualified_employment": (
        "Has been employed subject to social insurance for the required time.",
        f"§ 19d Abs. 1 Nr. 1 Buchst. b, c {_A}",
    ),
    "no_public_funds": (
        "Lives without public funds from work.",
        f"§ 19d Abs. 1 Nr. 1 Buchst. c {_A}",
    ),
    "public_funds": (
        "Depends on public funds in part.",
        f"§ 19d Abs. 1 Nr. 1 Buchst. c {_A}",
    ),
    "qualification_in_germany": (
        "Has completed a qualified vocational training or a degree in Germany.",
        f"§ 19d Abs. 1 Nr. 1 Buchst. a {_A}",
    ),
    "foreign_qualification_recognised": (
        "Has a recognised foreign degree.",
        f"§ 19d Abs. 1 Nr. 1 Buchst. b {_A}",
    ),
    "no_qualification": (
        "Has neither a German qualification, nor a recognised foreign degree with the "
        "employment, nor the years of qualified employment.",
        f"§ 19d Abs. 1 Nr. 1 {_A}",
    ),
    "housing_sufficient": ("Has sufficient housing.", f"§ 19d Abs. 1 Nr. 2 {_A}"),
    "housing_insufficient": ("Has no sufficient housing.", f"§ 19d Abs. 1 Nr. 2 {_A}"),
    # Training
    "training_qualified": (
        "Has a qualified vocational training.",
        f"§ 60c Abs. 1 S. 1, § 16g Abs. 1 {_A}",
    ),
    "training_helper": (
        "Has an assistant or helper training with a commitment to a qualified training after it.",
        f"§ 60c Abs. 1 S. 1, § 16g Abs. 1 {_A}",
    ),
    "helper_no_commitment": (
        "Has a helper training but no commitment to a qualified training after it.",
        f"§ 60c Abs. 1 S. 1, § 16g Abs. 1 {_A}",
    ),
    "training_started_during_asylum": (
        "Started the training as an asylum seeker and continues it after the rejection.",
        f"§ 60c Abs. 1 S. 1 Nr. 1 {_A}",
    ),
    "removal_imminent": (
        "Concrete measures to end the stay are under way.",
        f"§ 60c Abs. 2 Nr. 5 {_A}",
    ),
    "no_removal_imminent": (
        "No concrete measures to end the stay are under way.",
        f"§ 60c Abs. 2 Nr. 5 {_A}",
    ),
    # Identity
    "identity_clarified": ("The identity is clarified.", f"§ 5 Abs. 1 Nr. 1a {_A}"),
    "identity_clarified_or_steps": (
        "The identity is clarified, or every reasonable step to clarify it has been taken.",
        f"§ 25a Abs. 6, § 25b Abs. 8 {_A}",
    ),
    "identity_clarified_in_time": (
        "The identity was clarified, or every reasonable step taken, in time.",
        f"§ 60c Abs. 2 Nr. 3, § 60d Abs. 1 Nr. 1 {_A}",
    ),
    "identity_not_clarified_in_time": (
        "The identity was not clarified, nor every reasonable step taken, by the deadline.",
        f"§ 60c Abs. 2 Nr. 3, § 60d Abs. 1 Nr. 1 {_A}",
    ),
    "entered_by_cut_off": ("Entered Germany by the cut-off date.", f"§ 60d Abs. 1 {_A}"),
    "entered_after_cut_off": ("Entered Germany after the cut-off date.", f"§ 60d Abs. 1 {_A}"),
    # Conduct
    "no_deception": (
        "No own false statements or deception about identity prevented removal.",
        f"§ 25a Abs. 1 S. 3, § 25b Abs. 2 Nr. 1, § 104c Abs. 1 S. 2 {_A}",
    ),
    "deception": (
        "Own false statements or deception about identity or nationality prevented removal.",
        f"§ 25a Abs. 1 S. 3, § 25b Abs. 2 Nr. 1, § 104c Abs. 1 S. 2 {_A}",
    ),
    "no_convictions": ("No conviction.", f"§ 104c Abs. 1 S. 1 Nr. 3 {_A}"),
    "convictions_below_limit": (
        "Convicted only to fines within the limit that is ignored (50 daily rates, or 90 for "
        "offences only foreigners can commit).",
        f"§ 104c Abs. 1 S. 1 Nr. 3, § 19d Abs. 1 Nr. 7, § 60d Abs. 1 Nr. 7 {_A}",
    ),
    "conviction_fines_over_limit": (
        "Convicted to fines above the limit that is ignored.",
        f"§ 104c Abs. 1 S. 1 Nr. 3, § 19d Abs. 1 Nr. 7, § 60d Abs. 1 Nr. 7 {_A}",
    ),
    "conviction_custodial": (
        "Sentenced to prison or youth custody.",
        f"§ 104c Abs. 1 S. 1 Nr. 3, § 25b Abs. 2 Nr. 2, § 19d Abs. 1 Nr. 7 {_A}",
    ),
    "no_serious_conviction": (
        "No sentence to prison or youth custody.",
        f"§ 25b Abs. 2 Nr. 2 {_A}",
    ),
    # Benefit regime
    "not_temporary_protection": (
        "Holds no residence permit or Fiktionsbescheinigung for temporary protection.",
        f"§ 24 {_A}",
    ),
    "asylblg_temporary_protection": (
        "Under temporary protection before 1 June 2022, benefits came from the AsylbLG.",
        "§ 1 Abs. 1 Nr. 3 AsylbLG (a. F.)",
    ),
    "asylblg_until_switch": (
        "The AsylbLG pays until the end of the month in which both the identity treatment and "
        "the residence document are done.",
        "§ 1 Abs. 1 Nr. 3a AsylbLG; § 74 SGB II",
    ),
    "switch_2022_document_by_cut_off": (
        "Held the residence document by 31 May 2022 and had the identity treatment in time, so "
        "the switch took effect on 1 June 2022.",
        "§ 74 SGB II; § 146 SGB XII",
    ),
    "fingerprinting_grace": (
        "Held the residence document by 31 May 2022; the identity treatment may still follow "
        "within the grace period.",
        "§ 74 SGB II; § 146 SGB XII",
    ),
    "fingerprinted_after_grace": (
        "The identity treatment came after the grace period, so the switch took effect the "
        "month after it.",
        "§ 74 SGB II; § 146 SGB XII",
    ),
    "switch_after_document_and_ed": (
        "The switch takes effect the month after both the identity treatment and the residence "
        "document.",
        "§ 74 SGB II; § 146 SGB XII",
    ),
    "able_to_work": ("Able to work: the Jobcenter pays (SGB II).", "§ 7, § 8 SGB II"),
    "not_able_to_work": (
        "Not able to work: the social office pays (SGB XII).",
        "§ 8 SGB II; SGB XII",
    ),
    "retirement_age": (
        "Has reached the retirement age: the social office pays (SGB XII).",
        "§ 7a SGB II; § 41 SGB XII",
    ),
    "child_in_household": (
        "A child under 15 receives benefits in the household of an employable parent (SGB II).",
        "§ 7 Abs. 2, § 19 SGB II",
    ),
    "first_title_by_cut_off": (
        "The first temporary protection title or Fiktionsbescheinigung dates from 31 March 2025 "
        "or earlier, so the switch back to the AsylbLG does not apply.",
        "Leistungsrechtsanpassungsgesetz (draft)",
    ),
    "first_title_after_cut_off": (
        "The first temporary protection title or Fiktionsbescheinigung dates after 31 March "
        "2025, so the AsylbLG pays.",
        "§ 1 Abs. 1 Nr. 3a AsylbLG (Leistungsrechtsanpassungsgesetz, draft)",
    ),
    "transition_until_end_of_approval": (
        "Benefits already approved continue until the approval ends, at the latest to the end of "
        "the third month after the change.",
        "Leistungsrechtsanpassungsgesetz (draft), transitional rule",
    ),
}
