"""When a quotation was said, as far as the text tells: a date printed in its sentence, or
one worked out (marked inferred, with its basis) from "on Tuesday", "June 18", "у середу",
"вчера" and the article's own date, or from a date earlier in the report that goes with a
reporting verb ("the head of NATO said on Wednesday"). Nothing found: no date is implied.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable

from .dates import MONTHS, PartialDate
from .reporting import is_verb, words

_EN = {name.casefold(): n for n, name in enumerate(MONTHS, 1)}
_GENITIVE = {name: n for names in (
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря")
    for n, name in enumerate(names.split(), 1)}
_IN_MONTH = {name: n for names in (  # "у квітні", "в апреле"
    "січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні",
    "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре")
    for n, name in enumerate(names.split(), 1)}
_WEEKDAYS = {name: n for names in (
    "monday tuesday wednesday thursday friday saturday sunday",
    "понеділок вівторок середу четвер п'ятницю суботу неділю",
    "понедельник вторник среду четверг пятницу субботу воскресенье")
    for n, name in enumerate(names.split())}
_RELATIVE = {"yesterday": 1, "вчора": 1, "учора": 1, "вчера": 1,
             "today": 0, "сьогодні": 0, "сегодня": 0}


def _any(names) -> str:
    return "|".join(sorted(map(re.escape, names), key=len, reverse=True))


_MONTH_WORD = _any([*_EN, *_GENITIVE])
_DATE = re.compile(
    rf"\b(?:(?P<m1>{_any(_EN)})\s+(?P<d1>\d{{1,2}})(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_WORD})(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?:on|у|в|во)\s+(?P<w>{_any(_WEEKDAYS)})"
    rf"|(?:in|у|в)\s+(?P<m3>{_any([*_EN, *_IN_MONTH])})(?:\s+(?P<y3>\d{{4}}))?"
    rf"|(?P<r>{_any(_RELATIVE)}))\b", re.IGNORECASE)


# How much text before a quotation is read for a date (per paragraph): bounded, so the
# work per quotation does not grow with the paragraph.
LOOK_BACK_CHARS = 3000
LOOK_BACK_DATES = 20  # dates looked at per paragraph


@dataclass
class SaidDate:
    date: PartialDate
    inferred: str  # the basis; "" when printed in full in the quotation's own sentence


class SaidDates:
    """Dates for the quotations of one text. `text_of(i)` gives paragraph i's start offset
    and its text with quotations masked; `names_in(text)` the speakers a text names. Each
    paragraph's dates are found once (and only the last few paragraphs' kept)."""

    def __init__(self, text_of: Callable[[int], tuple[int, str]], published: PartialDate | None,
                 line_of: Callable[[int], int], names_in: Callable[[str], set[str]],
                 look_back: int = 6) -> None:
        self.text_of, self.published, self.line_of, self.names_in = text_of, published, line_of, names_in
        self.look_back = look_back
        self._found: dict[int, tuple[int, str, list[int], list[re.Match]]] = {}

    def _dates(self, paragraph: int):
        if paragraph not in self._found:
            if len(self._found) >= 2 * self.look_back:
                del self._found[next(iter(self._found))]
            start, text = self.text_of(paragraph)
            matches = list(_DATE.finditer(text))
            self._found[paragraph] = (start, text, [m.start() for m in matches], matches)
        return self._found[paragraph]

    def find(self, paragraph: int, offset: int, speaker: str) -> SaidDate | None:
        """The date for a quotation at body `offset` in `paragraph`, said by `speaker` (a
        key). A date in another sentence counts only if that sentence reports the same
        speaker's words ("the head of NATO said on Wednesday")."""
        for match, base, same_sentence in self._candidates(paragraph, offset, speaker):
            found = _resolve(match, self.published)
            if found is None:
                continue
            date, how = found
            if same_sentence and not how:
                return SaidDate(date, "")
            where = "" if same_sentence else f" (line {self.line_of(base + match.start())})"
            return SaidDate(date, f"The report says “{match.group()}”{where}; "
                                  f"{how or 'taken as the date the words were said'}.")
        return None

    def _candidates(self, paragraph: int, offset: int, speaker: str):
        """(match, paragraph start, in the quotation's sentence), nearest first."""
        start, text, starts, matches = self._dates(paragraph)
        here = offset - start
        window = max(0, here - LOOK_BACK_CHARS)
        sentence_start = max(text.rfind(". ", window, here), text.rfind("\n", window, here)) + 1
        last = bisect_left(starts, here)
        for match in reversed(matches[max(0, last - LOOK_BACK_DATES):last]):
            if match.start() < window:
                break
            if match.start() >= sentence_start:
                yield match, start, True
            elif _reports(text, match, self.names_in, speaker):
                yield match, start, False
        for back in range(paragraph - 1, max(-1, paragraph - self.look_back), -1):
            start, text, _, matches = self._dates(back)
            for match in reversed(matches[-LOOK_BACK_DATES:]):
                if _reports(text, match, self.names_in, speaker):
                    yield match, start, False


def _reports(text: str, match: re.Match, names_in: Callable[[str], set[str]], speaker: str) -> bool:
    """True if the date's sentence reports the speaker's words: it names them and has a
    reporting verb ("the head of NATO said on Wednesday")."""
    start = text.rfind(". ", max(0, match.start() - 600), match.start()) + 1
    end = text.find(". ", match.end(), match.end() + 600)
    sentence = text[start:end if end >= 0 else match.end() + 600]
    tokens = words(sentence)
    return bool(speaker) and speaker in names_in(sentence) and \
        any(is_verb(tokens, i) for i in range(len(tokens)))


def _resolve(match: re.Match, published: PartialDate | None):
    """(PartialDate, how it was worked out: "" if printed in full), or None."""
    g = match.groupdict()
    month_name = (g["m1"] or g["m2"] or g["m3"] or "").casefold()
    month = _EN.get(month_name) or _GENITIVE.get(month_name) or _IN_MONTH.get(month_name)
    year_text = g["y1"] or g["y2"] or g["y3"]
    day = int(g["d1"] or g["d2"] or 0)
    shown = published.human() if published else ""
    if month and day:
        if year_text:
            return _real(int(year_text), month, day, "")
        if not published:
            return None
        year = published.year - (1 if published.month and (month, day) > (published.month, published.day or 31) else 0)
        return _real(year, month, day, f"no year is printed; {year} from the report's date, {shown}")
    if month:
        if year_text:
            return PartialDate(int(year_text), month), ""
        if not published:
            return None
        year = published.year - (1 if published.month and month > published.month else 0)
        return PartialDate(year, month), f"the most recent {MONTHS[month - 1]} on or before the report's date, {shown}"
    if not (published and published.day):
        return None
    today = dt.date(published.year, published.month, published.day)
    if g["w"]:
        weekday = _WEEKDAYS[g["w"].casefold().replace("’", "'").replace("ʼ", "'")]
        said = today - dt.timedelta(days=(today.weekday() - weekday) % 7)
        how = f"the {said:%A} on or before the report's date, {shown}, is {said.day} {MONTHS[said.month - 1]} {said.year}"
    else:
        said = today - dt.timedelta(days=_RELATIVE[g["r"].casefold()])
        how = f"counted from the report's date, {shown}"
    return PartialDate(said.year, said.month, said.day), how


def _real(year: int, month: int, day: int, how: str):
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return PartialDate(year, month, day), how
