"""Rate limits on registration, confirmation links, password reset and login."""

from django.urls import reverse

import pytest

from samenzorg.accounts.models import User

from .factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "U hebt dit te vaak geprobeerd in korte tijd"


def _register(client, n, **extra):
    return client.post(
        reverse("accounts:register"),
        {
            "display_name": f"Bewoner {n}",
            "email": f"bewoner{n}@example.nl",
            "password1": "Buurt-zorg-samen-42",
            "password2": "Buurt-zorg-samen-42",
            "role": "bewoner",
        },
        **extra,
    )


def test_visitor_cannot_register_more_than_the_rate_per_address(client, settings):
    settings.RATELIMIT_REGISTER = "2/h"
    assert _register(client, 1).status_code == 302
    assert _register(client, 2).status_code == 302
    response = _register(client, 3)
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert User.objects.count() == 2
    # Reading the form is not counted, and another address may register.
    assert client.get(reverse("accounts:register")).status_code == 200
    assert _register(client, 4, REMOTE_ADDR="203.0.113.4").status_code == 302


def test_confirmation_link_is_resent_at_most_the_rate_per_address(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_MAIL = "2/h"
    UserFactory(email="anna@example.nl", unconfirmed=True)
    url = reverse("accounts:resend_confirmation")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(url, {"email": "anna@example.nl"}).status_code == 302
        response = client.post(url, {"email": " ANNA@example.nl"})
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert len(mailoutbox) == 2
    # Another address from the same network is still served.
    assert client.post(url, {"email": "bram@example.nl"}).status_code == 302


def test_resend_is_limited_per_ip_address_too(client, settings):
    settings.RATELIMIT_MAIL_IP = "3/h"
    url = reverse("accounts:resend_confirmation")
    for n in range(3):
        assert client.post(url, {"email": f"x{n}@example.nl"}).status_code == 302
    assert client.post(url, {"email": "y@example.nl"}).status_code == 429


def test_password_reset_mail_is_limited_per_address(client, settings, mailoutbox):
    settings.RATELIMIT_MAIL = "1/h"
    user = UserFactory(email="anna@example.nl")
    url = reverse("accounts:password_reset")
    assert client.post(url, {"email": user.email}).status_code == 302
    response = client.post(url, {"email": user.email})
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert len(mailoutbox) == 1


def test_login_posts_are_limited_per_ip_address(client, settings):
    settings.RATELIMIT_LOGIN = "3/m"
    users = [UserFactory() for _ in range(4)]
    url = reverse("accounts:login")
    for user in users[:3]:
        client.post(url, {"username": user.email, "password": "fout"})
    response = client.post(url, {"username": users[3].email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
