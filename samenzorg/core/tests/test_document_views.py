"""Document pages: who may download, add and delete, and what the download sends.

Owners here come from the base apps: an area (``areas.view_area`` allows everyone,
there is no ``areas.change_area`` rule) and a user account (``accounts.view_user``
and ``accounts.change_user`` are for the beheerder).
"""

import re

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.tests.factories import AreaFactory
from samenzorg.core.documents import document_owner_url, document_upload
from samenzorg.core.models import Document

from . import files

ROLES = ["anonymous", "bewoner", "beheerder", "superuser"]


@pytest.fixture
def users(db):
    return {
        "anonymous": AnonymousUser(),
        "bewoner": UserFactory(roles=["bewoner"]),
        "beheerder": UserFactory(roles=["beheerder"]),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }


@pytest.fixture
def owners(db):
    return {"area": AreaFactory(), "account": UserFactory()}


@pytest.fixture
def docs(users, owners):
    return {
        name: document_upload(
            actor=users["superuser"],
            owner=owner,
            uploaded_file=files.pdf_upload(f"Stuk van {name}.pdf"),
        )
        for name, owner in owners.items()
    }


def _client(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


# Download -------------------------------------------------------------------------

DOWNLOAD = {
    # role: (document of the area, document of the account)
    "anonymous": ("login", "login"),
    "bewoner": (200, 404),
    "beheerder": (200, 200),
    "superuser": (200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_download_a_document_follows_who_may_see_its_owner(
    client, users, docs, role
):
    client = _client(client, users, role)
    for owner, expected in zip(("area", "account"), DOWNLOAD[role], strict=True):
        response = client.get(reverse("core:document_download", args=[docs[owner].pk]))
        if expected == "login":
            assert _is_login_redirect(response), (owner, response.status_code)
        else:
            assert response.status_code == expected, owner


def test_download_sends_the_file_as_an_attachment_with_safe_headers(
    client, users, owners
):
    content = files.PDF + b"% inhoud"
    document = document_upload(
        actor=users["superuser"],
        owner=owners["area"],
        uploaded_file=files.pdf_upload('Begroting "2027"\r\nX-Evil: 1.pdf', content),
    )
    client.force_login(users["bewoner"])
    response = client.get(reverse("core:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert int(response["Content-Length"]) == len(content)
    assert response["Content-Disposition"] == (
        'attachment; filename="Begroting _2027_ X-Evil_ 1.pdf"; '
        "filename*=UTF-8''Begroting%20_2027_%20X-Evil_%201.pdf"
    )
    assert "X-Evil" not in response.headers


def test_download_of_an_unknown_or_vanished_document_is_a_404(client, users, docs):
    client.force_login(users["superuser"])
    unknown = "6f1c1b52-6c1c-4b5e-9f40-6c7e1d1e0000"
    assert client.get(f"/documenten/{unknown}/").status_code == 404
    docs["area"].file.storage.delete(docs["area"].file.name)
    assert (
        client.get(
            reverse("core:document_download", args=[docs["area"].pk])
        ).status_code
        == 404
    )


def test_download_answers_get_only(client, users, docs):
    client.force_login(users["superuser"])
    url = reverse("core:document_download", args=[docs["area"].pk])
    assert client.post(url).status_code == 405


# The documents of a record, and adding one ---------------------------------------

OWNER_PAGE = {
    # role: (area page, account page), each (GET, POST of a new document)
    "anonymous": (("login", "login"), ("login", "login")),
    "bewoner": ((200, 403), (404, 404)),
    "beheerder": ((200, 403), (200, 302)),
    "superuser": ((200, 302), (200, 302)),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_a_document_follows_who_may_change_its_owner(
    client, users, owners, role
):
    client = _client(client, users, role)
    for owner, expected in zip(("area", "account"), OWNER_PAGE[role], strict=True):
        url = document_owner_url(owners[owner])
        before = Document.objects.count()
        for response, status in zip(
            (client.get(url), client.post(url, {"file": files.pdf_upload()})),
            expected,
            strict=True,
        ):
            if status == "login":
                assert _is_login_redirect(response), (owner, response.status_code)
            else:
                assert response.status_code == status, (owner, response.status_code)
        added = Document.objects.count() - before
        assert added == (1 if expected[1] == 302 else 0), owner


def test_owner_page_lists_documents_and_shows_the_form_to_who_may_add(
    client, users, docs, owners
):
    client.force_login(users["beheerder"])
    page = client.get(document_owner_url(owners["account"])).content.decode()
    assert "Stuk van account.pdf" in page
    assert reverse("core:document_download", args=[docs["account"].pk]) in page
    assert reverse("core:document_delete", args=[docs["account"].pk]) in page
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg"' in page

    client.force_login(users["bewoner"])
    page = client.get(document_owner_url(owners["area"])).content.decode()
    assert "Stuk van area.pdf" in page
    assert "verwijderen" not in page.lower()
    assert '<form method="post" enctype' not in page


def test_adding_a_document_redirects_to_the_list_with_a_message(client, users, owners):
    client.force_login(users["beheerder"])
    url = document_owner_url(owners["account"])
    response = client.post(
        url,
        {
            "file": files.pdf_upload("Jaarverslag.pdf"),
            "title": "Jaarverslag <i>2026</i>",
        },
        follow=True,
    )
    assert response.redirect_chain == [(url, 302)]
    page = response.content.decode()
    assert "“Jaarverslag &lt;i&gt;2026&lt;/i&gt;” is toegevoegd." in page
    document = Document.objects.get()
    assert document.uploaded_by == users["beheerder"]
    assert document.owner == owners["account"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: files.upload("rapport.pdf", files.HTML_PAGE), "geen echte PDF"),
        (lambda: files.upload("programma.exe", files.EXECUTABLE), "Dit soort bestand"),
        (lambda: files.upload("leeg.pdf", b""), "Dit bestand is leeg."),
        (lambda: None, "Kies een bestand."),
    ],
)
def test_adding_a_bad_file_shows_a_dutch_message_at_the_field(
    client, users, owners, upload, message
):
    client.force_login(users["beheerder"])
    data = {"title": "Mijn titel"}
    if (file := upload()) is not None:
        data["file"] = file
    response = client.post(document_owner_url(owners["account"]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="id_file_error"' in page
    assert 'value="Mijn titel"' in page  # what was typed is kept
    assert not Document.objects.exists()


def test_a_file_above_the_limit_is_stopped_while_it_is_read(
    client, users, owners, settings, media_root
):
    settings.DOCUMENT_MAX_BYTES = 2000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # larger files would go to a temp file
    client.force_login(users["beheerder"])
    response = client.post(
        document_owner_url(owners["account"]),
        {"file": files.pdf_upload(content=files.PDF.ljust(50_000, b" "))},
    )
    assert response.status_code == 200
    assert "Dit bestand is te groot. Het mag hoogstens 2,0\u00a0KB zijn." in (
        response.content.decode()
    )
    assert not Document.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))


def test_the_upload_still_needs_the_csrf_token(users, owners, client):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["beheerder"])
    response = client.post(
        document_owner_url(owners["account"]), {"file": files.pdf_upload()}
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "owner_type",
    [
        "areas.doesnotexist",
        "nonsense",
        "sessions.session",
        "core.auditentry",
        "core.document",
    ],
)
def test_records_that_cannot_own_documents_are_a_404(client, users, owner_type):
    client.force_login(users["superuser"])
    url = f"/documenten/bij/{owner_type}/1/"
    assert client.get(url).status_code == 404


def test_an_unknown_owner_is_a_404(client, users):
    client.force_login(users["superuser"])
    assert client.get("/documenten/bij/areas.area/999999/").status_code == 404


def test_owner_page_queries_do_not_grow_with_the_documents(client, users, owners):
    client.force_login(users["beheerder"])
    url = document_owner_url(owners["account"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    document_upload(
        actor=users["beheerder"],
        owner=owners["account"],
        uploaded_file=files.pdf_upload(),
    )
    few = count()
    for n in range(10):
        document_upload(
            actor=users["beheerder"],
            owner=owners["account"],
            uploaded_file=files.pdf_upload(f"stuk {n}.pdf"),
        )
    assert count() == few


# Delete ---------------------------------------------------------------------------

DELETE = {
    # role: (document of the area, document of the account): (GET, POST)
    "anonymous": (("login", "login"), ("login", "login")),
    "bewoner": ((403, 403), (404, 404)),
    "beheerder": ((403, 403), (200, 302)),
    "superuser": ((200, 302), (200, 302)),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_delete_a_document_follows_who_may_change_its_owner(
    client, users, docs, role
):
    client = _client(client, users, role)
    for owner, expected in zip(("area", "account"), DELETE[role], strict=True):
        url = reverse("core:document_delete", args=[docs[owner].pk])
        for method, status in zip(("get", "post"), expected, strict=True):
            response = getattr(client, method)(url)
            if status == "login":
                assert _is_login_redirect(response), (owner, response.status_code)
            else:
                assert response.status_code == status, (owner, method)
        assert Document.objects.filter(pk=docs[owner].pk).exists() == (
            expected[1] != 302
        )


def test_deleting_asks_first_then_goes_back_to_the_list(client, users, docs, owners):
    client.force_login(users["beheerder"])
    url = reverse("core:document_delete", args=[docs["account"].pk])
    page = client.get(url).content.decode()
    assert "“Stuk van account.pdf” verwijderen?" in page
    assert document_owner_url(owners["account"]) in page
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(document_owner_url(owners["account"]), 302)]
    assert "“Stuk van account.pdf” is verwijderd." in response.content.decode()


def test_document_urls_have_no_user_file_name(docs):
    url = reverse("core:document_download", args=[docs["area"].pk])
    assert re.fullmatch(r"/documenten/[0-9a-f-]{36}/", url)
