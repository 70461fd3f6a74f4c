"""Pure computations for area pages (no Django imports)."""

from shapely.geometry import mapping, shape

# ColorBrewer YlGnBu, 5 classes: light (low) to dark (high).
COLOURS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA_COLOUR = "#d9d9d9"


def class_breaks(values: list[float], classes: int = 5) -> list[float]:
    """Upper bounds of up to ``classes`` quantile classes, ascending, no duplicates."""
    data = sorted(v for v in values if v is not None)
    if not data:
        return []
    breaks = []
    for i in range(1, classes + 1):
        index = min(len(data) - 1, round(i * len(data) / classes) - 1)
        bound = data[max(index, 0)]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def class_of(value: float | None, breaks: list[float]) -> int | None:
    """Index of the class ``value`` falls in, or None without a value."""
    if value is None or not breaks:
        return None
    for i, bound in enumerate(breaks):
        if value <= bound:
            return i
    return len(breaks) - 1


def colour_of(index: int | None, count: int) -> str:
    """Spread ``count`` classes over the palette so a few classes stay distinct."""
    if index is None or count == 0:
        return NO_DATA_COLOUR
    if count == 1:
        return COLOURS[2]
    position = round(index * (len(COLOURS) - 1) / (count - 1))
    return COLOURS[position]


# Simplification per map level, in degrees (0.0001° is about 7-11 m here): the
# overview draws a whole level at once, where a few tens of metres do not show.
SIMPLIFY_TOLERANCE = {"stadsdeel": 0.0005, "wijk": 0.0003, "buurt": 0.0001}
DECIMALS = 5  # about 1 m


def _rounded(coordinates, decimals: int):
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(c, decimals) for c in coordinates]
    return [_rounded(part, decimals) for part in coordinates]


def simplified_geometry(
    geometry: dict | None, tolerance: float, decimals: int = DECIMALS
) -> dict | None:
    """A GeoJSON geometry simplified (topology kept) and rounded to ``decimals``.

    A shape that simplification would make empty keeps its original outline.
    """
    if not geometry:
        return None
    try:
        original = shape(geometry)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    simple = original.simplify(tolerance, preserve_topology=True)
    result = mapping(simple if not simple.is_empty else original)
    return {
        "type": result["type"],
        "coordinates": _rounded(_as_lists(result["coordinates"]), decimals),
    }


def _as_lists(coordinates):
    if isinstance(coordinates, (int, float)):
        return coordinates
    return [_as_lists(c) for c in coordinates]
