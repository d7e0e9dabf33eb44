"""No count of 1 to 4 people is shown, nor one that the total would give away."""

from anlaufstelle.reports.suppress import SUPPRESSED, suppress


def test_counts_under_five_are_suppressed_and_zero_and_five_are_not():
    assert suppress({"a": 0, "b": 4, "c": 5, "d": 9, "e": 3}) == {
        "a": 0,
        "b": SUPPRESSED,
        "c": 5,
        "d": 9,
        "e": SUPPRESSED,
    }


def test_a_single_suppressed_count_takes_the_next_smallest_with_it():
    # With the total shown, 8 + 6 + x = 16 would give x = 2 away.
    assert suppress({"UA": 8, "SY": 6, "AF": 2}) == {"UA": 8, "SY": SUPPRESSED, "AF": SUPPRESSED}


def test_nothing_to_hide_changes_nothing():
    assert suppress({"a": 5, "b": 0, "c": 12}) == {"a": 5, "b": 0, "c": 12}


def test_a_suppressed_count_reads_as_fewer_than_five():
    assert str(SUPPRESSED) == "<5"
