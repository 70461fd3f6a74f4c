"""Changes to accounts and roles. Views, the admin and the demo loader call these."""

import math
import time
from binascii import unhexlify

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from samenzorg.core.audit import audit_record, diff, snapshot
from samenzorg.core.models import AuditEntry

from .models import Role, RoleAssignment, User
from .selectors import two_factor_device

# Roles people may choose themselves when they register; the others are granted.
SELF_SERVICE_ROLES = (Role.BEWONER, Role.INITIATIEFNEMER, Role.PROFESSIONAL)

CONFIRM_SALT = "samenzorg.accounts.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 60 * 60  # three days, in seconds


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=CONFIRM_SALT)


def confirmation_token(user: User) -> str:
    """A signed token for ``user``'s current address, valid for three days.

    The address is part of the token, so a link stops working when the address changes.
    """
    return _signer().sign_object({"u": user.pk, "e": user.email})


def _send_confirmation_mail(*, user: User, base_url: str) -> None:
    link = base_url.rstrip("/") + reverse(
        "accounts:confirm", kwargs={"token": confirmation_token(user)}
    )
    context = {"user": user, "link": link, "days": CONFIRM_MAX_AGE // 86400}
    subject = render_to_string("accounts/email/confirm_subject.txt", context).strip()
    body = render_to_string("accounts/email/confirm_body.txt", context)
    email = user.email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    )


def _send_existing_account_mail(*, user: User, base_url: str) -> None:
    """Tell the owner of an address that someone tried to register with it."""
    base = base_url.rstrip("/")
    context = {
        "user": user,
        "login": base + reverse("accounts:login"),
        "reset": base + reverse("accounts:password_reset"),
    }
    subject = render_to_string(
        "accounts/email/existing_account_subject.txt", context
    ).strip()
    body = render_to_string("accounts/email/existing_account_body.txt", context)
    email = user.email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    )


def password_messages(exc: ValidationError) -> list[str]:
    """Django's password messages, with the one its Dutch catalogue lacks."""
    messages = []
    for error in exc.error_list:
        if error.code == "password_too_short":
            min_length = (error.params or {}).get("min_length", 8)
            messages.append(
                ngettext(
                    "This password is too short. It must contain at least "
                    "%(min_length)d character.",
                    "This password is too short. It must contain at least "
                    "%(min_length)d characters.",
                    min_length,
                )
                % {"min_length": min_length}
            )
        else:
            messages.extend(error.messages)
    return messages


def user_register(
    *,
    email: str,
    password: str,
    display_name: str,
    role: str,
    base_url: str,
) -> User | None:
    """Create an account that cannot log in until its e-mail address is confirmed.

    ``base_url`` is the site's address (scheme and host) for the link in the mail.
    For an address that has an account already nothing is created and ``None`` is
    returned: its owner gets a mail instead, and the page says the same as for a new
    account, so that nobody learns who has an account here.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    display_name = display_name.strip()
    errors: dict[str, list[str]] = {}
    if role not in SELF_SERVICE_ROLES:
        errors["role"] = [_("Choose one of the options.")]
    existing = User.objects.filter(email__iexact=email).first() if email else None
    user = User(email=email, display_name=display_name, email_confirmed=False)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        errors["password"] = password_messages(exc)
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if not display_name:
        errors.setdefault("display_name", []).append(_("Fill in your name."))
    if errors:
        raise ValidationError(errors)
    if existing is not None:
        _send_existing_account_mail(user=existing, base_url=base_url)
        return None

    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit_record(
            actor=user,
            action=AuditEntry.Action.CREATE,
            target=user,
            changes={"email": [None, user.email], "display_name": [None, display_name]},
        )
        role_assign(actor=user, user=user, role=role)
        _send_confirmation_mail(user=user, base_url=base_url)
    return user


def user_resend_confirmation(*, email: str, base_url: str) -> None:
    """Send a new link when the address belongs to an unconfirmed account.

    Says nothing about whether the address exists; the caller shows the same
    message either way.
    """
    user = User.objects.filter(
        email__iexact=email.strip(), email_confirmed=False, is_active=True
    ).first()
    if user is None:
        return
    with transaction.atomic():
        _send_confirmation_mail(user=user, base_url=base_url)


def user_confirm_email(*, token: str) -> User:
    """Mark the address in ``token`` as confirmed. Raises ValidationError if invalid."""
    try:
        data = _signer().unsign_object(token, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired. Ask for a new link below."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This link is not valid. Check that you copied the whole link."),
            code="invalid",
        ) from None
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None or not user.is_active:
        raise ValidationError(
            _("This link is not valid. Check that you copied the whole link."),
            code="invalid",
        )
    return user_mark_email_confirmed(user=user)


def user_mark_email_confirmed(*, user: User) -> User:
    """Record that ``user`` controls the address (a mailed link was used)."""
    if not user.email_confirmed:
        with transaction.atomic():
            user.email_confirmed = True
            user.save(update_fields=["email_confirmed"])
            audit_record(
                actor=user,
                action=AuditEntry.Action.UPDATE,
                target=user,
                changes={"email_confirmed": [False, True]},
            )
    return user


def user_update_profile(*, actor: User, user: User, display_name: str) -> User:
    display_name = display_name.strip()
    if not display_name:
        raise ValidationError({"display_name": [_("Fill in your name.")]})
    if len(display_name) > User._meta.get_field("display_name").max_length:
        raise ValidationError({"display_name": [_("This name is too long.")]})
    if display_name == user.display_name:
        return user
    with transaction.atomic():
        before = user.display_name
        user.display_name = display_name
        user.save(update_fields=["display_name"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=user,
            changes={"display_name": [before, display_name]},
        )
    return user


# User fields whose changes the change log shows (never the password hash).
AUDITED_USER_FIELDS = (
    "email",
    "display_name",
    "first_name",
    "last_name",
    "is_active",
    "email_confirmed",
    "is_staff",
    "is_superuser",
    "is_demo",
)


def user_save(*, actor: User | None, user: User) -> User:
    """Save a user edited elsewhere (the admin), recording what changed."""
    before = {}
    if user.pk:
        original = User.objects.filter(pk=user.pk).first()
        if original is not None:
            before = snapshot(original, AUDITED_USER_FIELDS)
    user.email = User.objects.normalize_email(user.email).lower()
    with transaction.atomic():
        user.save()
        changes = diff(before, snapshot(user, AUDITED_USER_FIELDS))
        if changes or not before:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
                target=user,
                changes=changes,
            )
    return user


def user_delete(*, actor: User | None, user: User) -> None:
    """Delete an account; its roles are revoked first so the log shows them."""
    with transaction.atomic():
        for assignment in user.role_assignments.select_related("area"):
            role_revoke(actor=actor, assignment=assignment)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            target=user,
            changes={"email": [user.email, None]},
        )
        user.delete()


def _role_changes(assignment: RoleAssignment) -> dict:
    return {
        "role": assignment.role,
        "area": assignment.area.code if assignment.area_id else None,
        "organisation": assignment.organisation,
    }


def role_assign(
    *, actor: User | None, user: User, role: str, area=None, organisation: str = ""
) -> RoleAssignment:
    """Give ``user`` a role, city-wide or for ``area``; nothing changes if held already."""
    organisation = (organisation or "").strip()
    if role not in Role.values:
        raise ValidationError({"role": [_("This role does not exist.")]})
    assignment = RoleAssignment(
        user=user, role=role, area=area, organisation=organisation
    )
    assignment.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        existing = (
            RoleAssignment.objects.select_for_update()
            .filter(user=user, role=role, area=area, organisation=organisation)
            .first()
        )
        if existing is not None:
            return existing
        assignment.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.ROLE_GRANT,
            target=user,
            changes=_role_changes(assignment),
        )
    if hasattr(user, "_role_cache"):
        del user._role_cache
    return assignment


def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    """Take a role away from its holder."""
    user = assignment.user
    with transaction.atomic():
        changes = _role_changes(assignment)
        assignment.delete()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.ROLE_REVOKE,
            target=user,
            changes=changes,
        )
    if hasattr(user, "_role_cache"):
        del user._role_cache


# --- Two-factor authentication ---------------------------------------------------

TWO_FACTOR_DEVICE_NAME = "Authenticator-app"
TOTP_DIGITS = 6


def two_factor_new_key() -> str:
    """A new random secret for an authenticator app (hex, 20 bytes)."""
    return random_hex(20)


def _clean_token(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch not in " -")


def _wrong_code() -> ValidationError:
    return ValidationError(
        _(
            "This code is not right. Type the 6 digits that your app shows now; "
            "a code changes every 30 seconds."
        ),
        code="invalid",
    )


def two_factor_enable(*, actor: User, user: User, key: str, token: str) -> TOTPDevice:
    """Switch on the second step for ``user`` with the app that shows ``token``.

    ``key`` is the secret the app was given (hex). An app set up before is replaced.
    Raises ValidationError (Dutch, on ``token``) for a wrong code or a demo account.
    """
    if user.is_demo:
        raise ValidationError(
            {
                "token": [
                    _(
                        "Demo accounts log in without a second step, so that "
                        "visitors can try every role."
                    )
                ]
            }
        )
    token = _clean_token(token)
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=TOTP_DIGITS, drift=0)
    totp.time = time.time()
    if not (
        len(token) == TOTP_DIGITS
        and token.isascii()
        and token.isdigit()
        and totp.verify(int(token), tolerance=1)
    ):
        raise ValidationError({"token": [_wrong_code()]})
    with transaction.atomic():
        had = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user,
            name=TWO_FACTOR_DEVICE_NAME,
            key=key,
            digits=TOTP_DIGITS,
            confirmed=True,
            # The code just typed cannot be used again to log in.
            last_t=totp.t(),
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=user,
            changes={"two_factor": [had, True]},
        )
    return device


def two_factor_disable(*, actor: User | None, user: User) -> bool:
    """Remove ``user``'s authenticator app; returns whether there was one.

    The caller checks ``accounts.remove_two_factor``: a user who must use the second
    step sets up a new app at the next login.
    """
    with transaction.atomic():
        deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
        if deleted:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                target=user,
                changes={"two_factor": [True, False]},
            )
    return bool(deleted)


def two_factor_check(*, user: User, token: str) -> TOTPDevice:
    """The device that accepts ``token`` for ``user``; ValidationError in Dutch if none.

    django-otp makes the device wait longer after each wrong code (1, 2, 4, … seconds).
    """
    device = two_factor_device(user=user)
    if device is None:
        raise ValidationError(
            _("No app is set up for this account. Log in again."), code="no_device"
        )
    allowed, info = device.verify_is_allowed()
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        seconds = 1
        if locked_until is not None:
            seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
        raise ValidationError(
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                seconds,
            )
            % {"seconds": seconds},
            code="throttled",
        )
    if not device.verify_token(_clean_token(token)):
        raise _wrong_code()
    return device
