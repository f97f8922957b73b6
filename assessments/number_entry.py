"""Numbers as people type them, read without guessing (pure Python: no Django).

A decimal comma is read as a decimal point: "0,5" is 0.5 and "4,5" is 4.5, never 5 or 45.
Thousands separators are read only where they cannot be anything else:

- spaces and apostrophes ("200 000", "1'234") are only ever thousands separators;
- a mark that appears more than once ("1,234,567", "1.234.567") separates thousands;
- when both a comma and a point appear, the last one is the decimal mark ("1,234.5" and
  "1.234,5" are both 1234.5);
- one comma or point followed by exactly three digits after one to three digits ("1,234",
  "1.234", "200.000") could be either: it is refused, and the message says how to write it.
  "0.125" and "0,125" are not ambiguous (no thousands group starts with a lone 0).

Every group after the first has exactly three digits, or the text is refused. Signs,
exponents ("1e3"), currency and letters are refused. ``format_number`` writes a value so that
this parser reads it back unchanged (thousands grouped with spaces, a decimal point).
"""

from __future__ import annotations

import re
from decimal import Decimal

# Non-breaking and narrow non-breaking spaces are spaces; typographic apostrophes are apostrophes.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2019": "'"})
_ALLOWED = re.compile(r"[0-9 ',.]+")
EXAMPLE = "0.5, 4,5 or 1200"


class NumberEntryError(ValueError):
    """The text is not a number this parser reads without guessing; the message says why."""


def _grouped(integer: str, separator: str) -> bool:
    return re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(separator)}[0-9]{{3}})+", integer) is not None


def _thousands(integer: str, separators: str, field: str) -> str:
    """The digits of an integer part written with one kind of thousands separator."""
    used = {c for c in integer if c in separators}
    if not used:
        return integer
    if len(used) > 1 or not _grouped(integer, used.pop()):
        raise NumberEntryError(
            f"{field}: “{integer}” does not group the thousands in threes: write the number without "
            "separators, like 1200"
        )
    return re.sub(r"[^0-9]", "", integer)


def parse_number(text: str, *, field: str) -> Decimal:
    """The number written in ``text``; NumberEntryError naming ``field`` when it cannot be read.

    The caller checks ranges and whole numbers: this only reads what was written."""
    raw = text.translate(_SPACES).strip()
    if not raw:
        raise NumberEntryError(f"{field}: enter a number, like {EXAMPLE}")
    if not _ALLOWED.fullmatch(raw):
        raise NumberEntryError(f"{field}: enter digits only, like {EXAMPLE} (no letters, signs or units)")
    marks = [c for c in raw if c in ",."]
    if not marks:
        return Decimal(_thousands(raw, " '", field))
    last = marks[-1]
    if raw.count(last) > 1 and len(set(marks)) == 1:
        # "1,234,567" or "1.234.567": the one mark, used several times, separates thousands.
        return Decimal(_thousands(raw, f" '{last}", field))
    integer, decimals = raw.rsplit(last, 1)
    if not decimals.isdigit():
        raise NumberEntryError(f"{field}: “{text.strip()}” has no digits after the decimal mark")
    other = "." if last == "," else ","
    if integer and re.fullmatch(r"[1-9][0-9]{0,2}", integer) and len(decimals) == 3 and other not in raw:
        value = f"{integer}{last}{decimals}"
        raise NumberEntryError(
            f"{field}: “{value}” could mean {integer}{decimals} or {integer}.{decimals}. Write "
            f"{integer}{decimals} for the whole number, or {integer}.{decimals} with a decimal point"
        )
    digits = _thousands(integer, f" '{other}", field) if integer else "0"
    return Decimal(f"{digits}.{decimals}")


def format_number(value: int | float | Decimal) -> str:
    """A value as the page shows it: a decimal point, thousands grouped with spaces from 10 000
    (never a comma, which would read as a decimal comma), no exponent, no trailing zeros."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    text = f"{number.normalize():f}" if number != number.to_integral_value() else f"{int(number)}"
    integer, _, decimals = text.partition(".")
    if len(integer) > 4:
        integer = f"{int(integer):,}".replace(",", " ")
    if len(decimals) == 3 and len(integer) <= 3 and integer != "0":
        decimals += "0"  # "1.2340", not "1.234", which would read as ambiguous
    return f"{integer}.{decimals}" if decimals else integer
