"""Numbers and dates written for reading: "30,000 people", "3 in 10,000 people", "March 2027"."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

PER_PREFIX = "per "


def number(value: int | float) -> str:
    """30000 → "30,000"; 3.0 → "3"; 0.25 → "0.25" (never "3.0", never "1e-05")."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def quantity(value: Any, unit: str = "") -> str:
    """A number with its unit: "30,000 people"; a rate "per 10,000 people" reads "3 in 10,000 people"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if unit.startswith(PER_PREFIX):
        return f"{number(value)} in {unit[len(PER_PREFIX):]}"
    return f"{number(value)} {unit}".strip()


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def day(value: date) -> str:
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def days_after(start: date, days: int) -> date:
    return start + timedelta(days=days)
