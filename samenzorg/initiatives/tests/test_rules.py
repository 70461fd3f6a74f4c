"""The permission matrix: per rule, every role, and who may NOT."""

import pytest

from .conftest import ROLES
from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("public", set(ROLES)),
        ("concept", {"owner", "gemeente", "beheerder"}),
        ("archived", {"gemeente", "beheerder"}),
    ],
)
def test_who_may_view_an_initiative(users_by_role, status, expected):
    initiative = InitiativeFactory(status=status, owners=[users_by_role["owner"]])
    allowed = {
        role
        for role in ROLES
        if users_by_role[role].has_perm("initiatives.view_initiative", initiative)
    }
    assert allowed == expected


@pytest.mark.parametrize(
    "perm",
    [
        "initiatives.change_initiative",
        "initiatives.archive_initiative",
        "initiatives.view_contact_details",
    ],
)
def test_only_owners_gemeente_and_beheerder_may_change_archive_and_see_contacts(
    users_by_role, perm
):
    initiative = InitiativeFactory(public=True, owners=[users_by_role["owner"]])
    allowed = {r for r in ROLES if users_by_role[r].has_perm(perm, initiative)}
    assert allowed == {"owner", "gemeente", "beheerder"}


def test_owner_cannot_change_an_archived_initiative(users_by_role):
    initiative = InitiativeFactory(archived=True, owners=[users_by_role["owner"]])
    allowed = {
        r
        for r in ROLES
        if users_by_role[r].has_perm("initiatives.change_initiative", initiative)
    }
    assert allowed == {"gemeente", "beheerder"}


def test_logged_in_users_with_confirmed_email_may_add(users_by_role):
    from samenzorg.accounts.tests.factories import UserFactory

    allowed = {
        r for r in ROLES if users_by_role[r].has_perm("initiatives.add_initiative")
    }
    assert allowed == set(ROLES) - {"anonymous"}
    assert not UserFactory(unconfirmed=True).has_perm("initiatives.add_initiative")


@pytest.mark.parametrize(
    "perm", ["initiatives.import_initiatives", "initiatives.export_initiatives"]
)
def test_only_gemeente_and_beheerder_may_import_and_export(users_by_role, perm):
    allowed = {r for r in ROLES if users_by_role[r].has_perm(perm)}
    assert allowed == {"gemeente", "beheerder"}


def test_area_gemeente_may_change_initiatives_in_her_area_only(area_tree):
    from samenzorg.accounts.tests.factories import UserFactory
    from samenzorg.initiatives.tests.factories import InitiativeFactory

    escamp_contact = UserFactory(roles=[("gemeente", area_tree["escamp"])])
    in_moerwijk = InitiativeFactory(public=True)
    in_moerwijk.areas.set([area_tree["moerwijk_buurt"], area_tree["moerwijk"]])
    in_valkenbos = InitiativeFactory(public=True)
    in_valkenbos.areas.set([area_tree["valkenbos"]])

    assert escamp_contact.has_perm("initiatives.change_initiative", in_moerwijk)
    assert escamp_contact.has_perm("initiatives.view_contact_details", in_moerwijk)
    assert not escamp_contact.has_perm("initiatives.change_initiative", in_valkenbos)
    assert not escamp_contact.has_perm("initiatives.view_contact_details", in_valkenbos)
    # A role for one area gives no city-wide rights.
    assert not escamp_contact.has_perm("initiatives.export_initiatives")
    assert not escamp_contact.has_perm("initiatives.import_initiatives")
    assert not escamp_contact.has_perm("core.view_audit")
