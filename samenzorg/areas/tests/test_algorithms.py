import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from samenzorg.areas.algorithms import NO_DATA_COLOUR, class_breaks, class_of, colour_of


@given(st.lists(st.floats(min_value=-1e9, max_value=1e9), min_size=1))
def test_every_value_falls_in_a_class(values):
    breaks = class_breaks(values)
    assert breaks == sorted(set(breaks))
    for value in values:
        index = class_of(value, breaks)
        assert 0 <= index < len(breaks)
        assert value <= breaks[index]


def test_no_values_no_classes():
    assert class_breaks([None, None]) == []
    assert class_of(None, [1.0]) is None
    assert colour_of(None, 5) == NO_DATA_COLOUR


def test_algorithms_import_no_django():
    source = Path(__file__).parents[1] / "algorithms.py"
    tree = ast.parse(source.read_text())
    names = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in getattr(node, "names", [])
    ]
    assert not any(
        n and (n.startswith("django") or n.startswith("samenzorg")) for n in names
    )
