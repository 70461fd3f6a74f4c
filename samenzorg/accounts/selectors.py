"""Reading accounts, roles and the change log."""

from django.db.models import Q, QuerySet

from django_otp.plugins.otp_totp.models import TOTPDevice

from samenzorg.core.models import AuditEntry

from .models import RoleAssignment, User

# Record types on the change log, by the filter value in the URL.
AUDIT_RECORD_TYPES = {
    "initiatieven": Q(target_type__startswith="initiatives."),
    "gebruikers": Q(target_type__in=["accounts.user", "accounts.roleassignment"]),
}


def role_assignment_list(*, user: User) -> QuerySet[RoleAssignment]:
    """The roles ``user`` holds, with their areas."""
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("area")
        .order_by("role", "area__name", "organisation")
    )


def audit_entry_list(
    *, user: User, record_type: str = "", q: str = ""
) -> QuerySet[AuditEntry]:
    """All recorded changes, newest first, for those who may read the change log.

    Others get an empty list; the view refuses them before asking.
    """
    if not user.has_perm("core.view_audit"):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.select_related("actor").order_by("-at", "-id")
    if record_type in AUDIT_RECORD_TYPES:
        entries = entries.filter(AUDIT_RECORD_TYPES[record_type])
    if q:
        entries = entries.filter(target_repr__icontains=q)
    return entries


def two_factor_device(*, user: User) -> TOTPDevice | None:
    """The authenticator app ``user`` logs in with (a confirmed TOTP device), if any."""
    if not (user and user.is_authenticated):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
