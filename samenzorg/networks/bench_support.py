"""Measuring the map page's JSON and the edits, for bench/networks_bench.py (needs a
test database).

Each edit is measured twice: with the analysis in the request, as every edit ran before
large maps were analysed in the background (the threshold set above the map's size),
and as it runs now, queued for the task worker, which is then run once in this process.
"""

import contextlib
import random
import time
from statistics import median

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenzorg.accounts.models import Role, RoleAssignment, User
from samenzorg.core.models import TaskProgress

from . import selectors, services
from .models import Actor, ActorType, NetworkMap, Tie
from .tasks import ANALYSIS_KIND


@contextlib.contextmanager
def _analysis_in_the_request():
    saved = selectors.ANALYSIS_IN_BACKGROUND_FROM
    selectors.ANALYSIS_IN_BACKGROUND_FROM = 10**9
    try:
        yield
    finally:
        selectors.ANALYSIS_IN_BACKGROUND_FROM = saved


def _timed(fn, repeat=1):
    times = []
    for n in range(repeat):
        start = time.perf_counter()
        fn(n)
        times.append(time.perf_counter() - start)
    return median(times)


def _run_worker() -> float:
    start = time.perf_counter()
    call_command(
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "--interval=0",
        verbosity=0,
    )
    return time.perf_counter() - start


def _edits(client, user, network_map, network_actor, label) -> dict:
    """The service call and the two edit requests a browser sends."""
    edit_url = reverse("networks:actor_edit", args=[network_map.pk, network_actor.pk])
    add_url = reverse("networks:actor_add", args=[network_map.pk])

    def service(n):
        services.actor_update(
            actor=user, network_actor=network_actor, name=f"Actor {label} {n}"
        )

    def form(n):
        posted = client.post(edit_url, {"name": f"Form {label} {n}", "type": "overig"})
        if posted.status_code != 302:
            raise RuntimeError(f"actor form answered {posted.status_code}")

    def htmx(n):
        posted = client.post(
            add_url,
            {"name": f"New {label} {n}", "type": "overig"},
            HTTP_HX_REQUEST="true",
        )
        if posted.status_code != 200:
            raise RuntimeError(f"htmx editor answered {posted.status_code}")

    return {
        "service": _timed(service),
        "form": _timed(form, 5),
        "htmx": _timed(htmx, 3),
    }


def measure_map_json(*, actors: int = 2000, ties: int = 6000, seed: int = 1) -> dict:
    rng = random.Random(seed)  # noqa: S311
    user = User.objects.create_user(email="bench@example.nl", password=None)
    RoleAssignment.objects.create(user=user, role=Role.PROCESBEGELEIDER)
    network_map = NetworkMap.objects.create(name="Bench", scope=NetworkMap.Scope.REGION)
    types = [t.value for t in ActorType]
    Actor.objects.bulk_create(
        Actor(
            network=network_map, key=f"a{i}", name=f"Actor {i}", type=rng.choice(types)
        )
        for i in range(actors)
    )
    ids = list(network_map.actors.values_list("pk", flat=True))
    pairs = set()
    while len(pairs) < ties:
        a, b = rng.sample(ids, 2)
        pairs.add((min(a, b), max(a, b)))
    Tie.objects.bulk_create(
        Tie(
            network=network_map,
            source_actor_id=a,
            target_actor_id=b,
            strength=rng.randint(1, 3),
        )
        for a, b in pairs
    )
    client = Client()
    client.force_login(user)
    url = reverse("networks:data", args=[network_map.pk])
    network_actor = network_map.actors.order_by("pk").first()

    # Bulk-loaded data has no stored analysis yet.
    with _analysis_in_the_request():
        unstored_before = _timed(lambda n: client.get(url))
        before = _edits(client, user, network_map, network_actor, "before")
    NetworkMap.objects.filter(pk=network_map.pk).update(analysis=None)
    unstored_now = _timed(lambda n: client.get(url))
    worker_unstored = _run_worker()
    runs_before = TaskProgress.objects.filter(kind=ANALYSIS_KIND).count()
    now = _edits(client, user, network_map, network_actor, "now")
    runs = TaskProgress.objects.filter(kind=ANALYSIS_KIND).count() - runs_before
    worker_edits = _run_worker()
    network_map.refresh_from_db()
    if network_map.analysis_version != network_map.version:
        raise RuntimeError("the worker left the analysis out of date")

    # Cold: the first request after the edits and the worker's run.
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        cold = time.perf_counter() - start
    cold_queries = len(queries.captured_queries)
    warm_times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            warm_times.append(time.perf_counter() - start)
    if response.status_code != 200:
        raise RuntimeError(f"map JSON answered {response.status_code}")
    compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    return {
        "before": before,
        "now": now,
        "unstored_before": unstored_before,
        "unstored_now": unstored_now,
        "worker_unstored": worker_unstored,
        "worker_edits": worker_edits,
        "edits": 9,
        "runs": runs,
        "cold": cold,
        "cold_queries": cold_queries,
        "warm": median(warm_times),
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
        "gzip_bytes": len(compressed.content),
        "ties": len(pairs),
    }
