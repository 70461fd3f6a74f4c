"""A new account's first publication waits for the municipality's check."""

import re

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from samenzorg.core.models import Notification
from samenzorg.initiatives.models import Initiative
from samenzorg.initiatives.selectors import initiative_count, initiative_review_queue
from samenzorg.initiatives.services import (
    initiative_create,
    initiative_review,
    initiative_update,
)

from .factories import InitiativeFactory, UserFactory, publishes_at_once

pytestmark = pytest.mark.django_db


def _publish(actor, **extra):
    return initiative_create(
        actor=actor, name="Buurtkamer <b>Nieuw</b>", status="public", **extra
    )


@pytest.fixture
def waiting(initiatiefnemer, area_tree):
    return _publish(initiatiefnemer, areas=[area_tree["moerwijk"]])


def review_url(initiative):
    return reverse("initiatives:review", args=[initiative.pk])


QUEUE_URL = reverse("initiatives:review_queue")


# The rule --------------------------------------------------------------------------


def test_a_new_accounts_first_publication_waits_and_is_not_public(waiting):
    assert waiting.status == Initiative.Status.REVIEW
    assert waiting.published_at is None
    assert initiative_count(user=AnonymousUser()) == 0


@pytest.mark.parametrize("role", ["gemeente", "beheerder", "procesbegeleider"])
def test_vetted_roles_publish_at_once(role):
    initiative = _publish(UserFactory(roles=[role]))
    assert initiative.status == Initiative.Status.PUBLIC
    assert initiative.published_at is not None


def test_after_one_approved_publication_the_next_ones_publish_at_once(
    waiting, initiatiefnemer, gemeente_user
):
    initiative_review(actor=gemeente_user, initiative=waiting, approve=True)
    waiting.refresh_from_db()
    assert waiting.status == Initiative.Status.PUBLIC
    assert waiting.published_at is not None
    assert _publish(initiatiefnemer).status == Initiative.Status.PUBLIC


def test_an_update_to_public_by_a_new_account_waits_too(initiatiefnemer):
    draft = initiative_create(actor=initiatiefnemer, name="Kookclub")
    initiative_update(actor=initiatiefnemer, initiative=draft, status="public")
    draft.refresh_from_db()
    assert draft.status == Initiative.Status.REVIEW


def test_a_once_published_initiative_goes_public_again_at_once(initiatiefnemer):
    publishes_at_once(initiatiefnemer)
    initiative = _publish(initiatiefnemer)
    initiative_update(actor=initiatiefnemer, initiative=initiative, status="concept")
    initiative_update(actor=initiatiefnemer, initiative=initiative, status="public")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PUBLIC


def test_nobody_sets_review_or_public_past_the_check_by_asking(initiatiefnemer):
    initiative = initiative_create(
        actor=initiatiefnemer, name="Kookclub", status="review"
    )
    assert initiative.status == Initiative.Status.REVIEW
    initiative_update(actor=initiatiefnemer, initiative=initiative, status="public")
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.REVIEW


def test_a_rejection_needs_a_reason_and_sends_it_back_as_a_draft(
    waiting, gemeente_user
):
    with pytest.raises(ValidationError) as exc:
        initiative_review(
            actor=gemeente_user, initiative=waiting, approve=False, reason="  "
        )
    assert "reason" in exc.value.message_dict
    initiative_review(
        actor=gemeente_user,
        initiative=waiting,
        approve=False,
        reason="Dit is reclame voor een winkel.",
    )
    waiting.refresh_from_db()
    assert waiting.status == Initiative.Status.CONCEPT
    assert waiting.review_note == "Dit is reclame voor een winkel."
    with pytest.raises(ValidationError):
        initiative_review(actor=gemeente_user, initiative=waiting, approve=True)


def test_reviewers_hear_of_a_waiting_initiative_and_owners_of_the_decision(
    initiatiefnemer, area_tree, django_capture_on_commit_callbacks
):
    citywide = UserFactory(roles=["gemeente"])
    for_escamp = UserFactory(roles=[("gemeente", area_tree["escamp"])])
    for_segbroek = UserFactory(roles=[("gemeente", area_tree["segbroek"])])
    admin = UserFactory(roles=["beheerder"])
    with django_capture_on_commit_callbacks(execute=True):
        initiative = _publish(initiatiefnemer, areas=[area_tree["moerwijk"]])
    asked = Notification.objects.filter(kind="initiatives.initiative_review_requested")
    assert {n.recipient_id for n in asked} == {citywide.pk, for_escamp.pk, admin.pk}
    assert for_segbroek.pk not in {n.recipient_id for n in asked}
    with django_capture_on_commit_callbacks(execute=True):
        initiative_review(
            actor=for_escamp, initiative=initiative, approve=False, reason="Te kort."
        )
    (told,) = Notification.objects.filter(kind="initiatives.initiative_reviewed")
    assert told.recipient_id == initiatiefnemer.pk
    assert told.context["reason"] == "Te kort."


# Pages and who may use them ------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("bewoner", 403),
        ("owner", 403),
        ("other_initiator", 403),
        ("gemeente", 200),
        ("beheerder", 200),
    ],
)
def test_who_may_open_the_queue(client, users_by_role, waiting, role, status):
    if role != "anonymous":
        client.force_login(users_by_role[role])
    response = client.get(QUEUE_URL)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Buurtkamer &lt;b&gt;Nieuw&lt;/b&gt;" in html
        assert review_url(waiting) in html


def test_area_gemeente_sees_only_the_waiting_initiatives_of_her_areas(
    client, area_tree, initiatiefnemer
):
    mine = _publish(initiatiefnemer, areas=[area_tree["moerwijk"]])
    elsewhere = _publish(UserFactory(), areas=[area_tree["valkenbos"]])
    staff = UserFactory(roles=[("gemeente", area_tree["escamp"])])
    assert list(initiative_review_queue(user=staff)) == [mine]
    client.force_login(staff)
    assert client.get(review_url(mine)).status_code == 200
    assert client.get(review_url(elsewhere)).status_code in (403, 404)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("bewoner", 404),
        ("other_initiator", 404),
        ("owner", 403),
        ("gemeente", 200),
        ("beheerder", 200),
    ],
)
def test_who_may_open_the_check_of_one_initiative(
    client, users_by_role, waiting, role, status
):
    if role != "anonymous":
        client.force_login(users_by_role[role])
    assert client.get(review_url(waiting)).status_code == status
    response = client.post(review_url(waiting), {"decision": "approve"})
    assert response.status_code == (302 if status == 200 else status)


def test_the_owner_cannot_approve_her_own_initiative(client, initiatiefnemer, waiting):
    client.force_login(initiatiefnemer)
    assert client.post(review_url(waiting), {"decision": "approve"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Initiative.Status.REVIEW


def test_rejecting_without_a_reason_shows_a_dutch_error_and_keeps_the_choice(
    client, gemeente_user, waiting
):
    client.force_login(gemeente_user)
    response = client.post(review_url(waiting), {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schrijf op waarom" in html
    (reject,) = re.findall(r"<input[^>]*value=\"reject\"[^>]*>", html)
    assert "checked" in reject
    waiting.refresh_from_db()
    assert waiting.status == Initiative.Status.REVIEW


def test_the_owner_reads_the_reason_on_her_initiative(
    client, gemeente_user, initiatiefnemer, waiting
):
    client.force_login(gemeente_user)
    response = client.post(
        review_url(waiting),
        {"decision": "reject", "reason": "Vertel wie het <b>doet</b>."},
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    client.force_login(initiatiefnemer)
    html = client.get(reverse("initiatives:detail", args=[waiting.pk])).content.decode()
    assert "Vertel wie het &lt;b&gt;doet&lt;/b&gt;." in html
    assert "nog niet gepubliceerd" in html


def test_the_owner_is_told_that_her_initiative_waits(client, initiatiefnemer, waiting):
    client.force_login(initiatiefnemer)
    html = client.get(reverse("initiatives:detail", args=[waiting.pk])).content.decode()
    assert "wacht op een controle" in html
    assert review_url(waiting) not in html


def test_the_empty_queue_says_so(client, gemeente_user):
    client.force_login(gemeente_user)
    html = client.get(QUEUE_URL).content.decode()
    assert "Er wacht geen initiatief op een controle." in html


def test_the_queue_pages_and_its_queries_do_not_grow(
    client, gemeente_user, django_assert_max_num_queries
):
    client.force_login(gemeente_user)
    InitiativeFactory.create_batch(3, review=True)
    with django_assert_max_num_queries(30) as few:
        client.get(QUEUE_URL)
    InitiativeFactory.create_batch(40, review=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE_URL)
    assert len(response.context["page"].object_list) == 25
    assert client.get(QUEUE_URL, {"page": 2}).status_code == 200


def test_the_list_shows_reviewers_how_many_wait(client, gemeente_user, waiting):
    client.force_login(gemeente_user)
    html = client.get(reverse("initiatives:list")).content.decode()
    assert QUEUE_URL in html
    assert "(1 wacht)" in html


def test_the_owner_can_withdraw_a_waiting_initiative_in_the_form(
    client, initiatiefnemer, waiting
):
    client.force_login(initiatiefnemer)
    url = reverse("initiatives:update", args=[waiting.pk])
    html = client.get(url).content.decode()
    assert 'value="review" selected' in html
    response = client.post(
        url, {"name": waiting.name, "status": "concept", "maturity": "idee"}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Initiative.Status.CONCEPT


@pytest.mark.parametrize(
    ("reason", "message"),
    [("a" * 2001, "2000"), ("Reclame\x00", "onzichtbaar teken")],
)
def test_a_bad_reason_gets_one_message_that_says_what_is_wrong(
    client, gemeente_user, waiting, reason, message
):
    client.force_login(gemeente_user)
    response = client.post(
        review_url(waiting), {"decision": "reject", "reason": reason}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["reason"]
    assert len(errors) == 1
    assert message in errors[0]


def test_a_second_decision_says_it_was_decided_already(client, gemeente_user, waiting):
    client.force_login(gemeente_user)
    assert client.post(review_url(waiting), {"decision": "approve"}).status_code == 302
    response = client.post(review_url(waiting), {"decision": "reject", "reason": "x"})
    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    page = client.get(QUEUE_URL).content.decode()
    assert "wacht niet meer op een controle" in page
    waiting.refresh_from_db()
    assert waiting.status == Initiative.Status.PUBLIC


def test_of_two_reviewers_deciding_from_the_same_view_only_one_wins(
    waiting, gemeente_user, django_capture_on_commit_callbacks
):
    # Both loaded the initiative while it waited; the second decides too late.
    second_view = Initiative.objects.get(pk=waiting.pk)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_review(actor=gemeente_user, initiative=waiting, approve=True)
    with pytest.raises(ValidationError):
        initiative_review(
            actor=UserFactory(roles=["gemeente"]),
            initiative=second_view,
            approve=False,
            reason="Toch niet.",
        )
    waiting.refresh_from_db()
    assert waiting.status == Initiative.Status.PUBLIC
    assert (
        Notification.objects.filter(kind="initiatives.initiative_reviewed").count() == 1
    )


def test_the_other_reviewers_requests_are_settled_by_a_decision(
    initiatiefnemer, area_tree, django_capture_on_commit_callbacks
):
    first, second = UserFactory(roles=["gemeente"]), UserFactory(roles=["gemeente"])
    with django_capture_on_commit_callbacks(execute=True):
        initiative = _publish(initiatiefnemer)
    asked = Notification.objects.filter(kind="initiatives.initiative_review_requested")
    assert asked.filter(read_at=None).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        initiative_review(actor=first, initiative=initiative, approve=True)
    assert asked.filter(read_at=None).count() == 0
    second.refresh_from_db()
    assert second.unread_notifications == 0
