"""Issue 23, the ballot path: the phone voting page of a 25-option secret slate and its ballot POST in
a fixed number of queries, no session write per ballot, one ballot per voter; a cast waiting behind a
close is refused."""

import threading
import time

import pytest
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse

from congress.models import User
from meetings import services
from meetings.models import Ballot, Poll, VoteRecord
from meetings.services import MeetingError
from meetings.tests.factories import meeting_with_item, members, open_poll, opened

pytestmark = pytest.mark.django_db


def _slate(admin, voters):
    meeting, item = meeting_with_item()
    opened(meeting, voters, admin)
    return open_poll(
        item, admin, kind="slate", mode="secret", options=["候选项目%02d" % i for i in range(25)], question="票决"
    )


def test_voting_page_and_ballot_post_of_a_25_option_secret_slate(admin, only_test_members, django_assert_num_queries):
    voters = members(3, prefix="bp")
    poll = _slate(admin, voters)
    client = Client()
    client.force_login(voters[0])
    url = reverse("meetings:poll", args=[poll.pk])
    client.get(url)  # the session's first request records it (SessionGuard), once a minute
    for _ in range(2):  # the option fieldsets rendered, then from the per-poll cache: same page, same queries
        with django_assert_num_queries(2):  # the poll with options, unread count (the user and its permissions: cache)
            page = client.get(url).content.decode()
        assert page.count('type="radio"') == 75 and "候选项目24" in page and 'name="csrfmiddlewaretoken"' in page
    choices = {"o%d" % o.pk: "YNA"[i % 3] for i, o in enumerate(poll.options.all())}
    assert 'name="confirm"' in client.post(url, choices).content.decode()
    assert not VoteRecord.objects.filter(poll=poll).exists()  # nothing cast before the confirmation
    session = client.session.session_key
    # straight to the engine: the poll's state with the voter's standing, the record (the user: cache; no session)
    with django_assert_num_queries(2):
        response = client.post(url, dict(choices, confirm="1"))
    assert response.status_code == 302 and response["Location"] == url + "?cast=1"
    assert client.session.session_key == session and "_messages" not in client.session
    assert "您的票已投出" in client.get(response["Location"]).content.decode()
    with django_assert_num_queries(3):  # a second ballot: the state, the insert that inserts nothing, the check
        again = client.post(url, dict(choices, confirm="1"))
    assert again.status_code == 302 and again["Location"] == url and "_messages" not in client.session
    assert "您已投票" in client.get(url).content.decode()
    assert VoteRecord.objects.filter(poll=poll).count() == 1 and not Ballot.objects.filter(poll=poll).exists()
    assert services._secret_redis().hlen(services._secret_key(poll.pk)) == 1
    with pytest.raises(MeetingError, match="请对每一项表态"):
        services.ballot_cast(poll_id=poll.pk, voter=voters[1], choices={poll.options.first().pk: "Y"})
    assert VoteRecord.objects.filter(poll=poll).count() == 1
    services.poll_close(poll_id=poll.pk, actor=admin)
    result = services.poll_result(Poll.objects.get(pk=poll.pk))
    assert [r["for"] + r["against"] + r["abstain"] for r in result["rows"]] == [1] * 25 and result["missing"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_cast_waiting_behind_a_close_is_refused_and_writes_nothing():
    """Casts take the poll row FOR KEY SHARE only; a close's FOR UPDATE holds them off, and one that
    waited finds the poll closed."""
    from congress import demo

    demo.seed_core()
    admin = [u for u in demo.seed_accounts() if u.username == "admin"][0]
    User.objects.filter(groups__name="member").update(is_active=False)
    voters = members(2, prefix="bq")
    meeting, item = meeting_with_item()
    opened(meeting, voters, admin)
    poll = open_poll(item, admin, mode="secret")
    option = poll.options.get().pk
    services.ballot_cast(poll_id=poll.pk, voter=voters[0], choices={option: "Y"})
    locked, release, outcome = threading.Event(), threading.Event(), []

    def closer():
        try:
            with transaction.atomic():
                services._move(poll.pk, "closed", admin)  # the close's lock (FOR UPDATE) and status change
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    def caster():
        try:
            services.ballot_cast(poll_id=poll.pk, voter=voters[1], choices={option: "N"})
            outcome.append("cast")
        except MeetingError as exc:
            outcome.append(str(exc))
        finally:
            connections.close_all()

    first = threading.Thread(target=closer)
    first.start()
    assert locked.wait(10)
    second = threading.Thread(target=caster)
    second.start()
    time.sleep(0.5)
    assert second.is_alive() and not outcome  # waiting on the poll row
    release.set()
    first.join(10)
    second.join(10)
    assert outcome == ["表决未在进行中。"]
    assert list(VoteRecord.objects.filter(poll=poll).values_list("user_id", flat=True)) == [voters[0].pk]
    assert services._secret_redis().hlen(services._secret_key(poll.pk)) == 1
    services._secret_redis().delete(services._secret_key(poll.pk))


def test_a_confirmed_ballot_the_engine_refuses_takes_the_pages_own_way(admin, only_test_members):
    """A missing choice shows the form's errors, an outsider gets 404 for a poll they may not see, a
    choose poll's checkboxes ("on") count as votes for, and a closed poll says so; nothing is cast."""
    from meetings.models import PollKind

    voters = members(3, prefix="bf")
    poll = _slate(admin, voters)
    url = reverse("meetings:poll", args=[poll.pk])
    client = Client()
    client.force_login(voters[0])
    first = poll.options.first()
    page = client.post(url, {"o%d" % first.pk: "Y", "confirm": "1"})
    assert page.status_code == 200 and "这个字段是必填项" in page.content.decode()  # the form, with its errors
    assert not VoteRecord.objects.filter(poll=poll).exists()
    outsider = Client()
    outsider.force_login(members(1, prefix="bg")[0])
    assert outsider.post(url, {"o%d" % first.pk: "Y", "confirm": "1"}).status_code == 404
    assert outsider.post(reverse("meetings:poll", args=[999999]), {"confirm": "1"}).status_code == 404

    meeting, item = meeting_with_item()
    opened(meeting, voters, admin)
    choose = open_poll(item, admin, kind=PollKind.CHOOSE, max_choices=2, options=["甲", "乙", "丙"], question="选二")
    ids = list(choose.options.values_list("pk", flat=True))
    choose_url = reverse("meetings:poll", args=[choose.pk])
    assert client.post(choose_url, {"o%d" % ids[0]: "on", "o%d" % ids[2]: "on", "confirm": "1"}).status_code == 302
    too_many = {"o%d" % i: "on" for i in ids}
    second = Client()
    second.force_login(voters[1])
    assert "最多" in second.post(choose_url, dict(too_many, confirm="1"), follow=True).content.decode()
    services.poll_close(poll_id=choose.pk, actor=admin)
    result = services.poll_result(Poll.objects.get(pk=choose.pk))
    assert [r["for"] for r in result["rows"]] == [1, 0, 1] and result["voted"] == 1
    closed = second.post(choose_url, {"o%d" % ids[0]: "on", "confirm": "1"}, follow=True).content.decode()
    assert "表决未在进行中" in closed and VoteRecord.objects.filter(poll=choose).count() == 1
