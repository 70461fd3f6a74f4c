"""What keeps the list fast at national scale: trigram search, cached figures."""

import re

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

import pytest

from samenzorg.initiatives import selectors
from samenzorg.initiatives.forms import FilterForm
from samenzorg.initiatives.models import Initiative
from samenzorg.initiatives.search import normalise
from samenzorg.initiatives.selectors import (
    initiative_count,
    initiative_counts_by_area,
    initiative_list,
)
from samenzorg.initiatives.services import (
    initiative_archive,
    initiative_create,
    initiative_update,
)

from .factories import InitiativeFactory, publishes_at_once

pytestmark = pytest.mark.django_db

TEXTS = [
    "Zorgcoöperatie Noordelijk Scheveningen",
    "Café De Buurtkamer: koffie & een praatje",
    'Het "Open Huis" van 100% vrijwilligers',
    "Straße-feest in de_wijk",
    "Mantelzorg-steunpunt Escamp",
    "ai",
]
QUERIES = [
    "zorgcooperatie",
    "ZORGCOÖPERATIE noord",
    "cafe",
    "café de",
    "koffie &",
    '"open',
    "100%",
    "de_wijk",
    "strasse",
    "zorg",
    "ai",
    "a",
    "of",
    "g-s",
    "e",
    "%",
    "_",
    "niets-dat-bestaat",
]


def _names(qs):
    return sorted(i.name for i in qs)


def _like(q):
    """The plain LIKE semantics the search had before the trigram index."""
    qs = Initiative.objects.filter(status=Initiative.Status.PUBLIC)
    for word in normalise(q).split(" ") if normalise(q) else []:
        qs = qs.filter(search_text__contains=word)
    return _names(qs)


@pytest.fixture
def texts(db):
    for text in TEXTS:
        InitiativeFactory(name=text, description="", public=True)


@pytest.mark.parametrize("q", QUERIES)
def test_search_gives_exactly_what_like_gives(texts, q):
    assert _names(initiative_list(user=AnonymousUser(), q=q)) == _like(q)


def test_search_follows_updates_and_deletes(texts):
    initiative = Initiative.objects.get(name=TEXTS[4])
    Initiative.objects.filter(pk=initiative.pk).update(search_text="valkenbos")
    anonymous = AnonymousUser()
    assert _names(initiative_list(user=anonymous, q="valkenbos")) == [TEXTS[4]]
    assert _names(initiative_list(user=anonymous, q="mantelzorg")) == []
    initiative.delete()
    assert _names(initiative_list(user=anonymous, q="valkenbos")) == []


def test_sqlite_search_triggers_exist():
    """A later migration that remakes the table must create them again."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'initiatives_initiative'"
        )
        names = {row[0] for row in cursor.fetchall()}
    table = selectors.SEARCH_TABLE
    assert {f"{table}_insert", f"{table}_update", f"{table}_delete"} <= names


def test_sqlite_search_uses_the_trigram_table(texts):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    sql = str(initiative_list(user=AnonymousUser(), q="koffie").query)
    assert selectors.SEARCH_TABLE in sql
    short = str(initiative_list(user=AnonymousUser(), q="ai").query)
    assert selectors.SEARCH_TABLE not in short


def test_postgresql_has_a_trigram_index_on_search_text():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = "
            "'initiatives_initiative' AND indexname = 'initiatives_search_text_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition


# Cached figures ------------------------------------------------------------------


def test_counts_and_total_are_cached_until_an_initiative_changes(
    area_tree, initiatiefnemer, gemeente_user, django_assert_num_queries
):
    anonymous = AnonymousUser()
    publishes_at_once(initiatiefnemer)
    initiative = initiative_create(
        actor=initiatiefnemer,
        name="Eerste",
        areas=[area_tree["moerwijk"]],
        status="public",
    )

    def escamp():
        rows = initiative_counts_by_area(user=anonymous)
        return next(r["count"] for r in rows if r["area"].code == "SD0518-escamp")

    assert escamp() == 1
    assert initiative_count(user=anonymous) == 1
    with django_assert_num_queries(0):
        assert escamp() == 1
        assert initiative_count(user=anonymous) == 1

    initiative_create(
        actor=initiatiefnemer,
        name="Tweede",
        areas=[area_tree["moerwijk_buurt"]],
        status="public",
    )
    assert escamp() == 2
    assert initiative_count(user=anonymous) == 2

    initiative_update(
        actor=initiatiefnemer, initiative=initiative, areas=[area_tree["valkenbos"]]
    )
    assert escamp() == 1

    initiative_archive(actor=gemeente_user, initiative=initiative)
    assert initiative_count(user=anonymous) == 1


def test_writes_outside_the_services_also_make_the_figures_stale(area_tree):
    anonymous = AnonymousUser()
    assert initiative_count(user=anonymous) == 0
    InitiativeFactory(public=True, areas=[area_tree["moerwijk"]])
    assert initiative_count(user=anonymous) == 1


def test_cached_figures_are_kept_apart_per_visibility(
    users_by_role, area_tree, django_assert_num_queries
):
    owner = users_by_role["owner"]
    InitiativeFactory(public=True, areas=[area_tree["moerwijk"]])
    InitiativeFactory(concept=True, owners=[owner], areas=[area_tree["moerwijk"]])
    InitiativeFactory(archived=True, areas=[area_tree["moerwijk"]])
    expected = {
        "anonymous": 1,
        "bewoner": 1,
        "other_initiator": 1,
        "owner": 2,
        "gemeente": 3,
        "beheerder": 3,
    }
    for _ in range(2):  # cold, then from the cache
        for role, count in expected.items():
            assert initiative_count(user=users_by_role[role]) == count, role
            rows = initiative_counts_by_area(user=users_by_role[role])
            by_code = {r["area"].code: r["count"] for r in rows}
            assert by_code["SD0518-escamp"] == count, role
    # A resident without concept initiatives shares the public entries.
    assert selectors.visibility_class(users_by_role["bewoner"]) == "public"
    assert selectors.visibility_class(users_by_role["owner"]) != "public"


def test_cached_figures_follow_search_and_filters(area_tree):
    anonymous = AnonymousUser()
    InitiativeFactory(name="Wandelgroep", public=True, domains=["sport"])
    InitiativeFactory(name="Buurtkamer", public=True, domains=["ontmoeting"])
    assert initiative_count(user=anonymous) == 2
    assert initiative_count(user=anonymous, q="wandel") == 1
    assert initiative_count(user=anonymous, filters={"domain": "sport"}) == 1
    assert initiative_count(user=anonymous, filters={"domain": "geen"}) == 0


def test_list_page_shows_the_cached_total_and_counts(client, area_tree):
    InitiativeFactory.create_batch(3, public=True, areas=[area_tree["moerwijk"]])
    first = client.get(reverse("initiatives:list"))
    second = client.get(reverse("initiatives:list"))
    for response in (first, second):
        assert response.context["count"] == 3
        escamp = next(
            r
            for r in response.context["area_links"]
            if r["area"].code == "SD0518-escamp"
        )
        assert escamp["count"] == 3


# The area field -------------------------------------------------------------------


def test_area_field_is_a_text_field_that_keeps_the_choice(area_tree):
    form = FilterForm({"area": "WK051836"})
    html = str(form["area"])
    assert html.startswith('<input type="text" name="area" value="Moerwijk"')
    assert 'id="id_area"' in html and "data-area-combobox" in html
    assert "<option" not in html
    assert form.values()["area"] == "WK051836"


def test_area_field_escapes_names(area_tree):
    area_tree["escamp"].name = "<b>Escamp</b>"
    area_tree["escamp"].save()
    html = str(FilterForm({"area": "SD0518-escamp"})["area"])
    assert "<b>" not in html
    assert 'value="&lt;b&gt;Escamp&lt;/b&gt;"' in html


def test_list_page_has_a_labelled_area_field(client, area_tree):
    html = client.get(reverse("initiatives:list")).content.decode()
    assert '<label class="utrecht-form-label" for="id_area">' in html
    field = re.search(r"<input[^>]*>", html[html.index('for="id_area"') :])
    assert 'name="area"' in field.group() and 'id="id_area"' in field.group()
    assert "<optgroup" not in html
