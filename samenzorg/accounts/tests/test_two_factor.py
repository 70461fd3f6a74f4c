"""Two-factor authentication (TOTP): who must, set-up, the code at login, reset."""

import re
from base64 import b32decode
from binascii import hexlify

from django.urls import reverse
from django.utils import timezone

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from samenzorg.accounts.demo import load_demo_accounts
from samenzorg.accounts.rules import must_use_two_factor
from samenzorg.core.models import AuditEntry

from .factories import TEST_PASSWORD, TOTPDeviceFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
CODE = reverse("accounts:two_factor_login")
WRONG_CODE = "Deze code klopt niet."


def _login(client, user, password=TEST_PASSWORD):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": password}
    )


def _without_second_step(client, user):
    user.otp_device = None
    client.force_login(user)
    return client


@pytest.fixture
def escamp(db):
    from samenzorg.areas.models import Area

    return Area.objects.create(code="SD0518-escamp", name="Escamp", level="stadsdeel")


@pytest.mark.parametrize(
    ("roles", "superuser", "expected"),
    [
        (["gemeente"], False, True),
        (["beheerder"], False, True),
        (["financier"], False, True),
        ([], True, True),
        (["bewoner"], False, False),
        (["initiatiefnemer", "professional"], False, False),
        (["procesbegeleider", "cooperatiebestuur"], False, False),
    ],
)
def test_who_must_use_two_factor(roles, superuser, expected):
    user = UserFactory(roles=roles, is_superuser=superuser)
    assert must_use_two_factor(user) is expected


def test_role_for_one_area_also_needs_two_factor(escamp):
    assert must_use_two_factor(UserFactory(roles=[("gemeente", escamp)])) is True


def test_demo_accounts_need_no_two_factor(escamp):
    accounts = load_demo_accounts()
    for key in ("gemeente", "gemeente-escamp", "financier", "beheerder"):
        assert must_use_two_factor(accounts[key].user) is False, key


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/initiatieven/",
        reverse("accounts:profile"),
        "/beheer/",
        "/beheer/accounts/user/",
    ],
)
@pytest.mark.parametrize("role", ["gemeente", "beheerder", "financier"])
def test_user_with_required_role_is_sent_to_set_up_first(client, role, path):
    user = UserFactory(roles=[role], is_staff=role == "beheerder")
    _without_second_step(client, user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?next=")


def test_superuser_is_sent_to_set_up_before_the_admin(client):
    _without_second_step(client, UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/beheer/")
    assert response["Location"] == SETUP + "?next=%2Fbeheer%2F"


def test_required_user_gets_json_403_from_the_api(client):
    _without_second_step(client, UserFactory(roles=["gemeente"]))
    response = client.get("/api/v1/initiatieven/")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Log eerst in met de tweede stap (de code uit uw app)."
    }


def test_required_user_gets_an_htmx_redirect(client):
    _without_second_step(client, UserFactory(roles=["gemeente"]))
    response = client.get("/initiatieven/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(SETUP)


def test_required_user_may_open_set_up_and_log_out(client):
    _without_second_step(client, UserFactory(roles=["gemeente"]))
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def _setup_code(page: str, *, offset: int = 0) -> str:
    secret = re.search(r'<code class="secret-key"[^>]*>([A-Z2-7 ]+)</code>', page)[1]
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time += offset * 30
    return f"{totp.token():06d}", hexlify(key).decode()


def test_set_up_shows_qr_code_and_secret_and_confirms_with_a_code(client):
    user = UserFactory(roles=["gemeente"])
    _without_second_step(client, user)
    response = client.get(SETUP + "?next=/initiatieven/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "QR-code voor uw authenticator-app" in page
    assert response["Cache-Control"].startswith("max-age=0")
    code, key = _setup_code(page)

    response = client.post(SETUP, {"token": code, "next": "/initiatieven/"})
    assert response.status_code == 302
    assert response["Location"] == "/initiatieven/"
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/initiatieven/").status_code == 200
    entry = AuditEntry.objects.get(target_id=str(user.pk), action="update")
    assert entry.changes == {"two_factor": [False, True]}


def test_set_up_refuses_a_wrong_code_in_dutch(client):
    user = UserFactory(roles=["gemeente"])
    _without_second_step(client, user)
    page = client.get(SETUP).content.decode()
    right, _key = _setup_code(page)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"token": wrong})
    assert response.status_code == 200
    assert WRONG_CODE in response.context["form"].errors["token"][0]
    assert not TOTPDevice.objects.filter(user=user).exists()
    # The same secret is shown again, so the app need not be set up twice.
    assert _setup_code(response.content.decode()) == _setup_code(page)


def test_login_asks_the_code_after_the_password(client):
    user = UserFactory(roles=["gemeente"])
    device = TOTPDeviceFactory(user=user)
    response = _login(client, user)
    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session  # not logged in yet
    # Other pages are not open yet.
    assert client.get("/initiatieven/nieuw/").status_code == 302

    response = client.post(CODE, {"token": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_login_refuses_a_wrong_code_in_dutch(client):
    user = UserFactory(roles=["financier"])
    device = TOTPDeviceFactory(user=user)
    _login(client, user)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"] == [
        "Deze code klopt niet. Vul de 6 cijfers in die uw app nu laat zien; de "
        "code verandert elke 30 seconden."
    ]
    assert "_auth_user_id" not in client.session


def test_code_page_makes_a_guesser_wait_after_wrong_codes(client):
    user = UserFactory(roles=["financier"])
    device = TOTPDeviceFactory(user=user)
    _login(client, user)
    # After four wrong codes django-otp makes the next try wait 8 seconds.
    device.throttling_failure_count = 4
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    response = client.post(CODE, {"token": totp_code(device)})
    assert re.search(
        r"Te vaak een verkeerde code\. Wacht [1-8] seconden? en probeer het opnieuw\.",
        response.content.decode(),
    )
    assert "_auth_user_id" not in client.session


def test_a_code_cannot_be_used_twice(client):
    user = UserFactory(roles=["gemeente"])
    device = TOTPDeviceFactory(user=user)
    _login(client, user)
    code = totp_code(device)
    assert client.post(CODE, {"token": code}).status_code == 302
    client.logout()
    _login(client, user)
    response = client.post(CODE, {"token": code})
    assert WRONG_CODE in response.content.decode()


def test_code_page_without_password_sends_to_login(client):
    response = client.get(CODE, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")


def test_user_with_an_app_and_an_unverified_session_must_give_the_code(client):
    user = UserFactory(roles=["bewoner"])
    device = TOTPDeviceFactory(user=user)
    _without_second_step(client, user)
    response = client.get("/initiatieven/")
    assert response["Location"] == CODE + "?next=%2Finitiatieven%2F"
    response = client.post(
        CODE + "?next=/initiatieven/",
        {"token": totp_code(device), "next": "/initiatieven/"},
    )
    assert response["Location"] == "/initiatieven/"
    assert client.get("/initiatieven/").status_code == 200


def test_demo_accounts_log_in_without_a_second_step(client, escamp):
    accounts = load_demo_accounts()
    for key in ("gemeente", "financier", "beheerder"):
        account = accounts[key]
        client.logout()
        response = client.post(
            reverse("accounts:login"),
            {"username": account.email, "password": account.password},
        )
        assert response["Location"] == reverse("accounts:profile"), key
        assert client.get("/initiatieven/").status_code == 200, key
    assert client.get("/beheer/").status_code == 200


def test_demo_account_cannot_set_up_two_factor(client, escamp):
    user = load_demo_accounts()["bewoner"].user
    client.force_login(user)
    response = client.get(SETUP, follow=True)
    assert "Demo-accounts loggen in zonder tweede stap" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_login_page_says_demo_accounts_need_no_second_step(client, escamp):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Accounts met de rol gemeente, beheerder of financier" in page
    assert "Demo-accounts loggen in zonder tweede stap" not in page
    load_demo_accounts()
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Demo-accounts loggen in zonder tweede stap" in page


def test_bewoner_is_not_forced_but_may_set_up_and_remove(client):
    user = UserFactory(roles=["bewoner"])
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Uit: u logt alleen in met uw wachtwoord" in page
    code, _key = _setup_code(client.get(SETUP).content.decode())
    client.post(SETUP, {"token": code})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Tweede stap uitzetten" in page

    response = client.post(reverse("accounts:two_factor_remove"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get("/initiatieven/").status_code == 200
    # Logging in again asks no code.
    client.logout()
    assert _login(client, user)["Location"] == reverse("accounts:profile")


def test_required_user_cannot_remove_two_factor(client):
    user = UserFactory(roles=["gemeente"])
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Tweede stap uitzetten" not in page
    assert "U kunt hem daarom niet uitzetten." in page
    response = client.post(reverse("accounts:two_factor_remove"))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()


def _reset(client, user):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [user.pk]},
    )


def test_beheerder_can_reset_a_users_two_factor(client):
    user = UserFactory(roles=["gemeente"])
    TOTPDeviceFactory(user=user)
    beheerder = UserFactory(roles=["beheerder"], is_staff=True)
    client.force_login(beheerder)
    assert _reset(client, user).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    entry = AuditEntry.objects.filter(target_id=str(user.pk)).latest("id")
    assert entry.actor == beheerder
    assert entry.changes == {"two_factor": [True, False]}

    # At the next login the user sets up a new app before anything else.
    other = client.__class__()
    assert _login(other, user)["Location"] == reverse("accounts:profile")
    assert other.get("/").headers["Location"].startswith(SETUP)


def test_non_beheerder_staff_cannot_reset_two_factor(client):
    user = UserFactory(roles=["financier"])
    TOTPDeviceFactory(user=user)
    client.force_login(UserFactory(roles=["gemeente"], is_staff=True))
    assert _reset(client, user).status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()


def test_admin_login_page_sends_to_the_login_with_two_factor(client):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response["Location"] == reverse("accounts:login") + "?next=%2Fbeheer%2F"
    client.force_login(UserFactory(roles=["bewoner"]))
    assert client.get("/beheer/login/?next=/beheer/").status_code == 403


def test_unverified_session_cannot_replace_or_remove_the_app(client):
    user = UserFactory(roles=["bewoner"])
    device = TOTPDeviceFactory(user=user)
    _without_second_step(client, user)
    # A session that has not passed the code (logged in before the app was set up).
    session = client.session
    session["szr_two_factor_no_app"] = True
    session.save()
    response = client.get(SETUP)
    assert response["Location"] == f"{CODE}?next={SETUP}"
    assert client.post(reverse("accounts:two_factor_remove")).status_code == 403
    assert TOTPDevice.objects.get(user=user) == device
