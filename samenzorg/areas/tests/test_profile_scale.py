"""The area profile with more than one gemeente in the database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from samenzorg.areas import selectors
from samenzorg.areas.models import Area
from samenzorg.initiatives.models import Initiative

from .factories import AreaFactory, StatisticFactory, VariableFactory


@pytest.fixture
def two_gemeenten(db):
    """Two fictional gemeenten with wijken and buurten, and one figure."""
    variable = VariableFactory(key="AantalInwoners_5", title="Inwoners")
    tree = {}
    for gm, name, values in (
        ("GM9901", "Synthetisch Noord", [10.0, 30.0]),
        ("GM9902", "Synthetisch Zuid", [1000.0, 3000.0]),
    ):
        gemeente = AreaFactory(code=gm, name=name, level=Area.Level.GEMEENTE)
        stadsdeel = AreaFactory(
            code=f"SD{gm[2:]}-oost",
            name=f"{name} Oost",
            level=Area.Level.STADSDEEL,
            parent=gemeente,
        )
        StatisticFactory(area=gemeente, variable=variable, value=sum(values))
        for i, value in enumerate(values):
            # The first wijk lies in a stadsdeel, the second directly in the gemeente.
            wijk = AreaFactory(
                code=f"WK{gm[2:]}0{i}",
                name=f"{name} wijk {i}",
                level=Area.Level.WIJK,
                parent=stadsdeel if i == 0 else gemeente,
            )
            buurt = AreaFactory(
                code=f"BU{gm[2:]}0{i}01",
                name=f"{name} buurt {i}",
                level=Area.Level.BUURT,
                parent=wijk,
            )
            StatisticFactory(area=wijk, variable=variable, value=value)
            tree[wijk.code] = wijk
            tree[buurt.code] = buurt
        tree[gm] = gemeente
        tree[stadsdeel.code] = stadsdeel
    return {"variable": variable, **tree}


def test_level_average_is_over_the_areas_of_the_same_gemeente(two_gemeenten):
    variable = two_gemeenten["variable"]
    noord = two_gemeenten["GM9901"]
    averages = selectors.level_averages("wijk", [variable], within=noord)
    assert averages[variable.pk] == pytest.approx(20.0)
    everywhere = selectors.level_averages("wijk", [variable])
    assert everywhere[variable.pk] == pytest.approx(1010.0)


def test_descendant_ids_follow_stadsdelen_and_stop_at_the_level(two_gemeenten):
    noord = two_gemeenten["GM9901"]
    wijken = selectors.area_descendant_ids(noord, level="wijk")
    assert wijken == {two_gemeenten["WK990100"].pk, two_gemeenten["WK990101"].pk}
    everything = selectors.area_descendant_ids(two_gemeenten["WK990100"])
    assert everything == {
        two_gemeenten["WK990100"].pk,
        two_gemeenten["BU99010001"].pk,
    }


def test_profile_names_its_own_gemeente_not_den_haag(client, two_gemeenten):
    response = client.get("/gebieden/WK990200/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Synthetisch Zuid" in html
    assert "Den Haag" not in html and "The Hague" not in html
    row = response.context["figures"][0]
    # The average of the wijken of Synthetisch Zuid only: (1000 + 3000) / 2.
    assert row["average"] in {"2.000", "2,000"}
    assert row["city"] in {"4.000", "4,000"}


def test_profile_lists_initiatives_of_buurten_inside_once(client, two_gemeenten):
    buurt = two_gemeenten["BU99010001"]
    wijk = two_gemeenten["WK990100"]
    initiative = Initiative.objects.create(
        name="In wijk en buurt", status=Initiative.Status.PUBLIC
    )
    initiative.areas.set([buurt, wijk])
    Initiative.objects.create(
        name="Concept", status=Initiative.Status.CONCEPT
    ).areas.set([buurt])
    response = client.get("/gebieden/SD9901-oost/")
    assert [i.name for i in response.context["initiatives"]] == ["In wijk en buurt"]


def test_profile_does_not_load_geometry_of_initiative_areas(client, two_gemeenten):
    Initiative.objects.create(
        name="Met gebied", status=Initiative.Status.PUBLIC
    ).areas.set([two_gemeenten["BU99010001"]])
    with CaptureQueriesContext(connection) as queries:
        client.get("/gebieden/WK990100/")
    prefetch = [
        q["sql"]
        for q in queries.captured_queries
        if "_prefetch_related_val_initiative_id" in q["sql"]
        and "areas_area" in q["sql"]
    ]
    assert prefetch and all('"geometry"' not in sql for sql in prefetch)
