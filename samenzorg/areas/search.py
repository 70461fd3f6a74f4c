"""Finding an area by name or code, for the area fields of other pages.

Area data is public. The names and codes of every area are kept in a list per process
(17,500 areas nationally: about 2 MB, built in one query of plain rows); it is built
again when the areas' cache version changes (``selectors.bump_areas_version``).
A search scans that list: a few milliseconds, without a query.
"""

import re
import threading
from dataclasses import dataclass

from django.utils.translation import gettext as _

from samenzorg.core.text import normalise

from .models import Area
from .selectors import LEVEL_ORDER, areas_cache_version

SEARCH_LIMIT = 15
CHOICES_LIMIT = 10
MAX_QUERY = 100
# "Moerwijk (WK051836)": a name with its code, as the fields show a name that
# several areas share.
WITH_CODE = re.compile(r"^(?P<name>.*)\((?P<code>[^()]+)\)\s*$")
RANK_LEVEL = {level: i for i, level in enumerate([*LEVEL_ORDER, Area.Level.WERKGEBIED])}


@dataclass(frozen=True)
class FoundArea:
    code: str
    name: str
    level: str
    parent: str
    label: str  # what a field shows: the name, with the code when the name is shared

    @property
    def description(self) -> str:
        """ "wijk in Escamp": the level and where the area lies."""
        level = Area.Level(self.level).label
        if self.parent:
            return _("%(level)s in %(parent)s") % {
                "level": level,
                "parent": self.parent,
            }
        return str(level)

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "label": self.label,
            "description": self.description,
        }


@dataclass(frozen=True)
class _Entry:
    key: str  # the normalised name
    code_key: str
    area: FoundArea
    rank: int


@dataclass(frozen=True)
class _Index:
    version: int
    entries: list
    by_code: dict
    by_name: dict


_lock = threading.Lock()
_index: _Index | None = None


def _build(version: int) -> _Index:
    rows = Area.objects.values_list("code", "name", "level", "parent__name")
    named: dict[str, int] = {}
    for _code, name, _level, _parent in rows:
        named[normalise(name)] = named.get(normalise(name), 0) + 1
    entries, by_code, by_name = [], {}, {}
    for code, name, level, parent in rows:
        key = normalise(name)
        label = name if named[key] == 1 else f"{name} ({code})"
        area = FoundArea(code, name, level, parent or "", label)
        entry = _Entry(key, code.casefold(), area, RANK_LEVEL.get(level, 9))
        entries.append(entry)
        by_code[code.casefold()] = area
        by_name.setdefault(key, []).append(area)
    entries.sort(key=lambda e: (e.rank, e.key, e.area.code))
    return _Index(version, entries, by_code, by_name)


def _current() -> _Index:
    global _index
    version = areas_cache_version()
    index = _index
    if index is None or index.version != version:
        with _lock:
            index = _index
            if index is None or index.version != version:
                index = _index = _build(version)
    return index


def warm_area_search() -> None:
    """Build the list now, so that the first search does not pay for it."""
    _current()


def _clean(text: str | None) -> str:
    return normalise(str(text or "")[:MAX_QUERY].replace("\x00", ""))


def area_search(text: str | None, *, limit: int = SEARCH_LIMIT) -> list[FoundArea]:
    """Areas whose name or code holds the text; best matches first.

    Order: the code, then names that are the text, start with it, have a word that
    starts with it, or hold it; within each, larger areas (stadsdeel, wijk) first.
    """
    query = _clean(text)
    if not query:
        return []
    index = _current()
    exact, starts, word, inside = [], [], [], []
    code = index.by_code.get(query)
    seen = {code.code} if code else set()
    word_start = " " + query
    for entry in index.entries:
        key = entry.key
        if query not in key and query not in entry.code_key:
            continue
        if entry.area.code in seen:
            continue
        if key == query:
            exact.append(entry.area)
        elif key.startswith(query) or entry.code_key.startswith(query):
            starts.append(entry.area)
        elif word_start in key or ("-" + query) in key:
            word.append(entry.area)
        else:
            inside.append(entry.area)
        if len(exact) + len(starts) >= limit:
            break
    found = ([code] if code else []) + exact + starts + word + inside
    return found[:limit]


@dataclass(frozen=True)
class Resolution:
    """What a typed area means: one area, a few to choose from, or none."""

    text: str
    area: FoundArea | None = None
    choices: tuple = ()

    @property
    def code(self) -> str:
        return self.area.code if self.area else ""

    @property
    def is_unknown(self) -> bool:
        return bool(self.text) and self.area is None and not self.choices


def area_resolve(text: str | None) -> Resolution:
    """The area a person typed: a code (WK051836), a name, or "name (code)".

    A name that several areas share, or a part of a name that several areas hold,
    gives those areas as choices (at most ``CHOICES_LIMIT``).
    """
    raw = str(text or "")[:MAX_QUERY].replace("\x00", "").strip()
    if not raw:
        return Resolution("")
    index = _current()
    area = index.by_code.get(raw.casefold())
    if area is None and (match := WITH_CODE.match(raw)):
        area = index.by_code.get(match["code"].strip().casefold())
    if area is not None:
        return Resolution(raw, area=area)
    named = index.by_name.get(_clean(raw), [])
    if len(named) == 1:
        return Resolution(raw, area=named[0])
    if named:
        ordered = sorted(named, key=lambda a: (RANK_LEVEL.get(a.level, 9), a.code))
        return Resolution(raw, choices=tuple(ordered[:CHOICES_LIMIT]))
    found = area_search(raw, limit=CHOICES_LIMIT + 1)
    if len(found) == 1:
        return Resolution(raw, area=found[0])
    return Resolution(raw, choices=tuple(found[:CHOICES_LIMIT]))
