"""My data: the accounts app's part of the export and erasure, and the pages at
/account/mijn-gegevens/ (overview, downloads, erasure)."""

import io
import json
import re

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from samenzorg.core import gdpr
from samenzorg.core.models import AuditEntry
from samenzorg.initiatives.services import (
    initiative_create,
    initiative_review,
    initiative_update,
)

from ..models import RoleAssignment, User
from ..personal_data import erase, export
from .factories import TEST_PASSWORD, TOTPDeviceFactory, UserFactory

OVERVIEW = reverse("accounts:personal_data")
JSON_URL = reverse("accounts:personal_data_json")
PDF_URL = reverse("accounts:personal_data_pdf")


@pytest.fixture
def marie(db):
    user = UserFactory(
        email="marie@example.nl", display_name="Marie Vermeulen", roles=["bewoner"]
    )
    AccessLog.objects.create(
        username="marie@example.nl", ip_address="192.0.2.7", user_agent="Firefox"
    )
    AccessFailureLog.objects.create(
        username="marie@example.nl", ip_address="192.0.2.7", user_agent="Firefox"
    )
    # Logging in passes the second step with this app.
    user.otp_device = TOTPDeviceFactory(user=user, name="Telefoon van Marie")
    return user


@pytest.fixture
def kees(db):
    user = UserFactory(email="kees@example.nl", display_name="Kees Bakker")
    AccessLog.objects.create(
        username="kees@example.nl", ip_address="198.51.100.9", user_agent="Safari"
    )
    return user


def _text(data) -> str:
    return json.dumps(data, default=str, ensure_ascii=False)


# The accounts app's part ------------------------------------------------------------


def test_export_holds_her_account_roles_app_and_logins_only(marie, kees):
    section = export(marie)
    text = _text(section)
    assert section["title"] == "Uw account"
    assert section["records"][0]["E-mailadres"] == "marie@example.nl"
    for expected in ("Marie Vermeulen", "192.0.2.7", "Telefoon van Marie", "Firefox"):
        assert expected in text
    assert "kees" not in text.lower() and "198.51.100.9" not in text
    kinds = [r["Soort gegevens"] for r in section["records"]]
    assert kinds.count("inloggen") == 1 and kinds.count("mislukte inlogpoging") == 1


def test_erase_deletes_her_account_roles_app_and_logins_not_his(marie, kees):
    AccessAttempt.objects.create(
        username="marie@example.nl",
        ip_address="192.0.2.7",
        user_agent="Firefox",
        failures_since_start=1,
    )
    summary = erase(marie, gdpr.Erasure(stand_in=gdpr.stand_in_user()))
    assert summary["roles"] == 1 and summary["logins"] == 3
    assert not User.objects.filter(email="marie@example.nl").exists()
    assert not RoleAssignment.objects.filter(user__email="marie@example.nl").exists()
    assert not TOTPDevice.objects.filter(name="Telefoon van Marie").exists()
    assert not AccessLog.objects.filter(username="marie@example.nl").exists()
    assert AccessLog.objects.filter(username="kees@example.nl").count() == 1
    assert User.objects.filter(pk=kees.pk).exists()


def test_erase_ends_her_sessions_on_other_devices(marie):
    other_device = Client()
    other_device.force_login(marie)
    gdpr.erase_person(marie)
    assert SESSION_KEY not in other_device.session
    assert other_device.get(OVERVIEW).status_code == 302


# Who may open the pages --------------------------------------------------------------


@pytest.mark.parametrize("url", [OVERVIEW, JSON_URL, PDF_URL])
def test_anonymous_visitors_go_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_post_erases_nothing(client, marie):
    response = client.post(OVERVIEW, {"password": TEST_PASSWORD, "understood": "on"})
    assert response.status_code == 302
    assert User.objects.filter(pk=marie.pk).exists()


def test_the_profile_page_links_to_my_data(client, marie):
    client.force_login(marie)
    assert OVERVIEW in client.get(reverse("accounts:profile")).content.decode()


def test_overview_shows_what_is_kept_and_the_erasure_form(client, marie):
    client.force_login(marie)
    response = client.get(OVERVIEW)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wat wij over u bewaren" in page
    assert "Uw account" in page and "Rondes kansrijkheid" in page
    assert "Ik begrijp dat dit niet terug kan" in page
    assert JSON_URL in page and PDF_URL in page


def test_json_download_holds_her_data_and_never_his(client, marie, kees):
    client.force_login(marie)
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "marie@example.nl"
    text = response.content.decode()
    assert "Marie Vermeulen" in text
    assert "kees" not in text.lower()


def test_another_user_downloads_only_his_own(client, marie, kees):
    client.force_login(kees)
    text = client.get(JSON_URL).content.decode()
    assert "kees@example.nl" in text
    assert "marie" not in text.lower()


def test_pdf_download_is_a_pdf(client, marie):
    client.force_login(marie)
    response = client.get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.fixture
def with_initiative(marie, django_capture_on_commit_callbacks):
    """Marie registered an initiative, the municipality sent it back with a
    notification, and she changed it: entries in the change log."""
    gemeente = UserFactory(roles=["gemeente"])
    with django_capture_on_commit_callbacks(execute=True):
        initiative = initiative_create(
            actor=marie,
            name="Moestuin Moerwijk",
            description="Samen tuinieren.",
            status="public",
            contact_name="Marie Vermeulen",
        )
        initiative_review(
            actor=gemeente, initiative=initiative, approve=False, reason="Geen adres."
        )
        initiative_update(
            actor=marie, initiative=initiative, description="Samen in Moerwijk."
        )
    return marie


# English labels, stored keys and codes that a resident should never read.
NOT_FOR_RESIDENTS = [
    r"Created at",
    r"initiatives\.",
    r"\bname:",
    r"\bapproved\b",
    r"\breason:",
    r"\b(description|carriers|target_groups|contact_name|is_fictional|owners)\b",
    r"\b(review|public)\b",
    r"Stafstatus",
    r"Datum toegetreden",
    r"Laatste aanmelding",
    r"Voornaam",
    r"Achternaam",
    r"\b(Subject|About|Member since|Last logged in|Added on)\b",
    r"<unknown>",
]


def _assert_reads_as_dutch(text: str) -> None:
    text = " ".join(text.split())
    for pattern in NOT_FOR_RESIDENTS:
        assert not re.search(pattern, text), pattern
    for expected in (
        "Lid sinds",
        "Laatst ingelogd",
        "Toegevoegd op",
        "De gemeente heeft uw initiatief gecontroleerd",
        'Uw initiatief "Moestuin Moerwijk" is nog niet gepubliceerd',
        "De reden: Geen adres.",
        "Naam: – → Moestuin Moerwijk",
        "Status: – → wacht op een controle",
        "Omschrijving: Samen tuinieren. → Samen in Moerwijk.",
        "Over Initiatief: Moestuin Moerwijk",
    ):
        assert expected in text, expected


def _words(value) -> str:
    """The keys and values of the JSON download as one text, as a reader sees them."""
    if isinstance(value, dict):
        return " ".join(f"{key} {_words(item)}" for key, item in value.items())
    if isinstance(value, list):
        return " ".join(_words(item) for item in value)
    return str(value)


def test_the_json_download_reads_as_dutch(client, with_initiative):
    client.force_login(with_initiative)
    data = json.loads(client.get(JSON_URL).content)
    _assert_reads_as_dutch(_words(data["sections"]))


def test_the_pdf_download_reads_as_dutch(client, with_initiative):
    client.force_login(with_initiative)
    pdf = PdfReader(io.BytesIO(client.get(PDF_URL).content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    _assert_reads_as_dutch(text)
    # Each changed field on a line of its own, not all joined by ";".
    assert ";" not in text


# Erasing ------------------------------------------------------------------------------


def test_a_wrong_password_refuses_the_erasure_with_a_dutch_error(client, marie):
    client.force_login(marie)
    response = client.post(
        OVERVIEW, {"password": "fout-wachtwoord", "understood": "on"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["password"] == ["Dit wachtwoord klopt niet."]
    assert "Dit wachtwoord klopt niet." in response.content.decode()
    assert User.objects.filter(pk=marie.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ERASE).exists()


def test_without_the_tick_nothing_is_erased(client, marie):
    client.force_login(marie)
    response = client.post(OVERVIEW, {"password": TEST_PASSWORD})
    assert response.status_code == 400
    error = "Zet een vinkje om te laten zien dat u dit begrijpt."
    assert response.context["form"].errors["understood"] == [error]
    assert error in response.content.decode()
    assert User.objects.filter(pk=marie.pk).exists()


def test_erasure_logs_out_and_confirms_in_dutch(client, marie):
    client.force_login(marie)
    response = client.post(
        OVERVIEW, {"password": TEST_PASSWORD, "understood": "on"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:personal_data_erased")
    page = response.content.decode()
    assert "Uw account is gewist" in page
    assert "U bent uitgelogd" in page
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.filter(pk=marie.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASE)
    assert "marie" not in _text([entry.target_repr, entry.changes]).lower()
    assert entry.changes["via"] == "page"
    # The confirmation shows once; later visits go to the home page.
    assert client.get(reverse("accounts:personal_data_erased")).status_code == 302


def test_a_demo_account_cannot_be_erased(client, db):
    demo = UserFactory(is_demo=True)
    client.force_login(demo)
    response = client.post(OVERVIEW, {"password": TEST_PASSWORD, "understood": "on"})
    assert response.status_code == 200
    assert "demo-account" in response.content.decode()
    assert User.objects.filter(pk=demo.pk).exists()


# Rate limits ---------------------------------------------------------------------------


def test_downloads_are_rate_limited(client, marie, settings):
    settings.RATELIMIT_PERSONAL_DATA = "2/h"
    client.force_login(marie)
    assert client.get(JSON_URL).status_code == 200
    assert client.get(JSON_URL).status_code == 200
    assert client.get(PDF_URL).status_code == 429


def test_erasure_attempts_are_rate_limited(client, marie, settings):
    settings.RATELIMIT_ERASE = "2/h"
    client.force_login(marie)
    for _ in range(2):
        client.post(OVERVIEW, {"password": "fout", "understood": "on"})
    response = client.post(OVERVIEW, {"password": TEST_PASSWORD, "understood": "on"})
    assert response.status_code == 429
    assert User.objects.filter(pk=marie.pk).exists()
    # Looking at the page still works.
    assert client.get(OVERVIEW).status_code == 200
