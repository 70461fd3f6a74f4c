"""Documents: the PDFs we make.

Making PDFs::

    from samenzorg.core.documents import render_pdf

    pdf = render_pdf("finance/loan_agreement_pdf.html", {"loan": loan}, request=request)

The template extends ``core/pdf_base.html`` (A4, the shared print stylesheet, page
numbers). Static files such as CSS, fonts and images are read from our own static
files; nothing is fetched over the network, and a URL outside the static files is
left out of the PDF.
"""

from __future__ import annotations

import functools
import mimetypes
import posixpath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

# PDFs -------------------------------------------------------------------------

PDF_BASE_URL = "https://samenzorg.invalid/"
"""Base URL of a PDF made without a request (``.invalid`` never resolves)."""


def _static_name(url: str, static_prefix: str) -> str | None:
    """The static file name ``url`` points at, or None outside the static files."""
    if not url.startswith(static_prefix):
        return None
    path = unquote(urlsplit(url).path[len(urlsplit(static_prefix).path) :])
    name = posixpath.normpath(path).lstrip("/")
    if name in ("", ".") or name.startswith(".."):
        return None
    return name


def static_file_bytes(name: str) -> bytes | None:
    """The content of static file ``name``: from the apps' folders (during
    development and tests) or the collected files (deployments, hashed names)."""
    try:
        path = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if isinstance(path, list):
        path = path[0] if path else None
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
    except (SuspiciousFileOperation, OSError, ValueError):
        return None
    return None


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves our static files and ``data:`` URLs; refuses everything else."""

        def __init__(self, static_prefix: str):
            super().__init__(allowed_protocols=("data",))
            self.static_prefix = static_prefix

        def fetch(self, url: str, headers: Any = None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            name = _static_name(url, self.static_prefix)
            content = static_file_bytes(name) if name else None
            if content is None:
                raise ValueError(
                    f"A PDF uses our own static files only; not loaded: {url}"
                )
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, content, {"Content-Type": mime})

    return StaticFilesFetcher


def pdf_fetcher(base_url: str):
    """The URL fetcher ``render_pdf`` gives WeasyPrint for this base URL."""
    return _fetcher_class()(urljoin(base_url, settings.STATIC_URL))


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """The PDF of a Django template, as bytes.

    With ``request`` the template gets the request context and relative links
    become links to this site; static files are read from disk either way.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else PDF_BASE_URL
    return HTML(
        string=html, base_url=base_url, url_fetcher=pdf_fetcher(base_url)
    ).write_pdf()
