"""Meeting pages through the test client: voting with confirmation, the second post, leave, paper
ballots, exports, minutes PDF; query counts at 10 and 1,000 ballots."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse

from congress.models import User
from meetings import services
from meetings.models import Ballot, LeaveRequest, Meeting, Poll, PollStatus, PollVoter, VoteRecord
from meetings.tests.factories import matrix_objects, meeting_with_item, open_poll, opened

pytestmark = pytest.mark.django_db


def test_member_votes_with_a_confirmation_and_a_second_post_says_already_voted(client_as, role_users):
    o = matrix_objects(role_users)
    poll, client = o["poll"], client_as("member")
    url = reverse("meetings:poll", args=[poll.pk])
    field = "o%d" % poll.options.get().pk
    assert "核对" in client.get(url).content.decode() or client.get(url).status_code == 200
    confirm = client.post(url, {field: "Y"})
    assert confirm.status_code == 200 and 'name="confirm"' in confirm.content.decode()
    assert not VoteRecord.objects.exists()  # nothing cast before the confirmation
    client.post(url, {field: "Y", "confirm": "1"})
    again = client.post(url, {field: "N", "confirm": "1"}, follow=True)
    assert "已投票" in again.content.decode()
    result = services.poll_result(Poll.objects.get(pk=poll.pk))["rows"][0]
    assert (result["for"], result["against"]) == (1, 0)
    assert client.get(reverse("meetings:index")).status_code == 200


def test_rating_poll_page_offers_satisfaction_and_exports_its_labels(client_as, role_users):
    o = matrix_objects(role_users)
    poll = services.poll_create(
        agenda_item=o["poll"].item,
        question="年度民生实事项目满意度测评",
        kind="rating",
        options=["项目甲"],
        electorate=[role_users["member"]],
        actor=role_users["admin"],
    )
    services.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    client, url = client_as("member"), reverse("meetings:poll", args=[poll.pk])
    page = client.get(url).content.decode()
    assert "基本满意" in page and "反对" not in page
    field = "o%d" % poll.options.get().pk
    assert "基本满意" in client.post(url, {field: "A"}).content.decode()  # the confirmation step names it
    client.post(url, {field: "A", "confirm": "1"})
    services.poll_close(poll_id=poll.pk, actor=role_users["admin"])
    csv = client_as("staff").get(reverse("meetings:poll_export", args=[poll.pk])).content.decode("utf-8-sig")
    assert "满意,基本满意,不满意" in csv and "项目甲,0,1,0" in csv


def test_junk_choice_is_rejected_and_writes_nothing(client_as, role_users):
    o = matrix_objects(role_users)
    poll = o["poll"]
    response = client_as("member").post(
        reverse("meetings:poll", args=[poll.pk]), {"o%d" % poll.options.get().pk: "X", "confirm": "1"}
    )
    assert response.status_code == 200 and not VoteRecord.objects.exists()


def test_results_hidden_from_voters_until_published(client_as, role_users):
    o = matrix_objects(role_users)
    poll = o["poll"]
    url = reverse("meetings:poll", args=[poll.pk])
    assert 'data-testid="poll-result"' not in client_as("member").get(url).content.decode()
    assert 'data-testid="poll-result"' in client_as("leader").get(url).content.decode()
    services.poll_close(poll_id=poll.pk, actor=role_users["admin"])
    services.poll_publish(poll_id=poll.pk, actor=role_users["admin"])
    assert 'data-testid="poll-result"' in client_as("member").get(url).content.decode()
    assert client_as("deputy").get(url).status_code == 404  # a standing-committee meeting's poll


def test_chair_opens_closes_publishes_and_an_illegal_move_is_a_message(client_as, role_users):
    o = matrix_objects(role_users)
    poll, staff = o["poll"], client_as("staff")
    staff.post(reverse("meetings:poll_move", args=[poll.pk, "close"]))
    response = staff.post(reverse("meetings:poll_move", args=[poll.pk, "close"]), follow=True)
    assert "不能" in response.content.decode()
    staff.post(reverse("meetings:poll_move", args=[poll.pk, "publish"]))
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.PUBLISHED


def test_leave_request_from_the_meeting_page(client_as, role_users):
    o = matrix_objects(role_users)
    url = reverse("meetings:meeting", args=[o["meeting"].pk])
    leader = client_as("leader")
    assert "请假" in leader.get(url).content.decode()
    leader.post(url, {"reason": "外出学习"})
    assert LeaveRequest.objects.filter(user=role_users["leader"], status="pending").exists()
    client_as("staff").post(reverse("meetings:leave_decide", args=[o["leave"].pk]), {"approve": "1"})
    assert LeaveRequest.objects.get(pk=o["leave"].pk).status == "approved"
    opened_url = reverse("meetings:meeting", args=[o["open_meeting"].pk])
    late = leader.post(opened_url, {"reason": "临时有事"}, follow=True)
    assert "会议当天之前" in late.content.decode()
    assert LeaveRequest.objects.filter(user=role_users["leader"]).count() == 1


def test_paper_ballots_page_and_exports(client_as, role_users):
    o = matrix_objects(role_users)
    poll, staff = o["poll"], client_as("staff")
    option = poll.options.get()
    page = staff.get(reverse("meetings:poll_paper", args=[poll.pk]))
    assert page.status_code == 200
    staff.post(
        reverse("meetings:poll_paper", args=[poll.pk]),
        {"voters": [role_users["leader"].pk], "c%d_Y" % option.pk: 1, "c%d_N" % option.pk: 0, "c%d_A" % option.pk: 0},
    )
    assert VoteRecord.objects.get(user=role_users["leader"]).paper
    csv = staff.get(reverse("meetings:poll_export", args=[poll.pk])).content.decode("utf-8-sig")
    assert poll.question in csv and "李建国" in csv  # a named poll lists its voters


def test_minutes_pdf_has_chinese_text_in_a_cjk_font(client_as, role_users):
    from pypdf import PdfReader

    o = matrix_objects(role_users)
    poll = o["poll"]
    services.ballot_cast(poll_id=poll.pk, voter=role_users["member"], choices={poll.options.get().pk: "Y"})
    services.poll_close(poll_id=poll.pk, actor=role_users["admin"])
    response = client_as("member").get(reverse("meetings:minutes_pdf", args=[o["open_meeting"].pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    assert "区十九届人大常委会第三十一次会议" in text and "王某" in text and "张志强" in text
    fonts = {f for page in reader.pages for f in (page.get("/Resources", {}).get("/Font") or {}).values()}
    assert any("CJK" in str(font.get_object().get("/BaseFont")) for font in fonts)


def _poll_with_ballots(n, admin, secret=False):
    """A poll with ``n`` ballots, written in bulk (the rules are tested through the services)."""
    meeting, item = meeting_with_item()
    opened(meeting, list(User.objects.filter(groups__name="member", is_active=True)), admin)
    poll = open_poll(item, admin, mode="secret" if secret else "named")
    option = poll.options.get().pk
    users = User.objects.bulk_create([User(username="bulk%05d" % i, full_name="委员%05d" % i) for i in range(n)])
    PollVoter.objects.bulk_create([PollVoter(poll=poll, user=u) for u in users])
    VoteRecord.objects.bulk_create([VoteRecord(poll=poll, user=u) for u in users])
    Ballot.objects.bulk_create(
        [
            Ballot(poll=poll, voter=None if secret else u, choices={str(option): "YNA"[i % 3]})
            for i, u in enumerate(users)
        ]
    )
    Poll.objects.filter(pk=poll.pk).update(present=n + 1, base=n + 1)
    return poll


@pytest.mark.parametrize("n", [10, 1000])
def test_query_counts_do_not_grow_with_ballots(n, client_as, role_users, django_assert_num_queries):
    poll = _poll_with_ballots(n, role_users["admin"])
    staff, member = client_as("staff"), client_as("member")
    with django_assert_num_queries(13):
        assert staff.get(reverse("meetings:poll", args=[poll.pk])).status_code == 200
    with django_assert_num_queries(6):
        assert staff.get(reverse("meetings:poll_live", args=[poll.pk])).status_code == 200
    with django_assert_num_queries(6):
        assert staff.get(reverse("meetings:poll_projector", args=[poll.pk])).status_code == 200
    with django_assert_num_queries(8):  # the voting page of an entitled member
        assert member.get(reverse("meetings:poll", args=[poll.pk])).status_code == 200
    with django_assert_num_queries(4):
        assert member.get(reverse("meetings:index")).status_code == 200
    with django_assert_num_queries(7):
        assert staff.get(reverse("meetings:meeting", args=[poll.item.meeting_id])).status_code == 200
    with django_assert_num_queries(7):
        assert staff.get(reverse("meetings:poll_export", args=[poll.pk])).status_code == 200


@pytest.mark.parametrize("n", [10, 60])
def test_list_pages_query_counts(n, client_as, role_users, django_assert_num_queries):
    for i in range(n):
        m = Meeting.objects.create(type="standing", title="会议%d" % i, date=dt.date(2023, 1, 1) + dt.timedelta(days=i))
        services.attendee_add(meeting_id=m.pk, actor=role_users["admin"], name="官员%d" % i)
    staff = client_as("staff")
    pages = {
        "meetings:meeting_list": 9,
        "meetings:agendaitem_list": 2,
        "meetings:attendance_list": 3,
        "meetings:index": 4,
    }
    for name, queries in pages.items():
        with django_assert_num_queries(queries, info=name):
            assert staff.get(reverse(name)).status_code == 200
