"""Partial dates: `2024`, `2024-06`, `2024-06-18`, optionally with a time of day.

A report often says only "in June" or "last year"; the tracker keeps exactly what the
source says and never pads a partial date into a precise one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")

_TEXT_DATE = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)([+-]\d{2}:\d{2})?)?)?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int = 0  # 0 = unknown; sorts before every known month of the same year
    day: int = 0
    time: str = ""  # "HH:MM" or "HH:MM:SS" when the source gives one
    # "+03:00" when the source gives its time's offset from UTC. The date and time stay as
    # printed: moved to UTC, 00:17+03:00 on the 20th would be shown as the 19th.
    offset: str = ""

    @property
    def precision(self) -> int:
        """1 = year, 2 = month, 3 = day."""
        return 3 if self.day else 2 if self.month else 1

    def iso(self) -> str:
        """ISO 8601 at the precision we know: 2024, 2024-06, 2024-06-18, 2024-06-18T00:17,
        2024-06-18T00:17+03:00."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        if self.time:
            text += f"T{self.time}{self.offset}"
        return text

    def human(self) -> str:
        """As a reader says it: 2024, June 2024, 18 June 2024."""
        if not self.month:
            return str(self.year)
        month = MONTHS[self.month - 1]
        if not self.day:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def contains(self, other: PartialDate) -> bool:
        """True if `other` could be the same moment, said more (or equally) precisely."""
        return (self.year == other.year
                and self.month in (0, other.month)
                and self.day in (0, other.day))

    def __str__(self) -> str:
        return self.iso()


def parse_date(value: object) -> PartialDate:
    """Turn a YAML value into a PartialDate, or raise ValueError with a reason.

    YAML itself turns `2024-06-18` into a date, `2024-06-18 00:17` into a datetime and
    `2024` into an int; `2024-06` stays a string.
    """
    if isinstance(value, dt.datetime):
        time = value.strftime("%H:%M:%S" if value.second else "%H:%M")
        offset = value.utcoffset()
        return PartialDate(value.year, value.month, value.day, time,
                           _offset(offset) if offset is not None else "")
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        match = _TEXT_DATE.match(value.strip())
        if match:
            year, time, offset = int(match[1]), match[4], match[5] or ""
            month, day = (int(part) if part else None for part in (match[2], match[3]))
            problem = _calendar_problem(year, month, day, time) or _offset_problem(offset)
            if problem:
                raise ValueError(f"{value!r} is not a real date ({problem})")
            return PartialDate(year, month or 0, day or 0, time or "", offset)
    raise ValueError(
        f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-06-18)")


def _offset(offset: dt.timedelta) -> str:
    """An offset from UTC as ISO 8601 writes it: +03:00, -05:30, +00:00."""
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _offset_problem(offset: str) -> str:
    if offset and (int(offset[1:3]) > 23 or int(offset[4:6]) > 59):
        return "an offset from UTC is at most 23:59"
    return ""


def _calendar_problem(year: int, month: int | None, day: int | None, time: str | None) -> str:
    """Why the date written is not one ("" if it is); None: the month or day is not written
    (00 is written: it is no month, no day)."""
    if year < 1:
        return "there is no year 0"
    if month is not None and not 1 <= month <= 12:
        return "month must be 01 to 12"
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError as err:
            return str(err)
    if time:
        hour, minute, *second = (int(part) for part in time.split(":"))
        if hour > 23 or minute > 59 or (second and second[0] > 59):
            return "time must be 00:00 to 23:59"
    return ""


# The last second of the year 9999: every date the build writes has four digits of year.
LAST_EPOCH = 253_402_300_799


def epoch_problem(value: str) -> str:
    """Why a SOURCE_DATE_EPOCH is not one ("" if it is): whole seconds since 1970, up to
    the end of the year 9999."""
    if not value.isascii() or not value.isdigit():
        return "is not a time: give whole seconds since 1970-01-01 (e.g. 1718755200)"
    if int(value) > LAST_EPOCH:
        return f"is past the year 9999 (at most {LAST_EPOCH})"
    return ""
