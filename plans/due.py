"""When plan work is due, as real plans say it: a day, a month or a half term.

Real plans give months and half terms more often than days: "by Dec 2025", "HT3", "HT3/4",
"July each year". A month is stored as its last day with `due_is_month` set, so every status
rule (plans.rules) and every SQL filter judges it at the end of the month, and it is shown as
"December 2025". A half term is the school calendar's own row (schools.HalfTerm), due at its end.

The maturity review's "By when / who" column ("HT3 - SR", "HT3/4 SR/ JHu", "HT 3 SR/ NR") is read
here too: the half terms it names and the people after them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month: when work due "by December 2025" is due."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_in_academic_year(start_year: int, month: int) -> int:
    """The calendar year of `month` in the academic year starting September `start_year`."""
    return start_year if month >= 9 else start_year + 1


class MonthError(ValueError):
    pass


def parse_month(text: str, *, year_needed: bool = True) -> tuple[int, int | None]:
    """(month, year) from "December 2025", "Dec 2025", "Sept 2026", "2025-12", "12/2025";
    with `year_needed` False, "July" alone gives (7, None)."""
    value = " ".join(text.strip().replace(",", " ").split()).lower()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value) or None
    if match:
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{1,2})\s*/\s*(\d{4})", value):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([a-z]+)\.?(?:\s+(\d{4}|\d{2}))?", value):
        month = MONTHS.get(match[1])
        if month is None:
            raise MonthError(f"{text.strip()!r} is not a month.")
        year = int(match[2]) if match[2] else None
        if year is not None and year < 100:
            year += 2000
    else:
        raise MonthError(f"{text.strip()!r} is not a month.")
    if not 1 <= month <= 12:
        raise MonthError(f"{text.strip()!r} is not a month.")
    if year is None and year_needed:
        raise MonthError("Give the year too.")
    if year is not None and not 1950 <= year <= 2099:
        raise MonthError("Give a year between 1950 and 2099.")
    return month, year


def label(*, due_date: dt.date | None, due_is_month: bool, half_term=None) -> str:
    """ "3 March 2026", "December 2025", "HT3 2026/27", or "" when there is no date."""
    if due_date:
        return f"{due_date:%B %Y}" if due_is_month else f"{due_date:%-d %B %Y}"
    return str(half_term) if half_term is not None else ""


@dataclass(frozen=True)
class ByWhenWho:
    """A "By when / who" cell read: the half terms named (numbers 1 to 6) and who."""

    half_terms: tuple[int, ...]
    who: str

    @property
    def last_half_term(self) -> int | None:
        """The half term the work is due by: the last one named ("HT3/4" is due by HT4)."""
        return max(self.half_terms) if self.half_terms else None


DASHES = "-\u2013\u2014"  # a hyphen, an en dash, an em dash: real documents use all three
_HALF_TERMS = re.compile(
    rf"^\s*HT\s*([1-6])(?:\s*(?:/|[{DASHES}]|to|&|and)\s*(?:HT\s*)?([1-6]))?", re.I
)


def parse_by_when_who(text: str) -> ByWhenWho:
    """ "HT3 - SR" -> HT3 and "SR"; "HT3/4 SR/ JHu" -> HT3 to HT4 and "SR/ JHu"; "HT3/HT4 SR and
    PLLS" -> HT3 to HT4 and "SR and PLLS"; text without a half term is all "who"."""
    value = " ".join(text.split())
    match = _HALF_TERMS.match(value)
    if not match:
        return ByWhenWho((), value.strip(f" {DASHES}"))
    first, last = int(match[1]), int(match[2] or match[1])
    numbers = tuple(range(min(first, last), max(first, last) + 1))
    who = value[match.end() :].strip(f" {DASHES}:,")
    return ByWhenWho(numbers, who)
