"""Cells of exported spreadsheets (CSV, XLSX) that cannot run as formulas.

A spreadsheet program runs a cell that starts with =, +, -, @, a tab or a carriage
return as a formula, so text from users could do harm in whoever opens an export
("CSV injection"). Exports put an apostrophe before such text; imports take it off
again, so an exported file imports unchanged. Plain numbers such as "+31 70 123 45 67"
or "-3,5" are left alone.
"""

import re
from typing import Any

from .text import xml_safe

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?[\d\s().,/-]+$")


def formula_safe(value: Any) -> Any:
    """``value`` with an apostrophe before text a spreadsheet would run as a formula,
    and without the characters a spreadsheet cannot hold (see ``core.text``)."""
    value = xml_safe(value)
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not PLAIN_NUMBER.match(value)
    ):
        return f"'{value}"
    return value


def formula_unescape(value: Any) -> Any:
    """Take off the apostrophe that ``formula_safe`` put before a formula-like cell."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and value[1] in FORMULA_START
    ):
        return value[1:]
    return value
