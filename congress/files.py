"""Uploaded files, one contract for every app: checked by their content, not by the name or the
browser's claimed type (``check_upload``), stored under MEDIA_ROOT and never served directly, and
served by ``serve_file`` only after the view decided the viewer may see the record. A file the viewer
may not see answers 404, as if it did not exist (never 403, which would confirm that it does)."""

import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# signature → (MIME type, file name endings it may carry)
SIGNATURES = [
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"GIF87a", "image/gif", (".gif",)),
    (b"GIF89a", "image/gif", (".gif",)),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword", (".doc",)),
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def check_upload(upload, *, max_bytes: int) -> str:
    """Return the MIME type of ``upload`` if it is a PDF, Word document or image within ``max_bytes``;
    raise ValidationError otherwise. The first bytes decide; a .docx must be a zip holding a Word body."""
    if upload.size > max_bytes:
        raise ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)})
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    name = (upload.name or "").lower()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, mime, endings in SIGNATURES:
        if head.startswith(magic):
            if not name.endswith(endings):
                break
            return mime
    else:
        if head.startswith(b"PK\x03\x04") and name.endswith(".docx"):
            try:
                with zipfile.ZipFile(upload) as archive:
                    if "word/document.xml" in archive.namelist():
                        upload.seek(0)
                        return DOCX
            except zipfile.BadZipFile:
                pass
            finally:
                upload.seek(0)
    raise ValidationError(
        _(
            "Only PDF, Word (.doc, .docx) and image (PNG, JPEG, GIF) files are accepted, "
            "and the name must match the content."
        )
    )


PHOTO_TYPES = ("image/png", "image/jpeg", "image/gif")
PHOTO_MAX_BYTES = 10 * 1024 * 1024


def check_photo(upload) -> str:
    """Return the photo's type, decided by its content (PNG, JPEG, GIF), or raise ValidationError."""
    mime = check_upload(upload, max_bytes=PHOTO_MAX_BYTES)
    if mime not in PHOTO_TYPES:
        raise ValidationError(_("Only photos (PNG, JPEG, GIF) are accepted."))
    return mime


def serve_file(
    fieldfile, *, content_type: str, filename: str | None = None, inline: bool = False, private: bool = False
) -> FileResponse:
    """Return the stored file of ``fieldfile`` as a response with its checked ``content_type``, not
    sniffed by the browser; as a download named ``filename`` unless ``inline`` (photos shown in a page);
    ``private`` forbids caches from keeping it. A file missing on disk answers 404.

    The caller decides who may see the file first and raises Http404 for anyone else."""
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = content_type or "application/octet-stream"
    if inline:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Disposition"] = "inline"
    else:
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
