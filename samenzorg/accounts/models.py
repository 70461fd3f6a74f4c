from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenzorg.core.roles import Role, holds_role_anywhere, holds_role_for

__all__ = ["Role", "RoleAssignment", "User"]


class EmailUserManager(UserManager):
    """Users log in with their e-mail address; there is no separate user name."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    email_confirmed = models.BooleanField(_("e-mail confirmed"), default=False)
    is_demo = models.BooleanField(
        _("demo account"), default=False, help_text=_("Created by the demo loader.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_("The language of the e-mails we send you."),
    )
    # Kept by the services in core.notifications, so every page can show the
    # number without a query.
    unread_notifications = models.PositiveIntegerField(
        _("unread notifications"), default=0, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.email

    def has_role(self, role: str, *, area=None) -> bool:
        """Whether the user holds ``role``: anywhere, or with ``area`` for that area
        (city-wide, for the area itself or for an area it lies in)."""
        if area is None:
            return holds_role_anywhere(self, role)
        return holds_role_for(self, role, [area])

    @property
    def role_assignments_cached(self):
        if not hasattr(self, "_role_cache"):
            self._role_cache = list(self.role_assignments.all())
        return self._role_cache

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_assignments_cached}


class RoleAssignment(models.Model):
    """A role a user holds: city-wide, or for one area, or for one organisation."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Leave empty for the whole city."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area", "organisation"],
                name="unique_role_assignment",
            )
        ]

    def __str__(self):
        where = f" ({self.area})" if self.area_id else ""
        org = f" – {self.organisation}" if self.organisation else ""
        return f"{self.get_role_display()}{where}{org}"
