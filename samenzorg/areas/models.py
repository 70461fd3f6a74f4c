from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A gemeente, stadsdeel, wijk or buurt with its CBS code, or a werkgebied.

    Geometry is GeoJSON (WGS84) as published, generalised to about 100 m: good for
    maps and statistics, not for deciding cases at an address near a boundary.
    """

    class Level(models.TextChoices):
        GEMEENTE = "gemeente", _("municipality")
        STADSDEEL = "stadsdeel", _("district")
        WIJK = "wijk", _("neighbourhood")
        BUURT = "buurt", _("quarter")
        WERKGEBIED = "werkgebied", _("working area")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    members = models.ManyToManyField(
        "self",
        verbose_name=_("made of"),
        symmetrical=False,
        blank=True,
        related_name="werkgebieden",
        help_text=_("For a working area: the wijken or buurten it is made of."),
    )
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    cbs_name = models.CharField(
        _("CBS name"),
        max_length=160,
        blank=True,
        help_text=_("The name as CBS publishes it, e.g. 'Wijk 36 Moerwijk'."),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "name"])]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name


class Variable(models.Model):
    """A CBS variable of one year, e.g. AantalInwoners_5 of Kerncijfers 2024."""

    key = models.CharField(_("CBS key"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    unit = models.CharField(_("unit"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["key", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="unique_variable_year")
        ]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")

    def __str__(self):
        return f"{self.title} ({self.year})"


class Statistic(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="statistics")
    variable = models.ForeignKey(
        Variable, on_delete=models.CASCADE, related_name="values"
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    is_derived = models.BooleanField(
        _("derived"),
        default=False,
        help_text=_(
            "Computed by the platform as the sum of the parts (for a district or "
            "working area), not published by CBS for this area."
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "variable"], name="unique_statistic_area_variable"
            )
        ]

    def __str__(self):
        return f"{self.area.code} {self.variable.key}={self.value}"
