"""Documents: PDFs we make, and files people upload to a record.

Making PDFs::

    from samenzorg.core.documents import render_pdf

    pdf = render_pdf("finance/loan_agreement_pdf.html", {"loan": loan}, request=request)

The template extends ``core/pdf_base.html`` (A4, the shared print stylesheet, page
numbers). Static files such as CSS, fonts and images are read from our own static
files; nothing is fetched over the network, and a URL outside the static files is
left out of the PDF.

Uploaded files belong to one record of any app, their *owner*::

    from samenzorg.core.documents import document_list, document_upload

    document_upload(actor=request.user, owner=initiative, uploaded_file=f, title="")
    document_list(user=request.user, owner=initiative)

Only PDF, DOCX, XLSX, ODT, ODS, PNG and JPEG are accepted, recognised by their
content (magic bytes, the parts inside the ZIP of an office file), not by the name;
at most ``DOCUMENT_MAX_BYTES`` (10 MB unless set). The file is stored through
Django's default storage under a random name; the name the user gave it is kept,
cleaned, for the download. Who may see a document, and who may add or delete one,
follows from the owner (see ``core/rules.py``). Pages: the documents of a record at
``document_owner_url(owner)``, a download at ``/documenten/<uuid>/``.
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
import os
import posixpath
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit_record, diff, snapshot
from .models import Document
from .rules import owner_permission

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


# Kinds of file ----------------------------------------------------------------


@dataclass(frozen=True)
class FileKind:
    mime: str
    extensions: tuple[str, ...]
    label: str


PDF = FileKind("application/pdf", (".pdf",), gettext_lazy("PDF"))
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    gettext_lazy("Word document"),
)
XLSX = FileKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    gettext_lazy("Excel spreadsheet"),
)
ODT = FileKind(
    "application/vnd.oasis.opendocument.text", (".odt",), gettext_lazy("text (ODT)")
)
ODS = FileKind(
    "application/vnd.oasis.opendocument.spreadsheet",
    (".ods",),
    gettext_lazy("spreadsheet (ODS)"),
)
PNG = FileKind("image/png", (".png",), gettext_lazy("image (PNG)"))
JPEG = FileKind("image/jpeg", (".jpg", ".jpeg"), gettext_lazy("photo (JPEG)"))

FILE_KINDS: tuple[FileKind, ...] = (PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG)
"""The kinds of file that may be uploaded."""

KIND_BY_MIME = {kind.mime: kind for kind in FILE_KINDS}
KIND_BY_EXTENSION = {ext: kind for kind in FILE_KINDS for ext in kind.extensions}
ACCEPT = ",".join(ext for kind in FILE_KINDS for ext in kind.extensions)

# Parts of an office file that carry macros; such files are refused.
_MACRO_PARTS = re.compile(r"(^|/)(vbaProject\.bin|Basic/|Scripts/)", re.IGNORECASE)
_MAX_MANIFEST = 1024 * 1024


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_MANIFEST:
        return None
    return archive.read(info)


def _office_kind(file) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if any(_MACRO_PARTS.search(name) for name in names):
                return None
            mimetype = _read_member(archive, "mimetype")
            if mimetype is not None and "content.xml" in names:
                return {ODT.mime: ODT, ODS.mime: ODS}.get(
                    mimetype.strip().decode("ascii", "replace")
                )
            types = _read_member(archive, "[Content_Types].xml") or b""
            main = {
                DOCX: (b"wordprocessingml.document.main+xml", "word/document.xml"),
                XLSX: (b"spreadsheetml.sheet.main+xml", "xl/workbook.xml"),
            }
            for kind, (part_type, part) in main.items():
                if part_type in types and part in names:
                    return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    return None


def detect_kind(file) -> FileKind | None:
    """The kind of file by its content, or None if it is not one we accept.

    PDF, PNG and JPEG by their first bytes; DOCX and XLSX by the main part named in
    the ZIP's ``[Content_Types].xml``, ODT and ODS by the ZIP's ``mimetype``. Office
    files with macros are not accepted. Leaves the file at its start.
    """
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _office_kind(file)
        return None
    finally:
        file.seek(0)


# File names -------------------------------------------------------------------

MAX_NAME_LENGTH = 150
_WINDOWS_UNSAFE = re.compile(r'[<>:"|?*\\/]')


def _clean_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if ch in "\t\n\r" or category in ("Zs", "Zl", "Zp"):
        return " "
    return "" if category.startswith("C") else ch


def clean_filename(name: str, *, kind: FileKind | None = None) -> str:
    """A file name fit to show and to offer as a download name.

    Keeps the last part of a path (``../../etc/passwd`` gives ``passwd``), drops
    control and invisible format characters (newlines, NUL, right-to-left
    overrides), replaces characters Windows refuses, trims dots and spaces from the
    ends, shortens to ``MAX_NAME_LENGTH`` keeping the extension, and adds the
    extension of ``kind`` when the name has none of its own.
    """
    name = re.split(r"[\\/]", str(name or ""))[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(_clean_char(ch) for ch in name)
    name = _WINDOWS_UNSAFE.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    stem, ext = os.path.splitext(name)
    if kind is not None and ext.lower() not in kind.extensions:
        stem, ext = name, kind.extensions[0]
    if len(ext) > 10:
        stem, ext = stem + ext, ""
    stem = stem[: MAX_NAME_LENGTH - len(ext)].rstrip(" .") or "document"
    return stem + ext


def content_disposition(filename: str) -> str:
    """A ``Content-Disposition`` header that offers ``filename`` as a download.

    An ASCII ``filename=`` for old clients and the exact name in UTF-8 as
    ``filename*=`` (RFC 6266); whatever ``filename`` holds, the header has no line
    break, quote or semicolon that could end it early.
    """
    name = clean_filename(filename)
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = re.sub(r"[^A-Za-z0-9 ._()+-]", "_", fallback).strip(" .") or "document"
    return (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )


# Checking an upload -----------------------------------------------------------


def document_max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))


def _kinds_text() -> str:
    return _("a PDF, a Word or Excel file (DOCX, XLSX), an OpenDocument file "
             "(ODT, ODS) or an image (PNG, JPEG)")  # fmt: skip


def check_upload(uploaded_file) -> FileKind:
    """The kind of an uploaded file, or a ``ValidationError`` in Dutch.

    Refuses an empty file, a file above ``DOCUMENT_MAX_BYTES``, content that is not
    one of ``FILE_KINDS``, and a name whose extension says another kind than the
    content is (a ``.pdf`` that is really a web page or a program).
    """
    limit = document_max_bytes()
    if uploaded_file is None:
        raise ValidationError(_("Choose a file."), code="required")
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("This file is too large (%(size)s). It may be at most %(max)s."),
            code="max_size",
            params={"size": filesizeformat(size), "max": filesizeformat(limit)},
        )
    kind = detect_kind(uploaded_file)
    ext = os.path.splitext(clean_filename(uploaded_file.name))[1].lower()
    named = KIND_BY_EXTENSION.get(ext)
    if kind is None:
        if named is not None:
            raise ValidationError(
                _(
                    "This file is called “%(name)s”, but it is not a real "
                    "%(kind)s. Choose %(kinds)s."
                ),
                code="content_mismatch",
                params={
                    "name": clean_filename(uploaded_file.name),
                    "kind": named.label,
                    "kinds": _kinds_text(),
                },
            )
        raise ValidationError(
            _("You cannot add this kind of file. Choose %(kinds)s."),
            code="file_type",
            params={"kinds": _kinds_text()},
        )
    if ext and ext not in kind.extensions:
        raise ValidationError(
            _(
                "The name of this file ends in “%(extension)s”, but it is a "
                "%(kind)s. Give the file the right name and try again."
            ),
            code="name_mismatch",
            params={"extension": ext, "kind": kind.label},
        )
    return kind


class DocumentSizeLimitHandler(FileUploadHandler):
    """Stops reading an upload once it passes ``DOCUMENT_MAX_BYTES``.

    Put first in ``request.upload_handlers`` before the body is read; the file is
    then skipped (not written to a temporary file) and ``request.upload_too_large``
    is set, so the page can say why.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = document_max_bytes()
        request.upload_too_large = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_path(document: Document) -> str:
    """``documents/<year>/<month>/<random>.<ext>`` under the default storage."""
    kind = KIND_BY_MIME.get(document.content_type)
    ext = kind.extensions[0] if kind else ""
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


def _sha256(uploaded_file) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


# Services ---------------------------------------------------------------------

AUDITED_FIELDS = [
    "title",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "owner_type",
    "owner_id",
]


def document_upload(
    *, actor, owner: models.Model, uploaded_file, title: str = ""
) -> Document:
    """Store an uploaded file as a document of ``owner``; audited.

    Checks the file (``check_upload``) and the title, writes the file to the
    default storage, then the row and its audit entry in one transaction; if that
    fails the stored file is removed again. Who may do this is the caller's
    question: ``actor.has_perm("core.add_document", owner)``.
    """
    if owner is None or not isinstance(owner.pk, int):
        raise TypeError("A document belongs to a saved record with an integer key.")
    try:
        kind = check_upload(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from None
    document = Document(
        owner=owner,
        title=(title or "").strip(),
        original_name=clean_filename(uploaded_file.name, kind=kind),
        content_type=kind.mime,
        size=uploaded_file.size,
        sha256=_sha256(uploaded_file),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.full_clean(exclude=["file"])
    document.file.save("upload", uploaded_file, save=False)
    stored = document.file.name
    try:
        with transaction.atomic():
            document.save()
            audit_record(
                actor=actor,
                action="create",
                target=document,
                changes=diff({}, snapshot(document, AUDITED_FIELDS)),
            )
    except BaseException:
        document.file.storage.delete(stored)
        raise
    return document


def document_delete(*, actor, document: Document) -> None:
    """Delete a document, audited; its file leaves the storage after the commit."""
    storage, stored = document.file.storage, document.file.name
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="delete",
            target=document,
            changes={
                key: [value, None]
                for key, value in snapshot(document, AUDITED_FIELDS).items()
            },
        )
        document.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


def document_delete_all(*, actor, owner: models.Model) -> int:
    """Delete every document of ``owner``, each audited; for the owner's own delete
    service, so that no document outlives its record. Returns how many."""
    owned = Document.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    )
    with transaction.atomic():
        count = 0
        for document in owned.select_for_update():
            document_delete(actor=actor, document=document)
            count += 1
    return count


# Selectors --------------------------------------------------------------------


def _may_view_owner(user, owner) -> bool:
    return bool(
        owner is not None
        and user is not None
        and user.is_authenticated
        and user.has_perm(owner_permission("view", owner), owner)
    )


def document_list(*, user, owner: models.Model) -> QuerySet[Document]:
    """The documents of ``owner``, newest first, if ``user`` may see the owner."""
    if not _may_view_owner(user, owner):
        return Document.objects.none()
    return Document.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    ).select_related("uploaded_by", "owner_type")


def document_get(*, user, pk) -> Document:
    """One document ``user`` may see (``core.view_document``); else ``Http404``."""
    try:
        document = Document.objects.select_related("owner_type").get(pk=pk)
    except (Document.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if not user.has_perm("core.view_document", document):
        raise Http404
    return document


def document_owner_get(*, user, owner_type: str, owner_id: int) -> models.Model:
    """The record named by ``"<app_label>.<model>"`` and its id, if ``user`` may see
    it; else ``Http404``. Only records of our apps with an integer key and a
    declared ``view`` rule can own documents."""
    try:
        model = apps.get_model(owner_type)
    except (LookupError, ValueError):
        raise Http404 from None
    if not owner_type_allowed(model):
        raise Http404
    owner = model._base_manager.filter(pk=owner_id).first()
    if not _may_view_owner(user, owner):
        raise Http404
    return owner


def owner_type_allowed(model: type[models.Model]) -> bool:
    import rules

    meta = model._meta.concrete_model._meta
    return (
        meta.app_config.name.startswith("samenzorg.")
        and isinstance(meta.pk, models.AutoField | models.IntegerField)
        and rules.perm_exists(f"{meta.app_label}.view_{meta.model_name}")
    )


def document_owner_url(owner: models.Model) -> str:
    """The page with the documents of ``owner`` (and the upload form)."""
    meta = owner._meta.concrete_model._meta
    return reverse(
        "core:document_owner",
        kwargs={"owner_type": meta.label_lower, "owner_id": owner.pk},
    )


def document_file_response(document: Document) -> FileResponse:
    """The file as a download: attachment, safe name, its checked type, nosniff."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
