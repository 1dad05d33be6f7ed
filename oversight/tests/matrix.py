"""The oversight app's URLs in the permission matrix (tests/test_permission_matrix.py)."""

from congress.testing import expect  # noqa: E402

VIEW = expect(anon=302, deputy=403, unit=403, member=403)
MANAGE = expect(anon=302, deputy=403, unit=403, member=403, leader=403)
POST_ONLY = expect(302, 403, 403, 403, 405, 403, 405)
UNIT = expect(anon=302, deputy=403, member=403, staff=403, leader=403)  # the organization's contact (admin: all)
OWN_DOCUMENT = expect(anon=302, deputy=404, member=404)  # the demo unit's report: staff, leaders, the unit


def OBJECTS(role_users):
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.models import AgendaItem, Meeting
    from oversight import services
    from oversight.models import OversightActivity, SpecialReport

    org, staff = role_users["unit"].organization, role_users["staff"]
    meeting = Meeting.objects.create(type="standing", title="第十次会议", date=dt.date(2023, 4, 25))
    item = AgendaItem.objects.create(meeting=meeting, kind="reviewed", title="听取和审议测试报告")
    sent_item = AgendaItem.objects.create(meeting=meeting, order=2, kind="reviewed", title="听取和审议已送达的报告")
    report = services.report_save(actor=staff, kind="special", title="测试报告", organization=org, item=item)
    sent = services.report_save(actor=staff, kind="special", title="已送达的报告", organization=org, item=sent_item)
    services.opinions_send(report_id=sent.pk, opinions="意见", on=dt.date(2023, 5, 5), actor=staff)
    document = services.document_add(
        upload=SimpleUploadedFile("报告.pdf", b"%PDF-1.4 test\n%%EOF"), role="report", report_id=sent.pk, actor=staff
    )
    return {
        "oversightactivity": OversightActivity.objects.create(
            kind="research", title="测试调研", start_date=dt.date(2023, 3, 1), end_date=dt.date(2023, 3, 2)
        ),
        "specialreport": report,
        "sentreport": SpecialReport.objects.get(pk=sent.pk),
        "document": document,
    }


MATRIX = {
    "oversight:pending": (None, VIEW),
    "oversight:decisions": (None, expect()),
    "oversight:my_reports": (None, UNIT),
    "oversight:my_report": (lambda o: {"pk": o["sentreport"].pk}, expect(302, 403, 200, 403, 302, 302, 302)),
    "oversight:document": (lambda o: {"pk": o["document"].pk}, OWN_DOCUMENT),
    "oversight:send_opinions": (lambda o: {"pk": o["specialreport"].pk}, POST_ONLY),
    "oversight:record_response": (lambda o: {"pk": o["specialreport"].pk}, POST_ONLY),
    "oversight:activity_document_add": (lambda o: {"pk": o["oversightactivity"].pk}, POST_ONLY),
    "oversight:report_document_add": (lambda o: {"pk": o["specialreport"].pk}, POST_ONLY),
}
for model in ("oversightactivity", "specialreport"):
    MATRIX["oversight:%s_list" % model] = (None, VIEW)
    MATRIX["oversight:%s_detail" % model] = (lambda o, m=model: {"pk": o[m].pk}, VIEW)
    MATRIX["oversight:%s_create" % model] = (None, MANAGE)
    MATRIX["oversight:%s_update" % model] = (lambda o, m=model: {"pk": o[m].pk}, MANAGE)
