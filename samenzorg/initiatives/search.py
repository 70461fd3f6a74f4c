"""Accent-insensitive search text, the same on SQLite and PostgreSQL.

``normalise`` is applied both to the stored ``search_text`` and to the query, so
"zorgcooperatie" finds "Zorgcoöperatie" and "CAFÉ" finds "cafe".
"""

from samenzorg.core.text import normalise

__all__ = ["normalise", "terms"]


def terms(query: str | None) -> list[str]:
    """The normalised words of a query, at most ten."""
    return normalise(query).split(" ")[:10] if normalise(query) else []
