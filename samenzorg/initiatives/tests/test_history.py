"""The history page of an initiative: who changed what, for municipal staff only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

import pytest

from samenzorg.initiatives import services
from samenzorg.initiatives.models import Initiative

from .factories import UserFactory, publishes_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_initiative(initiatiefnemer, gemeente_user):
    publishes_at_once(initiatiefnemer)
    initiative = services.initiative_create(
        actor=initiatiefnemer,
        name="Buurtkamer <b>De Linde</b>",
        maturity=Initiative.Maturity.IDEA,
        contact_email="linde@example.nl",
        status=Initiative.Status.PUBLIC,
    )
    services.initiative_update(
        actor=gemeente_user,
        initiative=initiative,
        maturity=Initiative.Maturity.ACTIVE,
        name="Buurtkamer De Linde",
    )
    return initiative


def history_url(initiative):
    return reverse("initiatives:history", args=[initiative.pk])


@pytest.mark.parametrize("role", ["gemeente", "beheerder"])
def test_staff_see_who_changed_what_with_old_and_new_values(
    client, users_by_role, changed_initiative, gemeente_user, role
):
    client.force_login(users_by_role[role])
    response = client.get(history_url(changed_initiative))
    assert response.status_code == 200
    html = response.content.decode()
    entries = response.context["entries"]
    assert [e["entry"].action for e in entries] == ["update", "create"]
    update_rows = {row["field"]: (row["old"], row["new"]) for row in entries[0]["rows"]}
    maturity_label = str(Initiative._meta.get_field("maturity").verbose_name)
    name_label = str(Initiative._meta.get_field("name").verbose_name)
    assert update_rows[maturity_label] == (
        str(Initiative.Maturity.IDEA.label),
        str(Initiative.Maturity.ACTIVE.label),
    )
    assert update_rows[name_label] == (
        "Buurtkamer <b>De Linde</b>",
        "Buurtkamer De Linde",
    )
    # Names and values are escaped, never rendered as markup.
    assert "Buurtkamer <b>De Linde</b>" not in html
    assert escape("Buurtkamer <b>De Linde</b>") in html
    assert escape(str(gemeente_user)) in html
    assert "<caption" in html
    assert 'scope="col"' in html


def test_anonymous_is_sent_to_login_for_history(client, changed_initiative):
    response = client.get(history_url(changed_initiative))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["owner", "other_initiator", "bewoner"])
def test_owner_and_others_may_not_see_history_of_public_initiative(
    client, users_by_role, changed_initiative, role
):
    client.force_login(users_by_role[role])
    assert client.get(history_url(changed_initiative)).status_code == 403


def test_history_of_invisible_initiative_is_404_for_others(
    client, other_initiator, initiatiefnemer
):
    concept = services.initiative_create(actor=initiatiefnemer, name="Concept")
    client.force_login(other_initiator)
    assert client.get(history_url(concept)).status_code == 404
    client.force_login(initiatiefnemer)
    assert client.get(history_url(concept)).status_code == 403


def test_history_of_unknown_initiative_is_404(client, gemeente_user):
    client.force_login(gemeente_user)
    response = client.get(reverse("initiatives:history", args=[999999]))
    assert response.status_code == 404


def test_history_query_count_does_not_grow_with_entries(client, gemeente_user):
    initiative = services.initiative_create(actor=gemeente_user, name="Teller")
    client.force_login(gemeente_user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(history_url(initiative)).status_code == 200
        return len(captured)

    editors = [UserFactory(roles=["gemeente"]) for _ in range(3)]
    for n in range(2):
        services.initiative_update(
            actor=editors[n % 3], initiative=initiative, name=f"Teller {n}"
        )
    few = queries()
    for n in range(2, 30):
        services.initiative_update(
            actor=editors[n % 3], initiative=initiative, name=f"Teller {n}"
        )
    assert queries() == few


@pytest.mark.parametrize(
    "who", ["owner", "other_initiator", "gemeente", "area_gemeente", "other_area"]
)
def test_history_link_and_history_page_give_one_answer(
    client, users_by_role, area_tree, initiatiefnemer, gemeente_user, who
):
    initiative = services.initiative_create(
        actor=initiatiefnemer,
        name="Buurtkamer Moerwijk",
        latitude=52.05,
        longitude=4.295,
        areas=[area_tree["moerwijk_buurt"], area_tree["moerwijk"]],
        status=Initiative.Status.PUBLIC,
    )
    user = {
        "area_gemeente": lambda: UserFactory(roles=[("gemeente", area_tree["escamp"])]),
        "other_area": lambda: UserFactory(roles=[("gemeente", area_tree["segbroek"])]),
    }.get(who, lambda: users_by_role[who])()
    client.force_login(user)
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk]))
    shows_link = history_url(initiative) in detail.content.decode()
    page = client.get(history_url(initiative))
    assert shows_link is (page.status_code == 200)
    assert shows_link is (who in ("gemeente", "area_gemeente"))
