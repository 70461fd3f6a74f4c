"""Personal data (core.gdpr): every app takes part, core's own part, the erasure of a
person from the whole platform and the command for the privacy officer."""

import io
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.tests.factories import AreaFactory
from samenzorg.core import gdpr, registry
from samenzorg.core.audit import audit_record
from samenzorg.core.models import AuditEntry, Document, Notification, TaskProgress

from .factories import NotificationFactory

EMAIL = "marie.vermeulen@example.nl"
NAME = "Marie Vermeulen"


@pytest.fixture
def marie(db):
    return UserFactory(email=EMAIL, display_name=NAME)


@pytest.fixture
def other(db):
    return UserFactory(email="kees.bakker@example.nl", display_name="Kees Bakker")


def _section(data, app):
    return next(s for s in data["sections"] if s["app"] == app)


def _text(section) -> str:
    return json.dumps(section, default=str, ensure_ascii=False)


# Every app takes part --------------------------------------------------------------


def test_every_app_of_the_platform_says_what_personal_data_it_holds():
    """A new app that forgets to declare fails here."""
    ours = [c for c in apps.get_app_configs() if c.name.startswith("samenzorg.")]
    assert len(ours) >= 6
    for config in ours:
        declared = getattr(config, "personal_data", None)
        assert isinstance(
            declared, (registry.PersonalData, registry.HoldsNoPersonalData)
        ), f"{config.name} declares no personal_data"
        if isinstance(declared, registry.PersonalData):
            module = declared.load()
            assert callable(module.export) and callable(module.erase)
            assert module.COVERS
        else:
            assert declared.reason
    assert isinstance(
        apps.get_app_config("areas").personal_data, registry.HoldsNoPersonalData
    )


def test_every_model_that_points_at_a_person_is_covered_by_an_app():
    """Also third-party models (admin log, login log, authenticator apps)."""
    covered = {label for d in registry.personal_data() for label in d.load().COVERS}
    user_model = get_user_model()
    pointing = {user_model._meta.label_lower}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and field.related_model is user_model
            ):
                pointing.add(model._meta.label_lower)
    assert pointing - covered == set()
    for label in covered:
        apps.get_model(label)  # no typing error in COVERS


def test_the_export_runs_accounts_first_and_the_erasure_deletes_the_account_last():
    order = [d.module for d in registry.personal_data()]
    assert order[0] == "samenzorg.accounts.personal_data"


# Core's own part -------------------------------------------------------------------


@pytest.fixture
def core_data(marie, other):
    area = AreaFactory()
    NotificationFactory(recipient=marie, context={"name": "Bericht voor Marie"})
    NotificationFactory(recipient=other, context={"name": "Bericht voor Kees"})
    audit_record(actor=marie, action="update", target=area, changes={"x": [1, 2]})
    audit_record(actor=other, action="update", target=area, changes={"y": [1, 2]})
    for user, title in ((marie, "Notulen van Marie"), (other, "Notulen van Kees")):
        Document.objects.create(
            owner_type=ContentType.objects.get_for_model(area),
            owner_id=area.pk,
            title=title,
            file="documenten/x.pdf",
            original_name=f"{title}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            uploaded_by=user,
        )
    TaskProgress.objects.create(kind="test", title="Import van Marie", owner=marie)
    return area


def test_core_exports_her_notifications_changes_and_documents_only(marie, core_data):
    section = _section(gdpr.export_person(marie), "core")
    text = _text(section)
    assert section["title"] == "Meldingen, wijzigingen en documenten"
    assert "Bericht voor Marie" in text
    assert "Notulen van Marie" in text
    assert "Import van Marie" in text
    assert "Kees" not in text
    kinds = [r["Soort gegevens"] for r in section["records"]]
    assert kinds.count("wijziging die u deed") == 1
    change = section["records"][kinds.index("wijziging die u deed")]
    assert change["Over"] == f"Gebied: {core_data}"
    assert change["Wijzigingen"] == ["X: 1 → 2"]


def test_core_erasure_keeps_the_change_log_and_documents_without_her(
    marie, other, core_data
):
    audit_before = AuditEntry.objects.count()
    gdpr.erase_person(marie)
    stand_in = gdpr.stand_in_user()
    assert not Notification.objects.filter(context__name="Bericht voor Marie").exists()
    assert Notification.objects.filter(recipient=other).count() == 1
    # Every entry stays, one more tells of the erasure.
    assert AuditEntry.objects.count() == audit_before + 1
    assert AuditEntry.objects.filter(actor=stand_in).count() == 1
    assert AuditEntry.objects.filter(actor=other).count() == 1
    assert Document.objects.count() == 2
    assert Document.objects.filter(uploaded_by=stand_in).count() == 1
    assert Document.objects.get(uploaded_by=other).title == "Notulen van Kees"
    assert TaskProgress.objects.get().owner is None


def test_the_erasure_entry_holds_no_personal_data(marie, core_data):
    pk = marie.pk
    gdpr.erase_person(marie)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASE)
    assert entry.actor is None
    assert entry.target_id == str(pk)
    text = json.dumps([entry.target_repr, entry.changes])
    assert EMAIL not in text and "Marie" not in text
    assert entry.changes["removed"]["core"]["notifications"] == 1


def test_the_stand_in_account_cannot_be_erased_or_exported(marie):
    stand_in = gdpr.stand_in_user()
    assert not stand_in.is_active and not stand_in.has_usable_password()
    with pytest.raises(gdpr.StandInError):
        gdpr.erase_person(stand_in)
    with pytest.raises(gdpr.StandInError):
        gdpr.export_person(stand_in)
    assert gdpr.stand_in_user() == stand_in


def test_copies_of_a_name_with_accents_are_blanked_too(db):
    """SQLite keeps JSON with escapes ("\\u00eb"); the search finds those as well."""
    zoe = UserFactory(email="zoe@example.nl", display_name="Zoë Özdemir")
    area = AreaFactory()
    audit_record(
        actor=None,
        action="update",
        target=area,
        changes={"display_name": ["Zoë Özdemir", "Iemand"]},
    )
    gdpr.erase_person(zoe)
    entry = AuditEntry.objects.exclude(action=AuditEntry.Action.ERASE).get()
    assert entry.changes == {"display_name": [gdpr.ERASED, "Iemand"]}


# The whole platform ----------------------------------------------------------------


@pytest.fixture
def platform(marie, other):
    """Marie everywhere: roles, a login, an initiative, a round, a network map."""
    from axes.models import AccessLog

    from samenzorg.accounts.services import user_update_profile
    from samenzorg.assessment.tests.factories import (
        ParticipantFactory,
        RoundFactory,
        ScenarioFactory,
        score_everything,
    )
    from samenzorg.initiatives.tests.factories import InitiativeFactory
    from samenzorg.networks.tests.factories import ActorFactory, NetworkMapFactory

    UserFactory(email=EMAIL, roles=["initiatiefnemer", "procesbegeleider"])
    user_update_profile(actor=marie, user=marie, display_name="Marie V.")
    user_update_profile(actor=marie, user=marie, display_name=NAME)
    AccessLog.objects.create(
        username=EMAIL, ip_address="192.0.2.7", user_agent="Firefox", path_info="/"
    )
    initiative = InitiativeFactory(
        contact_name=NAME, contact_email=EMAIL, contact_phone="06 1234 5678"
    )
    initiative.owners.add(marie)
    InitiativeFactory().owners.add(other)
    round_ = RoundFactory(facilitator=marie, open=True, initiatives=2)
    participants = [
        ParticipantFactory(round=round_, user=marie, name=NAME),
        ParticipantFactory(round=round_, user=other, name="Kees Bakker"),
    ]
    score_everything(round_, participants)
    ScenarioFactory(created_by=marie)
    network_map = NetworkMapFactory(created_by=marie)
    ActorFactory(
        network=network_map,
        is_key_person=True,
        name=NAME,
        role="Buurtcoach",
        contact=f"{EMAIL}, 06 1234 5678",
        consent=True,
        notes=f"Bel {NAME} op dinsdag",
    )
    NotificationFactory(recipient=other, actor=marie, context={"name": NAME})
    NotificationFactory(recipient=marie)
    return {"initiative": initiative, "round": round_}


def _counts():
    from samenzorg.assessment.models import Participant, Score
    from samenzorg.initiatives.models import Initiative
    from samenzorg.networks.models import Actor

    return {
        "scores": Score.objects.count(),
        "participants": Participant.objects.count(),
        "initiatives": Initiative.objects.count(),
        "actors": Actor.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue().lower()


def test_after_an_erasure_her_email_and_name_are_nowhere_in_the_database(
    marie, platform
):
    dump = _dump()
    assert EMAIL in dump and NAME.lower() in dump  # the test can fail
    before = _counts()
    gdpr.erase_person(marie)
    dump = _dump()
    assert EMAIL not in dump
    assert NAME.lower() not in dump
    assert "06 1234 5678" not in dump
    after = _counts()
    assert after == {**before, "audit": before["audit"] + 1}
    assert not get_user_model().objects.filter(pk=marie.pk).exists()
    assert "kees.bakker@example.nl" in dump  # the others stay


def test_the_export_holds_every_app_and_nothing_of_another_person(marie, platform):
    data = gdpr.export_person(marie)
    text = gdpr.export_json(data)
    assert [s["app"] for s in data["sections"]] == [
        "accounts",
        "core",
        "initiatives",
        "assessment",
        "networks",
    ]
    assert all(s["records"] for s in data["sections"])
    assert EMAIL in text and "192.0.2.7" in text
    assert "kees" not in text.lower()


# The command for the privacy officer ------------------------------------------------


def test_command_exports_as_json_to_the_screen_or_a_file(marie, other, tmp_path):
    out = io.StringIO()
    call_command("personal_data", "export", "--email", EMAIL.upper(), stdout=out)
    data = json.loads(out.getvalue())
    assert data["email"] == EMAIL
    assert "kees" not in out.getvalue()
    target = tmp_path / "marie.json"
    call_command(
        "personal_data",
        "export",
        "--email",
        EMAIL,
        "--output",
        str(target),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert json.loads(target.read_text(encoding="utf-8"))["email"] == EMAIL


def test_command_erases_only_after_a_yes(marie, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "nee")
    with pytest.raises(CommandError, match="Niets gewist"):
        call_command("personal_data", "erase", "--email", EMAIL)
    assert get_user_model().objects.filter(email=EMAIL).exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    out = io.StringIO()
    call_command("personal_data", "erase", "--email", EMAIL, stdout=out)
    assert "Gewist" in out.getvalue()
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASE)
    assert entry.changes["via"] == "command"


def test_command_erases_at_once_with_yes(marie):
    call_command(
        "personal_data", "erase", "--email", EMAIL, "--yes", stdout=io.StringIO()
    )
    assert not get_user_model().objects.filter(email=EMAIL).exists()


@pytest.mark.parametrize("email", ["niemand@example.nl", gdpr.STAND_IN_EMAIL])
def test_command_refuses_an_unknown_address_and_the_stand_in(db, email):
    gdpr.stand_in_user()
    with pytest.raises(CommandError, match="Geen account"):
        call_command("personal_data", "export", "--email", email)
