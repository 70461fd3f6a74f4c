"""Factories for initiatives and their list values, for every app's tests.

    from samenzorg.initiatives.tests.factories import InitiativeFactory, TagFactory

    InitiativeFactory()                          # public, no owner
    InitiativeFactory(concept=True, owners=[u])  # a draft owned by u
    InitiativeFactory(archived=True)
    InitiativeFactory(fictional=True)            # demo record, "Fictief voorbeeld"
    InitiativeFactory(domains=["sport"], areas=[wijk])  # Tag slugs or Tag objects

Users come from ``samenzorg.accounts.tests.factories.UserFactory`` (re-exported here):
``UserFactory(roles=["gemeente"])``.
"""

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory
from faker import Faker

from samenzorg.accounts.tests.factories import (  # noqa: F401
    TEST_PASSWORD,
    RoleAssignmentFactory,
    UserFactory,
)
from samenzorg.initiatives.models import Initiative, Tag
from samenzorg.initiatives.services import initiative_refresh_search_text

_fake = Faker("nl_NL")


class TagFactory(DjangoModelFactory):
    kind = Tag.Kind.DOMAIN
    slug = factory.Sequence(lambda n: f"waarde-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))
    position = 99

    class Meta:
        model = Tag
        django_get_or_create = ("kind", "slug")


def _tags(kind, values):
    result = []
    for value in values:
        if isinstance(value, Tag):
            result.append(value)
        else:
            result.append(TagFactory(kind=kind, slug=value))
    return result


class InitiativeFactory(DjangoModelFactory):
    # Markup in free text, so that a template that forgets to escape shows it.
    name = factory.Sequence(lambda n: f"Buurtinitiatief <b>{n}</b>")
    description = factory.LazyFunction(
        lambda: f"{_fake.sentence(nb_words=10)} <script>alert(1)</script>"
    )
    maturity = Initiative.Maturity.ACTIVE
    status = Initiative.Status.PUBLIC
    website = ""
    contact_name = factory.LazyFunction(lambda: _fake.name())
    contact_email = factory.Sequence(lambda n: f"contact{n}@initiatief.example.nl")
    contact_phone = "070 123 45 67"
    source = ""
    is_fictional = False

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    class Params:
        public = factory.Trait(status=Initiative.Status.PUBLIC)
        concept = factory.Trait(status=Initiative.Status.CONCEPT)
        review = factory.Trait(status=Initiative.Status.REVIEW)
        archived = factory.Trait(status=Initiative.Status.ARCHIVED)
        fictional = factory.Trait(is_fictional=True, source="Fictief voorbeeld (demo)")

    @factory.post_generation
    def carriers(self, create, extracted, **kwargs):
        if create and extracted:
            self.carriers.set(_tags(Tag.Kind.CARRIER, extracted))

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(_tags(Tag.Kind.TARGET_GROUP, extracted))

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        if create and extracted:
            self.domains.set(_tags(Tag.Kind.DOMAIN, extracted))

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.set(extracted)

    @factory.post_generation
    def search_text(self, create, extracted, **kwargs):
        if create:
            initiative_refresh_search_text(initiative=self)


def publishes_at_once(user) -> None:
    """Make ``user`` someone whose initiatives are published without the
    municipality's check: an earlier one of hers was published (now a draft)."""
    InitiativeFactory(
        concept=True,
        owners=[user],
        name="Eerder gepubliceerd initiatief",
        published_at=timezone.now(),
    )
