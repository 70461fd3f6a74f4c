"""After warming, the first visitor of the list and the map pays no cache fill."""

import io

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenzorg.core import registry
from samenzorg.core.warm import warm_caches

from .factories import InitiativeFactory


def test_every_app_with_a_cache_declares_a_warmer():
    names = [w.warmer for w in registry.cache_warmers()]
    assert "samenzorg.areas.warm.warm_areas" in names
    assert "samenzorg.initiatives.warm.warm_list" in names


def test_first_requests_after_warming_ask_few_queries(
    client, area_tree, django_assert_num_queries
):
    for i in range(5):
        InitiativeFactory(name=f"Initiatief {i}", areas=[area_tree["moerwijk"]])
    cache.clear()
    assert all(not error for _w, _s, error in warm_caches())
    # Only the tags, the page of rows and its four prefetches are read; the counts,
    # the total and the area index come from the warm caches.
    with django_assert_num_queries(6):
        assert client.get(reverse("initiatives:list")).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(reverse("areas:overview")).status_code == 200
    with django_assert_num_queries(0):
        url = reverse("areas:shapes", args=["wijk"])
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(reverse("areas:search"), {"q": "moer"}).status_code == 200


def test_cold_first_request_asks_more(client, area_tree):
    InitiativeFactory(name="Initiatief", areas=[area_tree["moerwijk"]])
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(reverse("initiatives:list"))
    assert len(cold.captured_queries) > 6


def test_the_command_warms_and_reports(db):
    out = io.StringIO()
    call_command("warm_caches", stdout=out)
    assert "samenzorg.areas.warm.warm_areas" in out.getvalue()
