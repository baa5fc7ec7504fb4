"""Partial dates: what editors may write, how it reads, how it sorts."""

import datetime as dt
import re
import time

import pytest

from claimsite.dates import LAST_EPOCH, PartialDate, epoch_problem, parse_date

VALID = [
    # (as written in YAML, after YAML parsing) -> (iso, human)
    (2024, "2024", "2024"),
    ("2024-06", "2024-06", "June 2024"),
    (dt.date(2024, 6, 18), "2024-06-18", "18 June 2024"),
    ("2024-06-18", "2024-06-18", "18 June 2024"),
    ("2024-06-20 00:17", "2024-06-20T00:17", "20 June 2024"),
    (dt.datetime(2024, 6, 20, 0, 17, 5), "2024-06-20T00:17:05", "20 June 2024"),
    (dt.datetime(2024, 6, 20, 0, 17), "2024-06-20T00:17", "20 June 2024"),
    # a time with a zone is kept as printed, with its offset: on the day the report gives
    (dt.datetime(2024, 6, 20, 1, 17, tzinfo=dt.timezone(dt.timedelta(hours=2))), "2024-06-20T01:17+02:00",
     "20 June 2024"),
    (dt.datetime(1, 1, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))), "0001-01-01T00:30+01:00",
     "1 January 1"),
    ("2024-06-20 00:17-05:30", "2024-06-20T00:17-05:30", "20 June 2024"),
    (dt.datetime(2024, 6, 20, 0, 17, tzinfo=dt.timezone(-dt.timedelta(hours=5, minutes=30))),
     "2024-06-20T00:17-05:30", "20 June 2024"),
    (dt.datetime(2024, 6, 20, 0, 17, tzinfo=dt.timezone.utc), "2024-06-20T00:17+00:00", "20 June 2024"),
    ("2024-06-20 00:17+23:59", "2024-06-20T00:17+23:59", "20 June 2024"),
    ("2024-06-20 00:17+23:00", "2024-06-20T00:17+23:00", "20 June 2024"),
    ("2024-06-20 00:17-00:59", "2024-06-20T00:17-00:59", "20 June 2024"),
    ("2024-06-20T23:59:59", "2024-06-20T23:59:59", "20 June 2024"),
    ("2024-06-20 23:00", "2024-06-20T23:00", "20 June 2024"),
    (" 2024-01 ", "2024-01", "January 2024"),
    ("2024-12-31", "2024-12-31", "31 December 2024"),
    ("0001", "0001", "1"),
    ("2024-02-29", "2024-02-29", "29 February 2024"),
]

# The message, exactly; `...` stands for words that are Python's (datetime's reason for a
# day the month does not have), which this module passes on and does not promise.
INVALID = [
    ("June 2024", "'June 2024' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-06-18)"),
    ("2024-02-30", "'2024-02-30' is not a real date (...)"),
    ("2024-13", "'2024-13' is not a real date (month must be 01 to 12)"),
    # 00 is no month and no day: not read as "month (day) not known", which is said by leaving it out
    ("2024-00", "'2024-00' is not a real date (month must be 01 to 12)"),
    ("2024-00-05", "'2024-00-05' is not a real date (month must be 01 to 12)"),
    ("2024-06-20 24:00", "'2024-06-20 24:00' is not a real date (time must be 00:00 to 23:59)"),
    ("2024-06-20 23:60", "'2024-06-20 23:60' is not a real date (time must be 00:00 to 23:59)"),
    ("2024-06-20 12:00:60", "'2024-06-20 12:00:60' is not a real date (time must be 00:00 to 23:59)"),
    ("2024-06-20 00:17+24:00", "'2024-06-20 00:17+24:00' is not a real date (an offset from UTC is at most 23:59)"),
    ("2024-06-20 00:17+00:60", "'2024-06-20 00:17+00:60' is not a real date (an offset from UTC is at most 23:59)"),
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


def test_a_day_the_month_does_not_have_is_refused_with_pythons_reason():
    with pytest.raises(ValueError) as python:
        dt.date(2024, 2, 30)
    with pytest.raises(ValueError) as caught:
        parse_date("2024-02-30")
    assert str(caught.value) == f"'2024-02-30' is not a real date ({python.value})"


@pytest.mark.parametrize("value, problem", [
    ("1718755200", ""), ("0", ""), (str(LAST_EPOCH), ""),
    (str(LAST_EPOCH + 1), f"is past the year 9999 (at most {LAST_EPOCH})"),
    ("", "is not a time: give whole seconds since 1970-01-01 (e.g. 1718755200)"),
    ("-1", "is not a time: give whole seconds since 1970-01-01 (e.g. 1718755200)"),
    ("1.5", "is not a time: give whole seconds since 1970-01-01 (e.g. 1718755200)"),
    ("\uff11\uff17", "is not a time: give whole seconds since 1970-01-01 (e.g. 1718755200)"),  # full-width digits
])
def test_a_source_date_epoch_is_whole_seconds_up_to_the_year_9999(value, problem):
    assert epoch_problem(value) == problem


def test_partial_dates_sort_before_precise_ones_of_the_same_period():
    dates = [parse_date(v) for v in ("2024-06-18", "2023", "2024-06", "2024", "2024-06-02")]
    assert [d.iso() for d in sorted(dates)] == ["2023", "2024", "2024-06", "2024-06-02", "2024-06-18"]


@pytest.mark.parametrize("wider, narrower, same", [
    (PartialDate(2024, 6), PartialDate(2024, 6, 18), True),
    (PartialDate(2024), PartialDate(2024, 6, 18), True),
    (PartialDate(2024), PartialDate(2024, 6), True),
    (PartialDate(2024, 6, 18), PartialDate(2024, 6, 18, "10:00"), True),
    (PartialDate(2024, 6, 19), PartialDate(2024, 6, 18), False),
    (PartialDate(2024, 1), PartialDate(2024, 6), False),
    (PartialDate(2024, 6), PartialDate(2024, 7, 1), False),
    (PartialDate(2023), PartialDate(2024, 6), False),
    (PartialDate(2024, 6, 18), PartialDate(2024, 6), False),  # a day is not the whole month
])
def test_contains_tells_compatible_reports_from_conflicting_ones(wider, narrower, same):
    assert wider.contains(narrower) is same


def test_precision_and_text_say_only_what_is_known():
    assert [PartialDate(*parts).precision for parts in ((2024,), (2024, 6), (2024, 6, 18))] == [1, 2, 3]
    assert str(PartialDate(2024, 6)) == "2024-06"


def test_a_time_with_a_zone_reads_the_same_on_a_machine_in_another_zone(monkeypatch):
    aware = dt.datetime(2024, 6, 20, 1, 17, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert parse_date(aware).iso() == "2024-06-20T01:17+02:00"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_day_00_is_not_a_day():
    with pytest.raises(ValueError, match=r"^'2024-06-00' is not a real date \("):
        parse_date("2024-06-00")
