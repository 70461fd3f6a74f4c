"""What the accounts app holds about a person: the account, roles, the
authenticator app and the login history (see ``core.gdpr``). Its erasure runs last
and deletes the account itself."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext as _

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django_otp.plugins.otp_totp.models import TOTPDevice

from samenzorg.core.gdpr import (
    STAND_IN_NAME,
    Erasure,
    blank_everywhere,
    field_record,
    section,
)

from .models import RoleAssignment, User

COVERS = [
    "accounts.user",
    "accounts.roleassignment",
    "admin.logentry",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "otp_totp.totpdevice",
    "sessions.session",
]

USER_FIELDS = ["email", "display_name", "language", "email_confirmed", "is_active"]
# Names from Django's own account form, shown only when filled in.
NAME_FIELDS = ["first_name", "last_name"]


def _logins(queryset, kind: str) -> list[dict]:
    return [
        {
            _("Kind of record"): kind,
            _("When"): row.attempt_time,
            _("IP address"): row.ip_address,
            # django-axes stores "<unknown>" when the browser gave no name.
            _("Browser"): _("not known")
            if row.user_agent in ("", "<unknown>")
            else row.user_agent,
            **(
                {_("Logged out"): row.logout_time}
                if hasattr(row, "logout_time")
                else {}
            ),
        }
        for row in queryset.order_by("attempt_time")
    ]


def _sessions_of(user) -> list[str]:
    return [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def _account(user) -> dict:
    """The account in plain words: what she filled in and when she joined and last
    logged in; not the staff flags of Django's admin."""
    names = [name for name in NAME_FIELDS if getattr(user, name).strip()]
    return field_record(
        user,
        USER_FIELDS[:2] + names + USER_FIELDS[2:],
        kind=_("account"),
        **{_("Member since"): user.date_joined, _("Last logged in"): user.last_login},
    )


def export(user) -> dict:
    roles = RoleAssignment.objects.filter(user=user).select_related("area")
    devices = TOTPDevice.objects.filter(user=user).order_by("id")
    return section(
        _("Your account"),
        [_account(user)]
        + [
            field_record(
                assignment,
                ["role", "area", "organisation"],
                kind=_("role"),
                **{_("Since"): assignment.created_at},
            )
            for assignment in roles.order_by("created_at", "id")
        ]
        + [
            {
                _("Kind of record"): _("authenticator app"),
                _("Name"): device.name,
                _("Confirmed"): device.confirmed,
                _("Set up"): device.created_at,
                _("Last used"): device.last_used_at,
            }
            for device in devices
        ]
        + _logins(AccessLog.objects.filter(username__iexact=user.email), _("login"))
        + _logins(
            AccessFailureLog.objects.filter(username__iexact=user.email),
            _("failed login"),
        ),
    )


def erase(user, erasure: Erasure) -> dict:
    stand_in = erasure.stand_in
    email = user.email
    user_type = ContentType.objects.get_for_model(User)
    about_user = LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk))
    summary = {
        "roles": RoleAssignment.objects.filter(user=user).delete()[0],
        "authenticator_apps": TOTPDevice.objects.filter(user=user).delete()[0],
        "logins": AccessLog.objects.filter(username__iexact=email).delete()[0]
        + AccessFailureLog.objects.filter(username__iexact=email).delete()[0]
        + AccessAttempt.objects.filter(username__iexact=email).delete()[0],
        "sessions": Session.objects.filter(pk__in=_sessions_of(user)).delete()[0],
        "admin_entries_kept": LogEntry.objects.filter(user=user).update(user=stand_in),
    }
    about_user.update(object_repr=STAND_IN_NAME)
    blank_everywhere(
        LogEntry.objects.all(), ["object_repr", "change_message"], erasure.forgotten
    )
    user.delete()
    summary["accounts"] = 1
    return summary
