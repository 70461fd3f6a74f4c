"""Accent-insensitive search text, the same on SQLite and PostgreSQL.

``normalise`` is applied both to the stored ``search_text`` and to the query, so
"zorgcooperatie" finds "Zorgcoöperatie" and "CAFÉ" finds "cafe".
"""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Lower case, accents removed, runs of white space made one space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", stripped.casefold()).strip()


def terms(query: str | None) -> list[str]:
    """The normalised words of a query, at most ten."""
    return normalise(query).split(" ")[:10] if normalise(query) else []
