"""Uploaded documents: kinds and sizes, names, storage, the services and the audit."""

import hashlib
import re
from urllib.parse import unquote

from django.core.exceptions import ValidationError

import pytest

from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.tests.factories import AreaFactory
from samenzorg.core import documents
from samenzorg.core.documents import (
    MAX_NAME_LENGTH,
    check_upload,
    clean_filename,
    content_disposition,
    document_delete,
    document_delete_all,
    document_list,
    document_upload,
)
from samenzorg.core.models import AuditEntry, Document

from . import files


@pytest.fixture
def area(db):
    return AreaFactory()


@pytest.fixture
def uploader(db):
    return UserFactory(roles=["beheerder"])


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# Kinds of file --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("begroting.pdf", files.PDF, "application/pdf"),
        ("foto.png", files.PNG, "image/png"),
        ("foto.jpg", files.JPEG, "image/jpeg"),
        ("foto.JPEG", files.JPEG, "image/jpeg"),
        (
            "plan.docx",
            files.docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "cijfers.xlsx",
            files.xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "plan.odt",
            files.opendocument("text"),
            "application/vnd.oasis.opendocument.text",
        ),
        (
            "cijfers.ods",
            files.opendocument("spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("scan", files.PDF, "application/pdf"),  # no extension: the content decides
    ],
)
def test_check_upload_accepts_the_allowed_kinds_by_their_content(name, content, mime):
    assert check_upload(files.upload(name, content)).mime == mime


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("rapport.pdf", files.HTML_PAGE, "content_mismatch", "geen echte PDF"),
        ("rapport.pdf", files.EXECUTABLE, "content_mismatch", "geen echte PDF"),
        ("foto.png", files.SVG, "content_mismatch", "geen echte afbeelding (PNG)"),
        ("plan.docx", files.docx(macros=True), "content_mismatch", "Word-document"),
        ("plan.docx", files.plain_zip(), "content_mismatch", None),
        ("plan.odt", files.opendocument(macros=True), "content_mismatch", None),
        ("cijfers.xlsx", files.PDF[:4] + b"x", "content_mismatch", None),
        ("pagina.html", files.HTML_PAGE, "file_type", "Dit soort bestand"),
        ("programma.exe", files.EXECUTABLE, "file_type", None),
        ("tekening.svg", files.SVG, "file_type", None),
        ("archief.zip", files.plain_zip(), "file_type", None),
        ("begroting.exe", files.PDF, "name_mismatch", "eindigt op “.exe”"),
        ("foto.png", files.JPEG, "name_mismatch", "maar het is een foto (JPEG)"),
        ("leeg.pdf", b"", "empty", "Dit bestand is leeg."),
    ],
)
def test_check_upload_refuses_by_content_not_name(name, content, code, message):
    with pytest.raises(ValidationError) as error:
        check_upload(files.upload(name, content, "application/pdf"))
    assert error.value.code == code
    if message:
        assert message in error.value.messages[0]


def test_check_upload_refuses_a_file_above_the_limit(settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    check_upload(files.pdf_upload(content=files.PDF.ljust(1000, b" ")))
    with pytest.raises(ValidationError) as error:
        check_upload(files.pdf_upload(content=files.PDF.ljust(1001, b" ")))
    assert error.value.code == "max_size"
    assert error.value.messages == [
        "Dit bestand is te groot (1001\u00a0bytes). Het mag hoogstens 1000\u00a0bytes zijn."
    ]


def test_document_max_bytes_defaults_to_ten_megabytes(settings):
    del settings.DOCUMENT_MAX_BYTES
    assert documents.document_max_bytes() == 10 * 1024 * 1024


# Names ----------------------------------------------------------------------------

HOSTILE_NAMES = [
    "../../etc/passwd",
    "..\\..\\windows\\system32\\config",
    "/etc/shadow",
    '"; filename="evil.exe',
    "rapport\r\nContent-Type: text/html\r\n\r\n<script>.pdf",
    "a\x00b\x07c\x1b[31m.pdf",
    "factuur\u202efdp.exe",  # right-to-left override: shows as factuurexe.pdf
    "zero\u200bwidth.pdf",
    "x" * 1000 + ".pdf",
    "é" * 300 + ".pdf",
    "....pdf",
    "..",
    "",
    " spaties  en\ttabs .pdf ",
    "CON.pdf",
    "ü\u0308nicode-nfd.pdf",
    "percent%2e%2e%2fname.pdf",
    "semi;colon,comma'quote.pdf",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_clean_filename_never_gives_a_path_or_control_characters(name):
    cleaned = clean_filename(name)
    assert cleaned
    assert "/" not in cleaned and "\\" not in cleaned
    assert not cleaned.startswith(".")
    assert len(cleaned) <= MAX_NAME_LENGTH
    assert not re.search(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e]", cleaned)
    assert cleaned == clean_filename(cleaned)


def test_clean_filename_keeps_readable_names_and_their_extension():
    assert (
        clean_filename("Begroting 2027 (concept).pdf") == "Begroting 2027 (concept).pdf"
    )
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("C:\\Users\\x\\Plan.docx") == "Plan.docx"
    assert clean_filename('a"b.pdf') == "a_b.pdf"
    assert clean_filename("x" * 1000 + ".pdf") == "x" * (MAX_NAME_LENGTH - 4) + ".pdf"
    assert clean_filename("scan", kind=documents.PDF) == "scan.pdf"
    assert clean_filename("scan.PDF", kind=documents.PDF) == "scan.PDF"
    assert clean_filename("foto.jpeg", kind=documents.JPEG) == "foto.jpeg"
    assert clean_filename("..", kind=documents.PDF) == "document.pdf"


def _disposition_names(header: str) -> tuple[str, str]:
    match = re.fullmatch(
        r"attachment; filename=\"([^\"\\\r\n]*)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]*)",
        header,
    )
    assert match, header
    return match[1], unquote(match[2])


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_content_disposition_stays_one_safe_header_for_any_name(name):
    header = content_disposition(name)
    assert "\r" not in header and "\n" not in header
    ascii_name, utf8_name = _disposition_names(header)
    assert utf8_name == clean_filename(name)
    assert ascii_name and ascii_name.isascii()


def test_content_disposition_offers_the_exact_name_and_an_ascii_one():
    assert _disposition_names(content_disposition("Begroting € 2027 – wijk.pdf")) == (
        "Begroting  2027  wijk.pdf",
        "Begroting € 2027 – wijk.pdf",
    )


# Services and storage -------------------------------------------------------------


def test_upload_stores_the_file_under_a_random_name_with_its_facts(
    area, uploader, media_root
):
    content = files.PDF + b"% begroting"
    document = document_upload(
        actor=uploader,
        owner=area,
        uploaded_file=files.pdf_upload("../../Begroting 2027.pdf", content),
        title="  Begroting <b>2027</b> ",
    )
    document.refresh_from_db()
    assert document.owner == area
    assert document.title == "Begroting <b>2027</b>"
    assert document.original_name == "Begroting 2027.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.uploaded_by == uploader
    assert document.uploaded_at is not None
    assert re.fullmatch(r"documents/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", document.file.name)
    [path] = stored_files(media_root)
    assert path.read_bytes() == content
    assert "Begroting" not in str(path)
    with document.file.open("rb") as handle:
        assert handle.read() == content


def test_upload_is_audited(area, uploader):
    document = document_upload(
        actor=uploader, owner=area, uploaded_file=files.pdf_upload("plan.pdf")
    )
    entry = AuditEntry.objects.get(target_type="core.document")
    assert entry.action == "create"
    assert entry.actor == uploader
    assert entry.target_id == str(document.pk)
    assert entry.changes["original_name"] == [None, "plan.pdf"]
    assert entry.changes["owner_id"] == [None, area.pk]
    assert entry.changes["sha256"][1] == document.sha256


def test_upload_names_a_file_without_extension_after_its_kind(area, uploader):
    document = document_upload(
        actor=uploader, owner=area, uploaded_file=files.upload("scan", files.PNG)
    )
    assert document.original_name == "scan.png"
    assert document.file.name.endswith(".png")


def test_upload_of_a_bad_file_stores_nothing(area, uploader, media_root, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    for bad in (
        files.upload("rapport.pdf", files.HTML_PAGE),
        files.pdf_upload(content=files.PDF.ljust(101, b" ")),
    ):
        with pytest.raises(ValidationError) as error:
            document_upload(actor=uploader, owner=area, uploaded_file=bad)
        assert list(error.value.message_dict) == ["file"]
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_upload_with_too_long_a_title_says_so_and_stores_nothing(
    area, uploader, media_root
):
    with pytest.raises(ValidationError) as error:
        document_upload(
            actor=uploader,
            owner=area,
            uploaded_file=files.pdf_upload(),
            title="x" * 201,
        )
    assert "title" in error.value.message_dict
    assert stored_files(media_root) == []


def test_upload_removes_the_stored_file_when_the_transaction_fails(
    area, uploader, media_root, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(documents, "audit_record", broken)
    with pytest.raises(RuntimeError):
        document_upload(actor=uploader, owner=area, uploaded_file=files.pdf_upload())
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_upload_refuses_an_owner_without_an_integer_key(uploader):
    with pytest.raises(TypeError, match="integer key"):
        document_upload(actor=uploader, owner=AreaFactory.build(), uploaded_file=None)


def test_delete_removes_row_and_file_after_commit_and_is_audited(
    area, uploader, media_root, django_capture_on_commit_callbacks
):
    document = document_upload(
        actor=uploader, owner=area, uploaded_file=files.pdf_upload()
    )
    pk = document.pk
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document_delete(actor=uploader, document=document)
    assert not Document.objects.filter(pk=pk).exists()
    assert len(stored_files(media_root)) == 1  # still there until the commit
    for callback in callbacks:
        callback()
    assert stored_files(media_root) == []
    entry = AuditEntry.objects.get(target_type="core.document", action="delete")
    assert entry.target_id == str(pk)
    assert entry.changes["original_name"] == ["Begroting 2027.pdf", None]


def test_document_list_shows_an_owners_documents_to_who_may_see_it(area, uploader):
    other_area = AreaFactory()
    mine = document_upload(actor=uploader, owner=area, uploaded_file=files.pdf_upload())
    document_upload(actor=uploader, owner=other_area, uploaded_file=files.pdf_upload())
    account = UserFactory()
    document_upload(actor=uploader, owner=account, uploaded_file=files.pdf_upload())
    bewoner = UserFactory(roles=["bewoner"])
    from django.contrib.auth.models import AnonymousUser

    assert list(document_list(user=bewoner, owner=area)) == [mine]
    assert list(document_list(user=AnonymousUser(), owner=area)) == []
    # accounts.view_user is for the beheerder only.
    assert list(document_list(user=bewoner, owner=account)) == []
    assert len(document_list(user=uploader, owner=account)) == 1


def test_delete_all_removes_every_document_of_one_owner_only(
    area, uploader, media_root, django_capture_on_commit_callbacks
):
    other = AreaFactory()
    for n in range(3):
        document_upload(
            actor=uploader, owner=area, uploaded_file=files.pdf_upload(f"{n}.pdf")
        )
    kept = document_upload(
        actor=uploader, owner=other, uploaded_file=files.pdf_upload()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert document_delete_all(actor=uploader, owner=area) == 3
    assert list(Document.objects.all()) == [kept]
    assert len(stored_files(media_root)) == 1
    assert AuditEntry.objects.filter(action="delete").count() == 3
