"""Amounts of money: whole euro cents, never a float.

One value type, ``Money``, and its edges: Dutch text (``format_money``,
``parse_money``), a model field (``MoneyField``), a form field (``MoneyFormField``)
and a type for django-ninja schemas (``Money`` itself). Every app that counts money
(business cases, contributions, loans, a ledger, health contracts) uses these::

    from samenzorg.core.money import Money, MoneyField, MoneySum, parse_money

    price = Money(123456)                     # € 1.234,56 (cents, an int)
    price + Money(50) - Money(6)              # Money(123500)
    sum(amounts)                              # 0 + Money works, so sum() does
    price * 3                                 # an int only
    price.scale(Decimal("0.21"))              # VAT: a factor and a rounding rule
    price.allocate([1, 1, 1])                 # three parts that add up to the cent
    str(price)                                # "€ 1.234,56"
    parse_money("€ 1.234,56")                 # Money(123456)

A float is refused everywhere with a ``TypeError`` that says why: a float cannot
hold most amounts of cents exactly (``0.1 + 0.2 != 0.3``), so sums drift and
splits lose cents. Multiplying by a ``Decimal`` or ``Fraction`` is allowed only
through ``Money.scale``, which names its rounding rule.

Dutch notation (Taalunie, taaladvies.net "Euro: – € 12 / € -12", and CLDR's
``nl`` pattern ``¤ #,##0.00;¤ -#,##0.00``): the euro sign before the amount with a
space, a point between thousands, a comma before the cents, and for a negative
amount the minus sign right before the number: ``€ -1.234,56``. Whole euros show
``,00`` by default (they line up in tables and read aloud the same as other
amounts); ``format_money(..., dash_whole=True)`` writes the usual Dutch ``€ 25,-``
for running text. ``parse_money`` reads both.
"""

from __future__ import annotations

import math
import re
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from fractions import Fraction
from numbers import Integral
from typing import Any

from django import forms
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.db.models.query_utils import DeferredAttribute
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = [
    "CURRENCY",
    "MAX_CENTS",
    "ROUND_05UP",
    "ROUND_CEILING",
    "ROUND_DOWN",
    "ROUND_FLOOR",
    "ROUND_HALF_DOWN",
    "ROUND_HALF_EVEN",
    "ROUND_HALF_UP",
    "ROUND_UP",
    "ROUNDINGS",
    "MaxMoneyValidator",
    "MinMoneyValidator",
    "Money",
    "MoneyField",
    "MoneyFormField",
    "MoneyInput",
    "MoneySum",
    "format_money",
    "parse_money",
]

CURRENCY = "EUR"
"""The one currency for now. ``Money`` carries its code so that others can follow."""

MAX_CENTS = 10**13
"""The largest amount read from text or stored: € 100.000.000.000,00 either way."""

ROUNDINGS = frozenset(
    {
        ROUND_05UP,
        ROUND_CEILING,
        ROUND_DOWN,
        ROUND_FLOOR,
        ROUND_HALF_DOWN,
        ROUND_HALF_EVEN,
        ROUND_HALF_UP,
        ROUND_UP,
    }
)

_FLOAT_REASON = (
    "a float cannot hold most amounts of cents exactly (0.1 + 0.2 != 0.3), "
    "so sums drift and splits lose cents"
)


def _refuse_float(value: Any, what: str) -> None:
    if isinstance(value, float):
        raise TypeError(
            f"{what} refuses the float {value!r}: {_FLOAT_REASON}. Use an int of "
            "cents, a Decimal or Fraction through Money.scale(), or parse_money() "
            "for text."
        )


def _exact(value: Any, what: str) -> Fraction:
    """``value`` as an exact Fraction: int, Decimal and Fraction only."""
    _refuse_float(value, what)
    if isinstance(value, bool):
        raise TypeError(f"{what} takes a number, not a bool ({value!r}).")
    if isinstance(value, Integral):
        return Fraction(int(value))
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what} takes a finite number, not {value!r}.")
        return Fraction(value)
    raise TypeError(
        f"{what} takes an int, Decimal or Fraction, not {type(value).__name__}."
    )


def _round(value: Fraction, rounding: str) -> int:
    """``value`` rounded to a whole number by one of the ``decimal`` module's rules."""
    if rounding not in ROUNDINGS:
        raise ValueError(
            f"Unknown rounding {rounding!r}: use one of the decimal module's "
            "ROUND_* constants, such as ROUND_HALF_EVEN."
        )
    floor = value.numerator // value.denominator
    rest = value - floor
    if rest == 0:
        return floor
    ceil = floor + 1
    toward_zero, away = (floor, ceil) if value > 0 else (ceil, floor)
    if rounding == ROUND_FLOOR:
        return floor
    if rounding == ROUND_CEILING:
        return ceil
    if rounding == ROUND_DOWN:
        return toward_zero
    if rounding == ROUND_UP:
        return away
    if rounding == ROUND_05UP:
        return away if abs(toward_zero) % 10 in (0, 5) else toward_zero
    half = Fraction(1, 2)
    if rest != half:
        return floor if rest < half else ceil
    if rounding == ROUND_HALF_UP:
        return away
    if rounding == ROUND_HALF_DOWN:
        return toward_zero
    return floor if floor % 2 == 0 else ceil  # ROUND_HALF_EVEN


def largest_remainder(total: int, ratios: list[Fraction]) -> list[int]:
    """Whole parts of ``total`` in proportion to ``ratios`` that add up to ``total``.

    Each part gets the whole number below its exact share; the cents left over go
    one each to the parts with the largest remainders (Hamilton's method), the
    earlier part first on a tie. A part with ratio 0 gets 0. A negative total is
    split like its positive twin and negated, so the split is symmetrical.
    """
    if not ratios:
        raise ValueError("allocate() needs at least one ratio.")
    if any(r < 0 for r in ratios):
        raise ValueError("allocate() takes ratios of zero or more.")
    whole = sum(ratios)
    if whole == 0:
        raise ValueError("allocate() needs at least one ratio above zero.")
    sign, amount = (-1, -total) if total < 0 else (1, total)
    exact = [amount * r / whole for r in ratios]
    parts = [math.floor(x) for x in exact]
    left = amount - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return [sign * p for p in parts]


class Money:
    """An amount in whole cents of one currency (EUR). Immutable and hashable.

    ``Money(123456)`` is € 1.234,56. Add and subtract Money, negate it, compare it
    with Money, multiply it by an int; ``0 + money`` works so that ``sum()`` does.
    ``Money(5) == 5`` is ``False``: an int has no unit (euros or cents?), so Money
    equals only Money, and ``<`` with an int raises ``TypeError``.
    """

    __slots__ = ("cents", "currency")
    cents: int
    currency: str

    def __init__(self, cents: int, currency: str = CURRENCY):
        _refuse_float(cents, "Money()")
        if isinstance(cents, bool) or not isinstance(cents, Integral):
            raise TypeError(
                "Money() takes whole cents as an int, not "
                f"{type(cents).__name__} ({cents!r}). For text use parse_money(); "
                "for a Decimal amount of euros use Money.euros()."
            )
        if currency != CURRENCY:
            raise ValueError(f"Only {CURRENCY} is supported, not {currency!r}.")
        object.__setattr__(self, "cents", int(cents))
        object.__setattr__(self, "currency", currency)

    @classmethod
    def euros(cls, amount: int | Decimal) -> Money:
        """Whole euros (an int) or an exact Decimal of at most two decimals."""
        value = _exact(amount, "Money.euros()")
        if isinstance(amount, Fraction):
            raise TypeError("Money.euros() takes an int or a Decimal.")
        cents = value * 100
        if cents.denominator != 1:
            raise ValueError(
                f"{amount!r} has more than two decimals; round it first with "
                "Decimal.quantize() or use Money.scale()."
            )
        return cls(int(cents))

    def to_decimal(self) -> Decimal:
        """The amount in euros as a Decimal with two decimals (for spreadsheets)."""
        return Decimal(self.cents).scaleb(-2)

    def as_json(self) -> dict[str, Any]:
        """What the API shows: cents, currency code and the Dutch text."""
        return {"cents": self.cents, "currency": self.currency, "display": str(self)}

    # Arithmetic ---------------------------------------------------------------

    def _other(self, other: Any, operation: str) -> Money:
        if isinstance(other, Money):
            if other.currency != self.currency:
                raise ValueError(
                    f"Cannot {operation} {other.currency} and {self.currency}."
                )
            return other
        _refuse_float(other, f"Money {operation}")
        raise TypeError(
            f"Money can only {operation} Money, not {type(other).__name__} "
            f"({other!r}): a bare number has no unit (euros or cents?). "
            "Write Money(cents)."
        )

    def __add__(self, other: Money) -> Money:
        return Money(self.cents + self._other(other, "add").cents, self.currency)

    def __radd__(self, other: Any) -> Money:
        # sum() starts from the int 0.
        if type(other) is int and other == 0:
            return self
        return Money(self._other(other, "add").cents + self.cents, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.cents - self._other(other, "subtract").cents, self.currency)

    def __rsub__(self, other: Any) -> Money:
        return Money(self._other(other, "subtract").cents - self.cents, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.cents, self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money(abs(self.cents), self.currency)

    def __mul__(self, factor: int) -> Money:
        _refuse_float(factor, "Money *")
        if isinstance(factor, (Decimal, Fraction)):
            raise TypeError(
                "Multiplying Money by a Decimal or Fraction needs a rounding rule: "
                "use money.scale(factor, rounding=ROUND_HALF_EVEN)."
            )
        if isinstance(factor, bool) or not isinstance(factor, Integral):
            raise TypeError(
                f"Money can be multiplied by an int only, not {type(factor).__name__}."
            )
        return Money(self.cents * int(factor), self.currency)

    __rmul__ = __mul__

    def _no_division(self, *args: Any) -> Money:
        raise TypeError(
            "Dividing Money would lose or invent cents. Split it with "
            "money.allocate([1, 1, 1]), or use "
            "money.scale(Fraction(1, n), rounding=...) for a rounded share."
        )

    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _no_division
    __mod__ = __rmod__ = __divmod__ = __rdivmod__ = _no_division

    def scale(self, factor: int | Decimal | Fraction, rounding: str = ROUND_HALF_EVEN):
        """This amount times ``factor``, rounded to whole cents by ``rounding``.

        ``rounding`` is one of the ``decimal`` module's rules; the default, half to
        even ("banker's rounding"), does not drift up over many roundings. Use
        ``ROUND_HALF_UP`` where a rule says "rekenkundig afronden". The product is
        computed exactly (as a Fraction) before it is rounded once.
        """
        exact = Fraction(self.cents) * _exact(factor, "Money.scale()")
        return Money(_round(exact, rounding), self.currency)

    def allocate(self, ratios: list[int | Decimal | Fraction]) -> list[Money]:
        """Split into parts proportional to ``ratios`` that add up to this amount.

        ``Money(100).allocate([1, 1, 1])`` is 34, 33 and 33 cents: no cent is lost
        or made. See ``largest_remainder`` for the rule.
        """
        exact = [_exact(r, "Money.allocate()") for r in ratios]
        return [
            Money(part, self.currency) for part in largest_remainder(self.cents, exact)
        ]

    # Comparison ---------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Money):
            return self.cents == other.cents and self.currency == other.currency
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.cents, self.currency))

    def _compare(self, other: Any) -> int | None:
        if not isinstance(other, Money):
            _refuse_float(other, "Money comparison")
            return None
        return self._other(other, "compare").cents

    def __lt__(self, other: Money) -> bool:
        cents = self._compare(other)
        return NotImplemented if cents is None else self.cents < cents

    def __le__(self, other: Money) -> bool:
        cents = self._compare(other)
        return NotImplemented if cents is None else self.cents <= cents

    def __gt__(self, other: Money) -> bool:
        cents = self._compare(other)
        return NotImplemented if cents is None else self.cents > cents

    def __ge__(self, other: Money) -> bool:
        cents = self._compare(other)
        return NotImplemented if cents is None else self.cents >= cents

    def __bool__(self) -> bool:
        return self.cents != 0

    # Immutability, text, pickling, migrations ---------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Money is immutable; make a new one.")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Money is immutable.")

    def __reduce__(self):
        return (Money, (self.cents, self.currency))

    def deconstruct(self):
        """So that ``default=Money(0)`` can be written into a migration."""
        return ("samenzorg.core.money.Money", (self.cents,), {})

    def __str__(self) -> str:
        return format_money(self)

    def __repr__(self) -> str:
        if self.currency == CURRENCY:
            return f"Money({self.cents})"
        return f"Money({self.cents}, {self.currency!r})"

    # django-ninja / pydantic --------------------------------------------------

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any):
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _pydantic_validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _pydantic_serialize, return_schema=core_schema.dict_schema()
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any):
        if handler.mode == "serialization":
            return dict(API_OUTPUT_SCHEMA)
        return dict(API_INPUT_SCHEMA)


# API (django-ninja) -----------------------------------------------------------
#
# In a schema, a field typed ``Money`` reads an integer of cents and writes an
# object with the cents, the currency and the Dutch text:
#
#     class LoanIn(Schema):
#         amount: Money            # {"amount": 123456}
#
#     class LoanOut(Schema):
#         amount: Money            # {"amount": {"cents": 123456, "currency": "EUR",
#                                  #             "display": "€ 1.234,56"}}
#
# Input is whole cents and nothing else: a JSON number with a fraction (12.5), a
# string ("12,50") or a boolean is refused with a Dutch message (422). Text in a
# locale belongs in forms; an API client sends the exact integer.

API_INPUT_SCHEMA = {
    "type": "integer",
    "minimum": -MAX_CENTS,
    "maximum": MAX_CENTS,
    "description": "Bedrag in hele eurocenten (een geheel getal), "
    "bijvoorbeeld 123456 voor € 1.234,56. Geen kommagetal en geen tekst.",
    "examples": [123456],
}

API_OUTPUT_SCHEMA = {
    "type": "object",
    "title": "Money",
    "description": "Een bedrag in euro: hele centen, de valuta en de Nederlandse "
    "schrijfwijze om te tonen.",
    "properties": {
        "cents": {
            "type": "integer",
            "title": "Cents",
            "description": "Het bedrag in hele eurocenten.",
        },
        "currency": {
            "type": "string",
            "title": "Currency",
            "enum": [CURRENCY],
            "description": "ISO 4217-code van de valuta; altijd EUR.",
        },
        "display": {
            "type": "string",
            "title": "Display",
            "description": "Het bedrag zoals het op de site staat, bijvoorbeeld "
            "€ 1.234,56 of € -12,50.",
        },
    },
    "required": ["cents", "currency", "display"],
    "examples": [{"cents": 123456, "currency": CURRENCY, "display": "€ 1.234,56"}],
}


def _pydantic_validate(value: Any) -> Money:
    from pydantic_core import PydanticCustomError

    if isinstance(value, Money):
        return value
    if type(value) is int:
        if abs(value) > MAX_CENTS:
            raise PydanticCustomError(
                "money_range",
                _("The amount must lie between %(min)s and %(max)s.")
                % {"min": Money(-MAX_CENTS), "max": Money(MAX_CENTS)},
            )
        return Money(value)
    raise PydanticCustomError(
        "money_cents",
        _(
            "Give the amount in whole euro cents as an integer, "
            "for example 123456 for € 1.234,56."
        ),
    )


def _pydantic_serialize(value: Money) -> dict[str, Any]:
    return value.as_json()


# Dutch text -------------------------------------------------------------------


def format_money(
    money: Money,
    *,
    symbol: bool = True,
    dash_whole: bool = False,
    non_breaking: bool = False,
) -> str:
    """Dutch notation: ``€ 1.234,56``, ``€ -1.234,56``, ``€ 0,00``.

    ``symbol=False`` leaves out the euro sign (``1.234,56``, as a form shows it).
    ``dash_whole=True`` writes whole euros as ``€ 25,-``. ``non_breaking=True``
    puts a no-break space after the euro sign so a line never ends between the
    sign and the number (the ``money`` template filter does this).
    """
    if not isinstance(money, Money):
        raise TypeError(f"format_money() takes Money, not {type(money).__name__}.")
    euros, cents = divmod(abs(money.cents), 100)
    number = "{}{},{}".format(
        "-" if money.cents < 0 else "",
        f"{euros:,}".replace(",", "."),
        "-" if dash_whole and cents == 0 else f"{cents:02d}",
    )
    if not symbol:
        return number
    return ("€\u00a0" if non_breaking else "€ ") + number


_DIGITS = re.compile(r"[0-9]+")
_GROUPED_POINTS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_GROUPED_SPACES = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")
_GROUPED_ENGLISH = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
_POINT_FOR_CENTS = re.compile(r"[0-9.]*\.[0-9]{1,2}")
_CURRENCY_BEFORE = re.compile(r"(?:€|eur(?![a-z]))\s?", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s?(?:€|euro|eur)$", re.IGNORECASE)
_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-", "\u2010": "-"})
_MAX_DIGITS = len(str(MAX_CENTS // 100))


def _parse_error(code: str) -> ValidationError:
    messages = {
        "required": _("Fill in an amount."),
        "invalid": _("Fill in an amount in figures, for example 1.234,56."),
        "english": _(
            "This is the English way of writing an amount. In Dutch, use a comma "
            "before the cents and points between the thousands, for example "
            "1.234,56."
        ),
        "decimal_point": _(
            "Use a comma before the cents, for example 12,50. A point only goes "
            "between thousands."
        ),
        "max_decimals": _("An amount has at most two figures after the comma."),
        "grouping": _(
            "The thousands are not separated in the right places. Write for "
            "example 1.234.567,89 or 1234567,89."
        ),
        "max_value": _("The amount is too large. It may be at most %(max)s."),
        "min_value": _("The amount is too small. It must be at least %(min)s."),
    }
    return ValidationError(
        messages[code],
        code=code,
        params={"max": Money(MAX_CENTS), "min": Money(-MAX_CENTS)},
    )


def parse_money(text: str) -> Money:
    """An amount typed in Dutch notation, or a ``ValidationError`` in Dutch.

    Reads ``1234``, ``1234,5``, ``1234,56``, ``1.234,56``, ``€ 1.234,56``,
    ``€1234``, ``-12,50``, ``€ -12,50``, ``- € 12,50``, ``12,-``, ``12,50 euro``,
    ``EUR 12``, ``1 234,56``, with ordinary or no-break spaces. Refuses, each with
    its own message (``ValidationError.code`` in brackets): nothing
    (``required``), letters or other signs (``invalid``), English notation such
    as ``1,234.56`` (``english``), a point before the cents as in ``12.50``
    (``decimal_point``), more than two decimals (``max_decimals``), thousands
    separators in the wrong place as in ``12.34,00`` (``grouping``), and amounts
    beyond ±``MAX_CENTS`` (``max_value``, ``min_value``).
    """
    if not isinstance(text, str):
        _refuse_float(text, "parse_money()")
        raise TypeError(f"parse_money() reads text, not {type(text).__name__}.")
    rest = " ".join(text.split()).translate(_DASHES)
    if not rest:
        raise _parse_error("required")
    if len(rest) > 64:
        raise _parse_error("invalid")

    negative = None
    currency = False

    def take_sign(value: str) -> str:
        nonlocal negative
        if value[:1] in ("-", "+") and value:
            if negative is not None:
                raise _parse_error("invalid")
            negative = value[0] == "-"
            return value[1:].lstrip()
        return value

    rest = take_sign(rest)
    if match := _CURRENCY_BEFORE.match(rest):
        currency = True
        rest = rest[match.end() :]
    rest = take_sign(rest)
    if match := _CURRENCY_AFTER.search(rest):
        if currency:
            raise _parse_error("invalid")
        rest = rest[: match.start()]

    whole_dash = rest.endswith(",-")
    if whole_dash:
        rest = rest[:-1]
    if not rest or re.search(r"[^0-9., ]", rest):
        raise _parse_error("invalid")

    if "," in rest and "." in rest[rest.index(",") :]:
        raise _parse_error("english")
    if rest.count(",") > 1:
        raise _parse_error("english" if _GROUPED_ENGLISH.fullmatch(rest) else "invalid")
    whole, comma, fraction = rest.partition(",")
    if comma:
        if whole_dash:
            if fraction:
                raise _parse_error("invalid")
        elif not _DIGITS.fullmatch(fraction):
            raise _parse_error("invalid")
        elif len(fraction) > 2:
            raise _parse_error("max_decimals")

    if not whole:
        if not fraction:
            raise _parse_error("invalid")
    elif _DIGITS.fullmatch(whole):
        pass
    elif not comma and _POINT_FOR_CENTS.fullmatch(whole):
        raise _parse_error("decimal_point")
    elif not (_GROUPED_POINTS.fullmatch(whole) or _GROUPED_SPACES.fullmatch(whole)):
        raise _parse_error("grouping")

    digits = whole.replace(".", "").replace(" ", "").lstrip("0")
    if len(digits) > _MAX_DIGITS:
        raise _parse_error("min_value" if negative else "max_value")
    cents = int(digits or "0") * 100 + int(fraction.ljust(2, "0"))
    if cents > MAX_CENTS:
        raise _parse_error("min_value" if negative else "max_value")
    return Money(-cents if negative else cents)


# Validators -------------------------------------------------------------------


class MinMoneyValidator(MinValueValidator):
    """The amount is at least ``limit_value`` (Money), with a Dutch message."""

    message = gettext_lazy("The amount must be at least %(limit_value)s.")


class MaxMoneyValidator(MaxValueValidator):
    """The amount is at most ``limit_value`` (Money), with a Dutch message."""

    message = gettext_lazy("The amount may be at most %(limit_value)s.")


RANGE_VALIDATORS = (
    MinMoneyValidator(Money(-MAX_CENTS)),
    MaxMoneyValidator(Money(MAX_CENTS)),
)


# Forms ------------------------------------------------------------------------


class MoneyInput(forms.TextInput):
    """A text box for an amount: phones show a keyboard with digits and a comma.

    ``type="number"`` is not used: browsers read its value with a decimal point and
    silently drop what they do not understand, so "1.234,56" would arrive empty.
    """

    def __init__(self, attrs: dict | None = None):
        super().__init__(
            {
                "inputmode": "decimal",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "utrecht-textbox utrecht-textbox--html-input",
                **(attrs or {}),
            }
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Money):
            return format_money(value, symbol=False)
        return super().format_value(value)


class MoneyFormField(forms.Field):
    """An amount typed in Dutch notation (see ``parse_money``); gives ``Money``.

    ``min_value`` and ``max_value`` (Money) add limits with Dutch messages. An
    amount being edited shows as ``1.234,56``; after an error the form shows what
    was typed.
    """

    widget = MoneyInput
    default_error_messages = {"required": gettext_lazy("Fill in an amount.")}

    def __init__(
        self,
        *,
        min_value: Money | None = None,
        max_value: Money | None = None,
        **kwargs: Any,
    ):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)
        for limit in (min_value, max_value):
            if limit is not None and not isinstance(limit, Money):
                raise TypeError("min_value and max_value take Money.")
        if min_value is not None:
            self.validators.append(MinMoneyValidator(min_value))
        if max_value is not None:
            self.validators.append(MaxMoneyValidator(max_value))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Money):
            return format_money(value, symbol=False)
        return value

    def to_python(self, value: Any) -> Money | None:
        if isinstance(value, Money):
            return value
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise _parse_error("invalid")
        return parse_money(value)


# Models -----------------------------------------------------------------------


class MoneyDescriptor(DeferredAttribute):
    """Keeps a MoneyField's attribute a Money (or None, or a query expression)."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        if not (
            value is None
            or isinstance(value, Money)
            or hasattr(value, "resolve_expression")
        ):
            _refuse_float(value, f"{self.field} ({self.field.attname})")
            raise TypeError(
                f"{self.field} takes Money, not {type(value).__name__} ({value!r}): "
                "write Money(cents), or parse_money() for text."
            )
        instance.__dict__[self.field.attname] = value


class MoneyField(models.BigIntegerField):
    """An amount, stored as whole cents in a big integer column; in Python ``Money``.

    ``MoneyField(_("amount"), default=Money(0))``. Filters take Money
    (``filter(amount__gte=Money(0))``); ``values()`` and ``values_list()`` give
    Money; ``Sum("amount")`` gives Money or None, ``MoneySum("amount")`` gives Money
    and ``Money(0)`` for no rows. A plain int is refused (is 100 euros or cents?),
    as is a float. The form field is ``MoneyFormField``; the range is ±``MAX_CENTS``.
    """

    descriptor_class = MoneyDescriptor
    description = gettext_lazy("Amount in euro cents")

    def check(self, **kwargs: Any) -> list:
        errors = super().check(**kwargs)
        default = self.default
        if self.has_default() and not (
            default is None or isinstance(default, Money) or callable(default)
        ):
            errors.append(
                checks.Error(
                    "A MoneyField's default must be Money, such as Money(0).",
                    obj=self,
                    id="core.E101",
                )
            )
        return errors

    @cached_property
    def validators(self) -> list:
        # Not IntegerField's: those compare with ints.
        return [*self.default_validators, *self._validators, *RANGE_VALIDATORS]

    def from_db_value(self, value: Any, expression: Any, connection: Any):
        return None if value is None else Money(int(value))

    def to_python(self, value: Any) -> Money | None:
        """Money from Money, or from whole cents as stored (fixtures, serialised)."""
        if value is None or isinstance(value, Money):
            return value
        _refuse_float(value, str(self))
        if isinstance(value, Integral) and not isinstance(value, bool):
            return Money(int(value))
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
            return Money(int(value))
        raise ValidationError(_parse_error("invalid").message, code="invalid")

    def get_prep_value(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, Money):
            if value.currency != CURRENCY:
                raise ValueError(f"{self} stores {CURRENCY} only.")
            return value.cents
        _refuse_float(value, str(self))
        raise TypeError(
            f"{self} compares with and stores Money, not {type(value).__name__} "
            f"({value!r}): write Money(cents)."
        )

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value.cents)

    def formfield(self, **kwargs: Any):
        # Skip IntegerField.formfield: it would add integer limits.
        return models.Field.formfield(self, **{"form_class": MoneyFormField, **kwargs})


class MoneySum(Coalesce):
    """The sum of a MoneyField as Money, and ``Money(0)`` where there are no rows.

    ``Loan.objects.aggregate(total=MoneySum("amount"))["total"]``, or in
    ``annotate()``. Takes ``filter=`` and ``distinct=`` like ``Sum``.
    """

    def __init__(self, expression: Any, *, filter: Any = None, distinct: bool = False):
        super().__init__(
            models.Sum(expression, filter=filter, distinct=distinct),
            models.Value(Money(0), output_field=MoneyField()),
            output_field=MoneyField(),
        )
