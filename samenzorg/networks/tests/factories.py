"""Factories for network maps, for every app's tests.

NetworkMapFactory(area=wijk)                 # unpublished map of an area
NetworkMapFactory(published=True)
ActorFactory(network=m, type="welzijn")
ActorFactory(network=m, key_person=True)     # key person with consent
TieFactory(network=m, source_actor=a, target_actor=b)
"""

import factory
from factory.django import DjangoModelFactory

from samenzorg.networks.models import Actor, NetworkMap, Tie


class NetworkMapFactory(DjangoModelFactory):
    # Markup in free text, so that a template that forgets to escape shows it.
    name = factory.Sequence(lambda n: f"Netwerkkaart <b>{n}</b>")
    description = "Wie werkt met wie <script>alert(1)</script>"
    scope = NetworkMap.Scope.AREA
    is_published = False

    class Meta:
        model = NetworkMap

    class Params:
        published = factory.Trait(is_published=True)


class ActorFactory(DjangoModelFactory):
    network = factory.SubFactory(NetworkMapFactory)
    key = factory.Sequence(lambda n: f"actor-{n}")
    name = factory.Sequence(lambda n: f"Organisatie <i>{n}</i>")
    type = "welzijn"

    class Meta:
        model = Actor

    class Params:
        key_person = factory.Trait(
            is_key_person=True,
            name="Fatima Geheim",
            role="Wijkverpleegkundige",
            contact="fatima.geheim@example.nl",
            consent=True,
        )


class TieFactory(DjangoModelFactory):
    network = factory.SubFactory(NetworkMapFactory)
    source_actor = factory.SubFactory(
        ActorFactory, network=factory.SelfAttribute("..network")
    )
    target_actor = factory.SubFactory(
        ActorFactory, network=factory.SelfAttribute("..network")
    )
    kind = "samenwerking"
    strength = 2

    class Meta:
        model = Tie
