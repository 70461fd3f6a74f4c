"""``{% load money %}``: ``{{ loan.amount|money }}`` shows ``€ 1.234,56``.

``{{ amount|money:"dash" }}`` writes whole euros as ``€ 25,-`` (running text).
A no-break space follows the euro sign, so a line never ends between the sign and
the number. ``None`` shows as nothing (add ``|default:"–"`` for a dash); anything
other than Money raises ``TypeError``: an int or float has no unit, and guessing
would show a wrong amount.
"""

from django import template

from samenzorg.core.money import Money, format_money

register = template.Library()


@register.filter(name="money")
def money(value, style: str = "") -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, Money):
        raise TypeError(
            f"The money filter takes Money, not {type(value).__name__} ({value!r})."
        )
    if style not in ("", "dash"):
        raise ValueError(f'Unknown money style {style!r}: use "dash" or nothing.')
    return format_money(value, dash_whole=style == "dash", non_breaking=True)
