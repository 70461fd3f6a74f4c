"""Pure computations for area pages (no Django imports)."""

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
