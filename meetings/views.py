from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from congress.crud import Crud
from congress.permissions import require_perm
from meetings import services
from meetings.forms import AgendaItemForm, BallotForm, LeaveForm, MeetingForm, PollForm
from meetings.models import (
    AgendaItem, Attendance, LeaveRequest, Meeting, MeetingType, Poll, PollStatus, PollVoter, Presence, VoteRecord,
)

NAV = [("meetings:meeting_list", gettext_lazy("Meetings")), ("meetings:agendaitem_list", gettext_lazy("Agenda items"))]
_common = {"view_perm": "meetings.view_all", "manage_perm": "meetings.manage",
           "nav_template": "meetings/_manage_nav.html", "extra_context": {"meetings_nav": NAV}}


def _item_actions(request, item):
    return {"poll_form": PollForm(), "item_polls": item.polls.all()}


CRUDS = [
    Crud(model=Meeting, segment="meetings", form_class=MeetingForm, queryset=Meeting.objects.all,
         columns=[("date", gettext_lazy("Date")), ("title", gettext_lazy("Title")),
                  ("get_type_display", gettext_lazy("Type")), ("place", gettext_lazy("Place"))], **_common),
    Crud(model=AgendaItem, segment="items", form_class=AgendaItemForm, detail_template="meetings/_item_polls.html",
         actions=_item_actions, queryset=lambda: AgendaItem.objects.select_related("meeting", "organization"),
         columns=[("meeting", gettext_lazy("Meeting")), ("order", gettext_lazy("Order")),
                  ("get_kind_display", gettext_lazy("Kind")), ("title", gettext_lazy("Title"))], **_common),
]


def _visible_meetings(user):
    if user.has_perm("meetings.view_all"):
        return Meeting.objects.all()
    types = [MeetingType.STANDING] if user.has_role("member") else []
    types += [MeetingType.CONGRESS] if user.has_role("deputy") else []
    return Meeting.objects.filter(Q(attendance__user=user) | Q(type__in=types)).distinct()


@require_perm("meetings.take_part")
def index(request):
    """My meetings: upcoming first, then past; staff and leaders see all."""
    page = Paginator(_visible_meetings(request.user).order_by("-date", "-pk"), 25).get_page(request.GET.get("page"))
    return render(request, "meetings/index.html", {"page_obj": page})


@require_perm("meetings.take_part")
@require_http_methods(["GET", "POST"])
def meeting(request, pk):
    m = get_object_or_404(_visible_meetings(request.user), pk=pk)
    leave_form = LeaveForm(request.POST or None)
    if request.method == "POST" and leave_form.is_valid():
        try:
            services.leave_request_file(meeting=m, user=request.user, reason=leave_form.cleaned_data["reason"])
            messages.success(request, _("Your leave request was sent."))
            return redirect("meetings:meeting", pk=m.pk)
        except services.MeetingError as exc:
            leave_form.add_error(None, str(exc))
    staff = request.user.has_perm("meetings.manage")
    return render(request, "meetings/meeting.html", {
        "meeting": m, "items": m.items.prefetch_related("polls"), "quorum": services.quorum(m),
        "attendance": m.attendance.select_related("user") if staff else None,
        "leaves": m.leave_requests.select_related("user") if staff else m.leave_requests.filter(user=request.user),
        "leave_form": leave_form if m.date > timezone.localdate() else None, "staff": staff})


@require_perm("meetings.manage")
@require_POST
def meeting_open(request, pk):
    try:
        services.meeting_open(meeting_id=get_object_or_404(Meeting, pk=pk).pk, actor=request.user)
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    return redirect("meetings:meeting", pk=pk)


@require_perm("meetings.manage")
@require_POST
def attendance(request, pk, user_id):
    row = get_object_or_404(Attendance, meeting_id=pk, user_id=user_id)
    presence = request.POST.get("presence", "")
    if presence not in (Presence.PRESENT, Presence.ABSENT):
        messages.error(request, _("That attendance change is not possible."))
    else:
        try:
            services.attendance_mark(meeting_id=row.meeting_id, user_id=row.user_id, presence=presence,
                                     actor=request.user)
        except services.MeetingError as exc:
            messages.error(request, str(exc))
    return redirect("meetings:meeting", pk=pk)


@require_perm("meetings.manage")
@require_POST
def leave_decide(request, pk):
    leave = get_object_or_404(LeaveRequest, pk=pk)
    try:
        services.leave_decide(request_id=leave.pk, approve=request.POST.get("approve") == "1", actor=request.user)
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    return redirect("meetings:meeting", pk=leave.meeting_id)


@require_perm("meetings.manage")
@require_POST
def poll_new(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    form = PollForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            poll = services.poll_create(item=item, question=d["question"], kind=d["kind"], mode=d["mode"], rule=d["rule"],
                                        options=d["options"].splitlines(), max_choices=d["max_choices"],
                                        actor=request.user)
            return redirect("meetings:poll", pk=poll.pk)
        except services.MeetingError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(item.get_absolute_url())


@require_perm("meetings.take_part")
@require_http_methods(["GET", "POST"])
def poll(request, pk):
    p = get_object_or_404(Poll.objects.select_related("item__meeting"), pk=pk)
    staff = request.user.has_perm("meetings.manage")
    entitled = PollVoter.objects.filter(poll=p, user=request.user).exists()
    if not (staff or entitled or request.user.has_perm("meetings.view_all") or p.status == PollStatus.PUBLISHED):
        raise Http404
    voted = VoteRecord.objects.filter(poll=p, user=request.user).exists()
    form = BallotForm(request.POST or None, poll=p) if entitled and not voted and p.status == PollStatus.OPEN else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("已投票") if voted else _("This poll is not open."))
            return redirect("meetings:poll", pk=p.pk)
        if form.is_valid():
            try:
                services.ballot_cast(poll_id=p.pk, voter=request.user, choices=form.choices())
                messages.success(request, _("Your vote is cast."))
            except services.MeetingError as exc:
                messages.error(request, str(exc))
            return redirect("meetings:poll", pk=p.pk)
    show = staff or p.status == PollStatus.PUBLISHED
    return render(request, "meetings/poll.html", {"poll": p, "form": form, "voted": voted, "staff": staff,
                                                  "result": services.poll_result(p) if show else None})


@require_perm("meetings.view_all")
def poll_live(request, pk):
    """The live result (refreshed by htmx on the chair's page and the projector page)."""
    p = get_object_or_404(Poll.objects.select_related("item__meeting"), pk=pk)
    template = "meetings/projector.html" if request.GET.get("projector") else "meetings/_result.html"
    return render(request, template, {"poll": p, "result": services.poll_result(p)})


@require_perm("meetings.manage")
@require_POST
def poll_move(request, pk, action):
    call = {"open": services.poll_open, "close": services.poll_close, "publish": services.poll_publish}.get(action)
    if call is None:
        raise Http404
    try:
        call(poll_id=get_object_or_404(Poll, pk=pk).pk, actor=request.user)
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    return redirect("meetings:poll", pk=pk)
