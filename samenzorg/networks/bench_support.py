"""Measuring the map page's JSON, for bench/networks_bench.py (needs a test database)."""

import random
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenzorg.accounts.models import Role, RoleAssignment, User

from . import services
from .models import Actor, ActorType, NetworkMap, Tie


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
    # Bulk-loaded data has no stored analysis yet: the first read computes it once.
    start = time.perf_counter()
    response = client.get(url)
    unstored = time.perf_counter() - start
    # An edit through the services stores the new analysis after its commit.
    network_actor = network_map.actors.order_by("pk").first()
    start = time.perf_counter()
    services.actor_update(actor=user, network_actor=network_actor, name="Actor edited")
    edit = time.perf_counter() - start
    # Cold: the first request after the edit.
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
    return {
        "unstored": unstored,
        "edit": edit,
        "cold": cold,
        "cold_queries": cold_queries,
        "warm": sorted(warm_times)[len(warm_times) // 2],
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
        "ties": len(pairs),
    }
