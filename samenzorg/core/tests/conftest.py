"""Fixtures for the core tests."""

from django.utils import translation

import pytest


@pytest.fixture(autouse=True)
def dutch():
    """Messages outside a request in Dutch, whatever an earlier test activated."""
    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a folder of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
