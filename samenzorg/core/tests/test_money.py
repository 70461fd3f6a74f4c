"""The Money value type, Dutch text in and out, the form field and the filter."""

import pickle
from decimal import Decimal, localcontext
from fractions import Fraction

from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenzorg.core.money import (
    MAX_CENTS,
    ROUND_HALF_UP,
    ROUND_UP,
    ROUNDINGS,
    Money,
    MoneyFormField,
    format_money,
    parse_money,
)

amounts = st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS).map(Money)
ALL_ROUNDINGS = sorted(ROUNDINGS)


# The value type -------------------------------------------------------------------


def test_money_adds_subtracts_negates_and_compares():
    a, b = Money(1050), Money(250)
    assert a + b == Money(1300)
    assert a - b == Money(800)
    assert -a == Money(-1050)
    assert abs(Money(-5)) == Money(5)
    assert +a is a
    assert b < a <= Money(1050) < Money(1051)
    assert a > b >= Money(250)
    assert max([a, b]) is a
    assert sorted([a, b, Money(-1)]) == [Money(-1), b, a]
    assert not Money(0)
    assert Money(1)


def test_money_sums_from_zero():
    assert sum([Money(1), Money(2), Money(3)]) == Money(6)
    assert sum([], Money(0)) == Money(0)
    assert 0 + Money(7) == Money(7)


def test_money_multiplies_by_int_only():
    assert Money(333) * 3 == Money(999)
    assert 2 * Money(5) == Money(10)
    with pytest.raises(TypeError, match="rounding rule"):
        Money(100) * Decimal("1.5")
    with pytest.raises(TypeError, match="rounding rule"):
        Money(100) * Fraction(1, 3)
    with pytest.raises(TypeError, match="int only"):
        Money(100) * Money(2)
    with pytest.raises(TypeError, match="bool"):
        Money(100) * True


def test_money_refuses_division_and_points_to_allocate():
    for attempt in (
        lambda: Money(100) / 3,
        lambda: Money(100) // 3,
        lambda: Money(100) % 3,
        lambda: 3 / Money(100),
    ):
        with pytest.raises(TypeError, match="allocate"):
            attempt()


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: Money(12.5),
        lambda: Money(1000) * 1.1,
        lambda: 1.1 * Money(1000),
        lambda: Money(1000) + 0.5,
        lambda: 0.5 + Money(1000),
        lambda: Money(1000) - 0.5,
        lambda: Money(1000) < 2.5,
        lambda: Money(1000).scale(0.21),
        lambda: Money(1000).allocate([0.5, 0.5]),
        lambda: Money.euros(12.5),
        lambda: parse_money(12.5),
        lambda: format_money(12.5),
    ],
)
def test_money_refuses_float_everywhere_and_says_why(attempt):
    with pytest.raises(TypeError) as error:
        attempt()
    assert "float" in str(error.value)


def test_money_refuses_ints_where_the_unit_is_unclear():
    with pytest.raises(TypeError, match="no unit"):
        Money(100) + 5
    with pytest.raises(TypeError, match="no unit"):
        5 - Money(100)
    with pytest.raises(TypeError):
        Money(100) < 5  # noqa: B015
    assert Money(5) != 5
    with pytest.raises(TypeError):
        Money("100")
    with pytest.raises(TypeError):
        Money(True)
    with pytest.raises(ValueError, match="EUR"):
        Money(100, "USD")


def test_money_is_immutable_hashable_and_pickles():
    money = Money(123)
    with pytest.raises(AttributeError):
        money.cents = 5
    with pytest.raises(AttributeError):
        del money.cents
    assert {Money(1), Money(1), Money(2)} == {Money(1), Money(2)}
    assert pickle.loads(pickle.dumps(money)) == money  # noqa: S301 (the cache pickles)
    assert repr(money) == "Money(123)"
    assert money.currency == "EUR"


def test_money_from_and_to_decimal_euros():
    assert Money.euros(12) == Money(1200)
    assert Money.euros(Decimal("12.34")) == Money(1234)
    assert Money.euros(Decimal("-0.5")) == Money(-50)
    assert Money(123456).to_decimal() == Decimal("1234.56")
    assert str(Money(-5).to_decimal()) == "-0.05"
    with pytest.raises(ValueError, match="two decimals"):
        Money.euros(Decimal("1.005"))
    with pytest.raises(ValueError, match="finite"):
        Money.euros(Decimal("NaN"))


def test_money_scale_rounds_by_the_named_rule():
    assert Money(1000).scale(Decimal("0.21")) == Money(210)
    assert Money(5).scale(Fraction(1, 2)) == Money(2)  # half to even
    assert Money(15).scale(Fraction(1, 10)) == Money(2)
    assert Money(5).scale(Fraction(1, 2), rounding=ROUND_HALF_UP) == Money(3)
    assert Money(-5).scale(Fraction(1, 2), rounding=ROUND_HALF_UP) == Money(-3)
    assert Money(100).scale(Fraction(1, 3), rounding=ROUND_UP) == Money(34)
    assert Money(100).scale(3) == Money(300)
    with pytest.raises(ValueError, match="ROUND_"):
        Money(100).scale(Fraction(1, 3), rounding="up")


@given(
    cents=st.integers(min_value=-(10**9), max_value=10**9),
    factor=st.decimals(
        min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False, places=4
    ),
    rounding=st.sampled_from(ALL_ROUNDINGS),
)
def test_money_scale_rounds_like_decimal_quantize(cents, factor, rounding):
    with localcontext() as context:
        context.prec = 50
        expected = (Decimal(cents) * factor).quantize(Decimal(1), rounding=rounding)
    assert Money(cents).scale(factor, rounding=rounding) == Money(int(expected))


def test_money_allocate_splits_every_cent():
    assert Money(100).allocate([1, 1, 1]) == [Money(34), Money(33), Money(33)]
    assert Money(-100).allocate([1, 1, 1]) == [Money(-34), Money(-33), Money(-33)]
    assert Money(10).allocate([1, 2]) == [Money(3), Money(7)]  # largest remainder
    assert Money(5).allocate([3, 7]) == [Money(2), Money(3)]  # tie: earlier part
    assert Money(100).allocate([1, 0, 1]) == [Money(50), Money(0), Money(50)]
    assert Money(1).allocate([Decimal("0.5"), Fraction(1, 2)]) == [Money(1), Money(0)]
    for bad in ([], [0, 0], [1, -1]):
        with pytest.raises(ValueError):
            Money(100).allocate(bad)


@given(
    money=amounts,
    ratios=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1).filter(any),
)
def test_money_allocate_parts_add_up_and_follow_the_ratios(money, ratios):
    parts = money.allocate(ratios)
    assert sum(parts) == money
    total = sum(ratios)
    for part, ratio in zip(parts, ratios, strict=True):
        exact = Fraction(money.cents * ratio, total)
        assert abs(part.cents - exact) < 1  # each within a cent of its exact share
        if ratio == 0:
            assert part == Money(0)


@given(
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(min_value=-1e6, max_value=1e6),
    )
)
def test_money_accepts_no_float_anywhere(value):
    money = Money(100)
    for attempt in (
        lambda: Money(value),
        lambda: money * value,
        lambda: money + value,
        lambda: money.scale(value),
        lambda: money.allocate([value, 1]),
        lambda: parse_money(value),
    ):
        with pytest.raises(TypeError, match="float"):
            attempt()


# Dutch text out -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (123456, "€ 1.234,56"),
        (-123456, "€ -1.234,56"),
        (0, "€ 0,00"),
        (5, "€ 0,05"),
        (-5, "€ -0,05"),
        (100, "€ 1,00"),
        (99999999, "€ 999.999,99"),
        (MAX_CENTS, "€ 100.000.000.000,00"),
    ],
)
def test_money_prints_in_dutch_notation(cents, text):
    assert str(Money(cents)) == text
    assert format_money(Money(cents)) == text


def test_format_money_styles():
    assert format_money(Money(2500), dash_whole=True) == "€ 25,-"
    assert format_money(Money(2550), dash_whole=True) == "€ 25,50"
    assert format_money(Money(-123456), symbol=False) == "-1.234,56"
    assert format_money(Money(100), non_breaking=True) == "€\u00a01,00"


def test_money_filter_shows_amount_with_no_break_space():
    template = Template(
        "{% load money %}[{{ a|money }}] [{{ b|money:'dash' }}] [{{ c|money }}]"
        "[{{ c|money|default:'–' }}]"
    )
    text = template.render(Context({"a": Money(-123456), "b": Money(2500), "c": None}))
    assert text == "[€\u00a0-1.234,56] [€\u00a025,-] [][–]"


def test_money_filter_refuses_a_bare_number():
    template = Template("{% load money %}{{ a|money }}")
    with pytest.raises(TypeError, match="Money"):
        template.render(Context({"a": 1234}))


# Dutch text in --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1234", 123400),
        ("1234,5", 123450),
        ("1234,56", 123456),
        ("1.234,56", 123456),
        ("€ 1.234,56", 123456),
        ("€1234", 123400),
        ("-12,50", -1250),
        ("€ -12,50", -1250),
        ("-€ 12,50", -1250),
        ("- € 12,50", -1250),
        ("−12,50", -1250),  # the minus sign U+2212
        ("+12", 1200),
        ("  1.234,56  ", 123456),
        ("€\u00a01.234,56", 123456),
        ("1\u00a0234,56", 123456),
        ("1 234 567,89", 123456789),
        ("1.234.567,89", 123456789),
        ("1.234", 123400),
        ("12,-", 1200),
        ("€ 25,–", 2500),
        ("12,50 €", 1250),
        ("12,50 euro", 1250),
        ("EUR 12", 1200),
        ("12 EUR", 1200),
        ("0,5", 50),
        (",50", 50),
        ("0", 0),
        ("-0", 0),
        ("007", 700),
        ("100.000.000.000,00", MAX_CENTS),
        ("-100.000.000.000", -MAX_CENTS),
    ],
)
def test_parse_money_reads_dutch_input(text, cents):
    assert parse_money(text) == Money(cents)


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "required", "Vul een bedrag in."),
        ("   ", "required", "Vul een bedrag in."),
        ("abc", "invalid", "Vul het bedrag in cijfers in, bijvoorbeeld 1.234,56."),
        ("12 euro's", "invalid", None),
        ("1e5", "invalid", None),
        ("NaN", "invalid", None),
        ("12,5a", "invalid", None),
        ("€", "invalid", None),
        ("-", "invalid", None),
        ("--12", "invalid", None),
        ("€ 12 €", "invalid", None),
        ("12,", "invalid", None),
        ("1,2,3", "invalid", None),
        ("1,234.56", "english", "Engelse schrijfwijze"),
        ("1,234,567", "english", None),
        ("12.50", "decimal_point", "komma voor de centen"),
        ("0.5", "decimal_point", None),
        ("1.234.56", "decimal_point", None),
        ("1234,567", "max_decimals", "hoogstens twee cijfers na de komma"),
        ("1,234", "max_decimals", None),
        ("1.23.456", "grouping", "duizendtallen"),
        ("12.34,00", "grouping", None),
        ("1234.567", "grouping", None),
        ("1.2345", "grouping", None),
        ("12 50", "grouping", None),
        ("1.234 567", "grouping", None),
        ("100.000.000.000,01", "max_value", "€ 100.000.000.000,00"),
        ("-100.000.000.000,01", "min_value", "€ -100.000.000.000,00"),
        ("9" * 30, "max_value", None),
        ("1" * 80, "invalid", None),
    ],
)
def test_parse_money_refuses_with_a_dutch_message(text, code, message):
    with pytest.raises(ValidationError) as error:
        parse_money(text)
    assert error.value.code == code
    if message:
        assert message in error.value.messages[0]


@given(money=amounts, dash=st.booleans(), symbol=st.booleans(), nbsp=st.booleans())
def test_parse_money_reads_what_format_money_writes(money, dash, symbol, nbsp):
    text = format_money(money, symbol=symbol, dash_whole=dash, non_breaking=nbsp)
    assert parse_money(text) == money


@given(text=st.text(max_size=30))
def test_parse_money_gives_money_or_a_validation_error_never_a_crash(text):
    try:
        result = parse_money(text)
    except ValidationError as error:
        assert error.code
    else:
        assert isinstance(result, Money)
        assert abs(result.cents) <= MAX_CENTS


# The form field -------------------------------------------------------------------


class LoanForm(forms.Form):
    amount = MoneyFormField(label="Bedrag", min_value=Money(1))
    fee = MoneyFormField(label="Kosten", required=False)


def test_money_form_field_reads_dutch_text_into_money():
    form = LoanForm({"amount": "€ 1.234,56", "fee": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": Money(123456), "fee": None}


def test_money_form_field_shows_dutch_errors_at_the_field():
    form = LoanForm({"amount": "1,234.56"})
    assert not form.is_valid()
    assert "Engelse schrijfwijze" in form.errors["amount"][0]

    form = LoanForm({"amount": ""})
    assert form.errors["amount"] == ["Vul een bedrag in."]

    form = LoanForm({"amount": "0"})
    assert form.errors["amount"] == ["Het bedrag moet minstens € 0,01 zijn."]


def test_money_form_field_renders_a_decimal_keyboard_and_the_value_formatted():
    form = LoanForm(initial={"amount": Money(123456)})
    html = str(form["amount"])
    assert 'inputmode="decimal"' in html
    assert 'type="text"' in html
    assert 'value="1.234,56"' in html


def test_money_form_field_keeps_what_was_typed_after_an_error():
    form = LoanForm({"amount": "12.50"})
    assert not form.is_valid()
    assert 'value="12.50"' in str(form["amount"])


def test_money_form_field_sees_an_unchanged_amount_as_unchanged():
    form = LoanForm({"amount": "1.234,56"}, initial={"amount": Money(123456)})
    assert not form["amount"].field.has_changed(Money(123456), "1234,56")
    assert form["amount"].field.has_changed(Money(123456), "1234,57")
