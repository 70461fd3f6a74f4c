"""Factories for users and their roles, for every app's tests.

    from samenzorg.accounts.tests.factories import UserFactory

    UserFactory()                                   # confirmed e-mail, no roles
    UserFactory(unconfirmed=True)                   # has not clicked the link yet
    UserFactory(roles=["gemeente"])                 # city-wide role
    UserFactory(roles=[("gemeente", escamp)])       # role for one area (Area or code)
    UserFactory(password="Iets-anders-2026")        # another password (hashed)
    TOTPDeviceFactory(user=user)                    # an authenticator app
    totp_code(device)                               # the code it shows now

Every user's password is ``TEST_PASSWORD`` unless given.
"""

import functools
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password

import factory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory
from faker import Faker

from samenzorg.accounts.models import Role, RoleAssignment, User

TEST_PASSWORD = "Zorg-samen-regelen-2026"

_fake = Faker("nl_NL")


def _test_password_hash() -> str:
    # Hashing is slow on purpose; one hash per hasher is shared by all test users.
    return _password_hash_for(settings.PASSWORD_HASHERS[0])


@functools.cache
def _password_hash_for(hasher: str) -> str:
    return make_password(TEST_PASSWORD)


def _area(value):
    if isinstance(value, str):
        from samenzorg.areas.models import Area

        return Area.objects.get(code=value)
    return value


class UserFactory(DjangoModelFactory):
    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    # Markup in free text, so that a template that forgets to escape shows it.
    display_name = factory.LazyFunction(lambda: f"{_fake.name()} <b>Test</b>")
    password = factory.LazyFunction(_test_password_hash)
    email_confirmed = True
    is_active = True

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    class Params:
        unconfirmed = factory.Trait(email_confirmed=False)
        staff = factory.Trait(is_staff=True)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.get("password")
        if password and password != _test_password_hash():
            kwargs["password"] = make_password(password)
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """A list of role values, or of ``(role, area)`` tuples."""
        if not create or not extracted:
            return
        for item in extracted:
            role, area = item if isinstance(item, (tuple, list)) else (item, None)
            RoleAssignment.objects.get_or_create(
                user=self, role=role, area=_area(area), organisation=""
            )
        if hasattr(self, "_role_cache"):
            del self._role_cache


class RoleAssignmentFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    role = Role.BEWONER
    area = None
    organisation = ""

    class Meta:
        model = RoleAssignment


class TOTPDeviceFactory(DjangoModelFactory):
    """A confirmed authenticator app; ``totp_code(device)`` gives its current code."""

    user = factory.SubFactory(UserFactory)
    name = "Authenticator-app"
    confirmed = True

    class Meta:
        model = TOTPDevice


def totp_code(device, *, offset: int = 0) -> str:
    """The code ``device``'s app shows now (``offset`` steps of 30 s away)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def second_step_device(user) -> TOTPDevice:
    """The app ``user`` passes the second step with, created when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDeviceFactory(user=user)
