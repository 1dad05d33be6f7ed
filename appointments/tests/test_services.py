import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from appointments import selectors, services
from appointments.models import ExamResult, Nomination, Review
from appointments.services import AppointmentError
from appointments.tests import factories as f
from congress.models import Notification, ReminderLog
from meetings import services as engine
from meetings.models import AgendaItem, ItemKind, Poll, Presence

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination(role_users):
    return f.nomination(qualified=False)


@pytest.fixture
def sittings():
    return f.sittings()


# --- the exam ------------------------------------------------------------------------------------


def test_pass_mark_boundary_59_fails_60_passes(role_users, sittings):
    low, high = f.nomination("甲某", qualified=False), f.nomination("乙某", qualified=False)
    f.score(low, sittings[0], 59)
    f.score(high, sittings[0], 60)
    low.refresh_from_db(), high.refresh_from_db()
    assert (low.status, high.status) == ("nominated", "qualified")
    assert services.band(Decimal(59)) == "不合格" and services.band(Decimal(60)) == "合格"
    assert services.band(Decimal(85)) == "良好" and services.band(Decimal(90)) == "优秀"


def test_pass_mark_is_a_setting(nomination, sittings, settings):
    settings.APPOINTMENT_PASS_MARK = 70
    f.score(nomination, sittings[0], 65)
    nomination.refresh_from_db()
    assert nomination.status == "nominated"


def test_a_failed_resit_withdraws_the_nomination(nomination, sittings):
    f.score(nomination, sittings[0], 59)
    nomination.refresh_from_db()
    assert nomination.status == "nominated"
    f.score(nomination, sittings[1], "59.5")
    nomination.refresh_from_db()
    assert nomination.status == "withdrawn"
    with pytest.raises(AppointmentError):  # no third attempt
        f.score(nomination, sittings[1], 90)
    m = f.meeting()
    with pytest.raises(AppointmentError):  # and no vote
        services.vote_open(meeting_id=m.pk, nomination_ids=[nomination.pk], actor=f.admin())


def test_the_resit_is_at_a_later_sitting(nomination, sittings):
    f.score(nomination, sittings[1], 40)
    with pytest.raises(AppointmentError):
        f.score(nomination, sittings[0], 80)
    assert nomination.exams.count() == 1


def test_the_database_allows_one_resit_only(nomination, sittings):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExamResult.objects.create(sitting=sittings[0], nomination=nomination, attempt=3, score=80)


@pytest.mark.parametrize("basis", ["", "  ", "无", "none", "None.", "N/A", "无无无无无无无无无", "连任"])
def test_a_first_timer_is_not_exempted_without_grounds(nomination, basis):
    """The old screen took "无" as a reason: now neither an empty nor a placeholder basis exempts."""
    with pytest.raises(AppointmentError):
        services.exam_exempt(nomination_id=nomination.pk, legal_basis=basis, actor=f.admin())
    nomination.refresh_from_db()
    assert (nomination.status, nomination.exam_exempt_reason, nomination.exam_exempt_earlier) == ("nominated", "", None)
    assert list(services.earlier_posts(nomination)) == []  # a first-timer has no earlier post to rest on


def test_an_earlier_post_of_the_same_rank_exempts_and_is_recorded(role_users, sittings):
    earlier = f.decided("王某", "区民政局局长")
    again = f.nomination("王某", "区财政局局长", qualified=False)
    assert list(services.earlier_posts(again)) == [earlier]
    services.exam_exempt(nomination_id=again.pk, earlier_id=earlier.pk, actor=role_users["staff"])
    again.refresh_from_db()
    assert (again.status, again.exam_exempt_earlier) == ("qualified", earlier)
    assert "区民政局局长" in again.exam_exempt_reason and "正科级" in again.exam_exempt_reason
    assert again.history.first().history_user == role_users["staff"]
    with pytest.raises(AppointmentError):  # the second attempt
        services.exam_exempt(nomination_id=again.pk, earlier_id=earlier.pk, actor=f.admin())
    with pytest.raises(AppointmentError):  # no exam for an exempt nominee
        f.score(again, sittings[0], 80)
    poll = services.vote_open(meeting_id=f.meeting().pk, nomination_ids=[again.pk], actor=f.admin())
    assert poll.status == "created"


def test_an_earlier_post_of_another_rank_or_person_does_not_exempt(role_users):
    earlier = f.decided("王某", "区民政局局长")  # 正科级
    higher = f.nomination("王某", "区人民政府副区长", qualified=False, rank="fuchu")
    with pytest.raises(AppointmentError, match="不是同一职级"):
        services.exam_exempt(nomination_id=higher.pk, earlier_id=earlier.pk, actor=f.admin())
    unranked = f.nomination("王某", "区某中心主任", qualified=False, rank="")
    with pytest.raises(AppointmentError):
        services.exam_exempt(nomination_id=unranked.pk, earlier_id=earlier.pk, actor=f.admin())
    stranger = f.nomination("李某", "区财政局局长", qualified=False)
    with pytest.raises(AppointmentError):
        services.exam_exempt(nomination_id=stranger.pk, earlier_id=earlier.pk, actor=f.admin())
    pending = f.nomination("王某", "区审计局局长", qualified=False)  # not decided: no ground either
    again = f.nomination("王某", "区水利局局长", qualified=False)
    with pytest.raises(AppointmentError):
        services.exam_exempt(nomination_id=again.pk, earlier_id=pending.pk, actor=f.admin())
    assert set(
        Nomination.objects.filter(pk__in=[higher.pk, unranked.pk, stranger.pk, again.pk]).values_list(
            "status", flat=True
        )
    ) == {"nominated"}


def test_a_legal_basis_exempts_and_is_recorded(nomination, role_users, sittings):
    basis = "依据《汉滨区人大常委会任免办法》第十二条，经主任会议同意免予考试"
    services.exam_exempt(nomination_id=nomination.pk, legal_basis="  " + basis + " ", actor=role_users["staff"])
    nomination.refresh_from_db()
    assert (nomination.status, nomination.exam_exempt_reason, nomination.exam_exempt_earlier) == (
        "qualified",
        basis,
        None,
    )
    entry = nomination.history.first()
    assert entry.history_user == role_users["staff"] and entry.exam_exempt_reason == basis
    with pytest.raises(AppointmentError):
        services.exam_exempt(nomination_id=nomination.pk, legal_basis=basis, actor=f.admin())
    other = f.nomination("丙某", qualified=False)
    f.score(other, sittings[0], 30)
    with pytest.raises(AppointmentError):  # exemption is instead of the exam, not after a failure
        services.exam_exempt(nomination_id=other.pk, legal_basis=basis, actor=f.admin())


def test_the_exemption_screen_offers_the_earlier_posts_and_refuses_no_grounds(client_as, role_users):
    earlier = f.decided("王某", "区民政局局长")
    again = f.nomination("王某", "区财政局局长", qualified=False)
    staff = client_as("staff")
    page = staff.get(reverse("appointments:nomination_detail", args=[again.pk])).content.decode()
    assert 'value="%d"' % earlier.pk in page and "正科级" in page
    url = reverse("appointments:exempt", args=[again.pk])
    for data in ({}, {"earlier": "x<script>"}, {"legal_basis": "无"}):
        response = staff.post(url, data, follow=True)
        assert response.status_code == 200
        again.refresh_from_db()
        assert again.status == "nominated"
    assert "“无”不是依据" in response.content.decode()
    assert staff.post(url, {"earlier": earlier.pk}).status_code == 302
    again.refresh_from_db()
    assert (again.status, again.exam_exempt_earlier_id) == ("qualified", earlier.pk)
    response = staff.post(url, {"earlier": earlier.pk}, follow=True)  # the second attempt
    assert response.status_code == 200 and Nomination.objects.get(pk=again.pk).history.count() == again.history.count()


def test_score_sheet_and_results_export(client_as, role_users, sittings):
    from openpyxl import load_workbook

    a, b = f.nomination("甲某", qualified=False), f.nomination("乙某", qualified=False)
    client = client_as("staff")
    url = reverse("appointments:exam_scores", args=[sittings[0].pk])
    response = client.post(url, {"score_%d" % a.pk: "92", "score_%d" % b.pk: "101"})
    assert response.status_code == 200 and not ExamResult.objects.exists()  # all or nothing
    response = client.post(url, {"score_%d" % a.pk: "92", "score_%d" % b.pk: "59"})
    assert response.status_code == 302
    assert set(ExamResult.objects.values_list("nomination__person", "score")) == {("甲某", 92), ("乙某", 59)}
    export = client.get(reverse("appointments:exam_export", args=[sittings[0].pk]))
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][2] == "姓名" and {(r[2], r[6], r[7]) for r in rows[1:]} == {
        ("甲某", 92, "优秀"),
        ("乙某", 59, "不合格"),
    }
    page = client.get(reverse("appointments:examsitting_detail", args=[sittings[0].pk])).content.decode()
    assert "优秀" in page and "不合格" in page


# --- the vote (a Poll of the meetings engine) -------------------------------------------------------


def test_the_vote_is_a_poll_on_an_appointment_agenda_item(role_users, settings):
    m = f.meeting()
    one = f.nomination()
    poll = services.vote_open(meeting_id=m.pk, nomination_ids=[one.pk], actor=f.admin())
    assert (poll.kind, poll.rule, poll.threshold, poll.mode) == ("yesno", "all", "half", "secret")
    assert poll.item.meeting == m and poll.item.kind == ItemKind.APPOINTMENT and poll.item.concerns == one
    assert poll.question == "任命王某为区民政局局长"
    settings.APPOINTMENT_VOTE_MODE = "named"
    two = [f.nomination("甲某", "区审计局局长"), f.nomination("乙某", "区水利局局长", kind="remove")]
    slate = services.vote_open(meeting_id=m.pk, nomination_ids=[n.pk for n in two], actor=f.admin())
    assert (slate.kind, slate.mode) == ("slate", "named")
    assert set(slate.options.values_list("label", flat=True)) == {
        "任命甲某为区审计局局长",
        "免去乙某的区水利局局长职务",
    }
    assert set(Nomination.objects.filter(poll=slate).values_list("status", flat=True)) == {"voting"}
    with pytest.raises(AppointmentError):  # voted once only
        services.vote_open(meeting_id=m.pk, nomination_ids=[one.pk], actor=f.admin())


def test_more_than_half_of_all_members_not_of_those_present(role_users):
    extra = f.members(3)  # five members: leader, member and three more
    m = f.meeting(open_=False)
    engine.meeting_open(meeting_id=m.pk, actor=f.admin())
    for user in [role_users["leader"], role_users["member"], extra[0]]:
        engine.attendance_mark(meeting_id=m.pk, user_id=user.pk, presence=Presence.PRESENT, actor=f.admin())
    a, b = f.nomination("甲某"), f.nomination("乙某", "区审计局局长")
    poll = services.vote_open(meeting_id=m.pk, nomination_ids=[a.pk, b.pk], actor=f.admin())
    a.refresh_from_db(), b.refresh_from_db()
    # three present of five: 3 for passes (3 > 5/2); 2 for is most of those present but not of all members
    f.cast(poll, {a.option_id: "Y", b.option_id: ["Y", "Y", "N"]})
    poll.refresh_from_db()
    assert set(poll.voters.values_list("user_id", flat=True)) == {  # the unmarked members are not entitled
        role_users["leader"].pk,
        role_users["member"].pk,
        extra[0].pk,
    }
    assert (poll.electorate, poll.base, poll.present) == ("present", 5, 3)
    services.vote_settle(poll_id=poll.pk, actor=f.admin())
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, a.votes_for, a.base) == ("adopted", 3, 5)
    assert (b.status, b.votes_for, b.votes_against) == ("rejected", 2, 1)
    assert a.decided_on == m.date


def test_a_vote_that_fails_leaves_the_post_unfilled(client_as, role_users):
    m = f.meeting()
    n = f.decided("郑某", "区应急管理局局长", m=m, passed=False)
    assert n.status == "rejected"
    assert list(selectors.unfilled(m.date.year)) == [n]
    assert selectors.year_figures(m.date.year)["person_times"] == 0
    with pytest.raises(AppointmentError):
        services.oath_record(date=m.date, kind="individual", leader="", nomination_ids=[n.pk], actor=f.admin())
    assert client_as("staff").get(reverse("appointments:letter", args=[n.pk])).status_code == 404
    public = client_as("anon").get(reverse("appointments:index"), {"year": m.date.year}).content.decode()
    assert "郑某" not in public
    staff = client_as("staff")
    assert "职务空缺" in staff.get(reverse("appointments:meeting", args=[m.pk])).content.decode()
    assert "郑某" in staff.get(reverse("appointments:pipeline"), {"year": m.date.year}).content.decode()
    later = f.decided("冯某", "区应急管理局局长", m=m)  # a later appointment fills it
    assert later.status == "adopted" and list(selectors.unfilled(m.date.year)) == []


def test_the_outcome_waits_for_the_close_and_is_recorded_once(role_users):
    m = f.meeting()
    n = f.nomination()
    poll = services.vote_open(meeting_id=m.pk, nomination_ids=[n.pk], actor=f.admin())
    with pytest.raises(AppointmentError):
        services.vote_settle(poll_id=poll.pk, actor=f.admin())
    n.refresh_from_db()
    f.cast(poll, {n.option_id: "Y"}, close=False)
    with pytest.raises(AppointmentError):  # still open
        services.vote_settle(poll_id=poll.pk, actor=f.admin())
    engine.poll_close(poll_id=poll.pk, actor=f.admin())
    services.vote_settle(poll_id=poll.pk, actor=f.admin())
    with pytest.raises(AppointmentError):
        services.vote_settle(poll_id=poll.pk, actor=f.admin())
    n.refresh_from_db()
    assert (n.status, n.votes_for, n.votes_against, n.base) == ("adopted", 2, 0, 2)


def test_a_member_votes_on_the_meetings_voting_page_and_staff_record_the_outcome(client_as, role_users):
    m = f.meeting(date=timezone.localdate() + dt.timedelta(days=1))
    n = f.nomination(m=m)
    other = f.nomination("甲某", "区审计局局长", kind="remove", m=m)
    staff = client_as("staff")
    response = staff.post(
        reverse("appointments:vote_open", args=[m.pk]), {"nominations": [n.pk, other.pk], "mode": "secret"}
    )
    assert response.status_code == 302
    n.refresh_from_db()
    engine.poll_open(poll_id=n.poll_id, actor=role_users["staff"])
    member = client_as("member")
    page = member.get(reverse("appointments:member_home")).content.decode()
    assert "任命王某为区民政局局长" in page and "王某的供职报告" in page and n.poll.get_absolute_url() in page
    other.refresh_from_db()
    for who in ("member", "leader"):
        response = client_as(who).post(
            reverse("meetings:poll", args=[n.poll_id]),
            {"o%d" % n.option_id: "Y", "o%d" % other.option_id: "N", "confirm": "1"},
        )
        assert response.status_code == 302
    engine.poll_close(poll_id=n.poll_id, actor=role_users["staff"])
    page = staff.get(reverse("appointments:meeting", args=[m.pk])).content.decode()
    assert reverse("appointments:settle", args=[n.poll_id]) in page
    staff.post(reverse("appointments:settle", args=[n.poll_id]))
    n.refresh_from_db(), other.refresh_from_db()
    assert (n.status, other.status) == ("adopted", "rejected")
    page = staff.get(reverse("appointments:meeting", args=[m.pk])).content.decode()
    minutes = page[page.index('data-testid="decided"') :]
    minutes = minutes[: minutes.index("</ol>")]
    assert "任命王某为区民政局局长" in minutes and "免去甲某的区审计局局长职务" in minutes and "未通过" in minutes
    assert "通过 1 项（共 2 项）" in page  # the slate's count, not one passed/failed for the whole vote


def test_the_oath_at_the_meeting_group_needs_its_leader(client_as, role_users):
    m = f.meeting()
    a, b = f.decided("甲某", m=m), f.decided("乙某", "区审计局局长", m=m)
    client = client_as("staff")
    url = reverse("appointments:meeting_oath", args=[m.pk])
    response = client.post(
        url, {"date": m.date.isoformat(), "kind": "group", "leader": "", "nominations": [a.pk, b.pk]}
    )
    assert "领誓人" in response.content.decode()
    response = client.post(url, {"date": m.date.isoformat(), "kind": "individual", "nominations": [a.pk, b.pk]})
    assert response.status_code == 200
    response = client.post(
        url, {"date": m.date.isoformat(), "kind": "group", "leader": "区人大常委会主任", "nominations": [a.pk, b.pk]}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == "sworn" and a.oaths.get().meeting == m
    roster = client.get(reverse("appointments:meeting", args=[m.pk])).content.decode()
    assert "区人大常委会主任" in roster
    letter = client.get(reverse("appointments:letter", args=[a.pk]))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")


def test_edit_refused_after_the_vote(client_as, role_users):
    n = f.decided()
    response = client_as("staff").post(
        reverse("appointments:nomination_update", args=[n.pk]),
        {"kind": "appoint", "person": "改名", "post": n.post, "organ": n.organ_id, "nominated_by": "party"},
    )
    assert response.status_code == 200
    n.refresh_from_db()
    assert n.person == "赵某"


# --- counts and the public pages ------------------------------------------------------------------


def test_counts_per_year_organ_and_kind_and_the_list_per_meeting(client, role_users):
    m = f.meeting()
    f.decided("甲某", m=m)
    f.decided("乙某", "区审计局局长", m=m)
    removal = f.nomination("丙某", "区水利局局长", kind="remove", m=m)
    poll = services.vote_open(meeting_id=m.pk, nomination_ids=[removal.pk], actor=f.admin())
    removal.refresh_from_db()
    f.cast(poll, {removal.option_id: "Y"})
    services.vote_settle(poll_id=poll.pk, actor=f.admin())
    year = m.date.year
    counts = selectors.counts(year)
    assert counts["total"] == 3 and counts["kinds"] == [2, 1, 0]
    assert counts["organs"] == [("汉滨区人民政府", [2, 1, 0], 3)]
    assert [n.person for n in selectors.decided_at(m)] == ["甲某", "乙某", "丙某"]
    page = client.get(reverse("appointments:public_meeting", args=[m.pk])).content.decode()
    assert "甲某" in page and "丙某" in page and "供职报告" not in page
    year_page = client.get(reverse("appointments:index"), {"year": year}).content.decode()
    assert reverse("appointments:public_meeting", args=[m.pk]) in year_page and "区审计局局长" in year_page
    assert client.get(reverse("appointments:public_meeting", args=[f.meeting(title="空会议").pk])).status_code == 404


# --- performance review --------------------------------------------------------------------------


@pytest.fixture
def review(role_users):
    from congress.models import Organization

    appointed = f.decided(
        m=f.meeting(date=timezone.localdate() - dt.timedelta(days=100), title="区十九届人大常委会第5次会议")
    )
    upcoming = f.meeting(
        date=timezone.localdate() + dt.timedelta(days=40), title="区十九届人大常委会第6次会议", open_=False
    )
    return services.review_create(
        nomination_id=appointed.pk,
        meeting_id=upcoming.pk,
        actor=f.admin(),
        unit=Organization.objects.get(name="区住房和城乡建设局"),
    )


def test_the_report_is_due_20_days_before_the_meeting(review, settings):
    from congress.deadlines import deadline_compute, deadline_note_for

    # 20 days back, and a last day on a rest day moves back to the working day before it (never less time)
    assert (
        review.meeting.date - dt.timedelta(days=22) <= review.report_due <= review.meeting.date - dt.timedelta(days=20)
    )
    assert review.report_due == deadline_compute(start=review.meeting.date, days=20, before=True).date
    settings.APPOINTMENT_REVIEW_REPORT_DAYS = 30
    # 2 April 2027 − 30 days = Wednesday 3 March, a working day (2027 has no holidays in the calendar yet)
    other = f.meeting(date=dt.date(2027, 4, 2), title="第7次", open_=False)
    later = services.review_create(nomination_id=review.nomination_id, meeting_id=other.pk, actor=f.admin())
    assert later.report_due == dt.date(2027, 3, 3)
    settings.APPOINTMENT_REVIEW_REPORT_DAYS = 20
    third = f.meeting(date=dt.date(2027, 4, 3), title="第8次", open_=False)
    weekend = services.review_create(nomination_id=review.nomination_id, meeting_id=third.pk, actor=f.admin())
    assert weekend.report_due == dt.date(2027, 3, 12)  # 14 March 2027 is a Sunday: due Friday the 12th
    assert deadline_note_for(weekend, "report_due").due == dt.date(2027, 3, 12)
    with pytest.raises(AppointmentError):  # once per meeting
        services.review_create(nomination_id=review.nomination_id, meeting_id=other.pk, actor=f.admin())


def test_a_review_report_filed_late_is_flagged(client_as, review):
    on_time = services.review_report_file(
        review_id=review.pk, report="述职报告", actor=f.admin(), today=review.report_due
    )
    assert not on_time.late
    other = Review.objects.get(pk=review.pk)
    Review.objects.filter(pk=other.pk).update(filed_on=None, status="due")
    late = services.review_report_file(
        review_id=review.pk, report="迟交的述职报告", actor=f.admin(), today=review.report_due + dt.timedelta(days=1)
    )
    assert late.late and late.filed_on == review.report_due + dt.timedelta(days=1)
    assert list(selectors.late_reviews(review.meeting.date.year)) == [late]
    page = client_as("staff").get(reverse("appointments:review_detail", args=[review.pk])).content.decode()
    assert 'data-testid="late"' in page


def test_the_unit_files_the_report_from_its_page(client_as, review):
    unit = client_as("unit")
    assert str(review.nomination.person) in unit.get(reverse("appointments:unit_reviews")).content.decode()
    response = unit.post(reverse("appointments:unit_review", args=[review.pk]), {"report": "本人任职以来……"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.filed_by.username, review.late) == ("filed", "unit", False)


def test_review_reports_are_reminded_once_through_the_real_sweep(review, role_users):
    from congress.reminders import sweep
    from congress.tests.factories import as_working_day

    # The dates follow today's: make the swept days working days whatever the weekday the suite runs on.
    for day in (review.report_due - dt.timedelta(days=7), review.report_due + dt.timedelta(days=2)):
        as_working_day(day)
    assert sweep(today=review.report_due - dt.timedelta(days=7)) == 1
    assert sweep(today=review.report_due - dt.timedelta(days=7)) == 0  # exactly once
    assert ReminderLog.objects.filter(object_id=str(review.pk), kind="before_7").count() == 1
    note = Notification.objects.get(recipient=role_users["unit"])
    assert review.nomination.person in note.title and note.url == reverse("appointments:unit_review", args=[review.pk])
    assert sweep(today=review.report_due + dt.timedelta(days=2)) == 1  # overdue: the staff as well
    assert Notification.objects.filter(recipient=role_users["staff"]).count() == 1
    services.review_report_file(
        review_id=review.pk, report="述职报告", actor=role_users["unit"], today=review.report_due + dt.timedelta(days=3)
    )
    assert sweep(today=review.report_due + dt.timedelta(days=35)) == 0  # filed: nothing more


def test_the_satisfaction_vote_is_a_secret_rating_poll(review, role_users):
    services.review_report_file(review_id=review.pk, report="述职报告", actor=f.admin())
    m = review.meeting
    engine.meeting_open(meeting_id=m.pk, actor=f.admin())
    for row in m.attendance.filter(non_voting=False):
        engine.attendance_mark(meeting_id=m.pk, user_id=row.user_id, presence=Presence.PRESENT, actor=f.admin())
    poll = services.review_vote_open(meeting_id=m.pk, review_ids=[review.pk], actor=f.admin())
    assert (poll.kind, poll.mode, poll.rule) == ("rating", "secret", "valid")
    review.refresh_from_db()
    f.cast(poll, {review.option_id: ["Y", "A"]})
    services.settle(poll_id=poll.pk, actor=f.admin())
    review.refresh_from_db()
    assert (review.status, review.satisfied, review.basically, review.unsatisfied, review.passed) == (
        "rated",
        1,
        1,
        0,
        True,
    )


def test_no_satisfaction_vote_without_a_report(review):
    with pytest.raises(AppointmentError):
        services.review_vote_open(meeting_id=review.meeting_id, review_ids=[review.pk], actor=f.admin())


# --- queries and the demo --------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 40])
def test_pages_issue_a_bounded_number_of_queries(rows, client_as, role_users, django_assert_num_queries):
    m = f.meeting(date=timezone.localdate() + dt.timedelta(days=3))
    sitting = f.sittings()[0]
    ids = []
    for i in range(rows):
        n = f.nomination("人%03d" % i, "岗位%03d" % i, m=m, qualified=False)
        f.score(n, sitting, 70 + i % 30)
        ids.append(n.pk)
    poll = services.vote_open(meeting_id=m.pk, nomination_ids=ids, actor=f.admin())
    f.cast(poll, {})
    services.vote_settle(poll_id=poll.pk, actor=f.admin())
    pages = [  # who, the page, its query string, its queries (the same at 2 and 40 nominations)
        ("staff", reverse("appointments:pipeline"), {"status": "adopted"}, 15),
        ("staff", reverse("appointments:meeting", args=[m.pk]), {}, 20),
        ("staff", reverse("appointments:examsitting_detail", args=[sitting.pk]), {}, 10),
        ("member", reverse("appointments:member_home"), {}, 13),
        ("anon", reverse("appointments:index"), {"year": m.date.year}, 4),
        ("anon", reverse("appointments:public_meeting", args=[m.pk]), {}, 2),
    ]
    for role, url, params, queries in pages:
        client = client_as(role)
        with django_assert_num_queries(queries, info=url):
            response = client.get(url, params)
        assert response.status_code == 200, url
        assert "人%03d" % (rows - 1) in response.content.decode(), url


def test_demo_year_45_person_times(role_users):
    from appointments.demo import seed_appointments

    assert seed_appointments() == {"created": True}
    assert seed_appointments() == {"created": False}
    assert selectors.year_figures(2023) == {"person_times": 45, "appointed": 32, "removed": 9, "resigned": 4}
    assert Nomination.objects.filter(status="withdrawn").count() == 1
    assert [n.post for n in selectors.unfilled(2023)] == ["区应急管理局局长"]
    assert Poll.objects.filter(nominations__isnull=False).distinct().count() == 3
    assert AgendaItem.objects.filter(kind="appointment", meeting__date__year=2023).count() == 3
    assert Review.objects.filter(status="rated").count() == 3 and len(selectors.late_reviews(2023)) == 1
    assert not Nomination.objects.filter(kind="appoint", status="adopted").exists()  # all sworn


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_recorded_votes_and_links_the_meeting_text(role_users):
    """Before the engine a vote was typed in and the meeting was free text: the counts stay with the
    decision (members → base) and the text becomes the standing-committee meeting of that title."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("appointments", "0001_initial")])
    old = executor.loader.project_state([("appointments", "0001_initial")]).apps
    organ = old.get_model("congress", "Organization").objects.get(name="汉滨区人民政府")
    Old = old.get_model("appointments", "Nomination")
    Old.objects.create(
        kind="appoint",
        person="旧某",
        post="区民政局局长",
        organ_id=organ.pk,
        nominated_by="party",
        meeting="区十九届人大常委会第9次会议",
        status="adopted",
        votes_for=27,
        votes_against=1,
        votes_abstain=1,
        members=29,
        decided_on=dt.date(2022, 12, 26),
    )
    Old.objects.create(kind="remove", person="空某", post="区水利局局长", organ_id=organ.pk, nominated_by="party")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    kept = Nomination.objects.select_related("meeting").get(person="旧某")
    assert (kept.votes_for, kept.base, kept.status) == (27, 29, "adopted")
    assert (kept.meeting.title, kept.meeting.type, kept.meeting.date) == (
        "区十九届人大常委会第9次会议",
        "standing",
        dt.date(2022, 12, 26),
    )
    assert Nomination.objects.get(person="空某").meeting is None
