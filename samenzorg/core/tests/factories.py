"""Factories for notifications.

NotificationFactory(recipient=user)              # unread, of the test kind
NotificationFactory(recipient=user, read=True)
"""

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.core.models import Delivery, Notification
from samenzorg.core.notifications import _recount_unread as recount_unread


class NotificationFactory(DjangoModelFactory):
    recipient = factory.SubFactory(UserFactory)
    kind = "core.test_event"
    context = factory.Sequence(lambda n: {"name": f"Ding <b>{n}</b>"})
    url = "/initiatieven/"
    delivery = Delivery.IMMEDIATE

    class Meta:
        model = Notification
        skip_postgeneration_save = True

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def recount(self, create, extracted, **kwargs):
        """Keep the recipient's unread number right, as the services do."""
        if create:
            recount_unread([self.recipient_id])
            self.recipient.refresh_from_db(fields=["unread_notifications"])
