from django.core import signing
from django.core.exceptions import ValidationError

import pytest

from samenzorg.accounts import services
from samenzorg.accounts.models import Role, RoleAssignment, User
from samenzorg.core.models import AuditEntry

from .factories import TEST_PASSWORD, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def _register(**kwargs):
    data = {
        "email": "Anna@Example.nl",
        "password": "Buurt-zorg-samen-42",
        "display_name": "Anna de Vries",
        "role": Role.BEWONER,
        "base_url": BASE,
    }
    data.update(kwargs)
    return services.user_register(**data)


def test_register_creates_unconfirmed_user_with_role_and_sends_link(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _register()
    assert user.email == "anna@example.nl"
    assert user.email_confirmed is False
    assert user.check_password("Buurt-zorg-samen-42")
    assert user.roles == {"bewoner"}
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.nl"]
    assert "/account/bevestigen/" in mailoutbox[0].body


def test_register_sends_no_mail_before_commit(mailoutbox):
    _register()
    assert mailoutbox == []


def test_register_with_existing_address_makes_nothing_and_mails_the_owner(
    mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="anna@example.nl")
    with django_capture_on_commit_callbacks(execute=True):
        assert _register(email="ANNA@example.nl") is None
    assert User.objects.filter(email__iexact="anna@example.nl").count() == 1
    assert [m.to for m in mailoutbox] == [["anna@example.nl"]]
    assert "geen nieuw account" in mailoutbox[0].body


@pytest.mark.parametrize("role", ["gemeente", "beheerder", "financier", "onzin"])
def test_register_refuses_roles_that_are_granted(role):
    with pytest.raises(ValidationError) as exc:
        _register(role=role)
    assert "role" in exc.value.message_dict
    assert not User.objects.exists()


def test_register_refuses_weak_password_in_dutch():
    with pytest.raises(ValidationError) as exc:
        _register(password="12345")
    messages = " ".join(exc.value.message_dict["password"])
    assert "te kort" in messages


def test_confirm_email_marks_user_confirmed_and_audits(mailoutbox):
    user = UserFactory(unconfirmed=True)
    token = services.confirmation_token(user)
    confirmed = services.user_confirm_email(token=token)
    assert confirmed == user
    user.refresh_from_db()
    assert user.email_confirmed is True
    entry = AuditEntry.objects.get(action="update", target_id=str(user.pk))
    assert entry.changes == {"email_confirmed": [False, True]}


def test_confirm_email_rejects_tampered_token():
    user = UserFactory(unconfirmed=True)
    token = services.confirmation_token(user)
    with pytest.raises(ValidationError) as exc:
        services.user_confirm_email(token=token[:-2] + "xx")
    assert exc.value.code == "invalid"
    user.refresh_from_db()
    assert user.email_confirmed is False


def test_confirm_email_rejects_expired_token(monkeypatch):
    user = UserFactory(unconfirmed=True)
    token = services.confirmation_token(user)
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", -1)
    with pytest.raises(ValidationError) as exc:
        services.user_confirm_email(token=token)
    assert exc.value.code == "expired"


def test_confirm_email_rejects_token_for_old_address():
    user = UserFactory(unconfirmed=True, email="oud@example.nl")
    token = services.confirmation_token(user)
    user.email = "nieuw@example.nl"
    user.save()
    with pytest.raises(ValidationError):
        services.user_confirm_email(token=token)


def test_token_from_another_signer_salt_is_rejected():
    user = UserFactory(unconfirmed=True)
    token = signing.TimestampSigner(salt="other").sign_object(
        {"u": user.pk, "e": user.email}
    )
    with pytest.raises(ValidationError):
        services.user_confirm_email(token=token)


def test_resend_confirmation_sends_only_to_unconfirmed_known_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="nieuw@example.nl", unconfirmed=True)
    UserFactory(email="klaar@example.nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.user_resend_confirmation(email="nieuw@example.nl", base_url=BASE)
        services.user_resend_confirmation(email="klaar@example.nl", base_url=BASE)
        services.user_resend_confirmation(email="onbekend@example.nl", base_url=BASE)
    assert [m.to for m in mailoutbox] == [["nieuw@example.nl"]]


def test_role_assign_writes_audit_row_with_area_and_organisation():
    from samenzorg.areas.models import Area

    escamp = Area.objects.create(code="SD0518-escamp", name="Escamp", level="stadsdeel")
    actor = UserFactory(roles=["beheerder"])
    user = UserFactory()
    assignment = services.role_assign(
        actor=actor, user=user, role=Role.GEMEENTE, area=escamp, organisation="Gemeente"
    )
    assert user.has_role("gemeente", area=escamp)
    entry = AuditEntry.objects.get(action="role_grant", target_id=str(user.pk))
    assert entry.actor == actor
    assert entry.target_type == "accounts.user"
    assert entry.changes == {
        "role": "gemeente",
        "area": "SD0518-escamp",
        "organisation": "Gemeente",
    }
    # Assigning again changes nothing and writes nothing.
    again = services.role_assign(
        actor=actor, user=user, role=Role.GEMEENTE, area=escamp, organisation="Gemeente"
    )
    assert again == assignment
    assert AuditEntry.objects.filter(action="role_grant").count() == 1


def test_role_assign_refuses_unknown_role():
    with pytest.raises(ValidationError):
        services.role_assign(actor=None, user=UserFactory(), role="koning")
    assert not RoleAssignment.objects.exists()


def test_role_revoke_removes_role_and_writes_audit_row():
    actor = UserFactory(roles=["beheerder"])
    assignment = RoleAssignmentFactory(role=Role.FINANCIER, organisation="Fonds")
    user = assignment.user
    services.role_revoke(actor=actor, assignment=assignment)
    assert not user.role_assignments.exists()
    entry = AuditEntry.objects.get(action="role_revoke")
    assert entry.actor == actor
    assert entry.target_id == str(user.pk)
    assert entry.changes == {"role": "financier", "area": None, "organisation": "Fonds"}


def test_update_profile_changes_name_and_audits():
    user = UserFactory(display_name="Oud")
    services.user_update_profile(actor=user, user=user, display_name=" Nieuw ")
    user.refresh_from_db()
    assert user.display_name == "Nieuw"
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {"display_name": ["Oud", "Nieuw"]}


def test_factory_user_has_known_password_and_roles():
    user = UserFactory(roles=["gemeente", "bewoner"])
    assert user.check_password(TEST_PASSWORD)
    assert user.email_confirmed is True
    assert user.roles == {"gemeente", "bewoner"}
    other = UserFactory(password="Ander-wachtwoord-9")
    assert other.check_password("Ander-wachtwoord-9")
    assert UserFactory(unconfirmed=True).email_confirmed is False
