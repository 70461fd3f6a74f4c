"""Import and export of the inventory: all or nothing, every mistake reported."""

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

import pytest
from openpyxl import Workbook, load_workbook

from samenzorg.core.models import AuditEntry, TaskProgress
from samenzorg.initiatives import tasks, transfer
from samenzorg.initiatives.models import Initiative

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = "naam;omschrijving;gedragen door;doelgroepen;activiteiten;fase;gebied;breedtegraad;lengtegraad;website;contactpersoon;e-mail;telefoon;status"


def csv_file(text: str, name="inventaris.csv", bom=False) -> SimpleUploadedFile:
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows, name="inventaris.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def problem(line, column, message):
    return transfer.ImportProblem(message=message, line=line, column=column)


def counts():
    return Initiative.objects.count(), AuditEntry.objects.count()


# ---------------------------------------------------------------- import: mistakes


def test_import_reports_every_bad_row_with_line_and_column_and_imports_nothing(
    gemeente_user, area_tree
):
    InitiativeFactory()
    before = counts()
    text = "\n".join(
        [
            HEADER,
            "Buurtkamer Moerwijk;Koffie;bewoners;ouderen;ontmoeting;actief;WK051836;;;;;;;openbaar",
            ";zonder naam;;;;;;;;;;;;",
            "Wandelclub;;bewoners;;sport;bijna klaar;;;;;;;;",
            "Kookclub;;marsmannetjes;;;idee;Atlantis;52,07;;www.kookclub.nl;Piet;piet@;070;geheim",
            "Tuin;;;;;opstart;;4.29;52.07;;;;;",
        ]
    )
    result = transfer.import_initiatives(actor=gemeente_user, file=csv_file(text))

    assert not result.ok
    assert result.created_count == 0
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "naam"),
        (4, "fase"),
        (5, "gedragen door"),
        (5, "gebied"),
        (5, "lengtegraad"),
        (5, "e-mail"),
        (5, "status"),
        (6, "breedtegraad"),
    ]
    phase_error = result.errors[1]
    assert phase_error.message == transfer._(
        "'%(value)s' is not a valid phase. Choose from: %(choices)s."
    ) % {"value": "bijna klaar", "choices": "idee, opstart, actief, stevig geworteld"}
    assert str(phase_error) == transfer._(
        "Line %(line)s, column '%(column)s': %(message)s"
    ) % {"line": 4, "column": "fase", "message": phase_error.message}
    assert counts() == before


def test_import_message_is_dutch_when_translations_are_compiled(
    gemeente_user, settings
):
    text = f"{HEADER}\nKookclub;;;;;bijna klaar;;;;;;;;"
    result = transfer.import_initiatives(actor=gemeente_user, file=csv_file(text))
    message = str(result.errors[0])
    assert "'bijna klaar'" in message
    assert "idee, opstart, actief, stevig geworteld" in message
    assert message.startswith(("Regel 2, kolom 'fase'", "Line 2, column 'fase'"))


def test_import_rejects_unknown_columns_and_missing_name_column(gemeente_user):
    before = counts()
    result = transfer.import_initiatives(
        actor=gemeente_user,
        file=csv_file("titel;fase;kleur\nBuurtkamer;idee;rood\n"),
    )
    assert [(e.line, e.column) for e in result.errors] == [
        (None, ""),
        (None, ""),
        (None, ""),
    ]
    messages = [e.message for e in result.errors]
    assert any("'titel'" in m for m in messages)
    assert any("'kleur'" in m for m in messages)
    assert any("'naam'" in m for m in messages)
    assert counts() == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("kapot.xlsx", b"PK\x03\x04 dit is geen werkmap"),
        ("foto.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
        ("leeg.csv", b""),
        # Neither UTF-8 nor Windows-1252 (0x81 is no character in either).
        ("onleesbaar.csv", b"naam\nCaf\x81 de Buurt\n"),
    ],
)
def test_import_of_unreadable_file_gives_one_clear_error(gemeente_user, name, data):
    before = counts()
    result = transfer.import_initiatives(
        actor=gemeente_user, file=SimpleUploadedFile(name, data)
    )
    assert len(result.errors) == 1
    assert result.errors[0].line is None
    assert result.errors[0].message
    assert counts() == before


def test_windows_1252_csv_is_imported_with_a_note_to_check_the_letters(
    gemeente_user,
):
    data = "naam;omschrijving\nCafé de Buurt;Één keer per week\n".encode("cp1252")
    result = transfer.import_initiatives(
        actor=gemeente_user, file=SimpleUploadedFile("latin1.csv", data)
    )
    assert result.ok, [str(e) for e in result.errors]
    assert Initiative.objects.get().name == "Café de Buurt"
    assert result.notes == [
        "Het bestand was niet in UTF-8 en is gelezen als Windows-1252 (West-Europees). "
        "Kijk of letters zoals é en ë goed staan; zo niet, sla het bestand dan op als "
        "'CSV UTF-8' en importeer het opnieuw."
    ]


def test_import_with_only_headings_is_an_error(gemeente_user):
    result = transfer.import_initiatives(
        actor=gemeente_user, file=csv_file(HEADER + "\n")
    )
    assert not result.ok


# ---------------------------------------------------------------- import: good files


def test_good_csv_with_bom_and_semicolons_is_imported(gemeente_user, area_tree):
    text = "\n".join(
        [
            HEADER,
            'Zorgcoöperatie Moerwijk;Hulp bij de <b>boodschappen</b>;"Bewoners; Verenigingen";ouderen,mantelzorgers;zorg en ondersteuning;actief;WK051836;52,0501;4,2902;www.moerwijk.example.nl;Fatima;fatima@example.nl;070 123 45 67;openbaar',
            ";;;;;;;;;;;;;",
            "Buurtmoestuin;;sociaal-ondernemers;;;Stevig geworteld;Valkenboskwartier, Moerwijk-Oost;;;;;;;",
        ]
    )
    before_audit = AuditEntry.objects.count()
    result = transfer.import_initiatives(
        actor=gemeente_user, file=csv_file(text, bom=True)
    )

    assert result.ok, [str(e) for e in result.errors]
    assert result.created_count == 2
    coop = Initiative.objects.get(name="Zorgcoöperatie Moerwijk")
    assert coop.description == "Hulp bij de <b>boodschappen</b>"
    assert sorted(t.slug for t in coop.carriers.all()) == ["bewoners", "verenigingen"]
    assert sorted(t.slug for t in coop.target_groups.all()) == [
        "mantelzorgers",
        "ouderen",
    ]
    assert [t.slug for t in coop.domains.all()] == ["zorg-en-ondersteuning"]
    assert coop.maturity == Initiative.Maturity.ACTIVE
    assert [a.code for a in coop.areas.all()] == ["WK051836"]
    assert (coop.latitude, coop.longitude) == (52.0501, 4.2902)
    assert coop.website == "https://www.moerwijk.example.nl"
    assert coop.contact_email == "fatima@example.nl"
    assert coop.status == Initiative.Status.PUBLIC
    garden = Initiative.objects.get(name="Buurtmoestuin")
    assert garden.maturity == Initiative.Maturity.ROOTED
    assert garden.status == Initiative.Status.CONCEPT
    assert sorted(a.code for a in garden.areas.all()) == ["BU05183690", "WK051820"]
    assert AuditEntry.objects.count() - before_audit == 2


def test_good_csv_with_commas_is_imported(gemeente_user):
    text = 'naam,fase,doelgroepen\n"Buurtkamer, de Oase",opstart,"ouderen; jongeren"\n'
    result = transfer.import_initiatives(actor=gemeente_user, file=csv_file(text))
    assert result.ok, [str(e) for e in result.errors]
    initiative = Initiative.objects.get()
    assert initiative.name == "Buurtkamer, de Oase"
    assert sorted(t.slug for t in initiative.target_groups.all()) == [
        "jongeren",
        "ouderen",
    ]
    # Staff record initiatives of others; importing does not make them the owner.
    assert list(initiative.owners.all()) == []


def test_good_xlsx_is_imported(gemeente_user, area_tree):
    rows = [
        ["Naam", "Fase", "Gebied", "Breedtegraad", "Lengtegraad", "Telefoon"],
        ["Repair café Escamp", "actief", "SD0518-escamp", 52.05, 4.29, "0701234567"],
        [None, None, None, None, None, None],
        ["Taalmaatjes", "idee", "WK051836; WK051820", None, None, None],
    ]
    result = transfer.import_initiatives(actor=gemeente_user, file=xlsx_file(rows))
    assert result.ok, [str(e) for e in result.errors]
    assert result.created_count == 2
    cafe = Initiative.objects.get(name="Repair café Escamp")
    assert (cafe.latitude, cafe.longitude) == (52.05, 4.29)
    assert cafe.contact_phone == "0701234567"
    assert [a.code for a in cafe.areas.all()] == ["SD0518-escamp"]
    taal = Initiative.objects.get(name="Taalmaatjes")
    assert sorted(a.code for a in taal.areas.all()) == ["WK051820", "WK051836"]


def test_bad_xlsx_rows_are_reported_with_their_excel_row_number(gemeente_user):
    rows = [["naam", "fase"], ["Goed", "idee"], [None, None], ["Fout", "later"]]
    result = transfer.import_initiatives(actor=gemeente_user, file=xlsx_file(rows))
    assert [(e.line, e.column) for e in result.errors] == [(4, "fase")]
    assert not Initiative.objects.exists()


# ---------------------------------------------------------------- export


@pytest.fixture
def inventory(area_tree, initiatiefnemer):
    first = InitiativeFactory(
        name='=HYPERLINK("http://kwaad.example")',
        description='Eten <b>samen</b>; met "iedereen"',
        carriers=["bewoners", "verenigingen"],
        target_groups=["ouderen"],
        domains=["ontmoeting", "zorg-en-ondersteuning"],
        maturity=Initiative.Maturity.ROOTED,
        areas=[area_tree["moerwijk"], area_tree["valkenbos"]],
        latitude=52.0501,
        longitude=4.2902,
        website="https://eten.example.nl",
        contact_phone="+31 70 123 45 67",
        owners=[initiatiefnemer],
        source="Bron: Public Result, 'Zorgcoöperaties Den Haag'",
    )
    second = InitiativeFactory(
        name="Buurtkamer zonder plek",
        concept=True,
        fictional=True,
        maturity=Initiative.Maturity.IDEA,
        contact_name="",
        contact_email="",
        contact_phone="",
    )
    return [first, second]


FIELDS = (
    "name",
    "source",
    "is_fictional",
    "description",
    "maturity",
    "latitude",
    "longitude",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "status",
)


def _state(initiative):
    return (
        tuple(getattr(initiative, f) for f in FIELDS),
        sorted(t.slug for t in initiative.carriers.all()),
        sorted(t.slug for t in initiative.target_groups.all()),
        sorted(t.slug for t in initiative.domains.all()),
        sorted(a.code for a in initiative.areas.all()),
    )


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_initiatives(
    inventory, gemeente_user, export_format
):
    qs = transfer.export_queryset(Initiative.objects.order_by("name"))
    before = sorted(_state(i) for i in qs)
    if export_format == "csv":
        data = transfer.export_csv(qs, user=gemeente_user)
    else:
        data = transfer.export_xlsx(qs, user=gemeente_user)
    Initiative.objects.all().delete()

    result = transfer.import_initiatives(
        actor=gemeente_user,
        file=SimpleUploadedFile(f"export.{export_format}", data),
    )

    assert result.ok, [str(e) for e in result.errors]
    after = sorted(_state(i) for i in transfer.export_queryset(Initiative.objects))
    assert after == before


def test_csv_export_keeps_spreadsheet_formulas_out(inventory, gemeente_user):
    data = transfer.export_csv(
        transfer.export_queryset(Initiative.objects.all()), user=gemeente_user
    )
    text = data.decode("utf-8")
    assert text.startswith("\ufeffnaam;omschrijving;gedragen door")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://kwaad.example")' in names
    phones = [row[12] for row in rows[1:]]
    assert "+31 70 123 45 67" in phones


def test_xlsx_export_writes_text_not_formulas(inventory, gemeente_user):
    data = transfer.export_xlsx(
        transfer.export_queryset(Initiative.objects.order_by("name")),
        user=gemeente_user,
    )
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == transfer.HEADINGS
    (cell,) = [c for c in sheet["A"] if c.value.startswith("=")]
    assert cell.value == '=HYPERLINK("http://kwaad.example")'
    assert cell.data_type == "s"


def test_geojson_export_has_only_initiatives_with_a_location(inventory, gemeente_user):
    data = transfer.export_geojson(
        transfer.export_queryset(Initiative.objects.all()), user=gemeente_user
    )
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [4.2902, 52.0501]}
    assert feature["properties"]["fase"] == "stevig geworteld"
    assert feature["properties"]["gebied"] == ["WK051836", "WK051820"] or sorted(
        feature["properties"]["gebied"]
    ) == ["WK051820", "WK051836"]
    assert feature["properties"]["e_mail"] == inventory[0].contact_email


def test_geojson_export_leaves_contact_details_out_for_who_may_not_see_them(
    inventory, bewoner
):
    data = transfer.export_geojson(
        transfer.export_queryset(Initiative.objects.all()), user=bewoner
    )
    properties = data["features"][0]["properties"]
    assert "e_mail" not in properties
    assert "telefoon" not in properties
    assert inventory[0].contact_email not in json.dumps(data)


# ---------------------------------------------------------------- pages


def _login(client, user):
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("url_name", ["initiatives:import", "initiatives:export"])
def test_anonymous_is_sent_to_login_for_import_and_export(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url_name", ["initiatives:import", "initiatives:export"])
@pytest.mark.parametrize("role", ["bewoner", "owner", "other_initiator"])
def test_residents_and_initiators_may_not_import_or_export(
    client, users_by_role, inventory, url_name, role
):
    client.force_login(users_by_role[role])
    assert client.get(reverse(url_name)).status_code == 403
    if url_name == "initiatives:import":
        response = client.post(reverse(url_name), {"file": csv_file("naam\nStiekem\n")})
        assert response.status_code == 403
        assert not Initiative.objects.filter(name="Stiekem").exists()


@pytest.mark.parametrize("role", ["gemeente", "beheerder"])
def test_staff_see_the_import_form_with_template_links(client, users_by_role, role):
    client.force_login(users_by_role[role])
    response = client.get(reverse("initiatives:import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html
    assert "?sjabloon=xlsx" in html
    assert "<caption" in html


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_template_file_can_be_downloaded_and_has_the_headings(
    client, gemeente_user, area_tree, kind
):
    client.force_login(gemeente_user)
    response = client.get(reverse("initiatives:import"), {"sjabloon": kind})
    assert response.status_code == 200
    assert f'filename="initiatieven-sjabloon.{kind}"' in response["Content-Disposition"]
    prepared, problems = transfer.check_file(
        SimpleUploadedFile(f"sjabloon.{kind}", response.content)
    )
    assert problems == []
    assert len(prepared) == 1


@pytest.fixture
def import_file(client, django_capture_on_commit_callbacks):
    """Upload a file on the import page; the task runs when the request commits.

    Returns the page the upload leads to (the import page with its progress) and the
    task's progress record.
    """

    def upload(file):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("initiatives:import"), {"file": file})
        assert response.status_code == 302
        record = TaskProgress.objects.get(kind=tasks.IMPORT_KIND)
        assert response["Location"] == (
            f"{reverse('initiatives:import')}?taak={record.pk}"
        )
        return client.get(response["Location"]), record

    return upload


def test_import_page_shows_all_errors_and_imports_nothing(
    client, gemeente_user, import_file
):
    client.force_login(gemeente_user)
    before = counts()
    text = f"{HEADER}\n;iets;;;;;;;;;;;;\nA;;;;;later;;;;;;;;\nB;;;;;;;;;;;;;nooit"
    response, record = import_file(csv_file(text))
    assert response.status_code == 200
    assert record.status == TaskProgress.Status.FAILED
    for html in (
        response.content.decode(),
        client.get(record.get_absolute_url()).content.decode(),
    ):
        assert 'id="import-errors"' in html
        assert (
            html.count(
                '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">'
            )
            == 3
        )
        for line, column in (("2", "naam"), ("3", "fase"), ("4", "status")):
            assert f'numeric-data">{line}</td>' in html
            assert f'<td class="utrecht-table__cell">{column}</td>' in html
    assert counts() == before


def test_import_page_imports_good_file_and_links_to_the_list(
    client, beheerder, import_file
):
    client.force_login(beheerder)
    response, record = import_file(
        csv_file("naam;fase\nBuurtkamer;idee\nTuin;actief\n")
    )
    assert Initiative.objects.count() == 2
    assert record.status == TaskProgress.Status.DONE and record.owner == beheerder
    assert record.title == "Import van initiatieven uit inventaris.csv"
    html = response.content.decode()
    assert "2 initiatieven geïmporteerd" in html
    assert f'<a class="utrecht-link" href="{reverse("initiatives:list")}">' in html
    assert "Toon de initiatieven" in html
    assert "hx-trigger" not in html  # done: nothing to poll
    # The source names the file as it was uploaded.
    assert Initiative.objects.filter(source="Import van inventaris.csv").count() == 2


def test_an_import_that_has_not_run_yet_shows_its_progress(
    client, gemeente_user, django_capture_on_commit_callbacks
):
    client.force_login(gemeente_user)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("initiatives:import"), {"file": csv_file("naam\nBuurtkamer\n")}
        )
    html = client.get(response["Location"]).content.decode()
    record = TaskProgress.objects.get(kind=tasks.IMPORT_KIND)
    assert record.status == TaskProgress.Status.WAITING
    assert '<progress class="task-progress__bar"' in html
    assert f'hx-get="{record.get_absolute_url()}"' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert not Initiative.objects.exists()


def test_another_user_cannot_see_the_progress_of_an_import(
    client, gemeente_user, import_file
):
    from .factories import UserFactory

    client.force_login(gemeente_user)
    _response, record = import_file(csv_file("naam\nBuurtkamer\n"))
    client.force_login(UserFactory(roles=["gemeente"]))
    assert client.get(record.get_absolute_url()).status_code == 404
    page = client.get(reverse("initiatives:import"), {"taak": str(record.pk)})
    assert page.status_code == 404
    assert client.get(reverse("initiatives:import"), {"taak": "x"}).status_code == 404


def test_an_import_is_refused_when_its_owner_lost_the_right_before_it_ran(
    client, gemeente_user, django_capture_on_commit_callbacks
):
    from samenzorg.accounts.models import RoleAssignment

    client.force_login(gemeente_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("initiatives:import"), {"file": csv_file("naam\nBuurtkamer\n")}
        )
    RoleAssignment.objects.filter(user=gemeente_user).delete()
    for callback in callbacks:
        callback()
    record = TaskProgress.objects.get(kind=tasks.IMPORT_KIND)
    assert record.status == TaskProgress.Status.FAILED
    assert "U mag dit niet meer doen" in record.error
    assert not Initiative.objects.exists()


def test_a_file_over_the_limit_is_refused_at_the_field_and_not_stored(
    client, gemeente_user, monkeypatch
):
    monkeypatch.setattr(transfer, "MAX_FILE_BYTES", 1024)
    client.force_login(gemeente_user)
    response = client.post(
        reverse("initiatives:import"), {"file": csv_file("naam\n" + "x" * 2000)}
    )
    assert response.status_code == 200
    assert "Het bestand is te groot (maximaal 1 kB)." in response.content.decode()
    assert not TaskProgress.objects.exists()


@pytest.mark.parametrize(
    ("export_format", "content_type", "extension"),
    [
        ("csv", "text/csv; charset=utf-8", "csv"),
        ("xlsx", XLSX_TYPE, "xlsx"),
        ("geojson", "application/geo+json", "geojson"),
    ],
)
def test_staff_can_export_each_format(
    client, gemeente_user, inventory, export_format, content_type, extension
):
    client.force_login(gemeente_user)
    response = client.get(reverse("initiatives:export"), {"formaat": export_format})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="initiatieven-')
    assert disposition.endswith(f'.{extension}"')


def test_export_applies_the_list_filters(client, gemeente_user, inventory):
    client.force_login(gemeente_user)
    response = client.get(
        reverse("initiatives:export"), {"formaat": "csv", "maturity": "idee"}
    )
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert [row[0] for row in rows[1:]] == ["Buurtkamer zonder plek"]
    response = client.get(
        reverse("initiatives:export"), {"formaat": "csv", "q": "buurtkamer"}
    )
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert [row[0] for row in rows[1:]] == ["Buurtkamer zonder plek"]


def test_export_query_count_does_not_grow_with_rows(
    client, gemeente_user, django_assert_max_num_queries
):
    client.force_login(gemeente_user)
    InitiativeFactory.create_batch(3, carriers=["bewoners"], domains=["sport"])
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("initiatives:export"), {"formaat": "xlsx"})
    InitiativeFactory.create_batch(60, carriers=["bewoners"], domains=["sport"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("initiatives:export"), {"formaat": "xlsx"})


def test_area_names_match_with_wijk_number_and_prefer_the_wijk(
    gemeente_user, area_tree
):
    from samenzorg.areas.models import Area

    Area.objects.create(
        code="BU05183601",
        name="Moerwijk",
        level=Area.Level.BUURT,
        parent=area_tree["moerwijk"],
    )
    text = "naam;gebied\nA;moerwijk\nB;Wijk 36 Moerwijk\nC;Moerwijk-Oost (BU05183690)\n"
    result = transfer.import_initiatives(actor=gemeente_user, file=csv_file(text))
    assert result.ok, [str(e) for e in result.errors]
    areas = {i.name: [a.code for a in i.areas.all()] for i in result.created}
    assert areas == {"A": ["WK051836"], "B": ["WK051836"], "C": ["BU05183690"]}


# ---------------------------------------------------------------- hostile files

HOSTILE_FILES = [
    (
        b"naam;fase\nBuurt\x07kamer;idee\n",
        2,
        "naam",
        "In deze cel staat een onzichtbaar stuurteken (U+0007) op plaats 6. Haal het "
        "weg; het komt vaak mee als u tekst kopieert.",
    ),
    (
        b"naam;omschrijving\nBuurtkamer;" + b"x" * 200_000 + b"\n",
        2,
        "omschrijving",
        "Deze waarde is langer dan 131072 tekens. Vaak komt dat door een "
        'aanhalingsteken (") dat een waarde opent maar nergens sluit.',
    ),
    (
        b'naam;fase\nTuin;idee\n"Buurtkamer;idee\nKookclub;actief\nSport;idee\n',
        3,
        "naam",
        'Hier opent een aanhalingsteken (") de waarde, maar het wordt nergens '
        "gesloten. Dan wordt de rest van het bestand één waarde. Sluit het "
        "aanhalingsteken of haal het weg.",
    ),
    (
        "naam;fase\nCafé;idee\n".encode() + b"Caf\xe9;actief\n",
        3,
        "",
        "Op deze regel staan tekens die niet in UTF-8 zijn, terwijl de rest van het "
        "bestand wel UTF-8 is. Sla het bestand opnieuw op als 'CSV UTF-8' en "
        "controleer de letters op deze regel.",
    ),
]


@pytest.mark.parametrize(("data", "line", "column", "message"), HOSTILE_FILES)
def test_staff_get_the_dutch_report_for_a_hostile_file_and_nothing_changes(
    client, gemeente_user, import_file, data, line, column, message
):
    client.force_login(gemeente_user)
    InitiativeFactory()
    before = counts()
    response, _record = import_file(SimpleUploadedFile("vijandig.csv", data))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(message) in html
    assert f'numeric-data">{line}</td>' in html
    assert f'<td class="utrecht-table__cell">{column or "–"}</td>' in html
    assert "Er is niets geïmporteerd" in html
    assert counts() == before


def test_a_description_may_have_line_breaks_but_a_name_may_not(gemeente_user):
    text = 'naam;omschrijving\nBuurtkamer;"Open op\nmaandag"\n"Twee\nregels";x\n'
    result = transfer.import_initiatives(actor=gemeente_user, file=csv_file(text))
    assert [(e.line, e.column) for e in result.errors] == [(3, "naam")]
    assert not Initiative.objects.exists()


def test_progress_is_reported_while_checking_and_writing(gemeente_user):
    text = "naam\n" + "".join(f"Initiatief {n}\n" for n in range(450))
    calls = []
    result = transfer.import_initiatives(
        actor=gemeente_user,
        file=csv_file(text),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result.created_count == 450
    # Checking counts row by row; writing by the chunk of 200 rows stored in bulk.
    assert calls == [(200, 900), (400, 900), (650, 900), (850, 900), (900, 900)]


KILL_SCRIPT = """
import os, signal, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "samenzorg.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from samenzorg.initiatives.models import Initiative
from samenzorg.initiatives.transfer import import_initiatives

rows = 1000
data = ("naam;fase\\n" + "".join(f"Initiatief {n};idee\\n" for n in range(rows))).encode()

def progress(done, total):
    if done > rows + rows // 2:  # halfway through writing
        print(Initiative.objects.count(), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

import_initiatives(actor=None, file=data, progress=progress)
print("not killed", flush=True)
"""


def test_an_import_killed_halfway_leaves_nothing_half_imported(run_on_sqlite_file):
    import sqlite3

    done, database = run_on_sqlite_file(KILL_SCRIPT, "killed.sqlite3", timeout=120)
    assert done.returncode == -9, done.stderr
    written_before_kill = int(done.stdout.split()[0])
    assert written_before_kill > 0  # the transaction had rows in it
    with sqlite3.connect(database) as connection:
        (initiatives,) = connection.execute(
            "select count(*) from initiatives_initiative"
        ).fetchone()
        (audit,) = connection.execute("select count(*) from core_auditentry").fetchone()
    assert (initiatives, audit) == (0, 0)


def test_a_broken_cell_and_the_other_mistakes_are_reported_together(gemeente_user):
    text = "naam;fase\nBuurt\x07kamer;later\nTuin;nooit\nKookclub;idee\n"
    result = transfer.import_initiatives(actor=gemeente_user, file=csv_file(text))
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "naam"),
        (2, "fase"),
        (3, "fase"),
    ]
    assert not Initiative.objects.exists()
