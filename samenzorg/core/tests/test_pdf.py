"""PDFs from templates: the shared print stylesheet, page numbers, no network."""

import io
import re
import urllib.request

from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation

import pytest
from pypdf import PdfReader

from samenzorg.core.documents import pdf_fetcher, render_pdf, static_file_bytes
from samenzorg.core.money import Money

TEMPLATE = """{% extends "core/pdf_base.html" %}{% load money static %}
{% block title %}Begroting <b>2027</b>{% endblock title %}
{% block content %}
  <h1>Begroting {{ name }}</h1>
  <p>Totaal: {{ total|money }}</p>
  <img src="https://example.org/tracker.png" alt="">
  <img src="file:///etc/hostname" alt="">
  <img src="{% static 'core/../../settings.py' %}" alt="">
  <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=" alt="">
  {% for n in pages %}<p class="page-break">Bladzijde {{ n }}</p>{% endfor %}
{% endblock content %}
"""


@pytest.fixture
def pdf_template(settings, tmp_path):
    (tmp_path / "begroting_pdf.html").write_text(TEMPLATE, encoding="utf-8")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]},
    ]
    return "begroting_pdf.html"


@pytest.fixture
def opened_urls(monkeypatch):
    """Every URL WeasyPrint's own fetching opens (our fetcher opens only data:)."""
    urls = []
    original = urllib.request.OpenerDirector.open

    def spy(self, url, *args, **kwargs):
        urls.append(url if isinstance(url, str) else url.full_url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    return urls


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_render_pdf_gives_a4_pages_with_title_footer_and_page_numbers(
    pdf_template, opened_urls
):
    with translation.override("nl"):
        pdf = render_pdf(
            pdf_template,
            {"name": "<script>x</script>", "total": Money(123456), "pages": [2, 3]},
        )
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert reader.metadata.title == "Begroting <b>2027</b>"
    pages = _text(pdf)
    assert "Begroting <script>x</script>" in pages[0]
    assert "€ 1.234,56" in pages[0].replace("\u00a0", " ")
    for number, text in enumerate(pages, start=1):
        assert f"Pagina {number} van 3" in text
        assert "Samen Zorg Regelen" in text  # from the shared print stylesheet
    assert "Begroting" in pages[1]  # the running header from page two on
    assert all(url.startswith("data:") for url in opened_urls), opened_urls


def test_render_pdf_with_a_request_reads_static_files_from_disk(
    pdf_template, opened_urls, rf: RequestFactory, settings
):
    settings.ALLOWED_HOSTS = ["samenzorg.example.org"]
    request = rf.get("/", HTTP_HOST="samenzorg.example.org")
    with translation.override("en"):
        pdf = render_pdf(
            pdf_template, {"name": "x", "total": Money(0), "pages": []}, request=request
        )
    assert "Page 1 of 1" in _text(pdf)[0]
    assert "Samen Zorg Regelen" in _text(pdf)[0]
    assert all(url.startswith("data:") for url in opened_urls), opened_urls


def test_pdf_fetcher_serves_static_files_and_refuses_everything_else():
    fetcher = pdf_fetcher("http://testserver/")
    response = fetcher.fetch("http://testserver/static/core/css/print.css")
    assert b"size: A4" in response.read()
    assert response.content_type == "text/css"
    for url in (
        "https://example.org/static/core/css/print.css",
        "http://testserver/media/documents/secret.pdf",
        "http://testserver/static/../samenzorg/settings.py",
        "http://testserver/static/core/%2e%2e/%2e%2e/settings.py",
        "http://testserver/static/core/css/missing.css",
        "file:///etc/hostname",
        "ftp://testserver/static/core/css/print.css",
    ):
        with pytest.raises(ValueError, match="static files only"):
            fetcher.fetch(url)


def test_static_file_bytes_finds_collected_files_with_hashed_names(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.templatetags.static import static

    url = static("core/css/print.css")
    assert re.search(r"print\.[0-9a-f]{12}\.css$", url)
    assert b"size: A4" in static_file_bytes(url.removeprefix(settings.STATIC_URL))
    assert static_file_bytes("../settings.py") is None
