"""Personal data (ID numbers, phones, addresses, contacts) never reaches public pages, public exports,
logs or the audit trail: every URL of the permission matrix is rendered anonymously with known
private values in the data, and none of them appears."""

import logging
from io import BytesIO

import pytest
from django.urls import reverse

from tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

PRIVATE = {
    "id_number": "610902198001010012",
    "phone": "13911223344",
    "home_address": "汉滨区保密巷99号",
    "opinion_contact": "13955667788",
    "idea_contact": "hidden@example.localhost",
    "user_phone": "13800998877",
}


@pytest.fixture
def objects(role_users):
    from tests.test_permission_matrix import objects as make

    found = make.__wrapped__(role_users)
    deputy = found["deputy"]
    deputy.id_number, deputy.phone, deputy.home_address = (
        PRIVATE["id_number"],
        PRIVATE["phone"],
        PRIVATE["home_address"],
    )
    deputy.save()
    found["publicopinion"].contact = PRIVATE["opinion_contact"]
    found["publicopinion"].save()
    found["idea"].contact = PRIVATE["idea_contact"]
    found["idea"].save()
    user = role_users["deputy"]
    user.phone = PRIVATE["user_phone"]
    user.save()
    return found


def text_of(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheet" in kind:
        from openpyxl import load_workbook

        book = load_workbook(BytesIO(body))
        return " ".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row)
    if "pdf" in kind:
        from pypdf import PdfReader

        return "".join(p.extract_text() for p in PdfReader(BytesIO(body)).pages).replace(" ", "")
    return body.decode("utf-8", "replace")


def test_no_public_page_or_export_shows_personal_data(client, objects, caplog):
    caplog.set_level(logging.DEBUG)
    seen = 0
    for name, (kwargs, statuses) in MATRIX.items():
        if statuses["anon"] != 200:
            continue
        response = client.get(reverse(name, kwargs=kwargs(objects) if kwargs else None))
        assert response.status_code == 200, name
        text = text_of(response)
        leaked = [k for k, v in PRIVATE.items() if v in text]
        assert not leaked, "%s shows %s" % (name, leaked)
        seen += 1
    assert seen >= 15  # public pages, the report and its exports
    logged = caplog.text
    assert not [k for k, v in PRIVATE.items() if v in logged]


def test_the_audit_trail_masks_personal_data(objects):
    from congress.models import AuditEntry

    trail = str(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert not [k for k, v in PRIVATE.items() if v in trail]


def test_logs_and_error_reports_mask_personal_data(objects, rf, settings, mailoutbox):
    """A database error quotes the ID number that broke a constraint; the log line, the traceback and
    the error report mailed to ADMINS (with the request's POST data) show none of the private values."""
    import io
    import sys

    from django.db import IntegrityError, transaction

    from congress.privacy import PersonalDataLogFilter
    from deputies.models import Deputy

    dup = Deputy.objects.get(pk=objects["deputy"].pk)
    dup.pk, dup.user = None, None
    try:
        with transaction.atomic():
            dup.save()  # same term, same ID number: the unique constraint's message names the value
    except IntegrityError:
        exc_info = sys.exc_info()
    assert PRIVATE["id_number"] in str(exc_info[1])  # the leak this guards against is real

    console = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, PersonalDataLogFilter) for f in h.filters)
    )
    settings.ADMINS = [("ops", "ops@example.localhost")]
    request = rf.post(
        "/deputies/manage/roster/",
        {
            "id_number": PRIVATE["id_number"],
            "home_address": PRIVATE["home_address"],
            "note": "请回电 %s" % PRIVATE["phone"],
        },
    )
    out = io.StringIO()
    old = console.setStream(out)
    try:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s (%s)",
            request.path,
            PRIVATE["user_phone"],
            exc_info=exc_info,
            extra={"status_code": 500, "request": request},
        )
    finally:
        console.setStream(old)
    logged = out.getvalue()
    assert "deputy_unique_id_per_term" in logged and "Internal Server Error" in logged  # the error is still logged
    assert not [k for k, v in PRIVATE.items() if v in logged], logged

    assert len(mailoutbox) == 1  # the report to ADMINS: subject, text body and HTML body
    report = mailoutbox[0]
    text = report.subject + report.body + "".join(body for body, _ in report.alternatives)
    assert "IntegrityError" in text and "home_address" in text
    assert not [k for k, v in PRIVATE.items() if v in text]
