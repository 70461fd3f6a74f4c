"""Work moved off the request: the results PDF and the choice of areas from many areas
run as background tasks with progress (at once here: the immediate backend)."""

from unittest.mock import patch

from django.core.files.storage import default_storage
from django.urls import reverse

import pytest

from samenzorg.assessment import exports, services
from samenzorg.assessment.models import Scenario
from samenzorg.assessment.tasks import REPORT_KIND, SCENARIO_KIND
from samenzorg.core.models import TaskProgress

from .factories import scenario_form_data

pytestmark = pytest.mark.django_db


def _make_pdf(client, user, round_, capture, **headers):
    client.force_login(user)
    with capture(execute=True):
        return client.post(
            reverse("assessment:round_report_start", args=[round_.pk]), **headers
        )


def test_facilitator_makes_the_pdf_in_the_background_and_downloads_it(
    client, facilitator, scored_round, django_capture_on_commit_callbacks
):
    response = _make_pdf(
        client, facilitator, scored_round, django_capture_on_commit_callbacks
    )
    report = TaskProgress.objects.get(kind=REPORT_KIND)
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.status == TaskProgress.Status.DONE and report.owner == facilitator
    assert (report.done, report.total) == (3, 3)
    assert report.result_url == reverse(
        "assessment:round_report", args=[scored_round.pk, report.pk]
    )
    assert report.result_file.startswith(f"taken/{report.pk}/kansrijkheid-")
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Download het verslag (pdf)" in page
    pdf = client.get(report.result_url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content)[:4] == b"%PDF"


def test_with_htmx_the_results_page_gets_the_progress_component(
    client, facilitator, scored_round, django_capture_on_commit_callbacks
):
    response = _make_pdf(
        client,
        facilitator,
        scored_round,
        django_capture_on_commit_callbacks,
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    report = TaskProgress.objects.get(kind=REPORT_KIND)
    assert response.status_code == 200 and "<html" not in html
    assert 'aria-live="polite"' in html  # the component, asking for news
    assert f'hx-get="{report.get_absolute_url()}"' in html
    polled = client.get(report.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert "Download het verslag (pdf)" in polled.content.decode()
    # Back on the results page later, the last report is still there.
    page = client.get(reverse("assessment:round_results", args=[scored_round.pk]))
    assert "Download het verslag (pdf)" in page.content.decode()
    assert "Maak het verslag opnieuw" in page.content.decode()


@pytest.mark.parametrize(
    "who", ["anonymous", "bewoner", "other_facilitator", "gemeente", "beheerder"]
)
def test_only_who_may_see_the_results_may_download_the_pdf(
    client,
    request,
    facilitator,
    scored_round,
    who,
    django_capture_on_commit_callbacks,
):
    _make_pdf(client, facilitator, scored_round, django_capture_on_commit_callbacks)
    report = TaskProgress.objects.get(kind=REPORT_KIND)
    client.logout()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(report.result_url)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif who in ("gemeente", "beheerder"):
        assert response.status_code == 200
    else:
        assert response.status_code == 404
    # Someone else's progress page stays closed, also to who may download the PDF.
    follow = client.get(report.get_absolute_url())
    assert follow.status_code == {"anonymous": 302, "beheerder": 200}.get(who, 404)


def test_published_results_pdf_is_public_but_making_one_needs_a_login(
    client, facilitator, scored_round, django_capture_on_commit_callbacks
):
    scored_round.is_published = True
    scored_round.save()
    _make_pdf(client, facilitator, scored_round, django_capture_on_commit_callbacks)
    report = TaskProgress.objects.get(kind=REPORT_KIND)
    client.logout()
    assert client.get(report.result_url).status_code == 200
    start = client.post(
        reverse("assessment:round_report_start", args=[scored_round.pk])
    )
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("accounts:login"))
    assert TaskProgress.objects.filter(kind=REPORT_KIND).count() == 1


def test_who_may_not_see_the_results_cannot_start_a_pdf(
    client, bewoner, scored_round, django_capture_on_commit_callbacks
):
    response = _make_pdf(
        client, bewoner, scored_round, django_capture_on_commit_callbacks
    )
    assert response.status_code == 404
    assert not TaskProgress.objects.exists()


def test_failed_pdf_stores_nothing_and_says_so_in_dutch(
    client, facilitator, scored_round, django_capture_on_commit_callbacks
):
    with patch.object(exports, "results_pdf_bytes", side_effect=OSError("no fonts")):
        _make_pdf(client, facilitator, scored_round, django_capture_on_commit_callbacks)
    report = TaskProgress.objects.get(kind=REPORT_KIND)
    assert report.status == TaskProgress.Status.FAILED
    assert report.error.startswith("Er ging iets mis") and "fonts" not in report.error
    assert report.result_file == ""
    assert not default_storage.exists(f"taken/{report.pk}")
    page = client.get(reverse("assessment:round_results", args=[scored_round.pk]))
    assert "Niet afgemaakt." in page.content.decode()
    assert (
        client.get(
            reverse("assessment:round_report", args=[scored_round.pk, report.pk])
        ).status_code
        == 404
    )


# --- choosing areas ---------------------------------------------------------


@pytest.fixture
def many_areas(monkeypatch):
    """Six wijken count as many: the choice goes to the background."""
    monkeypatch.setattr(services, "SCENARIO_IN_BACKGROUND_FROM", 6)


def test_choice_from_many_areas_runs_as_a_task_with_progress(
    client, gemeente, small_city, many_areas, django_capture_on_commit_callbacks
):
    client.force_login(gemeente)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            reverse("assessment:scenario_create"), scenario_form_data(small_city)
        )
    scenario = Scenario.objects.get(title="Spreiding")
    assert response.status_code == 302 and scenario.result is None
    run = TaskProgress.objects.get(kind=SCENARIO_KIND)
    assert run.status == TaskProgress.Status.WAITING and run.owner == gemeente
    detail = reverse("assessment:scenario_detail", args=[scenario.pk])
    waiting = client.get(detail).content.decode()
    assert "Daarom wordt de keuze op de achtergrond gemaakt" in waiting
    assert f'hx-get="/taken/{run.pk}/"' in waiting
    assert len(queued) == 1
    queued[0]()
    run.refresh_from_db()
    assert run.status == TaskProgress.Status.DONE and run.result_url == detail
    scenario.refresh_from_db()
    assert scenario.result["selected"] == ["WK051805", "WK051804"]
    done = client.get(detail).content.decode()
    assert "op de achtergrond" not in done and "Wijk &lt;b&gt;5&lt;/b&gt;" in done


def test_few_areas_are_chosen_in_the_request(
    client, gemeente, small_city, django_capture_on_commit_callbacks
):
    client.force_login(gemeente)
    with django_capture_on_commit_callbacks() as queued:
        client.post(
            reverse("assessment:scenario_create"), scenario_form_data(small_city)
        )
    assert queued == []
    assert Scenario.objects.get(title="Spreiding").result["selected"]
    assert not TaskProgress.objects.exists()


def test_a_run_for_an_older_version_of_the_scenario_stores_nothing(
    gemeente, small_city, many_areas, django_capture_on_commit_callbacks
):
    spec = [{"variable": small_city["variable"].pk, "direction": 1, "weight": 1}]
    with django_capture_on_commit_callbacks() as first:
        scenario = services.scenario_create(
            actor=gemeente, title="Eerst", level="wijk", indicators=spec, k=1
        )
    with django_capture_on_commit_callbacks() as second:
        services.scenario_update(actor=gemeente, scenario=scenario, k=3)
    first[0]()  # the older run: finds a newer scenario, stores nothing
    scenario.refresh_from_db()
    assert scenario.result is None
    second[0]()
    scenario.refresh_from_db()
    assert len(scenario.result["selected"]) == 3
    assert TaskProgress.objects.filter(status=TaskProgress.Status.DONE).count() == 2


def test_other_staff_see_that_the_choice_is_being_made(
    client,
    gemeente,
    beheerder,
    small_city,
    many_areas,
    django_capture_on_commit_callbacks,
):
    from samenzorg.accounts.tests.factories import UserFactory

    spec = [{"variable": small_city["variable"].pk, "direction": 1, "weight": 1}]
    with django_capture_on_commit_callbacks():
        scenario = services.scenario_create(
            actor=gemeente, title="Later", level="wijk", indicators=spec, k=1
        )
    client.force_login(UserFactory(roles=["gemeente"]))
    html = client.get(
        reverse("assessment:scenario_detail", args=[scenario.pk])
    ).content.decode()
    assert "Laad de pagina over een tijdje opnieuw." in html
    assert "/taken/" not in html
    client.force_login(beheerder)
    html = client.get(
        reverse("assessment:scenario_detail", args=[scenario.pk])
    ).content.decode()
    assert "/taken/" in html
