"""Partial dates: what editors may write, how it reads, how it sorts."""

import datetime as dt
import re

import pytest

from claimsite.dates import PartialDate, parse_date

VALID = [
    # (as written in YAML, after YAML parsing) -> (iso, human)
    (2024, "2024", "2024"),
    ("2024-06", "2024-06", "June 2024"),
    (dt.date(2024, 6, 18), "2024-06-18", "18 June 2024"),
    ("2024-06-18", "2024-06-18", "18 June 2024"),
    ("2024-06-20 00:17", "2024-06-20T00:17", "20 June 2024"),
    (dt.datetime(2024, 6, 20, 0, 17, 5), "2024-06-20T00:17:05", "20 June 2024"),
]

# The message, exactly; `...` stands for words that are Python's (datetime's reason for a
# day the month does not have), which this module passes on and does not promise.
INVALID = [
    ("June 2024", "'June 2024' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-06-18)"),
    ("2024-02-30", "'2024-02-30' is not a real date (...)"),
    ("2024-13", "'2024-13' is not a real date (month must be 01 to 12)"),
    ("2024-06-20 24:00", "'2024-06-20 24:00' is not a real date (time must be 00:00 to 23:59)"),
    ("0000", "'0000' is not a real date (there is no year 0)"),
    (True, "True is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-06-18)"),
]


@pytest.mark.parametrize("raw, iso, human", VALID)
def test_valid_dates_keep_their_precision(raw, iso, human):
    date = parse_date(raw)
    assert (date.iso(), date.human()) == (iso, human)


@pytest.mark.parametrize("raw, message", INVALID)
def test_invalid_dates_say_why(raw, message):
    with pytest.raises(ValueError) as caught:
        parse_date(raw)
    assert re.fullmatch(re.escape(message).replace(re.escape("..."), ".+"), str(caught.value))


def test_partial_dates_sort_before_precise_ones_of_the_same_period():
    dates = [parse_date(v) for v in ("2024-06-18", "2023", "2024-06", "2024", "2024-06-02")]
    assert [d.iso() for d in sorted(dates)] == ["2023", "2024", "2024-06", "2024-06-02", "2024-06-18"]


def test_contains_tells_compatible_reports_from_conflicting_ones():
    june = PartialDate(2024, 6)
    assert june.contains(PartialDate(2024, 6, 18))
    assert not PartialDate(2024, 6, 19).contains(PartialDate(2024, 6, 18))
