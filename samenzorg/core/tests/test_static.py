import re

from django.core.management import call_command

import pytest


@pytest.mark.django_db
def test_static_files_collect_with_hashed_names_and_pages_use_them(
    client, settings, tmp_path
):
    # Deployments serve hashed file names from a manifest (DEBUG off); a vendored file
    # that points at a missing one (such as a source map) would stop collectstatic.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()

    page = client.get("/").content.decode()
    assert re.search(
        r"/static/vendor/utrecht/component-library\.[0-9a-f]{12}\.css", page
    )


@pytest.mark.django_db
def test_the_site_icon_is_linked_and_favicon_ico_finds_it(client):
    assert 'rel="icon"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200
