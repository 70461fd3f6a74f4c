"""Documents of an initiative: core's document pages ask the initiative's rules.

Who may see the initiative may download its documents; who may change it may add
and delete them. A public initiative's documents are still not public: anonymous
visitors are sent to the login page.
"""

from django.urls import reverse

import pytest

from samenzorg.core.documents import document_list, document_owner_url, document_upload
from samenzorg.core.models import Document
from samenzorg.core.tests import files

from .conftest import ROLES
from .factories import InitiativeFactory

LOGIN = "login"

# role: (download, GET list, POST a new document, POST delete)
PUBLIC = {
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN),
    "bewoner": (200, 200, 403, 403),
    "other_initiator": (200, 200, 403, 403),
    "owner": (200, 200, 302, 302),
    "gemeente": (200, 200, 302, 302),
    "beheerder": (200, 200, 302, 302),
}
CONCEPT = {
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN),
    "bewoner": (404, 404, 404, 404),
    "other_initiator": (404, 404, 404, 404),
    "owner": (200, 200, 302, 302),
    "gemeente": (200, 200, 302, 302),
    "beheerder": (200, 200, 302, 302),
}
ARCHIVED = {
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN),
    "bewoner": (404, 404, 404, 404),
    "other_initiator": (404, 404, 404, 404),
    "owner": (404, 404, 404, 404),
    "gemeente": (200, 200, 302, 302),
    "beheerder": (200, 200, 302, 302),
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _check(response, expected, what):
    if expected == LOGIN:
        assert response.status_code == 302, what
        assert response["Location"].startswith(reverse("accounts:login")), what
    else:
        assert response.status_code == expected, (what, response.status_code)


@pytest.mark.parametrize(
    ("status", "matrix"),
    [("public", PUBLIC), ("concept", CONCEPT), ("archived", ARCHIVED)],
)
@pytest.mark.parametrize("role", ROLES)
def test_initiative_documents_follow_the_initiatives_rules(
    client, users_by_role, initiatiefnemer, status, matrix, role
):
    initiative = InitiativeFactory(owners=[initiatiefnemer], **{status: True})
    document = document_upload(
        actor=initiatiefnemer,
        owner=initiative,
        uploaded_file=files.pdf_upload("Begroting.pdf"),
    )
    user = users_by_role[role]
    if role != "anonymous":
        client.force_login(user)
    download, listing, upload, delete = matrix[role]

    _check(
        client.get(reverse("core:document_download", args=[document.pk])),
        download,
        "download",
    )
    _check(client.get(document_owner_url(initiative)), listing, "list")
    _check(
        client.post(document_owner_url(initiative), {"file": files.pdf_upload()}),
        upload,
        "upload",
    )
    _check(
        client.post(reverse("core:document_delete", args=[document.pk])),
        delete,
        "delete",
    )
    assert Document.objects.filter(pk=document.pk).exists() == (delete != 302)
    assert Document.objects.count() == (1 if delete != 302 else 0) + (
        1 if upload == 302 else 0
    )


def test_owner_adds_a_document_and_sees_it_listed(client, initiatiefnemer):
    initiative = InitiativeFactory(owners=[initiatiefnemer], concept=True)
    client.force_login(initiatiefnemer)
    response = client.post(
        document_owner_url(initiative),
        {"file": files.upload("ondernemingsplan.docx", files.docx()), "title": "Plan"},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Plan" in page
    assert "ondernemingsplan.docx" in page
    assert "Word-document" in page
    assert list(document_list(user=initiatiefnemer, owner=initiative)) == list(
        Document.objects.all()
    )


def test_other_initiator_lists_no_documents_of_a_concept(
    initiatiefnemer, other_initiator, gemeente_user
):
    initiative = InitiativeFactory(owners=[initiatiefnemer], concept=True)
    document_upload(
        actor=initiatiefnemer, owner=initiative, uploaded_file=files.pdf_upload()
    )
    assert list(document_list(user=other_initiator, owner=initiative)) == []
    assert len(document_list(user=gemeente_user, owner=initiative)) == 1


def test_detail_page_links_to_the_documents_once_logged_in(client, bewoner):
    initiative = InitiativeFactory(public=True)
    detail = reverse("initiatives:detail", args=[initiative.pk])
    link = document_owner_url(initiative)
    assert link not in client.get(detail).content.decode()
    client.force_login(bewoner)
    assert link in client.get(detail).content.decode()
    page = client.get(link).content.decode()
    assert f'href="{detail}"' in page
