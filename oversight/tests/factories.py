"""Oversight test data built through the services (meetings' for the votes)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services as meetings
from meetings.models import AgendaItem, Meeting
from oversight import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="报告.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def meeting(number=12, date=dt.date(2023, 10, 31), type="standing"):
    return Meeting.objects.create(type=type, title="区十九届人大常委会第%d次会议" % number, date=date)


def heard_report(
    users,
    *,
    title="住房保障工作情况的报告",
    date=dt.date(2023, 10, 31),
    organization=None,
    kind="special",
    item_kind=None,
    at=None,
    published=False,
):
    """A report heard at a new agenda item of a standing-committee meeting on ``date`` (an item of the
    budget kind for a budget adjustment or final accounts, else a report reviewed)."""
    at = at or meeting(date=date)
    item_kind = item_kind or ("budget" if kind in ("budget", "accounts") else "reviewed")
    item = AgendaItem.objects.create(
        meeting=at,
        order=at.items.count() + 1,
        kind=item_kind,
        title="听取和审议" + title,
        opinions="会议审议意见：加大保障力度。",
    )
    return services.report_save(
        actor=users["staff"],
        kind=kind,
        title=title,
        item=item,
        published=published,
        organization=organization or users["unit"].organization,
    )


def decision(
    users,
    *,
    at,
    title="关于批准2022年区级财政决算的决议",
    votes=("Y", "Y", "N"),
    base=None,
    paper=False,
    publish=True,
    mode="named",
):
    """A decision item voted by named voters (the role users), closed and (by default) published."""
    item = AgendaItem.objects.create(
        meeting=at, order=at.items.count() + 1, kind="decision", title=title, text=title + "（全文）"
    )
    voters = [users[r] for r in ("member", "leader", "staff", "admin", "deputy")[: len(votes)]]
    poll = meetings.poll_create(
        agenda_item=item, question="表决：" + title, electorate=voters, base=base, mode=mode, actor=users["staff"]
    )
    poll = meetings.poll_open(poll_id=poll.pk, actor=users["staff"])
    option = poll.options.get()
    if paper:
        meetings.paper_ballots_enter(
            poll_id=poll.pk, voters=voters[:1], counts={option.pk: {votes[0]: 1}}, actor=users["staff"]
        )
        voters, votes = voters[1:], votes[1:]
    for voter, value in zip(voters, votes):
        meetings.ballot_cast(poll_id=poll.pk, voter=voter, choices={option.pk: value})
    meetings.poll_close(poll_id=poll.pk, actor=users["staff"])
    if publish:
        meetings.poll_publish(poll_id=poll.pk, actor=users["staff"])
    return item, poll
