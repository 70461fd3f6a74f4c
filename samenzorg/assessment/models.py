"""Assessment rounds (kansrijkheid of initiatives) and area selection scenarios."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The five criteria of the session of 28 June 2016 ('Stadsgedreven innovatie'),
# in its own words.
DEFAULT_CRITERIA = [
    (
        "Aansluiting op de behoefte",
        "Aansluiting van initiatieven op de behoefte in de wijk.",
    ),
    (
        "Draagvlak en legitimiteit",
        "Het draagvlak in de wijk en de bereidheid en legitimiteit die dit geeft is "
        "cruciaal voor een initiatief.",
    ),
    (
        "Zorg dicht bij huis",
        "Het bieden van zorg en ondersteuning dicht bij huis (letterlijk of "
        "figuurlijk).",
    ),
    (
        "Extra impuls",
        "De extra impuls die een initiatief kan geven aan andere activiteiten in "
        "Den Haag.",
    ),
    (
        "Eigen middelen en continuïteit",
        "De inbreng van eigen financiële middelen. Het initiatief kan daarmee "
        "continuïteit waarborgen.",
    ),
]

JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(6))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Round(models.Model):
    """An assessment round: criteria, weights and the initiatives to score."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("in preparation")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class Method(models.TextChoices):
        MEAN = "mean", _("mean")
        MEDIAN = "median", _("median")

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.PROTECT,
        related_name="assessment_rounds",
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    method = models.CharField(
        _("how scores are combined"),
        max_length=10,
        choices=Method.choices,
        default=Method.MEAN,
    )
    raters_per_initiative = models.PositiveSmallIntegerField(
        _("raters per initiative (r)"), default=3
    )
    expected_participants = models.PositiveIntegerField(
        _("expected participants"), default=45
    )
    max_per_person = models.PositiveSmallIntegerField(
        _("most initiatives per person"), null=True, blank=True
    )
    top_k = models.PositiveSmallIntegerField(
        _("size of the top for the sensitivity"), default=10
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("initiatives"),
        blank=True,
        related_name="assessment_rounds",
    )
    initiative_filters = models.JSONField(_("filters used"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONCEPT
    )
    is_published = models.BooleanField(_("results public"), default=False)
    is_fictional = models.BooleanField(
        _("fictional example"),
        default=False,
        help_text=_("The scores are made up to show how the round works."),
    )
    join_code = models.CharField(
        _("join code"), max_length=12, unique=True, default=new_join_code
    )
    seed = models.PositiveIntegerField(_("seed"), default=2016)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="assessment_round_scale_order",
            ),
            models.CheckConstraint(
                condition=models.Q(raters_per_initiative__gte=1),
                name="assessment_round_r_positive",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def scale(self):
        return list(range(self.scale_min, self.scale_max + 1))


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    weight = models.FloatField(_("weight"), default=1.0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="assessment_criterion_weight"
            ),
        ]

    def __str__(self):
        return self.name


class Participant(models.Model):
    """Somebody who joined a round, with or without an account."""

    class OrganisationKind(models.TextChoices):
        BEWONER = "bewoner", _("resident")
        INITIATIEF = "initiatief", _("residents' initiative")
        ZORG = "zorg", _("care organisation")
        WELZIJN = "welzijn", _("welfare organisation")
        WONEN = "wonen", _("housing corporation")
        GEMEENTE = "gemeente", _("municipality or district")
        FINANCIER = "financier", _("health insurer or fund")
        ANDERS = "anders", _("other")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=120)
    organisation_kind = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.ANDERS,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment_participations",
    )
    position = models.PositiveIntegerField(_("join order"))
    token = models.CharField(max_length=64, unique=True, default=new_token)
    weights = models.JSONField(
        _("division of 100 points"), null=True, blank=True, default=None
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "position"], name="assessment_participant_position"
            ),
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=models.Q(user__isnull=False),
                name="assessment_participant_user",
            ),
        ]

    def __str__(self):
        return self.name


class Score(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="scores"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores"
    )
    value = models.SmallIntegerField(_("score"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "initiative", "criterion"],
                name="assessment_score_once",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id}/{self.initiative_id}/{self.criterion_id}={self.value}"


class Scenario(models.Model):
    """A saved choice of promising areas: inputs, and the result when computed."""

    # More areas than the country has buurten is a typing error.
    MAX_AREAS = 20_000

    class Level(models.TextChoices):
        WIJK = "wijk", _("neighbourhood (wijk)")
        BUURT = "buurt", _("quarter (buurt)")

    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.WIJK
    )
    indicators = models.JSONField(
        _("indicators"),
        default=list,
        blank=True,
        help_text=_("List of {variable, direction, weight, problem}."),
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("kansrijkheid from round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scenarios",
    )
    kansrijkheid_weight = models.FloatField(_("weight of kansrijkheid"), default=1.0)
    k = models.PositiveSmallIntegerField(_("number of areas (k)"), default=7)
    min_distinct_problems = models.PositiveSmallIntegerField(
        _("at least this many different problems (d)"), null=True, blank=True
    )
    max_per_group = models.PositiveSmallIntegerField(
        _("at most this many per district (g)"), null=True, blank=True
    )
    include = models.JSONField(_("must be in"), default=list, blank=True)
    exclude = models.JSONField(_("must stay out"), default=list, blank=True)
    problems = models.JSONField(
        _("problem type per area (changed by hand)"), default=dict, blank=True
    )
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("why no choice is possible"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="assessment_scenarios",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("area scenario")
        verbose_name_plural = _("area scenarios")

    def __str__(self):
        return self.title
