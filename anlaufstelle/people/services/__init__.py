"""Every read and write of a person's data. Each function records its audit entry inside the
same transaction as the change, so a change never commits without its entry or the reverse.

Reads that put a person's data on a page record a "read" naming the data categories shown.
Lookups for a write (`person_for_change`, `entry_for_change`) record nothing themselves: the
write records what it changed, and a page that then shows data records that read separately.

The modules follow the kinds of work: `search`, `reads`, the writes of the `person`, of
`households` and of `entries`, `merge` and the duplicate `report`; `base` holds what they share.
"""

from anlaufstelle.core.purposes import Purpose
from anlaufstelle.people.services.base import (
    ENTRY_MODELS,
    PURPOSE_ROLES,
    WRITE_PURPOSES,
    EditConflict,
    categories_of,
    entry_kind,
    purpose_for,
)
from anlaufstelle.people.services.entries import (
    add_entry,
    add_entry_once,
    delete_entry,
    update_entry,
)
from anlaufstelle.people.services.households import (
    create_household,
    join_household,
    leave_household,
    update_household,
    update_membership,
)
from anlaufstelle.people.services.merge import (
    MERGE_FILLS,
    MergeComparison,
    compare_for_merge,
    duplicates_of,
    get_merge,
    merge_fills,
    merge_people,
    unmerge_people,
)
from anlaufstelle.people.services.person import (
    record_link,
    register_person,
    register_person_once,
    update_person,
)
from anlaufstelle.people.services.reads import (
    PersonMerged,
    entry_for_change,
    get_entry,
    get_household_page,
    get_person,
    get_person_for_edit,
    get_person_for_view,
    person_for_change,
    record_read,
)
from anlaufstelle.people.services.report import duplicate_report, full_duplicate_report
from anlaufstelle.people.services.search import (
    MAX_QUERY_TERMS,
    MIN_QUERY_LENGTH,
    ProbableDuplicates,
    SearchResult,
    check_duplicates,
    search_people,
    search_terms,
)

__all__ = [
    "record_link",
    "EditConflict",
    "ENTRY_MODELS",
    "MAX_QUERY_TERMS",
    "MERGE_FILLS",
    "MIN_QUERY_LENGTH",
    "PURPOSE_ROLES",
    "WRITE_PURPOSES",
    "MergeComparison",
    "PersonMerged",
    "ProbableDuplicates",
    "Purpose",
    "SearchResult",
    "add_entry",
    "add_entry_once",
    "categories_of",
    "check_duplicates",
    "compare_for_merge",
    "create_household",
    "delete_entry",
    "duplicate_report",
    "duplicates_of",
    "entry_for_change",
    "entry_kind",
    "full_duplicate_report",
    "get_entry",
    "get_household_page",
    "get_person",
    "get_person_for_edit",
    "get_person_for_view",
    "get_merge",
    "join_household",
    "leave_household",
    "merge_fills",
    "merge_people",
    "person_for_change",
    "purpose_for",
    "record_read",
    "register_person",
    "register_person_once",
    "search_people",
    "search_terms",
    "unmerge_people",
    "update_entry",
    "update_household",
    "update_membership",
    "update_person",
]
