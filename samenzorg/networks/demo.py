"""Demo network maps: the DZOidB partners of Haaglanden (ZonMw's final report of
'Duurzame Zorg en Ondersteuning in de Buurt') and one map per pilot area of
'Stadsgedreven innovatie' (REVA/Segbroek, Bouwlust/Escamp, Moerwijk, Scheveningen).

Ties that the documents state carry their source; every other tie, and every actor that
is not named in the documents, is marked as a fictional example. Running the loader again
creates nothing twice (maps are matched on name).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from samenzorg.areas.models import Area
from samenzorg.initiatives.selectors import initiative_list

from . import services
from .models import Actor, NetworkMap

# The source documents, by title and date as the pages name them.
SOURCE_DZOIDB = (
    "ZonMw, eindverslag 'Duurzame Zorg en Ondersteuning in de Buurt' (DZOidB), "
    "regio Haaglanden"
)
SOURCE_MEETING = (
    "Public Result, 'Kansrijke initiatieven voor zorgcooperaties presenteren zich' "
    "(19-12-2016)"
)
SOURCE_PILOTS = (
    "Public Result, 'Zorgcoöperaties Den Haag' (intentieakkoorden 10 mei 2017)"
)
SOURCE_INNOVATION = (
    "Gemeente Den Haag, 'Stadsgedreven innovatie: een nieuwe relatie tussen inwoners "
    "en de gemeente Den Haag'"
)
FICTIONAL = "Fictief voorbeeld (demo)"

DZOIDB_NAME = "DZOidB-netwerk Haaglanden"
PARTNERS = [
    ("transmurale", "Transmurale Zorg Den Haag e.o.", "ondersteuningsorganisatie"),
    ("lijn1", "Lijn 1", "ondersteuningsorganisatie"),
    ("elzha", "Elzha", "ondersteuningsorganisatie"),
    ("zorgscala", "Zorgscala", "ondersteuningsorganisatie"),
    ("ggd", "GGD", "ondersteuningsorganisatie"),
    ("xtra", "Xtra", "ondersteuningsorganisatie"),
    ("zorgbelang", "Zorgbelang", "ondersteuningsorganisatie"),
    ("pep", "PEP", "ondersteuningsorganisatie"),
    ("hulsebosch", "Hulsebosch Advies", "advies"),
    ("zonmw", "ZonMw", "fonds"),
]
# (from, to, kind, strength, source or None for a fictional example)
DZOIDB_TIES = [
    (
        "hulsebosch",
        "transmurale",
        "samenwerking",
        3,
        SOURCE_DZOIDB + ": projectleider, "
        "formeel ingezet via Transmurale Zorg Den Haag e.o.",
    ),
    *(
        (
            "hulsebosch",
            key,
            "samenwerking",
            2,
            SOURCE_DZOIDB + ": projectleider in het netwerk",
        )
        for key in ("lijn1", "elzha", "zorgscala", "ggd", "xtra", "zorgbelang", "pep")
    ),
    *(
        (
            "zonmw",
            key,
            "samenwerking",
            2,
            SOURCE_DZOIDB
            + ": namen samen met ZonMw initiatief tot een regionale agenda",
        )
        for key in ("transmurale", "lijn1", "hulsebosch", "elzha", "zorgscala", "ggd")
    ),
    ("lijn1", "elzha", "informatie", 2, None),
    ("zorgscala", "xtra", "verwijzing", 1, None),
    ("ggd", "pep", "informatie", 1, None),
    ("zorgbelang", "pep", "samenwerking", 1, None),
    ("transmurale", "zorgscala", "informatie", 2, None),
]

# Pilot areas of 'Stadsgedreven innovatie': map name, area code, real initiatives with a stated tie.
PILOTS = [
    ("Netwerkkaart REVA (Segbroek)", "WG0518-reva", ["Segbroek Zorgt"]),
    (
        "Netwerkkaart Bouwlust (Escamp)",
        "WK051833",
        [
            "Anna's Gedoe",
            "Amazing Women's Center",
            "ElCura Zorgt",
            "Zorgcoöperatie AISHEL",
        ],
    ),
    ("Netwerkkaart Moerwijk", "WK051836", []),
    (
        "Netwerkkaart Scheveningen",
        "SD0518-scheveningen",
        ["Zorgcoöperatie Noordelijk Scheveningen"],
    ),
]
AGREEMENTS = {
    "Segbroek Zorgt",
    "Zorgcoöperatie AISHEL",
    "Zorgcoöperatie Noordelijk Scheveningen",
}
BOUWLUST = {"Anna's Gedoe", "Amazing Women's Center", "ElCura Zorgt"}
FICTIONAL_ACTORS = [
    ("huisarts", "Huisartsenpraktijk in de wijk (fictief)", "zorgaanbieder", False),
    ("welzijn", "Welzijnsorganisatie in de wijk (fictief)", "welzijn", False),
    ("wijkverpleging", "", "zorgaanbieder", True),
    ("school", "Basisschool in de wijk (fictief)", "onderwijs", False),
    ("moskee", "Moskee of kerk in de wijk (fictief)", "levensbeschouwelijk", False),
    ("winkel", "Buurtsupermarkt (fictief)", "ondernemer", False),
    ("verzekeraar", "Zorgverzekeraar (fictief)", "zorgverzekeraar", False),
]


def _write(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _tie(actor, network_map, keys, a, b, kind, strength, source, started_on=None):
    services.tie_create(
        actor=actor,
        network_map=network_map,
        source_actor=keys[a],
        target_actor=keys[b],
        kind=kind,
        strength=strength,
        source=source or FICTIONAL,
        is_fictional=source is None,
        started_on=started_on,
    )


def _load_dzoidb(actor) -> NetworkMap | None:
    if NetworkMap.objects.filter(name=DZOIDB_NAME).exists():
        return None
    network_map = services.network_map_create(
        actor=actor,
        name=DZOIDB_NAME,
        description=(
            "De ondersteuningsorganisaties van 'Duurzame Zorg en Ondersteuning in de "
            "Buurt' in Haaglanden: versnippering op alle fronten, maar ook veel "
            "coalitievorming in wisselende samenstelling. Banden zonder bron zijn "
            "fictieve voorbeelden."
        ),
        scope=NetworkMap.Scope.REGION,
        is_published=True,
        source=SOURCE_DZOIDB,
    )
    keys = {}
    for key, name, kind in PARTNERS:
        keys[key] = services.actor_create(
            actor=actor, network_map=network_map, key=key, name=name, type=kind
        )
    for a, b, kind, strength, source in DZOIDB_TIES:
        _tie(actor, network_map, keys, a, b, kind, strength, source)
    return network_map


def _load_pilot(actor, name, code, real_names, areas) -> NetworkMap | None:
    area = areas.get(code)
    if area is None or NetworkMap.objects.filter(name=name).exists():
        return None
    network_map = services.network_map_create(
        actor=actor,
        name=name,
        description=(
            "Per proefgebied is een sociale netwerkkaart gemaakt ('Stadsgedreven "
            "innovatie', gemeente Den Haag). Deze "
            "kaart is een voorbeeld: de initiatieven komen uit de inventaris, de "
            "meeste banden en de niet-genoemde partijen zijn fictief."
        ),
        area=area,
        is_published=True,
        is_fictional=True,
        source=SOURCE_INNOVATION,
    )
    keys: dict[str, Actor] = {}
    keys["gemeente"] = services.actor_create(
        actor=actor,
        network_map=network_map,
        key="gemeente",
        name="Gemeente Den Haag",
        type="gemeente",
    )
    keys["public-result"] = services.actor_create(
        actor=actor,
        network_map=network_map,
        key="public-result",
        name="Public Result",
        type="advies",
    )
    for key, label, kind, person in FICTIONAL_ACTORS:
        fields = (
            {"is_key_person": True, "role": "Wijkverpleegkundige (fictief)"}
            if person
            else {}
        )
        keys[key] = services.actor_create(
            actor=actor,
            network_map=network_map,
            key=key,
            name=label,
            type=kind,
            is_fictional=True,
            **fields,
        )
    viewer = AnonymousUser()
    initiatives = list(initiative_list(user=viewer, filters={"area": code})[:12])
    named = {
        i.name: i for i in initiative_list(user=viewer).filter(name__in=real_names)
    }
    for initiative in {**named, **{i.name: i for i in initiatives}}.values():
        key = f"initiatief-{initiative.pk}"
        keys[key] = services.actor_create(
            actor=actor,
            network_map=network_map,
            key=key,
            name=initiative.name,
            type="bewonersinitiatief",
            initiative=initiative,
            is_fictional=initiative.is_fictional,
        )
    _tie(
        actor,
        network_map,
        keys,
        "public-result",
        "gemeente",
        "samenwerking",
        3,
        SOURCE_MEETING + ": Public Result ondersteunt de gemeente",
    )
    initiative_keys = [k for k in keys if k.startswith("initiatief-")]
    for number, key in enumerate(initiative_keys):
        name = keys[key].name
        if name in AGREEMENTS:
            _tie(
                actor,
                network_map,
                keys,
                key,
                "gemeente",
                "samenwerking",
                3,
                SOURCE_PILOTS + ": intentieakkoord met de wethouder",
                started_on=datetime.date(2017, 5, 10),
            )
            _tie(
                actor,
                network_map,
                keys,
                "public-result",
                key,
                "samenwerking",
                2,
                SOURCE_PILOTS + ": begeleid door Public Result",
            )
        elif name in BOUWLUST:
            _tie(
                actor,
                network_map,
                keys,
                "public-result",
                key,
                "samenwerking",
                2,
                SOURCE_MEETING + ": traject stadsgedreven innovatie, ondersteund door "
                "Public Result",
            )
        # Fictional examples: each initiative works with one or two local partners.
        partner = ("welzijn", "moskee", "school", "winkel")[number % 4]
        _tie(actor, network_map, keys, key, partner, "samenwerking", 2, None)
        if number % 3 == 0:
            _tie(actor, network_map, keys, key, "wijkverpleging", "verwijzing", 1, None)
    for a, b, kind, strength in (
        ("huisarts", "wijkverpleging", "verwijzing", 3),
        ("huisarts", "verzekeraar", "financiering", 2),
        ("wijkverpleging", "verzekeraar", "financiering", 2),
        ("welzijn", "gemeente", "financiering", 3),
        ("welzijn", "school", "samenwerking", 1),
    ):
        _tie(actor, network_map, keys, a, b, kind, strength, None)
    return network_map


def load_demo_networks(*, accounts, stdout=None) -> list[NetworkMap]:
    """Create the demo network maps once; returns the maps created now."""
    account = accounts.get("procesbegeleider") if accounts else None
    actor = getattr(account, "user", None)
    areas = {a.code: a for a in Area.objects.filter(code__in=[p[1] for p in PILOTS])}
    created = []
    with transaction.atomic():
        dzoidb = _load_dzoidb(actor)
        if dzoidb:
            created.append(dzoidb)
        for name, code, real_names in PILOTS:
            pilot = _load_pilot(actor, name, code, real_names, areas)
            if pilot:
                created.append(pilot)
            elif code not in areas:
                _write(
                    stdout,
                    f"Netwerkkaart '{name}' overgeslagen: gebied {code} "
                    "ontbreekt (draai eerst 'manage.py load_areas').\n",
                )
    _write(stdout, f"Netwerkkaarten: {len(created)} aangemaakt.\n")
    return created
