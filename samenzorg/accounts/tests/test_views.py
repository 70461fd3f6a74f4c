import re

from django.urls import reverse

import pytest

from samenzorg.accounts import services
from samenzorg.accounts.models import User
from samenzorg.core.audit import audit_record
from samenzorg.core.models import AuditEntry

from .factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = {
    "display_name": "Anna <b>de Vries</b>",
    "email": "anna@example.nl",
    "password1": "Buurt-zorg-samen-42",
    "password2": "Buurt-zorg-samen-42",
    "role": "initiatiefnemer",
}


def _login(client, email, password):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}
    )


def test_register_confirm_and_log_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), REGISTER)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Bevestig uw e-mailadres voor Samen Zorg Regelen"
    path = re.search(
        r"http://testserver(/account/bevestigen/\S+/)", mailoutbox[0].body
    )[1]

    # Not confirmed yet: cannot log in, and is told so in Dutch.
    response = _login(client, "anna@example.nl", "Buurt-zorg-samen-42")
    assert response.status_code == 200
    page = response.content.decode()
    assert "nog niet bevestigd" in page
    assert reverse("accounts:resend_confirmation") in page
    assert "_auth_user_id" not in client.session

    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Uw e-mailadres is bevestigd" in response.content.decode()

    response = _login(client, "anna@example.nl", "Buurt-zorg-samen-42")
    assert response.status_code == 302
    user = User.objects.get(email="anna@example.nl")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.roles == {"initiatiefnemer"}


def test_register_keeps_input_and_shows_dutch_errors_at_fields(client):
    UserFactory(email="anna@example.nl")
    data = {**REGISTER, "password2": "iets-anders-99"}
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["password2"] == ["De twee wachtwoorden zijn niet gelijk."]
    page = response.content.decode()
    assert 'value="anna@example.nl"' in page
    assert "Anna &lt;b&gt;de Vries&lt;/b&gt;" in page
    assert "<b>de Vries</b>" not in page


def test_register_with_a_known_address_looks_like_a_new_one(client):
    """Nobody learns from the page who has an account here."""
    new = client.post(reverse("accounts:register"), REGISTER)
    UserFactory(email="bert@example.nl")
    known = client.post(
        reverse("accounts:register"), {**REGISTER, "email": "Bert@Example.nl"}
    )
    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"]
    assert User.objects.filter(email__iexact="bert@example.nl").count() == 1


def test_register_weak_password_error_at_password_field(client):
    data = {**REGISTER, "password1": "1234", "password2": "1234"}
    response = client.post(reverse("accounts:register"), data)
    errors = response.context["form"].errors["password1"]
    assert any("te kort" in e for e in errors)
    assert not User.objects.exists()


def test_register_cannot_choose_granted_role(client):
    response = client.post(
        reverse("accounts:register"), {**REGISTER, "role": "gemeente"}
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.exists()


def test_register_page_has_autocomplete_attributes(client):
    page = client.get(reverse("accounts:register")).content.decode()
    assert 'autocomplete="name"' in page
    assert 'autocomplete="email"' in page
    assert page.count('autocomplete="new-password"') == 2


def test_register_page_explains_each_role_to_choose(client):
    page = client.get(reverse("accounts:register")).content.decode()
    for role, explanation in (
        ("bewoner", "u woont in Den Haag en zoekt hulp of wilt meedoen"),
        ("initiatiefnemer", "u begint een initiatief in uw buurt"),
        ("professional", "u werkt bij een organisatie, bijvoorbeeld in zorg"),
    ):
        label = re.search(
            rf'<input[^>]*value="{role}"[^>]*id="([^"]+)"[^>]*>\s*'
            r'<label class="utrecht-form-label" for="\1">([^<]+)</label>',
            page,
        )
        assert label, role
        assert explanation in label.group(2), role


def test_confirm_with_bad_token_shows_dutch_error(client):
    response = client.get(reverse("accounts:confirm", args=["onzin:abc:def"]))
    assert response.status_code == 400
    assert "Deze link klopt niet" in response.content.decode()


def test_confirm_with_expired_token_offers_new_link(client, monkeypatch):
    user = UserFactory(unconfirmed=True)
    token = services.confirmation_token(user)
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", -1)
    response = client.get(reverse("accounts:confirm", args=[token]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Deze link is verlopen" in page
    assert reverse("accounts:resend_confirmation") in page
    user.refresh_from_db()
    assert user.email_confirmed is False


def test_resend_says_the_same_for_known_and_unknown_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="nieuw@example.nl", unconfirmed=True)
    url = reverse("accounts:resend_confirmation")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "nieuw@example.nl"}, follow=True)
        unknown = client.post(url, {"email": "niemand@example.nl"}, follow=True)
    messages_known = [str(m) for m in known.context["messages"]]
    messages_unknown = [str(m) for m in unknown.context["messages"]]
    assert messages_known == messages_unknown
    assert len(mailoutbox) == 1


def test_wrong_password_gives_dutch_message(client):
    UserFactory(email="piet@example.nl")
    response = _login(client, "piet@example.nl", "fout")
    assert "komen niet overeen" in response.content.decode()


def test_login_page_has_autocomplete_attributes(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'autocomplete="email"' in page
    assert 'autocomplete="current-password"' in page


def test_logout_needs_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_mail_and_sets_new_password(client, mailoutbox):
    user = UserFactory(email="piet@example.nl")
    response = client.post(
        reverse("accounts:password_reset"), {"email": "piet@example.nl"}
    )
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Een nieuw wachtwoord voor Samen Zorg Regelen"
    path = re.search(
        r"http://testserver(/account/wachtwoord-vergeten/\S+/)", mailoutbox[0].body
    )[1]
    response = client.get(path, follow=True)
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {
            "new_password1": "Nieuw-wachtwoord-77",
            "new_password2": "Nieuw-wachtwoord-77",
        },
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Nieuw-wachtwoord-77")


def test_password_reset_for_unknown_address_sends_nothing(client, mailoutbox):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "x@example.nl"}
    )
    assert response.status_code == 302
    assert mailoutbox == []


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Ander-wachtwoord-88",
            "new_password2": "Ander-wachtwoord-88",
        },
    )
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.check_password("Ander-wachtwoord-88")


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_shows_roles_and_saves_name(client):
    from samenzorg.areas.models import Area

    escamp = Area.objects.create(code="SD0518-escamp", name="Escamp", level="stadsdeel")
    user = UserFactory(roles=[("gemeente", escamp), "bewoner"])
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Escamp" in page
    assert user.email in page
    assert "/initiatieven/" in page
    assert "<b>Test</b>" not in page  # the factory's markup is escaped
    response = client.post(reverse("accounts:profile"), {"display_name": "Nieuwe naam"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Nieuwe naam"


def test_profile_empty_name_is_refused(client):
    user = UserFactory(display_name="Oud")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"display_name": "  "})
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors


@pytest.mark.parametrize("role", ["gemeente", "beheerder"])
def test_staff_see_change_log(client, role):
    user = UserFactory(roles=[role])
    audit_record(
        actor=user, action="update", target=user, changes={"display_name": ["A", "B"]}
    )
    client.force_login(user)
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="change-list__field">naam</span>' in page
    assert "A → B" in page


def test_anonymous_is_sent_to_login_from_change_log(client):
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("roles", [[], ["bewoner"], ["initiatiefnemer"], ["financier"]])
def test_others_cannot_see_change_log(client, roles):
    client.force_login(UserFactory(roles=roles))
    assert client.get(reverse("accounts:audit")).status_code == 403


def test_change_log_filters_by_record_type_and_name(client):
    viewer = UserFactory(roles=["gemeente"])
    other = UserFactory(display_name="Karel Appel")
    services.role_assign(actor=viewer, user=other, role="financier")
    AuditEntry.objects.create(
        action="create",
        target_type="initiatives.initiative",
        target_id="1",
        target_repr="Buurtkamer Moerwijk",
    )
    client.force_login(viewer)
    url = reverse("accounts:audit")
    page = client.get(url, {"soort": "initiatieven"}).content.decode()
    assert "Buurtkamer Moerwijk" in page
    assert "Karel Appel" not in page
    page = client.get(url, {"soort": "gebruikers"}).content.decode()
    assert "Karel Appel" in page
    assert "Buurtkamer Moerwijk" not in page
    page = client.get(url, {"q": "moerwijk"}).content.decode()
    assert "Buurtkamer Moerwijk" in page
    assert "Karel Appel" not in page


def test_change_log_is_paginated_newest_first(client):
    viewer = UserFactory(roles=["beheerder"])
    for i in range(30):
        AuditEntry.objects.create(
            action="update",
            target_type="accounts.user",
            target_id=str(i),
            target_repr=f"rec-{i:02d}",
        )
    client.force_login(viewer)
    response = client.get(reverse("accounts:audit"))
    entries = list(response.context["page"])
    assert len(entries) == 25
    assert entries[0].target_repr == "rec-29"
    response = client.get(reverse("accounts:audit"), {"page": 2})
    assert len(list(response.context["page"])) == 5


def _make_entries(n):
    actors = UserFactory.create_batch(3)
    for i in range(n):
        audit_record(
            actor=actors[i % 3],
            action="update",
            target=actors[i % 3],
            changes={"display_name": [str(i), str(i + 1)]},
        )


@pytest.mark.parametrize("n", [5, 60])
def test_change_log_queries_do_not_grow(client, django_assert_max_num_queries, n):
    viewer = UserFactory(roles=["gemeente"])
    _make_entries(n)
    client.force_login(viewer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("accounts:audit")).status_code == 200


def test_login_follows_next_to_a_page_on_this_site(client):
    UserFactory(email="piet@example.nl")
    response = client.post(
        reverse("accounts:login") + "?next=/initiatieven/",
        {
            "username": "piet@example.nl",
            "password": TEST_PASSWORD,
            "next": "/initiatieven/",
        },
    )
    assert response["Location"] == "/initiatieven/"


def test_login_ignores_next_to_another_site(client):
    UserFactory(email="piet@example.nl")
    response = client.post(
        reverse("accounts:login"),
        {
            "username": "piet@example.nl",
            "password": TEST_PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("accounts:profile")


def test_password_reset_link_also_confirms_the_address(client, mailoutbox):
    user = UserFactory(email="piet@example.nl", unconfirmed=True)
    client.post(reverse("accounts:password_reset"), {"email": "piet@example.nl"})
    path = re.search(
        r"http://testserver(/account/wachtwoord-vergeten/\S+/)", mailoutbox[0].body
    )[1]
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(
        set_url,
        {
            "new_password1": "Nieuw-wachtwoord-77",
            "new_password2": "Nieuw-wachtwoord-77",
        },
    )
    user.refresh_from_db()
    assert user.email_confirmed is True
    response = _login(client, "piet@example.nl", "Nieuw-wachtwoord-77")
    assert response.status_code == 302


@pytest.mark.django_db
def test_change_log_shows_readable_values_not_python(client):
    from samenzorg.initiatives.services import initiative_create

    gemeente = UserFactory(roles=["gemeente"])
    owner = UserFactory(display_name="Fatima")
    initiative_create(actor=owner, name="Buurtkamer", status="concept")
    client.force_login(gemeente)
    page = client.get(reverse("accounts:audit")).content.decode()

    assert "Buurtkamer" in page
    for raw in ("False", "True", "[]", "['"):
        assert raw not in page
    assert "Fatima" in page


def test_login_page_lists_the_demo_accounts_only_when_they_exist(client, db):
    from samenzorg.accounts.demo import load_demo_accounts

    assert (
        "demo-bewoner-2026"
        not in client.get(reverse("accounts:login")).content.decode()
    )
    load_demo_accounts()
    page = client.get(reverse("accounts:login")).content.decode()
    assert "bewoner@demo.samenzorg.local" in page
    assert "demo-bewoner-2026" in page
