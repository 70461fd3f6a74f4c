from django.core.exceptions import ValidationError

import pytest

from samenzorg.core.audit import audit_for
from samenzorg.initiatives.models import Initiative, Tag
from samenzorg.initiatives.search import normalise
from samenzorg.initiatives.services import (
    initiative_archive,
    initiative_create,
    initiative_update,
)
from samenzorg.initiatives.tests.factories import publishes_at_once

pytestmark = pytest.mark.django_db


def test_normalise_removes_accents_and_case():
    assert normalise("Zorgcoöperatie  Noordelijk\nScheveningen") == (
        "zorgcooperatie noordelijk scheveningen"
    )
    assert normalise("CAFÉ Één") == "cafe een"
    assert normalise(None) == ""


def test_tag_lists_hold_the_values_of_the_seeds():
    carriers = list(
        Tag.objects.filter(kind=Tag.Kind.CARRIER).values_list("name", flat=True)
    )
    assert carriers == [
        "bewoners (buurtbewoners)",
        "sociaal ondernemers",
        "professionals",
        "verenigingen",
        "levensbeschouwelijke organisaties",
    ]
    domains = set(
        Tag.objects.filter(kind=Tag.Kind.DOMAIN).values_list("slug", flat=True)
    )
    assert {"zorg-en-ondersteuning", "sport", "ontmoeting", "cultuur"} <= domains
    assert Tag.objects.filter(kind=Tag.Kind.TARGET_GROUP, slug="ouderen").exists()


def test_create_makes_the_creator_owner_sets_search_text_and_audits(initiatiefnemer):
    initiative = initiative_create(
        actor=initiatiefnemer,
        name="Zorgcoöperatie Noordelijk Scheveningen",
        carriers=["bewoners"],
        domains=["zorg-en-ondersteuning"],
        target_groups=["ouderen"],
        maturity="opstart",
    )
    assert list(initiative.owners.all()) == [initiatiefnemer]
    assert initiative.status == Initiative.Status.CONCEPT
    assert "zorgcooperatie noordelijk scheveningen" in initiative.search_text
    assert "ouderen" in initiative.search_text
    entry = audit_for(initiative).get()
    assert entry.action == "create"
    assert entry.actor == initiatiefnemer
    assert entry.changes["name"] == [None, "Zorgcoöperatie Noordelijk Scheveningen"]
    assert entry.changes["carriers"] == [None, ["bewoners (buurtbewoners)"]]


def test_create_refuses_empty_name_with_dutch_message(initiatiefnemer):
    with pytest.raises(ValidationError) as exc:
        initiative_create(actor=initiatiefnemer, name="   ")
    assert exc.value.message_dict["name"] == ["Vul de naam van het initiatief in."]
    assert not Initiative.objects.exists()


def test_create_refuses_half_a_location_and_bad_values(initiatiefnemer):
    with pytest.raises(ValidationError) as exc:
        initiative_create(
            actor=initiatiefnemer,
            name="Buurtkamer",
            latitude=52.07,
            website="geen url",
            contact_email="geen-adres",
            maturity="onbekend",
        )
    errors = exc.value.message_dict
    assert errors["longitude"] == [
        "Vul zowel de breedtegraad als de lengtegraad in, of geen van beide."
    ]
    assert set(errors) >= {"website", "contact_email", "maturity"}


def test_create_refuses_unknown_tag_slug(initiatiefnemer):
    with pytest.raises(ValidationError) as exc:
        initiative_create(actor=initiatiefnemer, name="Buurtkamer", domains=["vissen"])
    assert exc.value.message_dict["domains"] == ["Onbekende waarde: vissen."]


def test_create_refuses_tag_of_another_list(initiatiefnemer):
    carrier = Tag.objects.get(kind=Tag.Kind.CARRIER, slug="bewoners")
    with pytest.raises(ValidationError) as exc:
        initiative_create(actor=initiatiefnemer, name="Buurtkamer", domains=[carrier])
    assert "domains" in exc.value.message_dict


def test_create_derives_buurt_and_wijk_from_the_location(
    initiatiefnemer, area_tree, monkeypatch
):
    from samenzorg.initiatives import services

    monkeypatch.setattr(
        services,
        "_derive_areas",
        lambda lat, lon: [area_tree["moerwijk_buurt"], area_tree["moerwijk"]],
    )
    initiative = initiative_create(
        actor=initiatiefnemer, name="Kookclub", latitude=52.05, longitude=4.29
    )
    assert set(initiative.areas.all()) == {
        area_tree["moerwijk_buurt"],
        area_tree["moerwijk"],
    }
    assert "moerwijk" in initiative.search_text


def test_given_areas_are_kept_and_not_derived(initiatiefnemer, area_tree):
    initiative = initiative_create(
        actor=initiatiefnemer,
        name="Kookclub",
        areas=[area_tree["valkenbos"]],
        latitude=52.05,
        longitude=4.29,
    )
    assert list(initiative.areas.all()) == [area_tree["valkenbos"]]


def test_update_records_only_the_changed_fields(initiatiefnemer):
    initiative = initiative_create(actor=initiatiefnemer, name="Kookclub")
    initiative_update(
        actor=initiatiefnemer,
        initiative=initiative,
        name="Kookclub Zuiderpark",
        domains=["ontmoeting"],
        description="",
    )
    entry = audit_for(initiative).first()
    assert entry.action == "update"
    assert set(entry.changes) == {"name", "domains"}
    initiative.refresh_from_db()
    assert "zuiderpark" in initiative.search_text


def test_update_with_errors_changes_nothing(initiatiefnemer):
    initiative = initiative_create(actor=initiatiefnemer, name="Kookclub")
    with pytest.raises(ValidationError):
        initiative_update(actor=initiatiefnemer, initiative=initiative, name="")
    initiative.refresh_from_db()
    assert initiative.name == "Kookclub"
    assert audit_for(initiative).count() == 1


def test_archive_sets_status_and_audits(initiatiefnemer):
    publishes_at_once(initiatiefnemer)
    initiative = initiative_create(
        actor=initiatiefnemer, name="Kookclub", status="public"
    )
    initiative_archive(actor=initiatiefnemer, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.ARCHIVED
    assert audit_for(initiative).first().changes == {"status": ["public", "archived"]}
