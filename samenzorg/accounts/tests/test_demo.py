import pytest

from samenzorg.accounts.demo import load_demo_accounts
from samenzorg.accounts.models import RoleAssignment, User
from samenzorg.areas.models import Area

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent_and_resets_passwords():
    first = load_demo_accounts()
    users, roles = User.objects.count(), RoleAssignment.objects.count()
    first["bewoner"].user.set_password("vergeten")
    first["bewoner"].user.save()
    second = load_demo_accounts()
    assert User.objects.count() == users
    assert RoleAssignment.objects.count() == roles
    bewoner = User.objects.get(email="bewoner@demo.samenzorg.local")
    assert bewoner.check_password(second["bewoner"].password)
    assert second["bewoner"].password == "demo-bewoner-2026"


def test_demo_has_one_account_per_role_and_a_second_initiator():
    accounts = load_demo_accounts()
    assert {a.role for a in accounts.values()} == {
        "bewoner",
        "initiatiefnemer",
        "professional",
        "gemeente",
        "procesbegeleider",
        "cooperatiebestuur",
        "financier",
        "beheerder",
    }
    assert "initiatiefnemer-2" in accounts
    for key, account in accounts.items():
        user = account.user
        assert user.is_demo is True
        assert user.email_confirmed is True
        assert user.display_name.startswith("Demo ")
        assert user.has_role(account.role), key
        assert user.is_staff is (account.role == "beheerder")
    assert accounts["beheerder"].user.is_superuser is True


def test_escamp_contact_only_when_the_area_exists():
    assert "gemeente-escamp" not in load_demo_accounts()
    escamp = Area.objects.create(code="SD0518-escamp", name="Escamp", level="stadsdeel")
    accounts = load_demo_accounts()
    user = accounts["gemeente-escamp"].user
    assert user.has_role("gemeente", area=escamp)
    assignment = user.role_assignments.get()
    assert assignment.area == escamp
    assert "Escamp" in assignment.organisation
