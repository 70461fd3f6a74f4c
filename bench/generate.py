"""Synthetic national data for the benchmarks: about 350 gemeenten, 3,000 wijken,
14,000 buurten and 100,000 initiatives.

Everything made here is made up and marked so: area codes start with ``SYN-``, area
names with "Synthetisch", every initiative has ``is_fictional=True`` and
``source="Synthetische benchmarkdata"``. The random generator has a fixed seed, so
two runs give the same data.

The data goes to its own SQLite file ``bench/national.sqlite3`` (git-ignored), or to
the database in ``--database-url`` / ``BENCH_DATABASE_URL`` (e.g. an empty PostgreSQL
database). The project's own ``DATABASE_URL`` is deliberately not used, so that a
benchmark never writes into a working database by accident.

    .venv/bin/python bench/generate.py            # generate when missing
    .venv/bin/python bench/generate.py --force    # throw away and generate again
    .venv/bin/python bench/generate.py --scale 0.1  # a tenth, for a quick try
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_DB = BENCH_DIR / "national.sqlite3"
DEFAULT_URL = f"sqlite:///{DEFAULT_DB}"

SOURCE = "Synthetische benchmarkdata"
CODE_PREFIX = "SYN-"
SEED = 20261124
YEAR = 2024

GEMEENTEN = 350
WIJKEN = 3_000
BUURTEN = 14_000
INITIATIVES = 100_000
BATCH = 5_000
# Gemeenten with at least this many wijken get stadsdelen of this many wijken.
STADSDEEL_FROM_WIJKEN = 15
WIJKEN_PER_STADSDEEL = 5

# The Netherlands, roughly: the synthetic gemeenten are laid out as a grid over it.
LAT_MIN, LAT_MAX = 50.80, 53.40
LON_MIN, LON_MAX = 3.60, 7.10

VARIABLES = [
    ("AantalInwoners_5", "Aantal inwoners", "aantal"),
    ("Mannen_6", "Mannen", "aantal"),
    ("Vrouwen_7", "Vrouwen", "aantal"),
    ("Bevolkingsdichtheid_34", "Bevolkingsdichtheid", "aantal inwoners per km²"),
    ("Woningvoorraad_35", "Woningvoorraad", "aantal"),
    ("OppervlakteTotaal_122", "Oppervlakte totaal", "ha"),
]

# Used only when the initiatives app's list values are missing from the database.
FALLBACK_TAGS = {
    "carrier": ["bewoners", "sociaal-ondernemers", "professionals", "verenigingen"],
    "target_group": ["ouderen", "jongeren", "mantelzorgers", "alle-wijkbewoners"],
    "domain": ["zorg-en-ondersteuning", "sport", "ontmoeting", "cultuur", "welzijn"],
}

KINDS = [
    "Buurtkamer",
    "Zorgcoöperatie",
    "Wijkcoöperatie",
    "Buurtmoestuin",
    "Repair Café",
    "Buurtkeuken",
    "Mantelzorgcafé",
    "Wandelclub",
    "Taalcafé",
    "Burenhulp",
    "Klussendienst",
    "Ontmoetingshuis",
    "Seniorensoos",
    "Jongerenwerkplaats",
    "Huiskamer",
    "Buurtbus",
    "Koffieochtend",
    "Beweegclub",
    "Eettafel",
    "Vrijwilligerspunt",
]
PLACES = [
    "De Linde",
    "Het Anker",
    "De Brug",
    "Samen",
    "Onder Ons",
    "De Kastanje",
    "Het Plein",
    "De Vlinder",
    "Noorderlicht",
    "De Hoeksteen",
    "Het Baken",
    "De Zonnebloem",
    "Café Oké",
    "De Eik",
    "Het Trefpunt",
    "Zuiderzon",
    "De Ontmoeting",
    "Buiten",
    "Het Erf",
    "De Schakel",
]
ACTIVITIES = [
    "samen koken en eten",
    "boodschappen doen voor buren",
    "een wekelijkse wandeling",
    "hulp bij formulieren",
    "koffie en een praatje",
    "kleine klussen in huis",
    "vervoer naar de huisarts",
    "sporten voor ouderen",
    "huiswerkbegeleiding",
    "een moestuin in de buurt",
    "taalles voor nieuwkomers",
    "steun voor mantelzorgers",
    "muziek en cultuur",
    "een repaircafé",
    "gezond bewegen",
]
GROUPS = [
    "ouderen",
    "jongeren",
    "gezinnen",
    "mantelzorgers",
    "nieuwkomers",
    "alle buurtbewoners",
    "mensen met een beperking",
]
SENTENCES = [
    "Bewoners organiseren {act} voor {grp}.",
    "Wij bieden {act} en {act2}.",
    "Iedere week is er {act} in het buurthuis.",
    "Vrijwilligers uit de wijk helpen met {act}.",
    "Het initiatief werkt samen met de huisarts en de coöperatie.",
    "Doel: minder eenzaamheid en meer contact tussen {grp} en buren.",
    "Er is een vaste contactpersoon voor {grp}.",
    "We zoeken nog vrijwilligers voor {act}.",
]


# --------------------------------------------------------------------------- set-up


def database_url(cli_value: str | None = None) -> str:
    return cli_value or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL


def setup_django(url: str) -> None:
    """Point Django at the benchmark database, without DEBUG, and set it up."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "samenzorg.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    # A SECRET_KEY without DEBUG (the settings give one when testing).
    os.environ.setdefault("DJANGO_TESTING", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def normaliser():
    try:
        from samenzorg.initiatives.search import normalise
    except ImportError:  # pragma: no cover - only before the search module exists
        import re
        import unicodedata

        def normalise(text):
            if not text:
                return ""
            text = unicodedata.normalize("NFKD", str(text))
            text = "".join(c for c in text if not unicodedata.combining(c))
            return re.sub(r"\s+", " ", text.casefold()).strip()

    return normalise


# --------------------------------------------------------------------------- counts


def expected_counts(scale: float = 1.0) -> dict[str, int]:
    g = max(1, round(GEMEENTEN * scale))
    w = max(g, round(WIJKEN * scale))
    b = max(w, round(BUURTEN * scale))
    return {
        "gemeenten": g,
        "wijken": w,
        "buurten": b,
        "initiatives": max(1, round(INITIATIVES * scale)),
    }


def current_counts() -> dict[str, int]:
    from samenzorg.areas.models import Area
    from samenzorg.initiatives.models import Initiative

    synthetic = Area.objects.filter(code__startswith=CODE_PREFIX)
    return {
        "gemeenten": synthetic.filter(level=Area.Level.GEMEENTE).count(),
        "wijken": synthetic.filter(level=Area.Level.WIJK).count(),
        "buurten": synthetic.filter(level=Area.Level.BUURT).count(),
        "initiatives": Initiative.objects.filter(source=SOURCE).count(),
    }


def data_counts() -> dict[str, int]:
    """All rows in the tables the benchmarks read (synthetic or not)."""
    from samenzorg.areas.models import Area, Statistic
    from samenzorg.initiatives.models import Initiative

    return {
        "areas": Area.objects.count(),
        "statistics": Statistic.objects.count(),
        "initiatives": Initiative.objects.count(),
        "public initiatives": Initiative.objects.filter(status="public").count(),
        "initiative-area links": Initiative.areas.through.objects.count(),
        "initiative-tag links": sum(
            getattr(Initiative, f).through.objects.count()
            for f in ("carriers", "target_groups", "domains")
        ),
    }


# --------------------------------------------------------------------------- helpers


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split over ``parts`` (each at least 1), skewed like real places."""
    weights = [rng.lognormvariate(0, 0.6) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    rest = total - sum(counts)
    order = sorted(range(parts), key=lambda i: -weights[i])
    for i in range(rest):
        counts[order[i % parts]] += 1
    return counts


def _cells(box, n):
    """Split ``box`` = (lat0, lon0, lat1, lon1) into a grid of at least ``n`` cells."""
    lat0, lon0, lat1, lon1 = box
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    dlat, dlon = (lat1 - lat0) / rows, (lon1 - lon0) / cols
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        out.append(
            (
                lat0 + r * dlat,
                lon0 + c * dlon,
                lat0 + (r + 1) * dlat,
                lon0 + (c + 1) * dlon,
            )
        )
    return out


def _shrink(box, factor=0.04):
    lat0, lon0, lat1, lon1 = box
    mlat, mlon = (lat1 - lat0) * factor, (lon1 - lon0) * factor
    return (lat0 + mlat, lon0 + mlon, lat1 - mlat, lon1 - mlon)


def _bbox(boxes) -> tuple:
    boxes = list(boxes)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _polygon(box) -> dict:
    lat0, lon0, lat1, lon1 = (round(v, 6) for v in box)
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _centre(box) -> tuple[float, float]:
    lat0, lon0, lat1, lon1 = box
    return round((lat0 + lat1) / 2, 6), round((lon0 + lon1) / 2, 6)


def _hectares(box) -> float:
    lat0, lon0, lat1, lon1 = box
    km_lat = (lat1 - lat0) * 111.32
    km_lon = (lon1 - lon0) * 111.32 * math.cos(math.radians((lat0 + lat1) / 2))
    return km_lat * km_lon * 100


# --------------------------------------------------------------------------- areas


def generate_areas(
    counts: dict[str, int], rng: random.Random
) -> list[tuple[int, tuple]]:
    """Create gemeenten, wijken, buurten and their figures; return (buurt id, box)."""
    from django.db import transaction

    from samenzorg.areas.models import Area, Statistic, Variable

    n_g = counts["gemeenten"]
    wijken_per_g = _spread(counts["wijken"], n_g, rng)
    buurten_per_w = _spread(counts["buurten"], counts["wijken"], rng)

    with transaction.atomic():
        variables = {}
        for key, title, unit in VARIABLES:
            variables[key], _ = Variable.objects.get_or_create(
                key=key,
                year=YEAR,
                defaults={"title": title, "unit": unit, "source": SOURCE},
            )

        g_boxes = _cells((LAT_MIN, LON_MIN, LAT_MAX, LON_MAX), n_g)
        gemeenten = []
        for gi, box in enumerate(g_boxes, start=1):
            box = _shrink(box, 0.01)
            lat, lon = _centre(box)
            gemeenten.append(
                Area(
                    code=f"{CODE_PREFIX}GM{gi:04d}",
                    name=f"Synthetisch Gemeente {gi:04d}",
                    level=Area.Level.GEMEENTE,
                    geometry=_polygon(box),
                    centroid_lat=lat,
                    centroid_lon=lon,
                    source=SOURCE,
                )
            )
        Area.objects.bulk_create(gemeenten, batch_size=1000)
        gemeenten = list(
            Area.objects.filter(code__in=[a.code for a in gemeenten]).order_by("code")
        )

        # Large gemeenten are split into stadsdelen of about five wijken each, as
        # Den Haag is; the wijken of the others belong to the gemeente directly.
        w_boxes_per_g = [
            [_shrink(box, 0.03) for box in _cells(_shrink(g_box, 0.01), n_w)]
            for g_box, n_w in zip(g_boxes, wijken_per_g, strict=True)
        ]
        stadsdelen, sd_of_w = [], []
        for gi, (g, boxes) in enumerate(zip(gemeenten, w_boxes_per_g, strict=True), 1):
            if len(boxes) < STADSDEEL_FROM_WIJKEN:
                sd_of_w.extend([None] * len(boxes))
                continue
            n_sd = math.ceil(len(boxes) / WIJKEN_PER_STADSDEEL)
            for k in range(n_sd):
                own = boxes[k * WIJKEN_PER_STADSDEEL : (k + 1) * WIJKEN_PER_STADSDEEL]
                box = _bbox(own)
                lat, lon = _centre(box)
                sd_of_w.extend([len(stadsdelen)] * len(own))
                stadsdelen.append(
                    Area(
                        code=f"{CODE_PREFIX}SD{gi:04d}-{k + 1:02d}",
                        name=f"Synthetisch Stadsdeel {gi:04d}-{k + 1:02d}",
                        level=Area.Level.STADSDEEL,
                        parent=g,
                        geometry=_polygon(box),
                        centroid_lat=lat,
                        centroid_lon=lon,
                        source=SOURCE,
                    )
                )
        Area.objects.bulk_create(stadsdelen, batch_size=1000)
        sd_ids = dict(
            Area.objects.filter(
                level=Area.Level.STADSDEEL, code__startswith=CODE_PREFIX
            ).values_list("code", "pk")
        )

        wijken, w_parent_box = [], []
        for gi, (g, boxes) in enumerate(zip(gemeenten, w_boxes_per_g, strict=True), 1):
            for wi, box in enumerate(boxes, start=1):
                lat, lon = _centre(box)
                sd = sd_of_w[len(wijken)]
                wijken.append(
                    Area(
                        code=f"{CODE_PREFIX}WK{gi:04d}{wi:02d}",
                        name=f"Synthetisch Wijk {gi:04d}-{wi:02d}",
                        level=Area.Level.WIJK,
                        parent_id=g.pk if sd is None else sd_ids[stadsdelen[sd].code],
                        geometry=_polygon(box),
                        centroid_lat=lat,
                        centroid_lon=lon,
                        source=SOURCE,
                    )
                )
                w_parent_box.append(box)
        Area.objects.bulk_create(wijken, batch_size=1000)
        by_code = dict(
            Area.objects.filter(
                level=Area.Level.WIJK, code__startswith=CODE_PREFIX
            ).values_list("code", "pk")
        )

        buurten, b_boxes, b_wijk = [], [], []
        for wi, (w, w_box, n_b) in enumerate(
            zip(wijken, w_parent_box, buurten_per_w, strict=True)
        ):
            w_id = by_code[w.code]
            for bi, box in enumerate(_cells(w_box, n_b), start=1):
                box = _shrink(box, 0.05)
                lat, lon = _centre(box)
                suffix = w.code[len(CODE_PREFIX) + 2 :]
                buurten.append(
                    Area(
                        code=f"{CODE_PREFIX}BU{suffix}{bi:02d}",
                        name=f"Synthetisch Buurt {w.name[17:]}-{bi:02d}",
                        level=Area.Level.BUURT,
                        parent_id=w_id,
                        geometry=_polygon(box),
                        centroid_lat=lat,
                        centroid_lon=lon,
                        source=SOURCE,
                    )
                )
                b_boxes.append(box)
                b_wijk.append(wi)
        Area.objects.bulk_create(buurten, batch_size=1000)
        b_ids = dict(
            Area.objects.filter(
                level=Area.Level.BUURT, code__startswith=CODE_PREFIX
            ).values_list("code", "pk")
        )

        # Figures: buurten drawn at random, the larger areas as their sums.
        stats = []
        w_inh = [0] * len(wijken)
        w_homes = [0] * len(wijken)
        g_of_w = [gi for gi, n_w in enumerate(wijken_per_g) for _ in range(n_w)]
        g_inh = [0] * n_g
        g_homes = [0] * n_g

        def figures(area_id, inhabitants, homes, box):
            ha = _hectares(box)
            men = round(inhabitants * rng.uniform(0.47, 0.51))
            values = {
                "AantalInwoners_5": inhabitants,
                "Mannen_6": men,
                "Vrouwen_7": inhabitants - men,
                "Bevolkingsdichtheid_34": round(inhabitants / (ha / 100))
                if ha
                else None,
                "Woningvoorraad_35": homes,
                "OppervlakteTotaal_122": round(ha),
            }
            for key, value in values.items():
                stats.append(
                    Statistic(area_id=area_id, variable=variables[key], value=value)
                )

        for b, box, wi in zip(buurten, b_boxes, b_wijk, strict=True):
            inhabitants = int(min(12_000, rng.lognormvariate(7.0, 0.8)))
            homes = round(inhabitants / rng.uniform(1.8, 2.4))
            w_inh[wi] += inhabitants
            w_homes[wi] += homes
            figures(b_ids[b.code], inhabitants, homes, box)
        for wi, (w, box) in enumerate(zip(wijken, w_parent_box, strict=True)):
            g_inh[g_of_w[wi]] += w_inh[wi]
            g_homes[g_of_w[wi]] += w_homes[wi]
            figures(by_code[w.code], w_inh[wi], w_homes[wi], box)
        for gi, (g, box) in enumerate(zip(gemeenten, g_boxes, strict=True)):
            figures(g.pk, g_inh[gi], g_homes[gi], box)
        for k, sd in enumerate(stadsdelen):
            own = [wi for wi, s in enumerate(sd_of_w) if s == k]
            figures(
                sd_ids[sd.code],
                sum(w_inh[wi] for wi in own),
                sum(w_homes[wi] for wi in own),
                _bbox(w_parent_box[wi] for wi in own),
            )
        Statistic.objects.bulk_create(stats, batch_size=2000)

    return [
        (b_ids[b.code], box, b.name) for b, box in zip(buurten, b_boxes, strict=True)
    ]


# --------------------------------------------------------------------------- initiatives


def _tags():
    from samenzorg.initiatives.models import Tag

    out = {}
    for kind, slugs in FALLBACK_TAGS.items():
        tags = list(Tag.objects.filter(kind=kind).order_by("position", "name"))
        if not tags:
            for position, slug in enumerate(slugs):
                Tag.objects.create(
                    kind=kind, slug=slug, name=slug.replace("-", " "), position=position
                )
            tags = list(Tag.objects.filter(kind=kind).order_by("position", "name"))
        out[kind] = tags
    return out


def _description(rng: random.Random) -> str:
    parts = []
    for template in rng.sample(SENTENCES, rng.randint(2, 4)):
        act, act2 = rng.sample(ACTIVITIES, 2)
        parts.append(template.format(act=act, act2=act2, grp=rng.choice(GROUPS)))
    return " ".join(parts)


def generate_initiatives(total: int, buurten, rng: random.Random, *, progress) -> None:
    from django.db import transaction

    from samenzorg.initiatives.models import Initiative

    normalise = normaliser()
    tags = _tags()
    through = {
        f: getattr(Initiative, f).through
        for f in ("carriers", "target_groups", "domains", "areas")
    }
    maturities = [m.value for m in Initiative.Maturity]
    now = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    area_names = {b_id: name for b_id, _box, name in buurten}

    # created_at/updated_at are auto_now(_add): switch that off while loading, so that
    # the dates are spread over ten years as on a real platform.
    fields = {f.name: f for f in Initiative._meta.fields}
    saved = {
        n: (fields[n].auto_now, fields[n].auto_now_add)
        for n in ("created_at", "updated_at")
    }
    for n in saved:
        fields[n].auto_now = fields[n].auto_now_add = False
    try:
        done = 0
        started = time.monotonic()
        while done < total:
            size = min(BATCH, total - done)
            rows, links = [], []
            for _ in range(size):
                status = rng.choices(["public", "concept", "archived"], [90, 7, 3])[0]
                chosen = {
                    "carriers": rng.sample(tags["carrier"], rng.randint(1, 2)),
                    "target_groups": rng.sample(
                        tags["target_group"], rng.randint(1, 3)
                    ),
                    "domains": rng.sample(tags["domain"], rng.randint(1, 3)),
                }
                first = rng.randrange(len(buurten))
                area_ids = [buurten[first][0]]
                if rng.random() < 0.3:
                    nxt = buurten[min(len(buurten) - 1, first + 1)][0]
                    if nxt != area_ids[0]:
                        area_ids.append(nxt)
                lat0, lon0, lat1, lon1 = buurten[first][1]
                name = f"{rng.choice(KINDS)} {rng.choice(PLACES)}"
                if rng.random() < 0.5:
                    name += f" {rng.randint(1, 99)}"
                description = _description(rng)
                created = now - timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
                updated = created + timedelta(
                    minutes=rng.randrange(
                        max(1, int((now - created).total_seconds() // 60))
                    )
                )
                text_parts = [name, description, SOURCE]
                for chosen_tags in chosen.values():
                    text_parts.extend(t.name for t in chosen_tags)
                text_parts.extend(area_names[a] for a in area_ids)
                rows.append(
                    Initiative(
                        name=name,
                        description=description,
                        maturity=rng.choice(maturities),
                        status=status,
                        latitude=round(rng.uniform(lat0, lat1), 6),
                        longitude=round(rng.uniform(lon0, lon1), 6),
                        source=SOURCE,
                        is_fictional=True,
                        search_text=normalise(" ".join(text_parts)),
                        created_at=created,
                        updated_at=updated,
                    )
                )
                links.append((chosen, area_ids))
            with transaction.atomic():
                Initiative.objects.bulk_create(rows, batch_size=1000)
                m2m = {f: [] for f in through}
                for obj, (chosen, area_ids) in zip(rows, links, strict=True):
                    if obj.pk is None:
                        raise RuntimeError("bulk_create did not return primary keys")
                    for f, chosen_tags in chosen.items():
                        m2m[f].extend(
                            through[f](initiative_id=obj.pk, tag_id=t.pk)
                            for t in chosen_tags
                        )
                    m2m["areas"].extend(
                        through["areas"](initiative_id=obj.pk, area_id=a)
                        for a in area_ids
                    )
                for f, objs in m2m.items():
                    through[f].objects.bulk_create(objs, batch_size=2000)
            done += size
            progress(
                f"  initiatives {done:,}/{total:,} ({time.monotonic() - started:.0f} s)"
            )
    finally:
        for n, (auto_now, auto_now_add) in saved.items():
            fields[n].auto_now, fields[n].auto_now_add = auto_now, auto_now_add


# --------------------------------------------------------------------------- main


def remove_synthetic(url: str, *, progress) -> None:
    """Delete the synthetic rows (and only those) from a database."""
    from django.db import transaction

    from samenzorg.areas.models import Area, Statistic
    from samenzorg.initiatives.models import Initiative

    progress("Removing the synthetic rows …")
    with transaction.atomic():
        ids = Initiative.objects.filter(source=SOURCE, is_fictional=True).values("pk")
        for f in ("carriers", "target_groups", "domains", "areas", "owners"):
            getattr(Initiative, f).through.objects.filter(
                initiative_id__in=ids
            ).delete()
        Initiative.objects.filter(source=SOURCE, is_fictional=True)._raw_delete(
            "default"
        )
        synthetic = Area.objects.filter(code__startswith=CODE_PREFIX)
        Statistic.objects.filter(area__in=synthetic)._raw_delete("default")
        for level in (
            Area.Level.BUURT,
            Area.Level.WIJK,
            Area.Level.STADSDEEL,
            Area.Level.GEMEENTE,
        ):
            synthetic.filter(level=level)._raw_delete("default")


def ensure_data(
    *, url: str, force: bool = False, scale: float = 1.0, progress=print
) -> dict:
    """Generate the data set unless it is there with the expected counts."""
    expected = expected_counts(scale)
    if force and url == DEFAULT_URL:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
    migrate()
    current = current_counts()
    if current == expected and not force:
        progress(f"Benchmark data present ({url_label(url)}): {current}")
        return current
    if any(current.values()):
        remove_synthetic(url, progress=progress)
    rng = random.Random(SEED)
    started = time.monotonic()
    progress(
        f"Areas: {expected['gemeenten']} gemeenten, {expected['wijken']} wijken, {expected['buurten']} buurten …"
    )
    buurten = generate_areas(expected, rng)
    progress(f"  done in {time.monotonic() - started:.0f} s")
    generate_initiatives(expected["initiatives"], buurten, rng, progress=progress)
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    progress(f"Done in {time.monotonic() - started:.0f} s")
    return current_counts()


def url_label(url: str) -> str:
    """The database URL without a password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="default: BENCH_DATABASE_URL or bench/national.sqlite3"
    )
    parser.add_argument(
        "--force", action="store_true", help="generate again, also when present"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full size"
    )
    args = parser.parse_args(argv)
    url = database_url(args.database_url)
    setup_django(url)
    counts = ensure_data(url=url, force=args.force, scale=args.scale)
    print(counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
