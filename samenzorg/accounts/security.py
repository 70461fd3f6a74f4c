"""Login security shared by the views, the middleware and django-axes' settings.

The second login step keeps the user "pending" in the session between the password
and the code, so no session is logged in until both are right.
"""

import time

from django.http import HttpRequest

PENDING_SESSION_KEY = "szr_two_factor_pending"
# Set at login for a user who had no authenticator app then, so the middleware need
# not look for one on every request.
NO_APP_SESSION_KEY = "szr_two_factor_no_app"
SETUP_SESSION_KEY = "szr_two_factor_setup_key"
PENDING_MAX_AGE = 5 * 60  # seconds between the password and the code


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The e-mail address that django-axes counts failures for, as users log in."""
    value = (credentials or {}).get("username")
    if value is None:
        value = request.POST.get("username", "")
    return str(value).strip().lower()


def pending_set(request: HttpRequest, *, user, next_url: str) -> None:
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": time.time(),
    }


def pending_get(request: HttpRequest) -> dict | None:
    """The password-checked login waiting for its code, unless it is too old."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > PENDING_MAX_AGE:
        del request.session[PENDING_SESSION_KEY]
        return None
    return pending


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


def note_app_at_login(sender, request, user, **kwargs) -> None:
    """On every login: remember in the session whether the user had no app then.

    Connected to ``user_logged_in``. A login through the code page carries the device
    (``user.otp_device``) and django-otp marks the session as verified instead.
    """
    from .selectors import two_factor_device

    session = getattr(request, "session", None)
    if session is None or getattr(user, "otp_device", None) is not None:
        return
    if two_factor_device(user=user) is None:
        session[NO_APP_SESSION_KEY] = True
    else:
        session.pop(NO_APP_SESSION_KEY, None)
