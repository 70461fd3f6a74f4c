"""Login throttling with django-axes: lockout per e-mail address and IP address."""

from django.urls import reverse

import pytest
from axes.models import AccessAttempt

from .factories import TEST_PASSWORD, TOTPDeviceFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

LOCKED = "is vanaf dit netwerk 30 minuten geblokkeerd"


@pytest.fixture(autouse=True)
def five_failures(settings):
    settings.AXES_FAILURE_LIMIT = 5


def _login(client, email, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def _fail(client, email, times):
    for _ in range(times):
        response = _login(client, email, "verkeerd-wachtwoord")
    return response


def test_visitor_is_locked_out_after_five_wrong_passwords(client):
    user = UserFactory(email="anna@example.nl")
    response = _fail(client, "anna@example.nl", 4)
    assert response.status_code == 200
    assert LOCKED not in response.content.decode()

    response = _fail(client, "Anna@Example.nl ", 1)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "vraag een beheerder om de blokkade op te heffen" in page
    assert response.context["form"]["username"].value() == "Anna@Example.nl "

    # Even the right password does not get in while locked out.
    response = _login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_ip_address_and_per_email(client):
    UserFactory(email="anna@example.nl")
    other = UserFactory(email="bram@example.nl")
    _fail(client, "anna@example.nl", 5)
    # Another address from the same network still logs in (a school's Wi-Fi).
    assert _login(client, other.email, TEST_PASSWORD).status_code == 302
    # The same address from another network too.
    response = _login(
        client, "anna@example.nl", TEST_PASSWORD, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302


def test_lockout_counts_wrong_second_step_codes(client):
    user = UserFactory(email="anna@example.nl")
    device = TOTPDeviceFactory(user=user)
    _fail(client, user.email, 3)
    assert _login(client, user.email, TEST_PASSWORD).status_code == 302
    url = reverse("accounts:two_factor_login")
    response = client.post(url, {"token": "000000"})
    assert response.status_code == 200
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # no waiting between tries here
    device.save()
    response = client.post(url, {"token": "000001"})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # The right code does not help any more.
    response = client.post(url, {"token": totp_code(device)})
    assert "_auth_user_id" not in client.session


def test_right_password_resets_the_count(client):
    user = UserFactory(email="anna@example.nl")
    _fail(client, user.email, 4)
    assert _login(client, user.email, TEST_PASSWORD).status_code == 302
    client.logout()
    assert _fail(client, user.email, 4).status_code == 200


@pytest.fixture
def locked_user(client):
    user = UserFactory(email="anna@example.nl")
    _fail(client, user.email, 5)
    assert AccessAttempt.objects.filter(username="anna@example.nl").exists()
    return user


def _unlock(client, user):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", "_selected_action": [user.pk]},
    )


def test_beheerder_can_unlock_a_login_in_the_admin(client, locked_user):
    beheerder = UserFactory(roles=["beheerder"], is_staff=True)
    admin = client.__class__()
    admin.force_login(beheerder)
    response = _unlock(admin, locked_user)
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=locked_user.email).exists()
    assert _login(client, locked_user.email, TEST_PASSWORD).status_code == 302


def test_beheerder_sees_the_login_attempts_in_the_admin(client, locked_user):
    client.force_login(UserFactory(roles=["beheerder"], is_staff=True))
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert "anna@example.nl" in response.content.decode()


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(roles=["gemeente"], is_staff=True),
        lambda: UserFactory(roles=["procesbegeleider"], is_staff=True),
        lambda: UserFactory(roles=["bewoner"]),
    ],
    ids=["gemeente-staff", "procesbegeleider-staff", "bewoner"],
)
def test_non_beheerder_cannot_unlock_a_login(client, locked_user, make_user):
    other = client.__class__()
    other.force_login(make_user())
    response = _unlock(other, locked_user)
    assert response.status_code in (302, 403)
    if response.status_code == 302:  # not staff: the admin sends to its login
        assert reverse("admin:login") in response["Location"]
    assert AccessAttempt.objects.filter(username=locked_user.email).exists()
    response = other.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code in (302, 403)


def test_password_reset_lifts_the_lockout(client, locked_user, mailoutbox):
    import re

    client.post(reverse("accounts:password_reset"), {"email": locked_user.email})
    path = re.search(
        r"http://testserver(\S+/wachtwoord-vergeten/\S+/\S+/)", mailoutbox[0].body
    )[1]
    response = client.get(path, follow=True)
    new = "Nieuw-wachtwoord-2026"
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
    )
    assert not AccessAttempt.objects.filter(username=locked_user.email).exists()
    assert _login(client, locked_user.email, new).status_code == 302
