"""Security headers, no inline scripts in templates, and ``check --deploy``."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)
TEMPLATES = sorted((ROOT / "samenzorg").glob("*/templates/**/*.html"))


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("path", ["/", "/account/inloggen/", "/gebieden/"])
def test_pages_send_a_csp_without_inline_scripts(client, path):
    response = client.get(path)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]


def test_csp_allows_the_map_tile_host_for_images(client):
    csp = _directives(client.get("/")["Content-Security-Policy"])
    assert "https://tile.openstreetmap.org" in csp["img-src"]
    assert "data:" in csp["img-src"]


def test_pages_send_referrer_policy_and_nosniff(client):
    response = client.get("/")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response  # only behind HTTPS


def test_api_docs_page_loads_its_scripts_from_our_own_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert '"validatorUrl": null' in page  # no badge image from outside
    scripts = re.findall(r"<script\b([^>]*)>", page)
    assert scripts
    for attributes in scripts:
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes
    assert (
        "'unsafe-inline'"
        not in _directives(response["Content-Security-Policy"])["script-src"]
    )


def test_api_docs_page_says_its_texts_are_dutch(client):
    page = client.get("/api/v1/docs").content.decode()
    assert '<html lang="nl">' in page


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_scripts_or_event_handlers(template):
    text = template.read_text()
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert "javascript:" not in text


def _deploy_env(**extra) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "PYTEST"))
    }
    env.update(
        SECRET_KEY="x7!Qm2#pL9@vR4$tW8^zK1&nB6*cF3(hJ5)dS0-gY-" * 2,
        SECURE_COOKIES="1",
        ALLOWED_HOSTS="samenzorg.example.nl",
    )
    env.update(extra)
    return env


def _check_deploy(env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _check_deploy(_deploy_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_secure_cookies():
    result = _check_deploy(_deploy_env(SECURE_COOKIES="0"))
    assert result.returncode != 0
    assert "security.W012" in result.stderr + result.stdout


def test_https_settings_send_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
