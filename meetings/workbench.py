"""What waits in meetings: open polls to cast, the next meetings, leave requests and open polls for
the office (congress.workbench)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.contrib import WorkItem
from congress.workbench import day, days_left, listed, section
from meetings import selectors
from meetings.models import LeaveRequest, LeaveStatus, Poll, PollStatus


def _poll_item(p):
    return WorkItem(title=p.question, url=reverse("meetings:poll", args=[p.pk]), note=p.item.meeting.title)


def _meeting_item(m, today):
    note = day(m.date) if m.date != today else str(_("Today"))
    if m.date > today:
        note = "%s · %s" % (day(m.date), days_left(m.date, today)[0])
    return WorkItem(title=m.title, url=reverse("meetings:meeting", args=[m.pk]), note=note, due=m.date)


def entries(user):
    today = timezone.localdate()
    out = []
    if user.has_perm("meetings.take_part"):
        waiting = [p for p in selectors.polls_for_voter(user) if not p.voted]
        out.append(
            listed(
                key="meetings.ballots",
                title=_("Open polls waiting for your vote"),
                rows=waiting,
                item=_poll_item,
                url=reverse("meetings:index"),
                order=1,
            )
        )
        coming = selectors.meetings_visible_to(user).filter(date__gte=today).order_by("date", "pk")
        out.append(
            section(
                key="meetings.coming",
                title=_("Coming meetings"),
                queryset=coming,
                item=lambda m: _meeting_item(m, today),
                url=reverse("meetings:index"),
                order=50,
            )
        )
    if user.has_perm("meetings.manage"):
        polls = Poll.objects.filter(status=PollStatus.OPEN).select_related("item__meeting").order_by("pk")
        out.append(
            section(
                key="meetings.open_polls",
                title=_("Polls open now"),
                queryset=polls,
                item=_poll_item,
                url=reverse("meetings:index"),
                order=51,
            )
        )
        leaves = (
            LeaveRequest.objects.filter(status=LeaveStatus.PENDING)
            .select_related("meeting", "user")
            .order_by("meeting__date", "pk")
        )
        out.append(
            section(
                key="meetings.leaves",
                title=_("Leave requests to decide"),
                queryset=leaves,
                item=lambda r: WorkItem(
                    title="%s：%s" % (r.user.display_name, r.meeting.title),
                    url=reverse("meetings:meeting", args=[r.meeting_id]),
                    note=day(r.meeting.date),
                    due=r.meeting.date,
                ),
                url=reverse("meetings:index"),
                order=52,
            )
        )
    return [s for s in out if s is not None]
