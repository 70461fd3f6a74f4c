"""Small files of every kind, real and fake, for the document tests of any app.

from samenzorg.core.tests.files import pdf_upload, upload

pdf_upload("Begroting 2027.pdf")           # a SimpleUploadedFile holding a PDF
upload("rapport.pdf", HTML_PAGE)          # a web page named .pdf
"""

import base64
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
HTML_PAGE = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

_OOXML_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
    '.org/package/2006/content-types"><Override PartName="/{part}" ContentType='
    '"application/vnd.{main}"/></Types>'
)


def _zip(members: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(
                zipfile.ZipInfo(stored_first),
                members.pop(stored_first),
                zipfile.ZIP_STORED,
            )
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(*, macros: bool = False) -> bytes:
    main = (
        "ms-word.document.macroEnabled.main+xml"
        if macros
        else "openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    members = {
        "[Content_Types].xml": _OOXML_TYPES.format(
            part="word/document.xml", main=main
        ).encode(),
        "word/document.xml": b"<w:document/>",
    }
    if macros:
        members["word/vbaProject.bin"] = b"\x00" * 16
    return _zip(members)


def xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Begroting"
    book.save(buffer)
    return buffer.getvalue()


def opendocument(kind: str = "text", *, macros: bool = False) -> bytes:
    members = {
        "mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
        "content.xml": b"<office:document-content/>",
        "META-INF/manifest.xml": b"<manifest:manifest/>",
    }
    if macros:
        members["Basic/Standard/Module1.xml"] = b"<script:module/>"
    return _zip(members, stored_first="mimetype")


def plain_zip() -> bytes:
    return _zip({"readme.txt": b"hallo"})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    """An uploaded file as a form gives it; the browser's content type is ignored."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name: str = "Begroting 2027.pdf", content: bytes = PDF):
    return upload(name, content, "application/pdf")
