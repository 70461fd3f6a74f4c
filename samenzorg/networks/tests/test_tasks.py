"""The analysis of a large map runs as a background task after a change: one run for
several changes, reads never compute, and the page says its figures are being updated."""

from unittest.mock import patch

from django.urls import reverse

import pytest

from samenzorg.core.models import TaskProgress
from samenzorg.networks import algorithms, selectors, services
from samenzorg.networks.tasks import ANALYSIS_KIND, analysis_subject

from .factories import ActorFactory
from .map_json import page_actors

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch, network_map):
    """The three-actor map of the fixtures, counted as large."""
    monkeypatch.setattr(selectors, "ANALYSIS_IN_BACKGROUND_FROM", 3)
    selectors.network_map_analyse(network_map=network_map)  # figures before the edits
    return network_map


def _runs(network_map):
    return TaskProgress.objects.filter(
        kind=ANALYSIS_KIND, subject=analysis_subject(network_map.pk)
    )


def _edit_three_times(network_map, user, django_capture_on_commit_callbacks):
    """Three edits; returns the queued task runs (not run yet)."""
    with django_capture_on_commit_callbacks() as after_edits:
        for n in range(3):
            services.actor_update(
                actor=user,
                network_actor=network_map.actors.get(key="b"),
                name=f"Bewonersgroep Zuid {n}",
            )
    with django_capture_on_commit_callbacks() as queued:
        for callback in after_edits:
            callback()
    return queued


def test_several_edits_of_a_large_map_give_one_run_of_the_newest_state(
    users, large, django_capture_on_commit_callbacks
):
    user = users["procesbegeleider"]
    queued = _edit_three_times(large, user, django_capture_on_commit_callbacks)
    assert len(queued) == 1
    run = _runs(large).get()
    assert run.status == TaskProgress.Status.WAITING and run.owner == user
    with patch.object(
        selectors.algorithms, "analyse", side_effect=algorithms.analyse
    ) as analyse:
        queued[0]()
    assert analyse.call_count == 1
    run.refresh_from_db()
    assert run.status == TaskProgress.Status.DONE
    assert run.result_url == reverse("networks:detail", args=[large.pk])
    large.refresh_from_db()
    assert large.analysis_version == large.version  # the state after the third edit
    page = (
        selectors.map_rows(network_map=large, personal=False)[0],
        large.analysis_current,
    )
    assert page[1] is True
    assert "Bewonersgroep Zuid 2" in [a["label"] for a in page[0]]


def test_page_shows_the_last_figures_as_not_current_while_the_run_waits(
    client, users, large, django_capture_on_commit_callbacks
):
    editor = users["procesbegeleider"]
    _edit_three_times(large, editor, django_capture_on_commit_callbacks)
    client.force_login(editor)
    with patch.object(selectors.algorithms, "analyse", side_effect=AssertionError):
        page = client.get(reverse("networks:detail", args=[large.pk]))
        data = client.get(reverse("networks:data", args=[large.pk]))
    html = page.content.decode()
    assert "De cijfers worden bijgewerkt." in html
    assert "niet actueel" in html
    assert "Hieronder staan de cijfers van" in html
    assert f'hx-get="/taken/{_runs(large).get().pk}/"' in html  # the editor's run
    assert data.json()["current"] is False
    assert page_actors(data.json())[0]["degree"] > 0  # the stored figures


def test_others_see_the_notice_but_not_someone_elses_run(
    client, users, large, django_capture_on_commit_callbacks
):
    _edit_three_times(
        large, users["procesbegeleider"], django_capture_on_commit_callbacks
    )
    large.is_published = True
    large.save(update_fields=["is_published"])
    client.force_login(users["bewoner"])
    html = client.get(reverse("networks:detail", args=[large.pk])).content.decode()
    assert "De cijfers worden bijgewerkt." in html
    assert "Laad de pagina over een tijdje opnieuw." in html
    assert "/taken/" not in html


def test_reading_a_large_map_without_figures_queues_a_run_and_computes_nothing(
    client, users, monkeypatch, network_map, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(selectors, "ANALYSIS_IN_BACKGROUND_FROM", 3)
    client.force_login(users["procesbegeleider"])
    with (
        patch.object(selectors.algorithms, "analyse", side_effect=AssertionError),
        django_capture_on_commit_callbacks() as queued,
    ):
        data = client.get(reverse("networks:data", args=[network_map.pk])).json()
        client.get(reverse("networks:data", args=[network_map.pk]))
    assert data["current"] is False
    assert {a["degree"] for a in page_actors(data)} == {0}
    page = client.get(reverse("networks:detail", args=[network_map.pk]))
    html = page.content.decode()
    assert "Er zijn nog geen cijfers." in html
    assert "Het netwerk in cijfers" not in html  # no zeros that look like figures
    run = _runs(network_map).get()  # one, for the two reads
    assert run.owner is None and len(queued) == 1


def test_small_map_is_still_analysed_in_the_edit(
    users, network_map, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.actor_create(
            actor=users["procesbegeleider"], network_map=network_map, name="Nieuw"
        )
    network_map.refresh_from_db()
    assert network_map.analysis_version == network_map.version
    assert network_map.analysis["n_actors"] == 4
    assert not _runs(network_map).exists()


def test_failed_run_keeps_the_stored_figures_and_says_so(
    client, users, large, django_capture_on_commit_callbacks
):
    editor = users["procesbegeleider"]
    before = large.analysis
    queued = _edit_three_times(large, editor, django_capture_on_commit_callbacks)
    with patch.object(selectors.algorithms, "analyse", side_effect=MemoryError):
        queued[0]()
    run = _runs(large).get()
    assert run.status == TaskProgress.Status.FAILED
    assert run.error.startswith("Er ging iets mis")
    large.refresh_from_db()
    assert large.analysis == before and large.analysis_version < large.version
    client.force_login(editor)
    html = client.get(reverse("networks:detail", args=[large.pk])).content.decode()
    assert "Niet afgemaakt." in html and "Er ging iets mis" in html


def test_large_map_of_the_threshold_runs_in_the_background(network_map):
    for n in range(selectors.ANALYSIS_IN_BACKGROUND_FROM - 3):
        ActorFactory(network=network_map, key=f"extra-{n}")
    assert selectors.analysis_in_background(network_map=network_map) is True
    network_map.actors.filter(key="extra-0").delete()
    assert selectors.analysis_in_background(network_map=network_map) is False


def test_placeholder_figures_have_every_key_of_an_analysis(network_map):
    placeholder = selectors._empty_analysis(network_map)
    real = algorithms.analyse([], [], seed=0)
    assert set(real) - {"community_method"} <= set(placeholder)
    assert {"fragmentation", "as_of"} <= set(placeholder)
