from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    """A value of one of the inventory's lists: carrier, target group or domain."""

    class Kind(models.TextChoices):
        CARRIER = "carrier", _("carried by")
        TARGET_GROUP = "target_group", _("target group")
        DOMAIN = "domain", _("activity domain")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "slug"], name="unique_tag_kind_slug"
            )
        ]
        verbose_name = _("list value")
        verbose_name_plural = _("list values")

    def __str__(self):
        return self.name


class Initiative(models.Model):
    class Maturity(models.TextChoices):
        IDEA = "idee", _("idea")
        STARTING = "opstart", _("starting")
        ACTIVE = "actief", _("active")
        ROOTED = "geworteld", _("firmly rooted")

    class Status(models.TextChoices):
        CONCEPT = "concept", _("draft")
        # A new account's first publication, until the municipality has checked it.
        REVIEW = "review", _("waiting for a check")
        PUBLIC = "public", _("public")
        ARCHIVED = "archived", _("archived")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    carriers = models.ManyToManyField(
        Tag,
        verbose_name=_("carried by"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Tag.Kind.CARRIER},
    )
    target_groups = models.ManyToManyField(
        Tag,
        verbose_name=_("target groups"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Tag.Kind.TARGET_GROUP},
    )
    domains = models.ManyToManyField(
        Tag,
        verbose_name=_("activity domains"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Tag.Kind.DOMAIN},
    )
    maturity = models.CharField(
        _("maturity"), max_length=20, choices=Maturity.choices, default=Maturity.IDEA
    )
    areas = models.ManyToManyField(
        "areas.Area", verbose_name=_("areas"), blank=True, related_name="initiatives"
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Contact details: visible to municipal staff and the owners only.
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owners"),
        blank=True,
        related_name="initiatives_owned",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    review_note = models.TextField(
        _("reason of the check"),
        blank=True,
        help_text=_("Why the municipality did not publish it yet; the owners see it."),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where this record comes from, e.g. the source document."),
    )
    is_fictional = models.BooleanField(
        _("fictional example"),
        default=False,
        help_text=_("Demo record made up to show the platform at scale."),
    )
    # Lower-case text without accents, kept by the services, so that search is
    # accent-insensitive on SQLite and PostgreSQL alike.
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("added on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["status", "maturity"]),
            models.Index(fields=["status", "-updated_at"]),
        ]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.pk])
