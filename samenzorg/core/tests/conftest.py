"""Fixtures for core's tests: a notification kind of their own with test templates,
and a folder of its own for uploaded files."""

from pathlib import Path

from django.conf import settings as django_settings
from django.utils import translation

import pytest

from samenzorg.core import notifications
from samenzorg.core.models import Delivery

EVENT = "core.test_event"
DIGESTED = "core.test_digested"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a folder of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def dutch():
    """Messages outside a request in Dutch, whatever an earlier test activated."""
    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def test_kinds(monkeypatch, settings):
    """Two kinds only these tests know: one at once, one in the daily digest."""
    engine = dict(django_settings.TEMPLATES[0])
    engine["DIRS"] = [Path(__file__).parent / "templates"]
    settings.TEMPLATES = [engine]
    for key, default in ((EVENT, Delivery.IMMEDIATE), (DIGESTED, Delivery.DIGEST)):
        monkeypatch.setitem(
            notifications._kinds,
            key,
            notifications.NotificationKind(
                key=key,
                label=f"Test {key}",
                default=default,
                template="tests/notifications/event",
            ),
        )


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
