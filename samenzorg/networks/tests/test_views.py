"""Pages: who may see and change a map, private data, imports, htmx editing."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import openpyxl
import pytest

from samenzorg.core.models import TaskProgress
from samenzorg.networks import services
from samenzorg.networks.models import Actor, QuestionnaireAnswer, Tie
from samenzorg.networks.tasks import IMPORT_KIND

from .conftest import ROLES
from .factories import ActorFactory, NetworkMapFactory, TieFactory
from .map_json import page_actors

pytestmark = pytest.mark.django_db

SEE = {"area_gemeente", "procesbegeleider", "area_procesbegeleider"}


def _client(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_map_is_visible_only_to_area_staff_and_facilitators(
    client, users, network_map, role
):
    response = _client(client, users[role]).get(
        reverse("networks:detail", args=[network_map.pk])
    )
    refused = 302 if role == "anonymous" else 404
    assert response.status_code == (200 if role in SEE else refused)
    listing = client.get(reverse("networks:list")).content.decode()
    assert (f'href="/netwerkkaarten/{network_map.pk}/"' in listing) is (role in SEE)


@pytest.mark.parametrize("role", ROLES)
def test_published_map_is_visible_to_all_without_key_person_names(
    client, users, network_map, role
):
    network_map.is_published = True
    network_map.save()
    c = _client(client, users[role])
    page = c.get(reverse("networks:detail", args=[network_map.pk])).content.decode()
    data = c.get(reverse("networks:data", args=[network_map.pk])).content.decode()
    export = c.get(
        reverse("networks:export", args=[network_map.pk]) + "?formaat=graphml"
    ).content.decode()
    for text in (page, data, export):
        assert "Wijkverpleegkundige" in text
        assert ("Fatima Geheim" in text) is (role in SEE)
    for text in (page, data):
        assert ("fatima.geheim@example.nl" in text) is (role in SEE)
    assert "fatima.geheim@example.nl" not in export
    assert "<b>De Boog</b>" not in page  # escaped
    assert ("Edit the network" in page or "Netwerk bewerken" in page) is (role in SEE)


@pytest.mark.parametrize("role", ROLES)
def test_only_area_staff_and_facilitators_may_add_an_actor(
    client, users, network_map, role
):
    network_map.is_published = True
    network_map.save()
    response = _client(client, users[role]).post(
        reverse("networks:actor_add", args=[network_map.pk]),
        {"name": "Nieuwe partner", "type": "welzijn"},
    )
    expected = {"anonymous": 302}.get(role, 302 if role in SEE else 403)
    assert response.status_code == expected
    if role == "anonymous":
        assert reverse("accounts:login") in response["Location"]
    assert Actor.objects.filter(name="Nieuwe partner").exists() is (role in SEE)


def test_map_of_another_stadsdeel_is_not_found_for_its_gemeente(client, users, areas):
    other = NetworkMapFactory(area=areas["segbroek"])
    client.force_login(users["area_gemeente"])
    assert client.get(reverse("networks:detail", args=[other.pk])).status_code == 404
    client.force_login(users["other_area_gemeente"])
    assert client.get(reverse("networks:detail", args=[other.pk])).status_code == 200


def test_htmx_add_tie_returns_editor_and_redraw_event(client, users, network_map):
    client.force_login(users["procesbegeleider"])
    nurse = network_map.actors.get(key="nurse")
    b = network_map.actors.get(key="b")
    response = client.post(
        reverse("networks:tie_add", args=[network_map.pk]),
        {
            "source_actor": nurse.pk,
            "target_actor": b.pk,
            "kind": "informatie",
            "strength": 3,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "network-changed"
    body = response.content.decode()
    assert 'id="editor"' in body and 'hx-swap-oob="true"' in body
    assert Tie.objects.filter(network=network_map, kind="informatie").count() == 1


def test_htmx_tie_to_itself_shows_the_error_and_adds_nothing(
    client, users, network_map
):
    client.force_login(users["procesbegeleider"])
    a = network_map.actors.get(key="a")
    response = client.post(
        reverse("networks:tie_add", args=[network_map.pk]),
        {
            "source_actor": a.pk,
            "target_actor": a.pk,
            "kind": "informatie",
            "strength": 2,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "HX-Trigger" not in response
    assert Tie.objects.filter(network=network_map).count() == 2


def test_key_person_name_without_consent_is_refused(users, network_map):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.actor_create(
            actor=users["procesbegeleider"],
            network_map=network_map,
            name="Jan Jansen",
            is_key_person=True,
            role="Huisarts",
        )
    assert "consent" in error.value.message_dict


ACTORS_CSV = (
    "id,name,type\n"
    "h1,Huisartsenpraktijk Zuid,zorgaanbieder\n"
    ",Zonder id,welzijn\n"
    "w1,Welzijn Escamp,toverij\n"
    "b1,Buurtkracht,bewonersinitiatief\n"
)
TIES_CSV = (
    "from,to,kind,strength\nh1,w1,samenwerking,2\nh1,zz,samenwerking,2\nw1,b1,ruzie,5\n"
)


@pytest.fixture
def import_files(client, django_capture_on_commit_callbacks):
    """Upload files on a map's import page; the import task runs when the request
    commits. Returns the page the upload leads to (the import page with the task's
    progress: its result or every mistake) and the task's progress record; for a
    form with errors the form's page and None."""

    def upload(network_map, actors, ties=None, name="actoren.csv"):
        data = {"file": SimpleUploadedFile(name, actors)}
        if ties is not None:
            data["ties_file"] = SimpleUploadedFile("banden.csv", ties)
        url = reverse("networks:import", args=[network_map.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        if response.status_code != 302:
            return response, None
        record = TaskProgress.objects.filter(kind=IMPORT_KIND).latest("created_at")
        assert response["Location"] == f"{url}?taak={record.pk}"
        return client.get(response["Location"]), record

    return upload


def test_import_reports_every_bad_row_by_line_and_imports_nothing(
    client, users, network_map, import_files
):
    client.force_login(users["procesbegeleider"])
    before = (network_map.actors.count(), network_map.ties.count())
    response, record = import_files(network_map, ACTORS_CSV.encode(), TIES_CSV.encode())
    assert response.status_code == 200
    assert record.status == TaskProgress.Status.FAILED
    errors = [str(e) for e in record.import_report.problems]
    assert any(
        e.startswith("Partijen, regel 3") or e.startswith("Actors, line 3")
        for e in errors
    )
    assert any("regel 4" in e or "line 4" in e for e in errors if "toverij" in e)
    assert any(("regel 3" in e or "line 3" in e) and "zz" in e for e in errors)
    assert any(("regel 4" in e or "line 4" in e) and "ruzie" in e for e in errors)
    assert any(("regel 4" in e or "line 4" in e) and "5" in e for e in errors)
    html = client.get(record.get_absolute_url()).content.decode()
    for problem in record.import_report.problems:
        assert f'<td class="utrecht-table__cell">{problem.sheet}</td>' in html
        assert f'numeric-data">{problem.line}</td>' in html
    assert (network_map.actors.count(), network_map.ties.count()) == before


def test_good_csv_import_adds_actors_and_ties(client, users, network_map, import_files):
    client.force_login(users["procesbegeleider"])
    actors = "id;naam;type\nh1;Huisarts Zuid;zorgaanbieder\nw1;Welzijn;welzijn\n"
    ties = "van;naar;soort;sterkte;datum\nh1;w1;verwijzing;3;2016-06-28\nw1;a;;;\n"
    response, record = import_files(network_map, actors.encode(), ties.encode())
    assert record.status == TaskProgress.Status.DONE
    html = response.content.decode()
    assert "2 partijen en 2 banden geïmporteerd" in html
    detail = reverse("networks:detail", args=[network_map.pk])
    assert f'<a class="utrecht-link" href="{detail}">' in html
    assert network_map.actors.count() == 5
    tie = network_map.ties.get(kind="verwijzing")
    assert tie.strength == 3 and str(tie.started_on) == "2016-06-28"


def test_another_user_cannot_see_the_progress_of_a_network_import(
    client, users, network_map, import_files
):
    client.force_login(users["procesbegeleider"])
    _response, record = import_files(network_map, b"id;naam\nh1;Huisarts\n")
    # Another user who may change the map too.
    client.force_login(users["area_procesbegeleider"])
    assert client.get(record.get_absolute_url()).status_code == 404
    url = reverse("networks:import", args=[network_map.pk])
    assert client.get(url, {"taak": str(record.pk)}).status_code == 404


def test_an_import_shows_only_on_the_page_of_its_own_map(
    client, users, network_map, import_files
):
    client.force_login(users["procesbegeleider"])
    _response, record = import_files(network_map, b"id;naam\nh1;Huisarts\n")
    other = NetworkMapFactory(area=network_map.area)
    url = reverse("networks:import", args=[other.pk])
    assert client.get(url, {"taak": str(record.pk)}).status_code == 404


def test_kumu_workbook_import(client, users, network_map, import_files):
    client.force_login(users["procesbegeleider"])
    book = openpyxl.Workbook()
    elements = book.active
    elements.title = "Elements"
    elements.append(["Label", "Type", "Description"])
    elements.append(["GGD", "zorgaanbieder", "Gezondheidsdienst"])
    elements.append(["Xtra", "welzijn", ""])
    connections = book.create_sheet("Connections")
    connections.append(["From", "To", "Type", "Strength"])
    connections.append(["GGD", "Xtra", "informatie", 1])
    connections.append(["GGD", "Onbekend", "informatie", 1])
    out = io.BytesIO()
    book.save(out)
    _response, record = import_files(network_map, out.getvalue(), name="kaart.xlsx")
    assert record.status == TaskProgress.Status.FAILED
    assert any(
        "Connections" in str(e) and "3" in str(e) for e in record.import_report.problems
    )
    connections.delete_rows(3)
    out = io.BytesIO()
    book.save(out)
    _response, record = import_files(network_map, out.getvalue(), name="kaart.xlsx")
    assert record.status == TaskProgress.Status.DONE
    assert network_map.ties.filter(kind="informatie").count() == 1


def test_graphml_export_imports_again(client, users, network_map, import_files):
    client.force_login(users["procesbegeleider"])
    exported = client.get(
        reverse("networks:export", args=[network_map.pk]) + "?formaat=graphml"
    ).content
    other = NetworkMapFactory(area=network_map.area)
    _response, record = import_files(other, exported, name="kaart.graphml")
    assert record.status == TaskProgress.Status.DONE
    assert other.actors.count() == 3 and other.ties.count() == 2


HOSTILE_FILES = [
    (
        "actoren.csv",
        b"id,name,type\nh1,Huisarts\x07 Zuid,zorgaanbieder\n",
        "Partijen",
        2,
        "name",
        "In deze cel staat een onzichtbaar stuurteken (U+0007) op plaats 9. Haal het "
        "weg; het komt vaak mee als u tekst kopieert.",
    ),
    (
        "actoren.csv",
        b"id,name,notes\nh1,Huisarts," + b"n" * 200_000 + b"\n",
        "Partijen",
        2,
        "notes",
        "Deze waarde is langer dan 131072 tekens. Vaak komt dat door een "
        'aanhalingsteken (") dat een waarde opent maar nergens sluit.',
    ),
    (
        "actoren.csv",
        b'id,name\nh1,Huisarts\nw1,"Welzijn Escamp\nb1,Buurtkracht\n',
        "Partijen",
        3,
        "name",
        'Hier opent een aanhalingsteken (") de waarde, maar het wordt nergens '
        "gesloten. Dan wordt de rest van het bestand één waarde. Sluit het "
        "aanhalingsteken of haal het weg.",
    ),
    (
        "actoren.csv",
        "id,name\nh1,Café\n".encode() + b"w1,Caf\xe9\n",
        "Partijen",
        3,
        "",
        "Op deze regel staan tekens die niet in UTF-8 zijn, terwijl de rest van het "
        "bestand wel UTF-8 is. Sla het bestand opnieuw op als 'CSV UTF-8' en "
        "controleer de letters op deze regel.",
    ),
    (
        "kaart.graphml",
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        b'<key id="d0" for="node" attr.name="name" attr.type="string"/>'
        b'<graph edgedefault="undirected"><node id="h1"><data key="d0">'
        b"Huisarts\x7f</data></node></graph></graphml>",
        "GraphML, knoop 1 (h1)",
        None,
        "name",
        "In deze cel staat een onzichtbaar stuurteken (U+007F) op plaats 9. Haal het "
        "weg; het komt vaak mee als u tekst kopieert.",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "sheet", "line", "column", "message"), HOSTILE_FILES
)
def test_facilitator_gets_the_dutch_report_for_a_hostile_file_and_nothing_changes(
    client, users, network_map, import_files, name, data, sheet, line, column, message
):
    from django.utils.html import escape

    client.force_login(users["procesbegeleider"])
    network_map.refresh_from_db()
    before = (network_map.actors.count(), network_map.ties.count(), network_map.version)
    response, record = import_files(network_map, data, name=name)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(message) in html
    assert f'<td class="utrecht-table__cell">{sheet}</td>' in html
    assert f'numeric-data">{line or "hele bestand"}</td>' in html
    assert [(p.sheet, p.line, p.column) for p in record.import_report.problems] == [
        (sheet, line, column)
    ]
    network_map.refresh_from_db()
    after = (network_map.actors.count(), network_map.ties.count(), network_map.version)
    assert after == before


def test_a_network_file_over_the_size_limit_is_refused(
    client, users, network_map, monkeypatch, import_files
):
    from samenzorg.networks import transfer

    monkeypatch.setattr(transfer, "MAX_FILE_BYTES", 1024)
    client.force_login(users["procesbegeleider"])
    for name in ("actoren.csv", "kaart.graphml", "kaart.xlsx"):
        response, record = import_files(network_map, b"x" * 2048, name=name)
        assert response.status_code == 200 and record is None
        assert "Het bestand is te groot (maximaal 1 kB)." in response.content.decode()
    response, record = import_files(network_map, b"id\nh1\n", ties=b"x" * 2048)
    assert record is None and "Het bestand is te groot" in response.content.decode()
    assert not TaskProgress.objects.filter(kind=IMPORT_KIND).exists()


def test_questionnaire_answers_become_ties_after_acceptance(client, users, network_map):
    nurse = network_map.actors.get(key="nurse")
    b = network_map.actors.get(key="b")
    token = services.questionnaire_token(network_actor=nurse)
    url = reverse("networks:questionnaire", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Fatima Geheim" not in page.content.decode()
    response = client.post(
        url,
        {
            "partners": [b.pk],
            "others": "Sportclub Moerwijk",
            "kind": "samenwerking",
            "strength": 2,
        },
    )
    assert response.status_code == 200
    assert network_map.ties.count() == 2  # nothing yet
    client.force_login(users["procesbegeleider"])
    for answer in QuestionnaireAnswer.objects.filter(respondent=nurse):
        client.post(
            reverse("networks:answer_decide", args=[network_map.pk, answer.pk]),
            {"decision": "accept"},
            HTTP_HX_REQUEST="true",
        )
    assert network_map.ties.count() == 4
    assert network_map.actors.filter(name="Sportclub Moerwijk").exists()


def test_questionnaire_with_a_forged_token_is_not_found(client, network_map):
    assert (
        client.get(reverse("networks:questionnaire", args=["nep:token"])).status_code
        == 404
    )


def test_compare_two_dates_lists_new_ties(client, users, network_map):
    import datetime

    a, b = network_map.actors.get(key="a"), network_map.actors.get(key="nurse")
    network_map.ties.update(started_on=datetime.date(2016, 1, 1))
    TieFactory(
        network=network_map,
        source_actor=network_map.actors.get(key="b"),
        target_actor=b,
        started_on=datetime.date(2017, 1, 1),
    )
    client.force_login(users["procesbegeleider"])
    response = client.get(
        reverse("networks:compare", args=[network_map.pk]),
        {"first": "2016-06-01", "second": "2017-06-01"},
    )
    result = response.context["result"]
    assert len(result["new_ties"]) == 1 and result["lost_ties"] == []
    assert a  # the map still has its actors


@pytest.mark.parametrize("size", [5, 60])
def test_page_queries_do_not_grow_with_the_map(
    client, users, areas, django_assert_max_num_queries, size
):
    m = NetworkMapFactory(area=areas["moerwijk"])
    actors = [ActorFactory(network=m) for _ in range(size)]
    for left, right in zip(actors, actors[1:], strict=False):
        TieFactory(network=m, source_actor=left, target_actor=right)
    client.force_login(users["procesbegeleider"])
    client.get(reverse("networks:detail", args=[m.pk]))  # fills the analysis cache
    with django_assert_max_num_queries(24):
        assert client.get(reverse("networks:detail", args=[m.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("networks:data", args=[m.pk])).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_only_facilitators_and_staff_may_create_a_map(client, users, areas, role):
    c = _client(client, users[role])
    response = c.post(
        reverse("networks:create"),
        {
            "name": "Kaart Moerwijk",
            "scope": "gebied",
            "area": areas["moerwijk"].pk,
            "seed": 0,
        },
    )
    if role == "anonymous":
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    elif role in ("bewoner",):
        assert response.status_code == 403
    elif role in ("other_area_gemeente", "other_area_procesbegeleider"):
        # Staff for another area may start maps, but only for their own area.
        assert response.status_code == 200
        assert "alleen een kaart maken voor het gebied" in response.content.decode()
    else:
        assert response.status_code == 302
    from samenzorg.networks.models import NetworkMap

    created = NetworkMap.objects.filter(name="Kaart Moerwijk").exists()
    assert created is (
        role in ("area_gemeente", "procesbegeleider", "area_procesbegeleider")
    )


def test_map_for_an_area_needs_the_area(client, users):
    client.force_login(users["procesbegeleider"])
    response = client.post(
        reverse("networks:create"),
        {"name": "Zonder gebied", "scope": "gebied", "seed": 0},
    )
    assert response.status_code == 200
    assert "area" in response.context["form"].errors


@pytest.mark.parametrize("size", [5, 40])
def test_list_queries_do_not_grow_with_the_maps(
    client, users, areas, django_assert_max_num_queries, size
):
    for _ in range(size):
        m = NetworkMapFactory(area=areas["moerwijk"], published=True)
        TieFactory(network=m)
    client.force_login(users["bewoner"])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("networks:list"))
    assert response.status_code == 200
    assert len(response.context["maps"]) == size


def test_facilitator_pages_render(client, users, network_map):
    client.force_login(users["procesbegeleider"])
    nurse = network_map.actors.get(key="nurse")
    for name, args in (
        ("networks:update", [network_map.pk]),
        ("networks:import", [network_map.pk]),
        ("networks:compare", [network_map.pk]),
        ("networks:actor_edit", [network_map.pk, nurse.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    page = client.get(reverse("networks:actor_edit", args=[network_map.pk, nurse.pk]))
    assert "/netwerkkaarten/vragenlijst/" in page.content.decode()


def test_publishing_a_map_makes_it_visible_to_residents(client, users, network_map):
    client.force_login(users["procesbegeleider"])
    response = client.post(
        reverse("networks:update", args=[network_map.pk]),
        {
            "name": "Moerwijk",
            "scope": "gebied",
            "area": network_map.area.pk,
            "is_published": "on",
            "seed": 3,
        },
    )
    assert response.status_code == 302
    client.force_login(users["bewoner"])
    assert (
        client.get(reverse("networks:detail", args=[network_map.pk])).status_code == 200
    )


def test_csv_export_lists_actors_and_ties_without_contact_details(
    client, users, network_map
):
    client.force_login(users["procesbegeleider"])
    url = reverse("networks:export", args=[network_map.pk])
    actors = client.get(url + "?formaat=csv-actoren").content.decode()
    ties = client.get(url + "?formaat=csv-banden").content.decode()
    assert actors.splitlines()[0] == "id,name,type,degree,betweenness,community"
    assert len(actors.splitlines()) == 4
    assert "fatima.geheim@example.nl" not in actors
    assert ties.splitlines()[1].startswith("nurse,a,samenwerking,2")
    assert client.get(url + "?formaat=pdf").status_code == 404


def test_map_json_after_an_edit_reads_the_stored_analysis(
    client, users, network_map, django_capture_on_commit_callbacks
):
    from unittest.mock import patch

    from samenzorg.networks import algorithms, selectors

    client.force_login(users["procesbegeleider"])
    nurse = network_map.actors.get(key="nurse")
    b = network_map.actors.get(key="b")
    real = algorithms.analyse
    with (
        patch.object(selectors.algorithms, "analyse", side_effect=real) as analyse,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("networks:tie_add", args=[network_map.pk]),
            {
                "source_actor": nurse.pk,
                "target_actor": b.pk,
                "kind": "informatie",
                "strength": 2,
            },
        )
    assert response.status_code == 302
    assert analyse.call_count == 1  # once, in the write path
    network_map.refresh_from_db()
    assert network_map.analysis_version == network_map.version
    with patch.object(selectors.algorithms, "analyse", side_effect=AssertionError):
        response = client.get(reverse("networks:data", args=[network_map.pk]))
    assert response.status_code == 200
    assert page_actors(response.json())[0]["degree"] > 0


def test_htmx_edit_analyses_the_map_once(
    client, users, network_map, django_capture_on_commit_callbacks
):
    from unittest.mock import patch

    from samenzorg.networks import algorithms, selectors

    client.force_login(users["procesbegeleider"])
    nurse = network_map.actors.get(key="nurse")
    b = network_map.actors.get(key="b")
    with (
        patch.object(
            selectors.algorithms, "analyse", side_effect=algorithms.analyse
        ) as analyse,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("networks:tie_add", args=[network_map.pk]),
            {
                "source_actor": nurse.pk,
                "target_actor": b.pk,
                "kind": "informatie",
                "strength": 2,
            },
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200 and analyse.call_count == 1
    assert network_map.ties.filter(kind="informatie").exists()


def test_facilitator_for_another_area_cannot_see_unpublished_maps(
    client, users, areas, network_map
):
    other = NetworkMapFactory(area=areas["segbroek"], name="Kaart Segbroek")
    client.force_login(users["area_procesbegeleider"])
    listing = client.get(reverse("networks:list")).content.decode()
    assert f'href="/netwerkkaarten/{network_map.pk}/"' in listing
    assert "Kaart Segbroek" not in listing
    assert client.get(reverse("networks:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("networks:data", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("networks:actor_add", args=[other.pk]), {"name": "X", "type": "welzijn"}
    )
    assert response.status_code == 404


def test_the_map_json_of_2000_actors_stays_small_and_is_sent_compressed(
    client, users, monkeypatch
):
    import gzip
    import json
    import random

    from samenzorg.networks import selectors
    from samenzorg.networks.models import ActorType, NetworkMap

    monkeypatch.setattr(selectors, "ANALYSIS_IN_BACKGROUND_FROM", 10**9)
    rng = random.Random(1)  # noqa: S311
    network_map = NetworkMap.objects.create(name="Groot", scope=NetworkMap.Scope.REGION)
    types = [t.value for t in ActorType]
    Actor.objects.bulk_create(
        Actor(
            network=network_map, key=f"a{i}", name=f"Actor {i}", type=rng.choice(types)
        )
        for i in range(2000)
    )
    ids = list(network_map.actors.values_list("pk", flat=True))
    pairs = set()
    while len(pairs) < 6000:
        a, b = rng.sample(ids, 2)
        pairs.add((min(a, b), max(a, b)))
    Tie.objects.bulk_create(
        Tie(network=network_map, source_actor_id=a, target_actor_id=b, strength=2)
        for a, b in pairs
    )
    client.force_login(users["procesbegeleider"])
    url = reverse("networks:data", args=[network_map.pk])
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.content)
    assert len(body) <= 400 * 1024
    assert len(response.content) <= 150 * 1024
    actors = page_actors(json.loads(body))
    assert len(actors) == 2000 and max(a["degree"] for a in actors) > 0
