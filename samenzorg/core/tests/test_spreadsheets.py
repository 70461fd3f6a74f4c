import pytest

from samenzorg.core.spreadsheets import formula_safe, formula_unescape


@pytest.mark.parametrize(
    ("cell", "exported"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-1+2 is drie", "'-1+2 is drie"),
        ("+31 70 123 45 67", "+31 70 123 45 67"),
        ("-3,5", "-3,5"),
        ("Buurthuis", "Buurthuis"),
        (12, 12),
        (None, None),
    ],
)
def test_formula_like_text_is_escaped_and_comes_back_unchanged(cell, exported):
    assert formula_safe(cell) == exported
    assert formula_unescape(formula_safe(cell)) == cell
