"""The progress page /taken/<id>/: who may see it, the htmx fragment that polls, the
result link and the Dutch error."""

from django.urls import reverse

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.core.models import TaskProgress

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "owner", "other_user", "gemeente", "beheerder"]


@pytest.fixture
def owner():
    return UserFactory(roles=["bewoner"])


@pytest.fixture
def record(owner):
    return TaskProgress.objects.create(
        kind="test.sample",
        title="Rapport <b>maken</b>",
        owner=owner,
        status=TaskProgress.Status.RUNNING,
        done=30,
        total=120,
        message="Pagina's maken",
    )


def _login(client, role, owner):
    users = {
        "owner": owner,
        "other_user": UserFactory(roles=["bewoner"]),
        "gemeente": UserFactory(roles=["gemeente"]),
        "beheerder": UserFactory(roles=["beheerder"]),
    }
    if role in users:
        client.force_login(users[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_and_beheerders_can_see_a_task(client, owner, record, role):
    _login(client, role, owner)
    response = client.get(record.get_absolute_url())
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif role in ("owner", "beheerder"):
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_owner_sees_a_progress_bar_with_text_that_polls(client, owner, record):
    client.force_login(owner)
    page = client.get(record.get_absolute_url()).content.decode()
    assert "<h1" in page and "Rapport &lt;b&gt;maken&lt;/b&gt;" in page
    assert 'aria-live="polite"' in page
    assert '<progress class="task-progress__bar"' in page
    assert 'max="120" value="30"' in page
    assert "30 van 120 klaar (25%)." in page
    assert "Bezig:" in page and "Pagina&#x27;s maken" in page
    assert f'hx-get="{record.get_absolute_url()}"' in page
    assert 'hx-trigger="every 1s"' in page


def test_polling_gets_the_fragment_and_nothing_while_unchanged(client, owner, record):
    client.force_login(owner)
    url = record.get_absolute_url()
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html and "task-progress__body" in html
    unchanged = client.get(url, {"gezien": record.state_key}, HTTP_HX_REQUEST="true")
    assert unchanged.status_code == 204
    TaskProgress.objects.filter(pk=record.pk).update(done=90)
    record.refresh_from_db()
    changed = client.get(url, {"gezien": "running:25:0"}, HTTP_HX_REQUEST="true")
    assert changed.status_code == 200
    assert "90 van 120 klaar (75%)." in changed.content.decode()


def test_finished_task_stops_the_polling_and_shows_the_result(client, owner, record):
    TaskProgress.objects.filter(pk=record.pk).update(
        status=TaskProgress.Status.DONE,
        done=120,
        message="",
        result_url="/kansrijkheid/rondes/1/rapport/",
        result_label="Download het rapport",
    )
    client.force_login(owner)
    fragment = client.get(record.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 286  # htmx stops polling, and still swaps
    html = fragment.content.decode()
    assert 'href="/kansrijkheid/rondes/1/rapport/"' in html
    assert "Download het rapport" in html
    assert "hx-trigger" not in html
    page = client.get(record.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page and "Klaar." in page


def test_failed_task_shows_the_dutch_error_only(client, owner, record):
    TaskProgress.objects.filter(pk=record.pk).update(
        status=TaskProgress.Status.FAILED, error="Regel 3 heeft geen naam."
    )
    client.force_login(owner)
    fragment = client.get(record.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 286
    html = fragment.content.decode()
    assert "Niet afgemaakt." in html and "Regel 3 heeft geen naam." in html
    assert "utrecht-alert--error" in html


def test_waiting_long_says_the_work_has_not_started(client, owner, record):
    import datetime

    from django.utils import timezone

    TaskProgress.objects.filter(pk=record.pk).update(
        status=TaskProgress.Status.WAITING,
        total=0,
        created_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    client.force_login(owner)
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Wacht:" in page
    assert "Het duurt langer dan normaal" in page
    assert "Nog niet bekend hoe lang dit duurt." in page


def test_unknown_task_is_not_found(client, owner):
    client.force_login(owner)
    response = client.get(
        reverse("core:task_progress", args=["8d6c1f0e-0000-4000-8000-000000000000"])
    )
    assert response.status_code == 404


def test_each_message_of_a_failure_shows_on_a_line_of_its_own(client, owner, record):
    TaskProgress.objects.filter(pk=record.pk).update(
        status=TaskProgress.Status.FAILED,
        error="Regel 3: de naam is leeg.\nRegel 7: <b>onbekend</b> soort.",
    )
    client.force_login(owner)
    html = client.get(record.get_absolute_url()).content.decode()
    assert (
        "Regel 3: de naam is leeg.<br>Regel 7: &lt;b&gt;onbekend&lt;/b&gt; soort."
        in html
    )


REPORT = {
    "ok": False,
    "problem_count": 2,
    "problems": [
        {"line": 4, "column": "fase", "message": "Onbekende fase.", "sheet": ""},
        {"line": 2, "column": "naam", "message": "De naam is <leeg>.", "sheet": ""},
    ],
    "notes": [],
}


def test_failed_import_shows_every_problem_with_line_and_column(client, owner, record):
    TaskProgress.objects.filter(pk=record.pk).update(
        status=TaskProgress.Status.FAILED,
        error="Er is niets geïmporteerd.",
        report=REPORT,
    )
    client.force_login(owner)
    for html in (
        client.get(record.get_absolute_url()).content.decode(),
        client.get(record.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode(),
    ):
        assert 'id="import-errors"' in html
        assert "het bestand heeft 2 fouten" in html
        lines = [html.index('numeric-data">2</td>'), html.index('numeric-data">4</td>')]
        assert lines == sorted(lines)  # by line
        assert '<td class="utrecht-table__cell">naam</td>' in html
        assert "De naam is &lt;leeg&gt;." in html
        assert "Niet afgemaakt." not in html


def test_done_import_shows_its_notes_beside_the_result(client, owner, record):
    TaskProgress.objects.filter(pk=record.pk).update(
        status=TaskProgress.Status.DONE,
        message="2 initiatieven geïmporteerd",
        result_url="/initiatieven/",
        report={"ok": True, "problem_count": 0, "problems": [], "notes": ["Let op é."]},
    )
    client.force_login(owner)
    html = client.get(record.get_absolute_url()).content.decode()
    assert "2 initiatieven geïmporteerd" in html and 'href="/initiatieven/"' in html
    assert "Let op é." in html and 'id="import-errors"' not in html


def test_another_user_cannot_see_an_import_report(client, owner, record):
    TaskProgress.objects.filter(pk=record.pk).update(
        status=TaskProgress.Status.FAILED, report=REPORT
    )
    client.force_login(UserFactory(roles=["gemeente"]))
    assert client.get(record.get_absolute_url()).status_code == 404
