import io

from django.urls import reverse

import pytest

from samenzorg.accounts.models import Role
from samenzorg.areas.models import Area, Statistic
from samenzorg.areas.tasks import IMPORT_KIND
from samenzorg.core.models import TaskProgress
from samenzorg.initiatives.models import Initiative


def test_overview_shows_map_table_and_every_stadsdeel(client, areas):
    response = client.get(reverse("areas:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="areas-map"' in html and "aria-label=" in html
    assert "data-geojson-url=" in html and "<path" not in html
    assert "<caption" in html
    for stadsdeel in Area.objects.filter(level="stadsdeel"):
        assert f'href="/gebieden/{stadsdeel.code}/"' in html
    # The table holds the same figure as the map: Moerwijk's inhabitants.
    assert "21.555" in html or "21,555" in html
    assert "100 m" in html


@pytest.mark.parametrize("level", ["stadsdeel", "wijk", "buurt"])
def test_overview_levels(client, areas, level):
    response = client.get(reverse("areas:overview"), {"niveau": level})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == Area.objects.filter(level=level).count()


def test_overview_ignores_unknown_choices(client, areas):
    response = client.get(reverse("areas:overview"), {"niveau": "x", "cijfer": "y"})
    assert response.status_code == 200
    assert response.context["level"] == "wijk"


def test_moerwijk_profile(client, areas):
    response = client.get("/gebieden/WK051836/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Moerwijk</h1>' in html
    # Breadcrumbs: Den Haag › Escamp › Moerwijk
    assert 'href="/gebieden/GM0518/"' in html
    assert 'href="/gebieden/SD0518-escamp/"' in html
    for buurt in Area.objects.filter(parent__code="WK051836"):
        assert f'href="/gebieden/{buurt.code}/"' in html
    figure = next(
        r
        for r in response.context["figures"]
        if r["variable"].key == "AantalInwoners_5"
    )
    assert figure["variable"].year == 2024
    assert figure["value"] in {"21.555", "21,555"}
    assert figure["city"] in {"566.221", "566,221"}
    assert response.context["initiatives"] == []
    assert "empty-state" in html


def test_stadsdeel_profile_links_its_wijken(client, areas):
    response = client.get("/gebieden/SD0518-escamp/")
    html = response.content.decode()
    wijken = Area.objects.filter(parent__code="SD0518-escamp")
    assert wijken.count() == 7
    for wijk in wijken:
        assert f'href="/gebieden/{wijk.code}/"' in html


def test_unknown_area_is_404(client, areas):
    assert client.get("/gebieden/WK059999/").status_code == 404


def _initiative(name, area, status=Initiative.Status.PUBLIC, **kwargs):
    initiative = Initiative.objects.create(
        name=name,
        status=status,
        latitude=area.centroid_lat,
        longitude=area.centroid_lon,
        **kwargs,
    )
    initiative.areas.add(area)
    return initiative


def test_profile_lists_public_initiatives_of_area_and_its_parts(client, areas):
    buurt = Area.objects.get(code="BU05183620")
    _initiative("<b>Buurtkamer</b> Moerwijk", buurt)
    _initiative("Verborgen concept", buurt, status=Initiative.Status.CONCEPT)
    _initiative("Elders", Area.objects.get(code="WK051801"))
    for code in ["WK051836", "SD0518-escamp", "GM0518"]:
        response = client.get(f"/gebieden/{code}/")
        names = [i.name for i in response.context["initiatives"]]
        assert "<b>Buurtkamer</b> Moerwijk" in names
        assert "Verborgen concept" not in names
        html = response.content.decode()
        assert "&lt;b&gt;Buurtkamer&lt;/b&gt;" in html
        assert "<b>Buurtkamer</b>" not in html.split("area-geojson")[0]
    names = [i.name for i in client.get("/gebieden/WK051801/").context["initiatives"]]
    assert names == ["Elders"]


def test_werkgebied_profile_shows_members_and_their_initiatives(client, areas):
    _initiative("In Valkenbos", Area.objects.get(code="BU05182055"))
    response = client.get("/gebieden/WG0518-reva/")
    html = response.content.decode()
    assert 'href="/gebieden/WK051820/"' in html and 'href="/gebieden/WK051821/"' in html
    assert [i.name for i in response.context["initiatives"]] == ["In Valkenbos"]


def test_profile_query_count_does_not_grow(
    client, areas, django_assert_max_num_queries
):
    buurt = Area.objects.get(code="BU05183620")
    _initiative("Eerste", buurt)
    client.get("/gebieden/WK051836/")  # warm up caches (sessions, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/gebieden/WK051836/")
    for i in range(30):
        _initiative(f"Initiatief {i}", buurt)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/gebieden/WK051836/")
    assert len(response.context["initiatives"]) == 31
    assert len(many) == len(few)
    assert len(few) <= 12


def test_overview_query_count_is_constant(client, areas):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, warm = [], []
    for level in ["stadsdeel", "wijk", "buurt"]:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("areas:overview"), {"niveau": level})
        counts.append(len(ctx))
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("areas:overview"), {"niveau": level})
        warm.append(len(ctx))
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 6
    # Warm, the rows, figures and stadsdelen come from the cache.
    assert warm == [0, 0, 0]


# ----------------------------------------------------------------- import page

IMPORT_URL = "/gebieden/cijfers-importeren/"


def _upload(data: bytes, name: str = "kwb.csv") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


@pytest.fixture
def import_figures(client, django_capture_on_commit_callbacks):
    """Upload a CBS file; the import task runs when the request commits. Returns the
    page the upload leads to (the import page with its progress) and the record."""

    def post(data: bytes, year: int = 2023, name: str = "kwb.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                IMPORT_URL, {"year": year, "file": _upload(data, name)}
            )
        assert response.status_code == 302
        record = TaskProgress.objects.get(kind=IMPORT_KIND)
        assert response["Location"] == f"{IMPORT_URL}?taak={record.pk}"
        return client.get(response["Location"]), record

    return post


def test_anonymous_is_sent_to_login_for_import(client, areas):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    "role", [None, Role.BEWONER, Role.INITIATIEFNEMER, Role.PROFESSIONAL]
)
def test_non_staff_may_not_import(client, areas, make_user, role):
    client.force_login(make_user(role))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"year": 2023}).status_code == 403


@pytest.mark.parametrize("role", [Role.GEMEENTE, Role.BEHEERDER])
def test_staff_may_import(client, areas, make_user, role, import_figures):
    user = make_user(role)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 200
    response, record = import_figures(b"Codering_3,k_65JaarOfOuder_12\nWK051836,2500\n")
    assert (
        Statistic.objects.get(
            area__code="WK051836", variable__key="k_65JaarOfOuder_12"
        ).value
        == 2500
    )
    assert record.status == TaskProgress.Status.DONE and record.owner == user
    assert record.subject == "areas.statistic:2023"
    html = response.content.decode()
    assert "1 cijfers ingelezen voor 1 gebieden (2023)" in html
    assert f'<a class="utrecht-link" href="{reverse("areas:overview")}">' in html


def test_import_page_lists_problems_and_stores_nothing(
    client, areas, gemeente_user, import_figures
):
    client.force_login(gemeente_user)
    before = Statistic.objects.count()
    response, record = import_figures(
        b"Codering_3,k_65JaarOfOuder_12\nWK051899,1\nWK051836,abc\n"
    )
    assert response.status_code == 200
    assert record.status == TaskProgress.Status.FAILED
    assert [(p["line"], p["column"]) for p in record.report["problems"]] == [
        (2, "Codering_3"),
        (3, "k_65JaarOfOuder_12"),
    ]
    for html in (
        response.content.decode(),
        client.get(record.get_absolute_url()).content.decode(),
    ):
        assert "WK051899" in html and "abc" in html
        assert 'numeric-data">2</td>' in html and 'numeric-data">3</td>' in html
        assert '<td class="utrecht-table__cell">Codering_3</td>' in html
        assert '<td class="utrecht-table__cell">k_65JaarOfOuder_12</td>' in html
    assert Statistic.objects.count() == before


def test_another_user_cannot_see_the_progress_of_a_figures_import(
    client, areas, gemeente_user, make_user, import_figures
):
    client.force_login(gemeente_user)
    _response, record = import_figures(b"Codering_3,k_65JaarOfOuder_12\nWK051836,1\n")
    client.force_login(make_user(Role.GEMEENTE, email="ander@example.org"))
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.get(IMPORT_URL, {"taak": str(record.pk)}).status_code == 404


def test_a_figures_file_over_the_limit_is_refused_at_the_field(
    client, areas, gemeente_user, monkeypatch
):
    from samenzorg.areas import services

    monkeypatch.setattr(services, "MAX_FILE_BYTES", 1024)
    client.force_login(gemeente_user)
    response = client.post(
        IMPORT_URL, {"year": 2023, "file": _upload(b"Codering_3\n" + b"1" * 2000)}
    )
    assert response.status_code == 200
    assert "Het bestand is te groot (maximaal 1 kB)." in response.content.decode()
    assert not TaskProgress.objects.exists()


def test_import_link_only_for_staff(client, areas, make_user):
    assert IMPORT_URL not in client.get("/gebieden/").content.decode()
    client.force_login(make_user(Role.GEMEENTE))
    assert IMPORT_URL in client.get("/gebieden/").content.decode()


HOSTILE_FILES = [
    (
        b"Codering_3;k_65JaarOfOuder_12\nWK051836\x07;2500\n",
        2,
        "Codering_3",
        "In deze cel staat een onzichtbaar stuurteken (U+0007) op plaats 9. Haal het "
        "weg; het komt vaak mee als u tekst kopieert.",
    ),
    (
        b"Codering_3;k_65JaarOfOuder_12\nWK051836;" + b"1" * 200_000 + b"\n",
        2,
        "k_65JaarOfOuder_12",
        "Deze waarde is langer dan 131072 tekens. Vaak komt dat door een "
        'aanhalingsteken (") dat een waarde opent maar nergens sluit.',
    ),
    (
        b'Codering_3;k_65JaarOfOuder_12\nWK051836;"2500\nBU05183620;700\n',
        2,
        "k_65JaarOfOuder_12",
        'Hier opent een aanhalingsteken (") de waarde, maar het wordt nergens '
        "gesloten. Dan wordt de rest van het bestand één waarde. Sluit het "
        "aanhalingsteken of haal het weg.",
    ),
    (
        b"Codering_3;k_65JaarOfOuder_12\nWK051836;25\x8100\n",
        None,
        "",
        "De tekens in dit bestand kunnen niet gelezen worden: het is niet in UTF-8 "
        "of Windows-1252. Kies in Excel 'Opslaan als' en dan 'CSV UTF-8 (door "
        "komma's gescheiden)'.",
    ),
]


@pytest.mark.parametrize(("data", "line", "column", "message"), HOSTILE_FILES)
def test_staff_get_the_dutch_report_for_a_hostile_file_and_nothing_changes(
    client, areas, gemeente_user, import_figures, data, line, column, message
):
    from django.utils.html import escape

    from samenzorg.core.models import AuditEntry

    client.force_login(gemeente_user)
    before = (Statistic.objects.count(), AuditEntry.objects.count())
    response, record = import_figures(data)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(message) in html
    assert f'numeric-data">{line or "hele bestand"}</td>' in html
    assert f'<td class="utrecht-table__cell">{column or "–"}</td>' in html
    assert [(p.line, p.column) for p in record.import_report.problems] == [
        (line, column)
    ]
    assert (Statistic.objects.count(), AuditEntry.objects.count()) == before


def test_an_excel_file_is_refused_with_a_dutch_message(
    client, areas, gemeente_user, import_figures
):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Codering_3", "k_65JaarOfOuder_12"])
    upload = io.BytesIO()
    book.save(upload)
    client.force_login(gemeente_user)
    response, _record = import_figures(upload.getvalue(), name="kwb.xlsx")
    assert response.status_code == 200
    assert "hier kan alleen CSV gelezen worden" in response.content.decode()
