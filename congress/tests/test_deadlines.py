"""Deadlines on China's calendar (congress.deadlines, congress.holidays): Art. 201–203 of the Civil
Code with the State Council's holidays and 调休 days, explanations in both languages, recalculation
when the calendar changes, reminders on working days, and the deadline_explain command."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import translation

from congress import holidays
from congress.deadlines import deadline_compute, deadline_note_for
from congress.models import (
    AuditEntry,
    CalendarDay,
    Congress,
    DeadlineNote,
    DeadlineRules,
    Notification,
    OutboundEmail,
    ReminderLog,
)
from congress.reminders import deadlines_recalculate, sweep
from proposals.models import Assignment

pytestmark = pytest.mark.django_db

D = dt.date


def _zh(deadline):
    with translation.override("zh-hans"):
        return deadline.explanation


def _en(deadline):
    with translation.override("en"):
        return deadline.explanation


def test_the_calendar_is_seeded_once_from_the_package():
    spring = CalendarDay.objects.filter(
        day__gte=D(2025, 1, 28), day__lte=D(2025, 2, 4), kind="holiday", holiday="spring_festival"
    )
    assert spring.count() == 8
    assert CalendarDay.objects.get(day=D(2025, 2, 8)).kind == "workday"  # 调休: Saturday worked
    count = CalendarDay.objects.count()
    assert holidays.calendar_seed() == 0 and CalendarDay.objects.count() == count  # second run: nothing


def test_spring_festival_2025_moves_the_deadline_to_the_first_working_day_after():
    deadline = deadline_compute(start=D(2024, 11, 4), months=3, event="assigned")
    assert deadline.date == D(2025, 2, 5)
    assert _zh(deadline) == "交办 2024-11-04，三个月 → 2025-02-04，适逢春节假期，顺延至 2025-02-05"
    assert _en(deadline) == (
        "assigned 2024-11-04, 3 months → 2025-02-04, in the Spring Festival holiday, moved to 2025-02-05"
    )


def test_a_make_up_saturday_is_a_working_day_and_an_ordinary_saturday_is_not():
    worked = deadline_compute(start=D(2024, 11, 8), months=3)
    assert worked.date == D(2025, 2, 8) and "调休工作日，不顺延" in _zh(worked)
    rest = deadline_compute(start=D(2024, 12, 15), months=3)  # Saturday 15 March 2025
    assert rest.date == D(2025, 3, 17) and "适逢星期六休息日，顺延至 2025-03-17" in _zh(rest)


def test_the_month_end_is_clamped_and_then_moved_past_the_holiday():
    deadline = deadline_compute(start=D(2023, 1, 31), months=3, event="assigned")
    assert deadline.date == D(2023, 5, 4)  # 30 April, Labour Day holiday to 3 May
    assert _zh(deadline) == (
        "交办 2023-01-31，三个月 → 2023-04-30（该月无31日，取月末），适逢劳动节假期，顺延至 2023-05-04"
    )
    assert deadline_compute(start=D(2024, 11, 30), months=3).date == D(2025, 2, 28)  # a Friday: stays


def test_days_count_calendar_days_then_move_past_rest_days():
    assert deadline_compute(start=D(2024, 9, 20), days=10).date == D(2024, 9, 30)
    national = deadline_compute(start=D(2024, 9, 21), days=10)
    assert national.date == D(2024, 10, 8) and "十日 → 2024-10-01" in _zh(national)
    with pytest.raises(ValueError):
        deadline_compute(start=D(2024, 9, 21), days=-1)
    with pytest.raises(ValueError):
        deadline_compute(start=D(2024, 9, 21), days=3, months=1)


def test_working_days_where_the_congress_rule_says_so():
    congress = Congress.objects.create(name="工作日区人大", level="district")
    assert deadline_compute(start=D(2025, 1, 20), days=10, congress=congress).date == D(2025, 2, 5)  # calendar
    DeadlineRules.objects.create(congress=congress, days_are_working_days=True)
    deadline = deadline_compute(start=D(2025, 1, 20), days=10, congress=congress)
    assert deadline.date == D(2025, 2, 8)  # 9 rest days skipped, the 调休 Saturday counts
    assert deadline.rule == "10wd" and "十个工作日 → 2025-02-08（不计休息日9天）" in _zh(deadline)
    assert deadline_compute(start=D(2025, 1, 20), days=10, congress=congress, working_days=False).date == D(2025, 2, 5)


def test_a_year_not_yet_in_the_calendar_says_so():
    deadline = deadline_compute(start=D(2026, 12, 20), months=1)
    assert "2027" in _en(deadline) and "only weekends" in _en(deadline)


def _assigned(users, on, title="关于加快停车场建设的建议"):
    from proposals.tests.factories import assigned_proposal

    return assigned_proposal(users, on=on, title=title)


def test_an_assignment_stores_and_shows_its_explanation(role_users):
    p = _assigned(role_users, on=D(2024, 11, 4))
    lead = p.assignments.get(role="lead")
    assert lead.deadline == D(2025, 2, 5)
    note = deadline_note_for(lead, "deadline")
    assert note.rule == "3m" and note.start == D(2024, 11, 4)
    with translation.override("zh-hans"):
        shown = Template('{% load deadlines %}{{ a|deadline_explanation:"deadline" }}').render(Context({"a": lead}))
    assert shown == "交办 2024-11-04，三个月 → 2025-02-04，适逢春节假期，顺延至 2025-02-05"
    Assignment.objects.filter(pk=lead.pk).update(deadline=D(2025, 3, 1))  # a date set by hand: no explanation
    assert deadline_note_for(Assignment.objects.get(pk=lead.pk), "deadline") is None


def test_a_new_holiday_moves_open_deadlines_only_once_and_tells_the_unit(role_users):
    open_one = _assigned(role_users, on=D(2025, 6, 3)).assignments.get(role="lead")  # due 2025-09-03
    closed = _assigned(role_users, on=D(2025, 6, 3), title="已答复的建议").assignments.get(role="lead")
    Assignment.objects.filter(pk=closed.pk).update(replied_on=D(2025, 7, 1))
    assert open_one.deadline == closed.deadline == D(2025, 9, 3)
    by_hand = _assigned(role_users, on=D(2025, 5, 3), title="已延期的建议").assignments.get(role="lead")
    assert by_hand.deadline == D(2025, 8, 4)  # 3 August is a Sunday
    Assignment.objects.filter(pk=by_hand.pk).update(deadline=D(2025, 9, 3))  # e.g. an approved extension
    unit = role_users["unit"]
    before = Notification.objects.filter(recipient=unit).count()
    holidays.calendar_day_save(
        day=D(2025, 9, 3),
        kind="holiday",
        holiday="other",
        name="胜利纪念日",
        reason="国办发明电〔2025〕1号",
        actor=role_users["staff"],
    )
    moved = Assignment.objects.get(pk=open_one.pk)
    assert moved.deadline == D(2025, 9, 4)
    assert Assignment.objects.get(pk=closed.pk).deadline == D(2025, 9, 3)  # closed ones never move
    assert Assignment.objects.get(pk=by_hand.pk).deadline == D(2025, 9, 3)  # nor dates set by hand
    note = deadline_note_for(moved, "deadline")
    assert note.reason == "国办发明电〔2025〕1号"
    with translation.override("zh-hans"):
        assert note.explanation.endswith("适逢胜利纪念日假期，顺延至 2025-09-04")
    told = Notification.objects.filter(recipient=unit).order_by("-id")
    assert told.count() == before + 1 and "2025-09-04" in told[0].title and "国办发明电" in told[0].body
    assert AuditEntry.objects.filter(
        object_id=str(moved.pk), actor=role_users["staff"], content_type__model="assignment"
    ).exists()
    # the second run (or saving the same day again) moves and tells nothing
    assert deadlines_recalculate(first=D(2025, 9, 3), last=D(2025, 9, 3), reason="再次", actor=None) == 0
    holidays.calendar_day_save(
        day=D(2025, 9, 3),
        kind="holiday",
        holiday="other",
        name="胜利纪念日",
        reason="重复保存",
        actor=role_users["staff"],
    )
    assert Notification.objects.filter(recipient=unit).count() == before + 1
    # taken off again (entered by mistake): the deadline moves back
    holidays.calendar_day_remove(day=D(2025, 9, 3), reason="录入错误", actor=role_users["staff"])
    assert Assignment.objects.get(pk=open_one.pk).deadline == D(2025, 9, 3)
    with pytest.raises(holidays.CalendarError):
        holidays.calendar_day_save(
            day=D(2025, 9, 3), kind="holiday", holiday="other", name="", reason="x", actor=role_users["staff"]
        )
    with pytest.raises(holidays.CalendarError):
        holidays.calendar_day_save(
            day=D(2025, 9, 5), kind="holiday", holiday="national_day", reason=" ", actor=role_users["staff"]
        )
    assert not CalendarDay.objects.filter(day__in=[D(2025, 9, 3), D(2025, 9, 5)]).exists()


def test_reminders_go_out_on_the_working_day_before_a_holiday(role_users):
    p = _assigned(role_users, on=D(2024, 7, 8))  # lead due Tuesday 8 Oct 2024
    lead = p.assignments.get(role="lead")
    assert lead.deadline == D(2024, 10, 8)
    Assignment.objects.filter(proposal=p, role="assist").update(replied_on=D(2024, 7, 20))
    assert sweep(today=D(2024, 9, 23)) == 1  # 15 days before: a Monday
    assert sweep(today=D(2024, 9, 29)) == 0  # a 调休 Sunday works, but nothing is due
    # 7 and 1 days before (1 and 7 October) are in the National Day holiday: they go out on Monday
    # 30 September, the last working day before it; the nearer of the two is the one sent
    assert sweep(today=D(2024, 9, 30)) == 1
    assert sweep(today=D(2024, 9, 30)) == 0
    assert sweep(today=D(2024, 10, 2)) == 0 and sweep(today=D(2024, 10, 7)) == 0  # holidays: nothing sent
    assert sweep(today=D(2024, 10, 8)) == 0  # the deadline itself: already reminded
    assert sweep(today=D(2024, 10, 9)) == 1  # overdue, the day after
    assert list(
        ReminderLog.objects.filter(object_id=lead.pk).order_by("sent_at", "id").values_list("kind", flat=True)
    ) == ["before_15", "before_1", "overdue"]
    mail = OutboundEmail.objects.filter(to=role_users["unit"].email, subject__contains="2024-10-08").first()
    assert "交办 2024-07-08，三个月 → 2024-10-08" in mail.body  # the reminder says how the date came


def test_an_overdue_notice_of_a_holiday_waits_for_the_next_working_day(role_users):
    p = _assigned(role_users, on=D(2024, 6, 30))  # due Monday 30 Sep 2024
    lead = p.assignments.get(role="lead")
    assert lead.deadline == D(2024, 9, 30)
    Assignment.objects.filter(proposal=p, role="assist").update(replied_on=D(2024, 7, 20))
    assert sum(sweep(today=D(2024, 10, day)) for day in range(1, 8)) == 0  # never during the holiday
    assert sweep(today=D(2024, 10, 8)) == 1  # the next working day, not before
    assert list(ReminderLog.objects.filter(object_id=lead.pk).values_list("kind", flat=True)) == ["overdue"]


def test_import_previews_errors_and_writes_nothing_until_clean(role_users):
    bad = SimpleUploadedFile(
        "notice.csv", "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-30,休,春节\n2027-02-07,调,春节\n".encode()
    )
    rows = holidays.calendar_import_parse(upload=bad)
    assert [bool(r.error) for r in rows] == [False, True, True]
    with pytest.raises(holidays.CalendarError):
        holidays.calendar_import(rows=rows, reason="国办发〔2026〕1号", actor=role_users["staff"])
    assert not CalendarDay.objects.filter(day__year=2027).exists()
    good = SimpleUploadedFile("notice.csv", "2027-01-01,休,元旦\n2027-02-06,班,Spring Festival\n".encode())
    rows = holidays.calendar_import_parse(upload=good)
    assert holidays.calendar_import(rows=rows, reason="国办发〔2026〕1号", actor=role_users["staff"]) == 2
    assert CalendarDay.objects.get(day=D(2027, 2, 6)).holiday == "spring_festival"
    assert AuditEntry.objects.filter(content_type__model="calendarday", actor=role_users["staff"]).count() == 2
    with pytest.raises(holidays.CalendarError):
        holidays.calendar_import_parse(upload=SimpleUploadedFile("x.xlsx", b"not a workbook"))


def test_the_command_prints_the_date_and_its_explanation():
    out = io.StringIO()
    call_command("deadline_explain", "--from", "2024-11-04", "--months", "3", stdout=out)
    assert out.getvalue().splitlines() == [
        "2025-02-05",
        "自 2024-11-04，三个月 → 2025-02-04，适逢春节假期，顺延至 2025-02-05",
    ]
    out = io.StringIO()
    call_command("deadline_explain", "--from", "2024-09-21", "--days", "10", "--language", "en", stdout=out)
    assert out.getvalue().splitlines() == [
        "2024-10-08",
        "from 2024-09-21, 10 days → 2024-10-01, in the National Day holiday, moved to 2024-10-08",
    ]
    with pytest.raises(CommandError):
        call_command("deadline_explain", "--from", "2024-13-01", "--days", "3", stdout=io.StringIO())
    assert DeadlineNote.objects.count() == 0  # the command writes nothing


def test_the_staff_screen_lists_a_year_adds_a_day_and_imports_after_a_preview(client_as, django_assert_num_queries):
    staff = client_as("staff")
    with django_assert_num_queries(9):
        page = staff.get("/calendar/?year=2025")
    assert page.status_code == 200 and "2025-01-28" in page.content.decode() and "春节" in page.content.decode()
    assert client_as("unit").get("/calendar/").status_code == 403
    from django.urls import reverse

    records = reverse("congress:organization_list")
    assert 'href="/calendar/"' in staff.get(records).content.decode()  # the records tabs lead to it
    assert 'href="/calendar/"' not in client_as("leader").get(records).content.decode()  # leaders read only
    response = staff.post(
        "/calendar/day/",
        {
            "day": "2025-09-03",
            "kind": "holiday",
            "holiday": "other",
            "name": "胜利纪念日",
            "reason": "国办发明电〔2025〕1号",
        },
    )
    assert response.status_code == 302 and CalendarDay.objects.get(day=D(2025, 9, 3)).name == "胜利纪念日"
    response = staff.post(
        "/calendar/day/", {"day": "2025-09-04", "kind": "holiday", "holiday": "other", "name": "", "reason": "x"}
    )  # refused: no name
    assert response.status_code == 302 and not CalendarDay.objects.filter(day=D(2025, 9, 4)).exists()
    upload = SimpleUploadedFile("notice.csv", "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-30,休,春节\n".encode())
    preview = staff.post("/calendar/import/", {"upload": upload, "reason": "国办发〔2026〕1号"})
    assert preview.status_code == 200 and "table-danger" in preview.content.decode()
    assert not CalendarDay.objects.filter(day__year=2027).exists()  # a preview writes nothing
    upload = SimpleUploadedFile("notice.csv", "2027-01-01,休,元旦\n2027-02-06,班,春节\n".encode())
    preview = staff.post("/calendar/import/", {"upload": upload, "reason": "国办发〔2026〕1号"})
    rows = preview.context["confirm_form"].initial["rows"]
    assert not CalendarDay.objects.filter(day__year=2027).exists()
    done = staff.post("/calendar/import/", {"rows": rows, "reason": "国办发〔2026〕1号"})
    assert done.status_code == 302 and CalendarDay.objects.filter(day__year=2027).count() == 2
    staff.post("/calendar/remove/", {"day": "2025-09-03", "reason": "录入错误"})
    assert not CalendarDay.objects.filter(day=D(2025, 9, 3)).exists()


def test_a_period_counted_back_moves_back_to_the_working_day_before(db):
    """A report due 20 days before a meeting: a last day in the Labour Day holiday moves earlier, not
    later, so the office never has less time than the rule gives."""
    with translation.override("zh-hans"):
        due = deadline_compute(start=dt.date(2024, 5, 24), days=20, before=True, event="meeting")
        assert due.date == dt.date(2024, 4, 30)  # 4 May is inside 1–5 May; 30 April is the last working day
        assert due.explanation.startswith("会议 2024-05-24，前二十日 → 2024-05-04，适逢")
        assert due.explanation.endswith("假期，提前至 2024-04-30")
        assert due.rule == "-20d"
    plain = deadline_compute(start=dt.date(2024, 5, 20), days=20, before=True)
    assert plain.date == dt.date(2024, 4, 30) and plain.parts["rest"] is None  # a working day: not moved
    assert deadline_compute(start=dt.date(2024, 3, 31), months=1, before=True).date == dt.date(2024, 2, 29)
