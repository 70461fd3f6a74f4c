"""Demo accounts: one per role, with readable fixed passwords.

Only the demo loader (``manage.py load_demo``) calls this. Every account is marked
``is_demo`` and has a visibly made-up name. Running it again resets the passwords and
creates nothing twice.
"""

from dataclasses import dataclass

from django.db import transaction

from samenzorg.areas.models import Area

from . import services
from .models import Role, User

DEMO_DOMAIN = "demo.samenzorg.local"


@dataclass
class DemoAccount:
    role: str
    email: str
    password: str
    user: User


@dataclass(frozen=True)
class _Spec:
    key: str
    role: str
    name: str
    area_code: str | None = None
    organisation: str = ""


SPECS = (
    _Spec("bewoner", Role.BEWONER, "Demo Bewoner"),
    _Spec("initiatiefnemer", Role.INITIATIEFNEMER, "Demo Initiatiefnemer"),
    _Spec("initiatiefnemer-2", Role.INITIATIEFNEMER, "Demo Initiatiefnemer Twee"),
    _Spec(
        "professional",
        Role.PROFESSIONAL,
        "Demo Professional",
        organisation="Demo Zorgorganisatie (fictief)",
    ),
    _Spec("gemeente", Role.GEMEENTE, "Demo Gemeente", organisation="Gemeente Den Haag"),
    _Spec(
        "gemeente-escamp",
        Role.GEMEENTE,
        "Demo Contactpersoon Escamp",
        area_code="SD0518-escamp",
        organisation="Gemeente Den Haag, contactpersoon Escamp",
    ),
    _Spec("procesbegeleider", Role.PROCESBEGELEIDER, "Demo Procesbegeleider"),
    _Spec("cooperatiebestuur", Role.COOPERATIEBESTUUR, "Demo Coöperatiebestuur"),
    _Spec(
        "financier",
        Role.FINANCIER,
        "Demo Financier",
        organisation="Demo Fonds (fictief)",
    ),
    _Spec("beheerder", Role.BEHEERDER, "Demo Beheerder"),
)


def demo_password(key: str) -> str:
    return f"demo-{key}-2026"


def load_demo_accounts() -> dict[str, DemoAccount]:
    """Create or reset the demo accounts; returns them by key (e.g. ``"gemeente"``)."""
    accounts: dict[str, DemoAccount] = {}
    with transaction.atomic():
        for spec in SPECS:
            area = None
            if spec.area_code:
                area = Area.objects.filter(code=spec.area_code).first()
                if area is None:
                    continue  # the areas are not loaded; ``load_areas`` first
            email = f"{spec.key}@{DEMO_DOMAIN}"
            password = demo_password(spec.key)
            is_beheerder = spec.role == Role.BEHEERDER
            user, _created = User.objects.update_or_create(
                email=email,
                defaults={
                    "display_name": spec.name,
                    "is_demo": True,
                    "email_confirmed": True,
                    "is_active": True,
                    "is_staff": is_beheerder,
                    "is_superuser": is_beheerder,
                },
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            services.role_assign(
                actor=None,
                user=user,
                role=spec.role,
                area=area,
                organisation=spec.organisation,
            )
            accounts[spec.key] = DemoAccount(
                role=spec.role, email=email, password=password, user=user
            )
    return accounts


def load_demo(*, accounts: dict, stdout=None) -> None:
    """The demo loader of the registry: fills ``accounts`` for the other loaders."""
    accounts.update(load_demo_accounts())
