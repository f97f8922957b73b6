"""The number parser of the wizard: a decimal comma is a decimal point, thousands separators only
where they cannot be anything else, and what the page shows back parses back unchanged."""

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from assessments.number_entry import NumberEntryError, format_number, parse_number

FIELD = "EU prevalence"


@pytest.mark.parametrize(("text", "expected"), [
    ("0,5", "0.5"),
    ("4,5", "4.5"),
    ("0.5", "0.5"),
    ("4.5", "4.5"),
    ("1200", "1200"),
    (" 12 ", "12"),
    (",5", "0.5"),
    ("0,125", "0.125"),
    ("0.125", "0.125"),
    ("1,23", "1.23"),
    ("1234,567", "1234.567"),
    ("200 000", "200000"),
    ("200\u00a0000", "200000"),
    ("1'234", "1234"),
    ("1,234,567", "1234567"),
    ("1.234.567", "1234567"),
    ("1,234.5", "1234.5"),
    ("1.234,5", "1234.5"),
    ("1 234,5", "1234.5"),
    ("1.234.567,89", "1234567.89"),
])
def test_it_reads_what_was_written(text, expected):
    assert parse_number(text, field=FIELD) == Decimal(expected)


@pytest.mark.parametrize(("text", "says"), [
    ("1,234", "could mean 1234 or 1.234"),
    ("1.234", "could mean 1234 or 1.234"),
    ("200.000", "could mean 200000 or 200.000"),
    ("1,2.5", "does not group the thousands in threes"),
    ("12 34", "does not group the thousands in threes"),
    ("1,234,5", "does not group the thousands in threes"),
    ("1.2.3,4", "does not group the thousands in threes"),
    ("5,", "no digits after the decimal mark"),
    ("-3", "digits only"),
    ("1e3", "digits only"),
    ("NaN", "digits only"),
    ("5 %", "digits only"),
    ("", "enter a number"),
    ("   ", "enter a number"),
])
def test_it_refuses_what_it_would_have_to_guess_naming_the_field(text, says):
    with pytest.raises(NumberEntryError) as refused:
        parse_number(text, field=FIELD)
    assert str(refused.value).startswith(f"{FIELD}: ")
    assert says in str(refused.value)


@pytest.mark.parametrize(("value", "shown"), [
    (0.5, "0.5"), (4.5, "4.5"), (5, "5"), (5.0, "5"), (1234, "1234"), (200000, "200 000"),
    (12345.25, "12 345.25"), (1e-7, "0.0000001"), (Decimal("10.50"), "10.5"),
    (1.234, "1.2340"), (0.125, "0.125"),
])
def test_it_shows_a_value_with_a_decimal_point_and_spaced_thousands(value, shown):
    assert format_number(value) == shown


@given(st.decimals(min_value=0, max_value=10**15, places=6, allow_nan=False, allow_infinity=False)
       | st.integers(min_value=0, max_value=10**15))
@example(Decimal("1.234"))
def test_what_is_shown_back_reads_back_as_the_same_value(value):
    assert parse_number(format_number(value), field=FIELD) == Decimal(value)
