"""Meeting pages: bind a form, call one service or selector, render or redirect."""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress.crud import Crud
from congress.exports import csv_writer
from congress.filters import year_filterset
from congress.forms import form_errors_text
from congress.permissions import require_perm
from meetings import selectors, services
from meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    AttendeeForm,
    BallotForm,
    LeaveForm,
    MeetingForm,
    PaperForm,
    PollForm,
    TieForm,
)
from meetings.models import AgendaItem, Attendance, LeaveRequest, Meeting, Poll, PollOption, PollStatus, Value

NAV = [
    ("meetings:meeting_list", gettext_lazy("Meetings")),
    ("meetings:agendaitem_list", gettext_lazy("Agenda items")),
    ("meetings:attendance_list", gettext_lazy("Attendance")),
]
_common = {
    "view_perm": "meetings.view_all",
    "manage_perm": "meetings.manage",
    "nav_template": "meetings/_manage_nav.html",
    "extra_context": {"meetings_nav": NAV},
}


def _item_actions(request, item):
    return {"poll_form": PollForm(), "item_polls": item.polls.all()}


CRUDS = [
    Crud(
        model=Meeting,
        segment="meetings",
        form_class=MeetingForm,
        queryset=selectors.meeting_list,
        filterset_class=year_filterset(Meeting, "date", ["type"]),
        columns=[
            ("date", gettext_lazy("Date")),
            ("title", gettext_lazy("Title")),
            ("get_type_display", gettext_lazy("Type")),
            ("place", gettext_lazy("Place")),
        ],
        **_common,
    ),
    Crud(
        model=AgendaItem,
        segment="items",
        form_class=AgendaItemForm,
        detail_template="meetings/_item_polls.html",
        actions=_item_actions,
        queryset=selectors.agenda_item_list,
        columns=[
            ("meeting", gettext_lazy("Meeting")),
            ("order", gettext_lazy("Order")),
            ("get_kind_display", gettext_lazy("Kind")),
            ("title", gettext_lazy("Title")),
        ],
        **_common,
    ),
    Crud(
        model=Attendance,
        segment="attendance",
        form_class=AttendanceForm,
        queryset=selectors.attendance_list,
        columns=[
            ("meeting", gettext_lazy("Meeting")),
            ("person_name", gettext_lazy("Person")),
            ("get_presence_display", gettext_lazy("Presence")),
            ("non_voting", gettext_lazy("Without vote")),
        ],
        **_common,
    ),
]


@require_perm("meetings.take_part")
@require_GET
def index(request):
    """My meetings (newest first) and the open polls I may vote in; staff and leaders see all meetings."""
    page = Paginator(selectors.meetings_visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "meetings/index.html", {"page_obj": page, "polls": selectors.polls_for_voter(request.user)})


def _meeting_for(request, pk) -> Meeting:
    return get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)


@require_perm("meetings.take_part")
@require_http_methods(["GET", "POST"])
def meeting(request, pk):
    m = _meeting_for(request, pk)
    can_ask = m.date > timezone.localdate() and not m.opened_at and selectors.expected_at(meeting=m, user=request.user)
    leave_form = LeaveForm(request.POST or None) if can_ask else None
    if request.method == "POST":
        if leave_form is None:
            messages.error(request, _("Leave must be asked for before the day of the meeting."))
            return redirect("meetings:meeting", pk=m.pk)
        if leave_form.is_valid():
            try:
                services.leave_request_file(meeting=m, user=request.user, reason=leave_form.cleaned_data["reason"])
                messages.success(request, _("Your leave request was sent."))
                return redirect("meetings:meeting", pk=m.pk)
            except services.MeetingError as exc:
                leave_form.add_error(None, str(exc))
    return render(
        request,
        "meetings/meeting.html",
        dict(
            selectors.meeting_detail(meeting=m, user=request.user),
            leave_form=leave_form,
            attendee_form=AttendeeForm() if request.user.has_perm("meetings.manage") else None,
        ),
    )


@require_perm("meetings.take_part")
@require_GET
def meeting_quorum(request, pk):
    """The live quorum line, refreshed by htmx."""
    m = _meeting_for(request, pk)
    return render(request, "meetings/_quorum.html", {"meeting": m, "quorum": services.quorum(m)})


@require_perm("meetings.take_part")
@require_GET
def minutes_pdf(request, pk):
    """The minutes (纪要) with agenda, attendance and vote results as PDF (Noto CJK fonts)."""
    from congress.pdf import pdf_response, render_pdf

    m = _meeting_for(request, pk)
    content = render_pdf("meetings/minutes_pdf.html", selectors.minutes(meeting=m), request)
    return pdf_response(content, "minutes-%d.pdf" % m.pk)


@require_perm("meetings.manage")
@require_POST
def meeting_open(request, pk):
    try:
        services.meeting_open(meeting_id=get_object_or_404(Meeting, pk=pk).pk, actor=request.user)
        messages.success(request, _("The meeting is open; the members expected are frozen."))
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    return redirect("meetings:meeting", pk=pk)


@require_perm("meetings.manage")
@require_POST
def attendance(request, pk, user_id):
    row = get_object_or_404(Attendance, meeting_id=pk, user_id=user_id)
    try:
        services.attendance_mark(
            meeting_id=row.meeting_id,
            user_id=row.user_id,
            presence=request.POST.get("presence", ""),
            actor=request.user,
        )
    except services.MeetingError as exc:
        messages.error(request, str(exc))
    return redirect("meetings:meeting", pk=pk)


@require_perm("meetings.manage")
@require_POST
def attendee_add(request, pk):
    m = get_object_or_404(Meeting, pk=pk)
    form = AttendeeForm(request.POST)
    if form.is_valid():
        try:
            services.attendee_add(meeting_id=m.pk, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The attendee is recorded."))
        except services.MeetingError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("meetings:meeting", pk=m.pk)


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
            poll = services.poll_create(
                agenda_item=item,
                question=d["question"],
                kind=d["kind"],
                mode=d["mode"],
                rule=d["rule"],
                threshold=d["threshold"],
                electorate=d["electorate"],
                base=d["base"],
                options=d["options"].splitlines(),
                max_choices=d["max_choices"],
                actor=request.user,
            )
            return redirect("meetings:poll", pk=poll.pk)
        except services.MeetingError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, form_errors_text(form))
    return redirect(item.get_absolute_url())


def _poll_for(request, pk) -> tuple[Poll, dict]:
    """Return the poll and the user's standing in it; 404 alike for missing and not visible."""
    found = selectors.poll_for_user(poll_id=pk, user=request.user)
    if found is None:
        raise Http404
    return found


@functools.lru_cache(maxsize=256)
def _ballot_fields(poll_id: int, kind: str, language: str, options: tuple[tuple[int, str], ...]) -> str:
    """The unbound option fieldsets of a poll, rendered once per poll, language and options (the key
    holds the options themselves, so a changed poll never meets a stale entry); nothing in them is
    the voter's (the CSRF token is outside)."""
    stub = Poll(pk=poll_id, kind=kind)
    form = BallotForm(poll=stub, options=[PollOption(pk=pk, label=label) for pk, label in options])
    return render_to_string(
        "meetings/_ballot_fields.html", {"form": form, "poll": stub, "value_choices": stub.value_choices()}
    )


def _confirmed_cast(request, pk):
    """A confirmed ballot goes straight to the engine: ``ballot_cast`` itself checks the poll's state,
    the voter's entitlement and the choices (two queries), so the page's own reads are not needed on
    the busiest request of a sitting. A second ballot goes back to the page, which shows the voter has
    voted; anything else it refuses (not open, not entitled, a missing or malformed choice, no such
    poll) returns None and takes the page's full way, which says why (or answers 404 for a poll the
    user may not see)."""
    choices = {}
    for name, value in request.POST.items():
        if name.startswith("o") and name[1:].isdigit() and len(name) < 20:
            choices[int(name[1:])] = Value.FOR if value == "on" else value  # "on": a choose poll's checkbox
    try:
        services.ballot_cast(poll_id=int(pk), voter=request.user, choices=choices)
    except services.AlreadyVoted:  # a second tap or tab: the page itself says "您已投票" (no session write)
        return redirect("meetings:poll", pk=pk)
    except (services.MeetingError, Poll.DoesNotExist):
        return None
    # Said by the page, not by a flash message: a message would write the session per ballot.
    return redirect(reverse("meetings:poll", args=[pk]) + "?cast=1")


@require_perm("meetings.take_part")
@require_http_methods(["GET", "POST"])
def poll(request, pk):
    """The voting page (a phone first): large buttons, a confirmation step, no JavaScript needed.
    Staff see the chair's controls and the live result."""
    if request.method == "POST" and request.POST.get("confirm") == "1":
        cast = _confirmed_cast(request, pk)
        if cast is not None:
            return cast
    p, me = _poll_for(request, pk)
    options = list(p.options.all())
    can_vote = me["entitled"] and not me["voted"] and p.status == PollStatus.OPEN
    # The unbound ballot is the cached fieldsets below: a form is built only for a posted ballot.
    form = BallotForm(request.POST, poll=p, options=options) if can_vote and request.method == "POST" else None
    if request.method == "POST":
        if form is None:
            messages.error(
                request,
                _("已投票")
                if me["voted"]
                else _("This poll is not open.")
                if me["entitled"]
                else _("You are not entitled to vote in this poll."),
            )
            return redirect("meetings:poll", pk=p.pk)
        if form.is_valid():
            if request.POST.get("confirm") != "1":
                return render(request, "meetings/poll_confirm.html", {"poll": p, "form": form})
            try:
                services.ballot_cast(poll_id=p.pk, voter=request.user, choices=form.choices())
            except services.MeetingError as exc:
                messages.error(request, str(exc))
                return redirect("meetings:poll", pk=p.pk)
            # Said by the page, not by a flash message: a message would write the session per ballot.
            return redirect(reverse("meetings:poll", args=[p.pk]) + "?cast=1")
    fields_html = None
    if can_vote and form is None:
        key = tuple((o.pk, o.label) for o in options)
        fields_html = _ballot_fields(p.pk, p.kind, get_language(), key)
    show = me["staff"] or me["overseer"] or p.status == PollStatus.PUBLISHED
    result = services.poll_result(p) if show else None
    chair = me["staff"] and p.status in (PollStatus.CREATED, PollStatus.OPEN)
    tie = result and result["tie"]
    return render(
        request,
        "meetings/poll.html",
        {
            "poll": p,
            "form": form,
            "fields_html": fields_html,
            "voted": me["voted"],
            "cast": me["voted"] and request.GET.get("cast") == "1",
            "staff": me["staff"],
            "entitled": me["entitled"],
            "result": result,
            "live": me["overseer"],
            "value_choices": p.value_choices(),
            "missing": services.missing(p.item.meeting) if chair else None,
            "quorum": services.quorum(p.item.meeting) if chair else None,
            "tie_form": TieForm(tie=tie) if me["staff"] and tie and not tie["resolved"] else None,
        },
    )


@require_perm("meetings.manage")
@require_POST
def poll_tie(request, pk):
    """The chair records how a tie at the cut was settled (order of the tied options and how)."""
    p = get_object_or_404(Poll, pk=pk)
    tie = services.poll_result(p)["tie"] if p.status in (PollStatus.CLOSED, PollStatus.PUBLISHED) else None
    if tie is None or tie["resolved"]:
        messages.error(request, _("There is no tie at the cut to settle."))
        return redirect("meetings:poll", pk=p.pk)
    form = TieForm(request.POST, tie=tie)
    if form.is_valid():
        try:
            services.poll_break_tie(
                poll_id=p.pk, order=form.order(), reason=form.cleaned_data["reason"], actor=request.user
            )
            messages.success(request, _("The tie decision is recorded."))
        except services.MeetingError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("meetings:poll", pk=p.pk)


@require_perm("meetings.view_all")
@require_GET
def poll_live(request, pk):
    """The live result fragment, refreshed by htmx on the chair's page and the projector page."""
    p = get_object_or_404(Poll.objects.select_related("item__meeting"), pk=pk)
    return render(request, "meetings/_result.html", {"poll": p, "result": services.poll_result(p)})


@require_perm("meetings.view_all")
@require_GET
def poll_projector(request, pk):
    """Full-screen result for the hall's projector: counts only, never who voted what."""
    p = get_object_or_404(Poll.objects.select_related("item__meeting"), pk=pk)
    return render(request, "meetings/projector.html", {"poll": p, "result": services.poll_result(p)})


@require_perm("meetings.view_all")
@require_GET
def poll_export(request, pk):
    """The result as CSV: counts per option; for a named poll also who voted what."""
    p = get_object_or_404(Poll.objects.select_related("item__meeting"), pk=pk)
    result = services.poll_result(p)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="poll-%d.csv"' % p.pk
    response.write("\ufeff")
    out = csv_writer(response)  # formula-like text behind an apostrophe (congress/exports.py)
    out.writerow([p.question, p.get_mode_display(), p.get_rule_display(), p.get_threshold_display()])
    out.writerow([_("Rank"), _("Option"), *result["labels"], _("Base"), _("Result")])
    for r in result["rows"]:
        verdict = _("Tied, to be decided") if r["pending"] else _("passed") if r["passed"] else _("not passed")
        out.writerow([r["rank"], r["option"].label, *r["counts"], r["base"], verdict])
    out.writerow([_("Voted"), result["voted"], _("of which on paper"), result["paper"]])
    out.writerow([_("Adopted"), result["adopted"], _("Options"), result["total"]])
    tie = result["tie"]
    if tie:
        out.writerow(
            [
                _("Tie at the cut"),
                "、".join(o.label for o in tie["options"]),
                _("Places"),
                tie["places"],
                _("Votes for"),
                tie["votes"],
            ]
        )
        if tie["resolved"]:
            d = tie["decision"]
            out.writerow(
                [
                    _("Tie settled"),
                    d.reason,
                    d.decided_by.display_name,
                    timezone.localtime(d.decided_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
        else:
            out.writerow([_("Tie settled"), _("Not yet")])
    if not p.secret:
        out.writerow([])
        out.writerow([_("Voter"), _("On paper"), _("Choices")])
        for row in services.poll_named_list(p):
            out.writerow(
                [
                    row["voter"].display_name,
                    _("yes") if row["paper"] else "",
                    "；".join("%s：%s" % pair for pair in row["choices"]),
                ]
            )
    return response


@require_perm("meetings.manage")
@require_http_methods(["GET", "POST"])
def poll_paper(request, pk):
    """Tellers enter counted paper ballots for a mixed session."""
    p = get_object_or_404(Poll.objects.select_related("item__meeting"), pk=pk)
    form = PaperForm(request.POST or None, poll=p, options=list(p.options.all()), voters=selectors.paper_voters(p))
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_ballots_enter(
                poll_id=p.pk, voters=form.cleaned_data["voters"], counts=form.counts(), actor=request.user
            )
            messages.success(request, _("The paper ballots are added to the tally."))
            return redirect("meetings:poll", pk=p.pk)
        except services.MeetingError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "meetings/poll_paper.html",
        {"poll": p, "form": form, "counts": p.paper_counts.select_related("entered_by")},
    )


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
