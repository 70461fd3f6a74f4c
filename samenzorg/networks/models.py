"""Network maps: the actors of an area (or alliance, or region) and their ties.

A key person is an actor that is a person in a role (e.g. "wijkverpleegkundige"). Their
name and contact details are personal data: stored only with consent, and shown only to
who may change the map, never publicly; the public label is the role.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class NetworkMap(models.Model):
    class Scope(models.TextChoices):
        AREA = "gebied", _("area")
        ALLIANCE = "alliantie", _("alliance")
        REGION = "regio", _("region")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    scope = models.CharField(
        _("map of"), max_length=20, choices=Scope.choices, default=Scope.AREA
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="network_maps",
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Everyone can see a published map, without key persons' names."),
    )
    is_fictional = models.BooleanField(_("fictional example"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    seed = models.PositiveIntegerField(
        _("seed for clusters"),
        default=0,
        help_text=_("The same seed gives the same clusters."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    analysis = models.JSONField(null=True, blank=True, editable=False)
    analysis_version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network map")
        verbose_name_plural = _("network maps")

    def __str__(self):
        return self.name


class ActorType(models.TextChoices):
    BEWONERSINITIATIEF = "bewonersinitiatief", _("residents' initiative")
    ZORGAANBIEDER = "zorgaanbieder", _("care provider")
    WELZIJN = "welzijn", _("welfare organisation")
    GEMEENTE = "gemeente", _("municipality")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("health insurer")
    ONDERWIJS = "onderwijs", _("education")
    LEVENSBESCHOUWELIJK = "levensbeschouwelijk", _("religious or belief group")
    ONDERNEMER = "ondernemer", _("entrepreneur")
    ONDERSTEUNING = "ondersteuningsorganisatie", _("support organisation")
    CLIENTENORGANISATIE = "clientenorganisatie", _("client organisation")
    FONDS = "fonds", _("fund")
    ADVIES = "advies", _("consultancy")
    OVERIG = "overig", _("other")


class Actor(models.Model):
    network = models.ForeignKey(
        NetworkMap, on_delete=models.CASCADE, related_name="actors"
    )
    key = models.CharField(
        _("import id"),
        max_length=100,
        help_text=_("A short id that imports and exports use."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    type = models.CharField(
        _("type"), max_length=30, choices=ActorType.choices, default=ActorType.OVERIG
    )
    is_key_person = models.BooleanField(_("key person"), default=False)
    role = models.CharField(
        _("role"),
        max_length=150,
        blank=True,
        help_text=_("For a key person: the role that is shown publicly."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    contact = models.CharField(_("contact details"), max_length=200, blank=True)
    consent = models.BooleanField(
        _("consent for personal data"),
        default=False,
        help_text=_("The person agreed that their name and contact are stored."),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_actors",
    )
    notes = models.TextField(_("notes"), blank=True)
    is_fictional = models.BooleanField(_("fictional example"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "key"], name="networks_unique_actor_key"
            )
        ]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        """What anyone may see: a key person appears by role (and organisation)."""
        if not self.is_key_person:
            return self.name
        label = self.role or str(_("Key person"))
        return f"{label} ({self.organisation})" if self.organisation else label


class TieKind(models.TextChoices):
    SAMENWERKING = "samenwerking", _("cooperation")
    VERWIJZING = "verwijzing", _("referral")
    FINANCIERING = "financiering", _("funding")
    INFORMATIE = "informatie", _("information")


class Tie(models.Model):
    network = models.ForeignKey(
        NetworkMap, on_delete=models.CASCADE, related_name="ties"
    )
    source_actor = models.ForeignKey(
        Actor, verbose_name=_("from"), on_delete=models.CASCADE, related_name="+"
    )
    target_actor = models.ForeignKey(
        Actor, verbose_name=_("to"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=TieKind.choices, default=TieKind.SAMENWERKING
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"), default=2, help_text=_("1 weak, 2 normal, 3 strong.")
    )
    directed = models.BooleanField(
        _("one direction"), default=False, help_text=_("From the first to the second.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    is_fictional = models.BooleanField(_("fictional example"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_actor=F("target_actor")),
                name="networks_tie_not_self",
            ),
            models.CheckConstraint(
                condition=Q(strength__gte=1) & Q(strength__lte=3),
                name="networks_tie_strength_1_3",
            ),
        ]

    def __str__(self):
        return f"{self.source_actor} – {self.target_actor} ({self.get_kind_display()})"


class QuestionnaireAnswer(models.Model):
    """A tie named in the questionnaire ("met wie werkt u samen?"), to be accepted."""

    class Status(models.TextChoices):
        PENDING = "open", _("waiting")
        ACCEPTED = "geaccepteerd", _("accepted")
        REJECTED = "afgewezen", _("rejected")

    respondent = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="questionnaire_answers"
    )
    partner = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    partner_name = models.CharField(_("other organisation"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=TieKind.choices, default=TieKind.SAMENWERKING
    )
    strength = models.PositiveSmallIntegerField(_("strength"), default=2)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING
    )
    tie = models.ForeignKey(
        Tie, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")

    def __str__(self):
        other = self.partner.public_name if self.partner_id else self.partner_name
        return f"{self.respondent} → {other}"
