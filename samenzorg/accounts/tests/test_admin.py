from django.urls import reverse

import pytest

from samenzorg.accounts.models import RoleAssignment, User
from samenzorg.core.models import AuditEntry

from .factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(roles=["beheerder"], is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    return client


def _change_data(user, rows):
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "email_confirmed": "on",
        "role_assignments-TOTAL_FORMS": str(len(rows)),
        "role_assignments-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"role_assignments-{i}-{key}"] = value
        data[f"role_assignments-{i}-user"] = str(user.pk)
    return data


def test_role_added_in_admin_is_audited(admin_client):
    user = UserFactory()
    url = reverse("admin:accounts_user_change", args=[user.pk])
    assert admin_client.get(url).status_code == 200
    data = _change_data(
        user,
        [{"id": "", "role": "procesbegeleider", "area": "", "organisation": "Bureau"}],
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert user.role_assignments.get().role == "procesbegeleider"
    entry = AuditEntry.objects.get(action="role_grant", target_id=str(user.pk))
    assert entry.actor == admin_client.admin
    assert entry.changes == {
        "role": "procesbegeleider",
        "area": None,
        "organisation": "Bureau",
    }


def test_role_removed_and_changed_in_admin_is_audited(admin_client):
    user = UserFactory()
    keep = RoleAssignmentFactory(user=user, role="bewoner")
    drop = RoleAssignmentFactory(user=user, role="financier")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = _change_data(
        user,
        [
            {
                "id": str(keep.pk),
                "role": "professional",
                "area": "",
                "organisation": "",
            },
            {
                "id": str(drop.pk),
                "role": "financier",
                "area": "",
                "organisation": "",
                "DELETE": "on",
            },
        ],
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert {r.role for r in user.role_assignments.all()} == {"professional"}
    revoked = sorted(
        e.changes["role"] for e in AuditEntry.objects.filter(action="role_revoke")
    )
    assert revoked == ["bewoner", "financier"]
    assert AuditEntry.objects.filter(
        action="role_grant", changes__role="professional"
    ).exists()


def test_user_change_in_admin_is_audited(admin_client):
    user = UserFactory(display_name="Oud")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = _change_data(user, [])
    data["display_name"] = "Nieuw"
    data["is_staff"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="update", target_id=str(user.pk))
    assert entry.changes == {
        "display_name": ["Oud", "Nieuw"],
        "is_staff": [False, True],
    }


def test_user_deleted_in_admin_revokes_roles_in_log(admin_client):
    user = UserFactory(roles=["gemeente"])
    url = reverse("admin:accounts_user_delete", args=[user.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not RoleAssignment.objects.filter(user_id=user.pk).exists()
    assert AuditEntry.objects.filter(
        action="role_revoke", target_id=str(user.pk)
    ).exists()
    assert AuditEntry.objects.filter(action="delete", target_id=str(user.pk)).exists()


def test_user_added_in_admin_is_audited(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Nieuw@Example.nl",
            "display_name": "Nieuwe gebruiker",
            "usable_password": "true",
            "password1": "Sterk-wachtwoord-31",
            "password2": "Sterk-wachtwoord-31",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-MIN_NUM_FORMS": "0",
            "role_assignments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="nieuw@example.nl")
    assert user.check_password("Sterk-wachtwoord-31")
    assert AuditEntry.objects.filter(action="create", target_id=str(user.pk)).exists()


def test_user_list_in_admin(admin_client):
    UserFactory.create_batch(3, roles=["bewoner"])
    response = admin_client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("roles", [["gemeente"], ["bewoner"]])
def test_non_staff_cannot_use_admin(client, roles):
    client.force_login(UserFactory(roles=roles))
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]
