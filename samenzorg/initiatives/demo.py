"""Demo initiatives: the real ones named in the source documents, then fictional
examples up to the 154 initiatives that were inventoried in 2016 ('Stadsgedreven innovatie').

Real records carry only what the documents say (name, area, carriers, target group,
activity where stated) and name their source. The documents give no locations and
almost no contact details, so those stay empty. The phase is not in the documents
as such: cooperatives "in oprichting" and initiatives being guided get "opstart";
projects the documents call carried out, running or organised get "actief".

Fictional examples are named "… (fictief)", marked ``is_fictional`` and spread
deterministically over the wijken, with a location inside one of the wijk's buurten.
Running the loader again creates nothing twice (records are matched on name).
"""

import random
from dataclasses import dataclass, field

from django.db import transaction

from samenzorg.areas.models import Area

from .models import Initiative
from .services import initiative_create

TOTAL = 154  # "Voorafgaand aan deze bijeenkomst zijn 154 kansrijke initiatieven ..."
FICTIONAL_SOURCE = "Fictief voorbeeld (demo)"

SOURCE_000 = (
    "Bron: Public Result, 'Kansrijke initiatieven voor zorgcooperaties presenteren "
    "zich' (19-12-2016)"
)
SOURCE_001 = (
    "Bron: Public Result, 'Drie succesvolle zorgcoöperaties in oprichting' "
    "(Zorgcoöperaties Den Haag)"
)
SOURCE_003 = (
    "Bron: ZonMw, verslag van het project 'Duurzame Zorg en Ondersteuning in de "
    "Buurt' (DZOidB), regio Haaglanden"
)
SOURCE_004 = (
    "Bron: 'Stadsgedreven innovatie: een nieuwe relatie tussen inwoners en de "
    "gemeente Den Haag'"
)


@dataclass(frozen=True)
class Real:
    name: str
    description: str
    source: str
    maturity: str
    area_codes: tuple[str, ...] = ()
    carriers: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    contact_name: str = ""
    extra: dict = field(default_factory=dict)


_BOUWLUST_000 = (
    "Uit Bouwlust. Doet mee aan het traject stadsgedreven innovatie, ondersteund door "
    "Public Result. Vertelde op de zorginnovatiebijeenkomst 'Samen Zorg Regelen' "
    "(16 december 2016, Fokker Terminal) over de motivatie om een zorgcoöperatie te "
    "starten."
)
_DZOIDB = (
    "Project in de regio Haaglanden in het kader van het VWS-programma 'Zorg en "
    "Ondersteuning in de buurt', uitgevoerd of nog in uitvoering. Een van de "
    "projecten waarvan de kennis is gedeeld in het netwerk 'Duurzame Zorg en "
    "Ondersteuning in de Buurt'."
)

REAL: tuple[Real, ...] = (
    Real("Anna's Gedoe", _BOUWLUST_000, SOURCE_000, "opstart", ("WK051833",)),
    Real("Amazing Women's Center", _BOUWLUST_000, SOURCE_000, "opstart", ("WK051833",)),
    Real("ElCura Zorgt", _BOUWLUST_000, SOURCE_000, "opstart", ("WK051833",)),
    Real(
        "Zorgcoöperatie AISHEL",
        "Zorgcoöperatie in oprichting in Escamp: een samenwerking tussen drie "
        "bevlogen vrouwen die verbindingen leggen in de wijk. Tekende op 10 mei 2017 "
        "een intentieakkoord met wethouder Karsten Klein.",
        SOURCE_001,
        "opstart",
        ("SD0518-escamp",),
        domains=("zorg-en-ondersteuning",),
    ),
    Real(
        "Zorgcoöperatie Noordelijk Scheveningen",
        "Zorgcoöperatie in oprichting in Scheveningen: drie vrouwen die samen zijn "
        "gekomen in een zorgcoöperatie voor de ouderen in de wijk. Tekende op 10 mei "
        "2017 een intentieakkoord met wethouder Karsten Klein.",
        SOURCE_001,
        "opstart",
        ("SD0518-scheveningen",),
        target_groups=("ouderen",),
        domains=("zorg-en-ondersteuning",),
    ),
    Real(
        "Segbroek Zorgt",
        "Zorgcoöperatie in oprichting in het Regentesse- en Valkenboskwartier "
        "(Segbroek), opgericht om mogelijk te maken dat alle kwetsbare wijkbewoners "
        "kunnen aankloppen bij een vertrouwenspersoon. Tekende op 10 mei 2017 een "
        "intentieakkoord met wethouder Karsten Klein.",
        SOURCE_001,
        "opstart",
        ("WG0518-reva", "WK051821", "WK051820"),
        target_groups=("kwetsbare-wijkbewoners",),
        domains=("zorg-en-ondersteuning",),
    ),
    Real(
        "WAANI Connects",
        "Initiatief dat na de drie pilots door Public Result is begeleid. De regie en "
        "de actieve rol liggen bij de inwoners zelf.",
        SOURCE_001,
        "opstart",
    ),
    Real(
        "Lichtpuntjes van Mariahoeve",
        "Initiatief in Mariahoeve dat na de drie pilots door Public Result is "
        "begeleid. De regie en de actieve rol liggen bij de inwoners zelf.",
        SOURCE_001,
        "opstart",
        ("WK051825",),
    ),
    *(
        Real(
            name,
            _DZOIDB,
            SOURCE_003,
            "actief",
            codes,
            domains=("zorg-en-ondersteuning",),
            target_groups=groups,
        )
        for name, codes, groups in (
            ("Lekker In Je Vel", (), ()),
            ("Cardio Vasculair Risico Management in de Wijk", (), ()),
            ("Gezondheidsdialoog in de wijk", (), ()),
            ("Communicatie en Organisatie Op Eén Lijn", (), ()),
            ("Wijkverpleegkundige Zichtbare Schakel", (), ()),
            ("Communicatie Zorgplan/eGPO", (), ()),
            (
                "Samen voor een Sterke Eerstelijn Scheveningen",
                ("SD0518-scheveningen",),
                (),
            ),
            ("Netwerk Ouderenzorg Haaglanden", (), ("ouderen",)),
        )
    ),
    Real(
        "Gezond Lang Thuis Wonen",
        "Project waarbij de betrokken Hagenaar Jan Buijs betrokken is. Jan werkte in "
        "september 2016 mee in het scrumteam van gemeente en Haagse burgers dat de "
        "eerste ideeën voor het ondersteuningsplatform 'Samenzorgregelen' uitwerkte.",
        SOURCE_004,
        "actief",
        carriers=("bewoners",),
        contact_name="Jan Buijs",
    ),
    Real(
        "Wandelgroepen en boodschappenservice",
        "De betrokken Hagenaar Frank Kanhai is actief in het organiseren van "
        "wandelgroepen en een boodschappenservice. Frank werkte in september 2016 mee "
        "in het scrumteam van gemeente en Haagse burgers.",
        SOURCE_004,
        "actief",
        carriers=("bewoners",),
        contact_name="Frank Kanhai",
    ),
    Real(
        "Buurthuizen van de Toekomst en Servicepunt XL",
        "In Mariahoeve, Waldeck en Laak lopen gesprekken met Buurthuizen van de "
        "Toekomst en een Servicepunt XL over hoe deze door kunnen groeien naar "
        "zorgcoöperaties.",
        SOURCE_004,
        "actief",
        ("WK051825", "WK051818", "SD0518-laak"),
    ),
)

# Fictional examples: (kind of initiative, description, domains, target groups).
KINDS = (
    (
        "Buurtkamer",
        "Een plek om binnen te lopen voor koffie, een praatje en hulp bij formulieren.",
        ("ontmoeting", "welzijn"),
        ("alle-wijkbewoners",),
    ),
    (
        "Wandelclub",
        "Elke week samen wandelen door de wijk, in een rustig tempo.",
        ("sport", "preventie-en-gezondheid"),
        ("ouderen",),
    ),
    (
        "Kookclub",
        "Buren koken samen en eten met wie anders alleen eet.",
        ("ontmoeting",),
        ("ouderen", "alle-wijkbewoners"),
    ),
    (
        "Taalcafé",
        "Oefenen met Nederlands praten, met vrijwilligers uit de buurt.",
        ("ontmoeting", "welzijn"),
        ("nieuwkomers",),
    ),
    (
        "Klussendienst",
        "Vrijwilligers helpen met kleine klussen in huis.",
        ("wonen", "informele-zorg-en-mantelzorg"),
        ("ouderen", "mensen-met-een-beperking"),
    ),
    (
        "Boodschappenhulp",
        "Buren doen boodschappen voor wie dat zelf niet kan.",
        ("informele-zorg-en-mantelzorg",),
        ("ouderen", "mensen-met-een-beperking"),
    ),
    (
        "Mantelzorgcafé",
        "Mantelzorgers ontmoeten elkaar en delen tips.",
        ("informele-zorg-en-mantelzorg", "ontmoeting"),
        ("mantelzorgers",),
    ),
    (
        "Huiswerkhulp",
        "Studenten uit de buurt helpen kinderen met huiswerk.",
        ("welzijn",),
        ("kinderen-en-gezinnen", "jongeren"),
    ),
    (
        "Buurtmoestuin",
        "Samen groente kweken en de oogst delen.",
        ("ontmoeting", "preventie-en-gezondheid"),
        ("alle-wijkbewoners",),
    ),
    (
        "Beweegclub 65+",
        "Bewegen op muziek voor ouderen, onder leiding van een vrijwilliger.",
        ("sport", "preventie-en-gezondheid"),
        ("ouderen",),
    ),
    (
        "Repair Café",
        "Samen spullen repareren in plaats van weggooien.",
        ("ontmoeting",),
        ("alle-wijkbewoners",),
    ),
    (
        "Burenhulp",
        "Een netwerk van buren die elkaar helpen bij kleine vragen.",
        ("zorg-en-ondersteuning", "informele-zorg-en-mantelzorg"),
        ("kwetsbare-wijkbewoners",),
    ),
    (
        "Vrouwencafé",
        "Vrouwen uit de wijk ontmoeten elkaar en organiseren activiteiten.",
        ("ontmoeting", "welzijn"),
        ("vrouwen",),
    ),
    (
        "Jongerenplatform",
        "Jongeren organiseren zelf activiteiten in de buurt.",
        ("cultuur", "sport"),
        ("jongeren",),
    ),
    (
        "Digicafé",
        "Hulp bij de computer, de telefoon en DigiD.",
        ("welzijn", "zorg-en-ondersteuning"),
        ("ouderen", "nieuwkomers"),
    ),
    (
        "Zorgcoöperatie in oprichting",
        "Bewoners en professionals willen samen zorg en ondersteuning in de wijk regelen.",
        ("zorg-en-ondersteuning",),
        ("kwetsbare-wijkbewoners", "ouderen"),
    ),
    (
        "Buurtkoor",
        "Samen zingen, voor iedereen die wil meedoen.",
        ("cultuur", "ontmoeting"),
        ("alle-wijkbewoners",),
    ),
    (
        "Maatjesproject",
        "Een vaste maatje voor wie weinig mensen om zich heen heeft.",
        ("welzijn", "informele-zorg-en-mantelzorg"),
        ("kwetsbare-wijkbewoners", "mensen-met-een-beperking"),
    ),
)
CARRIERS = (
    "bewoners",
    "sociaal-ondernemers",
    "professionals",
    "verenigingen",
    "levensbeschouwelijke-organisaties",
)
MATURITIES = ("idee", "opstart", "actief", "geworteld")
MATURITY_WEIGHTS = (3, 3, 4, 2)


def _point_in(area: Area, rng: random.Random) -> tuple[float, float] | None:
    """A point inside ``area``: its centroid moved a little, or a representative point."""
    if not area.geometry:
        if area.centroid_lat is None:
            return None
        return area.centroid_lat, area.centroid_lon
    from shapely.geometry import Point, shape

    polygon = shape(area.geometry)
    if area.centroid_lat is not None:
        for _attempt in range(8):
            lat = area.centroid_lat + rng.uniform(-0.002, 0.002)
            lon = area.centroid_lon + rng.uniform(-0.003, 0.003)
            if polygon.contains(Point(lon, lat)):
                return round(lat, 6), round(lon, 6)
    point = polygon.representative_point()
    return round(point.y, 6), round(point.x, 6)


def _user(accounts, key):
    account = (accounts or {}).get(key)
    return getattr(account, "user", None)


def load_demo_initiatives(*, accounts, stdout) -> dict[str, int]:
    """Create the demo initiatives that do not exist yet; returns counts."""
    existing = set(Initiative.objects.values_list("name", flat=True))
    areas = {a.code: a for a in Area.objects.all()}
    created = {"real": 0, "fictional": 0, "skipped": 0}

    with transaction.atomic():
        for spec in REAL:
            if spec.name in existing:
                created["skipped"] += 1
                continue
            initiative_create(
                actor=None,
                name=spec.name,
                description=spec.description,
                source=spec.source,
                maturity=spec.maturity,
                areas=[areas[c] for c in spec.area_codes if c in areas],
                carriers=spec.carriers,
                target_groups=spec.target_groups,
                domains=spec.domains,
                contact_name=spec.contact_name,
                status=Initiative.Status.PUBLIC,
            )
            existing.add(spec.name)
            created["real"] += 1

        wijken = sorted(
            (a for a in areas.values() if a.level == Area.Level.WIJK),
            key=lambda a: a.code,
        )
        if not wijken:
            stdout.write(
                "Geen wijken gevonden: draai eerst 'manage.py load_areas'. "
                "Fictieve voorbeelden zijn overgeslagen."
            )
        else:
            _load_fictional(
                accounts=accounts,
                areas=areas,
                wijken=wijken,
                existing=existing,
                created=created,
            )
    stdout.write(
        f"Initiatieven: {created['real']} uit de bronnen en {created['fictional']} "
        f"fictieve voorbeelden toegevoegd; {created['skipped']} bestonden al."
    )
    return created


def _load_fictional(*, accounts, areas, wijken, existing, created) -> None:
    rng = random.Random(518)  # noqa: S311 - demo data, not security
    buurten_by_wijk: dict[int, list[Area]] = {}
    for area in areas.values():
        if area.level == Area.Level.BUURT and area.parent_id:
            buurten_by_wijk.setdefault(area.parent_id, []).append(area)
    for buurten in buurten_by_wijk.values():
        buurten.sort(key=lambda a: a.code)

    owner_1 = _user(accounts, "initiatiefnemer")
    owner_2 = _user(accounts, "initiatiefnemer-2")
    count = TOTAL - len(REAL)
    for n in range(count):
        wijk = wijken[n % len(wijken)]
        kind, description, domains, groups = KINDS[
            (n * 7 + n // len(wijken)) % len(KINDS)
        ]
        name = f"{kind} {wijk.name} (fictief)"
        buurten = buurten_by_wijk.get(wijk.pk) or []
        buurt = buurten[rng.randrange(len(buurten))] if buurten else None
        point = _point_in(buurt or wijk, rng)
        carriers = rng.sample(CARRIERS, k=rng.choice((1, 1, 2)))
        maturity = rng.choices(MATURITIES, weights=MATURITY_WEIGHTS)[0]
        status = (
            Initiative.Status.CONCEPT
            if rng.random() < 0.15
            else Initiative.Status.PUBLIC
        )
        owners = []
        if n < 5 and owner_1 is not None:
            owners = [owner_1]
            status = Initiative.Status.CONCEPT if n == 0 else Initiative.Status.PUBLIC
        elif n == 5 and owner_2 is not None:
            owners = [owner_2]
        if name in existing:
            created["skipped"] += 1
            continue
        initiative_create(
            actor=None,
            name=name,
            description=f"Fictief voorbeeld voor de demo. {description}",
            carriers=carriers,
            target_groups=groups,
            domains=domains,
            maturity=maturity,
            areas=[a for a in (buurt, wijk) if a is not None],
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            contact_name="Demo Contactpersoon (fictief)",
            contact_email=f"contact-{n + 1}@example.org",
            status=status,
            source=FICTIONAL_SOURCE,
            is_fictional=True,
            owners=owners,
        )
        existing.add(name)
        created["fictional"] += 1
